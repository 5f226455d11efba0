"""The in-process digest job: a small asyncio loop that runs the day's digest once its window opens.

It looks at the clock every `poll` seconds (default a minute) rather than sleeping until 09:00, so a
suspended machine, a clock change or a late start all end the same way: the next look inside the
window sends the day's digest (catch-up), and the register's claim stops a second one. After a run it
remembers the day, so the register is not asked again until tomorrow; unless a digest failed (its
claim given back, or its claim's answer lost) or another runner holds a claim it has not settled (it
may have died: its lease runs out), in which case the next look tries again and only those channels
are sent to.

`digest_job_context(...)` is an aiohttp cleanup context: `app.cleanup_ctx.append(...)` starts the job
with the application and cancels it on shutdown. Given no register, it uses the application's own
(`app.REGISTER_KEY`), which `create_app` opens before any context appended after it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, date, datetime

from aiohttp import web

from policy.pack import PolicyPack
from register.base import Register
from reminders.config import DigestConfig
from reminders.schedule import check_send_time, decide
from reminders.sender import DigestRun, RetryPolicy, RunReport
from settings import Settings

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]
Sleep = Callable[[float], Awaitable[None]]
DEFAULT_POLL_SECONDS = 60.0


def utc_now() -> datetime:
    return datetime.now(UTC)


class DigestJob:
    """Runs `run_once(now)` at most once per day, inside the day's sending window."""

    def __init__(
        self,
        run_once: Callable[[datetime], Awaitable[RunReport]],
        pack: PolicyPack,
        config: DigestConfig,
        *,
        clock: Clock = utc_now,
        sleep: Sleep = asyncio.sleep,
        poll: float = DEFAULT_POLL_SECONDS,
    ) -> None:
        check_send_time(config.send_time, pack)
        self._run_once = run_once
        self._pack = pack
        self._config = config
        self._clock = clock
        self._sleep = sleep
        self._poll = poll
        self.done_day: date | None = None
        self.reports: list[RunReport] = []

    async def tick(self) -> RunReport | None:
        """Look at the clock once; run the digest if its window is open and today's has not run here."""
        now = self._clock()
        decision = decide(now, self._pack, self._config.send_time)
        if not decision.send or decision.day == self.done_day:
            return None
        try:
            report = await self._run_once(now)
        except Exception:
            # The register or the network failed before any claim was settled: try again next tick.
            log.exception("the daily digest run failed; it will be tried again")
            return None
        self.reports.append(report)
        if report.unfinished:
            # A failed digest's claim was given back (or is this runner's own to take again), and a
            # claim another runner has not settled may run out: the next tick looks again.
            log.warning(
                "the daily digest for %s is not finished for some channels; it will be tried again",
                decision.day,
            )
        else:
            self.done_day = decision.day
        log.info(
            "daily digest for %s: %d sent, %d already sent elsewhere, %d gone, %d failed",
            decision.day,
            report.count("sent"),
            report.count("already_sent"),
            report.count("gone"),
            report.count("failed"),
        )
        return report

    async def run_forever(self) -> None:
        while True:
            await self.tick()
            await self._sleep(self._poll)


def digest_job_context(
    register: Register | None,
    pack: PolicyPack,
    settings: Settings,
    *,
    config: DigestConfig | None = None,
    clock: Clock = utc_now,
    sleep: Sleep = asyncio.sleep,
    poll: float = DEFAULT_POLL_SECONDS,
    retry: RetryPolicy | None = None,
) -> Callable[[web.Application], AsyncIterator[None]]:
    """An aiohttp cleanup context running the digest job beside the bot, through the app's own adapter.

    The settings are checked here, before the application starts: `DigestConfigError` for a bad
    setting, `ValueError` for a send time outside monitored hours.
    """
    chosen = config if config is not None else DigestConfig.from_env()
    check_send_time(chosen.send_time, pack)

    async def context(app: web.Application) -> AsyncIterator[None]:
        # Imported here: app.py imports this module's caller, and the adapter exists only once built.
        from app import ADAPTER_KEY, REGISTER_KEY
        from dialogs.proactive import adapter_delivery

        deliver = adapter_delivery(app[ADAPTER_KEY], settings.app_id)
        used = register if register is not None else app[REGISTER_KEY]
        digest = DigestRun(used, pack, chosen, deliver, retry=retry)

        async def run_once(now: datetime) -> RunReport:
            return await digest.run(now)

        job = DigestJob(run_once, pack, chosen, clock=clock, sleep=sleep, poll=poll)
        task = asyncio.create_task(job.run_forever(), name="socialdesk-digest")
        log.info("daily digest job started (send time %s)", chosen.send_time.strftime("%H:%M"))
        try:
            yield
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    return context

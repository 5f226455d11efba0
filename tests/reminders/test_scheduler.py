"""The in-process digest job, driven by a clock the test moves, and its aiohttp start-up hook."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from app import create_app
from policy.pack import PolicyPack
from register.tinydb_store import TinyDBRegister
from reminders.config import DigestConfig
from reminders.schedule import decide
from reminders.scheduler import DigestJob
from reminders.sender import Outcome, OutcomeKind, RunReport
from settings import Settings
from tests.support.connector import Connector
from tests.support.digest_run import run_until_posted, subscribe_with_a_late_block

LONDON = ZoneInfo("Europe/London")


@dataclass
class Clock:
    now: datetime

    def __call__(self) -> datetime:
        return self.now


def recorder(pack: PolicyPack) -> tuple[list[datetime], object]:
    runs: list[datetime] = []

    async def run_once(now: datetime) -> RunReport:
        runs.append(now)
        return RunReport(now, decide(now, pack))

    return runs, run_once


async def test_the_job_runs_once_a_day_in_the_window_through_a_week_with_christmas(pack: PolicyPack) -> None:
    clock = Clock(datetime(2026, 12, 21, 0, 0, tzinfo=LONDON))
    runs, run_once = recorder(pack)
    job = DigestJob(run_once, pack, DigestConfig(), clock=clock)  # type: ignore[arg-type]
    # Every 15 minutes from Monday 21 to Thursday 31 December.
    while clock.now < datetime(2026, 12, 31, 23, 59, tzinfo=LONDON):
        await job.tick()
        clock.now += timedelta(minutes=15)
    assert [(r.day, r.hour, r.minute) for r in runs] == [(d, 9, 0) for d in (21, 22, 23, 24, 29, 30, 31)]


async def test_a_late_start_catches_up_and_a_failed_run_is_tried_again(pack: PolicyPack) -> None:
    clock = Clock(datetime(2026, 12, 22, 13, 7, tzinfo=LONDON))
    attempts: list[datetime] = []

    async def flaky_run(now: datetime) -> RunReport:
        attempts.append(now)
        if len(attempts) == 1:
            raise OSError("register unavailable")
        return RunReport(now, decide(now, pack))

    job = DigestJob(flaky_run, pack, DigestConfig(), clock=clock)
    assert await job.tick() is None  # failed: not marked done
    clock.now += timedelta(minutes=1)
    assert await job.tick() is not None
    clock.now += timedelta(minutes=1)
    assert await job.tick() is None  # done for the day
    assert (len(attempts), job.done_day) == (2, date(2026, 12, 22))


async def test_a_run_with_a_failed_digest_is_tried_again_at_the_next_look(pack: PolicyPack) -> None:
    clock = Clock(datetime(2026, 12, 22, 9, 0, tzinfo=LONDON))
    kinds: list[OutcomeKind] = ["failed", "sent"]
    attempts: list[datetime] = []

    async def run_once(now: datetime) -> RunReport:
        attempts.append(now)
        return RunReport(now, decide(now, pack), (Outcome("19:comms", kinds.pop(0), 1),))

    job = DigestJob(run_once, pack, DigestConfig(), clock=clock)
    assert await job.tick() is not None and job.done_day is None  # its claim was given back
    clock.now += timedelta(minutes=1)
    assert await job.tick() is not None and job.done_day == date(2026, 12, 22)
    clock.now += timedelta(minutes=1)
    assert await job.tick() is None
    assert len(attempts) == 2


async def test_a_configured_send_time_is_honoured_and_a_bad_one_refused(pack: PolicyPack) -> None:
    clock = Clock(datetime(2026, 12, 22, 9, 30, tzinfo=LONDON))
    runs, run_once = recorder(pack)
    job = DigestJob(run_once, pack, DigestConfig(send_time=time(10, 0)), clock=clock)  # type: ignore[arg-type]
    await job.tick()
    clock.now = datetime(2026, 12, 22, 10, 0, tzinfo=LONDON)
    await job.tick()
    assert runs == [clock.now]
    with pytest.raises(ValueError, match="outside monitored hours"):
        DigestJob(run_once, pack, DigestConfig(send_time=time(18, 0)))  # type: ignore[arg-type]


async def test_run_forever_sleeps_between_looks(pack: PolicyPack) -> None:
    clock = Clock(datetime(2026, 12, 22, 8, 58, tzinfo=LONDON))
    runs, run_once = recorder(pack)
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)
        clock.now += timedelta(seconds=seconds)
        if len(slept) == 5:
            raise asyncio.CancelledError

    job = DigestJob(run_once, pack, DigestConfig(), clock=clock, sleep=sleep, poll=60)  # type: ignore[arg-type]
    with pytest.raises(asyncio.CancelledError):
        await job.run_forever()
    assert slept == [60, 60, 60, 60, 60]
    assert [r.time() for r in runs] == [time(9, 0)]


async def test_the_app_hook_starts_the_job_and_sends_through_the_apps_adapter(
    register: TinyDBRegister, pack: PolicyPack, connector: Connector
) -> None:
    channel = "19:hooked"
    await subscribe_with_a_late_block(register, channel, connector)
    settings = Settings(local=True)
    clock = Clock(datetime(2026, 12, 22, 9, 0, tzinfo=LONDON))
    app = create_app(settings, register, pack, clock=clock)

    await run_until_posted(
        app,
        connector,
        register=register,
        pack=pack,
        settings=settings,
        config=DigestConfig(instance="hook"),
        clock=clock,
    )
    [posted] = connector.posted()
    assert posted.conversation_id == channel and "@late" in str(posted.cards)

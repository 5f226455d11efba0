"""The daily digest run inside the application, as `socialdesk serve` runs it: set-up and a runner.

`subscribe_with_a_late_block` gives a register one subscribed channel and one block whose review was
due on 18 December 2026; `run_until_posted` starts the application with the digest job appended (no
HTTP listener), waits until the Bot Connector stand-in has been posted to, and stops it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import date, datetime

from aiohttp import web

from policy.pack import PolicyPack
from register.base import Register
from register.model import Subscription
from reminders.config import DigestConfig
from reminders.scheduler import digest_job_context
from reminders.sender import RetryPolicy
from settings import Settings
from tests.support.connector import Connector
from tests.support.review_blocks import DECIDED_AT, DECIDER, channel_reference, new_block

LATE_ACCOUNT = "@late"


async def subscribe_with_a_late_block(register: Register, channel: str, connector: Connector) -> None:
    await register.save_subscription(Subscription(channel, channel_reference(channel, connector.url)))
    await register.add_block(new_block(LATE_ACCOUNT, date(2026, 12, 18)), DECIDER, DECIDED_AT)


async def run_until_posted(
    app: web.Application,
    connector: Connector,
    *,
    register: Register | None,
    pack: PolicyPack,
    settings: Settings,
    config: DigestConfig,
    clock: Callable[[], datetime],
) -> None:
    """Start `app` with the digest job (on `register`, or the app's own when None) and stop it once
    the connector has received a post; one send attempt, no retries."""
    sent = asyncio.Event()

    async def sleep(_: float) -> None:
        if connector.posted():
            sent.set()
        await asyncio.sleep(0.01)

    job = digest_job_context(
        register, pack, settings, config=config, clock=clock, sleep=sleep, retry=RetryPolicy(attempts=1)
    )
    app.cleanup_ctx.append(job)
    runner = web.AppRunner(app)
    await runner.setup()
    try:
        await asyncio.wait_for(sent.wait(), timeout=30)
    finally:
        await runner.cleanup()

"""Proactive digest delivery through the real CloudAdapter to the connector stand-in, over HTTP.

The stand-in answers 403, 404, 429 or 500 when told to, so the status the Bot Framework SDK sees is
the one the digest code acts on: gone conversations marked, busy ones retried.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from policy.pack import PolicyPack
from register.model import Subscription
from register.tinydb_store import TinyDBRegister
from reminders.cli import build_delivery
from reminders.config import DigestConfig
from reminders.sender import DeliveryError, DigestRun, RetryPolicy, RunReport
from settings import Settings
from tests.support.flaky_connector import FlakyConnector, flaky_connector
from tests.support.review_blocks import DECIDED_AT, DECIDER, channel_reference, new_block

MORNING = datetime(2026, 12, 22, 9, 0, tzinfo=ZoneInfo("Europe/London"))
QUICK = RetryPolicy(attempts=3, first_wait=0.0, max_wait=0.0)


@pytest.fixture(scope="module")
def flaky() -> Iterator[FlakyConnector]:
    with flaky_connector() as connector:
        yield connector


async def run(register: TinyDBRegister, pack: PolicyPack, flaky: FlakyConnector, *channels: str) -> RunReport:
    for channel in channels:
        await register.save_subscription(Subscription(channel, channel_reference(channel, flaky.url)))
    await register.add_block(new_block("@late", date(2026, 12, 18)), DECIDER, DECIDED_AT)
    deliver = build_delivery(Settings(local=True))
    return await DigestRun(register, pack, DigestConfig(instance="t"), deliver, retry=QUICK).run(MORNING)


async def test_the_digest_card_reaches_the_channel(
    register: TinyDBRegister, pack: PolicyPack, flaky: FlakyConnector
) -> None:
    report = await run(register, pack, flaky, "19:ok")
    [outcome] = report.outcomes
    assert outcome.kind == "sent" and outcome.activity_id
    [sent] = [s for s in flaky.posted() if s.conversation_id == "19:ok"]
    assert sent.activity["summary"] == "1 block due for review, 1 overdue"
    [card] = sent.cards
    assert "@late" in str(card) and "Overdue by 4 days" in str(card)


@pytest.mark.parametrize("status", [403, 404], ids=["forbidden", "not-found"])
async def test_a_removed_bot_marks_the_conversation_gone(
    register: TinyDBRegister, pack: PolicyPack, flaky: FlakyConnector, status: int
) -> None:
    channel = f"19:removed-{status}"
    flaky.fail(channel, status, forever=True)
    report = await run(register, pack, flaky, channel)
    assert [o.kind for o in report.outcomes] == ["gone"]
    assert flaky.attempts[channel] == 1
    stored = await register.get_subscription(channel)
    assert stored is not None and stored.gone


async def test_429_then_success_is_retried_over_http(
    register: TinyDBRegister, pack: PolicyPack, flaky: FlakyConnector
) -> None:
    flaky.fail("19:busy", 429, 500)
    report = await run(register, pack, flaky, "19:busy")
    assert [o.kind for o in report.outcomes] == ["sent"]
    assert flaky.attempts["19:busy"] == 3
    assert len([s for s in flaky.posted() if s.conversation_id == "19:busy"]) == 1


async def test_an_unusable_reference_is_a_delivery_error(pack: PolicyPack) -> None:
    deliver = build_delivery(Settings(local=True))
    with pytest.raises(DeliveryError):
        await deliver(Subscription("19:x", {"serviceUrl": 42}), {"type": "AdaptiveCard"}, "s")

"""One digest run: claim then send, once per channel per monitored day; gone channels; retries.

Time is passed in: each run is given its `now`. Sending is mostly a recording stand-in here; a failed
send given back and sent by the next run is also shown over HTTP, through the real adapter to the
connector stand-in (the rest of the Bot Framework path is tested in tests/dialogs/test_proactive.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from policy.pack import PolicyPack
from register.model import Subscription
from register.tinydb_store import TinyDBRegister, open_tinydb_register
from reminders.cli import build_delivery
from reminders.config import DigestConfig
from reminders.sender import DeliveryError, DigestRun, RetryPolicy
from settings import Settings
from tests.support.flaky_connector import flaky_connector
from tests.support.review_blocks import DECIDED_AT, DECIDER, channel_reference, new_block

LONDON = ZoneInfo("Europe/London")
NO_WAIT = RetryPolicy(attempts=4, first_wait=0.0, max_wait=0.0)


def at(day: int, hour: int = 9, minute: int = 0) -> datetime:
    return datetime(2026, 12, day, hour, minute, tzinfo=LONDON)


@dataclass
class Outbox:
    """Records what would have reached Teams.

    `script` makes a conversation's next sends fail, one error each; `refuse` fails every send.
    """

    sent: list[tuple[str, dict[str, Any], str]] = field(default_factory=list)
    script: dict[str, list[Exception]] = field(default_factory=dict)
    refuse: dict[str, DeliveryError] = field(default_factory=dict)
    attempts: int = 0

    async def __call__(self, subscription: Subscription, card: dict[str, Any], summary: str) -> str | None:
        self.attempts += 1
        conversation = subscription.conversation_id
        if conversation in self.refuse:
            raise self.refuse[conversation]
        if self.script.get(conversation):
            raise self.script[conversation].pop(0)
        self.sent.append((subscription.conversation_id, card, summary))
        return f"msg-{len(self.sent)}"

    def to(self, conversation_id: str) -> list[dict[str, Any]]:
        return [card for conv, card, _ in self.sent if conv == conversation_id]


async def subscribe(register: TinyDBRegister, *conversations: str) -> None:
    await subscribe_at(register, "http://127.0.0.1:9/", *conversations)


async def subscribe_at(register: TinyDBRegister, service_url: str, *conversations: str) -> None:
    for conversation in conversations:
        reference = channel_reference(conversation, service_url)
        await register.save_subscription(Subscription(conversation, reference))


async def a_block_due(register: TinyDBRegister, due: date, account: str = "@angry_poster") -> str:
    block = await register.add_block(new_block(account, due), DECIDER, DECIDED_AT)
    return block.id


def digest_run(register: TinyDBRegister, pack: PolicyPack, outbox: Outbox, **config: Any) -> DigestRun:
    return DigestRun(register, pack, DigestConfig(**({"instance": "test"} | config)), outbox, retry=NO_WAIT)


DAYS = [(d, d in (21, 22, 23, 24, 29, 30, 31)) for d in range(21, 32)]


async def test_across_christmas_week_only_monitored_days_send_and_each_once(
    register: TinyDBRegister, pack: PolicyPack
) -> None:
    await subscribe(register, "19:comms")
    await a_block_due(register, date(2026, 12, 21))
    outbox = Outbox()
    sent_on = []
    for day, _ in DAYS:
        before = len(outbox.sent)
        # The in-process job and an external cron both fire at 09:00 and again a minute later.
        for moment in (at(day), at(day), at(day, 9, 1)):
            await digest_run(register, pack, outbox).run(moment)
        assert len(outbox.sent) - before <= 1
        if len(outbox.sent) > before:
            sent_on.append(day)
    assert sent_on == [day for day, sends in DAYS if sends]
    # Nobody acted, so the block grows more overdue each time.
    overdue = [card["body"][1]["items"][1]["text"] for _, card, _ in outbox.sent]
    assert overdue[0] == "Due for review today"
    assert overdue[-1].startswith("Overdue by 10 days")


async def test_the_digest_lists_due_blocks_overdue_first(register: TinyDBRegister, pack: PolicyPack) -> None:
    await subscribe(register, "19:comms")
    late = await a_block_due(register, date(2026, 12, 1), "@late")
    today = await a_block_due(register, date(2026, 12, 22), "@today")
    await a_block_due(register, date(2026, 12, 23), "@tomorrow")
    outbox = Outbox()
    report = await digest_run(register, pack, outbox).run(at(22))
    [(_, card, summary)] = outbox.sent
    assert summary == "2 blocks due for review, 1 overdue"
    [digest] = report.digests
    assert [(b["id"], b["overdue_days"]) for b in digest["blocks"]] == [(late, 21), (today, 0)]
    assert "@tomorrow" not in str(card)


async def test_catch_up_after_downtime_but_never_after_hours(
    register: TinyDBRegister, pack: PolicyPack
) -> None:
    await subscribe(register, "19:comms")
    await a_block_due(register, date(2026, 12, 21))
    outbox = Outbox()
    # Down at 09:00 on Tuesday 22nd; back at 14:30: the day's digest goes then.
    report = await digest_run(register, pack, outbox).run(at(22, 14, 30))
    assert report.count("sent") == 1
    # Down all of Wednesday's monitored hours; back at 17:05: nothing until Thursday 09:00.
    late = await digest_run(register, pack, outbox).run(at(23, 17, 5))
    assert (late.decision.send, late.decision.reason, len(outbox.sent)) == (
        False,
        "after monitored hours (ended 17:00)",
        1,
    )
    await digest_run(register, pack, outbox).run(at(24, 9))
    assert len(outbox.sent) == 2


async def test_no_duplicate_after_a_restart(tmp_path: Path, pack: PolicyPack) -> None:
    data = tmp_path / "shared"
    first = open_tinydb_register(data)
    await subscribe(first, "19:comms", "19:other")
    await a_block_due(first, date(2026, 12, 22))
    outbox = Outbox()
    await digest_run(first, pack, outbox).run(at(22, 9))
    await first.close()
    restarted = open_tinydb_register(data)
    try:
        report = await digest_run(restarted, pack, outbox).run(at(22, 9, 5))
    finally:
        await restarted.close()
    assert sorted(conv for conv, _, _ in outbox.sent) == ["19:comms", "19:other"]
    assert report.count("already_sent") == 2


async def test_nothing_due_sends_nothing_and_claims_nothing(
    register: TinyDBRegister, pack: PolicyPack
) -> None:
    await subscribe(register, "19:comms")
    outbox = Outbox()
    report = await digest_run(register, pack, outbox).run(at(22, 9))
    assert (outbox.sent, report.count("nothing_due")) == ([], 1)
    # A block recorded later that morning for review today still reaches the channel that day.
    await a_block_due(register, date(2026, 12, 22))
    await digest_run(register, pack, outbox).run(at(22, 11))
    assert len(outbox.sent) == 1


async def test_a_quiet_nothing_due_note_when_configured(register: TinyDBRegister, pack: PolicyPack) -> None:
    await subscribe(register, "19:comms")
    outbox = Outbox()
    await digest_run(register, pack, outbox, notify_nothing_due=True).run(at(22, 9))
    [(_, card, summary)] = outbox.sent
    assert summary == "Nothing due for review today"
    assert "Nothing is due for review." in str(card)


async def test_unsubscribed_and_gone_conversations_are_skipped(
    register: TinyDBRegister, pack: PolicyPack
) -> None:
    await subscribe(register, "19:comms")
    reference = channel_reference("19:quiet", "http://127.0.0.1:9/")
    await register.save_subscription(Subscription("19:quiet", reference, subscribed=False))
    await register.save_subscription(Subscription("19:old", reference, gone=True, gone_reason="403"))
    await a_block_due(register, date(2026, 12, 22))
    outbox = Outbox()
    await digest_run(register, pack, outbox).run(at(22))
    assert [conv for conv, _, _ in outbox.sent] == ["19:comms"]


@pytest.mark.parametrize("status", [403, 404], ids=["forbidden", "not-found"])
async def test_a_gone_conversation_is_marked_reported_and_not_retried(
    register: TinyDBRegister, pack: PolicyPack, status: int
) -> None:
    await subscribe(register, "19:comms", "19:removed")
    await a_block_due(register, date(2026, 12, 22))
    outbox = Outbox(refuse={"19:removed": DeliveryError("refused", status)})
    report = await digest_run(register, pack, outbox).run(at(22))
    assert {o.conversation_id: o.kind for o in report.outcomes} == {"19:comms": "sent", "19:removed": "gone"}
    assert outbox.attempts == 2  # one each: a refusal is not retried
    gone = await register.get_subscription("19:removed")
    assert gone is not None and gone.gone and str(status) in (gone.gone_reason or "")
    events = [e for e in await register.audit() if e.kind == "conversation_gone"]
    assert [e.details["conversation_id"] for e in events] == ["19:removed"]
    # The next day it is not tried again.
    await digest_run(register, pack, outbox).run(at(23))
    assert outbox.attempts == 3 and [c for c, _, _ in outbox.sent] == ["19:comms", "19:comms"]


async def test_429_then_success_is_retried(register: TinyDBRegister, pack: PolicyPack) -> None:
    await subscribe(register, "19:comms")
    await a_block_due(register, date(2026, 12, 22))
    outbox = Outbox(script={"19:comms": [DeliveryError("busy", 429), DeliveryError("busy", 503)]})
    report = await digest_run(register, pack, outbox).run(at(22))
    assert report.count("sent") == 1
    assert (outbox.attempts, len(outbox.sent)) == (3, 1)


async def test_failures_beyond_the_retries_release_the_claim_and_a_later_run_sends(
    register: TinyDBRegister, pack: PolicyPack
) -> None:
    await subscribe(register, "19:comms")
    await a_block_due(register, date(2026, 12, 22))
    outbox = Outbox(refuse={"19:comms": DeliveryError("down", 500)})
    report = await digest_run(register, pack, outbox).run(at(22))
    assert (report.count("failed"), outbox.attempts, outbox.sent) == (1, NO_WAIT.attempts, [])
    # The claim was given back, so the next run that day (here another runner) claims and sends.
    assert await register.digest_claimant("19:comms", date(2026, 12, 22)) is None
    outbox.refuse.clear()
    again = await digest_run(register, pack, outbox, instance="cron").run(at(22, 9, 1))
    assert again.count("sent") == 1
    assert await register.digest_claimant("19:comms", date(2026, 12, 22)) == "cron"
    # Sent now: later runs find the claim and send nothing more.
    later = await digest_run(register, pack, outbox).run(at(22, 10))
    assert (later.count("already_sent"), [conv for conv, _, _ in outbox.sent]) == (1, ["19:comms"])


async def test_over_http_a_5xx_beyond_the_retries_is_sent_by_the_next_run_once(
    register: TinyDBRegister, pack: PolicyPack
) -> None:
    deliver = build_delivery(Settings(local=True))  # the real CloudAdapter, as `remind --once` builds it
    with flaky_connector() as connector:
        await subscribe_at(register, connector.url, "19:comms")
        await a_block_due(register, date(2026, 12, 22))
        connector.fail("19:comms", *[502] * NO_WAIT.attempts)
        first = await DigestRun(register, pack, DigestConfig(instance="bot"), deliver, retry=NO_WAIT).run(
            at(22)
        )
        assert ([o.kind for o in first.outcomes], connector.posted()) == (["failed"], [])
        second = await DigestRun(register, pack, DigestConfig(instance="cron"), deliver, retry=NO_WAIT).run(
            at(22, 9, 1)
        )
        third = await DigestRun(register, pack, DigestConfig(instance="bot"), deliver, retry=NO_WAIT).run(
            at(22, 9, 2)
        )
        assert [o.kind for o in second.outcomes + third.outcomes] == ["sent", "already_sent"]
        assert connector.attempts["19:comms"] == NO_WAIT.attempts + 1
        [sent] = connector.posted()
        assert sent.conversation_id == "19:comms" and "Blocks due for review" in str(sent.cards)


@pytest.mark.parametrize(
    "error",
    [DeliveryError("bad request", 400), RuntimeError("a bug in the adapter")],
    ids=["refused-400", "unexpected-error"],
)
async def test_a_refusal_or_a_bug_keeps_the_claim_so_it_is_not_retried_all_day(
    register: TinyDBRegister, pack: PolicyPack, error: Exception
) -> None:
    await subscribe(register, "19:comms")
    await a_block_due(register, date(2026, 12, 22))
    outbox = Outbox(script={"19:comms": [error]})
    report = await digest_run(register, pack, outbox).run(at(22))
    assert (report.count("failed"), outbox.attempts) == (1, 1)
    assert await register.digest_claimant("19:comms", date(2026, 12, 22)) == "test"
    again = await digest_run(register, pack, outbox).run(at(22, 9, 1))
    assert (again.count("already_sent"), outbox.attempts, len(outbox.sent)) == (1, 1, 0)


async def test_a_sent_or_gone_digest_keeps_its_claim(register: TinyDBRegister, pack: PolicyPack) -> None:
    await subscribe(register, "19:comms", "19:removed")
    await a_block_due(register, date(2026, 12, 22))
    outbox = Outbox(refuse={"19:removed": DeliveryError("refused", 403)})
    await digest_run(register, pack, outbox).run(at(22))
    day = date(2026, 12, 22)
    assert await register.digest_claimant("19:comms", day) == "test"
    assert await register.digest_claimant("19:removed", day) == "test"


async def test_a_sent_digest_is_audited(register: TinyDBRegister, pack: PolicyPack) -> None:
    await subscribe(register, "19:comms")
    block_id = await a_block_due(register, date(2026, 12, 22))
    await digest_run(register, pack, Outbox()).run(at(22))
    [event] = [e for e in await register.audit() if e.kind == "digest_sent"]
    assert event.details == {
        "conversation_id": "19:comms",
        "day": "2026-12-22",
        "blocks": [block_id],
        "due": 1,
        "overdue": 0,
        "claimant": "test",
    }


async def test_a_dry_run_claims_and_sends_nothing(register: TinyDBRegister, pack: PolicyPack) -> None:
    await subscribe(register, "19:comms")
    await a_block_due(register, date(2026, 12, 22))
    outbox = Outbox()
    report = await digest_run(register, pack, outbox).run(at(22), dry_run=True)
    assert outbox.attempts == 0 and report.count("would_send") == 1
    assert [d["already_sent"] for d in report.digests] == [False]
    await digest_run(register, pack, outbox).run(at(22))
    assert len(outbox.sent) == 1


async def test_a_dry_run_says_which_digests_were_already_sent(
    register: TinyDBRegister, pack: PolicyPack
) -> None:
    await subscribe(register, "19:comms", "19:duty", "19:failing")
    await a_block_due(register, date(2026, 12, 22))
    outbox = Outbox(refuse={"19:duty": DeliveryError("down", 503), "19:failing": DeliveryError("down", 502)})
    await digest_run(register, pack, outbox).run(at(22))
    outbox.refuse.pop("19:duty")
    await digest_run(register, pack, outbox).run(at(22, 9, 1))  # 19:duty goes now; 19:failing fails again
    dry = await digest_run(register, pack, outbox).run(at(22, 9, 2), dry_run=True)
    assert {d["conversation"]: d["already_sent"] for d in dry.digests} == {
        "19:comms": True,
        "19:duty": True,
        "19:failing": False,
    }
    tomorrow = await digest_run(register, pack, outbox).run(at(23), dry_run=True)
    assert [d["already_sent"] for d in tomorrow.digests] == [False, False, False]


@dataclass
class _Attempt:
    """The two things `RetryPolicy.wait` reads from tenacity's retry state."""

    attempt_number: int
    error: BaseException

    @property
    def outcome(self) -> _Attempt:
        return self

    def exception(self) -> BaseException:
        return self.error


@pytest.mark.parametrize(
    ("attempt", "retry_after", "wait"),
    [
        (1, None, 1.0),
        (2, None, 2.0),
        (3, None, 4.0),
        (4, None, 8.0),
        (6, None, 8.0),
        (1, 5.0, 5.0),
        (1, 600.0, 8.0),
    ],
    ids=["first", "second", "third", "fourth", "capped", "retry-after", "retry-after-capped"],
)
def test_retry_waits_double_honour_retry_after_and_are_capped(
    attempt: int, retry_after: float | None, wait: float
) -> None:
    policy = RetryPolicy(first_wait=1.0, max_wait=8.0)
    state = _Attempt(attempt, DeliveryError("busy", 429, retry_after=retry_after))
    assert policy.wait(state) == wait  # type: ignore[arg-type]

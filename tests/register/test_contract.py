"""The register contract: what every backend must do, run against each backend in conftest.BACKENDS."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from register.base import Conflict, NotFound, Register, RegisterError
from register.model import Actor, Assessment, AuditEvent, NewBlock, Subscription
from register.verdicts import judged_checks, record_verdict
from register.window import events_since
from tests.register.conftest import Backend

EDITOR = Actor("Alex Smith", "11111111-aaaa-4bbb-8ccc-000000000001")
OTHER = Actor("Sam Jones", "22222222-aaaa-4bbb-8ccc-000000000002")
T0 = datetime(2026, 6, 1, 9, 30, tzinfo=UTC)


def new_block(
    account: str = "@abuser", review_due: date = date(2026, 12, 1), request_id: str | None = None
) -> NewBlock:
    return NewBlock(
        platform="facebook",
        account=account,
        criteria=("abusive", "threatening"),
        rationale="Repeated threats towards staff",
        evidence="You [NAME] will regret [REDACTED]",
        review_due=review_due,
        link="https://facebook.example/post/1",
        request_id=request_id,
    )


def assessment(account: str, at: datetime, action: str = "hide") -> Assessment:
    return Assessment(
        account=account,
        platform="x",
        at=at,
        redacted="my neighbour [NAME] was on ward [REDACTED]",
        action=action,
        criteria=("confidential",),
    )


def reference(conversation_id: str) -> dict[str, object]:
    return {
        "conversation": {"id": conversation_id},
        "serviceUrl": "http://127.0.0.1:1/",
        "channelId": "msteams",
    }


# Blocks ------------------------------------------------------------------------------------------


async def test_add_block_returns_an_active_block_that_get_block_returns(register: Register) -> None:
    added = await register.add_block(new_block(" @Abuser "), EDITOR, T0)

    assert added.status == "active"
    assert added.account == "@abuser"
    assert added.decided_by == EDITOR
    assert added.decided_at == T0
    assert added.review_due == date(2026, 12, 1)
    assert added.criteria == ("abusive", "threatening")
    assert added.link == "https://facebook.example/post/1"
    assert added.revision
    assert await register.get_block(added.id) == added


async def test_each_block_gets_its_own_id(register: Register) -> None:
    first = await register.add_block(new_block(), EDITOR, T0)
    second = await register.add_block(new_block(), EDITOR, T0)

    assert first.id != second.id


@pytest.mark.parametrize("account", ["abuser", "@ABUSER", "  @abuser"], ids=["bare", "upper", "spaces"])
async def test_blocks_for_finds_blocks_whatever_the_spelling(register: Register, account: str) -> None:
    mine = await register.add_block(new_block("Abuser"), EDITOR, T0)
    await register.add_block(new_block("@someone.else"), EDITOR, T0)

    assert [b.id for b in await register.blocks_for(account)] == [mine.id]


async def test_active_blocks_lists_unlifted_blocks_earliest_review_first(register: Register) -> None:
    later = await register.add_block(new_block("@a", date(2027, 1, 1)), EDITOR, T0)
    lifted = await register.add_block(new_block("@b", date(2026, 7, 1)), EDITOR, T0)
    sooner = await register.add_block(new_block("@c", date(2026, 8, 1)), EDITOR, T0)
    await register.lift_block(lifted.id, lifted.revision, EDITOR, T0, "apologised")

    assert [b.id for b in await register.active_blocks()] == [sooner.id, later.id]


async def test_all_blocks_lists_active_and_lifted_blocks_oldest_decision_first(register: Register) -> None:
    second = await register.add_block(new_block("@b"), EDITOR, T0 + timedelta(hours=1))
    first = await register.add_block(new_block("@a"), EDITOR, T0)
    third = await register.add_block(new_block("@c"), EDITOR, T0 + timedelta(hours=2))
    lifted = await register.lift_block(second.id, second.revision, OTHER, T0, "apologised")

    assert await register.all_blocks() == [first, lifted, third]


# Blocks due for review ---------------------------------------------------------------------------

DAY = date(2026, 12, 1)


async def test_due_blocks_lists_active_blocks_due_by_the_day_most_overdue_first(register: Register) -> None:
    due_today_b = await register.add_block(new_block("@b", DAY), EDITOR, T0)
    tomorrow = await register.add_block(new_block("@c", DAY + timedelta(days=1)), EDITOR, T0)
    overdue = await register.add_block(new_block("@z", DAY - timedelta(days=30)), EDITOR, T0)
    due_today_a = await register.add_block(new_block("@a", DAY), EDITOR, T0 + timedelta(hours=1))
    lifted = await register.add_block(new_block("@d", DAY - timedelta(days=60)), EDITOR, T0)
    await register.lift_block(lifted.id, lifted.revision, EDITOR, T0, "apologised")

    assert await register.due_blocks(DAY) == [overdue, due_today_a, due_today_b]
    assert await register.due_blocks(DAY + timedelta(days=1)) == [overdue, due_today_a, due_today_b, tomorrow]
    assert await register.due_blocks(DAY - timedelta(days=31)) == []


async def test_due_blocks_follow_every_change(register: Register) -> None:
    block = await register.add_block(new_block("@a", DAY), EDITOR, T0)
    other = await register.add_block(new_block("@b", DAY - timedelta(days=1)), EDITOR, T0)
    assert [b.id for b in await register.due_blocks(DAY)] == [other.id, block.id]

    kept = await register.keep_block(block.id, block.revision, EDITOR, T0, "still abusive", date(2027, 1, 1))
    assert await register.due_blocks(DAY) == [other]
    snoozed = await register.snooze_block(other.id, other.revision, EDITOR, T0, DAY)
    assert await register.due_blocks(DAY) == [snoozed]
    assert await register.due_blocks(date(2027, 1, 1)) == [snoozed, kept]
    await register.lift_block(snoozed.id, snoozed.revision, EDITOR, T0, "deleted")
    added = await register.add_block(new_block("@c", DAY), EDITOR, T0)

    assert await register.due_blocks(DAY) == [added]
    assert await register.due_blocks(date(2027, 1, 1)) == [added, kept]


async def test_due_blocks_see_what_another_instance_changed(
    persistent_backend: Backend, tmp_path: Path
) -> None:
    first = await persistent_backend.open(tmp_path)
    second = await persistent_backend.open(tmp_path)
    try:
        block = await first.add_block(new_block("@a", DAY), EDITOR, T0)
        assert await first.due_blocks(DAY) == [block]  # read once, so anything remembered is warm

        added = await second.add_block(new_block("@b", DAY), EDITOR, T0)
        assert await first.due_blocks(DAY) == [block, added]
        kept = await second.keep_block(block.id, block.revision, OTHER, T0, "still abusive", date(2027, 1, 1))
        assert await first.due_blocks(DAY) == [added]
        assert await first.get_block(block.id) == kept
        await second.lift_block(added.id, added.revision, OTHER, T0, "deleted")
        assert await first.due_blocks(DAY) == []
        assert await first.active_blocks() == [kept]
    finally:
        await first.close()
        await second.close()


async def test_lists_handed_out_are_the_caller_s_own(register: Register) -> None:
    block = await register.add_block(new_block("@a", DAY), EDITOR, T0)
    for listed in (
        await register.due_blocks(DAY),
        await register.active_blocks(),
        await register.all_blocks(),
    ):
        listed.clear()

    assert await register.due_blocks(DAY) == [block]
    assert await register.active_blocks() == [block]
    assert await register.all_blocks() == [block]


# Recording a block once per request --------------------------------------------------------------


async def test_the_same_request_records_one_block_and_one_audit_event(register: Register) -> None:
    first = await register.add_block(new_block(request_id="form-1"), EDITOR, T0)
    again = await register.add_block(new_block(request_id="form-1"), OTHER, T0 + timedelta(seconds=1))
    other = await register.add_block(new_block(request_id="form-2"), EDITOR, T0)

    assert again == first
    assert other.id != first.id
    assert [b.id for b in await register.all_blocks()] == sorted([first.id, other.id])
    assert [e.kind for e in await register.audit(block_id=first.id)] == ["block_created"]
    assert [e.actor for e in await register.audit(block_id=first.id)] == [EDITOR]


async def test_a_double_click_at_the_same_moment_records_one_block(register: Register) -> None:
    results = await asyncio.gather(
        *(register.add_block(new_block(request_id="form-1"), EDITOR, T0) for _ in range(5))
    )

    assert len({block.id for block in results}) == 1
    assert len(await register.all_blocks()) == 1
    assert [e.kind for e in await register.audit()] == ["block_created"]


async def test_a_repeated_request_returns_the_block_as_it_is_now(register: Register) -> None:
    first = await register.add_block(new_block(request_id="form-1"), EDITOR, T0)
    kept = await register.keep_block(first.id, first.revision, OTHER, T0, "still abusive", date(2027, 1, 1))

    again = await register.add_block(new_block(request_id="form-1"), EDITOR, T0)

    assert again == kept
    assert [e.kind for e in await register.audit()] == ["block_created", "block_kept"]


async def test_a_request_is_recognised_by_another_instance(
    persistent_backend: Backend, tmp_path: Path
) -> None:
    first = await persistent_backend.open(tmp_path)
    second = await persistent_backend.open(tmp_path)
    try:
        recorded = await first.add_block(new_block(request_id="form-1"), EDITOR, T0)

        assert await second.add_block(new_block(request_id="form-1"), EDITOR, T0) == recorded
        assert len(await second.all_blocks()) == 1
        assert len(await first.audit()) == 1
    finally:
        await first.close()
        await second.close()


@pytest.mark.parametrize("request_id", ["", "   ", "x" * 201], ids=["empty", "blank", "too-long"])
async def test_an_unusable_request_id_is_refused(register: Register, request_id: str) -> None:
    with pytest.raises(RegisterError):
        await register.add_block(new_block(request_id=request_id), EDITOR, T0)

    assert await register.all_blocks() == []


async def test_keep_moves_the_review_date_and_changes_the_revision(register: Register) -> None:
    block = await register.add_block(new_block(), EDITOR, T0)

    kept = await register.keep_block(
        block.id, block.revision, OTHER, T0 + timedelta(days=1), "still abusive", date(2027, 6, 1)
    )

    assert kept.review_due == date(2027, 6, 1)
    assert kept.status == "active"
    assert kept.revision != block.revision
    assert kept.last_review is not None and "still abusive" in kept.last_review
    assert kept.last_review.startswith("kept by Sam Jones")
    assert await register.get_block(block.id) == kept


async def test_lift_marks_the_block_lifted(register: Register) -> None:
    block = await register.add_block(new_block(), EDITOR, T0)

    lifted = await register.lift_block(block.id, block.revision, OTHER, T0, "account deleted")

    assert lifted.status == "lifted"
    assert lifted.last_review is not None and "account deleted" in lifted.last_review
    assert (await register.get_block(block.id)).status == "lifted"
    assert [b.status for b in await register.blocks_for("@abuser")] == ["lifted"]


async def test_snooze_moves_the_review_date_only(register: Register) -> None:
    block = await register.add_block(new_block(), EDITOR, T0)

    snoozed = await register.snooze_block(block.id, block.revision, OTHER, T0, date(2026, 12, 2))

    assert snoozed.review_due == date(2026, 12, 2)
    assert snoozed.status == "active"
    assert snoozed.revision != block.revision
    assert await register.get_block(block.id) == snoozed


async def test_a_stale_revision_is_refused_with_the_current_state(register: Register) -> None:
    block = await register.add_block(new_block(), EDITOR, T0)
    kept = await register.keep_block(block.id, block.revision, EDITOR, T0, "still abusive", date(2027, 1, 1))

    with pytest.raises(Conflict) as refused:
        await register.lift_block(block.id, block.revision, OTHER, T0, "changed my mind")

    assert refused.value.current == kept
    assert (await register.get_block(block.id)).status == "active"


async def test_only_one_of_two_simultaneous_updates_wins(register: Register) -> None:
    block = await register.add_block(new_block(), EDITOR, T0)

    results = await asyncio.gather(
        register.keep_block(block.id, block.revision, EDITOR, T0, "keep", date(2027, 1, 1)),
        register.lift_block(block.id, block.revision, OTHER, T0, "lift"),
        return_exceptions=True,
    )

    winners = [r for r in results if not isinstance(r, BaseException)]
    losers = [r for r in results if isinstance(r, Conflict)]
    assert len(winners) == 1 and len(losers) == 1
    assert losers[0].current == winners[0] == await register.get_block(block.id)


async def test_a_lifted_block_cannot_be_kept(register: Register) -> None:
    block = await register.add_block(new_block(), EDITOR, T0)
    lifted = await register.lift_block(block.id, block.revision, EDITOR, T0, "lift")

    with pytest.raises(RegisterError):
        await register.keep_block(block.id, lifted.revision, EDITOR, T0, "keep", date(2027, 1, 1))


async def test_unknown_block_ids_raise_not_found(register: Register) -> None:
    with pytest.raises(NotFound):
        await register.get_block("no-such-block")
    with pytest.raises(NotFound):
        await register.keep_block("no-such-block", "r", EDITOR, T0, "keep", date(2027, 1, 1))
    with pytest.raises(NotFound):
        await register.lift_block("no-such-block", "r", EDITOR, T0, "lift")
    with pytest.raises(NotFound):
        await register.snooze_block("no-such-block", "r", EDITOR, T0, date(2027, 1, 1))


async def test_a_blank_reason_is_refused_and_nothing_changes(register: Register) -> None:
    block = await register.add_block(new_block(), EDITOR, T0)

    with pytest.raises(RegisterError):
        await register.lift_block(block.id, block.revision, EDITOR, T0, "   ")

    assert await register.get_block(block.id) == block


async def test_a_time_without_a_zone_is_refused(register: Register) -> None:
    with pytest.raises(RegisterError):
        await register.add_block(new_block(), EDITOR, datetime(2026, 6, 1, 9, 30))

    assert await register.active_blocks() == []


async def test_times_come_back_in_utc(register: Register) -> None:
    summer = timezone(timedelta(hours=1))
    block = await register.add_block(new_block(), EDITOR, datetime(2026, 6, 1, 10, 30, tzinfo=summer))

    stored = await register.get_block(block.id)

    assert stored.decided_at == T0
    assert stored.decided_at.utcoffset() == timedelta(0)


# Audit log ---------------------------------------------------------------------------------------


async def test_every_block_change_is_audited_in_order_with_who_and_when(register: Register) -> None:
    block = await register.add_block(new_block(), EDITOR, T0)
    kept = await register.keep_block(
        block.id, block.revision, OTHER, T0 + timedelta(hours=1), "still abusive", date(2027, 1, 1)
    )
    snoozed = await register.snooze_block(
        block.id, kept.revision, EDITOR, T0 + timedelta(hours=2), date(2027, 1, 2)
    )
    await register.lift_block(block.id, snoozed.revision, OTHER, T0 + timedelta(hours=3), "deleted")

    events = await register.audit(block_id=block.id)

    assert [e.kind for e in events] == ["block_created", "block_kept", "block_snoozed", "block_lifted"]
    assert [e.actor for e in events] == [EDITOR, OTHER, EDITOR, OTHER]
    assert [e.at for e in events] == [T0 + timedelta(hours=h) for h in range(4)]
    assert all(e.account == "@abuser" and e.block_id == block.id for e in events)
    assert events[1].details["reason"] == "still abusive"
    assert len({e.id for e in events}) == 4


async def test_audit_is_append_only_and_filters_by_account(register: Register) -> None:
    first = await register.add_block(new_block("@one"), EDITOR, T0)
    await register.add_advice("@two", OTHER, T0, note="pointed to PALS")
    before = await register.audit()
    await register.add_block(new_block("@one"), EDITOR, T0)

    after = await register.audit()

    assert after[: len(before)] == before
    assert len(after) == len(before) + 1
    assert [e.kind for e in await register.audit(account="ONE")] == ["block_created", "block_created"]
    assert [e.block_id for e in await register.audit(account="@one", block_id=first.id)] == [first.id]
    assert [e.kind for e in await register.audit(account="@two")] == ["advised"]


async def test_append_audit_records_and_returns_the_event(register: Register) -> None:
    event = await register.append_audit(
        "digest_sent", EDITOR, T0, details={"conversation": "19:abc", "blocks": 3}
    )

    assert event.kind == "digest_sent"
    assert await register.audit() == [event]
    assert event.details == {"conversation": "19:abc", "blocks": 3}


async def test_append_audit_refuses_an_unknown_kind(register: Register) -> None:
    with pytest.raises(RegisterError):
        await register.append_audit("made_up", EDITOR, T0)

    assert await register.audit() == []


async def test_audit_since_gives_a_period_with_the_earlier_events_it_names(register: Register) -> None:
    """From `since` on, everything; before it, only the history of the blocks and the checks that the
    later events name (what a month's report needs)."""
    since = datetime(2026, 6, 1, tzinfo=ZoneInfo("Europe/London"))  # 31 May 23:00 UTC
    may = datetime(2026, 5, 1, 9, tzinfo=UTC)

    async def check(account: str | None, check_id: str, at: datetime) -> None:
        await register.add_assessment(
            replace(assessment(account or "@x", at), account=account, check_id=check_id), EDITOR
        )

    await check("@old", "aa00000001", may)  # named by nothing later
    await check("@poster", "aa00000002", may + timedelta(days=19))  # a June block comes from it
    await check(None, "aa00000003", may + timedelta(days=24))  # a June verdict is given on it
    untouched = await register.add_block(new_block("@other"), EDITOR, may + timedelta(days=2))
    reviewed = await register.add_block(new_block("@abuser"), EDITOR, may + timedelta(days=4))
    await register.add_advice("@late", EDITOR, since - timedelta(microseconds=1))  # the same second
    await register.add_advice("@edge", EDITOR, since)
    await register.add_block(
        replace(new_block("@poster"), check_id="aa00000002"), EDITOR, since + timedelta(days=1)
    )
    await register.keep_block(
        reviewed.id, reviewed.revision, EDITOR, since + timedelta(days=2), "still abusive", date(2027, 1, 1)
    )
    await record_verdict(
        register,
        check_id="aa00000003",
        account=None,
        source="left",
        actor=EDITOR,
        at=since + timedelta(days=3),
    )

    found = await register.audit_since(since)

    def named(event: AuditEvent) -> str:
        check_id = event.details.get("check_id") if event.block_id is None else None
        return f"{event.kind} {event.account or ''} {check_id or ''}".strip()

    assert [named(e) for e in found] == [
        "assessed @poster aa00000002",
        "assessed  aa00000003",
        "block_created @abuser",
        "advised @edge",
        "block_created @poster",
        "block_kept @abuser",
        "verdict  aa00000003",
    ]
    assert untouched.id not in {e.block_id for e in found}
    assert [e.id for e in found] == [e.id for e in events_since(await register.audit(), since)]


# Account history ---------------------------------------------------------------------------------


async def test_assessments_are_kept_per_account_oldest_first(register: Register) -> None:
    await register.add_assessment(assessment("Poster", T0), EDITOR)
    await register.add_assessment(assessment("@someone", T0), EDITOR)
    await register.add_assessment(assessment("@poster", T0 + timedelta(days=2), "block"), OTHER)

    found = await register.assessments_for("@POSTER")

    assert [(a.at, a.action) for a in found] == [(T0, "hide"), (T0 + timedelta(days=2), "block")]
    assert all(a.account == "@poster" for a in found)
    assert found[0].redacted == "my neighbour [NAME] was on ward [REDACTED]"
    assert found[0].criteria == ("confidential",)
    assert found[0].platform == "x"
    assert [a.action for a in await register.assessments_for("poster", since=T0 + timedelta(days=1))] == [
        "block"
    ]
    assert [e.kind for e in await register.audit(account="@poster")] == ["assessed", "assessed"]


async def test_advice_is_kept_per_account(register: Register) -> None:
    await register.add_advice("Worried.Parent", EDITOR, T0)
    await register.add_advice("@worried.parent", OTHER, T0 + timedelta(days=1), note="use PALS")
    await register.add_advice("@someone", OTHER, T0)

    assert await register.advice_for("@worried.parent") == [T0, T0 + timedelta(days=1)]
    assert await register.advice_for("@nobody") == []
    events = await register.audit(account="worried.parent")
    assert [(e.kind, e.actor) for e in events] == [("advised", EDITOR), ("advised", OTHER)]


# Subscriptions and the digest claim --------------------------------------------------------------


async def test_subscriptions_are_saved_updated_and_listed(register: Register) -> None:
    channel = Subscription("19:channel-a@thread.tacv2", reference("19:channel-a@thread.tacv2"))
    await register.save_subscription(channel)
    await register.save_subscription(Subscription("19:channel-b", reference("19:channel-b")))

    gone = Subscription(channel.conversation_id, channel.reference, gone=True, gone_reason="403 from Teams")
    await register.save_subscription(gone)

    assert await register.get_subscription(channel.conversation_id) == gone
    assert await register.get_subscription("19:unknown") is None
    assert sorted(s.conversation_id for s in await register.subscriptions()) == [
        "19:channel-a@thread.tacv2",
        "19:channel-b",
    ]


async def test_subscribing_and_unsubscribing_are_audited(register: Register) -> None:
    channel = Subscription("19:channel-a", reference("19:channel-a"))
    await register.save_subscription(channel)
    await register.save_subscription(channel)  # a refreshed reference is not a new subscription
    await register.save_subscription(
        Subscription(channel.conversation_id, channel.reference, subscribed=False)
    )

    kinds = [e.kind for e in await register.audit()]

    assert kinds == ["subscribed", "unsubscribed"]


async def test_subscription_changes_are_audited_with_who_asked(register: Register) -> None:
    channel = Subscription("19:channel-a", reference("19:channel-a"))
    await register.save_subscription(channel, EDITOR)
    await register.save_subscription(replace(channel, subscribed=False), OTHER)
    await register.save_subscription(channel)  # the bot re-subscribing on its own
    await register.save_subscription(replace(channel, gone=True, gone_reason="403 from Teams"))

    events = await register.audit()

    assert [e.kind for e in events] == ["subscribed", "unsubscribed", "subscribed", "conversation_gone"]
    assert [e.actor for e in events[:2]] == [EDITOR, OTHER]
    assert events[2].actor == events[3].actor
    assert events[2].actor.name and events[2].actor not in (EDITOR, OTHER)
    assert all(e.details["conversation_id"] == "19:channel-a" for e in events)


async def test_a_new_conversation_s_reference_is_stored_subscribed_only_when_asked(
    register: Register,
) -> None:
    await register.save_reference("19:channel-a", reference("19:channel-a"), subscribe=True)
    await register.save_reference("a:chat-b", reference("a:chat-b"), subscribe=False)

    assert await register.subscriptions() == [
        Subscription("19:channel-a", reference("19:channel-a")),
        Subscription("a:chat-b", reference("a:chat-b"), subscribed=False),
    ]
    assert [(e.kind, e.details["conversation_id"]) for e in await register.audit()] == [
        ("subscribed", "19:channel-a")
    ]


async def test_a_stored_conversation_takes_the_new_reference_and_keeps_its_state(register: Register) -> None:
    long_reference = reference("19:channel-a") | {"note": "x" * 40_000}  # stored in several parts
    gone = Subscription("19:channel-a", long_reference, subscribed=True, gone=True, gone_reason="403")
    await register.save_subscription(gone)
    moved = reference("19:channel-a") | {"serviceUrl": "http://127.0.0.1:2/"}

    await register.save_reference("19:channel-a", moved, subscribe=False)

    assert await register.get_subscription("19:channel-a") == replace(gone, reference=moved)
    assert [e.kind for e in await register.audit()] == ["conversation_gone"]  # and nothing for the move


async def test_many_references_saved_at_once_for_one_conversation_all_succeed(register: Register) -> None:
    references = [reference("19:channel-a") | {"serviceUrl": f"http://127.0.0.1:{n}/"} for n in range(1, 21)]

    await asyncio.gather(*(register.save_reference("19:channel-a", r, subscribe=True) for r in references))

    [stored] = await register.subscriptions()
    assert stored.subscribed and stored.reference in references
    assert [e.kind for e in await register.audit()] == ["subscribed"]


async def test_the_digest_is_claimed_once_per_conversation_and_day(register: Register) -> None:
    day = date(2026, 12, 1)

    assert await register.claim_digest("19:a", day, "instance-1") is True
    assert await register.claim_digest("19:a", day, "instance-2") is False
    assert await register.claim_digest("19:b", day, "instance-2") is True
    assert await register.claim_digest("19:a", day + timedelta(days=1), "instance-2") is True
    # Its holder may take it again until the digest is sent (its first answer may have been lost)...
    assert await register.claim_digest("19:a", day, "instance-1") is True
    await register.settle_digest("19:a", day, "instance-1")
    # ...and once it is sent, nobody may: not the holder, not anyone else, whatever the lease.
    assert await register.claim_digest("19:a", day, "instance-1") is False
    assert await register.claim_digest("19:a", day, "instance-2", lease=timedelta(0)) is False


async def test_a_claim_whose_lease_ran_out_unsettled_is_taken_over(register: Register) -> None:
    day = date(2026, 12, 1)
    # A runner claims and dies before sending: its lease runs out (here at once).
    assert await register.claim_digest("19:a", day, "died", lease=timedelta(0)) is True
    assert await register.digest_claimant("19:a", day) is None
    stored = await register.digest_claim("19:a", day)
    assert stored is not None and (stored.claimant, stored.settled) == ("died", False)

    assert await register.claim_digest("19:a", day, "next") is True

    assert await register.digest_claimant("19:a", day) == "next"
    assert await register.claim_digest("19:a", day, "died") is False  # the new lease stands
    assert await register.claim_digest("19:a", day, "third") is False


async def test_a_settled_claim_stands_all_day_and_cannot_be_released(register: Register) -> None:
    day = date(2026, 12, 1)
    assert await register.claim_digest("19:a", day, "sender", lease=timedelta(0)) is True
    await register.settle_digest("19:a", day, "sender")
    await register.settle_digest("19:a", day, "sender")  # twice, as a retried write would

    await register.release_digest("19:a", day, "sender")

    assert await register.digest_claimant("19:a", day) == "sender"
    assert await register.claim_digest("19:a", day, "other") is False
    claim = await register.digest_claim("19:a", day)
    assert claim is not None and claim.settled


async def test_runners_taking_over_a_lapsed_claim_at_once_give_exactly_one_winner(register: Register) -> None:
    day = date(2026, 12, 1)
    assert await register.claim_digest("19:a", day, "died", lease=timedelta(0)) is True

    results = await asyncio.gather(*(register.claim_digest("19:a", day, f"runner-{n}") for n in range(10)))

    assert results.count(True) == 1
    assert await register.digest_claimant("19:a", day) == f"runner-{results.index(True)}"


async def test_a_negative_lease_is_refused(register: Register) -> None:
    with pytest.raises(RegisterError, match="lease"):
        await register.claim_digest("19:a", date(2026, 12, 1), "x", lease=timedelta(seconds=-1))
    assert await register.digest_claim("19:a", date(2026, 12, 1)) is None


async def test_concurrent_claims_give_exactly_one_winner(register: Register) -> None:
    day = date(2026, 12, 1)

    results = await asyncio.gather(*(register.claim_digest("19:a", day, f"runner-{n}") for n in range(20)))

    assert results.count(True) == 1


async def test_a_released_claim_can_be_claimed_again_by_another(register: Register) -> None:
    day = date(2026, 12, 1)
    assert await register.claim_digest("19:a", day, "instance-1") is True
    assert await register.claim_digest("19:b", day, "instance-1") is True

    await register.release_digest("19:a", day, "instance-1")

    assert await register.digest_claimant("19:a", day) is None
    assert await register.claim_digest("19:a", day, "instance-2") is True
    assert await register.digest_claimant("19:a", day) == "instance-2"
    # Only that conversation's claim on that day was given back.
    assert await register.claim_digest("19:b", day, "instance-2") is False


async def test_a_claim_is_released_only_by_its_holder(register: Register) -> None:
    day = date(2026, 12, 1)
    assert await register.claim_digest("19:a", day, "instance-1") is True

    await register.release_digest("19:a", day, "instance-2")
    await register.release_digest("19:a", day + timedelta(days=1), "instance-1")

    assert await register.digest_claimant("19:a", day) == "instance-1"
    assert await register.claim_digest("19:a", day, "instance-2") is False


async def test_releasing_an_unclaimed_day_does_nothing(register: Register) -> None:
    day = date(2026, 12, 1)

    await register.release_digest("19:a", day, "instance-1")
    await register.release_digest("19:a", day, "instance-1")  # twice, as a retried release would

    assert await register.digest_claimant("19:a", day) is None
    assert await register.claim_digest("19:a", day, "instance-1") is True


async def test_digest_claimant_names_the_holder_and_claims_nothing(register: Register) -> None:
    day = date(2026, 12, 1)
    assert await register.digest_claimant("19:a", day) is None  # asking does not claim
    assert await register.claim_digest("19:a", day, "runner@host:42") is True

    assert await register.digest_claimant("19:a", day) == "runner@host:42"
    assert await register.digest_claimant("19:a", day + timedelta(days=1)) is None
    assert await register.digest_claimant("19:b", day) is None


# Persistence -------------------------------------------------------------------------------------


async def test_everything_survives_closing_and_reopening(persistent_backend: Backend, tmp_path: Path) -> None:
    first = await persistent_backend.open(tmp_path)
    block = await first.add_block(new_block(), EDITOR, T0)
    kept = await first.keep_block(block.id, block.revision, OTHER, T0, "still abusive", date(2027, 1, 1))
    await first.add_assessment(assessment("@poster", T0), EDITOR)
    await first.add_advice("@poster", EDITOR, T0)
    await first.save_subscription(Subscription("19:a", reference("19:a")))
    assert await first.claim_digest("19:a", date(2026, 12, 1), "first") is True
    audit_before = await first.audit()
    await first.close()

    second = await persistent_backend.open(tmp_path)
    try:
        assert await second.get_block(block.id) == kept
        assert await second.active_blocks() == [kept]
        assert await second.audit() == audit_before
        assert [a.action for a in await second.assessments_for("poster")] == ["hide"]
        assert await second.advice_for("@poster") == [T0]
        assert await second.get_subscription("19:a") == Subscription("19:a", reference("19:a"))
        assert await second.claim_digest("19:a", date(2026, 12, 1), "second") is False
        assert await second.digest_claimant("19:a", date(2026, 12, 1)) == "first"
    finally:
        await second.close()


# Checks and the team's verdicts ------------------------------------------------------------------


async def test_a_check_is_stored_under_its_id_with_the_pack_version_with_or_without_an_account(
    register: Register,
) -> None:
    with_author = replace(assessment("@poster", T0), check_id="c0ffee0001", pack_version="2026.1")
    anonymous = replace(assessment("", T0 + timedelta(minutes=1)), account=None, check_id="c0ffee0002")
    await register.add_assessment(with_author, EDITOR)
    await register.add_assessment(anonymous, EDITOR)

    judged = judged_checks(await register.audit())
    assert [(j.check_id, j.check.account, j.check.pack_version) for j in judged] == [
        ("c0ffee0001", "@poster", "2026.1"),
        ("c0ffee0002", None, None),
    ]
    assert await register.assessments_for("@poster") == [with_author]


async def test_a_block_keeps_the_check_it_was_recorded_from(register: Register) -> None:
    added = await register.add_block(replace(new_block(), check_id="c0ffee0001"), EDITOR, T0)
    assert added.check_id == "c0ffee0001"
    assert (await register.get_block(added.id)).check_id == "c0ffee0001"
    [created] = await register.audit(block_id=added.id)
    assert created.details["check_id"] == "c0ffee0001"
    assert (await register.add_block(new_block(), EDITOR, T0)).check_id is None


async def test_a_verdict_is_kept_with_who_and_when(register: Register) -> None:
    await register.add_assessment(replace(assessment("@poster", T0), check_id="c0ffee0001"), EDITOR)
    await record_verdict(
        register,
        check_id="c0ffee0001",
        account="@poster",
        source="not_right",
        actor=OTHER,
        at=T0 + timedelta(hours=1),
        action="no_action",
        criteria=(),
        note="Only a complaint",
    )
    [judged] = judged_checks(await register.audit())
    assert judged.verdict is not None
    assert (judged.verdict.by, judged.verdict.at) == (OTHER, T0 + timedelta(hours=1))
    assert (judged.verdict.actions, judged.verdict.criteria, judged.verdict.note) == (
        ("no_action",),
        (),
        "Only a complaint",
    )
    assert judged.agrees is False

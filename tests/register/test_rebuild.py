"""Replaying the audit log (register/rebuild.py), including logs written before events carried enough
to rebuild from: what cannot come back is marked, never invented."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from register.model import Actor, AuditEvent, AuditKind
from register.rebuild import UNRECOVERED_RATIONALE, rebuild

EDITOR = Actor("Alex Smith", "11111111-aaaa-4bbb-8ccc-000000000001")
T0 = datetime(2026, 6, 1, 9, 30, tzinfo=UTC)


def event(kind: AuditKind, details: dict[str, Any], block_id: str | None = None) -> AuditEvent:
    return AuditEvent(f"e-{kind}", T0, kind, EDITOR, "@abuser" if block_id else None, block_id, details)


OLD_CREATED = event(
    "block_created", {"platform": "x", "criteria": ["spam"], "review_due": "2026-12-01"}, "b1"
)


def test_a_block_logged_before_rationales_were_logged_comes_back_saying_so() -> None:
    rebuilt = rebuild([OLD_CREATED])

    block = rebuilt.blocks["b1"]
    assert (block.rationale, block.evidence, block.link) == (UNRECOVERED_RATIONALE, "", None)
    assert (block.account, block.decided_by, block.decided_at) == ("@abuser", EDITOR, T0)
    assert rebuilt.blocks_without_rationale == {"b1"}


def test_reviews_replay_through_the_register_s_rules() -> None:
    kept = event("block_kept", {"reason": "still", "next_review": "2027-01-01", "previous_review": "x"}, "b1")
    lifted = event("block_lifted", {"reason": "apologised"}, "b1")

    block = rebuild([OLD_CREATED, kept, lifted]).blocks["b1"]

    assert (block.status, block.review_due) == ("lifted", date(2027, 1, 1))
    assert block.last_review == "lifted by Alex Smith on 2026-06-01: apologised"


def test_a_review_of_a_block_the_log_never_created_is_counted_not_invented() -> None:
    rebuilt = rebuild([event("block_snoozed", {"until": "2026-12-08"}, "b9")])

    assert rebuilt.blocks == {}
    assert rebuilt.orphan_events == 1


def test_a_subscription_logged_without_its_reference_cannot_be_restored() -> None:
    with_reference = event("subscribed", {"conversation_id": "19:a", "reference": {"serviceUrl": "u"}})
    without = event("subscribed", {"conversation_id": "19:b"})
    gone = event("conversation_gone", {"conversation_id": "19:a", "reason": "403"})

    rebuilt = rebuild([with_reference, without, gone])

    assert rebuilt.unreachable_subscriptions == {"19:b"}
    restored = rebuilt.subscriptions["19:a"]
    assert (restored.reference, restored.subscribed, restored.gone, restored.gone_reason) == (
        {"serviceUrl": "u"},
        True,
        True,
        "403",
    )

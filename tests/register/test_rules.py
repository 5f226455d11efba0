"""The register's backend-independent rules, as pure functions (the contract tests run them through
every backend)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any

import pytest

from register import rules
from register.base import Conflict, RegisterError
from register.model import Actor, NewBlock, Subscription

EDITOR = Actor("Alex Smith", "11111111-aaaa-4bbb-8ccc-000000000001")
T0 = datetime(2026, 6, 1, 9, 30, tzinfo=UTC)


def as_given(details: dict[str, Any]) -> dict[str, Any]:
    return dict(details)


def block() -> NewBlock:
    return NewBlock(
        platform="x",
        account=" @Abuser",
        criteria=("abusive",),
        rationale="Repeated abuse",
        evidence="[REDACTED]",
        review_due=date(2026, 12, 1),
    )


def subscription(subscribed: bool = True, gone: bool = False) -> Subscription:
    return Subscription("19:channel", {"conversation": {"id": "19:channel"}}, subscribed, gone, "left")


def test_a_new_block_is_active_with_its_account_spelt_one_way() -> None:
    recorded = rules.new_block(block(), EDITOR, T0, revision="r1")

    assert (recorded.account, recorded.status, recorded.revision) == ("@abuser", "active", "r1")


def test_the_same_request_id_gives_the_same_block_id() -> None:
    new = replace(block(), request_id="form-1")

    assert rules.new_block(new, EDITOR, T0, "a").id == rules.new_block(new, EDITOR, T0, "b").id


def test_a_kept_block_moves_its_review_and_says_who_kept_it() -> None:
    current = rules.new_block(block(), EDITOR, T0, revision="r1")

    change = rules.keep(EDITOR, T0, "still abusive", date(2027, 6, 1))
    kept, event = change.apply(current, "r1", read_back=as_given)

    assert kept.review_due == date(2027, 6, 1)
    assert kept.last_review == "kept by Alex Smith on 2026-06-01: still abusive"
    assert (event.kind, event.actor, event.block_id) == ("block_kept", EDITOR, current.id)
    assert event.details == {
        "reason": "still abusive",
        "next_review": "2027-06-01",
        "previous_review": "2026-12-01",
    }


def test_a_lifted_block_cannot_be_changed_again() -> None:
    current = rules.new_block(block(), EDITOR, T0, revision="r1")
    lifted, _ = rules.lift(EDITOR, T0, "apologised").apply(current, "r1", read_back=as_given)

    with pytest.raises(RegisterError, match="already been lifted"):
        rules.keep(EDITOR, T0, "still abusive", date(2027, 6, 1)).apply(lifted, "r1", read_back=as_given)


def test_a_stale_revision_is_a_conflict_showing_the_block_as_it_is() -> None:
    current = rules.new_block(block(), EDITOR, T0, revision="r2")

    with pytest.raises(Conflict) as raised:
        rules.snooze(EDITOR, T0, date(2026, 7, 1)).apply(current, "r1", read_back=as_given)
    assert raised.value.current == current


@pytest.mark.parametrize(
    ("before", "after", "kind"),
    [
        (None, subscription(), "subscribed"),
        (subscription(), subscription(subscribed=False), "unsubscribed"),
        (subscription(), subscription(gone=True), "conversation_gone"),
        (subscription(), subscription(), None),
        (subscription(gone=True), subscription(gone=True), None),
        (subscription(gone=True), subscription(), "subscribed"),
    ],
    ids=["subscribe", "unsubscribe", "gone", "unchanged", "still-gone", "back-from-gone"],
)
def test_only_a_change_of_subscription_state_is_audited(
    before: Subscription | None, after: Subscription, kind: str | None
) -> None:
    event = rules.subscription_event(before, after, EDITOR, T0, read_back=as_given)

    assert (event.kind if event is not None else None) == kind


def test_details_the_backend_cannot_store_are_refused() -> None:
    def refuse(details: dict[str, Any]) -> dict[str, Any]:
        raise TypeError("set cannot be stored")

    with pytest.raises(RegisterError, match="audit details cannot be stored"):
        rules.audit_event("advised", EDITOR, T0, account="@abuser", details={"x": {1}}, read_back=refuse)

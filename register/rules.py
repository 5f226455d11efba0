"""The register's rules, the same on every backend: which inputs are accepted, what recording, keeping,
lifting or snoozing a block does, and which audit event says so.

Pure functions over `register.model` records; the backends only store and read what these give them,
so a rule changed here changes on every backend at once and the contract tests hold them to it.

An audit event's details are stored as JSON, and a backend's encoding decides what a later read gives
back (a date becomes its ISO text, say). Functions that build an event therefore take `read_back`: the
backend's own round trip of the details, run before anything is written so that details that cannot be
stored are refused and the event handed back is exactly what the log will hold.

A block and the audit event of its latest creation or change are two writes, and either backend can
lose the second (a crash between them; on Azure a write or its reply lost). So the block carries that
event when it is written, its id derived from what it records (`register.ids.event_id_for`), and it
is appended once whatever happens: by the writer, by a retry of the same form or change, by the next
change to the block, or by the check every start and `socialdesk audit verify` make
(`missing_events`). A retried change that finds its own event on the block is the same change, done.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

from policy.identifiers import redact
from register.base import Conflict, RegisterError
from register.ids import block_id_for, event_id_for, new_id
from register.model import (
    Actor,
    AuditEvent,
    AuditKind,
    Block,
    DigestClaim,
    NewBlock,
    Subscription,
    normalise_account,
)
from register.rows import AUDIT_KINDS, time_text

# Who changed a subscription when the caller does not say (a channel found gone, say).
SYSTEM_ACTOR = Actor(name="Social Desk")

ReadBack = Callable[[dict[str, Any]], dict[str, Any]]


def account(handle: str) -> str:
    """The account's one spelling (`model.normalise_account`); an empty handle is refused."""
    normalised = normalise_account(handle)
    if normalised == "@":
        raise RegisterError("an account handle is needed")
    return normalised


def required(text: str, what: str) -> str:
    if not text.strip():
        raise RegisterError(f"a {what} is needed")
    return text


def free_text(text: str) -> str:
    """Free text as the register may store it: patient identifiers masked as in posts.

    People type what they see: a rationale, a review reason or a note can quote an NHS number or name
    a patient. Every backend stores what these rules hand it, so masking here keeps identifiers out of
    the register, the audit log and every export, whichever path the text came in by.
    """
    return redact(text)


def audit_kind(kind: str) -> AuditKind:
    if kind not in AUDIT_KINDS:
        raise RegisterError(f"unknown audit event kind {kind!r}")
    return kind  # type: ignore[return-value]  # checked against AUDIT_KINDS above


def audit_event(
    kind: str,
    actor: Actor,
    at: datetime,
    *,
    account: str | None = None,
    block_id: str | None = None,
    details: dict[str, Any] | None = None,
    read_back: ReadBack,
    event_id: str | None = None,
) -> AuditEvent:
    """A new audit event, checked: a known kind, a time with a zone, details the backend can store.
    Its id is `event_id` when what it records names it, a fresh one otherwise."""
    checked = audit_kind(kind)
    time_text(at)  # refuses a time without a zone before anything is written
    try:
        stored = read_back(details or {})
    except (TypeError, ValueError) as exc:
        raise RegisterError(f"audit details cannot be stored: {exc}") from exc
    return AuditEvent(
        id=event_id if event_id is not None else new_id(),
        at=at.astimezone(UTC),
        kind=checked,
        actor=actor,
        account=account,
        block_id=block_id,
        details=stored,
    )


# Recording a block ------------------------------------------------------------------------------------


def new_block(new: NewBlock, actor: Actor, at: datetime, revision: str) -> Block:
    """The active block that `new` records, decided by `actor` at `at`, with the backend's `revision`.
    Its id is derived from the request id when there is one (`register.ids`)."""
    time_text(at)
    return Block(
        id=block_id_for(new.request_id),
        platform=new.platform,
        account=account(new.account),
        criteria=tuple(new.criteria),
        rationale=free_text(required(new.rationale, "rationale")),
        # The evidence was redacted by the assessment, but the form lets it be edited: redact again.
        evidence=free_text(new.evidence),
        link=new.link,
        decided_by=actor,
        decided_at=at.astimezone(UTC),
        review_due=new.review_due,
        status="active",
        revision=revision,
        check_id=new.check_id,
    )


def block_created(
    block: Block, actor: Actor, at: datetime, *, read_back: ReadBack, rebuilt: bool = False
) -> AuditEvent:
    """The event recording the block's creation: one per block, its id derived from the block's.
    It holds everything the block was recorded with, so that the log alone can rebuild it."""
    details: dict[str, Any] = {
        "platform": block.platform,
        "criteria": list(block.criteria),
        "review_due": block.review_due.isoformat(),
        "rationale": block.rationale,
        "evidence": block.evidence,
        "link": block.link,
    }
    if block.check_id is not None:
        details["check_id"] = block.check_id
    if rebuilt:
        details["rebuilt"] = True
    return audit_event(
        "block_created",
        actor,
        at,
        account=block.account,
        block_id=block.id,
        details=details,
        read_back=read_back,
        event_id=event_id_for("block_created", block.id),
    )


def advice_details(note: str | None) -> dict[str, Any]:
    """The details of an "advised" event: the note, if any, with identifiers masked."""
    return {"note": free_text(note) if note is not None else None}


# Reviewing a block: keep, lift, snooze --------------------------------------------------------------------


@dataclass(frozen=True)
class BlockChange:
    """A review decision by `actor` at `at`, its inputs checked, to apply to the block as the backend
    reads it when it is about to write."""

    kind: AuditKind
    actor: Actor
    at: datetime
    # The changed block (its revision still the old one) and the audit event's details.
    changes: Callable[[Block], tuple[Block, dict[str, Any]]]
    # What the editor decided (reason, dates), as the event's details hold it.
    decision: dict[str, Any]

    def event_id(self, block_id: str, revision: str) -> str:
        """The id of the event recording this change made to `revision` of the block: a second try of
        the same change by the same person gives the same id, anyone else's change another."""
        who = self.actor.aad_object_id or f"name:{self.actor.name}"
        return event_id_for(self.kind, block_id, revision, who)

    def done_already(self, revision: str, carried: AuditEvent | None) -> bool:
        """Whether the event the block carries is this very change to `revision`, by the same person
        with the same decision: a retried Keep or Lift whose first try was written (its reply lost) is
        the editor's own, not someone else's."""
        if carried is None or carried.id != self.event_id(carried.block_id or "", revision):
            return False
        return all(carried.details.get(key) == value for key, value in self.decision.items())

    def apply(self, current: Block, revision: str, *, read_back: ReadBack) -> tuple[Block, AuditEvent]:
        """The changed block and the event that records the change. The change must name the block's
        current revision (else `Conflict`), and a lifted block cannot be reviewed again."""
        if current.revision != revision:
            raise Conflict(current)
        if current.status != "active":
            raise RegisterError(f"block {current.id} has already been lifted")
        changed, details = self.changes(current)
        event = audit_event(
            self.kind,
            self.actor,
            self.at,
            account=current.account,
            block_id=current.id,
            details=details,
            read_back=read_back,
            event_id=self.event_id(current.id, revision),
        )
        return changed, event


def _day(at: datetime) -> str:
    return at.astimezone(UTC).date().isoformat()


def keep(actor: Actor, at: datetime, reason: str, next_review: date) -> BlockChange:
    reason = free_text(required(reason, "reason"))
    time_text(at)
    note = f"kept by {actor.name} on {_day(at)}: {reason}"

    def changes(block: Block) -> tuple[Block, dict[str, Any]]:
        details = {
            "reason": reason,
            "next_review": next_review.isoformat(),
            "previous_review": block.review_due.isoformat(),
        }
        return replace(block, review_due=next_review, last_review=note), details

    decision = {"reason": reason, "next_review": next_review.isoformat()}
    return BlockChange("block_kept", actor, at, changes, decision)


def lift(actor: Actor, at: datetime, reason: str) -> BlockChange:
    reason = free_text(required(reason, "reason"))
    time_text(at)
    note = f"lifted by {actor.name} on {_day(at)}: {reason}"

    def changes(block: Block) -> tuple[Block, dict[str, Any]]:
        return replace(block, status="lifted", last_review=note), {"reason": reason}

    return BlockChange("block_lifted", actor, at, changes, {"reason": reason})


def snooze(actor: Actor, at: datetime, until: date) -> BlockChange:
    time_text(at)
    note = f"snoozed by {actor.name} on {_day(at)} until {until.isoformat()}"

    def changes(block: Block) -> tuple[Block, dict[str, Any]]:
        details = {"until": until.isoformat(), "previous_review": block.review_due.isoformat()}
        return replace(block, review_due=until, last_review=note), details

    return BlockChange("block_snoozed", actor, at, changes, {"until": until.isoformat()})


# The audit events blocks carry ----------------------------------------------------------------------------


def missing_events(
    block: Block,
    carried: AuditEvent | None,
    logged: Sequence[AuditEvent],
    *,
    read_back: ReadBack,
    rebuild_creation: bool = False,
) -> list[AuditEvent]:
    """What the audit log lacks for `block`, oldest first, given the event the block carries and the
    block's events already `logged`: the carried event if it is not there. With `rebuild_creation`
    (`socialdesk audit verify`), also a `block_created` rebuilt from the block itself (who decided,
    when, platform, criteria; marked `rebuilt`) for a block whose log has none and that does not carry
    one: a block recorded before blocks carried their events."""
    missing: list[AuditEvent] = []
    if carried is not None and carried.id not in {event.id for event in logged}:
        missing.append(carried)
    has_creation = any(event.kind == "block_created" for event in [*logged, *missing])
    if rebuild_creation and not has_creation:
        rebuilt = block_created(block, block.decided_by, block.decided_at, read_back=read_back, rebuilt=True)
        missing.append(rebuilt)
    return sorted(missing, key=lambda event: event.at)


# Subscriptions ------------------------------------------------------------------------------------------


def subscription_event(
    before: Subscription | None, after: Subscription, actor: Actor, at: datetime, *, read_back: ReadBack
) -> AuditEvent | None:
    """The event a saved subscription is audited with, or None when its state did not change: a
    conversation found gone, a subscribe (a channel found gone subscribing again included) or an
    unsubscribe. Each carries the conversation's reference, so that the log alone can rebuild it."""
    details: dict[str, Any] = {"conversation_id": after.conversation_id, "reference": after.reference}
    if after.gone and not (before is not None and before.gone):
        reason = details | {"reason": after.gone_reason}
        return audit_event("conversation_gone", actor, at, details=reason, read_back=read_back)
    was_subscribed = before is not None and before.subscribed
    was_receiving = was_subscribed and before is not None and not before.gone
    if after.subscribed and not after.gone and not was_receiving:
        return audit_event("subscribed", actor, at, details=details, read_back=read_back)
    if was_subscribed and not after.subscribed:
        return audit_event("unsubscribed", actor, at, details=details, read_back=read_back)
    return None


# The daily digest's claim ---------------------------------------------------------------------------------


def may_claim(existing: DigestClaim | None, claimant: str, now: datetime) -> bool:
    """Whether `claimant` may take the day's claim at `now`: nobody holds it; or it is not settled and
    either it is the claimant's own (taken again after its write's answer was lost, or by its next
    look) or its lease has run out (its runner died or hung between claiming and sending)."""
    if existing is None:
        return True
    if existing.settled:
        return False
    return existing.claimant == claimant or not existing.held(now)


def new_claim(claimant: str, now: datetime, lease: timedelta) -> DigestClaim:
    if lease < timedelta(0):
        raise RegisterError("a digest claim's lease cannot be negative")
    return DigestClaim(claimant, now + lease)

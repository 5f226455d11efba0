"""The register's records as JSON-ready rows and back: times as ISO 8601 UTC, dates as ISO dates.

Shared by backends so that every store writes the same shape. A row that cannot be turned back into
a record raises `RegisterError` naming where it came from.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, date, datetime
from typing import Any, cast, get_args

from register.base import RegisterError
from register.model import Actor, Assessment, AuditEvent, AuditKind, Block, DigestClaim, Subscription

AUDIT_KINDS: frozenset[str] = frozenset(get_args(AuditKind))


def time_text(at: datetime) -> str:
    """`at` in UTC as ISO 8601; a time without a zone is refused because its instant is unknown."""
    if at.tzinfo is None or at.utcoffset() is None:
        raise RegisterError("times given to the register must carry a time zone")
    return at.astimezone(UTC).isoformat()


@contextmanager
def damaged(
    what: str, source: str, errors: tuple[type[Exception], ...] = (KeyError, TypeError, ValueError)
) -> Iterator[None]:
    """Turn `errors` raised while reading `what` (e.g. "a block") into a `RegisterError` naming `source`."""
    try:
        yield
    except errors as exc:
        raise damage(what, source, exc) from exc


def damage(what: str, source: str, exc: Exception) -> RegisterError:
    """The error that says `what` in `source` could not be read, and why."""
    return RegisterError(f"{what} in {source} is damaged ({exc!r})")


def parse_time(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


def actor_row(actor: Actor) -> dict[str, Any]:
    return {"name": actor.name, "aad_object_id": actor.aad_object_id}


def actor_from(row: Mapping[str, Any]) -> Actor:
    return Actor(name=row["name"], aad_object_id=row.get("aad_object_id"))


def block_row(block: Block) -> dict[str, Any]:
    return {
        "id": block.id,
        "platform": block.platform,
        "account": block.account,
        "criteria": list(block.criteria),
        "rationale": block.rationale,
        "evidence": block.evidence,
        "link": block.link,
        "decided_by": actor_row(block.decided_by),
        "decided_at": time_text(block.decided_at),
        "review_due": block.review_due.isoformat(),
        "status": block.status,
        "revision": block.revision,
        "last_review": block.last_review,
    } | ({"check_id": block.check_id} if block.check_id is not None else {})


def block_from(row: Mapping[str, Any], source: str) -> Block:
    with damaged("a block", source):
        status = row["status"]
        if status not in ("active", "lifted"):
            raise ValueError(f"unknown status {status!r}")
        return Block(
            id=row["id"],
            platform=row["platform"],
            account=row["account"],
            criteria=tuple(row["criteria"]),
            rationale=row["rationale"],
            evidence=row["evidence"],
            link=row.get("link"),
            decided_by=actor_from(row["decided_by"]),
            decided_at=parse_time(row["decided_at"]),
            review_due=date.fromisoformat(row["review_due"]),
            status=status,
            revision=row["revision"],
            last_review=row.get("last_review"),
            check_id=row.get("check_id"),
        )


def event_row(event: AuditEvent) -> dict[str, Any]:
    return {
        "id": event.id,
        "at": time_text(event.at),
        "kind": event.kind,
        "actor": actor_row(event.actor),
        "account": event.account,
        "block_id": event.block_id,
        "details": event.details,
    }


# The key under which a stored block keeps the audit event of its latest write (`register.rules`).
CARRIED_EVENT = "event"


def carried_event(row: Mapping[str, Any], source: str) -> AuditEvent | None:
    """The audit event a stored block carries, or None (a block stored before blocks carried one)."""
    carried = row.get(CARRIED_EVENT)
    return None if carried is None else event_from(carried, source)


def event_from(row: Mapping[str, Any], source: str) -> AuditEvent:
    # A plain try rather than `damaged`: a month's report decodes tens of thousands of events, and
    # the context manager's generator was a fifth of that cost.
    try:
        kind = row["kind"]
        if kind not in AUDIT_KINDS:
            raise ValueError(f"unknown kind {kind!r}")
        return AuditEvent(
            id=row["id"],
            at=parse_time(row["at"]),
            kind=cast(AuditKind, kind),
            actor=actor_from(row["actor"]),
            account=row.get("account"),
            block_id=row.get("block_id"),
            details=dict(row.get("details") or {}),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise damage("an audit event", source, exc) from exc


def assessment_details(assessment: Assessment) -> dict[str, Any]:
    """What an "assessed" event keeps: the redacted text only, never the full post."""
    details: dict[str, Any] = {
        "platform": assessment.platform,
        "redacted": assessment.redacted,
        "action": assessment.action,
        "criteria": list(assessment.criteria),
    }
    if assessment.check_id is not None:
        details["check_id"] = assessment.check_id
        details["pack_version"] = assessment.pack_version
    return details


def assessment_from(event: AuditEvent, source: str) -> Assessment:
    with damaged("an assessment", source, (KeyError, TypeError)):
        details = event.details
        return Assessment(
            account=event.account,
            platform=details.get("platform"),
            at=event.at,
            redacted=details["redacted"],
            action=details["action"],
            criteria=tuple(details["criteria"]),
            check_id=details.get("check_id"),
            pack_version=details.get("pack_version"),
        )


def subscription_row(subscription: Subscription) -> dict[str, Any]:
    return {
        "conversation_id": subscription.conversation_id,
        # Copied both ways so that nobody holding a Subscription can change the stored one by accident.
        "reference": copy.deepcopy(subscription.reference),
        "subscribed": subscription.subscribed,
        "gone": subscription.gone,
        "gone_reason": subscription.gone_reason,
    }


def subscription_from(row: Mapping[str, Any], source: str) -> Subscription:
    with damaged("a subscription", source):
        return Subscription(
            conversation_id=row["conversation_id"],
            reference=copy.deepcopy(dict(row["reference"])),
            subscribed=bool(row["subscribed"]),
            gone=bool(row["gone"]),
            gone_reason=row.get("gone_reason"),
        )


def claim_row(claim: DigestClaim) -> dict[str, Any]:
    """A digest claim's own fields (the conversation and the day are the row's key)."""
    expires = time_text(claim.expires) if claim.expires is not None else None
    return {"claimant": claim.claimant, "expires": expires, "settled": claim.settled}


def claim_from(row: Mapping[str, Any], source: str) -> DigestClaim:
    with damaged("a digest claim", source):
        expires = row.get("expires")
        return DigestClaim(
            claimant=str(row["claimant"]),
            expires=parse_time(expires) if expires else None,
            settled=bool(row.get("settled", False)),
        )

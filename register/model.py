"""Records the register keeps. Plain, immutable data; backends turn them into rows and back."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal

BlockStatus = Literal["active", "lifted"]
AuditKind = Literal[
    "block_created",
    "block_kept",
    "block_lifted",
    "block_snoozed",
    "advised",
    "assessed",
    "subscribed",
    "unsubscribed",
    "digest_sent",
    "conversation_gone",
    "verdict",
]


@dataclass(frozen=True)
class Actor:
    """Who did something: the Teams user's display name and Azure AD object id."""

    name: str
    aad_object_id: str | None = None


@dataclass(frozen=True)
class NewBlock:
    """What an editor submits to record a block. Evidence must already be redacted."""

    platform: str
    account: str
    criteria: tuple[str, ...]
    rationale: str
    evidence: str
    review_due: date
    link: str | None = None
    # The id of the form that was submitted: submitting the same form again (a double click, a retried
    # request) gives back the block it recorded the first time instead of recording a second one.
    request_id: str | None = None
    # The check (assessment card) the block was recorded from, if any: the block links to it.
    check_id: str | None = None


@dataclass(frozen=True)
class Block:
    id: str
    platform: str
    account: str
    criteria: tuple[str, ...]
    rationale: str
    evidence: str
    link: str | None
    decided_by: Actor
    decided_at: datetime
    review_due: date
    status: BlockStatus
    # Changes with every update; an update naming a stale revision is refused (optimistic concurrency).
    revision: str
    last_review: str | None = None  # e.g. "kept by A. Smith on 2026-12-01: still abusive"
    check_id: str | None = None  # the check it was recorded from (`Assessment.check_id`), if any


@dataclass(frozen=True)
class AuditEvent:
    id: str
    at: datetime
    kind: AuditKind
    actor: Actor
    account: str | None = None
    block_id: str | None = None
    details: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Assessment:
    """One post checked against the policy; the text is stored redacted, never in full.

    Stored under `check_id` (the "Check" reference on the assessment card) with the pack version that
    judged it, so the team's verdict on it and a block recorded from it can name it. `account` is None
    for a post whose author was not given (it has no history, but it is still a check)."""

    account: str | None
    platform: str | None
    at: datetime
    redacted: str
    action: str
    criteria: tuple[str, ...]
    check_id: str | None = None
    pack_version: str | None = None


@dataclass(frozen=True)
class Subscription:
    """A conversation (usually a team channel) that receives the daily review digest."""

    conversation_id: str
    reference: dict[str, Any]  # a serialised Bot Framework ConversationReference
    subscribed: bool = True
    gone: bool = False
    gone_reason: str | None = None


@dataclass(frozen=True)
class DigestClaim:
    """A runner's claim on one conversation's digest for one day: a lease until `expires`, then
    `settled` once the digest was sent (or is not to be tried again that day, e.g. the channel is gone).
    `expires` is None for a claim made before claims expired: it never does."""

    claimant: str
    expires: datetime | None
    settled: bool = False

    def held(self, now: datetime) -> bool:
        """Whether the claim still stands at `now`: settled, or its lease not yet run out."""
        return self.settled or self.expires is None or now < self.expires


def normalise_account(handle: str) -> str:
    """One spelling per account: trimmed, lower case, with a leading @ (`Foo ` and `@foo` are one)."""
    h = handle.strip().lower()
    return h if h.startswith("@") else f"@{h}"


def due_order(block: Block) -> tuple[date, str, str]:
    """The order of blocks due for review, as the daily digest lists them: most overdue first, then
    by account and id."""
    return (block.review_due, block.account, block.id)

"""The register's storage interface. Backends: TinyDB (embedded default), Azure Table Storage.

Every method is a coroutine so that a blocking engine can run off the event loop. Updates to a
block name the revision they were based on; a stale revision raises `Conflict` with the current
state, so two people (or two instances) acting at once cannot overwrite each other.

Recording a block with a `NewBlock.request_id` is idempotent: the same request id again returns the
block recorded the first time, with no second audit event.

Every block ends with exactly one audit event per write, even when the second of the two writes (the
block, then its event) is lost: the block carries its event until it is in the log (`register.rules`),
and a retry, the next change, the next start and `complete_audit` append it once. A Keep, Lift or
Snooze retried after its first try was written returns the block, not `Conflict`.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta
from typing import Any, Protocol

from register.chain import ChainResult
from register.model import Actor, Assessment, AuditEvent, Block, DigestClaim, NewBlock, Subscription

# How long a digest claim stands before another runner may take it over: longer than a send with all
# its retries takes, short enough that a channel whose runner died still gets its digest that morning.
DIGEST_LEASE = timedelta(minutes=10)


class RegisterError(Exception):
    """The register cannot do what was asked; the message is safe to show to a user."""


class NotFound(RegisterError):
    pass


class RegisterUnavailable(RegisterError):
    """The register could not be reached in time (an outage, a frozen service, a passed deadline):
    nothing may have been done, or it may have been done without an answer."""


class Conflict(RegisterError):
    """Someone else changed the block first; `current` is what it is now."""

    def __init__(self, current: Block) -> None:
        super().__init__(f"block {current.id} was changed by someone else")
        self.current = current


class Register(Protocol):
    # Blocks
    async def add_block(self, new: NewBlock, actor: Actor, at: datetime) -> Block: ...
    async def get_block(self, block_id: str) -> Block: ...
    async def active_blocks(self) -> list[Block]:
        """Active blocks, earliest review first."""
        ...

    async def due_blocks(self, on: date) -> list[Block]:
        """Active blocks whose review is due on or before `on`: most overdue first (then by account
        and id), the order of the daily digest. Cheap enough to call for every digest and `reviews`."""
        ...

    async def all_blocks(self) -> list[Block]:
        """Every block, active or lifted, oldest decision first (for migration and export)."""
        ...

    async def blocks_for(self, account: str) -> list[Block]: ...
    async def keep_block(
        self, block_id: str, revision: str, actor: Actor, at: datetime, reason: str, next_review: date
    ) -> Block: ...
    async def lift_block(
        self, block_id: str, revision: str, actor: Actor, at: datetime, reason: str
    ) -> Block: ...
    async def snooze_block(
        self, block_id: str, revision: str, actor: Actor, at: datetime, until: date
    ) -> Block: ...

    # Account history
    async def add_assessment(self, assessment: Assessment, actor: Actor) -> None: ...
    async def add_advice(self, account: str, actor: Actor, at: datetime, note: str | None = None) -> None: ...
    async def assessments_for(self, account: str, since: datetime | None = None) -> list[Assessment]: ...
    async def advice_for(self, account: str) -> list[datetime]: ...

    # Audit log: append-only, oldest first
    async def audit(self, account: str | None = None, block_id: str | None = None) -> list[AuditEvent]: ...
    async def audit_since(self, since: datetime) -> list[AuditEvent]:
        """The events at or after `since` and the earlier events they refer to: the history of each
        block they name and each check they name (`register.window`), oldest first. For reading one
        period (the monthly report) without the whole log."""
        ...

    async def append_audit(
        self,
        kind: str,
        actor: Actor,
        at: datetime,
        account: str | None = None,
        block_id: str | None = None,
        details: dict[str, Any] | None = None,
    ) -> AuditEvent: ...

    async def verify_chain(self, marks: Mapping[str, int] | None = None) -> list[tuple[str, ChainResult]]:
        """Recompute the audit log's hash chains (`register.chain`): one per chain the backend keeps,
        each named ("" for the one chain of the embedded register, the account on Azure). `marks`
        names, by chain, a position whose recomputed hash to report (`ChainResult.marked`)."""
        ...

    async def complete_audit(self, *, rebuild_creation: bool = False) -> int:
        """Append every audit event a block carries that the log lacks; with `rebuild_creation`, also a
        `block_created` rebuilt from the block for one whose log has none. Returns how many."""
        ...

    # Review-digest subscriptions and the once-a-day claim
    async def save_subscription(self, subscription: Subscription, actor: Actor | None = None) -> None:
        """Add or replace the conversation's subscription; a change of state is audited with `actor`
        (the editor who asked), or with the register's own name when no one did."""
        ...

    async def save_reference(
        self, conversation_id: str, reference: dict[str, Any], *, subscribe: bool
    ) -> None:
        """Keep where to reach a conversation (bookkeeping, for proactive messages). A conversation not
        stored yet is added, subscribed when `subscribe` (audited as a subscription); a stored one keeps
        its subscription state and takes this reference, the last writer winning. Never a `Conflict`:
        callers write only when the reference changed, and several may write at once."""
        ...

    async def subscriptions(self) -> list[Subscription]: ...
    async def get_subscription(self, conversation_id: str) -> Subscription | None: ...
    async def claim_digest(
        self, conversation_id: str, day: date, claimant: str, lease: timedelta = DIGEST_LEASE
    ) -> bool:
        """Claim the conversation's digest for the day, for `lease` from now (this register's clock).
        True for one caller at a time across processes and instances: when nobody holds the claim, when
        `claimant` holds it already and it is not settled (its own claim whose answer was lost, or its
        own next look), or when the holder's lease ran out before it settled (it died or hung).
        Never once the claim is settled (`settle_digest`)."""
        ...

    async def settle_digest(self, conversation_id: str, day: date, claimant: str) -> None:
        """Record that the day's digest was sent (or is not to be tried again today, the conversation
        being gone or refusing it): the claim then stands all day and nobody may take it."""
        ...

    async def release_digest(self, conversation_id: str, day: date, claimant: str) -> None:
        """Give up the day's claim so that a later run may claim and send again, but only while
        `claimant` still holds it and it is not settled: a release by anyone else, of a settled claim,
        or of a day nobody claimed, does nothing. For a digest that could not be sent."""
        ...

    async def digest_claim(self, conversation_id: str, day: date) -> DigestClaim | None:
        """The day's claim for the conversation as stored (held, lapsed or settled), or None. Reads only."""
        ...

    async def digest_claimant(self, conversation_id: str, day: date) -> str | None:
        """Who holds the day's claim for the conversation now (settled, or within its lease), or None
        if nobody does. Reads only."""
        ...

    async def close(self) -> None: ...

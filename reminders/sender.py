"""One run of the daily digest: for each subscribed conversation, claim the day, then send its digest.

The order matters. The day is claimed in the register before anything is sent, so a restarted bot,
the in-process job, `remind --once` from cron and a second instance on the same register can all run
at the same minute and each channel still gets one digest. A claim is a lease (`DigestConfig.lease`):
a runner that dies or hangs between claiming and sending loses it when the lease runs out, and the next
run sends; a runner may take its own unsettled claim again (a claim whose write landed but whose answer
was lost, or its next look). A sent digest settles the claim; so do one to a conversation found gone
and one refused for another reason (a 400, or a bug), which would fail again at every look until
monitored hours end and are reported instead. A digest whose sending fails in an outage (408, 429,
5xx or no answer, still failing after the retries) gives the claim back, so a later run that day (the
in-process job's next look, or `remind --once`) can claim and send it. Each conversation is on its
own: the register or Teams failing for one (its claim lost, say) is reported as that one's failure
and the run goes on to the others.

Sending itself is passed in (`Deliver`), so this module knows nothing of the Bot Framework: the bot's
adapter is wrapped by `dialogs.proactive.adapter_delivery`. A delivery fails with `DeliveryError`:
403 or 404 means the bot was removed from the conversation, which is marked gone and never tried again;
429, 408 and 5xx are retried with backoff (honouring Retry-After); anything else is reported.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any, Literal

from tenacity import AsyncRetrying, RetryCallState, retry_if_exception, stop_after_attempt

from cards.digest import MAX_DIGEST_BLOCKS, digest_card, digest_summary
from observe import telemetry
from policy.hours import next_monitored_day
from policy.pack import PolicyPack
from register.base import Register, RegisterError
from register.model import Actor, Subscription
from reminders.config import DigestConfig
from reminders.due import Digest, build_digest, digest_json
from reminders.schedule import SendDecision, decide

log = logging.getLogger(__name__)

Card = dict[str, Any]
# Sends `card` (with the notification `summary`) to the subscription's conversation; returns the new
# message's id when the channel gives one.
Deliver = Callable[[Subscription, Card, str], Awaitable[str | None]]
OutcomeKind = Literal["sent", "already_sent", "nothing_due", "gone", "failed", "would_send"]

DIGEST_ACTOR = Actor(name="Social Desk (daily digest)")
GONE_STATUSES = frozenset({403, 404})
RETRY_STATUSES = frozenset({408, 429})


class DeliveryError(Exception):
    """Sending to a conversation failed; `status` is the HTTP status the channel answered, if any."""

    def __init__(self, message: str, status: int | None = None, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.retry_after = retry_after

    @property
    def gone(self) -> bool:
        return self.status in GONE_STATUSES

    @property
    def transient(self) -> bool:
        # No status at all means the request never got an answer (connection refused, timeout).
        return self.status is None or self.status in RETRY_STATUSES or self.status >= 500


@dataclass(frozen=True)
class RetryPolicy:
    """How long to keep trying a transient failure: `attempts` tries, waits doubling up to `max_wait`."""

    attempts: int = 5
    first_wait: float = 2.0
    max_wait: float = 60.0

    def wait(self, state: RetryCallState) -> float:
        exponential = self.first_wait * 2 ** (state.attempt_number - 1)
        outcome = state.outcome
        error = outcome.exception() if outcome is not None else None
        asked = error.retry_after if isinstance(error, DeliveryError) and error.retry_after else 0.0
        return float(min(self.max_wait, max(exponential, asked)))


@dataclass(frozen=True)
class Outcome:
    conversation_id: str
    kind: OutcomeKind
    blocks: int = 0
    detail: str | None = None
    activity_id: str | None = None
    # On "already_sent": True when another runner holds the claim but has not settled it yet (it is
    # sending now, or died and its lease will run out), so a later look must check again.
    pending: bool | None = None


@dataclass(frozen=True)
class RunReport:
    """What one run decided and did; `digests` are what was (or, in a dry run, would be) sent."""

    now: datetime
    decision: SendDecision
    outcomes: tuple[Outcome, ...] = ()
    digests: tuple[dict[str, Any], ...] = field(default=())

    def as_json(self) -> dict[str, Any]:
        """The shape `remind` prints: {"now", "monitored", "reason"?, "digests", "outcomes"}."""
        result: dict[str, Any] = {
            "now": self.now.isoformat(),
            "day": self.decision.day.isoformat(),
            "monitored": self.decision.monitored,
            "send": self.decision.send,
        }
        if self.decision.reason:
            result["reason"] = self.decision.reason
        result["digests"] = list(self.digests)
        result["outcomes"] = [
            {k: v for k, v in outcome.__dict__.items() if v is not None} for outcome in self.outcomes
        ]
        return result

    def count(self, kind: OutcomeKind) -> int:
        return sum(1 for outcome in self.outcomes if outcome.kind == kind)

    @property
    def unfinished(self) -> bool:
        """Whether a later look today may still have something to send: a failure, or a claim held by
        another runner that has not settled it."""
        return any(outcome.kind == "failed" or outcome.pending for outcome in self.outcomes)


def _message_for(digest: Digest, pack: PolicyPack) -> tuple[Card, str]:
    blocks = [entry.block for entry in digest.due]
    card = digest_card(
        digest.day,
        blocks,
        pack,
        today=digest.day,
        snooze_until=next_monitored_day(digest.day, pack.hours),
    )
    summary = digest_summary(blocks, digest.day) if blocks else "Nothing due for review today"
    return card, summary


class DigestRun:
    """Sends the day's digests. Build one per run or keep one: it holds no state between runs."""

    def __init__(
        self,
        register: Register,
        pack: PolicyPack,
        config: DigestConfig,
        deliver: Deliver | None,
        *,
        retry: RetryPolicy | None = None,
    ) -> None:
        self._register = register
        self._pack = pack
        self._config = config
        self._deliver = deliver
        self._retry = retry or RetryPolicy()

    async def run(self, now: datetime, *, dry_run: bool = False) -> RunReport:
        """Send (or with `dry_run`, only list) the digests due at `now`; claims nothing when dry."""
        decision = decide(now, self._pack, self._config.send_time)
        if not decision.send:
            return RunReport(now, decision)
        subscriptions = [s for s in await self._register.subscriptions() if s.subscribed and not s.gone]
        if not subscriptions:
            return RunReport(now, decision)
        digest = build_digest(await self._register.due_blocks(decision.day), decision.day)
        if digest.empty and not self._config.notify_nothing_due:
            outcomes = tuple(Outcome(s.conversation_id, "nothing_due") for s in subscriptions)
            return RunReport(now, decision, outcomes)
        as_json = tuple(digest_json(s.conversation_id, digest) for s in subscriptions)
        if dry_run:
            outcomes = tuple(Outcome(s.conversation_id, "would_send", len(digest.due)) for s in subscriptions)
            return RunReport(now, decision, outcomes, await self._with_claims(as_json, digest))
        card, summary = _message_for(digest, self._pack)
        results: list[Outcome] = []
        sent: list[dict[str, Any]] = []
        for subscription, shown in zip(subscriptions, as_json, strict=True):
            outcome = await self._send_one(subscription, digest, card, summary, now)
            telemetry.current().digest(outcome.kind)  # sent and failed are counted, when telemetry is on
            results.append(outcome)
            if outcome.kind == "sent":
                sent.append(shown)
        return RunReport(now, decision, tuple(results), tuple(sent))

    async def _with_claims(
        self, as_json: tuple[dict[str, Any], ...], digest: Digest
    ) -> tuple[dict[str, Any], ...]:
        """The dry run's digests, each saying whether the day's is already claimed (sent or being sent)."""
        shown = []
        for entry in as_json:
            claimant = await self._register.digest_claimant(entry["conversation"], digest.day)
            shown.append(entry | {"already_sent": claimant is not None})
        return tuple(shown)

    async def _send_one(
        self, subscription: Subscription, digest: Digest, card: Card, summary: str, now: datetime
    ) -> Outcome:
        conversation = subscription.conversation_id
        claimant = self._config.claimant
        try:
            claimed = await self._register.claim_digest(
                conversation, digest.day, claimant, self._config.lease
            )
        except RegisterError as exc:
            # The claim may have landed with its answer lost: this runner may take it again later,
            # anyone else once its lease runs out.
            log.error("digest for %s on %s could not be claimed: %s", conversation, digest.day, exc)
            return Outcome(conversation, "failed", len(digest.due), f"the day's claim failed: {exc}")
        if not claimed:
            log.info("digest for %s on %s was already claimed", conversation, digest.day)
            pending = await self._claimed_unsettled(conversation, digest)
            return Outcome(conversation, "already_sent", len(digest.due), pending=pending or None)
        try:
            activity_id = await self._deliver_with_retry(subscription, card, summary)
        except DeliveryError as exc:
            if exc.gone:
                await self._settle(conversation, digest)
                return await self._mark_gone(subscription, exc)
            log.error("digest for %s not delivered: %s (status %s)", conversation, exc, exc.status)
            # Only an outage is worth another try later today; a refusal (400) would fail all day.
            if exc.transient:
                await self._release(conversation, digest)
            else:
                await self._settle(conversation, digest)
            return Outcome(conversation, "failed", len(digest.due), f"{exc} (status {exc.status})")
        except Exception as exc:  # a bug or an unexpected SDK error must not stop the other channels
            # Settled: a bug would fail again at every check until monitored hours end.
            log.exception("digest for %s not delivered", conversation)
            await self._settle(conversation, digest)
            return Outcome(conversation, "failed", len(digest.due), type(exc).__name__)
        recorded = await self._settle(conversation, digest)
        try:
            await self._register.append_audit(
                "digest_sent",
                DIGEST_ACTOR,
                now,
                details={
                    "conversation_id": conversation,
                    "day": digest.day.isoformat(),
                    "blocks": digest.block_ids()[:MAX_DIGEST_BLOCKS],
                    "due": len(digest.due),
                    "overdue": digest.overdue_count,
                    "claimant": claimant,
                },
            )
        except RegisterError as exc:
            log.error("digest for %s was sent but its audit event was not written: %s", conversation, exc)
            recorded = False
        log.info("digest for %s sent: %d block(s) due", conversation, len(digest.due))
        detail = None if recorded else "sent, but the register could not record it"
        return Outcome(conversation, "sent", len(digest.due), detail=detail, activity_id=activity_id)

    async def _claimed_unsettled(self, conversation: str, digest: Digest) -> bool:
        """Whether the claim that refused this runner is still unsettled (if unsure, yes: look again)."""
        try:
            claim = await self._register.digest_claim(conversation, digest.day)
        except RegisterError:
            return True
        return claim is not None and not claim.settled

    async def _settle(self, conversation: str, digest: Digest) -> bool:
        """Settle the day's claim; False (logged) if the register failed: the claim then runs out with
        its lease, and a later run may send the digest a second time."""
        try:
            await self._register.settle_digest(conversation, digest.day, self._config.claimant)
        except RegisterError as exc:
            log.error("digest claim for %s on %s could not be settled: %s", conversation, digest.day, exc)
            return False
        return True

    async def _release(self, conversation: str, digest: Digest) -> None:
        """Give back the day's claim after a failed send, so that a later run can try again."""
        try:
            await self._register.release_digest(conversation, digest.day, self._config.claimant)
        except RegisterError as exc:
            # The claim stays: no digest today for this channel, but no duplicate either.
            log.error("digest claim for %s on %s could not be released: %s", conversation, digest.day, exc)
            return
        log.info("digest claim for %s on %s released for a later run", conversation, digest.day)

    async def _deliver_with_retry(self, subscription: Subscription, card: Card, summary: str) -> str | None:
        deliver = self._deliver
        if deliver is None:
            raise DeliveryError("no way to send: the run was set up without a delivery")

        def should_retry(exc: BaseException) -> bool:
            return isinstance(exc, DeliveryError) and exc.transient

        def before_sleep(state: RetryCallState) -> None:
            error = state.outcome.exception() if state.outcome is not None else None
            log.warning(
                "digest for %s: attempt %d failed (%s), retrying",
                subscription.conversation_id,
                state.attempt_number,
                getattr(error, "status", None),
            )

        retrying = AsyncRetrying(
            stop=stop_after_attempt(self._retry.attempts),
            wait=self._retry.wait,
            retry=retry_if_exception(should_retry),
            before_sleep=before_sleep,
            reraise=True,
        )
        async for attempt in retrying:
            with attempt:
                return await deliver(subscription, card, summary)
        raise AssertionError("unreachable: tenacity either returns or re-raises")  # pragma: no cover

    async def _mark_gone(self, subscription: Subscription, exc: DeliveryError) -> Outcome:
        reason = f"the channel answered {exc.status}: the bot was removed or cannot post here"
        try:
            # The register audits the change to gone as a "conversation_gone" event.
            await self._register.save_subscription(replace(subscription, gone=True, gone_reason=reason))
        except RegisterError as error:
            # Its claim is settled, so no more sends today; the next day's run finds it gone again.
            log.error(
                "conversation %s is gone but could not be marked so: %s", subscription.conversation_id, error
            )
        log.warning(
            "conversation %s is gone (status %s); it gets no more digests",
            subscription.conversation_id,
            exc.status,
        )
        return Outcome(subscription.conversation_id, "gone", detail=reason)

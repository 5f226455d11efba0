"""The register as its audit log tells it: blocks, their reviews, and subscriptions, replayed in order.

Pure: events in, records out. `socialdesk repair` (register.repair) stores what this gives back.
Advice and assessments need no replaying: they are audit events themselves.

Each block is replayed from its `block_created` event through the same rules that changed it
(`register.rules`: keep, lift, snooze), so a rebuilt block reads as the original did. A subscription
is replayed from its `subscribed`, `unsubscribed` and `conversation_gone` events.

What a log written before these events carried everything cannot give back:
- a block created before `block_created` held the rationale, evidence and link (until issue 10) comes
  back with `UNRECOVERED_RATIONALE`, no evidence and no link;
- a subscription whose events hold no conversation reference cannot be restored (the bot stores it
  again at the next message in that conversation; a team channel is subscribed again then);
- a conversation that never subscribed (a personal or group chat) was never audited: its reference is
  stored again at its next message;
- a reference that changed later (a new service URL) is stored again at the next message too.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from register import rules
from register.model import AuditEvent, Block, Subscription

UNRECOVERED_RATIONALE = "[not in the audit log: recorded before the log kept rationales]"


@dataclass
class Rebuilt:
    blocks: dict[str, Block] = field(default_factory=dict)
    subscriptions: dict[str, Subscription] = field(default_factory=dict)
    blocks_without_rationale: set[str] = field(default_factory=set)
    # Conversations whose events carry no reference: they cannot be restored from the log.
    unreachable_subscriptions: set[str] = field(default_factory=set)
    # Review events of blocks whose `block_created` is not in the log.
    orphan_events: int = 0


def _created(event: AuditEvent) -> Block:
    details = event.details
    return Block(
        id=str(event.block_id),
        platform=details["platform"],
        account=str(event.account),
        criteria=tuple(details["criteria"]),
        rationale=details.get("rationale") or UNRECOVERED_RATIONALE,
        evidence=details.get("evidence") or "",
        link=details.get("link"),
        decided_by=event.actor,
        decided_at=event.at,
        review_due=date.fromisoformat(details["review_due"]),
        status="active",
        revision="",
        check_id=details.get("check_id"),
    )


def _reviewed(block: Block, event: AuditEvent) -> Block:
    details = event.details
    if event.kind == "block_kept":
        change = rules.keep(
            event.actor, event.at, details["reason"], date.fromisoformat(details["next_review"])
        )
    elif event.kind == "block_lifted":
        change = rules.lift(event.actor, event.at, details["reason"])
    else:
        change = rules.snooze(event.actor, event.at, date.fromisoformat(details["until"]))
    changed, _ = change.changes(block)
    return changed


def _subscription(before: Subscription | None, event: AuditEvent) -> Subscription:
    details: dict[str, Any] = event.details
    conversation_id = str(details["conversation_id"])
    reference = details.get("reference") or (before.reference if before is not None else {})
    current = before or Subscription(conversation_id=conversation_id, reference=reference)
    current = replace(current, reference=reference)
    if event.kind == "subscribed":
        return replace(current, subscribed=True, gone=False, gone_reason=None)
    if event.kind == "unsubscribed":
        return replace(current, subscribed=False)
    return replace(current, gone=True, gone_reason=details.get("reason"))


def rebuild(events: Iterable[AuditEvent]) -> Rebuilt:
    """Blocks and subscriptions as the events, oldest first, leave them."""
    rebuilt = Rebuilt()
    for event in events:
        if event.kind == "block_created" and event.block_id is not None:
            rebuilt.blocks[event.block_id] = _created(event)
            if not event.details.get("rationale"):
                rebuilt.blocks_without_rationale.add(event.block_id)
        elif event.kind in ("block_kept", "block_lifted", "block_snoozed"):
            block = rebuilt.blocks.get(event.block_id or "")
            if block is None:
                rebuilt.orphan_events += 1
                continue
            rebuilt.blocks[block.id] = _reviewed(block, event)
        elif event.kind in ("subscribed", "unsubscribed", "conversation_gone"):
            conversation_id = str(event.details["conversation_id"])
            subscription = _subscription(rebuilt.subscriptions.get(conversation_id), event)
            rebuilt.subscriptions[conversation_id] = subscription
    rebuilt.unreachable_subscriptions = {
        conversation_id for conversation_id, s in rebuilt.subscriptions.items() if not s.reference
    }
    return rebuilt

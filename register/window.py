"""Which audit events a reader of one period needs: every event from a moment on, and the earlier
events those refer to. Pure: no I/O; each backend finds the events its own way (`audit_since`).

The monthly report reads a month this way rather than the whole log: a review this month is on time
or late against a review date set by the block's earlier events, and a block recorded this month may
come from a check made last month. So an event from before the moment is wanted when it belongs to a
block that a later event names, or when it is the check ("assessed", by check id and account) that a
later event names.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from register.model import AuditEvent

# How an event names the check it is about (`register.verdicts`, blocks recorded from a card).
CHECK_KEY = "check_id"


@dataclass
class Referred:
    """The blocks and checks named by the events from the moment on."""

    blocks: set[str] = field(default_factory=set)
    checks: set[tuple[str | None, str]] = field(default_factory=set)  # (account, check id)

    def add(self, event: AuditEvent) -> None:
        if event.block_id is not None:
            self.blocks.add(event.block_id)
        check_id = event.details.get(CHECK_KEY)
        if isinstance(check_id, str) and event.kind != "assessed":
            self.checks.add((event.account, check_id))

    def wants(self, earlier: AuditEvent) -> bool:
        """Whether an event from before the moment is one these refer to."""
        if earlier.block_id is not None and earlier.block_id in self.blocks:
            return True
        check_id = earlier.details.get(CHECK_KEY)
        return earlier.kind == "assessed" and (earlier.account, check_id) in self.checks


def referred_by(events: Iterable[AuditEvent]) -> Referred:
    referred = Referred()
    for event in events:
        referred.add(event)
    return referred


def events_since(events: Iterable[AuditEvent], since: datetime) -> list[AuditEvent]:
    """From the whole log (oldest first): the events at or after `since` and the earlier events they
    refer to, in the log's order. What every backend's `audit_since` returns."""
    logged = list(events)
    referred = referred_by(event for event in logged if event.at >= since)
    return [event for event in logged if event.at >= since or referred.wants(event)]

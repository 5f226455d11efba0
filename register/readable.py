"""Audit events as a person reads them: one field a column, London time to the second, what a change
changed (before and after), and what each event follows (check → block → review → lift).

Pure; shared by `socialdesk export` (audit.csv) and the evidence pack (`register.evidence`). Only
what the register stores is shown: its texts are redacted already, and a subscription's conversation
reference (bookkeeping for sending) is left out.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from register.model import AuditEvent

LONDON = ZoneInfo("Europe/London")

COLUMNS = (
    "id",
    "time (London)",
    "event",
    "by",
    "by (Azure AD id)",
    "handle (without @)",
    "platform",
    "block",
    "check",
    "follows",
    "action",
    "criteria",
    "change",
    "before",
    "after",
    "reason or note",
    "text (redacted)",
    "link",
    "other details",
)

# Detail keys shown in columns of their own (or deliberately left out), so not under "other details".
_SHOWN = frozenset(
    {
        "platform",
        "action",
        "criteria",
        "reason",
        "note",
        "rationale",
        "redacted",
        "evidence",
        "link",
        "review_due",
        "next_review",
        "previous_review",
        "until",
        "check_id",
        "reference",
    }
)


def london_time(at: datetime) -> str:
    """`at` in London time to the second: what the team's clocks said."""
    return at.astimezone(LONDON).strftime("%Y-%m-%d %H:%M:%S")


def handle(account: str | None) -> str:
    """A handle without its @: a spreadsheet would read "@name" as a formula, and an apostrophe put
    before it to stop that shows in most spreadsheets."""
    return (account or "").removeprefix("@")


def change_of(event: AuditEvent) -> tuple[str, str, str]:
    """(what changed, before, after) for an event that changed a block; empty otherwise."""
    details = event.details
    if event.kind == "block_created":
        return "status", "", f"active, review due {details.get('review_due', '')}"
    if event.kind == "block_kept":
        return "review due", str(details.get("previous_review", "")), str(details.get("next_review", ""))
    if event.kind == "block_snoozed":
        return "review due", str(details.get("previous_review", "")), str(details.get("until", ""))
    if event.kind == "block_lifted":
        return "status", "active", "lifted"
    if event.kind in ("subscribed", "unsubscribed"):
        return "review digest", "", event.kind
    return "", "", ""


def _other(details: dict[str, Any]) -> str:
    rest = {key: value for key, value in sorted(details.items()) if key not in _SHOWN}
    return "; ".join(f"{key}: {value}" for key, value in rest.items())


def _check_id(event: AuditEvent) -> str:
    """The check this event came from: a check is its own; a block records the check it came from."""
    if event.kind == "assessed":
        return str(event.details.get("check_id") or event.id)
    return str(event.details.get("check_id") or "")


def rows(events: Iterable[AuditEvent]) -> list[dict[str, str]]:
    """One row per event, in the order given (the order the log holds them), keyed by `COLUMNS`.
    "follows" is the event before it on the same block, or for a block's creation the check it came
    from, so a block's whole course can be followed from row to row."""
    last_on_block: dict[str, str] = {}
    found: list[dict[str, str]] = []
    for event in events:
        details = event.details
        check = _check_id(event)
        follows = ""
        if event.block_id is not None:
            follows = last_on_block.get(event.block_id, check if event.kind == "block_created" else "")
            last_on_block[event.block_id] = event.id
        what, before, after = change_of(event)
        text = details.get("redacted") or details.get("evidence") or ""
        found.append(
            {
                "id": event.id,
                "time (London)": london_time(event.at),
                "event": event.kind,
                "by": event.actor.name,
                "by (Azure AD id)": event.actor.aad_object_id or "",
                "handle (without @)": handle(event.account),
                "platform": str(details.get("platform") or ""),
                "block": event.block_id or "",
                "check": check,
                "follows": follows,
                "action": str(details.get("action") or ""),
                "criteria": "; ".join(_strings(details.get("criteria"))),
                "change": what,
                "before": before,
                "after": after,
                "reason or note": str(
                    details.get("reason") or details.get("note") or details.get("rationale") or ""
                ),
                "text (redacted)": str(text),
                "link": str(details.get("link") or ""),
                "other details": _other(details),
            }
        )
    return found


def _strings(value: object) -> Sequence[str]:
    if isinstance(value, list | tuple):
        return [str(item) for item in value]
    return [str(value)] if value else []

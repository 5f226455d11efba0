"""The team's verdict on the engine's recommendations: recording it, and reading checks with their verdicts.

Every check is an "assessed" audit event stored under its id (the "Check" reference on the card),
with the engine's action, criteria and pack version and the post's redacted text. The team answers a
check in one of four ways, each a verdict on it:

    not_right  the "Not right?" form: the action it should have been, its criteria, a short note
    block      a block recorded from the check's card (its `block_created` names the check)
    advised    "Mark as advised" on the card: the team pointed the person to the right route
    left       "Leave it" on the card: the team will not act on the post

A "Not right?" is the team saying exactly what it thinks, so it outranks the other three; otherwise
the latest answer stands. An answer agrees with the engine when the engine's action is one the answer
accepts and, where the answer names criteria, they are the engine's. Verdicts are audit events
("verdict", or the block's own creation), so both backends keep them, append-only, with who and when.

The functions that read are pure, over audit events: the monthly report and `socialdesk verdicts`
read the log once and join it here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal, get_args

from register import rules
from register.base import Register
from register.model import Actor, Assessment, AuditEvent
from register.rows import assessment_from

VerdictSource = Literal["not_right", "block", "advised", "left"]
VERDICT_SOURCES: tuple[VerdictSource, ...] = get_args(VerdictSource)

# What each answer on the card accepts as the right action. A block recorded in the register stands
# for blocking or restricting the account (the register is where either is recorded); pointing the
# person to PALS or their care team is signposting or a reply with that wording; leaving a post alone
# is taking no action (a reply is also leaving it up).
IMPLIED_ACTIONS: dict[VerdictSource, tuple[str, ...]] = {
    "block": ("block", "restrict"),
    "advised": ("signpost", "reply"),
    "left": ("no_action", "reply"),
}
NOTE_LIMIT = 500
# Check ids are made by `dialogs.turn.Turn.new_id` (hex); anything else did not come from a card.
_CHECK_ID = re.compile(r"^[0-9a-f]{6,32}$")


def is_check_id(value: object) -> bool:
    return isinstance(value, str) and bool(_CHECK_ID.match(value))


@dataclass(frozen=True)
class Verdict:
    """The team's answer to one check."""

    check_id: str
    source: VerdictSource
    actions: tuple[str, ...]  # the actions the team accepts
    criteria: tuple[str, ...] | None  # the criteria the team says apply; None when the answer names none
    note: str | None
    by: Actor
    at: datetime
    block_id: str | None = None


@dataclass(frozen=True)
class JudgedCheck:
    """A stored check and the team's verdict on it, if any."""

    check: Assessment
    check_id: str
    verdict: Verdict | None

    @property
    def agrees(self) -> bool | None:
        """Whether the team agreed with the engine; None when the team gave no verdict."""
        return None if self.verdict is None else agrees(self.check, self.verdict)


def agrees(check: Assessment, verdict: Verdict) -> bool:
    if check.action not in verdict.actions:
        return False
    return verdict.criteria is None or set(verdict.criteria) == set(check.criteria)


async def record_verdict(
    register: Register,
    *,
    check_id: str,
    account: str | None,
    source: VerdictSource,
    actor: Actor,
    at: datetime,
    action: str | None = None,
    criteria: Sequence[str] | None = None,
    note: str | None = None,
) -> AuditEvent:
    """Record the team's verdict on a check. A "not_right" names its action; the card's other answers
    imply theirs (`IMPLIED_ACTIONS`). The note is free text: masked like posts before it is stored."""
    if source == "not_right":
        if not action:
            raise ValueError("a Not right? verdict names the action it should have been")
        actions: tuple[str, ...] = (action,)
    else:
        actions = IMPLIED_ACTIONS[source]
    details: dict[str, Any] = {
        "check_id": check_id,
        "source": source,
        "actions": list(actions),
        "criteria": list(criteria) if criteria is not None else None,
        "note": rules.free_text(note) if note else None,
    }
    return await register.append_audit("verdict", actor, at, account=account or None, details=details)


def verdict_from(event: AuditEvent) -> Verdict | None:
    """The verdict an audit event records: a "verdict", or a block recorded from a check; else None."""
    details = event.details
    check_id = details.get("check_id")
    if not isinstance(check_id, str):
        return None
    if event.kind == "block_created":
        return Verdict(
            check_id=check_id,
            source="block",
            actions=IMPLIED_ACTIONS["block"],
            criteria=tuple(details.get("criteria") or ()),
            note=None,
            by=event.actor,
            at=event.at,
            block_id=event.block_id,
        )
    source = details.get("source")
    if event.kind != "verdict" or source not in VERDICT_SOURCES:
        return None
    criteria = details.get("criteria")
    return Verdict(
        check_id=check_id,
        source=source,
        actions=tuple(details.get("actions") or ()),
        criteria=tuple(criteria) if isinstance(criteria, list) else None,
        note=details.get("note"),
        by=event.actor,
        at=event.at,
    )


def _stands_over(new: Verdict, old: Verdict | None) -> bool:
    """Whether `new` replaces `old` as the check's verdict (a "Not right?" outranks the rest)."""
    if old is None:
        return True
    return (new.source == "not_right") >= (old.source == "not_right")


def judged_checks(events: Iterable[AuditEvent], source: str = "audit log") -> list[JudgedCheck]:
    """Every check stored with an id, in the order recorded, with the verdict that stands on it."""
    checks: dict[str, Assessment] = {}
    verdicts: dict[str, Verdict] = {}
    for event in events:
        if event.kind == "assessed":
            check_id = event.details.get("check_id")
            if isinstance(check_id, str):
                checks[check_id] = assessment_from(event, source)
        elif event.kind in ("verdict", "block_created"):
            verdict = verdict_from(event)
            if verdict is not None and _stands_over(verdict, verdicts.get(verdict.check_id)):
                verdicts[verdict.check_id] = verdict
    return [JudgedCheck(check, check_id, verdicts.get(check_id)) for check_id, check in checks.items()]


def labelled_case(judged: JudgedCheck) -> dict[str, Any]:
    """A disagreement as a labelled post in the format of the Trust's evaluation files: the redacted
    text, the team's actions as `action_any` and its criteria as `criteria_all` (the engine's criteria
    the team rejected as `criteria_none`), so `socialdesk assess` and `score.py` can read it."""
    check, verdict = judged.check, judged.verdict
    if verdict is None:
        raise ValueError("only a check with a verdict is a labelled case")
    rejected = [c for c in check.criteria if verdict.criteria is not None and c not in verdict.criteria]
    case: dict[str, Any] = {"id": judged.check_id, "text": check.redacted}
    if check.platform:
        case["platform"] = check.platform
    case["at"] = check.at.isoformat()
    if check.account:
        case["author"] = check.account
    case["expect"] = {
        "action_any": list(verdict.actions),
        "criteria_all": list(verdict.criteria or ()),
        "criteria_none": rejected,
        "forbid": [],
        "wording_any": [],
    }
    case["engine"] = {
        "action": check.action,
        "criteria": list(check.criteria),
        "pack_version": check.pack_version,
    }
    case["verdict"] = {"source": verdict.source, "at": verdict.at.isoformat(), "note": verdict.note}
    return case


def disagreements(judged: Iterable[JudgedCheck], since: datetime | None = None) -> list[JudgedCheck]:
    """Checks (made at or after `since`) on which the team's verdict differs from the engine's."""
    return [j for j in judged if j.agrees is False and (since is None or j.check.at >= since)]

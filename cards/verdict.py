"""The "Not right?" form on an assessment: the team's own verdict (the action it should be, the
criteria, a short note), and the card that confirms it was recorded."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from cards.assessment import VERB_VERDICT_LEAVE, VERB_VERDICT_OPEN
from cards.elements import (
    Card,
    Element,
    banner,
    card,
    choice_input,
    execute,
    facts,
    form_speak,
    form_summary,
    labelled,
    local_time,
    text,
    text_input,
)
from policy.pack import PolicyPack

__all__ = ["VERB_VERDICT_LEAVE", "VERB_VERDICT_OPEN", "VERB_VERDICT_SUBMIT"]

VERB_VERDICT_SUBMIT = "verdict.submit"
FIELDS = ("action", "criteria", "note")
NOTE_MAX = 500


@dataclass(frozen=True)
class VerdictDraft:
    """What the form holds: the team's action, criteria ids and note, as typed so far."""

    action: str = ""
    criteria: tuple[str, ...] = ()
    note: str = ""


def read_criteria(value: object) -> tuple[str, ...]:
    """A multi-select submits "a,b"; a card's data sends a list."""
    parts = value if isinstance(value, list | tuple) else str(value or "").split(",")
    return tuple(dict.fromkeys(p for p in (str(v).strip() for v in parts) if p))


def read_verdict_form(data: Mapping[str, Any], pack: PolicyPack) -> tuple[VerdictDraft, dict[str, str]]:
    """The draft as submitted and, keyed by field, what is wrong with it (nothing when it can be
    recorded)."""
    draft = VerdictDraft(
        action=str(data.get("action") or "").strip(),
        criteria=read_criteria(data.get("criteria")),
        note=str(data.get("note") or "").strip(),
    )
    errors: dict[str, str] = {}
    if draft.action not in {a.id for a in pack.actions}:
        errors["action"] = "Choose the action it should have been."
    unknown = [c for c in draft.criteria if c not in {c.id for c in pack.criteria}]
    if unknown:
        errors["criteria"] = f"Not a criterion in the policy: {', '.join(unknown)}."
    if len(draft.note) > NOTE_MAX:
        errors["note"] = f"Keep the note to {NOTE_MAX} characters (it has {len(draft.note)})."
    return draft, errors


def verdict_form_card(
    pack: PolicyPack,
    draft: VerdictDraft,
    *,
    engine_action: str,
    errors: Mapping[str, str] | None = None,
    data: Mapping[str, Any] | None = None,
) -> Card:
    """The form, filled from `draft`; `data` (the check's id and account) goes back with the submit."""
    problems = errors or {}
    try:
        engine_title = pack.action(engine_action).title
    except KeyError:
        engine_title = engine_action
    body: list[Element] = [
        banner("Not right? Tell Social Desk what it should be"),
        text(
            f"Social Desk recommended: {engine_title}. Your verdict is recorded with your name and the "
            "time, counted in the monthly report and used to test the engine.",
            spacing="small",
        ),
        *form_summary(problems, FIELDS),
        *choice_input(
            "action",
            "The action it should be",
            [(a.id, a.title) for a in pack.actions],
            draft.action,
            errors=problems,
            required=True,
            required_message="Choose the action it should have been.",
            placeholder="Choose an action",
        ),
        *choice_input(
            "criteria",
            "The policy's criteria that apply (none if none do)",
            [(c.id, c.title) for c in pack.criteria],
            ",".join(draft.criteria),
            errors=problems,
            multi=True,
        ),
        *text_input(
            "note",
            "A short note (optional)",
            draft.note,
            errors=problems,
            multiline=True,
            max_length=NOTE_MAX,
            placeholder="What the engine missed or over-read",
        ),
    ]
    speak = form_speak("Not right", problems, "Choose the action it should be, then Record verdict.")
    return card(body, [execute("Record verdict", VERB_VERDICT_SUBMIT, dict(data or {}))], speak=speak)


def verdict_recorded_card(
    pack: PolicyPack,
    *,
    check_id: str,
    engine_action: str,
    action: str,
    criteria: Sequence[str],
    note: str | None,
    by: str,
    at: datetime,
) -> Card:
    """The form, once recorded: what the team said, who said it and when."""

    def title(action_id: str) -> str:
        try:
            return pack.action(action_id).title
        except KeyError:
            return action_id

    def criterion(criterion_id: str) -> str:
        try:
            return pack.criterion(criterion_id).title
        except KeyError:
            return criterion_id

    rows = [
        ("Check", check_id),
        ("Social Desk said", title(engine_action)),
        ("The team says", title(action)),
        ("Criteria", ", ".join(criterion(c) for c in criteria) or "none"),
        ("Recorded by", by),
        ("When", local_time(at, pack.timezone)),
    ]
    body: list[Element] = [banner("Verdict recorded", style="good"), facts(rows, spacing="medium")]
    if note:
        body.append(labelled("Note", note))
    speak = f"Verdict recorded: the team says {title(action)}."
    return card(body, speak=speak)

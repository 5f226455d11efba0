"""The team's verdict on a check, from its assessment card: "Not right?" (a form: the action it should
be, its criteria, a note) and "Leave it". Both are for editors, and recorded with who and when.

The card's data names the check and its account; what the engine said is read back from the check as
stored (`register.verdicts`), so a verdict is compared with the register, never with the card.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from cards.verdict import (
    VERB_VERDICT_LEAVE,
    VERB_VERDICT_OPEN,
    VERB_VERDICT_SUBMIT,
    VerdictDraft,
    read_criteria,
    read_verdict_form,
    verdict_form_card,
    verdict_recorded_card,
)
from dialogs.actions import action
from dialogs.addressing import parse_account
from dialogs.turn import Outcome, Turn
from register.verdicts import is_check_id, record_verdict

NO_CHECK = (
    "This card has no check reference (it was sent before checks were kept), so there is nothing to record."
)


def _check(data: Mapping[str, Any]) -> tuple[str | None, str | None, str]:
    """The check's id, its account (or None) and the engine's action, as the card carries them."""
    check_id = data.get("check_id")
    account = parse_account(str(data.get("account") or "")).account
    return (check_id if is_check_id(check_id) else None), account, str(data.get("engine_action") or "")


def _passthrough(data: Mapping[str, Any]) -> dict[str, Any]:
    check_id, account, engine_action = _check(data)
    return {"check_id": check_id, "account": account or "", "engine_action": engine_action}


@action(VERB_VERDICT_OPEN, editors_only=True)
async def verdict_opened(turn: Turn, data: Mapping[str, Any]) -> Outcome:
    """ "Not right?" on an assessment: the form, sent below the assessment, starting from what the
    engine said."""
    check_id, _, engine_action = _check(data)
    if check_id is None:
        return Outcome(message=NO_CHECK)
    draft = VerdictDraft(action="", criteria=read_criteria(data.get("criteria")))
    card = verdict_form_card(turn.services.pack, draft, engine_action=engine_action, data=_passthrough(data))
    await turn.send_card(card, summary="Not right?")
    return Outcome(message="The Not right? form is below the assessment.")


@action(VERB_VERDICT_SUBMIT, editors_only=True)
async def verdict_submitted(turn: Turn, data: Mapping[str, Any]) -> Outcome:
    pack = turn.services.pack
    check_id, account, engine_action = _check(data)
    if check_id is None:
        return Outcome(message=NO_CHECK)
    draft, errors = read_verdict_form(data, pack)
    if errors:
        card = verdict_form_card(
            pack, draft, engine_action=engine_action, errors=errors, data=_passthrough(data)
        )
        return Outcome(card=card)
    event = await record_verdict(
        turn.services.register,
        check_id=check_id,
        account=account,
        source="not_right",
        actor=turn.actor,
        at=turn.now,
        action=draft.action,
        criteria=draft.criteria,
        note=draft.note or None,
    )
    card = verdict_recorded_card(
        pack,
        check_id=check_id,
        engine_action=engine_action,
        action=draft.action,
        criteria=draft.criteria,
        note=event.details.get("note"),
        by=turn.actor.name,
        at=event.at,
    )
    return Outcome(card=card)


@action(VERB_VERDICT_LEAVE, editors_only=True)
async def left(turn: Turn, data: Mapping[str, Any]) -> Outcome:
    """ "Leave it" on an assessment: the team takes no action on the post."""
    check_id, account, _ = _check(data)
    if check_id is None:
        return Outcome(message=NO_CHECK)
    await record_verdict(
        turn.services.register,
        check_id=check_id,
        account=account,
        source="left",
        actor=turn.actor,
        at=turn.now,
    )
    return Outcome(message=f"Recorded: the team is leaving the post of check {check_id} as it is.")

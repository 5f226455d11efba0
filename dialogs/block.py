"""Recording a block: the form (typed `block`, or "Record a block" on an assessment), then the submit.

A submit with a missing or invalid field brings the form back with the message beside the field and
everything typed kept; a valid one is recorded and the form is replaced by the confirmation.

Each form carries a fresh id in its submit data, kept when it comes back with errors. It is recorded
as the block's request id, so pressing "Record block" twice (or Teams retrying the request) records
one block and shows its confirmation both times.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from cards.assessment import VERB_BLOCK_OPEN
from cards.block_confirmation import block_confirmation_card
from cards.block_form import VERB_BLOCK_SUBMIT, BlockDraft, block_form_card, read_block_form
from dialogs.actions import action
from dialogs.addressing import parse_account
from dialogs.registry import command
from dialogs.turn import Outcome, Turn
from policy.identifiers import redact
from register.verdicts import is_check_id


def _today(turn: Turn) -> date:
    return turn.now.astimezone(turn.services.pack.timezone).date()


def _default_review(turn: Turn) -> date:
    return _today(turn) + timedelta(days=turn.services.pack.review_interval_days)


FORM_ID = "form_id"
# What a form id sent by this module looks like; anything else (an old card, a hand-made request)
# is recorded without one rather than refused.
_FORM_ID = re.compile(r"^[0-9a-f]{32}$")


def _form_id(data: Mapping[str, Any]) -> str | None:
    value = data.get(FORM_ID)
    return value if isinstance(value, str) and _FORM_ID.match(value) else None


def _passthrough(data: Mapping[str, Any]) -> dict[str, Any]:
    # Only the assessment's id and the form's own id travel with the form; the fields themselves
    # are the form's inputs.
    kept: dict[str, Any] = {"post_id": str(data["post_id"])} if data.get("post_id") else {}
    if (form_id := _form_id(data)) is not None:
        kept[FORM_ID] = form_id
    return kept


async def send_block_form(turn: Turn, draft: BlockDraft, data: Mapping[str, Any]) -> None:
    pack = turn.services.pack
    passed = _passthrough(data) | {FORM_ID: uuid.uuid4().hex}  # a new form, whatever opened it
    card = block_form_card(pack, draft, default_review=_default_review(turn), data=passed)
    await turn.send_card(card, summary="Record a block")


@command(
    "block",
    title="Record a block",
    usage="block [@handle on platform]",
    editors_only=True,
)
async def block(turn: Turn, args: str) -> None:
    """Record a decision to block an account, with its rationale and review date."""
    addressed = parse_account(args)
    draft = BlockDraft(account=addressed.account or "", platform=addressed.platform or "")
    await send_block_form(turn, draft, {})


@action(VERB_BLOCK_OPEN, editors_only=True)
async def block_opened(turn: Turn, data: Mapping[str, Any]) -> Outcome:
    """ "Record a block" on an assessment card: a form pre-filled from it, sent below the assessment."""
    draft = BlockDraft.from_data(data)
    # The evidence was redacted by the assessment; redacting again costs nothing and guards old cards.
    draft = BlockDraft(**{**draft.__dict__, "evidence": redact(draft.evidence)})
    await send_block_form(turn, draft, data)
    return Outcome(message="The block form is below the assessment.")


@action(VERB_BLOCK_SUBMIT, editors_only=True)
async def block_submitted(turn: Turn, data: Mapping[str, Any]) -> Outcome:
    services = turn.services
    new_block, draft, errors = read_block_form(data, services.pack, today=_today(turn), redact=redact)
    if new_block is None:
        card = block_form_card(
            services.pack,
            draft,
            default_review=_default_review(turn),
            errors=errors,
            data=_passthrough(data),
        )
        return Outcome(card=card)
    # A form opened from an assessment card carries its check: the block links to it.
    check_id = data.get("post_id")
    request = replace(
        new_block, request_id=_form_id(data), check_id=check_id if is_check_id(check_id) else None
    )
    recorded = await services.register.add_block(request, turn.actor, turn.now)
    return Outcome(card=block_confirmation_card(recorded, services.pack))

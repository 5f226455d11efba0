"""`history @handle`: what the register knows about an account: checks, advice, blocks and reviews.

The card lists a page of each kind; its *Previous* / *Next* buttons come back here (`history.page`)
and the card is replaced by the page asked for, read from the register as it is now.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from cards.history import VERB_HISTORY_PAGE, history_card
from cards.pages import read_page
from dialogs.actions import action
from dialogs.addressing import parse_account
from dialogs.registry import command
from dialogs.turn import Outcome, Turn
from register.model import normalise_account


async def _history_card(turn: Turn, account: str, page: int) -> dict[str, Any]:
    register = turn.services.register
    return history_card(
        account,
        assessments=await register.assessments_for(account),
        advice=await register.advice_for(account),
        blocks=await register.blocks_for(account),
        pack=turn.services.pack,
        page=page,
    )


@command("history", title="Account history", usage="history @handle")
async def history(turn: Turn, args: str) -> None:
    """Show what the register holds about an account: checks, advice, blocks and reviews."""
    handle = parse_account(args).account
    if handle is None:
        await turn.say("Whose history? Type history @handle.")
        return
    account = normalise_account(handle)
    await turn.send_card(await _history_card(turn, account, 0), summary=f"History of {account}")


@action(VERB_HISTORY_PAGE)
async def history_page(turn: Turn, data: Mapping[str, Any]) -> Outcome:
    """*Previous* / *Next* on a history card: the same account, another page."""
    handle = parse_account(str(data.get("account") or "")).account
    if handle is None:
        return Outcome(message="That history is out of date. Type history @handle to see it again.")
    return Outcome(card=await _history_card(turn, normalise_account(handle), read_page(data)))

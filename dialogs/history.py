"""`history @handle`: what the register knows about an account: checks, advice, blocks and reviews."""

from __future__ import annotations

from cards.history import history_card
from dialogs.addressing import parse_account
from dialogs.registry import command
from dialogs.turn import Turn
from register.model import normalise_account


@command("history", title="Account history", usage="history @handle")
async def history(turn: Turn, args: str) -> None:
    """Show what the register holds about an account: checks, advice, blocks and reviews."""
    handle = parse_account(args).account
    if handle is None:
        await turn.say("Whose history? Type history @handle.")
        return
    account = normalise_account(handle)
    register = turn.services.register
    card = history_card(
        account,
        assessments=await register.assessments_for(account),
        advice=await register.advice_for(account),
        blocks=await register.blocks_for(account),
        pack=turn.services.pack,
    )
    await turn.send_card(card, summary=f"History of {account}")

"""`help` (what the caller may do here) and the welcome sent when the bot is installed."""

from __future__ import annotations

from cards.help import help_card, welcome_card
from dialogs import registry
from dialogs.registry import command
from dialogs.turn import Turn


@command("help", title="Help", usage="help")
async def show_help(turn: Turn, args: str) -> None:
    """List the commands you can use here."""
    is_editor = await turn.may_edit()
    allowed = registry.available(turn.scope, is_editor)
    await turn.send_card(help_card(allowed, is_editor=is_editor), summary="What I can do")


async def send_welcome(turn: Turn) -> None:
    allowed = registry.available(turn.scope, await turn.may_edit())
    # A team's channel is subscribed to the review digest on install (dialogs.subscriptions): say so.
    card = welcome_card(allowed, turn.services.pack, digest_here=turn.scope == "team")
    await turn.send_card(card, summary="Hello, I'm Social Desk")

"""Which conversations get the daily review digest: `subscribe here`, `unsubscribe`, and installation.

A team channel is subscribed the first time the bot hears from it (see `SocialDeskBot`), and again when
the bot is re-installed in the team after being removed (`bot_installed`), so a channel marked gone
after a removal starts getting digests once the bot is back. Several conversations may subscribe.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from dialogs import conversations
from dialogs.registry import command
from dialogs.turn import Turn
from register.model import Subscription


def reference_of(turn: Turn) -> tuple[str, dict[str, Any]]:
    """This conversation's id (a channel without its thread) and its reference for proactive messages."""
    return conversations.reference_of(turn.context.activity)


async def _subscribe(turn: Turn) -> tuple[Subscription | None, Subscription]:
    """Subscribe this conversation with a fresh reference; returns (before, after)."""
    conversation_id, reference = reference_of(turn)
    register = turn.services.register
    before = await register.get_subscription(conversation_id)
    after = Subscription(conversation_id=conversation_id, reference=reference)
    # Audited with who asked: the editor typing `subscribe here`, or whoever installed the bot.
    await register.save_subscription(after, turn.actor)
    return before, after


@command("subscribe", title="Review digest here", usage="subscribe here", editors_only=True, menu=False)
async def subscribe(turn: Turn, args: str) -> None:
    """Post the daily digest of blocks due for review in this conversation (editors)."""
    if args.strip().lower() not in ("", "here"):
        await turn.say("Type subscribe here to get the daily review digest in this conversation.")
        return
    before, _ = await _subscribe(turn)
    if before is not None and before.subscribed and not before.gone:
        await turn.say("This conversation already gets the daily review digest.")
        return
    hours = turn.services.pack.hours
    await turn.say(
        "Subscribed: the digest of blocks due for review will be posted here every monitored morning "
        f"({hours.describe()}). Type unsubscribe to stop it."
    )


# Left out of the menu: Teams shows at most ten commands there, and this one is rarely needed.
@command("unsubscribe", title="Stop the review digest", usage="unsubscribe", editors_only=True, menu=False)
async def unsubscribe(turn: Turn, args: str) -> None:
    """Stop posting the daily review digest in this conversation (editors)."""
    conversation_id, reference = reference_of(turn)
    register = turn.services.register
    before = await register.get_subscription(conversation_id)
    if before is None or not before.subscribed:
        await turn.say(
            "This conversation doesn't get the daily review digest. Type subscribe here to start it."
        )
        return
    await register.save_subscription(replace(before, reference=reference, subscribed=False), turn.actor)
    await turn.say("Unsubscribed: no more review digests here. Type subscribe here to start them again.")


async def bot_installed(turn: Turn) -> None:
    """The bot was (re-)installed in a team: its channel gets digests, even if it was marked gone."""
    before, _ = await _subscribe(turn)
    if before is not None and before.gone:
        await turn.say("Welcome back: the daily review digest will be posted in this channel again.")

"""The help card (what the caller may do here) and the welcome card shown when the bot is installed."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from cards.elements import Card, Element, card, heading, subheading, text, verbatim
from policy.pack import PolicyPack

if TYPE_CHECKING:
    # Typing only: cards must not import the Bot Framework side of the project at run time.
    from dialogs.registry import Command


def _command(command: Command, *, mark_editors: bool) -> Element:
    description = command.labelled_description if mark_editors else command.description
    return {
        "type": "Container",
        "spacing": "small",
        "items": [
            verbatim(command.usage, monospace=True),
            text(description, size="small", subtle=True, spacing="none"),
        ],
    }


def help_card(commands: Sequence[Command], *, is_editor: bool) -> Card:
    """Each command the caller may run, with how to type it and what it does."""
    allowed = [c for c in commands if is_editor or not c.editors_only]
    body: list[Element] = [heading("What I can do")]
    body.extend(_command(c, mark_editors=True) for c in allowed)
    if not is_editor:
        body.append(
            text(
                "Recording and changing blocks is for the team's editors.",
                size="small",
                subtle=True,
                spacing="medium",
            )
        )
    names = ", ".join(c.name for c in allowed)
    return card(body, speak=f"What I can do: {names}. Type a command to start.")


DIGEST_HERE = (
    "This channel now gets the daily review digest: each monitored morning, the blocks due for review, "
    "to keep, lift or snooze. An editor can type `unsubscribe` here to stop it (`subscribe here` "
    "starts it again)."
)


def welcome_card(commands: Sequence[Command], pack: PolicyPack, *, digest_here: bool = False) -> Card:
    """Shown once when the bot joins a chat or team: what it is for and how to start; in a team,
    that the channel now gets the daily review digest and how to stop it (`digest_here`)."""
    body: list[Element] = [
        heading("Hello, I'm Social Desk"),
        text(
            f"I help the communications team apply the {pack.trust}'s “{pack.policy_title}” policy: "
            "check a post, record a block with its rationale, and find the approved wording."
        ),
        text(f"The accounts are monitored {pack.hours.describe()}.", subtle=True, spacing="small"),
        *([text(DIGEST_HERE, spacing="small")] if digest_here else []),
        subheading("Try"),
        *(_command(c, mark_editors=True) for c in commands),
        text("Type `help` at any time to see this list.", size="small", subtle=True, spacing="medium"),
    ]
    return card(
        body,
        speak="Hello, I'm Social Desk. Paste a post to check it, or type help to see what I can do.",
    )

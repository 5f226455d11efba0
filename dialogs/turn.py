"""What a command or card action gets to work with: the caller, the services, and ways to answer.

Handlers never touch the Bot Framework types directly; they call `Turn.say` and `Turn.send_card`, so
a later move to another Teams SDK changes this module and `bot.py`, not every command.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from botbuilder.core import CardFactory, MessageFactory, TurnContext
from botbuilder.schema import Activity

from dialogs.registry import Scope
from editors.membership import EditorsUnavailable, GroupEditors
from policy.model import Advice, Post, Recommendation
from policy.pack import PolicyPack
from register.base import Register
from register.model import Actor
from settings import Settings

Card = dict[str, Any]
Clock = Callable[[], datetime]
# policy.engine.assess: (post, the author's earlier posts and advice, now, pack) -> Recommendation
Assessor = Callable[[Post, Sequence[Post | Advice], datetime, PolicyPack], Recommendation]

NOT_EDITOR = (
    "Sorry, only the communications team's editors can record blocks or advice. "
    "Ask an editor to do it, or ask IT to add you to Social Desk's editors."
)


def unavailable_message(correlation_id: str) -> str:
    """What a user is told when the register could not be reached in time."""
    return (
        "Social Desk cannot reach the register just now, so this could not be completed (or its result "
        "could not be confirmed). Please try again in a minute: a block form sent again is still "
        f"recorded only once. If it keeps happening, give IT this reference: {correlation_id}."
    )


@dataclass(frozen=True)
class Services:
    settings: Settings
    register: Register
    pack: PolicyPack
    clock: Clock
    assess: Assessor
    # The editors group (SOCIALDESK_EDITORS_GROUP), asked through Microsoft Graph; None without one.
    editors: GroupEditors | None = None


def scope_of(activity: Activity) -> Scope:
    """The registry's scope for a Teams conversation type (a team channel is "team")."""
    kind = (activity.conversation.conversation_type if activity.conversation else None) or "personal"
    if kind == "channel":
        return "team"
    if kind == "groupChat":
        return "groupChat"
    return "personal"


def actor_of(activity: Activity) -> Actor:
    who = activity.from_property
    name = (who.name if who else None) or "Unknown user"
    return Actor(name=name, aad_object_id=(who.aad_object_id if who else None) or None)


@dataclass
class Turn:
    """One incoming activity, seen by a handler."""

    context: TurnContext
    services: Services
    scope: Scope
    actor: Actor
    is_editor: bool
    # Why the editors group could not be asked, once `may_edit` has found that it could not.
    editor_problem: str | None = None

    @classmethod
    def start(cls, context: TurnContext, services: Services) -> Turn:
        actor = actor_of(context.activity)
        return cls(
            context=context,
            services=services,
            scope=scope_of(context.activity),
            actor=actor,
            is_editor=services.settings.is_editor(actor.aad_object_id),
        )

    async def may_edit(self) -> bool:
        """Whether the caller may record and change the register: a listed editor, or (with
        credentials) a member of the editors group. Fails closed when the group cannot be read."""
        editors = self.services.editors
        if self.is_editor or editors is None or not self.services.settings.has_credentials:
            return self.is_editor
        if not self.actor.aad_object_id:
            return False
        try:
            self.is_editor = await editors.is_member(self.actor.aad_object_id)
        except EditorsUnavailable as exc:
            self.editor_problem = str(exc)
        return self.is_editor

    @property
    def refusal(self) -> str:
        """What a person who may not edit is told: why the group could not be asked, or who may."""
        return self.editor_problem or NOT_EDITOR

    @property
    def now(self) -> datetime:
        return self.services.clock()

    def new_id(self) -> str:
        return uuid.uuid4().hex[:10]

    async def say(self, text: str) -> None:
        await self.context.send_activity(MessageFactory.text(text))

    async def send_card(self, card: Card, summary: str | None = None) -> str | None:
        """Send a card as a new message; returns the id Teams gave it."""
        activity = MessageFactory.attachment(CardFactory.adaptive_card(card))
        if summary:
            activity.summary = summary
        response = await self.context.send_activity(activity)
        return response.id if response else None

    async def replace_card(self, activity_id: str, card: Card) -> None:
        """Put `card` in place of the message `activity_id` (Action.Submit has no invoke response)."""
        activity = MessageFactory.attachment(CardFactory.adaptive_card(card))
        activity.id = activity_id
        await self.context.update_activity(activity)


@dataclass(frozen=True)
class Outcome:
    """What a card action produced: a card to put in place of the one clicked, or a short message."""

    card: Card | None = None
    message: str | None = None

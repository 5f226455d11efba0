"""Remembering where each conversation is, for proactive messages (the daily review digest).

Every turn may bring a conversation the register has not seen, or one that now routes elsewhere (a
new service URL, say). The reference is stored only then: this process remembers each conversation's
route once it is stored, so the turns after it write nothing, and the register stores a changed
reference without a condition (the last writer wins), so turns arriving at once on several instances
never conflict. It is bookkeeping: if the register cannot store it, the turn goes on with what the
user asked, and a later turn stores it.
"""

from __future__ import annotations

import logging
from typing import Any

from botbuilder.core import TurnContext
from botbuilder.schema import Activity

from register.base import Register, RegisterError

log = logging.getLogger(__name__)

Route = tuple[object, ...]


def channel_root(conversation_id: str) -> str:
    """A channel conversation without the thread suffix (`;messageid=...`): where a digest is posted."""
    return conversation_id.split(";", 1)[0]


def reference_of(activity: Activity) -> tuple[str, dict[str, Any]]:
    """The activity's conversation id (a channel without its thread) and its reference, serialised."""
    conversation_id = channel_root(activity.conversation.id)
    reference = TurnContext.get_conversation_reference(activity)
    reference.conversation.id = conversation_id
    reference.activity_id = None
    serialised: dict[str, Any] = reference.serialize()
    return conversation_id, serialised


def route_of(reference: dict[str, Any]) -> Route:
    """What decides where a proactive message goes. The user who spoke last is left out: in a channel
    it changes with every speaker, and a message to the conversation does not depend on it."""
    conversation = reference.get("conversation") or {}
    bot = reference.get("bot") or {}
    return (
        reference.get("serviceUrl"),
        reference.get("channelId"),
        conversation.get("id"),
        conversation.get("tenantId"),
        conversation.get("conversationType"),
        bot.get("id"),
    )


class ConversationBook:
    """The routes this process has stored (or found stored), by conversation id."""

    def __init__(self, register: Register) -> None:
        self._register = register
        self._routes: dict[str, Route] = {}

    async def remember(self, activity: Activity) -> None:
        """Store the activity's conversation if it is new or routes elsewhere now; never raises for
        the register's failures (they are logged, and the next turn tries again)."""
        if not activity.conversation or not activity.conversation.id:
            return
        conversation_id, reference = reference_of(activity)
        route = route_of(reference)
        if self._routes.get(conversation_id) == route:
            return
        try:
            stored = await self._register.get_subscription(conversation_id)
            if stored is None or route_of(stored.reference) != route:
                # Channels get the daily digest by default; chats only hold the reference.
                is_channel = activity.conversation.conversation_type == "channel"
                await self._register.save_reference(conversation_id, reference, subscribe=is_channel)
        except RegisterError as exc:
            log.warning("could not store a conversation reference (the turn goes on): %s", exc)
            return
        self._routes[conversation_id] = route

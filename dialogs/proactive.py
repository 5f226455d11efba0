"""Proactive messages: sending a card to a stored conversation through the bot's adapter.

The stored `ConversationReference` (saved when the bot was installed or first spoken to) goes to
`adapter.continue_conversation`, which opens a turn in that conversation without an incoming message.
Failures are translated into `reminders.sender.DeliveryError` with the channel's HTTP status, so the
digest code can tell a removed bot (403/404) from a busy service (429/5xx) without knowing the SDK.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any, Protocol

from botbuilder.core import CardFactory, MessageFactory, TurnContext
from botbuilder.schema import ConversationReference

from register.model import Subscription
from reminders.sender import Deliver, DeliveryError

log = logging.getLogger(__name__)


class ProactiveAdapter(Protocol):
    async def continue_conversation(
        self,
        reference: ConversationReference,
        callback: Callable[[TurnContext], Awaitable[Any]],
        bot_app_id: str,
    ) -> Any: ...


def _status(exc: BaseException) -> int | None:
    """The HTTP status behind an SDK error (msrest's HttpOperationError keeps the response)."""
    response = getattr(exc, "response", None)
    status = getattr(response, "status_code", None) or getattr(response, "status", None)
    return status if isinstance(status, int) else None


def _retry_after(exc: BaseException) -> float | None:
    headers = getattr(getattr(exc, "response", None), "headers", None)
    value = headers.get("Retry-After") if headers is not None else None
    try:
        return float(value) if value is not None else None
    except (TypeError, ValueError):
        return None  # an HTTP date; the backoff's own waits are used instead


def adapter_delivery(adapter: ProactiveAdapter, bot_app_id: str) -> Deliver:
    """A `Deliver` that posts the card as a new message in the subscription's conversation."""

    async def deliver(subscription: Subscription, card: dict[str, Any], summary: str) -> str | None:
        try:
            reference = ConversationReference().deserialize(subscription.reference)
        except Exception as exc:
            raise DeliveryError(
                f"the stored conversation reference is unusable ({type(exc).__name__})"
            ) from exc
        sent: list[str | None] = []

        async def send(context: TurnContext) -> None:
            activity = MessageFactory.attachment(CardFactory.adaptive_card(card))
            activity.summary = summary
            response = await context.send_activity(activity)
            sent.append(response.id if response else None)

        try:
            await adapter.continue_conversation(reference, send, bot_app_id)
        except Exception as exc:
            status = _status(exc)
            raise DeliveryError(f"sending failed ({type(exc).__name__})", status, _retry_after(exc)) from exc
        return sent[0] if sent else None

    return deliver

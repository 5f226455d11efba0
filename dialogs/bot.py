"""The Teams bot: turns incoming activities into commands and card actions, and answers them.

Routing has one source: the command registry (`dialogs.registry`) for typed commands and the action
registry (`dialogs.actions`) for card buttons. The first word of a message names the command; in
personal chat anything else is taken as a pasted post to check. In group chats and channels Teams
delivers only messages that @mention the bot, and the mention is removed before parsing.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from http import HTTPStatus
from typing import Any

from botbuilder.core import InvokeResponse, TurnContext
from botbuilder.core.teams import TeamsActivityHandler
from botbuilder.schema import Activity, ActivityTypes, ChannelAccount

from cards.markdown import escape_markdown
from dialogs import commands, extensions, registry
from dialogs.actions import find_action
from dialogs.connector import unreachable_reason
from dialogs.conversations import ConversationBook
from dialogs.turn import Assessor, Clock, Outcome, Services, Turn, unavailable_message
from editors.membership import GroupEditors
from observe.logs import new_correlation_id, note_command, note_outcome, turn_logged
from policy.pack import PolicyPack
from register import deadline as register_deadline
from register.base import Register, RegisterUnavailable
from settings import Settings

log = logging.getLogger(__name__)

CARD_RESPONSE = "application/vnd.microsoft.card.adaptive"
MESSAGE_RESPONSE = "application/vnd.microsoft.activity.message"
CORRELATION_KEY = "socialdesk.correlation_id"
ADAPTIVE_CARD_ACTION = "adaptiveCard/action"
_FIRST_WORD = re.compile(r"\s*(\S+)\s*(.*)", re.DOTALL)


def clean_text(text: str) -> str:
    """Message text as typed: Teams may send non-breaking spaces and stray tags around a mention."""
    return text.replace("\xa0", " ").replace("&nbsp;", " ").strip()


def split_command(text: str) -> tuple[str, str]:
    """("check", "@a on x: text") from "check @a on x: text"; ("", "") for an empty message."""
    match = _FIRST_WORD.match(text)
    if not match:
        return "", ""
    return match.group(1).lower(), match.group(2).strip()


def invoke_answer(outcome: Outcome, status: int = 200) -> InvokeResponse:
    """The Universal Actions response: a card to replace the clicked one, or a short message.

    Built as plain JSON: the SDK's AdaptiveCardInvokeResponse model cannot serialise a message value.
    """
    if outcome.card is not None:
        body: dict[str, Any] = {"statusCode": status, "type": CARD_RESPONSE, "value": outcome.card}
    else:
        body = {"statusCode": status, "type": MESSAGE_RESPONSE, "value": outcome.message or "Done."}
    return InvokeResponse(status=int(HTTPStatus.OK), body=body)


def _keeps_reference(activity: Activity) -> bool:
    """Whether this activity's conversation is one to remember for proactive messages.

    A message extension works where the bot was never added, and an invoke of a kind the bot does not
    handle (answered 501) is refused: neither is a conversation with the bot, so neither is stored.
    """
    if activity.type != ActivityTypes.invoke:
        return True
    return bool(activity.name == ADAPTIVE_CARD_ACTION)


class SocialDeskBot(TeamsActivityHandler):  # type: ignore[misc]
    def __init__(
        self,
        *,
        settings: Settings,
        register: Register,
        pack: PolicyPack,
        clock: Clock,
        assess: Assessor | None = None,
        editors: GroupEditors | None = None,
    ) -> None:
        super().__init__()
        if assess is None:
            from policy.engine import assess as engine_assess

            assess = engine_assess
        self.services = Services(
            settings=settings, register=register, pack=pack, clock=clock, assess=assess, editors=editors
        )
        # Where each conversation is, stored only when new or changed (bookkeeping: never fails a turn).
        self._conversations = ConversationBook(register)
        commands.load()

    # Every activity -------------------------------------------------------------------------------

    async def on_turn(self, turn_context: TurnContext) -> None:
        # One summary log line per turn, and one correlation id for every line logged during it.
        with turn_logged(str(turn_context.activity.type or "unknown")) as record:
            turn_context.turn_state[CORRELATION_KEY] = record.correlation_id
            # Every register call in the turn shares one deadline, so the turn answers inside Teams' 15 s.
            with register_deadline.within(self.services.settings.turn_deadline):
                if _keeps_reference(turn_context.activity):
                    await self._conversations.remember(turn_context.activity)
                await super().on_turn(turn_context)

    async def on_turn_error(self, context: TurnContext, error: Exception) -> None:
        """Log the failure with a reference the user can quote; tell them briefly, never the details.

        When the activity's service URL gave no answer at all, that is one line without a traceback
        (the cause is outside the bot), and only an invoke is answered: its answer goes back in the
        HTTP response, whereas a message would go to the same unreachable service and wait again.
        """
        # The turn's own id (its log lines carry it), so the reference a user quotes finds them.
        correlation_id = str(context.turn_state.get(CORRELATION_KEY) or new_correlation_id())
        unreachable = unreachable_reason(error)
        if unreachable is not None:
            log.warning(
                "turn failed [%s]: the channel's service URL could not be reached (%s); %s activity in %s",
                correlation_id,
                unreachable,
                context.activity.type,
                context.activity.channel_id,
                extra={"correlation_id": correlation_id, "outcome": "unreachable"},
            )
        else:
            log.error(
                "turn failed [%s]: %s activity in %s",
                correlation_id,
                context.activity.type,
                context.activity.channel_id,
                exc_info=(type(error), error, error.__traceback__),
                extra={"correlation_id": correlation_id, "outcome": "error"},
            )
        message = (
            f"Sorry, something went wrong on our side (reference {correlation_id}). "
            "Please try again; if it keeps happening, give IT this reference."
        )
        if isinstance(error, RegisterUnavailable):
            message = unavailable_message(correlation_id)
        try:
            if context.activity.type == ActivityTypes.invoke:
                answer = invoke_answer(Outcome(message=message))
                await context.send_activity(Activity(type=ActivityTypes.invoke_response, value=answer))
            elif unreachable is None:
                await context.send_activity(message)
        except Exception:
            log.exception("could not tell the user about the failure [%s]", correlation_id)

    # Installation ---------------------------------------------------------------------------------

    async def on_members_added_activity(
        self, members_added: list[ChannelAccount], turn_context: TurnContext
    ) -> None:
        """One welcome when the bot is installed (or a user opens a personal chat with it)."""
        from dialogs.help import send_welcome

        bot_id = turn_context.activity.recipient.id if turn_context.activity.recipient else None
        bot_added = any(m.id == bot_id for m in members_added)
        people = [m for m in members_added if m.id != bot_id]
        turn = Turn.start(turn_context, self.services)
        note_command("install" if bot_added else "welcome")
        if bot_added or (turn.scope == "personal" and people):
            await send_welcome(turn)
        if bot_added and turn.scope == "team":
            from dialogs.subscriptions import bot_installed

            await bot_installed(turn)

    # Messages -------------------------------------------------------------------------------------

    async def on_message_activity(self, turn_context: TurnContext) -> None:
        activity = turn_context.activity
        turn = Turn.start(turn_context, self.services)
        if isinstance(activity.value, dict) and not clean_text(activity.text or ""):
            await self._submit(turn, activity.value, activity.reply_to_id)
            return
        if turn.scope != "personal":
            TurnContext.remove_recipient_mention(activity)
        if extensions.only_inserted_card(activity.text or ""):
            return  # a card the person sent from the message extension (e.g. wording): nothing asked
        await self.route(turn, clean_text(extensions.typed_text(activity.text or "")))

    async def route(self, turn: Turn, text: str) -> None:
        """Run the command the message names; in personal chat, anything else is a post to check."""
        word, rest = split_command(text)
        command = registry.find(word) if word else None
        if command is None:
            if turn.scope == "personal" and text:
                command = registry.find("check")
                rest = text
            else:
                command = registry.find("help")
                if word:
                    note_outcome("unknown")
                    await turn.say(
                        # The word is echoed as typed: Teams would otherwise render it as markdown.
                        f"I don't know the command \u201c{escape_markdown(word[:40])}\u201d. "
                        "Here is what I can do:"
                    )
            if command is None:  # the registry always holds check and help; this keeps mypy honest
                return
        note_command(command.name)
        if turn.scope not in command.scopes:
            note_outcome("refused")
            await turn.say(f"\u201c{command.name}\u201d isn't available here. Type help to see what is.")
            return
        if command.editors_only and not await turn.may_edit():
            note_outcome("refused")
            await turn.say(turn.refusal)
            return
        await command.handler(turn, rest)

    # Card actions ---------------------------------------------------------------------------------

    async def _run_action(self, turn: Turn, verb: str, data: Mapping[str, Any]) -> Outcome:
        card_action = find_action(verb)
        note_command(f"action:{card_action.verb}" if card_action is not None else "action:unknown")
        if card_action is None:
            note_outcome("unknown")
            log.warning("card action with unknown verb %r", verb[:60])
            return Outcome(message="That button is out of date. Please start again (type help).")
        if card_action.editors_only and not await turn.may_edit():
            note_outcome("refused")
            return Outcome(message=turn.refusal)
        return await card_action.handler(turn, data)

    async def on_invoke_activity(self, turn_context: TurnContext) -> InvokeResponse:
        """Action.Execute and message extensions are answered here; others go to the SDK's handler."""
        if turn_context.activity.name in extensions.INVOKES:
            note_command(str(turn_context.activity.name))
            body = await extensions.answer(turn_context, self.services)
            return InvokeResponse(status=int(HTTPStatus.OK), body=body)
        if turn_context.activity.name != ADAPTIVE_CARD_ACTION:
            return await super().on_invoke_activity(turn_context)
        value = turn_context.activity.value
        action = value.get("action") if isinstance(value, dict) else None
        if not isinstance(action, dict):
            return invoke_answer(Outcome(message="That card action was incomplete."), status=400)
        verb = str(action.get("verb") or "")
        raw = action.get("data")
        data: Mapping[str, Any] = raw if isinstance(raw, dict) else {}
        outcome = await self._run_action(Turn.start(turn_context, self.services), verb, data)
        return invoke_answer(outcome)

    async def _submit(self, turn: Turn, value: Mapping[str, Any], reply_to_id: str | None) -> None:
        """Action.Submit (older clients): same handlers; a new card replaces the message it came from."""
        verb = str(value.get("verb") or value.get("action") or "")
        outcome = await self._run_action(turn, verb, value)
        if outcome.card is not None:
            if reply_to_id:
                await turn.replace_card(reply_to_id, outcome.card)
            else:
                await turn.send_card(outcome.card)
        if outcome.message:
            await turn.say(outcome.message)

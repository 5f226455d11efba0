"""Teams message extensions: the "Approved wording" search and the two checks run in a dialog.

The manifest (`manifest.document`) declares three commands; Teams sends an invoke for each use and
shows whatever the invoke response's body says:

- `composeExtension/query`, command `wording`: the search box. The answer is a `result` list; each
  item is the wording as an Adaptive Card (text, id, version) with a thumbnail preview, and choosing
  one inserts the card into the compose box.
- `composeExtension/fetchTask`, command `checkMessage` (a message's "..." menu, with its
  `messagePayload`): the message's text is assessed like a pasted post and the assessment opens in a
  dialog (`task` of type `continue`). Command `checkPost` (the compose box): the check form opens.
- `composeExtension/submitAction`: a button pressed in that dialog. Its data names a card action verb
  (Action.Submit, see `cards.dialog`) and goes to the same handler as in a chat, under the same
  editors-only rule; the card it produces replaces the dialog's. "Post to the conversation" answers
  with a `result` holding the card, which Teams inserts into the compose box for the person to send.

Problems (an unknown command, a request missing its parts, a refusal) are answered with a message in
the shape the caller shows: `composeExtension` of type `message` for a search, `task` of type
`message` for a dialog. The raw JSON is read rather than the SDK's msrest models, so that a malformed
request gets a clear answer instead of a deserialisation error.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from botbuilder.core import TurnContext

from cards.check_form import VERB_CHECK_SUBMIT, check_form_card
from cards.dialog import VERB_POST, for_dialog, shareable
from cards.elements import Card
from cards.wording import wording_insert_card
from dialogs.actions import find_action
from dialogs.addressing import parse_post_prefix
from dialogs.check import assess_post, too_long_message
from dialogs.html_text import html_to_text
from dialogs.turn import Services, Turn
from dialogs.wording import MAX_QUERY
from manifest.document import (
    CHECK_MESSAGE_COMMAND_ID,
    CHECK_POST_COMMAND_ID,
    WORDING_COMMAND_ID,
    WORDING_QUERY_PARAMETER,
)
from policy.pack import PolicyPack, Wording
from policy.wording_search import search_wording

log = logging.getLogger(__name__)

QUERY = "composeExtension/query"
FETCH_TASK = "composeExtension/fetchTask"
SUBMIT_ACTION = "composeExtension/submitAction"
INVOKES = frozenset({QUERY, FETCH_TASK, SUBMIT_ACTION})

CARD_CONTENT = "application/vnd.microsoft.card.adaptive"
THUMBNAIL_CONTENT = "application/vnd.microsoft.card.thumbnail"
# Teams asks for 25 results at a time (queryOptions.count) and shows no more than that.
PAGE_SIZE = 25
DIALOG_TITLES = {CHECK_MESSAGE_COMMAND_ID: "Check against policy", CHECK_POST_COMMAND_ID: "Check a post"}

Body = dict[str, Any]


@dataclass
class DialogTurn(Turn):
    """A turn whose answers stay in the dialog: what a handler would send is kept here instead.

    A message extension can be used in a chat the bot is not a member of, where the bot cannot post;
    and the person expects the answer where they asked, in the dialog.
    """

    cards: list[Card] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)

    @classmethod
    def begin(cls, context: TurnContext, services: Services) -> DialogTurn:
        base = Turn.start(context, services)
        return cls(
            context=base.context,
            services=base.services,
            scope=base.scope,
            actor=base.actor,
            is_editor=base.is_editor,
        )

    async def say(self, text: str) -> None:
        self.messages.append(text)

    async def send_card(self, card: Card, summary: str | None = None) -> str | None:
        self.cards.append(card)
        return None

    async def replace_card(self, activity_id: str, card: Card) -> None:
        self.cards.append(card)


# Response shapes --------------------------------------------------------------------------------


def search_message(text: str) -> Body:
    """A line of text in place of search results."""
    return {"composeExtension": {"type": "message", "text": text}}


def task_message(text: str) -> Body:
    """A short message in the dialog (Teams shows it and offers to close)."""
    return {"task": {"type": "message", "value": text}}


def task_card(title: str, card: Card) -> Body:
    """The dialog showing `card`, its buttons turned into Action.Submit (`cards.dialog`)."""
    return {
        "task": {
            "type": "continue",
            "value": {
                "title": title,
                "height": "large",
                "width": "large",
                "card": {"contentType": CARD_CONTENT, "content": for_dialog(card)},
            },
        }
    }


def insert_result(card: Card) -> Body:
    """A card for the compose box: Teams inserts it, and the person sends it (or not)."""
    return {
        "composeExtension": {
            "type": "result",
            "attachmentLayout": "list",
            "attachments": [{"contentType": CARD_CONTENT, "content": card}],
        }
    }


# Messages sent with a card from the extension -----------------------------------------------------

# Teams (and the Agents Playground) leave this placeholder in a message's HTML text where a card
# inserted from a message extension sits; the card itself comes as an attachment.
INSERTED_CARD_MARK = "inline-compose-card"


def typed_text(text: str) -> str:
    """A message's own words, without the placeholder of a card inserted from a message extension."""
    return html_to_text(text) if INSERTED_CARD_MARK in text else text


def only_inserted_card(text: str) -> bool:
    """Whether a message is nothing but a card the person sent from the extension (nothing asked)."""
    return INSERTED_CARD_MARK in text and not typed_text(text).strip()


# The wording search -------------------------------------------------------------------------------


def _query_text(value: Mapping[str, Any]) -> str:
    """The typed words: the `query` parameter (Teams sends `initialRun` before anything is typed)."""
    parameters = value.get("parameters")
    if not isinstance(parameters, list):
        return ""
    named = [p for p in parameters if isinstance(p, dict)]
    chosen = next((p for p in named if p.get("name") == WORDING_QUERY_PARAMETER), None)
    if chosen is None and len(named) == 1 and named[0].get("name") != "initialRun":
        chosen = named[0]  # a client that names the parameter differently; there is only one
    typed = chosen.get("value") if chosen else None
    return " ".join(typed.split())[:MAX_QUERY] if isinstance(typed, str) else ""


def _page(value: Mapping[str, Any]) -> tuple[int, int]:
    options = value.get("queryOptions")
    options = options if isinstance(options, dict) else {}
    skip, count = options.get("skip"), options.get("count")
    skip = skip if isinstance(skip, int) and not isinstance(skip, bool) and skip > 0 else 0
    count = count if isinstance(count, int) and not isinstance(count, bool) and count > 0 else PAGE_SIZE
    return skip, min(count, PAGE_SIZE)


def _wording_item(entry: Wording, pack: PolicyPack) -> dict[str, Any]:
    return {
        "contentType": CARD_CONTENT,
        "content": wording_insert_card(entry, pack),
        "preview": {
            "contentType": THUMBNAIL_CONTENT,
            "content": {"title": entry.title, "text": f"{entry.id} · version {entry.version}"},
        },
    }


def search(pack: PolicyPack, value: object) -> Body:
    """`composeExtension/query`: the wording that matches the typed words; every topic when empty."""
    if not isinstance(value, dict):
        return search_message("That search arrived without its details. Please type it again.")
    command_id = value.get("commandId")
    if command_id != WORDING_COMMAND_ID:
        return search_message(f"Social Desk has no search called \u201c{str(command_id)[:40]}\u201d.")
    query = _query_text(value)
    entries = search_wording(pack, query, limit=len(pack.wording)) if query else list(pack.wording)
    if not entries:
        return search_message(
            f"No approved wording matches \u201c{query}\u201d. Clear the search to see every topic."
        )
    skip, count = _page(value)
    return {
        "composeExtension": {
            "type": "result",
            "attachmentLayout": "list",
            "attachments": [_wording_item(entry, pack) for entry in entries[skip : skip + count]],
        }
    }


# The checks -------------------------------------------------------------------------------------


def message_text(payload: object) -> str | None:
    """The text of the message a command was used on (`messagePayload`), or None when there is none."""
    if not isinstance(payload, dict):
        return None
    body = payload.get("body")
    content = body.get("content") if isinstance(body, dict) else None
    if not isinstance(content, str):
        content = ""
    kind = body.get("contentType") if isinstance(body, dict) else None
    text = html_to_text(content) if str(kind or "html").lower() == "html" else content.strip()
    subject = payload.get("subject")
    if isinstance(subject, str) and subject.strip():
        # A channel post's subject line is part of what was said.
        text = f"{subject.strip()}\n{text}".strip()
    return text


async def _check_message(turn: DialogTurn, value: Mapping[str, Any]) -> Body:
    text = message_text(value.get("messagePayload"))
    if text is None:
        return task_message(
            "There is no message to check here. Use \u201cCheck against policy\u201d from the "
            "\u2026 menu of a message, or \u201cCheck a post\u201d to paste one."
        )
    addressed = parse_post_prefix(text)
    if not addressed.rest:
        return task_message("That message has no text to check (pictures and files can't be checked).")
    if len(addressed.rest) > turn.services.pack.thresholds.max_post_chars:
        return task_message(too_long_message(turn, len(addressed.rest)))
    card = await assess_post(turn, addressed.rest, addressed.account, addressed.platform)
    return task_card(DIALOG_TITLES[CHECK_MESSAGE_COMMAND_ID], card)


async def fetch_task(turn: DialogTurn, value: object) -> Body:
    """`composeExtension/fetchTask`: the dialog that opens when a command is chosen."""
    if not isinstance(value, dict):
        return task_message("That request arrived without its details. Please try again.")
    command_id = value.get("commandId")
    if command_id == CHECK_MESSAGE_COMMAND_ID:
        return await _check_message(turn, value)
    if command_id == CHECK_POST_COMMAND_ID:
        return task_card(DIALOG_TITLES[CHECK_POST_COMMAND_ID], check_form_card(turn.services.pack))
    return task_message(f"Social Desk has no action called \u201c{str(command_id)[:40]}\u201d.")


def _post(data: Mapping[str, Any]) -> Body:
    card = data.get("card")
    if (
        not isinstance(card, dict)
        or card.get("type") != "AdaptiveCard"
        or not isinstance(card.get("body"), list)
    ):
        return task_message("There is no result to post. Please run the check again.")
    return insert_result(shareable(card))


async def _run_action(turn: DialogTurn, title: str, verb: str, data: Mapping[str, Any]) -> Body:
    """A dialog button: the card action's own handler, its answer shown in the dialog."""
    card_action = find_action(verb)
    if card_action is None:
        log.warning("dialog button with unknown verb %r", verb[:60])
        return task_message("That button is out of date. Please close this and start again.")
    if card_action.editors_only and not await turn.may_edit():
        return task_message(turn.refusal)
    outcome = await card_action.handler(turn, data)
    # A handler that sends a card (the block form, the wording) means it as the next thing to see.
    card = turn.cards[-1] if turn.cards else outcome.card
    if card is not None:
        return task_card(title, card)
    return task_message(" ".join(turn.messages) or outcome.message or "Done.")


async def submit_action(turn: DialogTurn, value: object) -> Body:
    """`composeExtension/submitAction`: a button pressed in one of the dialogs."""
    if not isinstance(value, dict):
        return task_message("That request arrived without its details. Please try again.")
    command_id = value.get("commandId")
    if command_id not in DIALOG_TITLES:
        return task_message(f"Social Desk has no action called \u201c{str(command_id)[:40]}\u201d.")
    if value.get("botMessagePreviewAction"):
        return task_message("Social Desk does not use message previews. Please start again.")
    data = value.get("data")
    if not isinstance(data, dict):
        return task_message("The dialog sent nothing to act on. Please close it and start again.")
    verb = str(data.get("verb") or "")
    if not verb and command_id == CHECK_POST_COMMAND_ID:
        verb = VERB_CHECK_SUBMIT  # the form's fields without a button's data: a plain submit
    if verb == VERB_POST:
        return _post(data)
    return await _run_action(turn, DIALOG_TITLES[str(command_id)], verb, data)


async def answer(context: TurnContext, services: Services) -> Body:
    """The invoke response body for a message-extension invoke (a name in INVOKES)."""
    name = context.activity.name
    value = context.activity.value
    turn = DialogTurn.begin(context, services)
    try:
        if name == QUERY:
            return search(services.pack, value)
        if name == FETCH_TASK:
            return await fetch_task(turn, value)
        return await submit_action(turn, value)
    except Exception:
        # The answer must keep the shape Teams expects, so the failure is reported here rather than
        # by the bot's turn error handler (whose answer is for Action.Execute).
        correlation_id = uuid.uuid4().hex[:12]
        log.exception("message extension %s failed [%s]", name, correlation_id)
        apology = (
            f"Sorry, something went wrong on our side (reference {correlation_id}). "
            "Please try again; if it keeps happening, give IT this reference."
        )
        return search_message(apology) if name == QUERY else task_message(apology)

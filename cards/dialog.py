"""The bot's cards as they appear inside a Teams dialog (a message extension's task module).

Dialogs do not support Universal Actions: a button in a dialog must be an Action.Submit, whose data
comes back in `composeExtension/submitAction`. `for_dialog` turns every Action.Execute of a card into
an Action.Submit carrying the same verb and data (the `verb` field the bot's Action.Submit handling
already reads), so the same card builders and the same action handlers serve both places.

A result (a card without inputs) also gets "Post to the conversation": its data carries the card as
it will be inserted into the compose box, without buttons, since a card a person sends is a record of
the check, not a control panel.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

from cards.elements import Card, Element

VERB_POST = "extension.post"
POST_TITLE = "Post to the conversation"
# Fields of a card element that hold nested elements or actions.
_CHILDREN = ("body", "items", "columns", "actions", "inlines", "card")


def _walk(node: Any) -> Iterator[Element]:
    if isinstance(node, dict):
        yield node
        for key in (*_CHILDREN, "selectAction"):
            if key in node:
                yield from _walk(node[key])
    elif isinstance(node, list):
        for item in node:
            yield from _walk(item)


def has_inputs(card: Card) -> bool:
    """Whether the card is a form (has any Input.* element)."""
    return any(str(e.get("type", "")).startswith("Input.") for e in _walk(card.get("body", [])))


def verbs(card: Card) -> list[str]:
    """The verbs of the card's Action.Execute and Action.Submit buttons, in order."""
    found: list[str] = []
    for element in _walk(card):
        if element.get("type") == "Action.Execute":
            found.append(str(element.get("verb") or ""))
        elif element.get("type") == "Action.Submit" and isinstance(element.get("data"), dict):
            found.append(str(element["data"].get("verb") or ""))
    return found


def _as_submit(action: Element) -> Element:
    data = action.get("data")
    submit: Element = {
        "type": "Action.Submit",
        "title": action.get("title", ""),
        "data": {**(data if isinstance(data, dict) else {}), "verb": action.get("verb", "")},
    }
    for key in ("style", "id", "tooltip", "isEnabled"):
        if key in action:
            submit[key] = action[key]
    return submit


def _convert(node: Any) -> Any:
    if isinstance(node, list):
        return [_convert(item) for item in node]
    if not isinstance(node, dict):
        return node
    if node.get("type") == "Action.Execute":
        return _as_submit(node)
    return {key: _convert(value) for key, value in node.items()}


def _without_buttons(node: Any) -> Any:
    if isinstance(node, list):
        kept = [_without_buttons(item) for item in node]
        return [item for item in kept if not (isinstance(item, dict) and item.get("type") == "ActionSet")]
    if not isinstance(node, dict):
        return node
    return {
        key: _without_buttons(value) for key, value in node.items() if key not in ("actions", "selectAction")
    }


def shareable(card: Card) -> Card:
    """The card without any button or tap action: what a person posts into a conversation."""
    result: Card = _without_buttons(copy.deepcopy(card))
    return result


def post_button(card: Card) -> Element:
    """ "Post to the conversation": inserts `card` (without buttons) into the compose box."""
    return {
        "type": "Action.Submit",
        "title": POST_TITLE,
        "style": "positive",
        "data": {"verb": VERB_POST, "card": shareable(card)},
    }


def for_dialog(card: Card) -> Card:
    """The card with Action.Submit buttons; a result (no inputs) can also be posted to the conversation."""
    converted: Card = _convert(copy.deepcopy(card))
    if not has_inputs(card):
        converted["actions"] = [*converted.get("actions", []), post_button(card)]
    return converted

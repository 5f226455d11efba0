"""The registry of card actions: each Action.Execute verb (or Action.Submit `verb` field) has one handler.

Cards name their verbs as constants beside the card (e.g. `cards.assessment.VERB_BLOCK_OPEN`); the
dialog module that handles a verb declares it here with `@action(VERB)`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any

from dialogs.turn import Outcome, Turn

ActionHandler = Callable[[Turn, Mapping[str, Any]], Awaitable[Outcome]]


@dataclass(frozen=True)
class CardAction:
    verb: str
    editors_only: bool
    handler: ActionHandler


_ACTIONS: dict[str, CardAction] = {}


def action(verb: str, *, editors_only: bool = False) -> Callable[[ActionHandler], ActionHandler]:
    """Register `handler` for the card action `verb`."""

    def register(handler: ActionHandler) -> ActionHandler:
        if verb in _ACTIONS:
            raise ValueError(f"card action {verb!r} is registered twice")
        _ACTIONS[verb] = CardAction(verb=verb, editors_only=editors_only, handler=handler)
        return handler

    return register


def find_action(verb: str) -> CardAction | None:
    return _ACTIONS.get(verb)


def verbs() -> list[str]:
    return list(_ACTIONS)

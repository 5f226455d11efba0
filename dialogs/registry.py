"""The one command registry: it drives message routing, the help card and the manifest's command menu.

A command is declared once, with the `command` decorator, next to its handler. Its docstring's first
line is the help text. Teams limits a command title to 32 characters and a description to 128; the
registry refuses longer ones at import time so the manifest can never be built invalid.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Literal

Scope = Literal["personal", "team", "groupChat"]
ALL_SCOPES: tuple[Scope, ...] = ("personal", "team", "groupChat")
Handler = Callable[..., Awaitable[Any]]
# Said after an editors-only command's description, in help and in the manifest's menu alike.
EDITORS_ONLY_NOTE = " (editors only)"
MAX_DESCRIPTION = 128


@dataclass(frozen=True)
class Command:
    name: str  # the first word typed, lower case
    title: str  # a short label for help and cards (at most 32 characters); the menu shows the name
    description: str  # the help text (at most 128 characters)
    usage: str  # e.g. "check [@handle on platform:] <post text>"
    scopes: tuple[Scope, ...]
    editors_only: bool
    handler: Handler
    menu: bool = True  # listed in the manifest's commandLists

    @property
    def labelled_description(self) -> str:
        """The description as help and the manifest's menu show it: editors-only commands say so."""
        return self.description + (EDITORS_ONLY_NOTE if self.editors_only else "")


_COMMANDS: dict[str, Command] = {}


def command(
    name: str,
    *,
    title: str,
    usage: str | None = None,
    scopes: tuple[Scope, ...] = ALL_SCOPES,
    editors_only: bool = False,
    menu: bool = True,
) -> Callable[[Handler], Handler]:
    """Register `handler` as the command `name`; its docstring's first line is the description."""

    def register(handler: Handler) -> Handler:
        description = (handler.__doc__ or "").strip().splitlines()[0] if handler.__doc__ else ""
        if not name.isidentifier() or name != name.lower():
            raise ValueError(f"command name {name!r} must be one lower-case word")
        if name in _COMMANDS:
            raise ValueError(f"command {name!r} is registered twice")
        if not 0 < len(title) <= 32:
            raise ValueError(f"command {name!r}: title must be 1 to 32 characters")
        limit = MAX_DESCRIPTION - (len(EDITORS_ONLY_NOTE) if editors_only else 0)
        if not 0 < len(description) <= limit:
            raise ValueError(f"command {name!r}: docstring's first line must be 1 to {limit} characters")
        _COMMANDS[name] = Command(
            name=name,
            title=title,
            description=description,
            usage=usage or name,
            scopes=scopes,
            editors_only=editors_only,
            handler=handler,
            menu=menu,
        )
        return handler

    return register


def commands() -> list[Command]:
    """Every registered command, in the order they were declared."""
    return list(_COMMANDS.values())


def find(name: str) -> Command | None:
    return _COMMANDS.get(name.lower())


def available(scope: Scope, is_editor: bool) -> list[Command]:
    """What this caller may run here: help lists only these."""
    return [c for c in _COMMANDS.values() if scope in c.scopes and (is_editor or not c.editors_only)]

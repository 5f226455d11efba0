"""Parsing "@handle on platform" from typed commands (`check @a on facebook: ...`, `history @a`)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from cards.elements import PLATFORM_IDS

ALIASES = {"twitter": "x", "fb": "facebook", "ig": "instagram", "insta": "instagram"}
# A handle as platforms spell them: letters, digits, dots, underscores, hyphens (at most 64).
_ACCOUNT = re.compile(r"@([\w.\-]{1,64})(?:\s+on\s+([a-z]+))?", re.IGNORECASE)


@dataclass(frozen=True)
class Addressed:
    account: str | None  # "@handle" as typed (normalised by the register), or None
    platform: str | None  # one of cards.elements.PLATFORM_IDS, or None
    rest: str  # what follows: the post text for `check`


def platform_id(name: str | None) -> str | None:
    """The platform id for a typed name ("Twitter" -> "x"); unknown names are "other"."""
    if not name:
        return None
    key = ALIASES.get(name.lower(), name.lower())
    return key if key in PLATFORM_IDS else "other"


def parse_post_prefix(text: str) -> Addressed:
    """`@handle [on platform]: post text` -> the parts; text without that prefix is all post."""
    match = re.match(_ACCOUNT.pattern + r"\s*:\s*", text, re.IGNORECASE)
    if not match:
        return Addressed(None, None, text.strip())
    return Addressed(f"@{match.group(1)}", platform_id(match.group(2)), text[match.end() :].strip())


def parse_account(text: str) -> Addressed:
    """`@handle [on platform] [more]` (the @ is optional) -> the parts, or no account when absent."""
    stripped = text.strip()
    if stripped and not stripped.startswith("@"):
        stripped = "@" + stripped
    match = _ACCOUNT.match(stripped)
    if not match:
        return Addressed(None, None, text.strip())
    return Addressed(f"@{match.group(1)}", platform_id(match.group(2)), stripped[match.end() :].strip())

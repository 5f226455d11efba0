"""A short card for confirmations and polite refusals ("Recorded", "Only editors can record blocks")."""

from __future__ import annotations

from cards import elements
from cards.elements import Card


def notice_card(title: str, text: str, *, style: str = "default") -> Card:
    """A headline in `style` (default, good, warning, attention, accent) and one line of explanation."""
    body = [elements.banner(title, style=style)]
    if text:
        body.append(elements.text(text, spacing="medium"))
    return elements.card(body, speak=f"{title}. {text}" if text else title)

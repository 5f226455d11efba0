"""Pages of a long list on a card, and the *Previous page* / *Next page* buttons between them.

Teams refuses a message over about 28 KB, so a list the register can grow without end (`reviews all`,
an account's history) is shown a page at a time. The buttons are Action.Execute: the card is replaced
in place by the page asked for, and each carries what the bot needs to rebuild it (the verb's data
plus the page number), nothing else.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from cards.elements import Element, execute, stacked, text

T = TypeVar("T")
PAGE_KEY = "page"


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a list: its items, its number (from 0), how many pages and items there are, and
    how many items a full page holds."""

    items: tuple[T, ...]
    number: int
    pages: int
    total: int
    size: int

    @property
    def first(self) -> int:
        """The position (from 1) of the page's first item in the whole list (a short last page too)."""
        return self.number * self.size + 1 if self.items else 0


def page_of(items: Sequence[T], number: int, size: int) -> Page[T]:
    """Page `number` (from 0; one past the end shows the last page) of `items`, `size` to a page."""
    pages = max(1, -(-len(items) // size))
    number = min(max(number, 0), pages - 1)
    start = number * size
    return Page(tuple(items[start : start + size]), number, pages, len(items), size)


def read_page(data: Mapping[str, Any]) -> int:
    """The page a button asked for: 0 for anything that is not a whole number of 0 or more."""
    value = data.get(PAGE_KEY)
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else 0


def pager(number: int, pages: int, verb: str, data: Mapping[str, Any], what: str) -> list[Element]:
    """ "Page 2 of 5" and the buttons to the pages either side (none when there is one page)."""
    if pages <= 1:
        return []
    buttons = []
    if number > 0:
        buttons.append(execute(f"Previous page of {what}", verb, {**data, PAGE_KEY: number - 1}))
    if number < pages - 1:
        buttons.append(execute(f"Next page of {what}", verb, {**data, PAGE_KEY: number + 1}))
    return [
        text(f"Page {number + 1} of {pages}.", size="small", subtle=True, spacing="medium"),
        *stacked(buttons),
    ]

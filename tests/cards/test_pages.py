"""Pages of a long list (cards/pages.py): which items a page holds and where it starts."""

from __future__ import annotations

import pytest

from cards.pages import page_of, read_page


@pytest.mark.parametrize(
    ("number", "items", "first"),
    [(0, range(0, 25), 1), (1, range(25, 50), 26), (2, range(50, 61), 51), (7, range(50, 61), 51)],
    ids=["first", "middle", "short-last", "past-the-end"],
)
def test_a_page_holds_its_slice_and_knows_where_it_starts(number: int, items: range, first: int) -> None:
    page = page_of(list(range(61)), number, 25)
    assert (page.items, page.first, page.pages, page.total) == (tuple(items), first, 3, 61)


def test_an_empty_list_is_one_empty_page() -> None:
    nothing: list[int] = []
    page = page_of(nothing, 3, 25)
    assert (page.items, page.number, page.pages, page.first) == ((), 0, 1, 0)


@pytest.mark.parametrize("value", [None, -1, "2", 1.5, True])
def test_a_page_that_is_not_a_whole_number_is_the_first(value: object) -> None:
    assert read_page({"page": value}) == 0

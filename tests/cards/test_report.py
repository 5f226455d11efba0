"""The monthly report's card: its figures, and its three lists a page at a time within Teams' size limit."""

from __future__ import annotations

import json
from typing import Any

import pytest

from cards.report import VERB_REPORT_PAGE, report_card
from policy.pack import default_pack
from tests.cards.examples import ALL_CARDS, LONG_HANDLE, REPORT_DAY, all_text, month_figures, walk


def _page_buttons(card: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {a["title"]: a["data"] for a in walk(card) if a.get("verb") == VERB_REPORT_PAGE}


def _lines(card: dict[str, Any], heading: str) -> list[str]:
    """The lines of the list under `heading` on the card."""
    body = card["body"]
    [at] = [i for i, element in enumerate(body) if element.get("text", "").startswith(heading)]
    return str(body[at + 1]["text"]).split("\n")


def test_a_quiet_month_lists_everything_on_one_page() -> None:
    card = ALL_CARDS["report"]()
    seen = all_text(card)
    assert "Posts checked: 190" in seen and "Blocks overdue now: 2" in seen
    assert _lines(card, "Blocks overdue now (2)") == [
        "- @angry_poster · X (Twitter) · review was due Sun 1 Nov 2026, 30 days ago",
        "- @angry_poster · X (Twitter) · review was due Mon 2 Nov 2026, 29 days ago",
    ]
    assert _lines(card, "Late reviews (2)")[1] == (
        "- @angry_poster: lifted by Alexandra Montgomery-Featherstonehaugh (Communications) on "
        "Wed 4 Nov 2026, 2 days late (due Mon 2 Nov 2026)"
    )
    assert _lines(card, "The team disagreed with the engine (2)") == [
        "- Sun 1 Nov 2026, 09:00 GMT · @angry_poster · engine: hide (threatening_abusive_insulting); "
        "team: Not right?, should be block (threatening_abusive_insulting, safety_risk), "
        "Alexandra Montgomery-Featherstonehaugh (Communications)",
        "- Mon 2 Nov 2026, 09:01 GMT · @angry_poster · engine: hide (threatening_abusive_insulting); "
        "team: recorded a block (threatening_abusive_insulting, safety_risk), "
        "Alexandra Montgomery-Featherstonehaugh (Communications)",
    ]
    assert _page_buttons(card) == {}
    assert "Page 1 of" not in seen


@pytest.mark.parametrize(
    ("page", "shown", "buttons"),
    [
        (0, range(0, 10), {"Next page of the report": 1}),
        (1, range(10, 20), {"Previous page of the report": 0, "Next page of the report": 2}),
        (2, range(20, 25), {"Previous page of the report": 1}),
        (9, range(20, 25), {"Previous page of the report": 1}),
    ],
    ids=["first", "middle", "last", "past-the-end"],
)
def test_the_lists_page_together_with_next_and_previous(
    page: int, shown: range, buttons: dict[str, int]
) -> None:
    figures = month_figures(busy=25)
    card = report_card(figures, today=REPORT_DAY, zone=default_pack().timezone, page=page)
    seen = all_text(card)
    expected_days = [(REPORT_DAY - figures.overdue[n].review_due).days for n in shown]
    overdue = _lines(card, "Blocks overdue now (25)")
    assert [int(line.rsplit(", ", 1)[1].split()[0]) for line in overdue] == expected_days
    assert len(_lines(card, "Late reviews (25)")) == len(shown)
    assert len(_lines(card, "The team disagreed with the engine (25)")) == len(shown)
    assert f"Page {min(page, 2) + 1} of 3." in seen
    # The figures are on the first page only; each button carries the month and the page, nothing else.
    assert ("Posts checked: 190" in seen) == (page == 0)
    assert _page_buttons(card) == {title: {"month": "2026-11", "page": n} for title, n in buttons.items()}


def test_a_list_shorter_than_the_others_leaves_the_later_pages() -> None:
    figures = month_figures(busy=25)
    short = type(figures)(**{**figures.__dict__, "late_reviews": figures.late_reviews[:3]})
    card = report_card(short, today=REPORT_DAY, zone=default_pack().timezone, page=1)
    assert "Late reviews" not in all_text(card) and "Blocks overdue now (25)" in all_text(card)


@pytest.mark.parametrize("page", [0, 1, 2])
def test_every_page_of_long_handles_and_names_stays_far_under_the_teams_message_size(page: int) -> None:
    figures = month_figures(busy=400, account=LONG_HANDLE)
    card = report_card(figures, today=REPORT_DAY, zone=default_pack().timezone, page=page)
    # Teams refuses messages over about 28 KB; the SDK sends the card with json's default separators.
    assert len(json.dumps(card).encode()) < 25_000


def test_people_text_is_never_markdown() -> None:
    card = report_card(month_figures(account="@*bold*"), today=REPORT_DAY, zone=default_pack().timezone)
    assert all("*bold*" not in line for line in _lines(card, "Late reviews (2)"))
    assert all("@\\*bold\\*" in line for line in _lines(card, "Blocks overdue now (2)"))

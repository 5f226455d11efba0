"""Finding blocks by platform, criterion and status: the words typed, and which blocks they match."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from dialogs.block_query import BlockQuery, QueryError, parse_query
from tests.support.review_blocks import due_block

CRITERIA = ("threatening_abusive_insulting", "trolling_harassment", "safety_risk")
TODAY = date(2026, 12, 22)


@pytest.mark.parametrize(
    ("typed", "query"),
    [
        ("", BlockQuery()),
        ("Facebook", BlockQuery(platform="facebook")),
        ("twitter lifted", BlockQuery(platform="x", status="lifted")),
        (
            "SAFETY_RISK overdue ig",
            BlockQuery(platform="instagram", criterion="safety_risk", status="overdue"),
        ),
        ("any", BlockQuery(status="any")),
    ],
    ids=["nothing", "platform", "alias-and-status", "all-three-any-order", "any-status"],
)
def test_words_in_any_order_and_case_make_the_query(typed: str, query: BlockQuery) -> None:
    assert parse_query(typed, CRITERIA) == query
    # The words the page buttons carry find the same blocks again.
    assert parse_query(query.words(), CRITERIA) == query


def test_a_word_that_is_none_of_the_three_is_explained_escaped() -> None:
    with pytest.raises(QueryError, match="is not a platform, a criterion or a status") as raised:
        parse_query("facebook **myspace**", CRITERIA)
    assert r"\*\*myspace" in str(raised.value)  # echoed, never rendered as markdown
    assert "safety_risk" in str(raised.value)  # and every criterion id is named


BLOCKS = {
    "overdue-fb": due_block("1", date(2026, 12, 1), platform="facebook"),
    "today-x": due_block("2", TODAY, platform="x", criteria=("safety_risk",)),
    "later-fb": due_block("3", date(2027, 1, 5), platform="facebook"),
    "lifted-fb": due_block("4", date(2026, 12, 1), platform="facebook", status="lifted"),
}


@pytest.mark.parametrize(
    ("query", "found"),
    [
        (BlockQuery(), {"overdue-fb", "today-x", "later-fb"}),
        (BlockQuery(status="due"), {"overdue-fb", "today-x"}),
        (BlockQuery(status="overdue"), {"overdue-fb"}),
        (BlockQuery(status="lifted"), {"lifted-fb"}),
        (BlockQuery(status="any", platform="facebook"), {"overdue-fb", "later-fb", "lifted-fb"}),
        (BlockQuery(criterion="safety_risk"), {"today-x"}),
    ],
    ids=["active", "due", "overdue", "lifted", "any-on-facebook", "criterion"],
)
def test_a_query_matches_by_platform_criterion_and_status(query: BlockQuery, found: set[str]) -> None:
    assert {name for name, block in BLOCKS.items() if query.matches(block, TODAY)} == found


def test_the_title_says_what_was_asked() -> None:
    query = BlockQuery(platform="x", criterion="safety_risk", status="lifted")
    assert query.title("Safety risk") == "Lifted blocks on X (Twitter) for Safety risk"
    assert BlockQuery().title() == "Active blocks"
    assert replace(query, status="due").title() == "Due or overdue blocks on X (Twitter) for safety_risk"

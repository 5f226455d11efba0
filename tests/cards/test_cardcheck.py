"""The card checker itself: it must pass a good card and catch broken ones in both of its checks."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from tests.support.cardcheck import CardChecker

GOOD: dict[str, Any] = {
    "type": "AdaptiveCard",
    "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
    "version": "1.5",
    "body": [
        {"type": "TextBlock", "text": "Hello", "wrap": True},
        {"type": "Input.Text", "id": "name", "label": "Name", "isRequired": True, "errorMessage": "Needed"},
    ],
    "actions": [{"type": "Action.Execute", "title": "Go", "verb": "go", "data": {"a": 1}}],
}


def _broken(change: str) -> dict[str, Any]:
    card = copy.deepcopy(GOOD)
    if change == "unknown element type":
        card["body"][0]["type"] = "TextBlok"
    elif change == "input without id":
        del card["body"][1]["id"]
    elif change == "version 1.6":
        card["version"] = "1.6"
    elif change == "version 2.0":
        card["version"] = "2.0"
    elif change == "unknown action type":
        card["actions"][0]["type"] = "Action.Exec"
    elif change == "required input without label":
        del card["body"][1]["label"]
    elif change == "textblock without text":
        del card["body"][0]["text"]
    return card


def test_good_card_has_no_problems(card_checker: CardChecker) -> None:
    assert card_checker.problems(GOOD) == []


@pytest.mark.parametrize(
    "change",
    ["unknown element type", "input without id", "version 1.6", "version 2.0", "unknown action type"],
)
def test_both_checks_catch(change: str, card_checker: CardChecker) -> None:
    card = _broken(change)
    assert card_checker.schema.problems(card), "the JSON Schema missed it"
    assert card_checker.renderer.problems(card), "the JS renderer missed it"


def test_schema_names_the_missing_property(card_checker: CardChecker) -> None:
    problems = card_checker.schema.problems(_broken("textblock without text"))
    assert problems == ["schema .body[0]: 'text' is a required property"]


def test_schema_names_the_unknown_type(card_checker: CardChecker) -> None:
    assert card_checker.schema.problems(_broken("unknown element type")) == [
        "schema .body[0]: unknown or misplaced type 'TextBlok'"
    ]


def test_renderer_reports_its_own_events(card_checker: CardChecker) -> None:
    assert any(
        "UnknownElementType" in p for p in card_checker.renderer.problems(_broken("unknown element type"))
    )
    assert any("UnsupportedCardVersion" in p for p in card_checker.renderer.problems(_broken("version 1.6")))
    # Only the renderer knows that a required input needs a label for accessibility.
    assert any(
        "RequiredInputsShouldHaveLabel" in p
        for p in card_checker.renderer.problems(_broken("required input without label"))
    )


def test_problems_combine_both_checks(card_checker: CardChecker) -> None:
    problems = card_checker.problems(_broken("input without id"))
    assert any(p.startswith("schema ") for p in problems)
    assert any(p.startswith("renderer ") for p in problems)


def test_batch_matches_one_by_one(card_checker: CardChecker) -> None:
    cards = [GOOD, _broken("version 2.0"), GOOD]
    assert card_checker.problems_many(cards) == [card_checker.problems(c) for c in cards]
    assert [bool(p) for p in card_checker.problems_many(cards)] == [False, True, False]


async def test_usable_from_async_tests(card_checker: CardChecker) -> None:
    # Conversation tests are asyncio tests: the checker's browser lives on its own thread.
    assert card_checker.problems(GOOD) == []

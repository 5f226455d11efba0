"""The card look checker itself: it must pass a readable card and catch what a reader would struggle with."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support.cardlook import CardLook


def _card(body: list[dict[str, Any]], actions: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    card: dict[str, Any] = {"type": "AdaptiveCard", "version": "1.5", "body": body}
    if actions:
        card["actions"] = actions
    return card


def _button(title: str) -> dict[str, Any]:
    return {"type": "Action.Execute", "title": title, "verb": "v"}


CARDS = {
    "readable": _card([{"type": "TextBlock", "text": "Hide the post", "wrap": True}], [_button("Hide it")]),
    # What issue 13 found in the Agents Playground: yellow text on white, a yellow title on amber.
    "warning-text": _card([{"type": "TextBlock", "text": "Out of hours", "color": "warning", "wrap": True}]),
    "warning-title": _card(
        [
            {
                "type": "Container",
                "style": "warning",
                "items": [
                    {"type": "TextBlock", "text": "Hide the post", "color": "warning", "size": "large"}
                ],
            }
        ]
    ),
    "three-buttons": _card(
        [{"type": "TextBlock", "text": "x"}],
        [_button("Record a block"), _button("Mark as advised"), _button("Show wording")],
    ),
    "long-word": _card(
        [{"type": "RichTextBlock", "inlines": [{"type": "TextRun", "text": "@" + "a" * 64}]}],
    ),
}


@pytest.fixture(scope="module")
def looks(card_look: CardLook) -> dict[str, dict[str, Any]]:
    return {
        f"{look.theme}-{look.width}-{look.card_id}": {"low": look.low_contrast, "overflow": look.overflow}
        for theme in ("light", "dark")
        for width in (320, 1000)
        for look in card_look.look(CARDS, theme, width)
    }


@pytest.mark.parametrize("view", ["light-320", "light-1000", "dark-320", "dark-1000"])
def test_a_readable_card_passes(looks: dict[str, dict[str, Any]], view: str) -> None:
    assert looks[f"{view}-readable"] == {"low": (), "overflow": ()}


def test_yellow_text_on_white_fails_in_the_light_theme(looks: dict[str, dict[str, Any]]) -> None:
    (low,) = looks["light-1000-warning-text"]["low"]
    assert (low.text, round(low.ratio, 2), low.needed) == ("Out of hours", 1.47, 4.5)


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_a_coloured_title_on_its_own_tint_fails(looks: dict[str, dict[str, Any]], theme: str) -> None:
    (low,) = looks[f"{theme}-1000-warning-title"]["low"]
    assert low.text == "Hide the post" and low.ratio < 1.5


def test_buttons_side_by_side_are_cut_off_on_a_phone(looks: dict[str, dict[str, Any]]) -> None:
    cut = looks["light-320-three-buttons"]["overflow"]
    assert [p for p in cut if p.startswith("cut off") and "Record a block" in p]
    assert looks["light-1000-three-buttons"]["overflow"] == ()


def test_a_long_word_pushes_the_card_sideways_on_a_phone(looks: dict[str, dict[str, Any]]) -> None:
    overflow = looks["dark-320-long-word"]["overflow"]
    assert any("sticks out" in p for p in overflow) and any("scrolls sideways" in p for p in overflow)

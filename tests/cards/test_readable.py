"""Every card the bot sends reads well for everyone: in Teams' light and dark themes, on a 320 px phone
and a 1,000 px desktop, in high contrast and with a screen reader.

The cards are rendered by the official renderer with Microsoft's Teams host configs and measured from
the rendered page (tests/support/cardlook.py); screenshots land in .pytest_cache/card-screenshots/.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from policy.pack import default_pack
from tests.cards.examples import ALL_CARDS, LONG_HANDLE, recommendation_for, walk
from tests.support.cardlook import THEMES, WIDTHS, CardLook, Look

_HEX = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})")
VIEWS = [(theme, width) for theme in THEMES for width in WIDTHS]
CARDS = {key: build() for key, build in ALL_CARDS.items()}


@pytest.fixture(scope="module")
def looks(card_look: CardLook) -> dict[tuple[str, int, str], Look]:
    """Every card in every theme at every width: rendered once per view, all cards on one page."""
    found: dict[tuple[str, int, str], Look] = {}
    for theme, width in VIEWS:
        for look in card_look.look(CARDS, theme, width):
            found[(theme, width, look.card_id)] = look
    return found


@pytest.mark.parametrize("card_id", CARDS)
@pytest.mark.parametrize(("theme", "width"), VIEWS, ids=[f"{t}-{w}px" for t, w in VIEWS])
def test_every_text_meets_wcag_contrast(
    looks: dict[tuple[str, int, str], Look], theme: str, width: int, card_id: str
) -> None:
    look = looks[(theme, width, card_id)]
    assert look.texts > 0, "nothing was measured"
    assert [str(c) for c in look.low_contrast] == [], f"see {look.screenshot}"


@pytest.mark.parametrize("card_id", CARDS)
@pytest.mark.parametrize(("theme", "width"), VIEWS, ids=[f"{t}-{w}px" for t, w in VIEWS])
def test_nothing_scrolls_sideways_or_is_cut_off(
    looks: dict[tuple[str, int, str], Look], theme: str, width: int, card_id: str
) -> None:
    look = looks[(theme, width, card_id)]
    assert list(look.overflow) == [], f"see {look.screenshot}"
    assert look.screenshot.is_file()


def test_the_host_drawn_parts_are_reported_apart(looks: dict[tuple[str, int, str], Look]) -> None:
    # Placeholders and the required-field "*" are drawn by the host, not the card: they are measured
    # and listed (not hidden), but no card could change them.
    chrome = {c.text for look in looks.values() for c in look.host_chrome}
    assert chrome <= {"*"} | {t for t in chrome if t.startswith("placeholder: ")}


@pytest.mark.parametrize("card_id", CARDS)
def test_no_colour_is_forced_and_none_carries_meaning(card_id: str) -> None:
    # High contrast: the host replaces its own colours; a colour a card forced would stay. Cards only
    # name container styles (which the host maps) and never colour text, so meaning is in words.
    nodes = walk(CARDS[card_id])
    assert [n for n in nodes if "color" in n] == []
    assert [n for n in nodes if "backgroundImage" in n] == []
    hex_colours = [v for n in nodes for v in n.values() if isinstance(v, str) and _HEX.fullmatch(v)]
    assert hex_colours == []


@pytest.mark.parametrize("card_id", CARDS)
def test_each_card_speaks_a_summary(card_id: str) -> None:
    speak = CARDS[card_id].get("speak", "")
    assert len(speak) >= 10 and speak.strip() == speak


@pytest.mark.parametrize("action", [a.id for a in default_pack().actions])
def test_an_assessment_says_the_action_and_next_step_in_words(action: str) -> None:
    card = CARDS[f"assessment-{action}"]
    info = default_pack().action(action)
    banner = card["body"][0]
    assert banner["items"][0]["text"] == info.title  # the action in words, not only the banner's tint
    assert card["speak"].startswith(f"Recommendation: {info.title}.")
    steps = recommendation_for(action).steps
    if steps:
        assert f"Next step: {steps[0]}" in card["speak"]


def _buttons(card: dict[str, Any]) -> list[str]:
    return [n["title"] for n in walk(card) if str(n.get("type", "")).startswith("Action.")]


@pytest.mark.parametrize("card_id", CARDS)
def test_buttons_say_what_they_do(card_id: str) -> None:
    for title in _buttons(CARDS[card_id]):
        assert title.lower() not in {"ok", "submit", "go", "yes", "no", "cancel", "check", "keep…", "lift…"}
        assert len(title.split()) >= 2, title


def test_assessment_buttons_name_the_account() -> None:
    assert _buttons(CARDS["assessment-block"]) == [
        "Record a block for @angry_poster",
        "Mark @angry_poster as advised",
        "Show the approved wording",
        "Leave it: no action",
        "Not right?",
    ]
    # A handle too long for a phone's button is named on the card, and the button says "this account".
    assert _buttons(CARDS["assessment-long-handle-unmonitored"])[:2] == [
        "Record a block for this account",
        "Mark this account as advised",
    ]
    assert LONG_HANDLE in str(CARDS["assessment-long-handle-unmonitored"]["body"])


def test_digest_buttons_tell_the_blocks_apart() -> None:
    titles = _buttons(CARDS["digest"])
    assert titles[:2] == ["Keep @angry_poster blocked…", "Lift block on @angry_poster…"]
    assert "Keep @b blocked…" in titles

"""The assessment card: action, criteria with clauses and evidence, steps, wording, buttons."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from typing import Any

from cards.assessment import assessment_card
from policy import Post, assess
from policy.pack import default_pack
from tests.cards.examples import (
    REDACTED,
    actions,
    all_text,
    block_recommendation,
    signpost_recommendation,
    walk,
)


def _block_card() -> dict[str, Any]:
    return assessment_card(
        block_recommendation(),
        default_pack(),
        post_id="chk-1",
        redacted_text=REDACTED,
        author="@angry_poster",
        platform="x",
    )


def test_envelope() -> None:
    card = _block_card()
    assert card["type"] == "AdaptiveCard"
    assert card["version"] == "1.5"
    assert card["$schema"] == "http://adaptivecards.io/schemas/adaptive-card.json"


def test_action_banner_uses_the_pack_title_summary_and_colour() -> None:
    pack = default_pack()
    banner = _block_card()["body"][0]
    assert banner["style"] == pack.action("block").colour == "attention"
    assert banner["items"][0]["text"] == "Block the account"
    # The pack's colour tints the banner; the title keeps the host's text colour, readable on the tint
    # in every theme (a red title on the attention tint was 2.8:1 in Teams' dark theme).
    assert "color" not in banner["items"][0]
    assert pack.action("block").summary in all_text(_block_card())


def test_colour_follows_the_pack() -> None:
    pack = default_pack()
    recoloured = dataclasses.replace(
        pack,
        actions=tuple(dataclasses.replace(a, colour="good") if a.id == "block" else a for a in pack.actions),
    )
    card = assessment_card(
        block_recommendation(), recoloured, post_id="c", redacted_text=REDACTED, author=None, platform=None
    )
    assert card["body"][0]["style"] == "good"


def test_criteria_titles_clauses_and_evidence() -> None:
    text = all_text(_block_card())
    pack = default_pack()
    for criterion in ("threatening_abusive_insulting", "safety_risk"):
        assert pack.criterion(criterion).title in text
        assert f"“{pack.criterion(criterion).clause}”" in text
    assert "are *useless*" in text
    assert "I know where the nurse lives" in text


def test_post_and_evidence_are_shown_verbatim_not_as_markdown() -> None:
    card = _block_card()
    runs = [n["text"] for n in walk(card) if n.get("type") == "TextRun"]
    assert REDACTED in runs
    assert all(REDACTED not in n["text"] for n in walk(card) if n.get("type") == "TextBlock")


def test_steps_in_order() -> None:
    text = all_text(_block_card())
    assert (
        text.index("1. Screenshot the post")
        < text.index("2. Hide the post.")
        < text.index("3. Record the block")
    )


def test_suggested_wording_rendered_with_id_and_version() -> None:
    pack = default_pack()
    text = all_text(_block_card())
    assert pack.wording_entry("blocked_service_info").title in text
    assert pack.render("blocked_service_info") in text
    assert "blocked_service_info · version 1.0" in text
    assert "{website}" not in text


def test_buttons_and_their_data() -> None:
    buttons = actions(_block_card())
    # Each button names what it does and to whom (a screen reader lists buttons out of context).
    assert set(buttons) == {
        "Record a block for @angry_poster",
        "Mark @angry_poster as advised",
        "Show the approved wording",
        "Leave it: no action",
        "Not right?",
    }
    assert all(b["type"] == "Action.Execute" for b in buttons.values())
    block = buttons["Record a block for @angry_poster"]
    assert block["verb"] == "block.open"
    assert block["data"] == {
        "post_id": "chk-1",
        "platform": "x",
        "account": "@angry_poster",
        "criteria": ["threatening_abusive_insulting", "safety_risk"],
        "evidence": REDACTED,
    }
    advised = buttons["Mark @angry_poster as advised"]
    assert (advised["verb"], advised["data"]) == (
        "account.advised",
        {"account": "@angry_poster", "platform": "x", "check_id": "chk-1"},
    )
    leave = buttons["Leave it: no action"]
    assert (leave["verb"], leave["data"]) == (
        "verdict.leave",
        {"check_id": "chk-1", "account": "@angry_poster"},
    )
    not_right = buttons["Not right?"]
    assert not_right["verb"] == "verdict.open"
    assert not_right["data"] == {
        "check_id": "chk-1",
        "account": "@angry_poster",
        "engine_action": "block",
        "criteria": ["threatening_abusive_insulting", "safety_risk"],
    }
    wording = buttons["Show the approved wording"]
    assert (wording["verb"], wording["data"]) == ("wording.show", {"ids": ["blocked_service_info"]})


def test_no_advised_button_without_an_author() -> None:
    card = assessment_card(
        signpost_recommendation(), default_pack(), post_id="c", redacted_text="x", author=None, platform=None
    )
    assert not [title for title in actions(card) if "advised" in title]
    assert actions(card)["Record a block"]["data"]["account"] == ""


def test_outside_monitored_hours_is_said() -> None:
    unmonitored = assessment_card(
        signpost_recommendation(monitored=False),
        default_pack(),
        post_id="c",
        redacted_text="x",
        author=None,
        platform=None,
    )
    monitored = assessment_card(
        signpost_recommendation(monitored=True),
        default_pack(),
        post_id="c",
        redacted_text="x",
        author=None,
        platform=None,
    )
    assert "outside monitored hours" in all_text(unmonitored)
    assert "outside monitored hours" not in all_text(monitored)


def test_signpost_shows_both_wordings_and_notes() -> None:
    pack = default_pack()
    card = assessment_card(
        signpost_recommendation(), pack, post_id="c", redacted_text="x", author="@a", platform="facebook"
    )
    text = all_text(card)
    assert "Signpost privately" in text
    assert pack.render("individual_case") in text and pack.render("complaints_pals") in text
    assert "Looks like an individual's own case." in text
    assert "Platform: Facebook" in text
    assert actions(card)["Show the approved wording"]["data"] == {
        "ids": ["individual_case", "complaints_pals"]
    }


def test_unknown_ids_do_not_break_the_card() -> None:
    rec = dataclasses.replace(block_recommendation(), criteria=("not_in_pack",), wording=("gone",))
    card = assessment_card(rec, default_pack(), post_id="c", redacted_text="x", author=None, platform=None)
    assert "not_in_pack" in all_text(card)


def test_a_person_at_risk_is_never_offered_a_block() -> None:
    pack = default_pack()
    at = datetime(2026, 11, 24, 11, 0, tzinfo=UTC)
    rec = assess(Post(id="r", text="I want to end it all tonight", at=at, author="@sad"), (), at, pack)
    card = assessment_card(rec, pack, post_id="r", redacted_text=rec.redacted, author="@sad", platform="x")
    titles = [a["title"] for a in card.get("actions", [])]
    assert rec.action == "escalate"
    assert "Record a block" not in titles

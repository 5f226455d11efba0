"""The review digest card, its form readers, and the `reviews all` list."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import Any

import pytest

from cards.digest import (
    MAX_DIGEST_BLOCKS,
    VERB_KEEP,
    VERB_LIFT,
    VERB_SNOOZE,
    ReviewForm,
    digest_card,
    digest_summary,
    entry_state,
    input_id,
    read_keep,
    read_lift,
    read_target,
    reviews_list_card,
)
from policy.pack import default_pack
from register.model import Block
from tests.cards.examples import LONG_HANDLE, all_text, by_id, walk
from tests.support.cardcheck import CardChecker
from tests.support.review_blocks import due_block

PACK = default_pack()
DAY = date(2026, 12, 22)
NEXT_DAY = date(2026, 12, 23)


def digest(blocks: list[Block], **kwargs: Any) -> dict[str, Any]:
    kwargs.setdefault("today", DAY)
    kwargs.setdefault("snooze_until", NEXT_DAY)
    return digest_card(DAY, blocks, PACK, **kwargs)


def buttons(card: dict[str, Any]) -> list[dict[str, Any]]:
    return [n for n in walk(card) if n.get("type") == "Action.Execute"]


LONG = "x" * 64
WORST = [
    due_block(f"{n:032x}", date(2026, 12, 1), f"@{LONG}", rationale="word " * 400, revision="r" * 32)
    for n in range(MAX_DIGEST_BLOCKS + 5)
]

CARDS: dict[str, Callable[[], dict[str, Any]]] = {
    "due-and-overdue": lambda: digest([due_block("a", date(2026, 12, 1)), due_block("b", DAY, "@b")]),
    "nothing-due": lambda: digest([]),
    "reviewed-and-lifted": lambda: digest(
        [
            due_block("a", date(2027, 1, 21), last_review="kept by B. Jones on 2026-12-22: still abusive"),
            due_block("b", DAY, status="lifted", last_review="lifted by B. Jones on 2026-12-22: apologised"),
        ],
        notice="Someone else acted on @a first.",
    ),
    "keep-form-with-errors": lambda: digest(
        [due_block("a", DAY)],
        form=ReviewForm(
            "a", "keep", {"reason": "", "next_review": "2020-01-01"}, {"reason": "Give a reason."}
        ),
    ),
    "lift-form": lambda: digest([due_block("a", DAY)], form=ReviewForm("a", "lift", {"reason": "sorry"})),
    "worst-case-size": lambda: digest(WORST, more=40),
    "reviews-all": lambda: reviews_list_card(
        [due_block("a", date(2026, 12, 1)), due_block("b", DAY), due_block("c", date(2027, 1, 5))],
        PACK,
        today=DAY,
    ),
    "reviews-all-empty": lambda: reviews_list_card([], PACK, today=DAY),
}


@pytest.mark.parametrize("build", CARDS.values(), ids=CARDS.keys())
def test_digest_cards_pass_schema_and_renderer(build, card_checker: CardChecker) -> None:
    assert card_checker.problems(build()) == []


def test_a_due_block_shows_what_the_reviewer_needs() -> None:
    card = digest([due_block("a", date(2026, 12, 19))])
    seen = all_text(card)
    for expected in (
        "@angry_poster",
        " on X (Twitter)",
        "Overdue by 3 days (review was due Sat 19 Dec 2026)",
        "Criteria: Threatening, abusive or insulting; Trolling or harassment",
        "Decided by: A. Smith, Tue 1 Dec 2026, 10:30 GMT",
        "Rationale: ",
        "Tue 22 Dec 2026 · 1 waiting for review, 1 overdue",
    ):
        assert expected in seen
    assert "Due for review today" in all_text(digest([due_block("a", DAY)]))


def test_each_due_block_has_keep_lift_and_snooze_carrying_its_revision_and_the_digest() -> None:
    card = digest([due_block("a", DAY), due_block("b", DAY, "@b")])
    first_three = buttons(card)[:3]
    assert [(b["title"], b["verb"], b["data"]["step"]) for b in first_three] == [
        # Up to eight blocks share a card: each button names its account.
        ("Keep @angry_poster blocked…", VERB_KEEP, "open"),
        ("Lift block on @angry_poster…", VERB_LIFT, "open"),
        ("Snooze to Wed 23 Dec 2026", VERB_SNOOZE, "submit"),
    ]
    for button in first_three:
        assert {k: button["data"][k] for k in ("block", "revision", "day", "ids")} == {
            "block": "a",
            "revision": "rev-a",
            "day": "2026-12-22",
            "ids": ["a", "b"],
        }
        # Buttons outside a form must not be held up by a half-filled form elsewhere on the card.
        assert button["associatedInputs"] == "none"


def test_an_open_keep_form_keeps_typed_values_and_shows_errors_beside_fields() -> None:
    form = ReviewForm(
        "a",
        "keep",
        {"reason": "still posting threats", "next_review": "2020-01-01"},
        {"next_review": "The next review must be after today."},
    )
    card = digest([due_block("a", DAY)], form=form)
    reason = by_id(card, input_id("keep", "reason", "a"))
    assert reason["value"] == "still posting threats" and reason["isRequired"] is True
    assert by_id(card, input_id("keep", "next", "a"))["value"] == "2020-01-01"
    assert "The next review must be after today." in all_text(card)
    submit, cancel = [b for b in buttons(card) if b["data"]["block"] == "a"]
    assert (submit["title"], submit["data"]["step"], submit["associatedInputs"]) == (
        "Keep block",
        "submit",
        "auto",
    )
    assert (cancel["title"], cancel["data"]["step"]) == ("Close without saving", "close")


def test_the_keep_form_defaults_the_next_review_to_the_pack_interval() -> None:
    card = digest([due_block("a", DAY)], form=ReviewForm("a", "keep"))
    assert by_id(card, input_id("keep", "next", "a"))["value"] == "2027-01-21"  # 22 Dec + 30 days


def test_the_lift_form_says_the_block_must_be_lifted_on_the_platform() -> None:
    card = digest([due_block("a", DAY)], form=ReviewForm("a", "lift"))
    assert "someone must also unblock @angry_poster on X (Twitter)" in all_text(card)
    assert by_id(card, input_id("lift", "reason", "a"))["isRequired"] is True


def test_reviewed_and_lifted_blocks_show_who_did_what_without_buttons() -> None:
    card = CARDS["reviewed-and-lifted"]()
    seen = all_text(card)
    assert "kept by B. Jones on 2026-12-22: still abusive" in seen
    assert "Reviewed · next review Thu 21 Jan 2027" in seen
    assert "lifted by B. Jones on 2026-12-22: apologised" in seen
    assert "Remember to unblock @angry_poster on X (Twitter) as well." in seen
    assert "Someone else acted on @a first." in seen
    assert "All reviewed." in seen
    assert buttons(card) == []


def test_people_text_is_never_markdown() -> None:
    card = digest([due_block("a", DAY, "@*bold*", rationale="[link](http://evil) **x**")])
    for node in walk(card):
        if node.get("type") == "TextBlock":
            assert "evil" not in node["text"] and "*bold*" not in node["text"]


def test_the_card_is_capped_and_stays_under_the_teams_message_size() -> None:
    card = CARDS["worst-case-size"]()
    assert len({b["data"]["block"] for b in buttons(card)}) == MAX_DIGEST_BLOCKS
    assert "45 more blocks are due: type **reviews** to see them." in all_text(card)
    # Teams refuses messages over about 28 KB; the SDK sends the card with json's default separators.
    assert len(json.dumps(card).encode()) < 25_000


def test_nothing_due_says_so() -> None:
    assert "Nothing is due for review." in all_text(digest([]))


def test_entry_state() -> None:
    assert entry_state(due_block("a", DAY), DAY) == "due"
    assert entry_state(due_block("a", NEXT_DAY), DAY) == "reviewed"
    assert entry_state(due_block("a", DAY, status="lifted"), DAY) == "lifted"


def test_digest_summary_for_the_notification() -> None:
    assert digest_summary([due_block("a", DAY), due_block("b", date(2026, 12, 1))], DAY) == (
        "2 blocks due for review, 1 overdue"
    )
    assert digest_summary([due_block("a", DAY)], DAY) == "1 block due for review"


# Readers ------------------------------------------------------------------------------------------


def test_read_target_accepts_our_data_and_refuses_anything_else() -> None:
    target = read_target({"block": "a", "revision": "r", "day": "2026-12-22", "ids": ["a", "b"]})
    assert target is not None and (target.block_id, target.day, target.ids) == ("a", DAY, ("a", "b"))
    assert read_target({"block": "a", "revision": "r", "day": "yesterday"}) is None
    assert read_target({"revision": "r", "day": "2026-12-22"}) is None
    only = read_target({"block": "a", "revision": "r", "day": "2026-12-22", "ids": "oops"})
    assert only is not None and only.ids == ("a",)


KEEP_CASES = [
    ({"keep_reason_a": " still abusive ", "keep_next_a": ""}, ("still abusive", date(2027, 1, 21)), set()),
    ({"keep_reason_a": "ok", "keep_next_a": "2027-02-01"}, ("ok", date(2027, 2, 1)), set()),
    ({"keep_next_a": "2027-02-01"}, None, {"reason"}),
    ({"keep_reason_a": "  "}, None, {"reason"}),
    ({"keep_reason_a": "ok", "keep_next_a": "2026-12-22"}, None, {"next_review"}),
    ({"keep_reason_a": "ok", "keep_next_a": "2028-01-01"}, None, {"next_review"}),
    ({"keep_reason_a": "ok", "keep_next_a": "soon"}, None, {"next_review"}),
    ({"keep_reason_a": "x" * 1001}, None, {"reason"}),
]


@pytest.mark.parametrize(
    ("data", "decision", "errors"),
    KEEP_CASES,
    ids=[
        "default-date",
        "chosen-date",
        "no-reason",
        "blank-reason",
        "today",
        "over-a-year",
        "not-a-date",
        "long",
    ],
)
def test_read_keep(data, decision, errors) -> None:
    got, form = read_keep(data, "a", today=DAY, interval_days=30)
    assert got == decision
    assert set(form.errors) == errors
    assert form.values["reason"] == str(data.get("keep_reason_a", "")).strip()


def test_read_lift() -> None:
    assert read_lift({"lift_reason_a": "apologised"}, "a")[0] == "apologised"
    reason, form = read_lift({"lift_reason_b": "wrong block"}, "a")
    assert reason is None and "reason" in form.errors


def test_reviews_all_lists_every_active_block_earliest_first() -> None:
    card = CARDS["reviews-all"]()
    seen = all_text(card)
    assert "3 active · 2 due or overdue" in seen
    assert seen.index("review Tue 1 Dec 2026 (overdue by 21 days)") < seen.index(
        "review Tue 22 Dec 2026 (due today)"
    )
    assert "review Tue 5 Jan 2027" in seen
    assert "No active blocks." in all_text(reviews_list_card([], PACK, today=DAY))


def _paged(page: int, account: str = "@a") -> dict[str, Any]:
    many = [replace(due_block(f"b{n:02}", date(2027, 1, 1)), account=f"{account}{n:02}") for n in range(70)]
    return reviews_list_card(many, PACK, today=DAY, page=page, query="facebook lifted")


def _page_buttons(card: dict[str, Any]) -> dict[str, Any]:
    return {a["title"]: a["data"] for a in walk(card) if a.get("type") == "Action.Execute"}


@pytest.mark.parametrize(
    ("page", "first", "last", "buttons"),
    [
        (0, "@a00", "@a24", {"Next page of blocks": 1}),
        (1, "@a25", "@a49", {"Previous page of blocks": 0, "Next page of blocks": 2}),
        (2, "@a50", "@a69", {"Previous page of blocks": 1}),
        (9, "@a50", "@a69", {"Previous page of blocks": 1}),  # past the end: the last page
    ],
    ids=["first", "middle", "last", "past-the-end"],
)
def test_reviews_all_pages_through_every_block(
    page: int, first: str, last: str, buttons: dict[str, int]
) -> None:
    card = _paged(page)
    seen = all_text(card)
    shown = [n for n in range(70) if f"@a{n:02}\n" in seen + "\n"]
    assert (f"@a{shown[0]:02}", f"@a{shown[-1]:02}") == (first, last)
    assert f"Page {min(page, 2) + 1} of 3." in seen
    found = _page_buttons(card)
    # Each button carries the search and the page, nothing else.
    assert found == {title: {"query": "facebook lifted", "page": n} for title, n in buttons.items()}


def test_one_page_has_no_page_buttons() -> None:
    assert _page_buttons(CARDS["reviews-all"]()) == {}


def test_a_page_of_long_handles_stays_far_under_the_teams_message_size() -> None:
    assert len(json.dumps(_paged(1, LONG_HANDLE[:60])).encode()) < 25_000

"""Which blocks are due on a day, most overdue first, and the digest's JSON shape."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from reminders.due import build_digest, digest_json, due_blocks, keep_order
from tests.support.review_blocks import due_block

DAY = date(2026, 12, 22)


def test_only_active_blocks_due_on_or_before_the_day_are_listed() -> None:
    blocks = [
        due_block("today", DAY, "@b"),
        due_block("tomorrow", date(2026, 12, 23)),
        due_block("lifted", date(2026, 12, 1), status="lifted"),
        due_block("late", date(2026, 12, 1), "@c"),
    ]
    assert [(d.block.id, d.overdue_days) for d in due_blocks(blocks, DAY)] == [("late", 21), ("today", 0)]


@pytest.mark.parametrize(
    ("due", "overdue_days", "overdue"),
    [(DAY, 0, False), (date(2026, 12, 21), 1, True), (date(2025, 12, 22), 365, True)],
    ids=["due-today", "one-day-late", "a-year-late"],
)
def test_overdue_days_count_calendar_days(due: date, overdue_days: int, overdue: bool) -> None:
    (entry,) = due_blocks([due_block("b1", due)], DAY)
    assert (entry.overdue_days, entry.overdue) == (overdue_days, overdue)


def test_ties_are_ordered_by_account_then_id_so_the_card_is_stable() -> None:
    blocks = [due_block("z", DAY, "@b"), due_block("y", DAY, "@a"), due_block("x", DAY, "@b")]
    assert [d.block.id for d in due_blocks(blocks, DAY)] == ["y", "x", "z"]


def test_the_digest_counts_overdue_blocks_and_knows_when_it_is_empty() -> None:
    digest = build_digest([due_block("a", DAY), due_block("b", date(2026, 12, 1))], DAY)
    assert (digest.empty, digest.overdue_count, digest.block_ids()) == (False, 1, ["b", "a"])
    assert build_digest([due_block("later", date(2027, 1, 1))], DAY).empty


def test_digest_json_has_the_fields_the_dry_run_promises() -> None:
    block = replace(due_block("b1", date(2026, 12, 20)), platform="facebook")
    assert digest_json("19:c", build_digest([block], DAY)) == {
        "conversation": "19:c",
        "day": "2026-12-22",
        "blocks": [
            {
                "id": "b1",
                "platform": "facebook",
                "account": "@angry_poster",
                "review_due": "2026-12-20",
                "overdue_days": 2,
                "criteria": ["threatening_abusive_insulting", "trolling_harassment"],
                "decided_by": "A. Smith",
                "decided_at": "2026-12-01T10:30:00+00:00",
            }
        ],
    }


def test_keep_order_follows_the_ids_and_drops_unknown_ones() -> None:
    blocks = [due_block("a", DAY), due_block("b", DAY)]
    assert [b.id for b in keep_order(blocks, ["b", "gone", "a"])] == ["b", "a"]

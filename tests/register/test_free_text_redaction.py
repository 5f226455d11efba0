"""Free text typed into the register (a block's rationale and evidence, a Keep or Lift reason, an advice
note) is stored with patient identifiers masked, as posts are: neither the register's files, its audit
log nor `socialdesk export` hold an NHS number or a patient's name."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from register import rules
from register.model import Actor, NewBlock
from register.tinydb_store import open_tinydb_register
from socialdesk_cli import main

EDITOR = Actor("Alex Smith", "11111111-aaaa-4bbb-8ccc-000000000001")
T0 = datetime(2026, 6, 1, 9, 30, tzinfo=UTC)
NHS_DIGITS = ("943 476 5919", "9434765919", "943-476-5919")
NAME = "Jones"
RATIONALE = "Posted that Mrs Jones on ward 7, NHS number 943 476 5919, was admitted"
REASON = "Still naming Mrs Jones (9434765919) on the ward"


def _leaks(text: str) -> list[str]:
    """The identifiers from the test's free text that are still readable in `text`."""
    return [needle for needle in (*NHS_DIGITS, NAME) if needle in text]


def _new_block(request_id: str) -> NewBlock:
    return NewBlock(
        platform="facebook",
        account="@poster",
        criteria=("patient_confidentiality",),
        rationale=RATIONALE,
        evidence="Mrs Jones is in bed 4, NHS no 943-476-5919",
        review_due=date(2026, 12, 1),
        request_id=request_id,
    )


@pytest.mark.parametrize(
    "field",
    ["rationale", "evidence"],
    ids=["rationale", "evidence"],
)
def test_a_new_blocks_free_text_is_redacted(field: str) -> None:
    block = rules.new_block(_new_block("form-1"), EDITOR, T0, revision="r1")

    stored: str = getattr(block, field)
    assert _leaks(stored) == []
    assert "[NHS number]" in stored and "[name]" in stored


@pytest.mark.parametrize(
    "decide",
    [
        lambda reason: rules.keep(EDITOR, T0, reason, date(2027, 1, 4)),
        lambda reason: rules.lift(EDITOR, T0, reason),
    ],
    ids=["keep", "lift"],
)
def test_a_review_reason_is_redacted_in_the_block_and_its_event(
    decide: Callable[[str], rules.BlockChange],
) -> None:
    current = rules.new_block(_new_block("form-2"), EDITOR, T0, revision="r1")
    change = decide(REASON)

    changed, event = change.apply(current, "r1", read_back=dict)

    assert _leaks(changed.last_review or "") == []
    assert _leaks(str(event.details)) == []
    assert "[NHS number]" in event.details["reason"]


def test_an_advice_note_is_redacted() -> None:
    assert rules.advice_details(REASON) == {"note": "Still naming [name] ([NHS number]) on the ward"}
    assert rules.advice_details(None) == {"note": None}


async def test_identifiers_reach_neither_the_register_files_nor_the_export(tmp_path: Path) -> None:
    data = tmp_path / "data"
    register = open_tinydb_register(data)
    block = await register.add_block(_new_block("form-3"), EDITOR, T0)
    kept = await register.keep_block(block.id, block.revision, EDITOR, T0, REASON, date(2027, 1, 4))
    lifted = await register.add_block(_new_block("form-4"), EDITOR, T0)
    await register.lift_block(lifted.id, lifted.revision, EDITOR, T0, REASON)
    await register.add_advice("@poster", EDITOR, T0, note=REASON)
    await register.close()
    assert kept.last_review is not None and "[NHS number]" in kept.last_review

    out = tmp_path / "out"
    arguments = ["export", "--csv", str(out), "--store", f"tinydb:{data}"]
    # The command runs its own event loop, so it runs in a thread beside this test's loop.
    assert await asyncio.to_thread(main, arguments) == 0

    written = sorted(data.rglob("*")) + sorted(out.rglob("*"))
    names = {path.name for path in written}
    assert {"register.json", "audit.jsonl", "blocks.csv", "audit.csv"} <= names
    for path in written:
        if path.is_file():
            assert _leaks(path.read_text(encoding="utf-8-sig")) == [], path.name

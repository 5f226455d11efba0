"""The engine on this suite's own labelled posts (examples.jsonl), one test per post.

Each line: {"id", "text", "expect": {"action_any", "criteria_all", "criteria_none"?, "wording_any"}}.
`criteria_none: "all"` marks a clean post: no criterion may be flagged. The posts were written for this
suite to cover every criterion, action and wording, hard negatives and disguised abuse; they are not
the Trust's evaluation set.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

EXAMPLES = [
    json.loads(line)
    for line in (Path(__file__).with_name("examples.jsonl")).read_text(encoding="utf-8").splitlines()
    if line.strip()
]


@pytest.mark.parametrize("example", [pytest.param(e, id=e["id"]) for e in EXAMPLES])
def test_example(check, pack, example: dict[str, Any]) -> None:
    expect = example["expect"]
    rec = check(example["text"])
    assert rec.action in expect["action_any"]
    assert set(expect["criteria_all"]) <= set(rec.criteria)
    if expect.get("criteria_none") == "all":
        assert rec.criteria == ()
    if expect["wording_any"]:
        assert set(expect["wording_any"]) & set(rec.wording)
    for reason in rec.reasons:
        assert reason.clause == pack.criterion(reason.criterion).clause
        assert reason.evidence
    if rec.action == "escalate" and not rec.criteria:
        assert any(note.startswith("Evidence:") for note in rec.notes)


def test_the_examples_cover_every_criterion_action_and_wording(pack) -> None:
    criteria = {c for e in EXAMPLES for c in e["expect"]["criteria_all"]}
    actions = {a for e in EXAMPLES if len(e["expect"]["action_any"]) == 1 for a in e["expect"]["action_any"]}
    wording = {w for e in EXAMPLES for w in e["expect"]["wording_any"]}
    assert criteria == {c.id for c in pack.criteria}
    assert {"escalate", "block", "restrict", "hide", "signpost", "reply"} <= actions
    assert {"compliment", "individual_case", "sharing_not_endorsement", "staff_personal_accounts"} <= wording

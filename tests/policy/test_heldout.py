"""The frozen held-out sets, scored by the Trust's scorer: a floor that a change may not go below.

The sets (heldout/set_a.jsonl, set_b.jsonl, set_c.jsonl) were written by helpers who had read only the
policy, before the engine they measure was built, and nobody tunes the engine on them: the engineers see
their figures, never which posts failed. The floors are the figures of the last release, less a
little for noise; raise them when the engine improves. See heldout/README.md.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SCORER = REPO.parent / "shared" / "eval" / "score.py"
HELDOUT = Path(__file__).with_name("heldout")

# The floors: no release may score worse than these on the frozen sets.
FLOORS = {
    "set_a.jsonl": {"action_acc": 0.84, "criteria_recall": 0.73, "wording": 0.79},
    "set_b.jsonl": {"action_acc": 0.81, "criteria_recall": 0.73, "wording": 0.74},
    "set_c.jsonl": {"action_acc": 0.81, "criteria_recall": 0.68, "wording": 0.78},
    "set_d.jsonl": {"action_acc": 0.76, "criteria_recall": 0.62, "wording": 0.79},
    "set_e.jsonl": {"action_acc": 0.78, "criteria_recall": 0.75, "wording": 0.77},
    "set_f.jsonl": {"action_acc": 0.79, "criteria_recall": 0.72, "wording": 0.75},
}
# ...and the ceilings: at most this many misses and false alarms.
CEILINGS = {
    "set_a.jsonl": {"severe_miss": 10, "wrongful_block": 0, "clean_false_flag": 0.02},
    "set_b.jsonl": {"severe_miss": 6, "wrongful_block": 4, "clean_false_flag": 0.08},
    "set_c.jsonl": {"severe_miss": 13, "wrongful_block": 1, "clean_false_flag": 0.02},
    "set_d.jsonl": {"severe_miss": 13, "wrongful_block": 2, "clean_false_flag": 0.07},
    "set_e.jsonl": {"severe_miss": 14, "wrongful_block": 1, "clean_false_flag": 0.065},
    "set_f.jsonl": {"severe_miss": 9, "wrongful_block": 0, "clean_false_flag": 0.065},
}


def score(labelled: Path, out: Path) -> dict[str, float]:
    """The scorer's figure line ("posts=... action_acc=0.812 ..."), as numbers."""
    run = subprocess.run(
        [sys.executable, str(SCORER), str(labelled), str(out)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    line = run.stdout.strip().splitlines()[-1]
    return {key: float(value) for key, value in (pair.split("=") for pair in line.split())}


@pytest.mark.skipif(
    not SCORER.exists(), reason="../shared/eval/score.py (the Trust's scorer) is not beside this checkout"
)
@pytest.mark.parametrize("name", sorted(FLOORS))
def test_the_held_out_set_stays_within_its_floors(tmp_path, name):
    labelled = HELDOUT / name
    out = tmp_path / "out.jsonl"
    with out.open("w", encoding="utf-8") as sink:
        subprocess.run(
            [sys.executable, "-m", "socialdesk_cli", "assess", str(labelled)],
            stdout=sink,
            cwd=REPO,
            timeout=120,
            check=True,
        )
    # Only the figures are compared and shown: which posts failed is never printed, so nobody tunes on them.
    figures = score(labelled, out)
    assert figures["missing"] == 0
    for key, floor in FLOORS[name].items():
        assert figures[key] >= floor, f"{key} {figures[key]} fell below {floor}"
    for key, ceiling in CEILINGS[name].items():
        assert figures[key] <= ceiling, f"{key} {figures[key]} rose above {ceiling}"

"""The Trust's labelled examples, scored by the Trust's own scorer with its default thresholds."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
EVAL = REPO.parent / "shared" / "eval"


@pytest.mark.skipif(not (EVAL / "score.py").exists(), reason="../shared/eval is not beside this checkout")
def test_the_labelled_examples_meet_the_scorers_thresholds(tmp_path):
    out = tmp_path / "out.jsonl"
    with out.open("w", encoding="utf-8") as sink:
        assess = subprocess.run(
            [sys.executable, "-m", "socialdesk_cli", "assess", str(EVAL / "dev_posts.jsonl")],
            stdout=sink,
            cwd=REPO,
            timeout=120,
            check=False,
        )
    assert assess.returncode == 0
    score = subprocess.run(
        [sys.executable, str(EVAL / "score.py"), str(EVAL / "dev_posts.jsonl"), str(out), "--verbose"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert score.returncode == 0, score.stdout

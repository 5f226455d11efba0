"""`socialdesk assess`: the command-line contract, through the real console entry point."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from socialdesk_cli import main

REPO = Path(__file__).resolve().parents[2]


def run_cli(*args: str, stdin: str = "") -> tuple[int, list[dict[str, Any]], str]:
    """Run `socialdesk` as a user would, in a fresh process."""
    done = subprocess.run(
        [sys.executable, "-m", "socialdesk_cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=60,
        check=False,
    )
    lines = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    return done.returncode, lines, done.stdout + done.stderr


STREAM = "\n".join(
    [
        json.dumps(
            {
                "id": "p1",
                "text": "Why was my appointment cancelled?",
                "author": "@ann",
                "at": "2026-11-10T10:00:00+00:00",
            }
        ),
        json.dumps({"type": "advised", "author": "@ann", "at": "2026-11-10T10:30:00+00:00"}),
        "this is not json",
        json.dumps({"id": "p2", "text": ""}),
        json.dumps(
            {
                "id": "p3",
                "text": "Still no answer about my appointment, tell me here",
                "author": "@ANN",
                "at": "2026-11-12T10:00:00Z",
                "extra": 1,
            }
        ),
        json.dumps([1, 2]),
        json.dumps({"id": 4, "text": "Thanks to the A&E team!", "at": "2026-11-12T10:00:00+00:00"}),
    ]
)


def test_a_stream_is_assessed_in_order_with_history_and_errors_reported(tmp_path):
    posts = tmp_path / "posts.jsonl"
    posts.write_text(STREAM + "\n", encoding="utf-8")
    code, lines, _ = run_cli("assess", str(posts))
    assert code == 1  # some lines could not be read
    assert [line.get("id") for line in lines] == ["p1", None, "p2", "p3", None, "4"]
    assert lines[0]["action"] == "signpost"
    assert lines[1] == {"line": 3, "error": lines[1]["error"]} and "not valid JSON" in lines[1]["error"]
    assert lines[2]["error"] == "a post needs a non-empty 'text'"
    assert lines[3]["action"] == "restrict" and "continued_contact_after_advice" in lines[3]["criteria"]
    assert "JSON object" in lines[4]["error"]
    assert lines[5]["action"] == "reply"
    for line in (lines[0], lines[3], lines[5]):
        assert {"id", "action", "criteria", "wording", "reasons"} <= line.keys()


def test_standard_input_is_read_and_a_clean_stream_exits_zero():
    code, lines, _ = run_cli("assess", stdin=json.dumps({"id": "a", "text": "Where is the pharmacy?"}) + "\n")
    assert code == 0
    assert lines[0]["id"] == "a" and lines[0]["action"] == "reply"


def test_an_oversized_post_is_refused_and_the_rest_still_processed():
    big = json.dumps({"id": "big", "text": "x" * 6000})
    ok = json.dumps({"id": "ok", "text": "Where is the pharmacy?"})
    out = io.StringIO()
    from policy import cli

    args = type("Args", (), {"pack": None, "text": None, "file": None})()
    code = cli.run(args, stdin=io.StringIO(big + "\n" + ok + "\n"), stdout=out)
    results = [json.loads(line) for line in out.getvalue().splitlines()]
    assert code == 1
    assert results[0]["id"] == "big" and "limit is 5000" in results[0]["error"]
    assert results[1]["action"] == "reply"


def test_text_mode_prints_a_readable_recommendation(capsys):
    assert main(["assess", "--text", "You absolute morons", "--author", "@x"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("HIDE THE POST (hide)")
    assert "Threatening, abusive or insulting" in out
    assert "evidence: morons" in out
    assert "[house_rules_removed v1.0]" in out


def test_help_explains_both_modes(capsys):
    with pytest.raises(SystemExit):
        main(["assess", "--help"])
    out = capsys.readouterr().out
    assert "--text" in out and "JSON Lines" in out and "advised" in out


def test_a_missing_file_is_a_clear_error():
    code, _, output = run_cli("assess", "/nonexistent/posts.jsonl")
    assert code == 2
    assert "cannot read /nonexistent/posts.jsonl" in output

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


def _no_constants(name: str) -> object:
    raise AssertionError(f"{name} is not JSON")


def run_cli(*args: str, stdin: str | bytes = "") -> tuple[int, list[dict[str, Any]], str]:
    """Run `socialdesk` as a user would, in a fresh process.

    Its output must be UTF-8 and every line strict JSON (no Infinity or NaN).
    """
    done = subprocess.run(
        [sys.executable, "-m", "socialdesk_cli", *args],
        input=stdin.encode() if isinstance(stdin, str) else stdin,
        capture_output=True,
        cwd=REPO,
        timeout=60,
        check=False,
    )
    stdout = done.stdout.decode("utf-8")
    lines = [
        json.loads(line, parse_constant=_no_constants) for line in stdout.splitlines() if line.startswith("{")
    ]
    return done.returncode, lines, stdout + done.stderr.decode("utf-8", "replace")


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


GOOD = json.dumps({"id": "ok", "text": "Where is the pharmacy?"}).encode()
ODD_LINES = {
    # line as bytes, the id its error line repeats (None: none), words its error must contain
    "invalid UTF-8 in the text": (
        b'{"id": "latin1", "text": "caf\xe9 au lait"}',
        "latin1",
        "not valid UTF-8",
    ),
    "invalid UTF-8 in the id": (b'{"id": "b\xe9d", "text": "hello"}', None, "not valid UTF-8"),
    "nested too deeply to parse": (
        b'{"id": "deep", "x": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
        None,
        "nested",
    ),
    "a lone surrogate in the text": (b'{"id": "s1", "text": "hi \\ud800 there"}', "s1", "lone surrogate"),
    "a lone surrogate in the id": (b'{"id": "\\udfff", "text": "hello"}', None, "lone surrogate"),
    "a lone surrogate in the author": (
        b'{"id": "s3", "text": "hello", "author": "@a\\ud83d"}',
        "s3",
        "'author' is not valid Unicode",
    ),
    "a numeric id too large for a float": (b'{"id": 1e400, "text": "hello"}', None, "whole number"),
    "an integer id of 5000 digits": (
        b'{"id": ' + b"9" * 5000 + b', "text": "hello"}',
        None,
        "too many digits",
    ),
}


@pytest.mark.parametrize("source", ["file", "stdin"])
@pytest.mark.parametrize(("odd", "line_id", "words"), ODD_LINES.values(), ids=ODD_LINES.keys())
def test_an_odd_line_gives_its_error_line_and_the_rest_is_processed(
    tmp_path: Path, source: str, odd: bytes, line_id: str | None, words: str
) -> None:
    stream = GOOD + b"\n" + odd + b"\n" + GOOD.replace(b'"ok"', b'"after"') + b"\n"
    if source == "file":
        posts = tmp_path / "posts.jsonl"
        posts.write_bytes(stream)
        code, lines, output = run_cli("assess", str(posts))
    else:
        code, lines, output = run_cli("assess", stdin=stream)
    assert "Traceback" not in output
    assert code == 1
    assert [line.get("id") for line in lines] == ["ok", line_id, "after"]
    error = lines[1]
    assert error.keys() == ({"id", "line", "error"} if line_id else {"line", "error"})
    assert error["line"] == 2 and words in error["error"]
    assert lines[0]["action"] == lines[2]["action"] == "reply"


def test_a_byte_order_mark_before_the_first_line_is_not_an_error() -> None:
    code, lines, _ = run_cli("assess", stdin=b"\xef\xbb\xbf" + GOOD + b"\n")
    assert code == 0
    assert lines[0]["id"] == "ok" and lines[0]["action"] == "reply"


def test_text_that_is_not_utf8_is_refused_with_one_clear_line() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "socialdesk_cli", "assess", "--text", b"caf\xe9"],
        capture_output=True,
        cwd=REPO,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1
    assert done.stderr.decode().strip().startswith("socialdesk assess: 'text' is not valid Unicode")

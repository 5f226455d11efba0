"""`socialdesk assess`: the command-line contract, through the real console entry point."""

from __future__ import annotations

import dataclasses
import io
import json
import random
import subprocess
import sys
from collections import defaultdict
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from policy import cli
from policy.engine import assess
from policy.model import Advice, Post, Recommendation
from policy.pack import PolicyPack, default_pack
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


# History: `assess_stream` hands the engine only the items of an author's history that can change a
# result. The reference below is the plain reading of the contract: every earlier line of the same
# author, as `socialdesk assess` passed them before it kept per-author state.


def reference_stream(
    lines: list[str], pack: PolicyPack, clock: Callable[[], datetime]
) -> list[dict[str, Any]]:
    history: dict[str, list[Post | Advice]] = defaultdict(list)
    out: list[dict[str, Any]] = []
    for line in lines:
        item = cli.parse_line(line, clock, pack.thresholds.max_post_chars)
        key = (item.author or "").strip().lower()
        if isinstance(item, Advice):
            history[key].append(item)
            continue
        rec = assess(item, list(history[key]) if key else (), clock(), pack)
        if key:
            history[key].append(item)
        out.append({"id": item.id, **rec.as_json()})
    return out


# Texts that set off each history rule: abuse (a repeat offender is blocked), an own case and the
# post that chases it, the same message again, a matter raised before advice and after it, praise.
TEXTS = (
    "You absolute morons",
    "You lot are a shower of useless morons",
    "I got a parking fine, who do I contact?",
    "Hello? Parking fine?",
    "Why was my appointment cancelled?",
    "Still no answer about my appointment, tell me here",
    "Still waiting for my appointment letter",
    "I want to complain about the parking",
    "Where do I park?",
    "What are the visiting hours?",
    "Thank you to the amazing team on ward 5",
    "The cuts are killing our NHS. Fund it properly.",
    "Earn £300 a day from home, click my bio",
    "I will be waiting for you after your shift",
)
AUTHORS = ("@ann", "@ANN ", "@bob", "@cat", "@dan", "@eve", "  ", None)
GAPS = (
    timedelta(0),
    timedelta(seconds=30),
    timedelta(minutes=5),
    timedelta(minutes=25),
    timedelta(hours=2),
    timedelta(hours=20),
    timedelta(days=2),
    timedelta(days=40),
    timedelta(days=95),
    -timedelta(hours=3),  # lines are not always in time order
    -timedelta(days=3),
)


def random_stream(seed: int, count: int, authors: Sequence[str | None] = AUTHORS) -> list[str]:
    """Posts and advice: repeats, duplicate ids, times out of order, missing times."""
    rng = random.Random(seed)
    at = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
    lines: list[str] = []
    ids: list[str] = []
    for i in range(count):
        at += rng.choice(GAPS)
        author = rng.choice(authors)
        stamp: dict[str, str] = {} if rng.random() < 0.03 else {"at": at.isoformat()}
        if author and author.strip() and rng.random() < 0.08:
            about = {"about": rng.choice(TEXTS)} if rng.random() < 0.3 else {}
            lines.append(json.dumps({"type": "advised", "author": author, **stamp, **about}))
            continue
        text = rng.choice(TEXTS) + rng.choice(("", "", " again", " please", " #" + str(i)))
        post_id = rng.choice(ids) if ids and rng.random() < 0.05 else f"p{i}"
        ids.append(post_id)
        lines.append(json.dumps({"id": post_id, "text": text, "author": author, **stamp}))
    return lines


NOW = datetime(2027, 6, 1, 12, 0, tzinfo=UTC)


def fixed_clock() -> datetime:
    return NOW


MANY_AUTHORS = (*AUTHORS, *(f"@account{n}" for n in range(300)))


@pytest.mark.parametrize("authors", [AUTHORS, MANY_AUTHORS], ids=["a few authors", "300 authors"])
@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5], ids=lambda s: f"seed {s}")
def test_a_stream_gives_the_same_results_as_with_each_authors_whole_history(
    seed: int, authors: Sequence[str | None]
) -> None:
    pack = default_pack()
    lines = random_stream(seed, 500 if authors is AUTHORS else 3000, authors)
    assert list(cli.assess_stream(lines, pack, fixed_clock)) == reference_stream(lines, pack, fixed_clock)


def test_the_history_handed_to_the_engine_stays_small_however_long_the_stream(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """One account posting every ten minutes for three weeks, advised now and then: each post is
    assessed with the posts of the last hour (counted for repetition) and at most one example per
    other rule, not with everything the account ever posted."""
    sizes: list[int] = []

    def engine(
        post: Post, history: Sequence[Post | Advice], now: datetime, pack: PolicyPack
    ) -> Recommendation:
        sizes.append(len(history))
        return assess(post, history, now, pack)

    monkeypatch.setattr(cli, "assess", engine)
    start = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
    lines = []
    for i in range(3000):
        at = (start + timedelta(minutes=10 * i)).isoformat()
        if i % 50 == 49:
            lines.append(json.dumps({"type": "advised", "author": "@ann", "at": at}))
        else:
            lines.append(
                json.dumps({"id": f"p{i}", "text": TEXTS[i % len(TEXTS)], "author": "@ann", "at": at})
            )
    results = list(cli.assess_stream(lines, default_pack(), fixed_clock))
    assert len(results) == len(sizes) == 2940
    # Six posts in the last hour, an abusive one, an own case chased, one on the advised matter, the advice.
    assert max(sizes) <= 6 + 3 + 1
    assert sum(sizes) <= 10 * len(sizes)


def test_the_sample_streams_set_off_every_history_rule() -> None:
    """The comparison above means something only if the streams reach every rule of history."""
    pack = default_pack()
    seen: set[str] = set()
    for seed in (1, 2, 3, 4, 5):
        lines = random_stream(seed, 500)
        texts = {json.loads(line).get("id"): json.loads(line).get("text") for line in lines}
        for result in reference_stream(lines, pack, fixed_clock):
            evidence = " ".join(r["evidence"] for r in result["reasons"])
            if "posts from" in evidence:
                seen.add("several posts in the repeat window")
            if "the same message" in evidence:
                seen.add("the same message again")
            if "continued_contact_after_advice" in result["criteria"]:
                seen.add("continued contact after advice")
            if result["action"] == "block" and texts[result["id"]].startswith("You absolute morons"):
                seen.add("abuse again after abuse")
            if result["action"] == "signpost" and texts[result["id"]].startswith("Hello? Parking fine?"):
                seen.add("an own case chased")
    assert seen == {
        "several posts in the repeat window",
        "the same message again",
        "continued contact after advice",
        "abuse again after abuse",
        "an own case chased",
    }


def _post(post_id: str, text: str, at: str, author: str = "@ann") -> str:
    return json.dumps({"id": post_id, "text": text, "author": author, "at": f"2026-{at}:00+00:00"})


def _advised(at: str, about: str, author: str = "@ann") -> str:
    return json.dumps({"type": "advised", "author": author, "about": about, "at": f"2026-{at}:00+00:00"})


def _near_repeats_within(hours: int) -> PolicyPack:
    pack = default_pack()
    return dataclasses.replace(
        pack, thresholds=dataclasses.replace(pack.thresholds, near_repeat_window_hours=hours)
    )


# Streams where a post needs an item from outside the windows in which posts are counted.
EDGES = {
    "an own case chased when near repeats are counted over six hours": (
        _near_repeats_within(6),
        [
            _post("a1", "I got a parking fine, who do I contact?", "03-02T08:00"),
            _post("a2", "Hello? Parking fine?", "03-02T18:00"),
        ],
    ),
    # The next two hold only while the engine reads no chase into praise and counts any post about the
    # author's own matter after advice as continued contact: they fail if either rule changes without
    # `AuthorHistory.relevant` following it.
    "praise after an own case when near repeats are counted over six hours": (
        _near_repeats_within(6),
        [
            _post("a1", "I got a parking fine, who do I contact?", "03-02T08:00"),
            _post("a2", "Thank you for sorting my parking fine", "03-02T18:00"),
        ],
    ),
    "an own matter after advice, raised days before it": (
        default_pack(),
        [
            _post("o1", "I am still waiting for my appointment letter, who do I contact?", "03-01T08:00"),
            _advised("03-03T09:00", ""),
            _post("o2", "Still waiting for my appointment letter", "03-05T10:00"),
        ],
    ),
    "two pieces of advice given at the same time": (
        default_pack(),
        [
            _advised("03-02T09:00", "I got a parking fine, who do I contact?"),
            _advised("03-02T09:00", "Still waiting for my appointment letter"),
            _post("a1", "Hello? Parking fine?", "03-02T10:00"),
        ],
    ),
    "the newest abusive post has the same id as the new one": (
        default_pack(),
        [
            _post("x1", "You absolute morons", "03-02T08:00"),
            _post("x2", "You absolute morons", "03-04T08:00"),
            _post("x2", "You absolute morons", "03-06T08:00"),
        ],
    ),
    "abuse exactly as long ago as the advice memory": (
        default_pack(),
        [
            _post("y1", "You absolute morons", "03-03T09:00"),
            _post("y2", "You absolute morons", "06-01T09:00"),
        ],
    ),
    "advice given exactly as long ago as the advice memory": (
        default_pack(),
        [
            _post("e1", "I got a parking fine, who do I contact?", "03-02T08:00"),
            _advised("03-03T09:00", ""),
            _post("e2", "Hello? Parking fine?", "06-01T09:00"),  # 90 days on, to the minute
        ],
    ),
    "the only post before advice on the same matter has the same id": (
        default_pack(),
        [
            _post("m1", "Where is the pharmacy?", "03-02T08:00"),
            _post("m2", "I got a parking fine, who do I contact?", "03-03T08:00"),
            _advised("03-05T09:00", ""),
            _post("m2", "Hello? Parking fine?", "03-07T10:00"),
        ],
    ),
}


@pytest.mark.parametrize(("pack", "lines"), EDGES.values(), ids=EDGES.keys())
def test_an_item_outside_the_counting_windows_is_still_seen(pack: PolicyPack, lines: list[str]) -> None:
    assert list(cli.assess_stream(lines, pack, fixed_clock)) == reference_stream(lines, pack, fixed_clock)

"""`socialdesk assess`: the policy engine on the command line.

    socialdesk assess [FILE]        JSON Lines in (FILE or standard input), one JSON line out per post
    socialdesk assess --text "..."  a readable recommendation for one post

An input line is a post {"id", "text", "author"?, "platform"?, "at"?} or an event
{"type": "advised", "author", "at"}; unknown keys are ignored. Lines are taken in order and earlier
lines are the history of later ones. A line that cannot be read (not UTF-8, not JSON, nested too
deeply, not valid Unicode, missing a field) gives {"id"?, "line", "error"} and the rest is still
processed; the exit status is then 1. Output is UTF-8 and always valid JSON.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import sys
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

from policy.engine import assess
from policy.model import Advice, Post, Recommendation
from policy.pack import PackError, PolicyPack, default_pack, load_pack


class LineError(ValueError):
    """A line of input that cannot be used; the message says why.

    `line_id` is the line's "id" when it could be read and can be written back as JSON, so that the
    error line names the post it is about.
    """

    def __init__(self, message: str, line_id: str | int | float | None = None) -> None:
        super().__init__(message)
        self.line_id = line_id


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.description = __doc__
    parser.add_argument(
        "file", nargs="?", help="JSON Lines file of posts and events (default: standard input)"
    )
    parser.add_argument("--text", help="assess this one post and print a readable recommendation")
    parser.add_argument("--author", help="with --text: the account that posted it")
    parser.add_argument("--platform", help="with --text: facebook, x, instagram, tiktok, linkedin...")
    parser.add_argument("--pack", type=Path, help="a policy pack file other than the Trust's default")


def _show(value: object, limit: int = 60) -> str:
    """A value for an error message: its repr, cut short (a line may hold megabytes)."""
    shown = repr(value)
    return shown if len(shown) <= limit else shown[: limit - 3] + "..."


def _unicode_problem(value: str) -> str | None:
    """Why a decoded string is not valid Unicode, or None. JSON's \\ud800 escapes decode to lone
    surrogates, which no UTF-8 output can hold (and the engine must not see)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        return f"it holds a lone surrogate (\\u{ord(value[exc.start]):04x}) at character {exc.start + 1}"
    return None


def _string(data: dict[str, Any], key: str) -> str | None:
    """An optional string field, checked to be a string of valid Unicode."""
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise LineError(f"'{key}' must be a string")
    problem = _unicode_problem(value)
    if problem:
        raise LineError(f"'{key}' is not valid Unicode: {problem}")
    return value


def _parse_time(value: str | None, clock: Callable[[], datetime]) -> datetime:
    if value is None:
        return clock()
    try:
        at = datetime.fromisoformat(value)
    except ValueError as exc:
        raise LineError(f"'at' is not ISO 8601: {_show(value)}") from exc
    # A time without a zone is taken as UTC, the format's usual meaning in exported data.
    return at if at.tzinfo else at.replace(tzinfo=UTC)


def _echoable_id(data: object) -> str | int | float | None:
    """The line's "id" if an error line can repeat it as valid JSON: a string of valid Unicode or a
    finite number. 1e400 reads as infinity, which JSON cannot write."""
    if not isinstance(data, dict):
        return None
    value = data.get("id")
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        return value if _unicode_problem(value) is None else None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and math.isfinite(value):
        return value
    return None


def _load_json(line: str) -> object:
    """json.loads, with every way it can fail given as a LineError."""
    try:
        return json.loads(line)
    except json.JSONDecodeError as exc:
        raise LineError(f"not valid JSON: {exc.msg} at column {exc.colno}") from exc
    except RecursionError as exc:
        # Arrays or objects nested thousands deep exhaust the parser's stack; nothing real is that deep.
        raise LineError("not usable JSON: arrays or objects are nested too deeply") from exc
    except ValueError as exc:
        # The only other ValueError: an integer longer than Python will convert (4300 digits).
        raise LineError("not usable JSON: a number has too many digits") from exc


def parse_line(line: str, clock: Callable[[], datetime], max_chars: int) -> Post | Advice:
    """One input line as a post or an advice event."""
    data = _load_json(line)
    try:
        return _parse_object(data, clock, max_chars)
    except LineError as exc:
        raise LineError(str(exc), _echoable_id(data)) from exc


def _parse_object(data: object, clock: Callable[[], datetime], max_chars: int) -> Post | Advice:
    if not isinstance(data, dict):
        raise LineError("each line must be a JSON object")
    kind = data.get("type")
    if kind is not None and not isinstance(kind, str):
        raise LineError("'type' must be a string")
    if kind == "advised":
        author = _string(data, "author")
        if not author:
            raise LineError("an 'advised' event needs an 'author'")
        return Advice(author=author, at=_parse_time(_at(data), clock), about=_string(data, "about"))
    if kind is not None and kind != "post":
        raise LineError(f"unknown event type {_show(kind)}")
    post_id, text = data.get("id"), data.get("text")
    if isinstance(post_id, float):
        raise LineError(f"a post's 'id' must be a string or a whole number, not {post_id}")
    if not isinstance(post_id, str | int) or isinstance(post_id, bool) or str(post_id) == "":
        raise LineError("a post needs an 'id' (string or number)")
    if isinstance(post_id, str):
        _string(data, "id")
    if not isinstance(text, str) or not text.strip():
        raise LineError("a post needs a non-empty 'text'")
    _string(data, "text")
    if len(text) > max_chars:
        raise LineError(f"the post is {len(text)} characters; the limit is {max_chars}")
    return Post(
        id=str(post_id),
        text=text,
        at=_parse_time(_at(data), clock),
        author=_string(data, "author"),
        platform=_string(data, "platform"),
    )


def _at(data: dict[str, Any]) -> str | None:
    if data.get("at") is not None and not isinstance(data["at"], str):
        raise LineError("'at' must be an ISO 8601 string")
    return _string(data, "at")


def decode_line(raw: bytes | str) -> str:
    """A line of input as text. Bytes must be UTF-8, the encoding of JSON Lines."""
    if isinstance(raw, str):
        return raw
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        # Read it once more, leniently, only to name the post in the error line (a bad byte inside the
        # id leaves a surrogate there, and such an id is not repeated).
        try:
            line_id = _echoable_id(json.loads(raw.decode("utf-8", "surrogateescape")))
        except (ValueError, RecursionError):
            line_id = None
        message = f"not valid UTF-8: byte 0x{raw[exc.start]:02x} at byte {exc.start + 1} cannot be read"
        raise LineError(message, line_id) from exc


def assess_stream(
    lines: Iterable[bytes | str], pack: PolicyPack, clock: Callable[[], datetime]
) -> Iterator[dict[str, Any]]:
    """One output object per post or unreadable line, in input order.

    Lines may be bytes (UTF-8, as read from a file or standard input) or text.
    """
    # History is kept per account: only the author's own earlier lines matter to a post.
    history: dict[str, list[Post | Advice]] = defaultdict(list)
    for number, raw in enumerate(lines, start=1):
        try:
            line = decode_line(raw)
            if number == 1:
                line = line.removeprefix("\ufeff")  # a byte order mark some editors write first
            line = line.strip()
            if not line:
                continue
            item = parse_line(line, clock, pack.thresholds.max_post_chars)
        except LineError as exc:
            error: dict[str, Any] = {"line": number, "error": str(exc)}
            if exc.line_id is not None:
                error = {"id": exc.line_id, **error}
            yield error
            continue
        key = (item.author or "").strip().lower()
        if isinstance(item, Advice):
            history[key].append(item)
            continue
        rec = assess(item, history[key] if key else (), clock(), pack)
        if key:
            history[key].append(item)
        yield {"id": item.id, **rec.as_json()}


def render_text(rec: Recommendation, pack: PolicyPack) -> str:
    """A recommendation as a person reads it in a terminal."""
    action = pack.action(rec.action)
    lines = [f"{action.title.upper()} ({rec.action})", f"  {action.summary}", "", f"Post: {rec.redacted}"]
    if not rec.monitored:
        lines.append("Posted outside monitored hours.")
    if rec.reasons:
        lines += ["", "Why (the policy's own words, and the evidence):"]
        for r in rec.reasons:
            lines += [
                f"  - {pack.criterion(r.criterion).title}: \u201c{r.clause}\u201d",
                f"    evidence: {r.evidence}",
            ]
    lines += ["", "Next steps:"] + [f"  - {s}" for s in rec.steps]
    if rec.wording:
        lines += ["", "Approved wording:"]
        for wording_id in rec.wording:
            entry = pack.wording_entry(wording_id)
            lines += [f"  [{entry.id} v{entry.version}] {entry.title}", f"    {pack.render(wording_id)}"]
    for note in rec.notes:
        lines += ["", f"Note: {note}"]
    return "\n".join(lines)


def run(args: argparse.Namespace, stdin: TextIO | None = None, stdout: TextIO | None = None) -> int:
    out = stdout or sys.stdout
    try:
        pack = load_pack(args.pack) if args.pack else default_pack()
    except PackError as exc:
        print(f"socialdesk assess: {exc}", file=sys.stderr)
        return 2

    def clock() -> datetime:
        return datetime.now(UTC)

    if args.text is not None:
        line = json.dumps({"id": "text", "text": args.text, "author": args.author, "platform": args.platform})
        try:
            post = parse_line(line, clock, pack.thresholds.max_post_chars)
        except LineError as exc:
            print(f"socialdesk assess: {exc}", file=sys.stderr)
            return 1
        assert isinstance(post, Post)  # the line built above is a post, never an event
        print(render_text(assess(post, (), clock(), pack), pack), file=out)
        return 0

    try:
        # Bytes, not text: a line that is not UTF-8 is then that line's error, not the end of the run.
        opened = open(args.file, "rb") if args.file else None  # noqa: SIM115
    except OSError as exc:
        print(f"socialdesk assess: cannot read {args.file}: {exc.strerror}", file=sys.stderr)
        return 2
    source: Iterable[bytes | str] = opened if opened is not None else (stdin or sys.stdin.buffer)
    failed = False
    with opened or contextlib.nullcontext(), _json_lines_out(stdout) as write:
        for result in assess_stream(source, pack, clock):
            failed = failed or "error" in result
            # allow_nan=False: a value JSON cannot hold fails here rather than writing "Infinity".
            write(json.dumps(result, ensure_ascii=False, allow_nan=False) + "\n")
    return 1 if failed else 0


@contextlib.contextmanager
def _json_lines_out(stdout: TextIO | None) -> Iterator[Callable[[str], object]]:
    """Where JSON lines go: the given text stream, or standard output as UTF-8 (the encoding of JSON
    Lines, whatever the locale says)."""
    if stdout is not None:
        yield stdout.write
        return
    sys.stdout.flush()
    binary = sys.stdout.buffer
    try:
        yield lambda text: binary.write(text.encode("utf-8"))
    finally:
        binary.flush()

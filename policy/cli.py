"""`socialdesk assess`: the policy engine on the command line.

    socialdesk assess [FILE]        JSON Lines in (FILE or standard input), one JSON line out per post
    socialdesk assess --text "..."  a readable recommendation for one post

An input line is a post {"id", "text", "author"?, "platform"?, "at"?} or an event
{"type": "advised", "author", "at"}; unknown keys are ignored. Lines are taken in order and earlier
lines are the history of later ones. A line that cannot be read gives {"id"?, "error"} and the rest
is still processed; the exit status is then 1.
"""

from __future__ import annotations

import argparse
import json
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
    """A line of input that cannot be used; the message says why."""


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


def _parse_time(value: object, clock: Callable[[], datetime]) -> datetime:
    if value is None:
        return clock()
    if not isinstance(value, str):
        raise LineError("'at' must be an ISO 8601 string")
    try:
        at = datetime.fromisoformat(value)
    except ValueError as exc:
        raise LineError(f"'at' is not ISO 8601: {value!r}") from exc
    # A time without a zone is taken as UTC, the format's usual meaning in exported data.
    return at if at.tzinfo else at.replace(tzinfo=UTC)


def _optional_str(data: dict[str, Any], key: str) -> str | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise LineError(f"'{key}' must be a string")
    return value


def parse_line(line: str, clock: Callable[[], datetime], max_chars: int) -> Post | Advice:
    """One input line as a post or an advice event."""
    try:
        data = json.loads(line)
    except json.JSONDecodeError as exc:
        raise LineError(f"not valid JSON: {exc.msg} at column {exc.colno}") from exc
    if not isinstance(data, dict):
        raise LineError("each line must be a JSON object")
    if data.get("type") == "advised":
        author = _optional_str(data, "author")
        if not author:
            raise LineError("an 'advised' event needs an 'author'")
        return Advice(
            author=author, at=_parse_time(data.get("at"), clock), about=_optional_str(data, "about")
        )
    if "type" in data and data["type"] != "post":
        raise LineError(f"unknown event type {data['type']!r}")
    post_id, text = data.get("id"), data.get("text")
    if not isinstance(post_id, str | int) or isinstance(post_id, bool) or str(post_id) == "":
        raise LineError("a post needs an 'id' (string or number)")
    if not isinstance(text, str) or not text.strip():
        raise LineError("a post needs a non-empty 'text'")
    if len(text) > max_chars:
        raise LineError(f"the post is {len(text)} characters; the limit is {max_chars}")
    return Post(
        id=str(post_id),
        text=text,
        at=_parse_time(data.get("at"), clock),
        author=_optional_str(data, "author"),
        platform=_optional_str(data, "platform"),
    )


def _line_id(line: str) -> object:
    try:
        data = json.loads(line)
    except ValueError:
        return None
    return data.get("id") if isinstance(data, dict) else None


def assess_stream(
    lines: Iterable[str], pack: PolicyPack, clock: Callable[[], datetime]
) -> Iterator[dict[str, Any]]:
    """One output object per post or unreadable line, in input order."""
    # History is kept per account: only the author's own earlier lines matter to a post.
    history: dict[str, list[Post | Advice]] = defaultdict(list)
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line:
            continue
        try:
            item = parse_line(line, clock, pack.thresholds.max_post_chars)
        except LineError as exc:
            error: dict[str, Any] = {"line": number, "error": str(exc)}
            line_id = _line_id(line)
            if line_id is not None:
                error = {"id": line_id, **error}
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

    failed = False
    try:
        source = open(args.file, encoding="utf-8") if args.file else (stdin or sys.stdin)  # noqa: SIM115
    except OSError as exc:
        print(f"socialdesk assess: cannot read {args.file}: {exc.strerror}", file=sys.stderr)
        return 2
    with source:
        for result in assess_stream(source, pack, clock):
            failed = failed or "error" in result
            out.write(json.dumps(result, ensure_ascii=False) + "\n")
    return 1 if failed else 0

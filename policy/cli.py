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
import bisect
import contextlib
import json
import math
import sys
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TextIO

from policy.engine import ABUSIVE, assess
from policy.history import same_matter
from policy.model import Advice, Post, Recommendation
from policy.pack import PackError, PolicyPack, Thresholds, default_pack, load_pack
from policy.signals import read_post


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


# An account's history, kept as the stream goes. Everything the engine reads from it
# (policy/history.py `review`; `repeat_offender` and `_chases_own_case` in policy/engine.py) is either
# a count of posts inside a window or the question whether some earlier post qualifies. So a post
# needs only the posts inside the counting windows, and for each yes-or-no question one earlier post
# that answers yes (the newest), if there is one: the engine then reaches the findings it would reach
# with the whole history, and the work per post no longer grows with everything the account ever
# posted. (Finding that one post is a scan, newest first, that stops at the first match; only "was any
# post before the advice about this matter?" can read back through all of them, when none was.)
# Every line is kept, as before: the advice rule looks back without limit. The windows are the pack's
# thresholds, and one of the engine's own:
CHASE_WINDOW = timedelta(days=1)  # engine._chases_own_case: the author's own case raised in the last day
# And the engine's guards, so that no example is looked for where the engine would not look:
CHASES_NOTHING = frozenset({"own_case", "praise"})  # a post of either kind is not read as a chase
OWN_MATTER = frozenset({"own_case", "complaint", "pressure"})  # without praise: continued contact, whatever
# the matter (engine.assess `own_matter`)


@dataclass(frozen=True)
class _Earlier:
    """An earlier line of the author's: its place in the stream and, for a post, its kinds of signal."""

    seq: int  # the line number: tells apart two lines that are otherwise the same
    item: Post | Advice
    kinds: frozenset[str] = frozenset()


class _Timeline:
    """Items in time order (lines that came in out of order are slotted in), searchable by time."""

    def __init__(self) -> None:
        self.times: list[datetime] = []
        self.items: list[_Earlier] = []

    def add(self, at: datetime, entry: _Earlier) -> None:
        # After every item at the same time: among equal times, the order the lines came in.
        if not self.times or self.times[-1] <= at:
            self.times.append(at)
            self.items.append(entry)
        else:
            index = bisect.bisect_right(self.times, at)
            self.times.insert(index, at)
            self.items.insert(index, entry)

    def between(self, since: datetime, until: datetime) -> list[_Earlier]:
        """The items from `since` to `until`, both included."""
        return self.items[bisect.bisect_left(self.times, since) : bisect.bisect_right(self.times, until)]

    def newest(
        self, post: Post, since: datetime | None, until: datetime, qualifies: Callable[[_Earlier], bool]
    ) -> _Earlier | None:
        """The newest item from `since` (None: the beginning) to `until` that qualifies, skipping
        posts with the new post's id (the engine does not count a post as its own history)."""
        for index in range(bisect.bisect_right(self.times, until) - 1, -1, -1):
            if since is not None and self.times[index] < since:
                return None
            entry = self.items[index]
            if isinstance(entry.item, Post) and entry.item.id == post.id:
                continue
            if qualifies(entry):
                return entry
        return None


class AuthorHistory:
    """One account's earlier posts and advice, and the few of them that a new post needs."""

    def __init__(self) -> None:
        self.posts = _Timeline()
        self.abusive = _Timeline()  # posts with a kind of abuse (engine.ABUSIVE)
        self.own_case = _Timeline()  # posts about the author's own case
        self.advice = _Timeline()

    def add_post(self, seq: int, post: Post) -> None:
        # read_post is cached and the engine has just read this post: this is no second reading.
        entry = _Earlier(seq, post, frozenset(signal.kind for signal in read_post(post.text)))
        self.posts.add(post.at, entry)
        if entry.kinds & ABUSIVE:
            self.abusive.add(post.at, entry)
        if "own_case" in entry.kinds:
            self.own_case.add(post.at, entry)

    def add_advice(self, seq: int, advice: Advice) -> None:
        self.advice.add(advice.at, _Earlier(seq, advice))

    def relevant(self, post: Post, t: Thresholds) -> list[Post | Advice]:
        """The earlier items `post` needs (in time order; the engine reads history in any order)."""
        now = post.at

        def same_matter_as_post(entry: _Earlier) -> bool:
            return same_matter(post.text, [entry.item.text]) if isinstance(entry.item, Post) else False

        # Repetition counts the posts in the repeat window: all of them, for the count in the evidence.
        since = now - timedelta(minutes=t.repeat_window_minutes)
        window = self.posts.between(since, now)
        others = sum(1 for e in window if isinstance(e.item, Post) and e.item.id != post.id)
        witnesses: list[_Earlier | None] = []
        if others + 1 < t.repeat_min_posts:
            # Not repetitive by count, so near-repeats are counted next, over their own window ...
            near = now - timedelta(hours=t.near_repeat_window_hours)
            if near < since:
                since, window = near, self.posts.between(near, now)
            # ... and whether the account was abusive within the advice memory then matters too.
            memory = now - timedelta(days=t.advice_memory_days)
            witnesses.append(self.abusive.newest(post, memory, now, lambda e: True))
        # read_post is cached: the engine's own reading of this post, just after, costs nothing.
        kinds = frozenset(signal.kind for signal in read_post(post.text))
        if not kinds & CHASES_NOTHING:
            # "Hello? Parking fine?" chases the author's own case raised in the last day.
            witnesses.append(self.own_case.newest(post, now - CHASE_WINDOW, now, same_matter_as_post))

        # Continued contact reads the latest advice (the first given at that time) and asks whether any
        # post before it was about the same matter as this one.
        last = bisect.bisect_right(self.advice.times, now) - 1
        if last >= 0:
            latest_at = self.advice.times[last]
            witnesses.append(self.advice.items[bisect.bisect_left(self.advice.times, latest_at)])
            own_matter = bool(kinds & OWN_MATTER) and "praise" not in kinds
            if now - latest_at <= timedelta(days=t.advice_memory_days) and not own_matter:
                witnesses.append(self.posts.newest(post, None, latest_at, same_matter_as_post))

        history: list[Post | Advice] = [e.item for e in window]
        handed: set[int] = set()
        for witness in witnesses:
            # A post inside the window is there already (handing it twice would count it twice); one
            # post may also answer two questions, and is handed once.
            if witness is None or witness.seq in handed:
                continue
            if isinstance(witness.item, Advice) or witness.item.at < since:
                handed.add(witness.seq)
                history.append(witness.item)
        return history


def assess_stream(
    lines: Iterable[bytes | str], pack: PolicyPack, clock: Callable[[], datetime]
) -> Iterator[dict[str, Any]]:
    """One output object per post or unreadable line, in input order.

    Lines may be bytes (UTF-8, as read from a file or standard input) or text.
    """
    # History is kept per account: only the author's own earlier lines matter to a post.
    accounts: dict[str, AuthorHistory] = defaultdict(AuthorHistory)
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
            if key:
                accounts[key].add_advice(number, item)
            continue
        history = accounts[key].relevant(item, pack.thresholds) if key else []
        rec = assess(item, history, clock(), pack)
        if key:
            accounts[key].add_post(number, item)
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

"""Logging set-up, and one summary line per turn with its correlation id.

`SOCIALDESK_LOG_FORMAT=json` writes one JSON object per line for a log service to index; readable
text stays the default for a developer's terminal. Either way a turn ends with one `turn handled`
line carrying its correlation id, activity type, command, outcome and duration, and every line
logged during the turn carries the same correlation id (a context variable, which `asyncio.to_thread`
copies into the register's worker threads).

What a JSON line can never hold: post text, people's names or ids, conversation ids or tokens. They
all reach a log call as values filled into its message, so a JSON line keeps the message's template
and fills text values with "…" (numbers, such as a port or a count, are kept, and so is text the
code marks `Safe`: names it chose from a fixed set); an exception is
reduced to its type and the code locations of its traceback, never its message. The turn fields
are chosen by the code from fixed sets (command names, activity types, outcomes), never copied from
what a person typed.
"""

from __future__ import annotations

import json
import logging
import sys
import time
import traceback
import uuid
from collections.abc import Iterator, Mapping, MutableMapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import IO, Any

from observe import telemetry
from observe.telemetry import TURN_SPAN

FORMATS = ("text", "json")
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
TURN_FIELDS = ("correlation_id", "activity_type", "command", "outcome", "duration_ms")
HIDDEN = "…"
# Activity types are copied into the log as they are only when they are Bot Framework's own.
ACTIVITY_TYPES = frozenset(
    {
        "message", "invoke", "conversationUpdate", "installationUpdate", "messageReaction", "event",
        "typing", "endOfConversation", "messageUpdate", "messageDelete",
    }
)  # fmt: skip

log = logging.getLogger("socialdesk.turns")


class Safe(str):
    """Text the code chose from a fixed set (a command name, an outcome): kept in JSON lines."""

    __slots__ = ()


@dataclass
class TurnRecord:
    """What one turn did, filled in as it goes (`note_command`, `note_outcome`)."""

    correlation_id: str
    activity_type: str
    command: str | None = None
    outcome: str = "ok"
    started: float = field(default_factory=time.perf_counter)


_current: ContextVar[TurnRecord | None] = ContextVar("socialdesk_turn", default=None)


def new_correlation_id() -> str:
    return uuid.uuid4().hex[:12]


def current_turn() -> TurnRecord | None:
    return _current.get()


def note_command(name: str) -> None:
    """The command (or card action, or extension) this turn runs: a registered name, never typed text."""
    record = _current.get()
    if record is not None:
        record.command = name


def note_outcome(outcome: str) -> None:
    """How the turn ended when it was not simply "ok": e.g. "refused", "unknown", "error"."""
    record = _current.get()
    if record is not None:
        record.outcome = outcome


@contextmanager
def turn_logged(activity_type: str) -> Iterator[TurnRecord]:
    """Log one summary line when the turn ends (outcome "error" if it raised; the error propagates)."""
    known = activity_type if activity_type in ACTIVITY_TYPES else "other"
    record = TurnRecord(correlation_id=new_correlation_id(), activity_type=known)
    token = _current.set(record)
    try:
        # The turn's span (when telemetry is on) carries the same fixed-set fields as the summary line.
        with telemetry.current().span(TURN_SPAN, request=True) as span, _summary_logged(record, span):
            yield record
    finally:
        _current.reset(token)


@contextmanager
def _summary_logged(record: TurnRecord, span: MutableMapping[str, object]) -> Iterator[None]:
    """The turn's summary line (and its span's attributes) when it ends, however it ends."""
    try:
        yield
    except BaseException:
        record.outcome = "error"
        raise
    finally:
        span.update(activity_type=record.activity_type, command=record.command or "-", outcome=record.outcome)
        duration_ms = round((time.perf_counter() - record.started) * 1000, 1)
        log.info(
            "turn handled: %s %s -> %s in %s ms",
            Safe(record.activity_type),
            Safe(record.command or "-"),
            Safe(record.outcome),
            duration_ms,
            extra={
                "correlation_id": record.correlation_id,
                "activity_type": record.activity_type,
                "command": record.command,
                "outcome": record.outcome,
                "duration_ms": duration_ms,
            },
        )


class _Hidden:
    """Stands in for a text value in a JSON line's message."""

    def __str__(self) -> str:
        return HIDDEN

    __repr__ = __str__


def _kept(value: object) -> object:
    if isinstance(value, Safe) or (isinstance(value, int | float) and not isinstance(value, bool)):
        return value
    return _Hidden()


def _without_text(args: object) -> object:
    if isinstance(args, tuple):
        return tuple(_kept(a) for a in args)
    return None


def safe_message(record: logging.LogRecord) -> str:
    """The message with every text value hidden: the template and its numbers only."""
    template = str(record.msg)
    args = _without_text(record.args) if record.args else None
    if args is None:
        return template
    try:
        return template % args
    except (TypeError, ValueError):
        return template


class JsonFormatter(logging.Formatter):
    """One JSON object per line (see the module docstring for what is kept out)."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": safe_message(record),
        }
        turn = _current.get()
        if turn is not None:
            entry["correlation_id"] = turn.correlation_id
        for name in TURN_FIELDS:
            value = record.__dict__.get(name)
            if value is not None:
                entry[name] = value
        if record.exc_info and record.exc_info[0] is not None:
            entry["error"] = record.exc_info[0].__name__
            # Where it failed, never what it said: an exception's message can quote its input.
            entry["stack"] = [
                f"{frame.filename}:{frame.lineno} in {frame.name}"
                for frame in traceback.extract_tb(record.exc_info[2])
            ]
        return json.dumps(entry, ensure_ascii=False)


class TextFormatter(logging.Formatter):
    """The readable default, with the turn's correlation id in brackets on lines logged during one."""

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        turn = _current.get()
        return f"{line} [{turn.correlation_id}]" if turn is not None else line


def log_format(values: Mapping[str, str]) -> str:
    """`SOCIALDESK_LOG_FORMAT` (text or json); ValueError naming the setting for anything else."""
    chosen = (values.get("SOCIALDESK_LOG_FORMAT") or "").strip().lower() or "text"
    if chosen not in FORMATS:
        raise ValueError(f"SOCIALDESK_LOG_FORMAT must be one of {', '.join(FORMATS)}, not {chosen!r}")
    return chosen


def configure_logging(chosen: str, stream: IO[str] | None = None, level: int = logging.INFO) -> None:
    """Send every log line to `stream` (standard error) in the chosen format, replacing any handlers."""
    handler = logging.StreamHandler(stream if stream is not None else sys.stderr)
    handler.setFormatter(JsonFormatter() if chosen == "json" else TextFormatter(TEXT_FORMAT))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    # The Azure SDK logs every storage request and its headers at INFO: warnings are what matter here.
    logging.getLogger("azure").setLevel(logging.WARNING)

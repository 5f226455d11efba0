"""The audit log and account history: audit events in a JSON Lines log, with an index to find them.

Assessments and advice are audit events too ("assessed", "advised"), so an account's whole history is
one ordered list. The index remembers only where each event's line lies, by account and by block;
events are read back from the log when asked for, which keeps memory small at 100k+ events. Before
each query the index reads whatever was appended since, by this process or another one. Event ids
are indexed only once someone asks whether the log holds one (`contains`, for copying a register in).
Callers hold the register's lock.

Every appended event is chained (`register.chain`): it records its place and the hash of the event
before it, and the head (`register.chain_head`) is moved on after the events are on disk. The tip an
append continues from is the log's own last event, unless the log no longer reaches the recorded head
(cut short, or rewritten): then it is the head, so that the gap stays visible to `verify`.
"""

from __future__ import annotations

import logging
import re
from array import array
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any

from register import chain
from register.base import RegisterError
from register.bulk_read import without_cycle_collection
from register.chain import Head
from register.chain_head import ChainHeadFile
from register.jsonl import JsonLines
from register.model import AuditEvent
from register.rows import event_from, event_row, time_text
from register.window import referred_by

# Found in a line's bytes without decoding it. Every occurrence counts (the event's own field is one
# of them; a nested one only costs a decode), so a line these rule out is certainly not wanted.
_TIMES = re.compile(rb'"at"\s*:\s*"([^"]*)"')
_NAMED_IDS = re.compile(rb'"(?:block_id|check_id)"\s*:\s*"([^"]*)"')
_UTC = b"+00:00"

log = logging.getLogger(__name__)


class AuditLog:
    def __init__(self, lines: JsonLines, head: ChainHeadFile | None = None) -> None:
        self._lines = lines
        self._head = head if head is not None else ChainHeadFile(None)
        self._tip = Head(0, chain.GENESIS)
        self._identity: object = None
        self._indexed_to = 0
        self._starts = array("q")
        self._ends = array("q")
        self._by_account: dict[str, list[int]] = {}
        self._by_block: dict[str, list[int]] = {}
        self._ids: set[str] | None = None

    @property
    def name(self) -> str:
        return self._lines.name

    def append(self, events: Sequence[AuditEvent], sync: bool = True) -> None:
        if not events:
            return
        tip = self._append_tip()
        rows = []
        for event in events:
            row = chain.sealed(event_row(event), tip)
            tip = Head(row["seq"], row["hash"])
            rows.append(row)
        self._lines.append(rows, sync=sync)
        self._head.write(tip)

    def verify(self, mark: int | None = None) -> chain.ChainResult:
        """Recompute the whole chain from the log as it is on disk, against the recorded head (and
        give the hash at position `mark`, `chain.verify`)."""
        try:
            head, head_problem = self._head.read(), None
        except RegisterError as exc:
            head, head_problem = None, str(exc)
        rows = _Readable(self._lines)
        result = chain.verify(rows, head, mark)
        problem = rows.damage or head_problem
        within = result.broken is not None and result.broken.position <= result.tip.seq
        if problem is None or within:
            return result  # intact, or broken among the events read before any damage
        return replace(result, broken=chain.Break(result.tip.seq + 1, None, problem))

    def _append_tip(self) -> Head:
        """Where the next event chains on: the log's last event, or the recorded head if the log no
        longer reaches it (see the module docstring)."""
        try:
            self._catch_up()
        except RegisterError as exc:
            # A damaged line must not cost the events still to come: chain on from the recorded head
            # (`verify` names the damage).
            log.error("%s; appending after the recorded chain head", exc)
            return self._head.read() or Head(0, chain.GENESIS)
        try:
            head = self._head.read()
        except RegisterError as exc:
            log.error("%s; appending from the log's last event", exc)
            return self._tip
        if head is None or head == self._tip:
            return self._tip
        if 0 < head.seq < self._tip.seq and self._hash_at(head.seq) == head.hash:
            return self._tip  # the head lags (not written before a crash): the log carries on from it
        log.error(
            "%s no longer reaches its chain head (event %d); chaining on from the head so that "
            "`socialdesk audit verify` shows where it was cut short or rewritten",
            self.name,
            head.seq,
        )
        return head

    def _hash_at(self, seq: int) -> object:
        number = seq - 1
        [row] = self._lines.read_lines([(self._starts[number], self._ends[number])])
        return row.get("hash")

    def events(
        self,
        account: str | None = None,
        block_id: str | None = None,
        kinds: Iterable[str] | None = None,
    ) -> list[AuditEvent]:
        """Matching events, oldest first (the order they were recorded in)."""
        self._catch_up()
        if account is not None and block_id is not None:
            with_block = set(self._by_block.get(block_id, ()))
            numbers: Iterable[int] = [n for n in self._by_account.get(account, ()) if n in with_block]
        elif account is not None:
            numbers = self._by_account.get(account, ())
        elif block_id is not None:
            numbers = self._by_block.get(block_id, ())
        else:
            numbers = range(len(self._starts))
        rows = self._lines.read_lines((self._starts[n], self._ends[n]) for n in numbers)
        events = [event_from(row, self.name) for row in rows]
        if kinds is not None:
            wanted = set(kinds)
            events = [event for event in events if event.kind in wanted]
        return events

    def events_since(self, since: datetime) -> list[AuditEvent]:
        """The events at or after `since` and the earlier ones they refer to (`register.window`),
        oldest first, without the index (a fresh reader of one month does not pay for building it).
        The log's bytes are searched a stretch at a time; only the lines that may be wanted are
        decoded: a stretch whose times are all earlier is kept aside with the ids it names, and read
        again only if a later event names one of them."""
        with without_cycle_collection():
            return self._events_since(since)

    def _events_since(self, since: datetime) -> list[AuditEvent]:
        bound = time_text(since).encode()
        found: list[tuple[int, AuditEvent]] = []
        earlier: list[tuple[int, bytes]] = []  # lines in a stretch that reaches `since`, but earlier
        aside: list[tuple[int, int, set[bytes]]] = []  # stretches wholly earlier: offset, end, ids
        for offset, stretch in self._lines.raw_stretches_from(0):
            times = _TIMES.findall(stretch)
            all_utc = all(text.endswith(_UTC) for text in times)
            if times and all_utc and max(times)[:19] < bound[:19]:
                aside.append((offset, offset + len(stretch), set(_NAMED_IDS.findall(stretch))))
                continue
            # A stretch wholly at or after `since` (the month itself) needs no line-by-line test.
            later = all_utc and bool(times) and min(times)[:19] >= bound[:19]
            for start, raw in _lines_of(stretch, offset):
                if later or _maybe_since(raw, bound):
                    found.append((start, event_from(self._lines.decode(raw, start), self.name)))
                else:
                    earlier.append((start, raw))
        referred = referred_by(event for _, event in found if event.at >= since)
        names = {name.encode() for name in referred.blocks} | {c.encode() for _, c in referred.checks}
        for offset, end, ids in aside:
            if names.isdisjoint(ids) and not any(b"\\" in i for i in ids):
                continue
            earlier += _lines_of(self._lines.read_raw(offset, end), offset)
        for start, raw in earlier:
            # An escaped id is compared after decoding rather than guessed at.
            named: list[bytes] = _NAMED_IDS.findall(raw)
            if any(i in names or b"\\" in i for i in named):
                found.append((start, event_from(self._lines.decode(raw, start), self.name)))
        found.sort(key=lambda item: item[0])
        return [event for _, event in found if event.at >= since or referred.wants(event)]

    def contains(self, event_id: str) -> bool:
        """Whether an event with this id is in the log."""
        if self._ids is None:
            self._ids = set()
            self._start_again(self._lines.identity())  # index the ids of what was read already
        self._catch_up()
        return event_id in self._ids

    def _start_again(self, identity: object) -> None:
        self._identity = identity
        self._indexed_to = 0
        self._tip = Head(0, chain.GENESIS)
        self._starts = array("q")
        self._ends = array("q")
        self._by_account.clear()
        self._by_block.clear()
        if self._ids is not None:
            self._ids.clear()

    def _catch_up(self) -> None:
        identity = self._lines.identity()
        if identity != self._identity or self._lines.size() < self._indexed_to:
            # A different or shortened file (restored from a backup, say): start the index again.
            self._start_again(identity)
        lines, self._indexed_to = self._lines.scan(self._indexed_to)
        for line in lines:
            self._tip = chain.advance(self._tip, line.record)
            number = len(self._starts)
            self._starts.append(line.start)
            self._ends.append(line.end)
            account = line.record.get("account")
            if isinstance(account, str):
                self._by_account.setdefault(account, []).append(number)
            block_id = line.record.get("block_id")
            if isinstance(block_id, str):
                self._by_block.setdefault(block_id, []).append(number)
            if self._ids is not None:
                self._ids.add(str(line.record.get("id")))


def _maybe_since(raw: bytes, bound: bytes) -> bool:
    """Whether a line may hold an event at or after `bound` (UTC ISO 8601, as `time_text` writes
    it). Only a line whose times are all UTC and in an earlier second than `bound` is ruled out: ISO
    text of one zone compares as its instants do, to the second."""
    times = _TIMES.findall(raw)
    for text in times:
        if not text.endswith(_UTC) or text[:19] >= bound[:19]:
            return True
    return not times


def _lines_of(stretch: bytes, offset: int) -> list[tuple[int, bytes]]:
    """The non-blank lines of a stretch of whole lines that starts at byte `offset`, with their
    offsets."""
    lines = []
    for raw in stretch.split(b"\n")[:-1]:
        if raw.strip():
            lines.append((offset, raw))
        offset += len(raw) + 1
    return lines


class _Readable:
    """The log's records, oldest first, stopping at a line that cannot be read (kept in `damage`)."""

    def __init__(self, lines: JsonLines) -> None:
        self._lines = lines
        self.damage: str | None = None

    def __iter__(self) -> Iterator[dict[str, Any]]:
        try:
            for line in self._lines.lines_from(0):
                yield line.record
        except RegisterError as exc:
            self.damage = str(exc)

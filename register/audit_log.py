"""The audit log and account history: audit events in a JSON Lines log, with an index to find them.

Assessments and advice are audit events too ("assessed", "advised"), so an account's whole history is
one ordered list. The index remembers only where each event's line lies, by account and by block;
events are read back from the log when asked for, which keeps memory small at 100k+ events. Before
each query the index reads whatever was appended since, by this process or another one. Event ids
are indexed only once someone asks whether the log holds one (`contains`, for copying a register in).
Callers hold the register's lock.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Sequence

from register.jsonl import JsonLines
from register.model import AuditEvent
from register.rows import event_from, event_row


class AuditLog:
    def __init__(self, lines: JsonLines) -> None:
        self._lines = lines
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
        self._lines.append([event_row(event) for event in events], sync=sync)

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

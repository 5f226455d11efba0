"""The embedded register's conversations (subscriptions and their references), one JSON line each.

A conversation reference is written when the bot first hears from a conversation, and again when it
changes, so in a busy Trust these are the register's most frequent writes after the audit log. In
TinyDB's whole-file tables every new conversation rewrote every block too; here it costs one appended
line, however many blocks and conversations are stored.

The newest line for a conversation id is its record. What was read is remembered, and each use reads
only what was appended since, by this process or another. A line that says what the remembered record
already says is not written. Once superseded lines outnumber the live ones (and there are more than
`COMPACT_AFTER` of them), the file is rewritten atomically with one line per conversation, so it stays
within about twice its live size and the cost of a rewrite is spread over as many appends.

Callers hold the register's lock. A line that cannot be read is damage: `socialdesk repair` rebuilds
the conversations the audit log recorded.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from register.base import RegisterError
from register.jsonl import JsonLines

COMPACT_AFTER = 1_000


class ConversationLog:
    def __init__(self, lines: JsonLines) -> None:
        self._lines = lines
        self._identity: object = None
        self._indexed_to = 0
        self._line_count = 0
        self._rows: dict[str, dict[str, Any]] = {}

    @property
    def name(self) -> str:
        return self._lines.name

    def get(self, conversation_id: str) -> dict[str, Any] | None:
        self._catch_up()
        return self._rows.get(conversation_id)

    def all(self) -> list[dict[str, Any]]:
        self._catch_up()
        return list(self._rows.values())

    def put(self, rows: Iterable[Mapping[str, Any]]) -> int:
        """Store each row as its conversation's record (`conversation_id` names it); rows equal to
        what is stored are left out. Returns how many lines were written."""
        self._catch_up()
        changed = [dict(row) for row in rows if self._rows.get(str(row["conversation_id"])) != row]
        if not changed:
            return 0
        self._lines.append(changed)
        self._catch_up()
        superseded = self._line_count - len(self._rows)
        if superseded > max(COMPACT_AFTER, len(self._rows)):
            self._lines.rewrite(list(self._rows.values()))
            self._catch_up()
        return len(changed)

    def _catch_up(self) -> None:
        identity = self._lines.identity()
        if identity != self._identity or self._lines.size() < self._indexed_to:
            # Rewritten (compacted here or by another process), or replaced: read it all again.
            self._identity = identity
            self._indexed_to = 0
            self._line_count = 0
            self._rows.clear()
        try:
            lines, self._indexed_to = self._lines.scan(self._indexed_to)
        except RegisterError as exc:
            raise RegisterError(
                f"{exc}, or run `socialdesk repair` to rebuild it from the audit log"
            ) from exc
        for line in lines:
            conversation_id = line.record.get("conversation_id")
            if not isinstance(conversation_id, str):
                raise RegisterError(
                    f"{self.name} is damaged at byte {line.start}: a line names no conversation. "
                    "Run `socialdesk repair` to rebuild it from the audit log."
                )
            self._rows[conversation_id] = line.record
            self._line_count += 1

"""An append-only JSON Lines log: one record a line, each append on disk before it returns.

Appending never rewrites what is already there, so the cost of an append does not grow with the log.
A crash can leave only an unfinished last line, from an append that never returned. Readers skip it
and log a warning; the next append cuts it off so that the new line starts clean. Any other line
that is not a JSON object means the file is damaged, and reading it raises `RegisterError`.

Callers hold the register's lock around appends and reads, so an unfinished last line seen while
reading is a torn write, not one in progress.
"""

from __future__ import annotations

import logging
import os
from abc import ABC, abstractmethod
from collections.abc import Generator, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import orjson

from register.atomic_file import write_atomically
from register.base import RegisterError

log = logging.getLogger(__name__)

_CHUNK = 1 << 20


@dataclass(frozen=True)
class Line:
    start: int  # byte offset of the line
    end: int  # byte offset just after its newline
    record: dict[str, Any]


def _json_default(value: object) -> str:
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} cannot be stored in the register")


# orjson rather than the standard library: parsing 100k audit lines to index them, and writing the
# tables on every change, take a fifth to a tenth of the time.


def encode(record: Mapping[str, Any]) -> bytes:
    """One record as one line; JSON escapes newlines inside strings, so a record never spans lines."""
    return orjson.dumps(record, default=_json_default, option=orjson.OPT_APPEND_NEWLINE)


class JsonLines(ABC):
    """The format and its reading rules; subclasses say where the bytes live."""

    name: str

    @abstractmethod
    def size(self) -> int: ...

    @abstractmethod
    def identity(self) -> object:
        """Changes when the log is replaced by a different one, so readers rebuild what they cached."""

    @abstractmethod
    def _read(self, start: int, end: int) -> bytes: ...

    @abstractmethod
    def _append_bytes(self, data: bytes, sync: bool) -> None: ...

    @abstractmethod
    def _replace_bytes(self, data: bytes) -> None: ...

    def append(self, records: Sequence[Mapping[str, Any]], sync: bool = True) -> None:
        """Add records at the end; with `sync` they are on disk when this returns."""
        if records:
            self._append_bytes(b"".join(encode(record) for record in records), sync)

    def rewrite(self, records: Sequence[Mapping[str, Any]]) -> None:
        """Replace the whole log with `records`, atomically: readers see the old log or the new one
        (and `identity` changes, so that what they indexed is read again)."""
        self._replace_bytes(b"".join(encode(record) for record in records))

    def scan(self, start: int) -> tuple[list[Line], int]:
        """Every complete line from byte `start` on, and the offset to continue from next time."""
        reader = self.lines_from(start)
        lines: list[Line] = []
        while True:
            try:
                lines.append(next(reader))
            except StopIteration as done:
                end: int = done.value
                return lines, end

    def lines_from(self, start: int) -> Generator[Line, None, int]:
        """Every complete line from byte `start` on, one at a time (a long log is never held whole);
        returns the offset to continue from next time."""
        raw_lines = self.raw_lines_from(start)
        while True:
            try:
                offset, end, raw = next(raw_lines)
            except StopIteration as done:
                finished: int = done.value
                return finished
            yield Line(offset, end, self._decode(raw, offset))

    def raw_lines_from(self, start: int) -> Generator[tuple[int, int, bytes], None, int]:
        """As `lines_from`, but each line's (start, end, bytes) undecoded: for a reader that decodes
        only the lines it wants."""
        stretches = self.raw_stretches_from(start)
        while True:
            try:
                offset, complete = next(stretches)
            except StopIteration as done:
                finished: int = done.value
                return finished
            for raw in complete.split(b"\n")[:-1]:
                end = offset + len(raw) + 1
                if raw.strip():
                    yield offset, end, raw
                offset = end

    def raw_stretches_from(self, start: int) -> Generator[tuple[int, bytes], None, int]:
        """The complete lines from byte `start` on, a stretch of about a megabyte at a time, each as
        (its offset, its bytes, ending with a newline): for a reader that can rule out a whole stretch
        at once. Returns the offset to continue from next time."""
        size = self.size()
        pending = b""
        pending_start = start
        position = start
        while position < size:
            chunk = self._read(position, min(size, position + _CHUNK))
            if not chunk:
                break
            position += len(chunk)
            pending += chunk
            cut = pending.rfind(b"\n")
            if cut < 0:
                continue
            complete, pending = pending[: cut + 1], pending[cut + 1 :]
            yield pending_start, complete
            pending_start += len(complete)
        if pending:
            log.warning(
                "%s ends with an unfinished line (%d bytes at offset %d) from an interrupted write; "
                "it is ignored and will be cut off by the next append",
                self.name,
                len(pending),
                pending_start,
            )
        return pending_start

    def read_raw(self, start: int, end: int) -> bytes:
        """The bytes from `start` to `end`, as `raw_stretches_from` found them."""
        return self._read(start, end)

    def read_lines(self, spans: Iterable[tuple[int, int]]) -> list[dict[str, Any]]:
        """The records at the given (start, end) byte spans, as found by `scan`."""
        return [self._decode(self._read(start, end).rstrip(b"\n"), start) for start, end in spans]

    def decode(self, raw: bytes, offset: int) -> dict[str, Any]:
        """One line's record, as read by `raw_lines_from` from byte `offset`."""
        return self._decode(raw, offset)

    def _decode(self, raw: bytes, offset: int) -> dict[str, Any]:
        try:
            record = orjson.loads(raw)
        except orjson.JSONDecodeError as exc:
            raise RegisterError(
                f"{self.name} is damaged at byte {offset} ({exc}); restore it from a backup"
            ) from exc
        if not isinstance(record, dict):
            raise RegisterError(f"{self.name} is damaged at byte {offset}: a line is not a JSON object")
        return record


class JsonLinesFile(JsonLines):
    def __init__(self, path: Path) -> None:
        self.path = path
        self.name = str(path)

    def size(self) -> int:
        try:
            return os.stat(self.path).st_size
        except FileNotFoundError:
            return 0
        except OSError as exc:
            raise RegisterError(f"cannot read {self.path}: {exc.strerror}") from exc

    def identity(self) -> object:
        try:
            stat = os.stat(self.path)
        except FileNotFoundError:
            return None
        return (stat.st_dev, stat.st_ino)

    def _read(self, start: int, end: int) -> bytes:
        try:
            with open(self.path, "rb") as file:
                file.seek(start)
                return file.read(end - start)
        except OSError as exc:
            raise RegisterError(f"cannot read {self.path}: {exc.strerror}") from exc

    def read_lines(self, spans: Iterable[tuple[int, int]]) -> list[dict[str, Any]]:
        # One open file for the whole batch rather than one per line.
        wanted = list(spans)
        if not wanted:
            return []
        records = []
        try:
            fd = os.open(self.path, os.O_RDONLY)
        except OSError as exc:
            raise RegisterError(f"cannot read {self.path}: {exc.strerror}") from exc
        try:
            for start, end in wanted:
                records.append(self._decode(os.pread(fd, end - start, start).rstrip(b"\n"), start))
        finally:
            os.close(fd)
        return records

    def _append_bytes(self, data: bytes, sync: bool) -> None:
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o600)
        except OSError as exc:
            raise RegisterError(f"cannot open {self.path} for writing: {exc.strerror}") from exc
        try:
            self._cut_unfinished_line(fd)
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            if sync:
                os.fsync(fd)
        except OSError as exc:
            log.error("could not append to %s: %s", self.path, exc.strerror)
            raise RegisterError(f"cannot write to {self.path}: {exc.strerror}") from exc
        finally:
            os.close(fd)

    def _replace_bytes(self, data: bytes) -> None:
        try:
            write_atomically(self.path, data)
        except OSError as exc:
            log.error("could not rewrite %s: %s", self.path, exc.strerror)
            raise RegisterError(f"cannot write to {self.path}: {exc.strerror}") from exc

    def _cut_unfinished_line(self, fd: int) -> None:
        size = os.fstat(fd).st_size
        if size == 0 or os.pread(fd, 1, size - 1) == b"\n":
            return
        keep = 0
        position = size
        while position > 0:
            start = max(0, position - _CHUNK)
            newline = os.pread(fd, position - start, start).rfind(b"\n")
            if newline >= 0:
                keep = start + newline + 1
                break
            position = start
        log.warning(
            "%s: cutting off an unfinished last line (%d bytes) left by an interrupted write",
            self.path,
            size - keep,
        )
        os.ftruncate(fd, keep)


class JsonLinesMemory(JsonLines):
    """The same log held in memory, for tests and throwaway registers."""

    def __init__(self, name: str = "in-memory audit log") -> None:
        self.name = name
        self._data = bytearray()
        self._generation = 0

    def size(self) -> int:
        return len(self._data)

    def identity(self) -> object:
        return (id(self), self._generation)

    def _read(self, start: int, end: int) -> bytes:
        return bytes(self._data[start:end])

    def _append_bytes(self, data: bytes, sync: bool) -> None:
        self._data += data

    def _replace_bytes(self, data: bytes) -> None:
        self._data = bytearray(data)
        self._generation += 1

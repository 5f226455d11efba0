"""A TinyDB storage for one JSON file that is replaced atomically on every write.

TinyDB's own JSONStorage rewrites the file in place, so a crash mid-write leaves half a file. This one
writes through `register.atomic_file`. A file that cannot be read or parsed, or that has been emptied
(0 bytes or only whitespace), raises `RegisterError` naming it: starting again with an empty register
would silently lose every block. Only a file that does not exist yet is a new, empty register.

Parsing the file is most of the cost of an operation, so the parsed tables are remembered for as
long as nothing has changed: the lock file's change count (bumped by every writer, in any process,
before it writes) and the file's identity, size and modification time are the same as when it was
read. Callers hold the register's lock around every read and write, and call `forget()` when an
operation fails part way, because TinyDB changes the remembered tables in place before writing.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

import orjson
from tinydb.storages import Storage

from register.atomic_file import write_atomically
from register.base import RegisterError
from register.file_lock import ProcessLock

log = logging.getLogger(__name__)

Tables = dict[str, dict[str, Any]]

REPAIR = (
    "Run `socialdesk repair` to rebuild it from the audit log (the damaged file is kept beside it), "
    "or restore it from a backup: the register will not start empty over it."
)


class AtomicJSONStorage(Storage):
    def __init__(self, path: str | Path, lock: ProcessLock) -> None:
        self.path = Path(path)
        self._lock = lock
        self._snapshot: Tables | None = None
        self._snapshot_stamp: object = None

    def _stamp(self) -> object:
        try:
            stat = os.stat(self.path)
        except FileNotFoundError:
            return (self._lock.changes(), None)
        return (self._lock.changes(), stat.st_ino, stat.st_size, stat.st_mtime_ns)

    def read(self) -> Tables | None:
        stamp = self._stamp()
        if self._snapshot is not None and stamp == self._snapshot_stamp:
            return self._snapshot
        self._snapshot = None
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise RegisterError(f"cannot read the register file {self.path}: {exc.strerror}") from exc
        if not raw.strip():
            # Every write replaces the file whole, so it is never empty: an empty file has been
            # truncated or overwritten since. Read as an empty register, it would hide every block.
            raise RegisterError(
                f"the register file {self.path} is empty ({len(raw)} bytes); it has been truncated or "
                f"overwritten. {REPAIR}"
            )
        try:
            data = orjson.loads(raw)
        except orjson.JSONDecodeError as exc:
            raise RegisterError(f"the register file {self.path} is damaged ({exc}). {REPAIR}") from exc
        if not isinstance(data, dict) or not all(isinstance(table, dict) for table in data.values()):
            raise RegisterError(f"the register file {self.path} does not hold TinyDB tables. {REPAIR}")
        self._snapshot = data
        self._snapshot_stamp = stamp
        return data

    def write(self, data: Tables) -> None:
        # TinyDB hands back the dict read() returned, changed in place: until the write succeeds
        # the remembered copy is not what is on disk.
        self._snapshot = None
        # orjson: serialising the whole file is most of the cost of a write, and it is ~10x faster.
        encoded = orjson.dumps(data)
        try:
            self._lock.note_change()
            write_atomically(self.path, encoded)
        except OSError as exc:
            log.error("could not write %s: %s", self.path, exc.strerror)
            raise RegisterError(f"cannot write the register file {self.path}: {exc.strerror}") from exc
        self._snapshot = data
        self._snapshot_stamp = self._stamp()

    def version(self) -> object:
        """Changes whenever the tables change, here or in another process; call holding the lock.

        Equal values mean the file holds what it held, so what was decoded from it still stands.
        """
        return self._stamp()

    def forget(self) -> None:
        self._snapshot = None

    def close(self) -> None:
        self._snapshot = None

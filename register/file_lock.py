"""One writer at a time: among this process's threads and across processes sharing a data directory.

The bot and a `socialdesk remind --once` cron job may run at once on the same directory, so a thread
lock is not enough; an `fcntl.flock` on a lock file covers other processes. flock locks belong to the
open file description, so a process that forks must open its own register rather than share one.
flock is reliable on local file systems; network shares (SMB, NFS) may not honour it, which is one
reason several instances should use a shared register backend instead of a shared directory.

The lock file also counts the writes made under it (`changes`, `note_change`), so that a holder can
tell cheaply whether another process changed anything since it last looked.
"""

from __future__ import annotations

import fcntl
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from register.base import RegisterError


class ProcessLock:
    """A lock held by one thread of one process at a time; `path=None` gives a thread-only lock."""

    def __init__(self, path: Path | None) -> None:
        self._path = path
        self._thread_lock = threading.Lock()
        self._fd: int | None = None
        self._memory_changes = 0
        if path is not None:
            try:
                self._fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
            except OSError as exc:
                raise RegisterError(f"cannot open the register lock file {path}: {exc.strerror}") from exc

    @contextmanager
    def hold(self, shared: bool = False) -> Iterator[None]:
        """Hold the lock for the block; `shared` lets other processes' readers in at the same time."""
        with self._thread_lock:
            if self._fd is None:
                if self._path is not None:
                    raise RegisterError("the register has been closed")
                yield
                return
            fcntl.flock(self._fd, fcntl.LOCK_SH if shared else fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(self._fd, fcntl.LOCK_UN)

    def changes(self) -> int:
        """How many changes have been noted under this lock; call while holding it."""
        if self._fd is None:
            return self._memory_changes
        return int.from_bytes(os.pread(self._fd, 8, 0), "little")

    def note_change(self) -> None:
        """Count one change; call while holding the lock exclusively, before making the change."""
        if self._fd is None:
            self._memory_changes += 1
            return
        os.pwrite(self._fd, (self.changes() + 1).to_bytes(8, "little"), 0)

    def close(self) -> None:
        with self._thread_lock:
            if self._fd is not None:
                os.close(self._fd)
                self._fd = None

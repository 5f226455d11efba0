"""The TinyDB storage re-reads its file whenever anyone may have changed it, and only then."""

from __future__ import annotations

import os
from pathlib import Path

from register.file_lock import ProcessLock
from register.json_storage import AtomicJSONStorage


def test_a_change_the_file_metadata_cannot_show_is_still_seen(tmp_path: Path) -> None:
    # Two locks on one lock file behave like two processes.
    path, lock_path = tmp_path / "tables.json", tmp_path / "register.lock"
    reader_lock, writer_lock = ProcessLock(lock_path), ProcessLock(lock_path)
    reader = AtomicJSONStorage(path, reader_lock)
    writer = AtomicJSONStorage(path, writer_lock)
    with writer_lock.hold():
        writer.write({"blocks": {"1": {"review_due": "2026-12-01"}}})
    with reader_lock.hold():
        assert reader.read() == {"blocks": {"1": {"review_due": "2026-12-01"}}}
    before = os.stat(path)

    # Same inode, same size, same modification time: only the lock file's change count differs.
    with writer_lock.hold():
        writer_lock.note_change()
        path.write_bytes(path.read_bytes().replace(b"2026-12-01", b"2027-01-02"))
        os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))

    with reader_lock.hold():
        assert reader.read() == {"blocks": {"1": {"review_due": "2027-01-02"}}}


def test_an_unchanged_file_is_parsed_once(tmp_path: Path) -> None:
    lock = ProcessLock(tmp_path / "register.lock")
    storage = AtomicJSONStorage(tmp_path / "tables.json", lock)
    with lock.hold():
        storage.write({"blocks": {}})
        first = storage.read()
        assert storage.read() is first

    storage.forget()

    with lock.hold():
        assert storage.read() is not first

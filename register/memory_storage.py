"""A TinyDB storage held in memory that counts its writes, for throwaway registers and tests.

The count plays the part the lock file's change count plays for `register.json_storage`: the
register remembers decoded blocks for as long as the tables' version has not moved.
"""

from __future__ import annotations

from typing import Any

from tinydb.storages import MemoryStorage

Tables = dict[str, dict[str, Any]]


class CountingMemoryStorage(MemoryStorage):
    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]  # tinydb leaves it unannotated
        self._writes = 0

    def write(self, data: Tables) -> None:
        self._writes += 1
        super().write(data)

    def version(self) -> object:
        """Changes with every write; equal values mean the tables are as they were."""
        return self._writes

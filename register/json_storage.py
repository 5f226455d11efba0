"""A TinyDB storage for one JSON file that is replaced atomically on every write.

TinyDB's own JSONStorage rewrites the file in place, so a crash mid-write leaves half a file. This one
writes through `register.atomic_file`. A file that cannot be read or parsed raises `RegisterError`
naming it: starting again with an empty register would silently lose every block.

Reads are remembered until `forget()`: the register calls it whenever it takes or releases its lock,
so within one locked operation the file is parsed once, and each new operation sees what other
processes wrote in between.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from register.atomic_file import write_atomically
from register.base import RegisterError

log = logging.getLogger(__name__)

Tables = dict[str, dict[str, Any]]


class AtomicJSONStorage(Storage):
    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._snapshot: Tables | None = None

    def read(self) -> Tables | None:
        if self._snapshot is not None:
            return self._snapshot
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise RegisterError(f"cannot read the register file {self.path}: {exc.strerror}") from exc
        if not raw.strip():
            return None
        try:
            data = json.loads(raw)
        except (ValueError, UnicodeDecodeError) as exc:
            raise RegisterError(
                f"the register file {self.path} is damaged ({exc}); restore it from a backup or move it "
                "aside. The register will not start empty over it."
            ) from exc
        if not isinstance(data, dict) or not all(isinstance(table, dict) for table in data.values()):
            raise RegisterError(f"the register file {self.path} does not hold TinyDB tables")
        self._snapshot = data
        return data

    def write(self, data: Tables) -> None:
        # TinyDB hands back the dict read() returned, changed in place: until the write succeeds
        # the remembered copy is not what is on disk.
        self._snapshot = None
        encoded = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        try:
            write_atomically(self.path, encoded)
        except OSError as exc:
            log.error("could not write %s: %s", self.path, exc.strerror)
            raise RegisterError(f"cannot write the register file {self.path}: {exc.strerror}") from exc
        self._snapshot = data

    def forget(self) -> None:
        self._snapshot = None

    def close(self) -> None:
        self._snapshot = None

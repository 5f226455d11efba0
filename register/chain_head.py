"""Where the embedded register keeps its audit chain's head: `audit.head`, beside `audit.jsonl`.

The head (`register.chain.Head`) is written after the events it covers are on disk, and not fsync'd:
after a power cut it can only lag behind the log, which a later append or `audit verify` tells apart
from a log cut short (the event at the head's position still has the head's hash). A head that cannot
be read is reported by `audit verify`; appending then carries on from the log.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

import orjson

from register.base import RegisterError
from register.chain import Head

log = logging.getLogger(__name__)


class ChainHeadFile:
    """The head in a small file, or in memory when `path` is None."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._held: Head | None = None

    def read(self) -> Head | None:
        """The recorded head, None when none was ever written; `RegisterError` if it is damaged."""
        if self.path is None:
            return self._held
        try:
            data = self.path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise RegisterError(f"cannot read {self.path}: {exc.strerror}") from exc
        try:
            record = orjson.loads(data)
            return Head(int(record["seq"]), str(record["hash"]))
        except (orjson.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
            raise RegisterError(f"the audit chain head {self.path} cannot be read ({exc!r})") from exc

    def write(self, head: Head) -> None:
        if self.path is None:
            self._held = head
            return
        data = orjson.dumps({"seq": head.seq, "hash": head.hash}, option=orjson.OPT_APPEND_NEWLINE)
        try:
            fd = os.open(self.path, os.O_WRONLY | os.O_CREAT, 0o600)
            try:
                os.pwrite(fd, data, 0)
                os.ftruncate(fd, len(data))
            finally:
                os.close(fd)
        except OSError as exc:
            # The events are logged already; a head left behind only lags, which appends and verify allow.
            log.error("could not update the audit chain head %s: %s", self.path, exc.strerror)

"""A checkpoint of the audit trail: each hash chain's last place and hash, remembered outside the register.

The chain (`register.chain`) shows an event edited, moved or removed behind the register's back, but
not a log rewritten whole, hashes and head included, nor an Azure partition deleted with its head
row. A checkpoint catches those: `socialdesk audit checkpoint --out FILE` (and every export, beside
`integrity.txt`) writes, for each chain, how many events it had and the last one's hash; later,
`socialdesk audit verify --checkpoint FILE` checks that every chain named still exists and still
recomputes that hash at that place. The log may have grown since: the events after it are checked by
the chain as usual. The file is small JSON, meant to be kept where whoever can write the register
cannot (a governance record, an email to IG, a printout).

    {"format": "socialdesk audit checkpoint", "version": 1,
     "taken_at": "2026-12-01T10:30:00+00:00", "fingerprint": "<the integrity fingerprint then>",
     "events": 1234,
     "chains": [{"chain": "", "seq": 1234, "hash": "<64 hex>"}]}

A chain is named as `Register.verify_chain` names it: "" for the embedded register's one log, the
account (or "events about no account") for each Azure Tables partition, so the file lists the
handles the register holds on Azure.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import orjson

from register.atomic_file import write_atomically
from register.chain import ChainResult, Head
from register.integrity import Integrity

FORMAT = "socialdesk audit checkpoint"
VERSION = 1
_HASH = re.compile(r"^[0-9a-f]{64}$")


class CheckpointError(ValueError):
    """A checkpoint file that cannot be read or is not one: the message says which and why."""


@dataclass(frozen=True)
class Checkpoint:
    taken_at: datetime
    fingerprint: str
    chains: tuple[tuple[str, Head], ...]

    @property
    def events(self) -> int:
        return sum(head.seq for _, head in self.chains)

    @property
    def marks(self) -> dict[str, int]:
        """The place in each chain whose hash to check."""
        return {name: head.seq for name, head in self.chains}


def chain_label(name: str) -> str:
    return f"chain {name}" if name else "the audit log"


def checkpoint_of(integrity: Integrity, at: datetime) -> Checkpoint:
    """The checkpoint of chains just verified intact (a broken one would vouch for the damage)."""
    if not integrity.intact:
        raise ValueError("a checkpoint is taken only of an intact audit trail")
    chains = tuple(sorted((name, result.tip) for name, result in integrity.chains))
    return Checkpoint(at, integrity.fingerprint, chains)


def to_json(checkpoint: Checkpoint) -> bytes:
    record = {
        "format": FORMAT,
        "version": VERSION,
        "taken_at": checkpoint.taken_at.isoformat(),
        "fingerprint": checkpoint.fingerprint,
        "events": checkpoint.events,
        "chains": [{"chain": name, "seq": head.seq, "hash": head.hash} for name, head in checkpoint.chains],
    }
    return orjson.dumps(record, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE)


def write_checkpoint(path: Path, checkpoint: Checkpoint) -> None:
    """Write the checkpoint file, replacing any there atomically (OSError when it cannot)."""
    write_atomically(path, to_json(checkpoint))


def _chain(item: object, index: int) -> tuple[str, Head]:
    if not isinstance(item, Mapping):
        raise CheckpointError(f"chain {index + 1} is not an object")
    name, seq, hashed = item.get("chain"), item.get("seq"), item.get("hash")
    if not isinstance(name, str):
        raise CheckpointError(f'chain {index + 1} has no name ("chain")')
    if not isinstance(seq, int) or isinstance(seq, bool) or seq < 0:
        raise CheckpointError(f'{chain_label(name)} has no place ("seq", a whole number of 0 or more)')
    if not isinstance(hashed, str) or not _HASH.match(hashed):
        raise CheckpointError(f'{chain_label(name)} has no hash ("hash", 64 hex digits)')
    return name, Head(seq, hashed)


def parse_checkpoint(data: bytes) -> Checkpoint:
    """The checkpoint in `data`; `CheckpointError` saying what is wrong when it is not one."""
    try:
        record: Any = orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        raise CheckpointError(f"it is not JSON ({exc})") from exc
    if not isinstance(record, dict) or record.get("format") != FORMAT:
        raise CheckpointError(f'it is not an audit checkpoint (no "format": "{FORMAT}")')
    if record.get("version") != VERSION:
        raise CheckpointError(f"it is version {record.get('version')!r}; this socialdesk reads {VERSION}")
    try:
        taken_at = datetime.fromisoformat(str(record.get("taken_at")))
    except ValueError as exc:
        raise CheckpointError('its time ("taken_at") is not an ISO 8601 time') from exc
    chains = record.get("chains")
    if not isinstance(chains, list):
        raise CheckpointError('it has no list of chains ("chains")')
    parsed = tuple(_chain(item, index) for index, item in enumerate(chains))
    if len({name for name, _ in parsed}) != len(parsed):
        raise CheckpointError("it names a chain twice")
    return Checkpoint(taken_at, str(record.get("fingerprint") or ""), parsed)


def read_checkpoint(path: Path) -> Checkpoint:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CheckpointError(f"the checkpoint {path} cannot be read: {exc.strerror}") from exc
    try:
        return parse_checkpoint(data)
    except CheckpointError as exc:
        raise CheckpointError(f"the checkpoint {path} cannot be used: {exc}") from exc


def departures(checkpoint: Checkpoint, chains: Sequence[tuple[str, ChainResult]]) -> list[str]:
    """How the chains (verified with `checkpoint.marks`) depart from the checkpoint, a line a chain:
    gone, shorter than it was, or recomputing another hash at the checkpoint's place."""
    found = dict(chains)
    lines = []
    for name, head in checkpoint.chains:
        label = chain_label(name)
        result = found.get(name)
        if result is None:
            lines.append(f"{label} is missing: it held {head.seq} events at the checkpoint")
        elif result.events < head.seq:
            lines.append(
                f"{label} is shorter than at the checkpoint: it has {result.events} events, "
                f"the checkpoint recorded {head.seq}"
            )
        elif result.marked is None or result.marked.hash != head.hash:
            lines.append(
                f"{label}, event {head.seq}: it does not have the hash the checkpoint recorded: "
                f"the log up to it was changed or rewritten"
            )
    return lines

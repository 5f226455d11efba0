"""The audit log's hash chain: each event records the hash of the one appended before it.

Pure functions, shared by both backends. An event's chain fields are its place in the chain (`seq`,
from 1), the hash of the event before it (`prev`; the genesis value for the first) and its own hash
(`hash`): SHA-256 over `prev` and the event's canonical JSON (sorted keys, its `seq` included, the
two hashes left out). The chain is over the log in the order events were appended, not their own
times: an event completed late (`register.rules`) is chained where it lands.

A chain head (the last `seq` and `hash`, kept apart from the events) catches a log cut short, which
links alone cannot. Events logged before the chain began carry no fields; they are hashed in as they
are, so the first chained event seals them, and an unchained event after a chained one is a break.

Verifying recomputes every hash and names the first event that does not fit. Someone able to rewrite
the whole log and its head, hashes included, is not caught by the chain itself: a checkpoint
(`register.checkpoint`: each chain's place and hash, kept apart) is what a later check compares
against, and `verify` reports the recomputed hash at the place a checkpoint names (`mark`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import orjson

GENESIS = "0" * 64
CHAIN_FIELDS = ("seq", "prev", "hash")


@dataclass(frozen=True)
class Head:
    """The chain's tip as last recorded: how many events it covers and the last one's hash."""

    seq: int
    hash: str


@dataclass(frozen=True)
class Break:
    """The first event that does not fit the chain (`position` counts from 1 in append order)."""

    position: int
    event_id: str | None
    problem: str

    def describe(self, where: str = "") -> str:
        named = f" ({self.event_id})" if self.event_id else ""
        return f"{where}event {self.position}{named}: {self.problem}"


@dataclass(frozen=True)
class ChainResult:
    """What verifying one chain found."""

    events: int  # events in the log
    unchained: int  # events from before the chain began, sealed by the first chained one
    tip: Head  # the chain as recomputed: the last event's position and hash
    broken: Break | None
    marked: Head | None = None  # the recomputed hash at the position asked for, if the chain reaches it

    @property
    def intact(self) -> bool:
        return self.broken is None


def content(row: Mapping[str, Any]) -> bytes:
    """The bytes an event's hash covers: its fields (with `seq`, without the hashes), keys sorted."""
    kept = {key: value for key, value in row.items() if key not in ("prev", "hash")}
    return orjson.dumps(kept, option=orjson.OPT_SORT_KEYS)


def link(prev: str, row: Mapping[str, Any]) -> str:
    """The hash of `row` following an event whose hash is `prev`."""
    return hashlib.sha256(prev.encode("ascii") + b"\n" + content(row)).hexdigest()


def sealed(row: Mapping[str, Any], tip: Head) -> dict[str, Any]:
    """`row` with the chain fields of the event appended after `tip`."""
    chained = {key: value for key, value in row.items() if key not in CHAIN_FIELDS}
    chained["seq"] = tip.seq + 1
    chained["prev"] = tip.hash
    chained["hash"] = link(tip.hash, chained)
    return chained


def advance(tip: Head, row: Mapping[str, Any]) -> Head:
    """The tip after `row` as stored: its own hash if it carries one (trusted here; `verify` checks
    it), or, for an event from before the chain, the hash it is sealed with."""
    stored = row.get("hash")
    if isinstance(stored, str) and "seq" in row:
        return Head(tip.seq + 1, stored)
    return Head(tip.seq + 1, link(tip.hash, row))


def verify(rows: Iterable[Mapping[str, Any]], head: Head | None, mark: int | None = None) -> ChainResult:
    """Check `rows` (in append order) link up, and reach the recorded `head`; name the first break.
    With `mark`, also give the hash the chain recomputes at that position (`ChainResult.marked`)."""
    tip = Head(0, GENESIS)
    marked = tip if mark == 0 else None
    unchained = 0
    chained = False
    broken: Break | None = None
    hashes_at_head: str | None = None
    for row in rows:
        position = tip.seq + 1
        event_id = str(row["id"]) if row.get("id") is not None else None
        if broken is None:
            broken = _problem(row, tip, chained, position, event_id)
        if "hash" in row:
            chained = True
        elif not chained:
            unchained += 1
        tip = Head(position, link(tip.hash, row))
        if head is not None and position == head.seq:
            hashes_at_head = tip.hash
        if position == mark:
            marked = tip
    if broken is None and head is not None:
        broken = _against_head(tip, head, hashes_at_head)
    elif broken is None and head is None and chained:
        broken = Break(
            tip.seq, None, "the chain head record is missing, so a shortened log cannot be ruled out"
        )
    return ChainResult(events=tip.seq, unchained=unchained, tip=tip, broken=broken, marked=marked)


def _problem(
    row: Mapping[str, Any], tip: Head, chained: bool, position: int, event_id: str | None
) -> Break | None:
    if "hash" not in row or "seq" not in row or "prev" not in row:
        if chained:
            return Break(
                position, event_id, "it carries no chain link: added, or changed, after the chain began"
            )
        return None
    seq = row["seq"]
    if isinstance(seq, int) and seq > position:
        return Break(
            position,
            event_id,
            f"it was logged as event {seq}: {seq - position} event(s) before it were removed or moved",
        )
    if seq != position:
        return Break(position, event_id, f"it was logged as event {seq}: it was moved or copied here")
    if row["prev"] != tip.hash:
        return Break(
            position, event_id, "it does not follow the event before it, which was changed or replaced"
        )
    if row["hash"] != link(str(row["prev"]), row):
        return Break(
            position, event_id, "it does not match its hash: it was changed (or moved) after it was logged"
        )
    return None


def _against_head(tip: Head, head: Head, hash_at_head: str | None) -> Break | None:
    if tip.seq < head.seq:
        removed = head.seq - tip.seq
        return Break(
            tip.seq + 1,
            None,
            f"missing: the log ends after event {tip.seq}, but the chain head records {head.seq} "
            f"events (the last {removed} were removed)",
        )
    if hash_at_head != head.hash:
        return Break(head.seq, None, "it is not the event the chain head records: the log was rewritten")
    return None

"""Decoded blocks remembered between reads, for as long as the tables they came from are unchanged.

Turning 10,000 stored rows into `Block` records takes a few hundred milliseconds, and the daily digest,
`reviews` and every Keep, Lift or Snooze pressed on a digest card list the blocks. A `BlockSnapshot`
holds the blocks of one version of the tables (the storage's change stamp, which every writer in
any process moves) and the orders callers ask for, worked out once. Blocks are immutable, so the
same records are handed to every caller. Pure: the TinyDB register decides when a snapshot is stale.

When the tables did change (another process recorded a block, or claimed a digest), a row whose id
and revision are those of a remembered block is that block: every change to a block gives it a new
random revision, the same rule optimistic concurrency relies on. Only new and changed rows are
decoded again.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from functools import cached_property
from typing import Any

from register.model import Block, due_order


class BlockSnapshot:
    """Every block in one version of the tables, by id, with its lists sorted on first use."""

    def __init__(self, version: object, blocks: Iterable[Block]) -> None:
        self.version = version
        self.by_id: Mapping[str, Block] = {block.id: block for block in blocks}

    def refreshed(
        self, version: object, rows: Iterable[Mapping[str, Any]], decode: Callable[[Mapping[str, Any]], Block]
    ) -> BlockSnapshot:
        """The blocks stored in `rows` (the tables at `version`), reusing the remembered ones."""
        known = self.by_id
        blocks = []
        for row in rows:
            block = known.get(str(row.get("id")))
            blocks.append(
                block if block is not None and block.revision == row.get("revision") else decode(row)
            )
        return BlockSnapshot(version, blocks)

    def with_block(self, block: Block, version: object) -> BlockSnapshot:
        """This snapshot with `block` added or replaced, as of the tables' `version` (after a write
        made here, so that the next read need not decode everything again)."""
        blocks = dict(self.by_id)
        blocks[block.id] = block
        return BlockSnapshot(version, blocks.values())

    @cached_property
    def _due(self) -> tuple[list[Block], list[date]]:
        active = sorted((b for b in self.by_id.values() if b.status == "active"), key=due_order)
        return active, [block.review_due for block in active]

    def due_on(self, day: date) -> list[Block]:
        """Active blocks due on or before `day`, in the digest's order."""
        active, dates = self._due
        return active[: bisect_right(dates, day)]

    @cached_property
    def _active(self) -> list[Block]:
        active = (b for b in self.by_id.values() if b.status == "active")
        return sorted(active, key=lambda b: (b.review_due, b.decided_at, b.id))

    def active(self) -> list[Block]:
        """Active blocks, earliest review first."""
        return list(self._active)

    @cached_property
    def _decided(self) -> list[Block]:
        return sorted(self.by_id.values(), key=lambda b: (b.decided_at, b.id))

    def all(self) -> list[Block]:
        """Every block, oldest decision first."""
        return list(self._decided)

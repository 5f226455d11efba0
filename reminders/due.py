"""Which blocks are due for review on a day, and the digest that lists them. Pure: no I/O, no clock.

A block is due when it is active and its review date is on or before the day. The most overdue come
first, so the blocks that have waited longest are at the top of the card. The register hands out
exactly these blocks in this order (`Register.due_blocks`), so a digest need not read every active
block; selecting again here costs little and keeps the rule in one readable place.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from register.model import Block, due_order


@dataclass(frozen=True)
class DueBlock:
    """A block due for review, and by how many days it is late (0 when due that very day)."""

    block: Block
    overdue_days: int

    @property
    def overdue(self) -> bool:
        return self.overdue_days > 0


@dataclass(frozen=True)
class Digest:
    """The day's review list for one conversation."""

    day: date
    due: tuple[DueBlock, ...]

    @property
    def empty(self) -> bool:
        return not self.due

    @property
    def overdue_count(self) -> int:
        return sum(1 for entry in self.due if entry.overdue)

    def block_ids(self) -> list[str]:
        return [entry.block.id for entry in self.due]


def due_blocks(blocks: Iterable[Block], day: date) -> list[DueBlock]:
    """Active blocks whose review is due on or before `day`: most overdue first, then by account."""
    due = [
        DueBlock(block, (day - block.review_due).days)
        for block in blocks
        if block.status == "active" and block.review_due <= day
    ]
    due.sort(key=lambda entry: due_order(entry.block))
    return due


def build_digest(blocks: Iterable[Block], day: date) -> Digest:
    return Digest(day=day, due=tuple(due_blocks(blocks, day)))


def digest_json(conversation_id: str, digest: Digest) -> dict[str, Any]:
    """One conversation's digest as `remind --dry-run` prints it."""
    return {
        "conversation": conversation_id,
        "day": digest.day.isoformat(),
        "blocks": [due_json(entry) for entry in digest.due],
    }


def due_json(entry: DueBlock) -> dict[str, Any]:
    block = entry.block
    return {
        "id": block.id,
        "platform": block.platform,
        "account": block.account,
        "review_due": block.review_due.isoformat(),
        "overdue_days": entry.overdue_days,
        "criteria": list(block.criteria),
        "decided_by": block.decided_by.name,
        "decided_at": block.decided_at.isoformat(),
    }


def keep_order(blocks: Sequence[Block], ids: Sequence[str]) -> list[Block]:
    """`blocks` in the order of `ids` (a digest's order), leaving out ids that are not there."""
    by_id = {block.id: block for block in blocks}
    return [by_id[block_id] for block_id in ids if block_id in by_id]

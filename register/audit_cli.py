"""`socialdesk audit verify [--checkpoint FILE] [--store STORE]`: check that the audit log holds every
block's history, and complete it where a lost write left a gap; `socialdesk audit checkpoint --out FILE`:
remember where every chain stands now.

verify: every block carries the audit event of its latest write until the log holds it
(`register.rules`). This appends any such event still missing, and a `block_created` rebuilt from the
block itself (marked `"rebuilt": true`) for a block recorded before blocks carried their events whose
log has none. Then it checks that every block has exactly one `block_created`, and recomputes the
audit log's hash chain (`register.chain`), naming the first event that does not fit. Running it again
appends nothing. With `--checkpoint`, it also checks that every chain the checkpoint names still
exists and still holds, at the checkpoint's place, an event with its hash (`register.checkpoint`).

checkpoint: verifies the chains (appending nothing) and, when they are intact, writes the checkpoint.

STORE is as for `socialdesk migrate`; by default, the register the settings choose. It prints what it
did and found; exit status 0 when every block has exactly one `block_created`, the chain is intact
and holds the checkpoint (or the checkpoint was written), 1 when not (the blocks, the first broken
event and each chain that departs from the checkpoint are named) or when the register cannot be used,
2 for bad arguments or a checkpoint file that cannot be read or is not one (the register is not opened).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from register.base import Register, RegisterError
from register.checkpoint import (
    Checkpoint,
    CheckpointError,
    checkpoint_of,
    departures,
    read_checkpoint,
    write_checkpoint,
)
from register.integrity import Integrity, check_integrity
from register.reading import with_register

log = logging.getLogger(__name__)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "action",
        choices=["verify", "checkpoint"],
        help="verify: check the log and complete it; checkpoint: write where every chain stands now",
    )
    parser.add_argument(
        "--store", metavar="STORE", help="tinydb:PATH or azure-table[:URL]; default: the configured register"
    )
    parser.add_argument(
        "--checkpoint",
        type=Path,
        metavar="FILE",
        help="verify: also check the chains still hold this checkpoint",
    )
    parser.add_argument("--out", type=Path, metavar="FILE", help="checkpoint: where to write it")


@dataclass(frozen=True)
class Verification:
    blocks: int
    appended: int
    # Blocks whose log does not hold exactly one block_created, with how many it holds.
    wrong: dict[str, int]
    integrity: Integrity
    checkpoint: Checkpoint | None = None
    departed: tuple[str, ...] = ()  # how the chains depart from the checkpoint, a line each

    @property
    def sound(self) -> bool:
        return not self.wrong and self.integrity.intact and not self.departed

    def _checkpoint_lines(self) -> list[str]:
        if self.checkpoint is None:
            return []
        taken = f"checkpoint of {self.checkpoint.taken_at.isoformat()} ({self.checkpoint.events} events)"
        if not self.departed:
            return [f"Every chain still holds the {taken}."]
        return [f"Audit trail BROKEN against the {taken}:", *[f"  {line}" for line in self.departed]]

    def lines(self) -> list[str]:
        found = [f"checked {self.blocks} blocks", f"appended {self.appended} missing audit events"]
        named = [f"block {block_id}: {count} block_created events" for block_id, count in self.wrong.items()]
        if not self.wrong:
            named = ["every block has exactly one block_created event"]
        return [*found, *named, *self.integrity.lines(), *self._checkpoint_lines()]


async def verify(register: Register, checkpoint: Checkpoint | None = None) -> Verification:
    """Complete the audit log (rebuilding missing creations), count each block's creations and check
    the chain (after completing, so that the events just appended are checked too), and against the
    checkpoint if one is given."""
    appended = await register.complete_audit(rebuild_creation=True)
    blocks = await register.all_blocks()
    created = Counter(event.block_id for event in await register.audit() if event.kind == "block_created")
    wrong = {block.id: created[block.id] for block in blocks if created[block.id] != 1}
    integrity = await check_integrity(register, checkpoint.marks if checkpoint else None)
    departed = tuple(departures(checkpoint, integrity.chains)) if checkpoint else ()
    return Verification(len(blocks), appended, wrong, integrity, checkpoint, departed)


def _bad_input(message: str) -> int:
    print(f"socialdesk audit: {message}", file=sys.stderr)
    return 2


def _run_verify(args: argparse.Namespace) -> int:
    if args.out is not None:
        return _bad_input("--out goes with checkpoint, not verify")
    try:
        checkpoint = read_checkpoint(args.checkpoint) if args.checkpoint is not None else None
    except CheckpointError as exc:
        return _bad_input(str(exc))
    result = asyncio.run(with_register(args.store, lambda register: verify(register, checkpoint)))
    for line in result.lines():
        print(line)
    return 0 if result.sound else 1


def _run_checkpoint(args: argparse.Namespace) -> int:
    if args.out is None or args.checkpoint is not None:
        return _bad_input("checkpoint takes --out FILE (and not --checkpoint)")
    integrity = asyncio.run(with_register(args.store, check_integrity))
    for line in integrity.lines():
        print(line)
    if not integrity.intact:
        print("socialdesk audit: no checkpoint written: it would vouch for a broken trail", file=sys.stderr)
        return 1
    checkpoint = checkpoint_of(integrity, datetime.now(UTC))
    try:
        write_checkpoint(args.out, checkpoint)
    except OSError as exc:
        print(f"socialdesk audit: cannot write {args.out}: {exc.strerror}", file=sys.stderr)
        return 1
    chains, events = len(checkpoint.chains), checkpoint.events
    print(f"wrote the checkpoint of {chains} chain(s), {events} events, to {args.out}")
    return 0


def run(args: argparse.Namespace) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        return _run_checkpoint(args) if args.action == "checkpoint" else _run_verify(args)
    except RegisterError as exc:
        print(f"socialdesk audit: {exc}", file=sys.stderr)
        return 1

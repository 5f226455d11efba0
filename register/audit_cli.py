"""`socialdesk audit verify [--store STORE]`: check that the audit log holds every block's history, and
complete it where a lost write left a gap.

Every block carries the audit event of its latest write until the log holds it (`register.rules`).
This appends any such event still missing, and a `block_created` rebuilt from the block itself (marked
`"rebuilt": true`) for a block recorded before blocks carried their events whose log has none. Then
it checks that every block has exactly one `block_created`, and recomputes the audit log's hash chain
(`register.chain`), naming the first event that does not fit. Running it again appends nothing.

STORE is as for `socialdesk migrate`; by default, the register the settings choose. It prints what it
did and found; exit status 0 when every block has exactly one `block_created` and the chain is intact,
1 when not (the blocks and the first broken event are named) or when the register cannot be used, 2
for bad arguments.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from collections import Counter
from dataclasses import dataclass

from register.base import Register, RegisterError
from register.integrity import Integrity, check_integrity
from register.reading import with_register

log = logging.getLogger(__name__)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("action", choices=["verify"], help="verify: check the log and complete it")
    parser.add_argument(
        "--store", metavar="STORE", help="tinydb:PATH or azure-table[:URL]; default: the configured register"
    )


@dataclass(frozen=True)
class Verification:
    blocks: int
    appended: int
    # Blocks whose log does not hold exactly one block_created, with how many it holds.
    wrong: dict[str, int]
    integrity: Integrity

    @property
    def sound(self) -> bool:
        return not self.wrong and self.integrity.intact

    def lines(self) -> list[str]:
        found = [f"checked {self.blocks} blocks", f"appended {self.appended} missing audit events"]
        if not self.wrong:
            return [*found, "every block has exactly one block_created event", *self.integrity.lines()]
        named = [f"block {block_id}: {count} block_created events" for block_id, count in self.wrong.items()]
        return [*found, *named, *self.integrity.lines()]


async def verify(register: Register) -> Verification:
    """Complete the audit log (rebuilding missing creations), count each block's creations and check
    the chain (after completing, so that the events just appended are checked too)."""
    appended = await register.complete_audit(rebuild_creation=True)
    blocks = await register.all_blocks()
    created = Counter(event.block_id for event in await register.audit() if event.kind == "block_created")
    wrong = {block.id: created[block.id] for block in blocks if created[block.id] != 1}
    return Verification(len(blocks), appended, wrong, await check_integrity(register))


async def _verify(store: str | None) -> Verification:
    return await with_register(store, verify)


def run(args: argparse.Namespace) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        result = asyncio.run(_verify(args.store))
    except RegisterError as exc:
        print(f"socialdesk audit: {exc}", file=sys.stderr)
        return 1
    for line in result.lines():
        print(line)
    return 0 if result.sound else 1

"""A child process for the crash test: records blocks as fast as it can until it is killed.

    python -m tests.support.block_writer DATA_DIR

Prints each block's id on its own line once `add_block` has returned: that line is the confirmation
a user would have seen, so every printed id must survive a `kill -9` at any moment.
"""

from __future__ import annotations

import asyncio
import sys
from datetime import UTC, date, datetime
from pathlib import Path

from register.model import Actor, NewBlock
from register.tinydb_store import open_tinydb_register


async def burst(data_dir: Path) -> None:
    register = open_tinydb_register(data_dir)
    actor = Actor("Crash Test", "00000000-0000-4000-8000-00000000c4a5")
    number = 0
    while True:
        number += 1
        block = await register.add_block(
            NewBlock(
                platform="x",
                account=f"@account{number}",
                criteria=("abusive",),
                rationale="burst write",
                evidence="[REDACTED]",
                review_due=date(2027, 1, 1),
            ),
            actor,
            datetime.now(UTC),
        )
        print(block.id, flush=True)


if __name__ == "__main__":
    asyncio.run(burst(Path(sys.argv[1])))

"""A child process for the crash tests: records blocks as fast as it can until it is killed.

    python -m tests.support.block_writer [--first N] [--die-before-event N]

The register is the one the environment chooses, opened as the bot opens it (`register.factory`:
`SOCIALDESK_STORE`, `SOCIALDESK_DATA`, the table settings). Block number n is recorded from form
`form-n` (its request id), counting from `--first`. Prints each block's id on its own line once
`add_block` has returned: that line is the confirmation a user would have seen, so every printed id
must survive a `kill -9` at any moment.

`--die-before-event N` kills the process with SIGKILL at a fixed point: after block N is written and
before its audit event is, on either backend.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
from datetime import UTC, date, datetime
from typing import Any

from register.audit_log import AuditLog
from register.azure_table import AzureTableRegister
from register.factory import open_register
from register.model import Actor, NewBlock

ACTOR = Actor("Crash Test", "00000000-0000-4000-8000-00000000c4a5")


def form(number: int) -> str:
    return f"form-{number}"


def die_before_event(number: int) -> None:
    """SIGKILL this process when block `number`'s audit event is about to be written."""
    doomed = f"account{number}"

    def is_doomed(events: Any) -> bool:
        return any(event.kind == "block_created" and event.account == f"@{doomed}" for event in events)

    tinydb_append = AuditLog.append
    azure_append = AzureTableRegister._append_carried

    def tinydb(log: AuditLog, events: Any, sync: bool = True) -> None:
        if is_doomed(events):
            os.kill(os.getpid(), signal.SIGKILL)
        tinydb_append(log, events, sync)

    async def azure(register: AzureTableRegister, event: Any, sequence: int) -> bool:
        if is_doomed([event]):
            os.kill(os.getpid(), signal.SIGKILL)
        return await azure_append(register, event, sequence)

    AuditLog.append = tinydb  # type: ignore[method-assign,assignment]
    AzureTableRegister._append_carried = azure  # type: ignore[method-assign,assignment]


async def burst(first: int) -> None:
    register = await open_register(create=True)
    number = first
    while True:
        block = await register.add_block(
            NewBlock(
                platform="x",
                account=f"@account{number}",
                criteria=("abusive",),
                rationale="burst write",
                evidence="[REDACTED]",
                review_due=date(2027, 1, 1),
                request_id=form(number),
            ),
            ACTOR,
            datetime.now(UTC),
        )
        print(block.id, flush=True)
        number += 1


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--first", type=int, default=1)
    parser.add_argument("--die-before-event", type=int)
    args = parser.parse_args()
    if args.die_before_event is not None:
        die_before_event(args.die_before_event)
    asyncio.run(burst(args.first))

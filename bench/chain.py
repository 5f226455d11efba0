"""The audit chain: `socialdesk audit verify`'s chain check over 100,000 events, beside reading them.

The log is written through the register's own chained appender (`register.audit_log.AuditLog`) in
batches with one fsync each. Each round opens the register afresh, so both figures include reading
the whole file: the baseline reads every event back (`Register.audit()`, as export does); the chain
check reads every line and recomputes every hash (`Register.verify_chain()`).
"""

from __future__ import annotations

import asyncio
import statistics
import tempfile
import time
from pathlib import Path

from bench.blocks import assessed_event
from bench.stats import ratio, summary
from register.audit_log import AuditLog
from register.chain_head import ChainHeadFile
from register.jsonl import JsonLinesFile
from register.model import AuditEvent
from register.tinydb_store import AUDIT_FILE, HEAD_FILE, open_tinydb_register

EVENTS = 100_000
ROUNDS = 5


def _fill(data_dir: Path) -> None:
    data_dir.mkdir(parents=True, exist_ok=True)
    log = AuditLog(JsonLinesFile(data_dir / AUDIT_FILE), ChainHeadFile(data_dir / HEAD_FILE))
    batch: list[AuditEvent] = []
    for n in range(EVENTS):
        batch.append(assessed_event(n))
        if len(batch) == 10_000:
            log.append(batch, sync=False)
            batch = []
    log.append(batch, sync=True)


async def _measure(data_dir: Path) -> tuple[list[float], list[float]]:
    reads, verifies = [], []
    for _ in range(ROUNDS):
        register = open_tinydb_register(data_dir, create=False)
        start = time.perf_counter()
        events = await register.audit()
        reads.append(time.perf_counter() - start)
        await register.close()
        assert len(events) == EVENTS

        register = open_tinydb_register(data_dir, create=False)
        start = time.perf_counter()
        [(_, result)] = await register.verify_chain()
        verifies.append(time.perf_counter() - start)
        await register.close()
        assert result.intact and result.events == EVENTS
    return reads, verifies


def run() -> list[str]:
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp) / "data"
        _fill(data_dir)
        reads, verifies = asyncio.run(_measure(data_dir))
    return [
        summary(f"read {EVENTS:,} audit events (baseline)", reads),
        summary(f"audit verify: chain of {EVENTS:,} events", verifies),
        f"verify / read: {ratio(statistics.median(verifies), statistics.median(reads))}",
    ]


if __name__ == "__main__":
    print("\n".join(run()))

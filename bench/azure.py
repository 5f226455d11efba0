"""The Azure Table backend on Azurite beside TinyDB, in the same run.

    record a block     add_block latency on a fresh register (median, p99)
    read for a digest  with 10,000 active blocks, a third of them due: due_blocks(day), what the digest
                       reads (Azure: a server-side filter on status and review_due), beside
                       active_blocks(), what it read before (every active block)
    throughput         blocks recorded per second by 1 and by 2 writer processes (2 instances)

Azurite runs locally and in memory, so its figures are the client, HTTP and service overhead
without network distance; a real storage account adds a few milliseconds per request. The 10,000
blocks are written in bulk (batches of 100 for Azure, one table write for TinyDB), not by add_block.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime, timedelta
from multiprocessing.synchronize import Barrier
from pathlib import Path
from typing import Any

from azure.data.tables.aio import TableClient

from bench.blocks import ACTOR, new_block, recorded, write_tinydb_blocks
from bench.stats import ratio, summary
from register.azure_table import block_entity, open_azure_table_register
from register.base import Register
from register.model import Block, NewBlock
from register.tinydb_store import open_tinydb_register
from tests.support.azurite import Azurite

SAMPLES = 200
DIGEST_SAMPLES = 20
DIGEST_BLOCKS = 10_000
# Review dates run over 90 days from 2026-12-01: on the 30th day a third of the blocks are due.
DUE_DAY = date(2026, 12, 30)
WRITES_PER_WRITER = 150

Opener = Callable[[], Awaitable[Register]]


def _new_block(number: int) -> NewBlock:
    return new_block(number, review_due=date(2026, 12, 1) + timedelta(days=number % 90))


def _block(number: int) -> Block:
    return recorded(_new_block(number), number)


async def _record_latency(register: Register) -> list[float]:
    samples = []
    for n in range(SAMPLES):
        start = time.perf_counter()
        await register.add_block(_new_block(n), ACTOR, datetime.now(UTC))
        samples.append(time.perf_counter() - start)
    return samples


async def _digest_latency(register: Register) -> tuple[list[float], list[float]]:
    """Seconds for each due_blocks(DUE_DAY) and each active_blocks(), interleaved."""
    due_samples, active_samples = [], []
    for _ in range(DIGEST_SAMPLES):
        start = time.perf_counter()
        due = await register.due_blocks(DUE_DAY)
        due_samples.append(time.perf_counter() - start)
        start = time.perf_counter()
        found = await register.active_blocks()
        active_samples.append(time.perf_counter() - start)
        assert len(found) == DIGEST_BLOCKS
        assert len(due) == sum(1 for block in found if block.review_due <= DUE_DAY)
    return due_samples, active_samples


def _fill_tinydb(data_dir: Path) -> None:
    write_tinydb_blocks(data_dir, (_block(n) for n in range(DIGEST_BLOCKS)))


async def _fill_azure(connection_string: str, prefix: str) -> None:
    register = await open_azure_table_register(connection_string=connection_string, table_prefix=prefix)
    try:
        async with TableClient.from_connection_string(connection_string, prefix + "blocks") as client:
            for first in range(0, DIGEST_BLOCKS, 100):
                batch: list[Any] = [
                    ("create", block_entity(_block(n))) for n in range(first, min(first + 100, DIGEST_BLOCKS))
                ]
                await client.submit_transaction(batch)
    finally:
        await register.close()


# Throughput: each writer is a process of its own, as an App Service instance is ---------------------


def _writer(store: str, where: str, offset: int, barrier: Barrier, results: Any) -> None:
    async def write() -> float:
        if store == "tinydb":
            register: Register = open_tinydb_register(Path(where))
        else:
            register = await open_azure_table_register(connection_string=where, table_prefix="throughput")
        try:
            await asyncio.to_thread(barrier.wait)
            for n in range(WRITES_PER_WRITER):
                await register.add_block(_new_block(offset + n), ACTOR, datetime.now(UTC))
            return time.perf_counter()
        finally:
            await register.close()

    results.put(asyncio.run(write()))


def _throughput(store: str, where: str, writers: int) -> float:
    """Blocks per second recorded by `writers` processes at once, from the start line to the last."""
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(writers + 1)
    results = context.Queue()
    processes = [
        context.Process(target=_writer, args=(store, where, w * 10_000, barrier, results))
        for w in range(writers)
    ]
    for process in processes:
        process.start()
    barrier.wait()
    started = time.perf_counter()
    ends: list[float] = [results.get(timeout=600) for _ in processes]
    for process in processes:
        process.join()
    return writers * WRITES_PER_WRITER / (max(ends) - started)


async def _measure_store(fresh: Opener, digest: Opener) -> dict[str, list[float]]:
    register = await fresh()
    try:
        record = await _record_latency(register)
    finally:
        await register.close()
    register = await digest()
    try:
        due, active = await _digest_latency(register)
    finally:
        await register.close()
    return {"record": record, "due": due, "active": active}


def run() -> list[str]:
    lines: list[str] = []
    with tempfile.TemporaryDirectory(prefix="socialdesk-bench-") as tmp, Azurite() as azurite:
        root = Path(tmp)
        conn = azurite.connection_string
        _fill_tinydb(root / "digest")
        asyncio.run(_fill_azure(conn, "digest"))

        async def tinydb_fresh() -> Register:
            return open_tinydb_register(root / "fresh")

        async def tinydb_digest() -> Register:
            return open_tinydb_register(root / "digest")

        async def azure_fresh() -> Register:
            return await open_azure_table_register(connection_string=conn, table_prefix="fresh")

        async def azure_digest() -> Register:
            return await open_azure_table_register(connection_string=conn, table_prefix="digest")

        tinydb = asyncio.run(_measure_store(tinydb_fresh, tinydb_digest))
        azure = asyncio.run(_measure_store(azure_fresh, azure_digest))
        for what, label in (
            ("record", "record a block"),
            ("due", f"read for the digest: due_blocks, {DIGEST_BLOCKS} active, a third due"),
            ("active", f"read for the digest as before: active_blocks, {DIGEST_BLOCKS} active"),
        ):
            lines.append(summary(f"{label}: azure-table on Azurite", azure[what]))
            lines.append(summary("  baseline: tinydb", tinydb[what]))
            medians = statistics.median(azure[what]), statistics.median(tinydb[what])
            lines.append(f"  azure / tinydb (medians): {ratio(*medians)}")
        for store, figures in (("azure-table", azure), ("tinydb", tinydb)):
            medians = statistics.median(figures["due"]), statistics.median(figures["active"])
            lines.append(f"due_blocks / active_blocks (medians), {store}: {ratio(*medians)}")
        for writers in (1, 2):
            tiny_rate = _throughput("tinydb", str(root / f"throughput-{writers}"), writers)
            azure_rate = _throughput("azure", conn, writers)
            lines.append(
                f"throughput, {writers} writer process(es) x {WRITES_PER_WRITER} blocks: "
                f"azure-table {azure_rate:.0f} blocks/s, tinydb {tiny_rate:.0f} blocks/s"
            )
    return lines

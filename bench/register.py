"""Register write latency: recording a block at 10k and 100k audit events, and with 10,000 blocks and
10,000 conversations stored (target: under 20 ms).

Beside each figure, in the same run: a bare fsync'd append of one line of the same size (the floor
for any durable write on this disk) and reading one block back. The log is filled directly through
the register's own JSON Lines writer with one fsync at the end, not 100k separate writes; the
conversations likewise through the register's conversation file.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from bench.blocks import ACTOR, assessed_event, new_block, recorded, write_tinydb_blocks
from bench.stats import peak_rss_mib, ratio, summary
from register.conversation_log import ConversationLog
from register.jsonl import JsonLinesFile, encode
from register.model import Subscription
from register.rows import event_row, subscription_row
from register.tinydb_store import AUDIT_FILE, CONVERSATIONS_FILE, open_tinydb_register

SAMPLES = 200
BLOCKS = 1_000
CHURN = 10_000  # blocks, and conversations, for the write with a full register
TARGET_MS = 20.0


def _populate(data_dir: Path, events: int) -> None:
    """BLOCKS active blocks and `events` audit events (mostly assessments), written in bulk."""
    write_tinydb_blocks(data_dir, (recorded(new_block(n), n) for n in range(BLOCKS)))

    log = JsonLinesFile(data_dir / AUDIT_FILE)
    batch = []
    for n in range(events):
        batch.append(event_row(assessed_event(n)))
        if len(batch) == 10_000:
            log.append(batch, sync=False)
            batch = []
    log.append(batch, sync=True)


def _bare_append_samples(path: Path, line: bytes) -> list[float]:
    samples = []
    for _ in range(SAMPLES):
        start = time.perf_counter()
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        os.write(fd, line)
        os.fsync(fd)
        os.close(fd)
        samples.append(time.perf_counter() - start)
    return samples


async def _measure(data_dir: Path, events: int) -> list[str]:
    register = open_tinydb_register(data_dir)
    try:
        add, read = [], []
        block = None
        for n in range(SAMPLES):
            start = time.perf_counter()
            block = await register.add_block(new_block(n), ACTOR, datetime.now(UTC))
            add.append(time.perf_counter() - start)
            start = time.perf_counter()
            await register.get_block(block.id)
            read.append(time.perf_counter() - start)
        assert block is not None
        created = await register.audit(block_id=block.id)
        line = encode(event_row(created[0]))
        bare = _bare_append_samples(data_dir / "bare.jsonl", line)

    finally:
        await register.close()

    # A freshly opened register indexes the log on its first query (once per process).
    reopened = open_tinydb_register(data_dir)
    try:
        start = time.perf_counter()
        await reopened.audit(account="@account7")
        first_query = time.perf_counter() - start
        start = time.perf_counter()
        history = await reopened.audit(account="@account7")
        warm_query = time.perf_counter() - start
    finally:
        await reopened.close()
    label = f"{events // 1000}k audit events, {BLOCKS} blocks"
    return [
        summary(f"add_block ({label})", add),
        summary(f"  baseline: bare fsync'd append of one {len(line)}-byte line", bare),
        summary("  baseline: get_block", read),
        f"  add_block / bare append (medians): {ratio(statistics.median(add), statistics.median(bare))}",
        f"  audit(account) first query, indexing the log: {first_query * 1000:.1f} ms; "
        f"then {warm_query * 1000:.2f} ms ({len(history)} events)",
    ]


def _reference(number: int) -> dict[str, object]:
    """A personal chat's reference, as the bot stores one for every conversation it hears from."""
    return {
        "bot": {"id": "28:socialdesk-bot", "name": "Social Desk"},
        "user": {"id": f"29:user-{number}", "name": "Someone", "aadObjectId": f"{number:08d}-aad"},
        "conversation": {"id": f"a:chat-{number:08d}", "conversationType": "personal", "tenantId": "t"},
        "channelId": "msteams",
        "locale": "en-GB",
        "serviceUrl": "https://smba.trafficmanager.net/uk/",
    }


def _populate_full(data_dir: Path) -> None:
    write_tinydb_blocks(data_dir, (recorded(new_block(n), n) for n in range(CHURN)))
    log = ConversationLog(JsonLinesFile(data_dir / CONVERSATIONS_FILE))
    log.put(
        subscription_row(Subscription(f"a:chat-{n:08d}", _reference(n), subscribed=False))
        for n in range(CHURN)
    )


async def _measure_full(data_dir: Path) -> list[str]:
    register = open_tinydb_register(data_dir)
    try:
        await register.subscriptions()  # the conversations are read once per process, as the bot does
        add, converse = [], []
        for n in range(SAMPLES):
            start = time.perf_counter()
            block = await register.add_block(new_block(CHURN + n), ACTOR, datetime.now(UTC))
            add.append(time.perf_counter() - start)
            number = CHURN + n
            start = time.perf_counter()
            await register.save_reference(f"a:chat-{number:08d}", _reference(number), subscribe=False)
            converse.append(time.perf_counter() - start)
        created = await register.audit(block_id=block.id)
        bare = _bare_append_samples(data_dir / "bare.jsonl", encode(event_row(created[0])))
    finally:
        await register.close()
    median = statistics.median(add)
    verdict = "within" if median * 1000 < TARGET_MS else "OVER"
    return [
        summary(f"add_block ({CHURN} blocks, {CHURN} conversations)", add),
        summary("  save_reference of a new conversation", converse),
        summary("  baseline: bare fsync'd append of one line", bare),
        f"  add_block / bare append (medians): {ratio(median, statistics.median(bare))}; "
        f"{verdict} the {TARGET_MS:.0f} ms target",
    ]


def _current_rss_mib() -> float:
    with open("/proc/self/statm") as statm:
        resident_pages = int(statm.read().split()[1])
    return resident_pages * os.sysconf("SC_PAGE_SIZE") / (1024 * 1024)


def run() -> list[str]:
    lines = []
    with tempfile.TemporaryDirectory(prefix="socialdesk-bench-") as tmp:
        for events in (10_000, 100_000):
            data_dir = Path(tmp) / f"events-{events}"
            _populate(data_dir, events)
            lines += asyncio.run(_measure(data_dir, events))
        full = Path(tmp) / "full"
        _populate_full(full)
        lines += asyncio.run(_measure_full(full))
    lines.append(f"resident memory: {_current_rss_mib():.1f} MiB now, {peak_rss_mib():.1f} MiB peak")
    return lines

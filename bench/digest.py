"""Building the daily review digest with 10,000 active blocks, beside reading the register alone.

    read the register   active_blocks() on a TinyDB register holding 10,000 active blocks (baseline)
    select and card     due_blocks() over them and the digest card for the day (pure part only)
    whole digest        both: what one digest run does before it sends (target: under 200 ms)

A third of the blocks are due or overdue on the bench day, so the card is full and "N more" is shown.
The blocks are written in one table write, not by 10,000 add_block calls.
"""

from __future__ import annotations

import asyncio
import statistics
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from bench.stats import ms, ratio, summary
from cards.digest import MAX_DIGEST_BLOCKS, digest_card
from policy.hours import next_monitored_day
from policy.pack import PolicyPack, default_pack
from register.file_lock import ProcessLock
from register.json_storage import AtomicJSONStorage
from register.model import Actor, Block
from register.rows import block_row
from register.tinydb_store import TABLES_FILE, open_tinydb_register
from reminders.due import due_blocks

BLOCKS = 10_000
SAMPLES = 30
TARGET_SECONDS = 0.200
DAY = date(2026, 12, 22)
DECIDED = datetime(2026, 1, 5, 10, tzinfo=UTC)
ACTOR = Actor("Bench Editor", "00000000-0000-4000-8000-0000000be4c4")


def _block(n: int) -> Block:
    return Block(
        id=f"{n:032x}",
        platform=("facebook", "x", "instagram", "tiktok", "linkedin")[n % 5],
        account=f"@account{n}",
        criteria=("threatening_abusive_insulting", "trolling_harassment"),
        rationale="Repeated threats towards staff after being advised of the complaints route. " * 3,
        evidence="You [NAME] will regret this, I know where [REDACTED] parks",
        link=f"https://facebook.example/post/{n}",
        decided_by=ACTOR,
        decided_at=DECIDED + timedelta(minutes=n),
        # Spread over ninety days either side of the bench day: a third due or overdue.
        review_due=DAY + timedelta(days=(n % 180) - 60),
        status="active",
        revision=f"{n:032x}",
    )


def _fill(data_dir: Path) -> None:
    data_dir.mkdir(parents=True)
    rows = {str(n + 1): block_row(_block(n)) for n in range(BLOCKS)}
    AtomicJSONStorage(data_dir / TABLES_FILE, ProcessLock(None)).write({"blocks": rows})


def build(blocks: list[Block], pack: PolicyPack) -> dict[str, object]:
    """What a digest run does between reading the register and sending: select, order, build the card."""
    due = [entry.block for entry in due_blocks(blocks, DAY)]
    shown = due[:MAX_DIGEST_BLOCKS]
    return digest_card(
        DAY,
        shown,
        pack,
        today=DAY,
        snooze_until=next_monitored_day(DAY, pack.hours),
        more=len(due) - len(shown),
    )


async def _measure(data_dir: Path) -> tuple[list[float], list[float], list[float]]:
    pack = default_pack()
    register = open_tinydb_register(data_dir)
    reads, builds, wholes = [], [], []
    try:
        for _ in range(SAMPLES):
            start = time.perf_counter()
            blocks = await register.active_blocks()
            read_done = time.perf_counter()
            card = build(blocks, pack)
            end = time.perf_counter()
            assert len(blocks) == BLOCKS and card["body"]
            reads.append(read_done - start)
            builds.append(end - read_done)
            wholes.append(end - start)
    finally:
        await register.close()
    return reads, builds, wholes


def run() -> list[str]:
    with tempfile.TemporaryDirectory(prefix="socialdesk-bench-digest-") as tmp:
        data_dir = Path(tmp) / "data"
        _fill(data_dir)
        reads, builds, wholes = asyncio.run(_measure(data_dir))
    whole = statistics.median(wholes)
    verdict = "within" if whole < TARGET_SECONDS else "OVER"
    return [
        f"read the register ({BLOCKS} active blocks, TinyDB): " + summary("", reads).lstrip(": "),
        "select due blocks and build the card: " + summary("", builds).lstrip(": "),
        "whole digest (read + select + card): " + summary("", wholes).lstrip(": "),
        f"whole digest vs reading alone: {ratio(whole, statistics.median(reads))}; "
        f"target {ms(TARGET_SECONDS)}: {verdict}",
    ]


if __name__ == "__main__":
    print("\n".join(run()))

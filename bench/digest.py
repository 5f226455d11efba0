"""Building the daily review digest with 10,000 active blocks, beside reading the register alone.

    first read          due_blocks(day) on a freshly opened register (`remind --once` from cron): the
                        file parsed and every row decoded. Every read cost about this before the
                        register remembered decoded blocks (baseline)
    read, warm          active_blocks() with the decoded blocks remembered (nothing changed)
    select and card     reminders.due over 10,000 active blocks and the digest card (pure part only)
    digest, old path    active_blocks() + select + card, as the digest run read before due_blocks
    digest              due_blocks(day) + select + card: what one digest run does before it sends
                        (target: under 200 ms)
    digest, changed     the same right after another register (another process, say) recorded a
                        block: the file is parsed again, only the new row decoded

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

from bench.blocks import ACTOR, write_tinydb_blocks
from bench.stats import ms, ratio, summary
from cards.digest import MAX_DIGEST_BLOCKS, digest_card
from policy.hours import next_monitored_day
from policy.pack import PolicyPack, default_pack
from register.model import Block, NewBlock
from register.tinydb_store import open_tinydb_register
from reminders.due import due_blocks

BLOCKS = 10_000
SAMPLES = 30
COLD_SAMPLES = 8
FIRST_SAMPLES = 5
TARGET_SECONDS = 0.200
DAY = date(2026, 12, 22)
DECIDED = datetime(2026, 1, 5, 10, tzinfo=UTC)


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
    write_tinydb_blocks(data_dir, (_block(n) for n in range(BLOCKS)))


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


async def _measure(data_dir: Path) -> dict[str, list[float]]:
    pack = default_pack()
    register = open_tinydb_register(data_dir)
    other = open_tinydb_register(data_dir)
    times: dict[str, list[float]] = {
        name: [] for name in ("first", "read", "build", "old", "new", "cold_read", "cold")
    }
    for _ in range(FIRST_SAMPLES):
        fresh = open_tinydb_register(data_dir)
        start = time.perf_counter()
        await fresh.due_blocks(DAY)
        times["first"].append(time.perf_counter() - start)
        await fresh.close()
    try:
        expected = [entry.block for entry in due_blocks(await register.active_blocks(), DAY)]
        for _ in range(SAMPLES):
            start = time.perf_counter()
            blocks = await register.active_blocks()
            read_done = time.perf_counter()
            card = build(blocks, pack)
            end = time.perf_counter()
            assert len(blocks) == BLOCKS and card["body"]
            times["read"].append(read_done - start)
            times["build"].append(end - read_done)
            times["old"].append(end - start)

            start = time.perf_counter()
            due = await register.due_blocks(DAY)
            card = build(due, pack)
            times["new"].append(time.perf_counter() - start)
            assert due == expected and card["body"]
        for n in range(COLD_SAMPLES):
            new = NewBlock("x", f"@later{n}", ("trolling_harassment",), "Bench rationale text", "", DAY)
            await other.add_block(new, ACTOR, datetime.now(UTC))
            start = time.perf_counter()
            due = await register.due_blocks(DAY)
            read_done = time.perf_counter()
            card = build(due, pack)
            times["cold_read"].append(read_done - start)
            times["cold"].append(time.perf_counter() - start)
            assert len(due) == len(expected) + n + 1 and card["body"]
    finally:
        await register.close()
        await other.close()
    return times


def run() -> list[str]:
    with tempfile.TemporaryDirectory(prefix="socialdesk-bench-digest-") as tmp:
        data_dir = Path(tmp) / "data"
        _fill(data_dir)
        times = asyncio.run(_measure(data_dir))
    medians = {name: statistics.median(samples) for name, samples in times.items()}
    verdict = "within" if medians["new"] < TARGET_SECONDS else "OVER"
    return [
        f"first read of a freshly opened register ({BLOCKS} active blocks, TinyDB; every row decoded, "
        "as every read was before): " + summary("", times["first"]).lstrip(": "),
        "read the register, warm (active_blocks, decoded blocks remembered): "
        + summary("", times["read"]).lstrip(": "),
        "select due blocks and build the card: " + summary("", times["build"]).lstrip(": "),
        "digest, old path (active_blocks + select + card): " + summary("", times["old"]).lstrip(": "),
        "digest (due_blocks + select + card): " + summary("", times["new"]).lstrip(": "),
        "digest, changed (just after another process recorded a block): "
        + summary("", times["cold"]).lstrip(": "),
        "  of which reading: " + summary("", times["cold_read"]).lstrip(": "),
        f"  digest vs first read (baseline): {ratio(medians['new'], medians['first'])}; "
        f"vs the old path: {ratio(medians['new'], medians['old'])}; target {ms(TARGET_SECONDS)}: {verdict}",
    ]


if __name__ == "__main__":
    print("\n".join(run()))

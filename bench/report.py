"""The monthly report on a register holding a year: 100,000 checks and 10,000 blocks, beside reading it.

    read the register   a freshly opened TinyDB register: audit() and all_blocks(), the whole
                        register (baseline)
    read one month      the same register: audit_since(the month's start) and all_blocks(), as the
                        report reads it
    month's figures     that read, then every figure for one month (what `report` in Teams does)
    report files        the figures, then report.html (five matplotlib charts) and figures.csv written
                        (what `socialdesk report` does; target: under 2 s)

The year: 100,000 checks spread over 2026 (a tenth with the team's verdict), 10,000 blocks recorded
from them, each kept once; about 130,000 audit events. The log is written in large appends, not by
100,000 add_assessment calls.
"""

from __future__ import annotations

import asyncio
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path

from bench.blocks import ACTOR
from bench.stats import ms, ratio, summary
from policy.pack import default_pack
from register import rules
from register.audit_log import AuditLog
from register.jsonl import JsonLinesFile
from register.model import Assessment, AuditEvent, Block
from register.rows import assessment_details
from register.tinydb_store import AUDIT_FILE, open_tinydb_register
from report.build import month_figures
from report.cli import write_report
from report.figures import Month

CHECKS = 100_000
BLOCKS = 10_000
SAMPLES = 5
TARGET_SECONDS = 2.0
START = datetime(2026, 1, 1, tzinfo=UTC)
NOW = datetime(2026, 12, 31, 12, tzinfo=UTC)
MONTH = Month(2026, 11)
ACTIONS = ("reply", "no_action", "signpost", "hide", "block", "escalate", "restrict")
CRITERIA = ("threatening_abusive_insulting", "trolling_harassment", "repetitive_unwanted")
PLATFORMS = ("facebook", "x", "instagram", "tiktok", "linkedin")


def _same(details: dict[str, object]) -> dict[str, object]:
    return dict(details)


def _year() -> tuple[list[AuditEvent], list[Block]]:
    events: list[AuditEvent] = []
    blocks: list[Block] = []
    step = (NOW - START) / CHECKS
    for n in range(CHECKS):
        at = START + step * n
        check_id = f"{n:010x}"
        check = Assessment(
            f"@account{n % 5000}",
            PLATFORMS[n % 5],
            at,
            "You [NAME] will regret this",
            ACTIONS[n % 7],
            CRITERIA[: n % 4],
            check_id=check_id,
            pack_version="2026.1",
        )
        events.append(
            rules.audit_event(
                "assessed",
                ACTOR,
                at,
                account=check.account,
                details=assessment_details(check),
                read_back=_same,
            )
        )
        if n % 10 == 0:
            details = {
                "check_id": check_id,
                "source": "not_right",
                "actions": ["hide"],
                "criteria": [],
                "note": None,
            }
            events.append(
                rules.audit_event(
                    "verdict", ACTOR, at, account=check.account, details=details, read_back=_same
                )
            )
        if n % 10 == 5:
            block = Block(
                id=f"{n:032x}",
                platform=PLATFORMS[n % 5],
                account=str(check.account),
                criteria=CRITERIA[:2],
                rationale="Repeated threats towards staff",
                evidence="You [NAME] will regret this",
                link=None,
                decided_by=ACTOR,
                decided_at=at + timedelta(hours=2),
                review_due=(at + timedelta(days=30)).date(),
                status="active",
                revision=f"{n:032x}",
                check_id=check_id,
            )
            blocks.append(block)
            events.append(rules.block_created(block, ACTOR, block.decided_at, read_back=_same))
            kept = rules.keep(ACTOR, at + timedelta(days=31), "still", (at + timedelta(days=90)).date())
            _, event = kept.apply(block, block.revision, read_back=_same)
            events.append(event)
    return events, blocks


def _write(data_dir: Path) -> int:
    from bench.blocks import write_tinydb_blocks

    events, blocks = _year()
    write_tinydb_blocks(data_dir, blocks)
    log = AuditLog(JsonLinesFile(data_dir / AUDIT_FILE))
    for start in range(0, len(events), 10_000):
        log.append(events[start : start + 10_000], sync=False)
    return len(events)


async def _measure(data_dir: Path, out: Path) -> dict[str, list[float]]:
    pack = default_pack()
    samples: dict[str, list[float]] = {"read": [], "month": [], "figures": [], "files": []}
    start = datetime.combine(MONTH.first, clock_time(0), tzinfo=pack.timezone)

    async def read() -> None:
        register = open_tinydb_register(data_dir, create=False)
        await register.audit()
        await register.all_blocks()
        await register.close()

    async def month() -> None:
        register = open_tinydb_register(data_dir, create=False)
        await register.audit_since(start)
        await register.all_blocks()
        await register.close()

    async def figures() -> None:
        register = open_tinydb_register(data_dir, create=False)
        await month_figures(register, MONTH, pack, NOW)
        await register.close()

    async def files() -> None:
        register = open_tinydb_register(data_dir, create=False)
        await write_report(register, MONTH, pack, NOW, out)
        await register.close()

    for _ in range(SAMPLES):
        for name, work in (("read", read), ("month", month), ("figures", figures), ("files", files)):
            began = time.perf_counter()
            await work()
            samples[name].append(time.perf_counter() - began)
    return samples


def run() -> list[str]:
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp) / "data"
        count = _write(data_dir)
        samples = asyncio.run(_measure(data_dir, Path(tmp) / "out"))
    read, month, figures, files = (
        statistics.median(samples[k]) for k in ("read", "month", "figures", "files")
    )
    verdict = "meets" if files < TARGET_SECONDS else "MISSES"
    return [
        f"register: {CHECKS:,} checks, {BLOCKS:,} blocks, {count:,} audit events; report for {MONTH.label}",
        summary("read the register (baseline)", samples["read"]),
        summary("read one month", samples["month"]) + f" ({ratio(month, read)} of the read)",
        summary("month's figures", samples["figures"]) + f" ({ratio(figures, read)} of the read)",
        summary("report files", samples["files"]) + f" ({ratio(files, read)} of the read)",
        f"target: report files under {ms(TARGET_SECONDS)}: {verdict}",
    ]


if __name__ == "__main__":
    print("\n".join(run()))

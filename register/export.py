"""`socialdesk export --csv DIR [--store STORE]`: the register and its audit log as CSV for governance.

Writes DIR/blocks.csv (every block, active or lifted), DIR/audit.csv (every audit event in the order
the log holds them, one field a column: `register.readable`), DIR/integrity.txt (the audit chain's
verdict and fingerprint, `register.integrity`, also printed) and, when the chain is intact,
DIR/checkpoint.json (each chain's place and hash as the export saw them, `register.checkpoint`: keep
it apart, and `socialdesk audit verify --checkpoint` later shows the log still holds what was
exported). Times are London time to the second.
Only what the register stores goes out: evidence and assessments are already redacted there, and
nothing else about a post is kept. Files are UTF-8 with a byte-order mark so that Excel shows names
correctly. Handles are written without their @, so that a spreadsheet neither runs them as formulas
nor shows an apostrophe; any other cell that a spreadsheet would run as a formula (starting with
= + - @) is written with a leading apostrophe unless `--raw`.
STORE is as for `socialdesk migrate`; by default, the register the settings choose.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import logging
import os
import sys
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path

from register import readable
from register.base import Register, RegisterError
from register.checkpoint import checkpoint_of, write_checkpoint
from register.factory import open_store, store_from_settings, store_from_spec
from register.integrity import Integrity, check_integrity
from register.model import AuditEvent, Block

log = logging.getLogger(__name__)

BLOCK_COLUMNS = (
    "id",
    "platform",
    "handle (without @)",
    "criteria",
    "status",
    "decided_by",
    "decided_by_aad_object_id",
    "decided_at (London)",
    "review_due",
    "last_review",
    "rationale",
    "evidence",
    "link",
)
AUDIT_COLUMNS = readable.COLUMNS
INTEGRITY_FILE = "integrity.txt"
CHECKPOINT_FILE = "checkpoint.json"
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def block_cells(block: Block) -> list[str]:
    return [
        block.id,
        block.platform,
        readable.handle(block.account),
        "; ".join(block.criteria),
        block.status,
        block.decided_by.name,
        block.decided_by.aad_object_id or "",
        readable.london_time(block.decided_at),
        block.review_due.isoformat(),
        block.last_review or "",
        block.rationale,
        block.evidence,
        block.link or "",
    ]


def audit_cells(events: Sequence[AuditEvent]) -> list[list[str]]:
    return [[row[column] for column in AUDIT_COLUMNS] for row in readable.rows(events)]


def spreadsheet_safe(cell: str) -> str:
    """Keep a spreadsheet from running the cell as a formula."""
    return f"'{cell}" if cell.startswith(_FORMULA_STARTS) else cell


def write_csv(path: Path, header: Sequence[str], rows: Iterable[list[str]], raw: bool) -> int:
    count = 0
    # Written beside and renamed into place, so a reader never sees half a file.
    partial = path.with_name(path.name + ".partial")
    with partial.open("w", newline="", encoding="utf-8-sig") as file:
        writer = csv.writer(file)
        writer.writerow(header)
        for row in rows:
            writer.writerow(row if raw else [spreadsheet_safe(cell) for cell in row])
            count += 1
    partial.replace(path)
    return count


def write_export(
    directory: Path,
    blocks: list[Block],
    events: list[AuditEvent],
    integrity: Integrity,
    raw: bool,
) -> tuple[int, int]:
    try:
        directory.mkdir(parents=True, exist_ok=True)
        block_count = write_csv(directory / "blocks.csv", BLOCK_COLUMNS, map(block_cells, blocks), raw)
        event_count = write_csv(directory / "audit.csv", AUDIT_COLUMNS, audit_cells(events), raw)
        (directory / INTEGRITY_FILE).write_text("\n".join(integrity.lines()) + "\n", encoding="utf-8")
        if integrity.intact:
            write_checkpoint(directory / CHECKPOINT_FILE, checkpoint_of(integrity, datetime.now(UTC)))
    except OSError as exc:
        raise RegisterError(f"cannot write the export to {directory}: {exc.strerror}") from exc
    return block_count, event_count


async def export_csv(register: Register, directory: Path, raw: bool = False) -> tuple[int, int, Integrity]:
    """Write blocks.csv, audit.csv, integrity.txt and (when the chain is intact) checkpoint.json into
    `directory` (created if missing); the two row counts and the chain's verdict."""
    events = await register.audit()
    blocks = await register.all_blocks()
    integrity = await check_integrity(register)
    counts = await asyncio.to_thread(write_export, directory, blocks, events, integrity, raw)
    return (*counts, integrity)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--csv", dest="directory", required=True, type=Path, metavar="DIR", help="where to write"
    )
    parser.add_argument(
        "--store", metavar="STORE", help="tinydb:PATH or azure-table[:URL]; default: the configured register"
    )
    parser.add_argument("--raw", action="store_true", help="no apostrophe before cells starting = + - @")


async def _export(store: str | None, directory: Path, raw: bool) -> tuple[int, int, Integrity]:
    values = os.environ
    choice = store_from_spec(store, values) if store else store_from_settings(values)
    register = await open_store(choice, values)
    try:
        return await export_csv(register, directory, raw)
    finally:
        await register.close()


def run(args: argparse.Namespace) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        blocks, events, integrity = asyncio.run(_export(args.store, args.directory, args.raw))
    except RegisterError as exc:
        print(f"socialdesk export: {exc}", file=sys.stderr)
        return 1
    print(f"wrote {blocks} blocks to {args.directory / 'blocks.csv'}")
    print(f"wrote {events} audit events to {args.directory / 'audit.csv'}")
    print(integrity.verdict())
    if integrity.intact:
        print(f"wrote the audit checkpoint to {args.directory / CHECKPOINT_FILE}: keep it apart")
    return 0

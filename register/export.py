"""`socialdesk export --csv DIR [--store STORE]`: the register and its audit log as CSV for governance.

Writes DIR/blocks.csv (every block, active or lifted) and DIR/audit.csv (every audit event, oldest
first, details as JSON). Only what the register stores goes out: evidence and assessments are
already redacted there, and nothing else about a post is kept. Files are UTF-8 with a byte-order mark
so that Excel shows names correctly; a cell that a spreadsheet would run as a formula (starting
with = + - @, such as every account handle) is written with a leading apostrophe unless `--raw`.
STORE is as for `socialdesk migrate`; by default, the register the settings choose.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import json
import logging
import os
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

from register.base import Register, RegisterError
from register.factory import open_store, store_from_settings, store_from_spec
from register.model import AuditEvent, Block

log = logging.getLogger(__name__)

BLOCK_COLUMNS = (
    "id",
    "platform",
    "account",
    "criteria",
    "status",
    "decided_by",
    "decided_by_aad_object_id",
    "decided_at",
    "review_due",
    "last_review",
    "rationale",
    "evidence",
    "link",
)
AUDIT_COLUMNS = ("id", "at", "kind", "actor", "actor_aad_object_id", "account", "block_id", "details")
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def block_cells(block: Block) -> list[str]:
    return [
        block.id,
        block.platform,
        block.account,
        "; ".join(block.criteria),
        block.status,
        block.decided_by.name,
        block.decided_by.aad_object_id or "",
        block.decided_at.isoformat(),
        block.review_due.isoformat(),
        block.last_review or "",
        block.rationale,
        block.evidence,
        block.link or "",
    ]


def event_cells(event: AuditEvent) -> list[str]:
    return [
        event.id,
        event.at.isoformat(),
        event.kind,
        event.actor.name,
        event.actor.aad_object_id or "",
        event.account or "",
        event.block_id or "",
        json.dumps(event.details, ensure_ascii=False, sort_keys=True),
    ]


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
    directory: Path, blocks: list[Block], events: list[AuditEvent], raw: bool
) -> tuple[int, int]:
    try:
        directory.mkdir(parents=True, exist_ok=True)
        block_count = write_csv(directory / "blocks.csv", BLOCK_COLUMNS, map(block_cells, blocks), raw)
        event_count = write_csv(directory / "audit.csv", AUDIT_COLUMNS, map(event_cells, events), raw)
    except OSError as exc:
        raise RegisterError(f"cannot write the export to {directory}: {exc.strerror}") from exc
    return block_count, event_count


async def export_csv(register: Register, directory: Path, raw: bool = False) -> tuple[int, int]:
    """Write blocks.csv and audit.csv into `directory` (created if missing); the two row counts."""
    events = await register.audit()
    blocks = await register.all_blocks()
    return await asyncio.to_thread(write_export, directory, blocks, events, raw)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--csv", dest="directory", required=True, type=Path, metavar="DIR", help="where to write"
    )
    parser.add_argument(
        "--store", metavar="STORE", help="tinydb:PATH or azure-table[:URL]; default: the configured register"
    )
    parser.add_argument("--raw", action="store_true", help="no apostrophe before cells starting = + - @")


async def _export(store: str | None, directory: Path, raw: bool) -> tuple[int, int]:
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
        blocks, events = asyncio.run(_export(args.store, args.directory, args.raw))
    except RegisterError as exc:
        print(f"socialdesk export: {exc}", file=sys.stderr)
        return 1
    print(f"wrote {blocks} blocks to {args.directory / 'blocks.csv'}")
    print(f"wrote {events} audit events to {args.directory / 'audit.csv'}")
    return 0

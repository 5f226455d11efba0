"""`socialdesk repair [--store STORE]`: rebuild a damaged register from its audit log, and report.

The audit log is the register's history (`register.rebuild` replays it). On TinyDB a tables or
conversations file that cannot be read is renamed to NAME.damaged-TIMESTAMP, never deleted, and
started again; on Azure Table Storage missing tables are created again (the audit table must be
there). Then every block and subscription the log describes that the register lacks is stored again,
with its ids, decisions and times; records still there are left as they are, and blocks that differ
from what the log says are counted (for example a change whose audit event was never written).
Running it again restores nothing twice.

STORE is as for `socialdesk migrate`; by default, the register the settings choose. Exit status: 0
repaired (or nothing to do), 1 the register could not be repaired, 2 bad arguments.
"""

from __future__ import annotations

import argparse
import logging
import os
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

from register.azure_table import AzureTableRegister
from register.base import RegisterError
from register.cli import print_report
from register.factory import open_store, store_from_settings, store_from_spec
from register.migrate import Tally
from register.model import Block
from register.rebuild import rebuild
from register.tinydb_store import TinyDBRegister, set_aside_damaged

log = logging.getLogger(__name__)


@dataclass
class RepairReport:
    events: int = 0
    set_aside: list[Path] = field(default_factory=list)
    blocks: Tally = field(default_factory=Tally)
    subscriptions: Tally = field(default_factory=Tally)
    blocks_differing: int = 0
    blocks_without_rationale: int = 0
    subscriptions_without_reference: int = 0

    def lines(self) -> list[str]:
        lines = [f"moved aside: {path}" for path in self.set_aside]
        lines.append(f"read {self.events} audit events")
        lines += [
            f"{name:<24} {tally.copied:>7} restored {tally.skipped:>7} already there"
            for name, tally in (("blocks", self.blocks), ("subscriptions", self.subscriptions))
        ]
        if self.blocks_differing:
            lines.append(
                f"{self.blocks_differing} block(s) in the register differ from what the audit log says: "
                "left as they are"
            )
        if self.blocks_without_rationale:
            lines.append(
                f"{self.blocks_without_rationale} restored block(s) were recorded before the audit log "
                "kept rationales, evidence and links: their rationale says so"
            )
        if self.subscriptions_without_reference:
            lines.append(
                f"{self.subscriptions_without_reference} subscription(s) could not be restored (the log "
                "has no conversation reference for them): they come back at the next message there"
            )
        return lines


def _same(stored: Block, rebuilt: Block) -> bool:
    return replace(stored, revision="") == rebuilt


async def repair_store(store: TinyDBRegister | AzureTableRegister, report: RepairReport) -> None:
    """Restore into `store` what its audit log describes."""
    events = await store.audit()
    if not events:
        raise RegisterError("the audit log is empty: there is nothing to rebuild the register from")
    report.events = len(events)
    rebuilt = rebuild(events)
    present = {block.id: block for block in await store.all_blocks()}
    for block in rebuilt.blocks.values():
        if block.id in present:
            report.blocks.count(False)
            report.blocks_differing += not _same(present[block.id], block)
            continue
        report.blocks.count(await store.import_block(block))
        report.blocks_without_rationale += block.id in rebuilt.blocks_without_rationale
    for conversation_id, subscription in rebuilt.subscriptions.items():
        if conversation_id in rebuilt.unreachable_subscriptions:
            report.subscriptions_without_reference += 1
            continue
        report.subscriptions.count(await store.import_subscription(subscription))


async def repair(spec: str | None) -> RepairReport:
    values = os.environ
    choice = store_from_spec(spec, values) if spec else store_from_settings(values)
    print(f"repairing {choice.describe()}")
    report = RepairReport()
    if choice.kind == "tinydb" and choice.data_dir is not None:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        report.set_aside = set_aside_damaged(choice.data_dir, stamp)
    store = await open_store(choice, values, repair=True)
    try:
        await repair_store(store, report)
    finally:
        await store.close()
    log.info(
        "repair restored %d blocks and %d subscriptions from %d audit events",
        report.blocks.copied,
        report.subscriptions.copied,
        report.events,
    )
    return report


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--store",
        metavar="STORE",
        help="the register to repair (tinydb:PATH, azure-table, azure-table:URL or CONNECTION_STRING); "
        "by default the one the settings choose",
    )


def run(args: argparse.Namespace) -> int:
    return print_report("repair", repair(args.store))

"""Copying a register from one backend to another, idempotently (`socialdesk migrate`).

Everything is read through the public `Register` interface of the source, so any backend can be a
source. The target must also offer the import methods of `Importer`, which store records as they are
(ids, who decided and when, status, review dates, event times) instead of making new ones. Both
backends (TinyDB and Azure Table) are importers, so a register can go either way, or from one TinyDB
directory to another.

Running a copy again copies nothing twice: blocks and subscriptions are keyed by their ids, and
audit events already in the target (by id) are skipped before anything is written. Assessments and
advice are audit events ("assessed", "advised") in both backends, so they travel with the log.
Digest claims are not copied: they only matter on the day they were made.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from register.base import Register, RegisterError
from register.model import AuditEvent, Block, Subscription

log = logging.getLogger(__name__)


@runtime_checkable
class Importer(Protocol):
    async def import_block(self, block: Block) -> bool: ...
    async def import_event(self, event: AuditEvent, position: int) -> bool: ...
    async def import_subscription(self, subscription: Subscription) -> bool: ...


@dataclass
class Tally:
    copied: int = 0
    skipped: int = 0

    def count(self, copied: bool) -> None:
        if copied:
            self.copied += 1
        else:
            self.skipped += 1


@dataclass
class MigrationReport:
    """How many of each kind of record were copied, and how many were already in the target."""

    blocks: Tally = field(default_factory=Tally)
    audit_events: Tally = field(default_factory=Tally)
    assessments: Tally = field(default_factory=Tally)
    advice: Tally = field(default_factory=Tally)
    subscriptions: Tally = field(default_factory=Tally)

    def lines(self) -> list[str]:
        rows = [
            ("blocks", self.blocks),
            ("audit events", self.audit_events),
            ("  of which assessments", self.assessments),
            ("  of which advice", self.advice),
            ("subscriptions", self.subscriptions),
        ]
        return [
            f"{name:<24} {tally.copied:>7} copied {tally.skipped:>7} already there" for name, tally in rows
        ]


async def migrate(source: Register, target: Register) -> MigrationReport:
    """Copy every block, audit event and subscription from `source` into `target`."""
    if not isinstance(target, Importer):
        raise RegisterError(
            f"{type(target).__name__} cannot be a migration target yet (it has no import methods)"
        )
    report = MigrationReport()
    events = await source.audit()

    for block in await source.all_blocks():
        report.blocks.count(await target.import_block(block))

    already = {event.id for event in await target.audit()}
    for position, event in enumerate(events):
        copied = event.id not in already and await target.import_event(event, position)
        report.audit_events.count(copied)
        if event.kind == "assessed":
            report.assessments.count(copied)
        elif event.kind == "advised":
            report.advice.count(copied)

    for subscription in await source.subscriptions():
        report.subscriptions.count(await target.import_subscription(subscription))

    log.info(
        "migrated %d blocks, %d audit events, %d subscriptions (%d, %d, %d already there)",
        report.blocks.copied,
        report.audit_events.copied,
        report.subscriptions.copied,
        report.blocks.skipped,
        report.audit_events.skipped,
        report.subscriptions.skipped,
    )
    return report

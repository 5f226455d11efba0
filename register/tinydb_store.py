"""The embedded register: TinyDB tables for blocks and digest claims, JSON Lines for the rest.

On disk, in the data directory:
    register.json        TinyDB tables, replaced atomically on each write (register.json_storage)
    audit.jsonl          audit events and account history, append-only (register.jsonl), hash-chained
    audit.head           the audit chain's head: the last event's place and hash (register.chain_head)
    conversations.jsonl  subscriptions and conversation references (register.conversation_log)
    register.lock        held with flock around every operation (register.file_lock)

The audit log and the conversations are kept out of TinyDB because TinyDB rewrites its whole file on
every write: with 100k events, recording one block would mean rewriting megabytes, and so would every
new conversation. A register from before `conversations.jsonl` has its subscriptions moved there when
it is opened. Every operation holds the lock and
re-reads what it needs, so the bot and a `remind --once` job can share a directory. The blocking file
work runs in a worker thread, off the event loop.

Decoded blocks are remembered (`register.block_cache`) against the tables' version: the lock file's
change count, which every writer in any process moves before it writes, with the file's identity,
size and time. A read under the lock that finds the same version uses them as they are; a write made
here updates them in place of decoding the whole table again.

A block recorded with a request id gets an id derived from it (`register.ids`); under the lock, a
second add with the same request id finds that block and returns it, writing nothing.

It can also be the target of `socialdesk migrate` (the `register.migrate.Importer` methods): imported
blocks, events and subscriptions keep their ids and times, and are appended in the order given.

A change to a block is written to the tables first and its audit event second, and the block's row
carries that event (`register.rules`): if the process dies in between, or the append fails, the event
is appended by a retry of the same form or change, by the next change to the block, or by the next
start (`complete_audit`, which `register.factory` runs when `socialdesk serve` opens the register),
each under the lock and only if the log does not hold it yet. A retried Keep, Lift or Snooze whose
first try was written is answered with the block as it now is, not refused as someone else's change.

`open_tinydb_register(None)` gives the same register held in memory, for tests.

What is accepted and what a change does are `register.rules`', the same on every backend; this module
stores and reads.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, ParamSpec, TypeVar, cast

import orjson
from tinydb import TinyDB, where
from tinydb.queries import QueryInstance
from tinydb.table import Table

from register import rules
from register.atomic_file import remove_stale_temp_files
from register.audit_log import AuditLog
from register.base import DIGEST_LEASE, NotFound, RegisterError
from register.block_cache import BlockSnapshot
from register.chain import ChainResult
from register.chain_head import ChainHeadFile
from register.conversation_log import ConversationLog
from register.file_lock import ProcessLock
from register.ids import new_id
from register.json_storage import AtomicJSONStorage
from register.jsonl import JsonLinesFile, JsonLinesMemory, encode
from register.memory_storage import CountingMemoryStorage
from register.model import Actor, Assessment, AuditEvent, Block, DigestClaim, NewBlock, Subscription
from register.rows import (
    CARRIED_EVENT,
    assessment_details,
    assessment_from,
    block_from,
    block_row,
    carried_event,
    claim_from,
    claim_row,
    event_row,
    subscription_from,
    subscription_row,
    time_text,
)

log = logging.getLogger(__name__)

TABLES_FILE = "register.json"
AUDIT_FILE = "audit.jsonl"
HEAD_FILE = "audit.head"
CONVERSATIONS_FILE = "conversations.jsonl"
LOCK_FILE = "register.lock"

_P = ParamSpec("_P")
_R = TypeVar("_R")


def open_tinydb_register(data_dir: Path | None, *, create: bool = True) -> TinyDBRegister:
    """The register kept in `data_dir`, or in memory when `data_dir` is None.

    With `create` a missing register is started there (the directory and an empty tables file);
    without it, a directory holding no register is refused with `RegisterError` naming it.
    """
    return TinyDBRegister(data_dir, create=create)


def _require_register(data_dir: Path) -> None:
    """Refuse a directory without a register: a command started in the wrong folder must say where it
    looked, not report an empty register (or leave a new one behind)."""
    if not any((data_dir / name).is_file() for name in (TABLES_FILE, AUDIT_FILE)):
        raise RegisterError(
            f"there is no register in {data_dir.resolve()} (no {TABLES_FILE} or {AUDIT_FILE}). Only "
            "`socialdesk serve` starts a new register: run this where the bot keeps its data, or name "
            "that directory (SOCIALDESK_DATA, or tinydb:PATH)."
        )


def require_audit_log(data_dir: Path) -> None:
    """Refuse to repair a directory without an audit log: there is nothing to rebuild from."""
    if not (data_dir / AUDIT_FILE).is_file():
        raise RegisterError(
            f"there is no audit log in {data_dir.resolve()} ({AUDIT_FILE}), so there is nothing to rebuild "
            "the register from: name the directory where the bot keeps its data (SOCIALDESK_DATA, or "
            "tinydb:PATH), or restore the register from a backup."
        )


def set_aside_damaged(data_dir: Path, stamp: str) -> list[Path]:
    """For `socialdesk repair`: rename the tables or conversations file that cannot be read to
    NAME.damaged-`stamp` (never deleted), so that the register opens and can be rebuilt from its audit
    log. Returns where they went."""
    require_audit_log(data_dir)
    lock = ProcessLock(data_dir / LOCK_FILE)
    checks: list[tuple[str, Callable[[Path], object]]] = [
        (TABLES_FILE, lambda path: AtomicJSONStorage(path, lock).read()),
        (CONVERSATIONS_FILE, lambda path: ConversationLog(JsonLinesFile(path)).all()),
    ]
    moved = []
    try:
        with lock.hold():
            for name, check in checks:
                path = data_dir / name
                try:
                    check(path)
                except RegisterError:
                    aside = path.with_name(f"{name}.damaged-{stamp}")
                    path.rename(aside)
                    moved.append(aside)
                    log.warning("moved the unreadable %s aside to %s", path, aside.name)
    finally:
        lock.close()
    return moved


def _claim_key(conversation_id: str, day: date) -> QueryInstance:
    """The query for one conversation's claim on one day."""
    key: QueryInstance = (where("conversation_id") == conversation_id) & (where("day") == day.isoformat())
    return key


def _as_logged(details: dict[str, Any]) -> dict[str, Any]:
    """Audit details as the JSON Lines log will give them back (`register.rules.ReadBack`)."""
    logged: dict[str, Any] = orjson.loads(encode(details))
    return logged


class TinyDBRegister:
    """`register.base.Register` on TinyDB and a JSON Lines audit log (see the module docstring)."""

    def __init__(self, data_dir: Path | None, *, create: bool = True) -> None:
        self._file_storage: AtomicJSONStorage | None = None
        self._blocks: BlockSnapshot | None = None
        if data_dir is None:
            self.location = "memory"
            self._db = TinyDB(storage=CountingMemoryStorage)
            self._storage: AtomicJSONStorage | CountingMemoryStorage = cast(
                CountingMemoryStorage, self._db.storage
            )
            self._lock = ProcessLock(None)
            self._audit = AuditLog(JsonLinesMemory())
            self._conversations = ConversationLog(JsonLinesMemory("in-memory conversations"))
            return
        self.location = str(data_dir)
        if create:
            try:
                data_dir.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise RegisterError(f"cannot create the data directory {data_dir}: {exc.strerror}") from exc
        else:
            _require_register(data_dir)
        self._lock = ProcessLock(data_dir / LOCK_FILE)
        self._db = TinyDB(data_dir / TABLES_FILE, self._lock, storage=AtomicJSONStorage)
        # TinyDB builds the storage itself from the class; keep a typed handle on it.
        self._file_storage = cast(AtomicJSONStorage, self._db.storage)
        self._storage = self._file_storage
        self._audit = AuditLog(JsonLinesFile(data_dir / AUDIT_FILE), ChainHeadFile(data_dir / HEAD_FILE))
        self._conversations = ConversationLog(JsonLinesFile(data_dir / CONVERSATIONS_FILE))
        try:
            with self._locked():
                remove_stale_temp_files(data_dir / TABLES_FILE)
                remove_stale_temp_files(data_dir / CONVERSATIONS_FILE)
                # Refuse to start over a damaged file now, not at the first block someone records.
                tables = self._db.storage.read()
                if tables is None:
                    # A new register: its tables file says so to the commands that need one to exist.
                    self._db.storage.write({})
                elif "subscriptions" in tables:
                    self._move_conversations_out(tables)
        except BaseException:
            self._lock.close()
            raise
        log.info("register opened in %s", data_dir)

    def _move_conversations_out(self, tables: dict[str, dict[str, Any]]) -> None:
        """A register from before conversations had their own file: copy its subscriptions there, then
        drop them from the tables (in that order, so a crash in between only copies them again)."""
        rows = list(tables["subscriptions"].values())
        self._conversations.put(rows)
        self._db.storage.write({name: table for name, table in tables.items() if name != "subscriptions"})
        log.info("moved %d conversation(s) out of %s into %s", len(rows), TABLES_FILE, CONVERSATIONS_FILE)

    # Plumbing --------------------------------------------------------------------------------

    async def _run(self, fn: Callable[_P, _R], *args: _P.args, **kwargs: _P.kwargs) -> _R:
        return await asyncio.to_thread(fn, *args, **kwargs)

    @contextmanager
    def _locked(self, shared: bool = False) -> Iterator[None]:
        with self._lock.hold(shared):
            try:
                yield
            except BaseException:
                # TinyDB may have changed the remembered tables in place before failing.
                if self._file_storage is not None:
                    self._file_storage.forget()
                raise

    def _table(self, name: str) -> Table:
        # A fresh Table each time: TinyDB's Table caches query results and the next document id,
        # both of which go stale when another process writes the file.
        return Table(self._db.storage, name, cache_size=0)

    def _insert_block(self, row: dict[str, Any]) -> None:
        """Add a block row as TinyDB's `Table.insert` would (the next document id), without its
        passes over the whole table: at 10,000 blocks they cost more than writing the file."""
        tables = self._storage.read() or {}
        blocks = tables.setdefault("blocks", {})
        count = len(blocks)
        # Blocks are never removed, so their ids run 1..count; anything else is searched for.
        contiguous = count == 0 or (str(count) in blocks and str(count + 1) not in blocks)
        blocks[str(count + 1 if contiguous else max(map(int, blocks)) + 1)] = row
        self._storage.write(tables)

    @property
    def _source(self) -> str:
        return self._file_storage.path.name if self._file_storage is not None else "memory"

    def _snapshot(self) -> BlockSnapshot:
        """Every block as the tables hold them now, decoded only if they changed; hold the lock."""
        version = self._storage.version()
        cached = self._blocks
        if cached is not None and cached.version == version:
            return cached
        rows = (self._storage.read() or {}).get("blocks", {}).values()
        source = self._source
        if cached is None:
            snapshot = BlockSnapshot(version, (block_from(row, source) for row in rows))
        else:
            snapshot = cached.refreshed(version, rows, lambda row: block_from(row, source))
        self._blocks = snapshot
        return snapshot

    def _stored(self, block_id: str) -> Block | None:
        """The block with this id, or None; hold the lock. Decodes only that row unless remembered."""
        cached = self._blocks
        if cached is not None and cached.version == self._storage.version():
            return cached.by_id.get(block_id)
        for row in (self._storage.read() or {}).get("blocks", {}).values():
            if row.get("id") == block_id:
                return block_from(row, self._source)
        return None

    def _wrote(self, before: object, block: Block | None = None) -> None:
        """After writing `block` (or no block: a claim, a subscription) over tables at version
        `before`, holding the lock throughout: keep the remembered blocks current."""
        cached = self._blocks
        if cached is None or cached.version != before:
            return
        if block is None:
            cached.version = self._storage.version()  # the same blocks, and their sorted lists, still hold
        else:
            self._blocks = cached.with_block(block, self._storage.version())

    # Blocks ----------------------------------------------------------------------------------

    async def add_block(self, new: NewBlock, actor: Actor, at: datetime) -> Block:
        return await self._run(self._add_block, new, actor, at)

    def _add_block(self, new: NewBlock, actor: Actor, at: datetime) -> Block:
        block = rules.new_block(new, actor, at, revision=new_id())
        event = rules.block_created(block, actor, at, read_back=_as_logged)
        row = block_row(block) | {CARRIED_EVENT: event_row(event)}
        recorded = block_from(row, self._source)
        with self._locked():
            if new.request_id is not None and (earlier := self._stored(block.id)) is not None:
                log.info("block %s was already recorded for this request", block.id)
                # The first try may have died before its audit event: complete it now.
                stored = self._table("blocks").get(where("id") == block.id)
                if stored is not None:
                    self._complete(earlier, carried_event(stored, self._source))
                return earlier
            before = self._storage.version()
            self._insert_block(row)
            self._wrote(before, recorded)
            self._audit.append([event])
        log.info("block %s recorded by %s", block.id, actor.aad_object_id or actor.name)
        return recorded

    async def get_block(self, block_id: str) -> Block:
        return await self._run(self._get_block, block_id)

    def _get_block(self, block_id: str) -> Block:
        with self._locked(shared=True):
            block = self._stored(block_id)
        if block is None:
            raise NotFound(f"no block with id {block_id}")
        return block

    async def active_blocks(self) -> list[Block]:
        """Active blocks, earliest review first."""
        return await self._run(self._listed, BlockSnapshot.active)

    async def due_blocks(self, on: date) -> list[Block]:
        """Active blocks due on or before `on`, most overdue first (then by account and id)."""
        return await self._run(self._listed, lambda snapshot: snapshot.due_on(on))

    async def all_blocks(self) -> list[Block]:
        """Every block, active or lifted, oldest decision first (for migration and export)."""
        return await self._run(self._listed, BlockSnapshot.all)

    async def blocks_for(self, account: str) -> list[Block]:
        """Every block on the account, active or lifted, oldest decision first."""
        wanted = rules.account(account)
        blocks = await self._run(self._listed, BlockSnapshot.all)
        return [block for block in blocks if block.account == wanted]

    def _listed(self, listing: Callable[[BlockSnapshot], list[Block]]) -> list[Block]:
        # Sorting happens under the lock too, so that two threads do not sort one snapshot twice.
        with self._locked(shared=True):
            return listing(self._snapshot())

    async def keep_block(
        self, block_id: str, revision: str, actor: Actor, at: datetime, reason: str, next_review: date
    ) -> Block:
        change = rules.keep(actor, at, reason, next_review)
        return await self._run(self._change, block_id, revision, change)

    async def lift_block(
        self, block_id: str, revision: str, actor: Actor, at: datetime, reason: str
    ) -> Block:
        change = rules.lift(actor, at, reason)
        return await self._run(self._change, block_id, revision, change)

    async def snooze_block(
        self, block_id: str, revision: str, actor: Actor, at: datetime, until: date
    ) -> Block:
        change = rules.snooze(actor, at, until)
        return await self._run(self._change, block_id, revision, change)

    def _change(self, block_id: str, revision: str, change: rules.BlockChange) -> Block:
        with self._locked():
            blocks = self._table("blocks")
            row = blocks.get(where("id") == block_id)
            if row is None:
                raise NotFound(f"no block with id {block_id}")
            current = block_from(row, self._source)
            carried = carried_event(row, self._source)
            # The block's last event first, so that this change cannot replace it unlogged.
            self._complete(current, carried)
            if current.revision != revision and change.done_already(revision, carried):
                log.info("block %s: this %s was already made", block_id, change.kind)
                return current
            changed, event = change.apply(current, revision, read_back=_as_logged)
            changed = replace(changed, revision=new_id())
            before = self._storage.version()
            blocks.update(block_row(changed) | {CARRIED_EVENT: event_row(event)}, doc_ids=[row.doc_id])
            self._wrote(before, changed)
            self._audit.append([event])
        log.info("block %s: %s by %s", block_id, change.kind, change.actor.aad_object_id or change.actor.name)
        return changed

    # The audit events blocks carry -----------------------------------------------------------

    def _complete(self, block: Block, carried: AuditEvent | None, rebuild_creation: bool = False) -> int:
        """Append what the log lacks for the block (`rules.missing_events`); hold the lock."""
        logged = self._audit.events(block_id=block.id)
        missing = rules.missing_events(
            block, carried, logged, read_back=_as_logged, rebuild_creation=rebuild_creation
        )
        if missing:
            log.warning("block %s: appending %d audit event(s) its last write left", block.id, len(missing))
            self._audit.append(missing)
        return len(missing)

    def _complete_all(self, rebuild_creation: bool) -> int:
        """Complete every block's audit events; hold the lock. Returns how many were appended."""
        appended = 0
        source = self._source
        for row in (self._storage.read() or {}).get("blocks", {}).values():
            block = block_from(row, source)
            appended += self._complete(block, carried_event(row, source), rebuild_creation)
        return appended

    async def complete_audit(self, *, rebuild_creation: bool = False) -> int:
        """Append every audit event a block carries that the log lacks (and with `rebuild_creation`, a
        rebuilt `block_created` for a block that has none); how many were appended."""
        return await self._run(self._complete_audit, rebuild_creation)

    def _complete_audit(self, rebuild_creation: bool) -> int:
        with self._locked():
            return self._complete_all(rebuild_creation)

    # Account history -------------------------------------------------------------------------

    async def add_assessment(self, assessment: Assessment, actor: Actor) -> None:
        event = rules.audit_event(
            "assessed",
            actor,
            assessment.at,
            account=rules.account(assessment.account) if assessment.account else None,
            details=assessment_details(assessment),
            read_back=_as_logged,
        )
        await self._run(self._append, event)

    async def add_advice(self, account: str, actor: Actor, at: datetime, note: str | None = None) -> None:
        details = rules.advice_details(note)
        event = rules.audit_event(
            "advised", actor, at, account=rules.account(account), details=details, read_back=_as_logged
        )
        await self._run(self._append, event)

    def _append(self, event: AuditEvent) -> None:
        with self._locked():
            self._audit.append([event])

    async def assessments_for(self, account: str, since: datetime | None = None) -> list[Assessment]:
        """The account's assessments, oldest first; with `since`, only those at or after it."""
        events = await self._run(self._events, rules.account(account), None, ("assessed",))
        found = [assessment_from(event, self._audit.name) for event in events]
        if since is not None:
            time_text(since)
            found = [assessment for assessment in found if assessment.at >= since]
        return found

    async def advice_for(self, account: str) -> list[datetime]:
        events = await self._run(self._events, rules.account(account), None, ("advised",))
        return [event.at for event in events]

    # Audit log -------------------------------------------------------------------------------

    async def audit(self, account: str | None = None, block_id: str | None = None) -> list[AuditEvent]:
        wanted = rules.account(account) if account is not None else None
        return await self._run(self._events, wanted, block_id, None)

    async def audit_since(self, since: datetime) -> list[AuditEvent]:
        time_text(since)  # refuses a time without a zone, as everywhere else
        return await self._run(self._events_since, since)

    def _events_since(self, since: datetime) -> list[AuditEvent]:
        with self._locked(shared=True):
            return self._audit.events_since(since)

    async def verify_chain(self, marks: Mapping[str, int] | None = None) -> list[tuple[str, ChainResult]]:
        """The audit chain recomputed from the log on disk (one chain, named "": the whole log)."""
        return [("", await self._run(self._verify_chain, (marks or {}).get("")))]

    def _verify_chain(self, mark: int | None) -> ChainResult:
        with self._locked(shared=True):
            return self._audit.verify(mark)

    def _events(
        self, account: str | None, block_id: str | None, kinds: tuple[str, ...] | None
    ) -> list[AuditEvent]:
        with self._locked(shared=True):
            return self._audit.events(account, block_id, kinds)

    async def append_audit(
        self,
        kind: str,
        actor: Actor,
        at: datetime,
        account: str | None = None,
        block_id: str | None = None,
        details: dict[str, Any] | None = None,
    ) -> AuditEvent:
        account = rules.account(account) if account else None
        event = rules.audit_event(
            kind, actor, at, account=account, block_id=block_id, details=details, read_back=_as_logged
        )
        await self._run(self._append, event)
        return event

    # Subscriptions and the daily digest claim ------------------------------------------------

    async def save_subscription(self, subscription: Subscription, actor: Actor | None = None) -> None:
        """Add or replace the conversation's subscription; a change of state is audited with `actor`
        (the editor who asked), or as Social Desk itself when no one did."""
        chosen = actor if actor is not None else rules.SYSTEM_ACTOR
        await self._run(self._save_subscription, subscription, chosen, datetime.now(UTC))

    def _save_subscription(self, subscription: Subscription, actor: Actor, at: datetime) -> None:
        row = subscription_row(subscription)
        with self._locked():
            before_row = self._conversations.get(subscription.conversation_id)
            before = (
                subscription_from(before_row, self._conversations.name) if before_row is not None else None
            )
            self._conversations.put([row])
            event = rules.subscription_event(before, subscription, actor, at, read_back=_as_logged)
            if event is not None:
                self._audit.append([event])

    async def save_reference(
        self, conversation_id: str, reference: dict[str, Any], *, subscribe: bool
    ) -> None:
        """Add the conversation (subscribed when `subscribe`), or give a stored one this reference;
        decided under the lock, so one writer at a time."""
        new = Subscription(conversation_id=conversation_id, reference=reference, subscribed=subscribe)
        await self._run(self._save_reference, new, datetime.now(UTC))

    def _save_reference(self, new: Subscription, at: datetime) -> None:
        with self._locked():
            stored = self._conversations.get(new.conversation_id)
            if stored is not None:
                self._conversations.put([{**stored, "reference": subscription_row(new)["reference"]}])
                return
            self._conversations.put([subscription_row(new)])
            event = rules.subscription_event(None, new, rules.SYSTEM_ACTOR, at, read_back=_as_logged)
            if event is not None:
                self._audit.append([event])

    async def subscriptions(self) -> list[Subscription]:
        """Every stored subscription (subscribed or not, gone or not), by conversation id."""
        rows = await self._run(self._conversation_rows)
        found = [subscription_from(row, self._conversations.name) for row in rows]
        return sorted(found, key=lambda s: s.conversation_id)

    async def get_subscription(self, conversation_id: str) -> Subscription | None:
        row = await self._run(self._conversation_row, conversation_id)
        return subscription_from(row, self._conversations.name) if row is not None else None

    def _conversation_rows(self) -> list[dict[str, Any]]:
        with self._locked(shared=True):
            return self._conversations.all()

    def _conversation_row(self, conversation_id: str) -> dict[str, Any] | None:
        with self._locked(shared=True):
            return self._conversations.get(conversation_id)

    async def claim_digest(
        self, conversation_id: str, day: date, claimant: str, lease: timedelta = DIGEST_LEASE
    ) -> bool:
        """Claim the day's digest for `lease` (`register.rules.may_claim`), read and written under the
        lock, so one caller at a time gets True."""
        return await self._run(self._claim_digest, conversation_id, day, claimant, lease)

    def _claim_digest(self, conversation_id: str, day: date, claimant: str, lease: timedelta) -> bool:
        key = _claim_key(conversation_id, day)
        with self._locked():
            now = datetime.now(UTC)
            table = self._table("digest_claims")
            row = table.get(key)
            existing = claim_from(row, self._source) if row is not None else None
            if not rules.may_claim(existing, claimant, now):
                return False
            claim = rules.new_claim(claimant, now, lease)
            version = self._storage.version()
            table.upsert({"conversation_id": conversation_id, "day": day.isoformat()} | claim_row(claim), key)
            self._wrote(version)
        taken = (
            ""
            if existing is None
            else f" (taken from {'itself' if existing.claimant == claimant else 'a lapsed claim'})"
        )
        log.info("digest for %s on %s claimed by %s%s", conversation_id, day, claimant, taken)
        return True

    async def settle_digest(self, conversation_id: str, day: date, claimant: str) -> None:
        """Mark the day's claim settled, under the lock; nobody may take it after this."""
        await self._run(self._settle_digest, conversation_id, day, claimant)

    def _settle_digest(self, conversation_id: str, day: date, claimant: str) -> None:
        key = _claim_key(conversation_id, day)
        with self._locked():
            version = self._storage.version()
            fields = {"conversation_id": conversation_id, "day": day.isoformat(), "claimant": claimant}
            self._table("digest_claims").upsert(fields | {"settled": True}, key)
            self._wrote(version)
        log.info("digest for %s on %s settled by %s", conversation_id, day, claimant)

    async def release_digest(self, conversation_id: str, day: date, claimant: str) -> None:
        """Remove the day's claim if `claimant` holds it unsettled; checked and removed under the lock."""
        await self._run(self._release_digest, conversation_id, day, claimant)

    def _release_digest(self, conversation_id: str, day: date, claimant: str) -> None:
        with self._locked():
            table = self._table("digest_claims")
            row = table.get(_claim_key(conversation_id, day))
            claim = claim_from(row, self._source) if row is not None else None
            if row is None or claim is None or claim.claimant != claimant or claim.settled:
                # Someone else's claim, a settled one, or none: nothing is written.
                log.info("digest for %s on %s: no claim by %s to release", conversation_id, day, claimant)
                return
            version = self._storage.version()
            table.remove(doc_ids=[row.doc_id])
            self._wrote(version)
        log.info("digest claim for %s on %s released by %s", conversation_id, day, claimant)

    async def digest_claim(self, conversation_id: str, day: date) -> DigestClaim | None:
        """The day's claim for the conversation as stored, or None."""
        return await self._run(self._digest_claim, conversation_id, day)

    def _digest_claim(self, conversation_id: str, day: date) -> DigestClaim | None:
        with self._locked(shared=True):
            row = self._table("digest_claims").get(_claim_key(conversation_id, day))
        return None if row is None else claim_from(row, self._source)

    async def digest_claimant(self, conversation_id: str, day: date) -> str | None:
        """Who holds the day's claim for the conversation now, or None."""
        claim = await self.digest_claim(conversation_id, day)
        return claim.claimant if claim is not None and claim.held(datetime.now(UTC)) else None

    # Copying a register in (socialdesk migrate) ----------------------------------------------

    async def import_block(self, block: Block) -> bool:
        """Store a block from another register as it is (id, decisions, status, review date), with a
        revision of this register's own; False if a block with its id is already here."""
        time_text(block.decided_at)
        return await self._run(self._import_block, replace(block, revision=new_id()))

    def _import_block(self, block: Block) -> bool:
        row = block_row(block)
        with self._locked():
            if self._stored(block.id) is not None:
                return False
            before = self._storage.version()
            self._insert_block(row)
            self._wrote(before, block_from(row, self._source))
        return True

    async def import_event(self, event: AuditEvent, position: int) -> bool:
        """Append an audit event from another register, keeping its id and time; False if an event
        with its id is already in the log. Events are appended in the order they are given, so
        `position` (its place in the source log) is not needed here."""
        rules.audit_kind(event.kind)
        time_text(event.at)
        return await self._run(self._import_event, event)

    def _import_event(self, event: AuditEvent) -> bool:
        with self._locked():
            if self._audit.contains(event.id):
                return False
            self._audit.append([event])
        return True

    async def import_subscription(self, subscription: Subscription) -> bool:
        """Store a subscription from another register unless this one already has the conversation
        (its audit events come across with the audit log)."""
        return await self._run(self._import_subscription, subscription)

    def _import_subscription(self, subscription: Subscription) -> bool:
        with self._locked():
            if self._conversations.get(subscription.conversation_id) is not None:
                return False
            self._conversations.put([subscription_row(subscription)])
        return True

    async def close(self) -> None:
        await self._run(self._close)

    def _close(self) -> None:
        self._lock.close()
        self._db.close()

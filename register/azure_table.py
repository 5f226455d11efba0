"""The shared register on Azure Table Storage (or Cosmos DB for Table), via azure-data-tables' aio client.

For a Social Desk running on more than one instance. Four tables, each name starting with a prefix so
that deployment slots (and tests) can share one storage account:

    {prefix}blocks         PartitionKey "block", RowKey = block id. The entity's ETag is the block's
                           revision: Keep, Lift and Snooze are conditional replaces (If-Match), so of
                           two instances acting on one revision the second gets 412 and `Conflict`.
                           `status` and `review_due` (an ISO date, which sorts as text) are plain
                           properties, so the blocks due for review are one filtered query. A block
                           recorded with a request id has an id derived from it: the second insert of
                           the same request gets 409, and the block already there is returned.
    {prefix}audit          PartitionKey = the account ("-" for events about no account), RowKey = when
                           it was appended (nanoseconds, zero-padded) and the event id, so rows read back
                           in the order they were appended, as the TinyDB log does, even when an event's
                           own time is earlier. Assessments and advice are audit events ("assessed",
                           "advised"): an account's history is one partition query. Event rows are only
                           ever inserted. Instances' clocks order their appends, so events a few
                           milliseconds apart on two instances may read back either way round.
                           Each partition is one hash chain (`register.chain`): an event row holds its
                           place in its partition's chain and the hash before it (`chain_seq`,
                           `chain_prev`, `chain_hash`), and the partition's head row (RowKey "~chain")
                           the last place and hash. An append is one entity group transaction: insert
                           the event row and replace the head conditional on its ETag (or insert it),
                           so the two land together or not at all, and of two appenders to one account
                           the second gets 412, reads the head again and chains after the first.
    {prefix}subscriptions  PartitionKey "subscription", RowKey = conversation id.
    {prefix}digestclaims   PartitionKey = conversation id, RowKey = the day. A claim is a lease: an
                           insert, which the service refuses (409) for everyone but the first caller;
                           a claim that is the caller's own or whose lease ran out is taken by a
                           replace conditional on its ETag. Sending settles it (a merge); a claim whose
                           digest could not be sent is released by a delete conditional on its ETag.

Tables have no transactions across tables, so, as in the TinyDB backend, a block change is written
first and its audit event second, and the block entity carries that event and the RowKey it will have
(`event`, `event_sequence`; see `register.rules`). Appending it is then an insert of a row fixed in
advance: the service refuses a second copy (409), so every writer may try and exactly one row results.
The writer tries a few times; a retry of the same form or change, the next change to the block, every
start (`complete_audit`, run by `register.factory` when `socialdesk serve` opens the register) and
`socialdesk audit verify` complete whatever is still missing. A
Keep, Lift or Snooze whose write landed but whose reply was lost is retried by the SDK and refused
(412): the block then carries this very change's event, so the editor is answered with the block as
it now is, not told that someone else acted first.

Why a chain per partition and not one head for the whole log: a transaction cannot span partitions,
so one global head could not be written together with an event in an account's partition (a crash in
between would look like tampering), and every append on every instance would queue on that one row.
Per account, contention is rare (two people acting on one account at once), and the atomic pair
means a chain is never half-written. What it cannot see is an account's partition deleted whole,
head and all: the fingerprint over every head, which `socialdesk audit verify` prints and exports
state, is what a later check compares against.

Long texts are split over several properties (a property holds at most 64 KiB). Post text never
reaches the log; failures of the service or of the credential become `RegisterError` with a message
fit for a user. What is accepted and what a change does are `register.rules`', the same on every
backend; this module stores and reads.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import time
import weakref
from collections.abc import AsyncIterator, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from azure.core import MatchConditions
from azure.core.credentials_async import AsyncTokenCredential
from azure.core.exceptions import (
    ClientAuthenticationError,
    HttpResponseError,
    ResourceExistsError,
    ResourceModifiedError,
    ResourceNotFoundError,
    ServiceRequestError,
    ServiceResponseError,
)
from azure.data.tables import TableEntity, TableTransactionError, UpdateMode
from azure.data.tables.aio import TableClient, TableServiceClient
from tenacity import AsyncRetrying, retry_if_exception_type, stop_after_attempt, wait_exponential

from register import chain, rules
from register.base import DIGEST_LEASE, Conflict, NotFound, RegisterError, RegisterUnavailable
from register.chain import ChainResult, Head
from register.model import (
    Actor,
    Assessment,
    AuditEvent,
    Block,
    DigestClaim,
    NewBlock,
    Subscription,
    due_order,
)
from register.rows import (
    assessment_details,
    assessment_from,
    block_from,
    claim_from,
    claim_row,
    damaged,
    event_from,
    event_row,
    subscription_from,
    time_text,
)
from register.table_transport import DeadlinePassed, RegisterTransport
from register.window import referred_by

log = logging.getLogger(__name__)

TABLES = ("blocks", "audit", "subscriptions", "digestclaims")
DEFAULT_PREFIX = "socialdesk"
# Seconds; the SDK's own defaults (300 each) would hold a Teams turn far past its 15 s.
DEFAULT_CONNECT_TIMEOUT = 3.0
DEFAULT_READ_TIMEOUT = 5.0
BLOCK_PARTITION = "block"
SUBSCRIPTION_PARTITION = "subscription"
NO_ACCOUNT_PARTITION = "-"  # accounts are normalised to start with "@", so this is nobody's

# The RowKey of a partition's chain head in the audit table: "~" sorts after every event's digits.
CHAIN_HEAD_ROW = "~chain"
# Keys (block ids, partitions) joined with "or" in one audit query: short of the service's limit of
# 15 comparisons in a filter, with the time bound beside them.
_KEYS_A_QUERY = 12
# How often an append chains again after another appender to the same account took its place. An
# instance appends to one partition one event at a time, so the others are other instances only.
CHAIN_ATTEMPTS = 20
# How often a writer tries to append a block's audit event before leaving it to the next try or start.
AUDIT_WRITE_ATTEMPTS = 3
BLOCK_EVENT_KINDS = ("block_created", "block_kept", "block_lifted", "block_snoozed")

# A string property holds 64 KiB of UTF-16; 15,000 characters fit even if every one is an emoji.
_TEXT_CHUNK = 15_000
# Characters a PartitionKey or RowKey may not hold (and "%", which escapes them).
_KEY_UNSAFE = re.compile(r"[/\\#?%\x00-\x1f\x7f-\x9f]")
_PREFIX_RULE = re.compile(r"[A-Za-z][A-Za-z0-9]{0,49}")


def _escape_key(value: str) -> str:
    return _KEY_UNSAFE.sub(lambda m: "".join(f"%{b:02X}" for b in m.group().encode()), value)


def _json_default(value: object) -> str:
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} cannot be stored in the register")


def _encode(value: object) -> str:
    return json.dumps(value, default=_json_default, allow_nan=False, ensure_ascii=False)


def _as_stored(details: dict[str, Any]) -> dict[str, Any]:
    """Audit details as a later read of the table will give them back (`register.rules.ReadBack`)."""
    stored: dict[str, Any] = json.loads(_encode(details))
    return stored


def audit_row_key(sequence: int, event_id: str) -> str:
    """Fixed-width order of appending first, so that row keys sort as the log was written."""
    return f"{sequence:020d}_{_escape_key(event_id)}"


def _put_text(entity: dict[str, Any], name: str, text: str | None) -> None:
    if text is None:
        return
    chunks = [text[i : i + _TEXT_CHUNK] for i in range(0, len(text), _TEXT_CHUNK)] or [""]
    entity[name] = chunks[0]
    for number, chunk in enumerate(chunks[1:], start=1):
        entity[f"{name}_{number}"] = chunk


def _get_text(entity: Mapping[str, Any], name: str) -> str | None:
    if name not in entity:
        return None
    parts = [str(entity[name])]
    number = 1
    while f"{name}_{number}" in entity:
        parts.append(str(entity[f"{name}_{number}"]))
        number += 1
    return "".join(parts)


def _is_part_of(name: str, text: str) -> bool:
    """Whether property `name` holds a part of the long text `text` (see `_put_text`)."""
    return name == text or (name.startswith(f"{text}_") and name[len(text) + 1 :].isdigit())


def _put(entity: dict[str, Any], name: str, value: str | None) -> None:
    if value is not None:
        entity[name] = value


def _etag(metadata: Mapping[str, Any]) -> str:
    etag = metadata.get("etag")
    if not isinstance(etag, str) or not etag:
        raise RegisterError("the table service did not return a revision (ETag) for a block")
    return etag


def _answered_by(error: HttpResponseError, endpoint: str) -> bool:
    """Whether the failed response came from the table service (and not, say, a token endpoint)."""
    request = getattr(error.response, "request", None)
    url = getattr(request, "url", None)
    if url is None:
        return True
    return urlsplit(str(url)).netloc == urlsplit(endpoint).netloc


def _refused(endpoint: str, doing: str) -> str:
    return (
        f"the register at {endpoint} did not accept Social Desk's credentials while {doing}: check "
        "the managed identity (or connection string) and its Storage Table Data Contributor role"
    )


# Entities and records ------------------------------------------------------------------------------


def block_entity(block: Block) -> dict[str, Any]:
    """The block as a table entity; its revision is not stored, it is the entity's ETag."""
    entity: dict[str, Any] = {
        "PartitionKey": BLOCK_PARTITION,
        "RowKey": _escape_key(block.id),
        "id": block.id,
        "platform": block.platform,
        "account": block.account,
        "criteria": _encode(list(block.criteria)),
        "decided_by_name": block.decided_by.name,
        "decided_at": time_text(block.decided_at),
        "review_due": block.review_due.isoformat(),
        "status": block.status,
    }
    _put(entity, "decided_by_aad", block.decided_by.aad_object_id)
    _put(entity, "link", block.link)
    _put(entity, "check_id", block.check_id)
    _put_text(entity, "rationale", block.rationale)
    _put_text(entity, "evidence", block.evidence)
    _put_text(entity, "last_review", block.last_review)
    return entity


def block_from_entity(entity: TableEntity, source: str) -> Block:
    with damaged("a block", source, (KeyError, ValueError)):
        row = {
            "id": entity["id"],
            "platform": entity["platform"],
            "account": entity["account"],
            "criteria": json.loads(entity["criteria"]),
            "rationale": _get_text(entity, "rationale"),
            "evidence": _get_text(entity, "evidence"),
            "link": entity.get("link"),
            "decided_by": {"name": entity["decided_by_name"], "aad_object_id": entity.get("decided_by_aad")},
            "decided_at": entity["decided_at"],
            "review_due": entity["review_due"],
            "status": entity["status"],
            "revision": _etag(entity.metadata),
            "last_review": _get_text(entity, "last_review"),
            "check_id": entity.get("check_id"),
        }
    return block_from(row, source)


def event_entity(event: AuditEvent, sequence: int) -> dict[str, Any]:
    entity: dict[str, Any] = {
        "PartitionKey": _escape_key(event.account) if event.account else NO_ACCOUNT_PARTITION,
        "RowKey": audit_row_key(sequence, event.id),
        "id": event.id,
        "at": time_text(event.at),
        "kind": event.kind,
        "actor_name": event.actor.name,
    }
    _put(entity, "actor_aad", event.actor.aad_object_id)
    _put(entity, "account", event.account)
    _put(entity, "block_id", event.block_id)
    _put_text(entity, "details", _encode(event.details))
    return entity


def event_from_entity(entity: Mapping[str, Any], source: str) -> AuditEvent:
    with damaged("an audit event", source, (KeyError, ValueError)):
        row = {
            "id": entity["id"],
            "at": entity["at"],
            "kind": entity["kind"],
            "actor": {"name": entity["actor_name"], "aad_object_id": entity.get("actor_aad")},
            "account": entity.get("account"),
            "block_id": entity.get("block_id"),
            "details": json.loads(_get_text(entity, "details") or "{}"),
        }
    return event_from(row, source)


def chained_entity(event: AuditEvent, sequence: int, tip: Head) -> tuple[dict[str, Any], Head]:
    """The event's row chained after `tip`, and the tip after it."""
    entity = event_entity(event, sequence)
    # The RowKey is hashed too: it is the event's place in the time line that `audit` reads back.
    row = chain.sealed(event_row(event) | {"row": entity["RowKey"]}, tip)
    entity |= {"chain_seq": str(row["seq"]), "chain_prev": row["prev"], "chain_hash": row["hash"]}
    return entity, Head(row["seq"], row["hash"])


def chain_row(entity: Mapping[str, Any], source: str) -> dict[str, Any]:
    """The row an event entity's hash covers (`register.chain`), with its chain fields if it has them.
    An entity too damaged to read as an event is hashed as it is, so that it fails the check."""
    try:
        row = event_row(event_from_entity(entity, source)) | {"row": entity["RowKey"]}
    except RegisterError:
        row = {name: value for name, value in entity.items() if not name.startswith("chain_")}
    if "chain_hash" in entity:
        try:
            seq: object = int(entity["chain_seq"])
        except (KeyError, TypeError, ValueError):
            seq = entity.get("chain_seq")
        row |= {"seq": seq, "prev": entity.get("chain_prev"), "hash": entity["chain_hash"]}
    return row


def chain_order(entity: Mapping[str, Any]) -> tuple[int, int, str]:
    """Events from before the chain first (in the order appended), then by place in the chain."""
    try:
        return (1, int(entity["chain_seq"]), str(entity["RowKey"]))
    except (KeyError, TypeError, ValueError):
        return (0, 0, str(entity["RowKey"]))


def head_from_entity(entity: Mapping[str, Any]) -> Head:
    try:
        return Head(int(entity["seq"]), str(entity["hash"]))
    except (KeyError, TypeError, ValueError) as exc:
        raise RegisterError(
            f"the audit chain head of partition {entity.get('PartitionKey')} is damaged"
        ) from exc


def carrying(entity: dict[str, Any], event: AuditEvent, sequence: int) -> dict[str, Any]:
    """The block entity carrying the audit event of this write and the sequence of its audit row."""
    _put_text(entity, "event", _encode(event_row(event)))
    entity["event_sequence"] = str(sequence)
    return entity


def carried_from_entity(entity: Mapping[str, Any], source: str) -> tuple[AuditEvent, int] | None:
    """The audit event a block entity carries and its row's sequence, or None (none carried)."""
    text = _get_text(entity, "event")
    if text is None:
        return None
    with damaged("a block's audit event", source, (KeyError, ValueError)):
        sequence = int(entity["event_sequence"])
        return event_from(json.loads(text), source), sequence


def creation_sequence(block: Block) -> int:
    """The audit row sequence of a rebuilt `block_created`: the decision's own time, so that it sorts
    where it happened and every instance rebuilding it writes the same row."""
    return int(block.decided_at.timestamp()) * 1_000_000_000 + block.decided_at.microsecond * 1_000


def subscription_entity(subscription: Subscription) -> dict[str, Any]:
    entity: dict[str, Any] = {
        "PartitionKey": SUBSCRIPTION_PARTITION,
        "RowKey": _escape_key(subscription.conversation_id),
        "conversation_id": subscription.conversation_id,
        "subscribed": subscription.subscribed,
        "gone": subscription.gone,
    }
    _put(entity, "gone_reason", subscription.gone_reason)
    _put_text(entity, "reference", _encode(subscription.reference))
    return entity


def subscription_from_entity(entity: Mapping[str, Any], source: str) -> Subscription:
    with damaged("a subscription", source, (KeyError, ValueError)):
        row = {
            "conversation_id": entity["conversation_id"],
            "reference": json.loads(_get_text(entity, "reference") or "null"),
            "subscribed": entity["subscribed"],
            "gone": entity["gone"],
            "gone_reason": entity.get("gone_reason"),
        }
    return subscription_from(row, source)


class _Sequence:
    """Increasing numbers for this process, close to the wall clock in nanoseconds: events appended in
    the same instant keep their order, and instances interleave roughly as they appended."""

    def __init__(self) -> None:
        self._last = 0

    def next(self) -> int:
        self._last = max(self._last + 1, time.time_ns())
        return self._last


# The register ---------------------------------------------------------------------------------------


async def open_azure_table_register(
    *,
    account_url: str | None = None,
    credential: AsyncTokenCredential | None = None,
    connection_string: str | None = None,
    table_prefix: str = DEFAULT_PREFIX,
    connection_verify: bool | str = True,
    retry_total: int = 3,
    connect_timeout: float = DEFAULT_CONNECT_TIMEOUT,
    read_timeout: float = DEFAULT_READ_TIMEOUT,
    close_credential: bool = False,
    create: bool = True,
    repair: bool = False,
) -> AzureTableRegister:
    """Connect, create the tables if they are missing, and return the register.

    Without `create`, missing tables are not created: the register is refused with `RegisterError`
    naming the endpoint and the tables (a command pointed at the wrong account or prefix). With
    `repair` (`socialdesk repair`), the audit table must be there and the others are created.

    Give either `account_url` (https://ACCOUNT.table.core.windows.net) with a `credential` from
    `register.credentials`, or a `connection_string` (development and Azurite only). `table_prefix`
    (letters and digits) starts every table name. `connection_verify` may name a CA bundle for an
    endpoint with a private certificate. Each attempt at a request may take `connect_timeout` seconds
    to connect and `read_timeout` to answer (and no longer than a caller's `register.deadline`), and
    is tried `retry_total` more times. With `close_credential` the register closes the credential
    when it is closed.
    """
    if not _PREFIX_RULE.fullmatch(table_prefix):
        raise RegisterError("the table prefix must be a letter followed by up to 49 letters or digits")
    transport = RegisterTransport(
        connection_timeout=connect_timeout, read_timeout=read_timeout, connection_verify=connection_verify
    )
    options: dict[str, Any] = {"transport": transport, "retry_total": retry_total}
    if connection_string is not None:
        if account_url is not None:
            raise RegisterError("give a table account URL or a connection string, not both")
        try:
            service = TableServiceClient.from_connection_string(connection_string, **options)
        except ValueError:
            # The message could quote the string, which holds the account key.
            raise RegisterError("the table connection string is not valid") from None
    elif account_url is not None:
        if credential is None:
            raise RegisterError("a table account URL needs a credential (see register.credentials)")
        service = TableServiceClient(endpoint=account_url, credential=credential, **options)
    else:
        raise RegisterError("set a table account URL or a connection string")
    register = AzureTableRegister(service, table_prefix, credential if close_credential else None)
    transport.recreate_missing([table_prefix + name for name in TABLES], register.recreate_table)
    try:
        if repair:
            await register.require_tables(("audit",))
        if create or repair:
            await register.create_tables()
        else:
            await register.require_tables(TABLES)
    except BaseException:
        await register.close()
        raise
    return register


class AzureTableRegister:
    """`register.base.Register` on Azure Table Storage (see the module docstring)."""

    def __init__(
        self,
        service: TableServiceClient,
        table_prefix: str,
        owned_credential: AsyncTokenCredential | None = None,
    ) -> None:
        self._service = service
        self._prefix = table_prefix
        self._owned_credential = owned_credential
        # Safe to show: the endpoint never carries the key or a token.
        self.location = f"{service.url.rstrip('/')} (tables {table_prefix}*)"
        self._tables = {name: service.get_table_client(table_prefix + name) for name in TABLES}
        self._sequence = _Sequence()
        # Each partition's chain head as this instance last wrote or read it: (ETag, head).
        self._heads: dict[str, tuple[str | None, Head]] = {}
        # One append at a time per partition within this instance: appends of one instance racing
        # each other for the head would make each wait for all the others (30 at once ran out of
        # attempts under load). Weak values: a lock goes once nobody holds or waits for it.
        self._chain_locks: weakref.WeakValueDictionary[str, asyncio.Lock] = weakref.WeakValueDictionary()

    # Plumbing --------------------------------------------------------------------------------

    @contextmanager
    def _service_errors(self, doing: str) -> Iterator[None]:
        """Turn the service's and the credential's failures into a message a user can act on."""
        endpoint = self._service.url
        try:
            yield
        except ClientAuthenticationError as exc:
            log.warning("table service refused the credential while %s: %s", doing, type(exc).__name__)
            raise RegisterError(_refused(endpoint, doing)) from None
        except (ServiceRequestError, ServiceResponseError, DeadlinePassed) as exc:
            log.warning("table service unreachable while %s: %s", doing, type(exc).__name__)
            raise RegisterUnavailable(f"cannot reach the register at {endpoint} while {doing}") from None
        except HttpResponseError as exc:
            log.warning("table service answered %s while %s", exc.status_code, doing)
            if exc.status_code in (401, 403) or not _answered_by(exc, endpoint):
                # Refused by the table service, or the identity endpoint failed to give a token.
                raise RegisterError(_refused(endpoint, doing)) from None
            raise RegisterError(
                f"the register at {endpoint} answered {exc.status_code} ({exc.reason}) while {doing}"
            ) from None

    def _table(self, name: str) -> TableClient:
        return self._tables[name]

    async def create_tables(self) -> None:
        with self._service_errors("creating its tables"):
            for name in TABLES:
                with suppress(ResourceExistsError):
                    await self._service.create_table(self._prefix + name)

    async def recreate_table(self, name: str) -> None:
        """Create a table of this register's that has gone (see `register.table_transport`)."""
        with suppress(ResourceExistsError):  # another instance was first
            await self._service.create_table(name)
        log.warning(
            "the table %s was missing and has been created again; if it held records, "
            "`socialdesk repair` rebuilds them from the audit log",
            name,
        )

    async def require_tables(self, names: Sequence[str]) -> None:
        """Refuse a register without the tables `names`: damaged when only its audit log is left
        (repair rebuilds it), not there at all otherwise."""
        with self._service_errors("looking for its tables"):
            found = {table.name async for table in self._service.list_tables()}
        missing = [self._prefix + name for name in names if self._prefix + name not in found]
        if missing and self._prefix + "audit" in found:
            raise RegisterError(
                f"the register at {self._service.url} is damaged: the tables {', '.join(missing)} are "
                "missing. Run `socialdesk repair` to rebuild them from the audit log."
            )
        if missing:
            raise RegisterError(
                f"there is no register at {self._service.url}: the tables {', '.join(missing)} do not "
                "exist. Only `socialdesk serve` starts a new register: check the account and "
                "SOCIALDESK_TABLE_PREFIX."
            )

    async def _query(
        self, table: str, query_filter: str | None, parameters: dict[str, Any] | None = None
    ) -> AsyncIterator[TableEntity]:
        client = self._table(table)
        if query_filter is None:
            pages = client.list_entities()
        else:
            pages = client.query_entities(query_filter, parameters=parameters)
        async for entity in pages:
            yield entity

    async def _entities(
        self,
        table: str,
        doing: str,
        query_filter: str | None = None,
        parameters: dict[str, Any] | None = None,
    ) -> list[TableEntity]:
        with self._service_errors(doing):
            return [entity async for entity in self._query(table, query_filter, parameters)]

    async def _append(self, event: AuditEvent) -> None:
        await self._insert_event(event, self._sequence.next())

    async def _insert_event(self, event: AuditEvent, sequence: int, attempts: int = 1) -> bool:
        """Append an audit row, chained in its partition; False if it was there already. Insert only:
        the audit log has no update or delete path. The RowKey holds the event id, so a row already
        there is this same event, written by an earlier try whose reply was lost. A lost request or
        reply is tried again `attempts` times in all."""
        retrying = AsyncRetrying(
            stop=stop_after_attempt(attempts),
            wait=wait_exponential(multiplier=0.1, max=1.0),
            retry=retry_if_exception_type((ServiceRequestError, ServiceResponseError)),
            reraise=True,
        )
        with self._service_errors("writing the audit log"):
            async for attempt in retrying:
                with attempt:
                    return await self._chain_in(event, sequence)
        return True  # not reached: the last attempt returns or raises

    async def _chain_in(self, event: AuditEvent, sequence: int) -> bool:
        """Insert the event row and move its partition's head on, in one transaction."""
        partition = _escape_key(event.account) if event.account else NO_ACCOUNT_PARTITION
        lock = self._chain_locks.get(partition)
        if lock is None:
            lock = self._chain_locks[partition] = asyncio.Lock()
        async with lock:
            return await self._chain_in_partition(event, sequence, partition)

    async def _chain_in_partition(self, event: AuditEvent, sequence: int, partition: str) -> bool:
        table = self._table("audit")
        for _attempt in range(CHAIN_ATTEMPTS):
            etag, tip = self._heads.get(partition) or await self._read_head(partition)
            entity, after = chained_entity(event, sequence, tip)
            head = {
                "PartitionKey": partition,
                "RowKey": CHAIN_HEAD_ROW,
                "seq": str(after.seq),
                "hash": after.hash,
            }
            move_head: tuple[Any, ...] = (
                ("create", head)
                if etag is None
                else (
                    "update",
                    head,
                    {
                        "mode": UpdateMode.REPLACE,
                        "etag": etag,
                        "match_condition": MatchConditions.IfNotModified,
                    },
                )
            )
            try:
                results = await table.submit_transaction([("create", entity), move_head])
            except TableTransactionError as exc:
                self._heads.pop(partition, None)
                if exc.status_code not in (409, 412):
                    raise
                if await self._row_exists(partition, entity["RowKey"]):
                    return False  # this event is logged already
                continue  # another appender moved the head first: chain after it
            self._heads[partition] = (results[1].get("etag"), after)
            return True
        raise RegisterError("the audit log kept changing while an event was appended; try again")

    async def _row_exists(self, partition: str, row_key: str) -> bool:
        try:
            await self._table("audit").get_entity(partition, row_key, select=["RowKey"])
        except ResourceNotFoundError:
            return False
        return True

    async def _read_head(self, partition: str) -> tuple[str | None, Head]:
        """The partition's head and its ETag; for a partition without one (new, or from before the
        chain), the tip its rows give, to be sealed by a head inserted with the next event."""
        try:
            stored = await self._table("audit").get_entity(partition, CHAIN_HEAD_ROW)
        except ResourceNotFoundError:
            return None, await self._tip_of_rows(partition)
        try:
            return _etag(stored.metadata), head_from_entity(stored)
        except RegisterError as exc:
            log.error("%s; chaining on from the partition's events", exc)
            return _etag(stored.metadata), await self._tip_of_rows(partition)

    async def _tip_of_rows(self, partition: str) -> Head:
        """The chain's tip as the partition's event rows give it (legacy rows sealed as they are)."""
        query = self._table("audit").query_entities("PartitionKey eq @pk", parameters={"pk": partition})
        rows = [entity async for entity in query if entity["RowKey"] != CHAIN_HEAD_ROW]
        if any("chain_hash" in entity for entity in rows):
            log.error(
                "an audit partition's chain head is missing or damaged; `socialdesk audit verify` reports it"
            )
        tip = Head(0, chain.GENESIS)
        for entity in sorted(rows, key=chain_order):
            tip = chain.advance(tip, chain_row(entity, self.location))
        return tip

    async def verify_chain(self, marks: Mapping[str, int] | None = None) -> list[tuple[str, ChainResult]]:
        """Every partition's chain recomputed from its rows, against its head; named by account."""
        entities = await self._entities("audit", "verifying the audit log")
        rows: dict[str, list[TableEntity]] = {}
        heads: dict[str, Head | RegisterError] = {}
        for entity in entities:
            partition = str(entity["PartitionKey"])
            if entity["RowKey"] == CHAIN_HEAD_ROW:
                try:
                    heads[partition] = head_from_entity(entity)
                except RegisterError as exc:
                    heads[partition] = exc
            else:
                rows.setdefault(partition, []).append(entity)
        results = []
        for partition in sorted(rows.keys() | heads.keys()):
            ordered = [
                chain_row(entity, self.location)
                for entity in sorted(rows.get(partition, []), key=chain_order)
            ]
            head = heads.get(partition)
            name = "events about no account" if partition == NO_ACCOUNT_PARTITION else partition
            mark = (marks or {}).get(name)
            result = chain.verify(ordered, head if isinstance(head, Head) else None, mark)
            if isinstance(head, RegisterError):
                result = replace(result, broken=chain.Break(result.tip.seq, None, str(head)))
            results.append((name, result))
        return results

    async def _append_carried(self, event: AuditEvent, sequence: int) -> bool:
        """Append the event a block carries, as the row fixed when the block was written."""
        return await self._insert_event(event, sequence, AUDIT_WRITE_ATTEMPTS)

    async def _complete_carried(self, entity: Mapping[str, Any]) -> bool:
        """Append the event the block entity carries unless the log holds it; True if it was missing."""
        carried = carried_from_entity(entity, self.location)
        if carried is None:
            return False
        appended = await self._append_carried(*carried)
        if appended:
            log.warning("block %s: appended the audit event its last write left", entity.get("id"))
        return appended

    async def _block_entity(self, block_id: str, doing: str) -> TableEntity:
        with self._service_errors(doing):
            try:
                return await self._table("blocks").get_entity(BLOCK_PARTITION, _escape_key(block_id))
            except ResourceNotFoundError:
                raise NotFound(f"no block with id {block_id}") from None

    async def complete_audit(self, *, rebuild_creation: bool = False) -> int:
        """Append every audit event a block carries that the log lacks (and with `rebuild_creation`, a
        rebuilt `block_created` for a block that has none); how many were appended. Two queries (the
        blocks, their events) and one insert per missing event."""
        blocks = await self._entities(
            "blocks", "checking the audit log", "PartitionKey eq @pk", {"pk": BLOCK_PARTITION}
        )
        kinds = " or ".join(f"kind eq '{kind}'" for kind in BLOCK_EVENT_KINDS)
        logged: dict[str, list[AuditEvent]] = {}
        for entity in await self._entities("audit", "checking the audit log", kinds):
            event = event_from_entity(entity, self.location)
            logged.setdefault(event.block_id or "", []).append(event)
        appended = 0
        for entity in blocks:
            block = block_from_entity(entity, self.location)
            carried = carried_from_entity(entity, self.location)
            missing = rules.missing_events(
                block,
                carried[0] if carried else None,
                logged.get(block.id, []),
                read_back=_as_stored,
                rebuild_creation=rebuild_creation,
            )
            for event in missing:
                sequence = carried[1] if carried and carried[0].id == event.id else creation_sequence(block)
                appended += await self._insert_event(event, sequence, AUDIT_WRITE_ATTEMPTS)
        if appended:
            log.warning("appended %d audit event(s) that blocks' last writes left", appended)
        return appended

    # Blocks ----------------------------------------------------------------------------------

    async def add_block(self, new: NewBlock, actor: Actor, at: datetime) -> Block:
        # The revision is the entity's ETag, known once the service has stored it.
        block = rules.new_block(new, actor, at, revision="")
        event = rules.block_created(block, actor, at, read_back=_as_stored)
        sequence = self._sequence.next()
        with self._service_errors("recording a block"):
            try:
                metadata = await self._table("blocks").create_entity(
                    carrying(block_entity(block), event, sequence)
                )
            except ResourceExistsError:
                # The same form submitted again (here or on another instance), or this insert's own
                # retry: the first one stands, and its audit event is completed if it was lost.
                log.info("block %s was already recorded for this request", block.id)
                earlier = await self._block_entity(block.id, "recording a block")
                await self._complete_carried(earlier)
                return block_from_entity(earlier, self.location)
        await self._append_carried(event, sequence)
        log.info("block %s recorded by %s", block.id, actor.aad_object_id or actor.name)
        return replace(block, revision=_etag(metadata))

    async def get_block(self, block_id: str) -> Block:
        return block_from_entity(await self._block_entity(block_id, "reading a block"), self.location)

    async def active_blocks(self) -> list[Block]:
        """Active blocks, earliest review first."""
        entities = await self._entities(
            "blocks",
            "listing active blocks",
            "PartitionKey eq @pk and status eq @status",
            {"pk": BLOCK_PARTITION, "status": "active"},
        )
        blocks = [block_from_entity(entity, self.location) for entity in entities]
        return sorted(blocks, key=lambda b: (b.review_due, b.decided_at, b.id))

    async def due_blocks(self, on: date) -> list[Block]:
        """Active blocks due on or before `on`, most overdue first (then by account and id); the
        service does the filtering, so only due blocks cross the network."""
        entities = await self._entities(
            "blocks",
            "listing blocks due for review",
            "PartitionKey eq @pk and status eq @status and review_due le @day",
            {"pk": BLOCK_PARTITION, "status": "active", "day": on.isoformat()},
        )
        blocks = [block_from_entity(entity, self.location) for entity in entities]
        return sorted(blocks, key=due_order)

    async def blocks_for(self, account: str) -> list[Block]:
        """Every block on the account, active or lifted, oldest decision first."""
        entities = await self._entities(
            "blocks",
            "listing an account's blocks",
            "PartitionKey eq @pk and account eq @account",
            {"pk": BLOCK_PARTITION, "account": rules.account(account)},
        )
        blocks = [block_from_entity(entity, self.location) for entity in entities]
        return sorted(blocks, key=lambda b: (b.decided_at, b.id))

    async def all_blocks(self) -> list[Block]:
        """Every block, active or lifted, oldest decision first (for migration and export)."""
        entities = await self._entities(
            "blocks", "listing blocks", "PartitionKey eq @pk", {"pk": BLOCK_PARTITION}
        )
        blocks = [block_from_entity(entity, self.location) for entity in entities]
        return sorted(blocks, key=lambda b: (b.decided_at, b.id))

    async def keep_block(
        self, block_id: str, revision: str, actor: Actor, at: datetime, reason: str, next_review: date
    ) -> Block:
        return await self._change(block_id, revision, rules.keep(actor, at, reason, next_review))

    async def lift_block(
        self, block_id: str, revision: str, actor: Actor, at: datetime, reason: str
    ) -> Block:
        return await self._change(block_id, revision, rules.lift(actor, at, reason))

    async def snooze_block(
        self, block_id: str, revision: str, actor: Actor, at: datetime, until: date
    ) -> Block:
        return await self._change(block_id, revision, rules.snooze(actor, at, until))

    async def _change(self, block_id: str, revision: str, change: rules.BlockChange) -> Block:
        entity = await self._block_entity(block_id, "changing a block")
        current = block_from_entity(entity, self.location)
        # The block's last event first, so that this change cannot replace it unlogged.
        await self._complete_carried(entity)
        if current.revision != revision and self._made_already(entity, change, revision):
            return current
        changed, event = change.apply(current, revision, read_back=_as_stored)
        sequence = self._sequence.next()
        with self._service_errors("changing a block"):
            try:
                metadata = await self._table("blocks").update_entity(
                    carrying(block_entity(changed), event, sequence),
                    mode=UpdateMode.REPLACE,
                    etag=revision,
                    match_condition=MatchConditions.IfNotModified,
                )
            except ResourceModifiedError:
                # Changed between our read and our write: by someone else, or by this very write whose
                # reply was lost and which the SDK sent again.
                entity = await self._block_entity(block_id, "changing a block")
                await self._complete_carried(entity)
                now = block_from_entity(entity, self.location)
                if self._made_already(entity, change, revision):
                    return now
                raise Conflict(now) from None
            except ResourceNotFoundError:
                raise NotFound(f"no block with id {block_id}") from None
        await self._append_carried(event, sequence)
        log.info("block %s: %s by %s", block_id, change.kind, change.actor.aad_object_id or change.actor.name)
        return replace(changed, revision=_etag(metadata))

    def _made_already(self, entity: Mapping[str, Any], change: rules.BlockChange, revision: str) -> bool:
        carried = carried_from_entity(entity, self.location)
        if change.done_already(revision, carried[0] if carried else None):
            log.info("block %s: this %s was already made", entity.get("id"), change.kind)
            return True
        return False

    # Account history -------------------------------------------------------------------------

    async def add_assessment(self, assessment: Assessment, actor: Actor) -> None:
        event = rules.audit_event(
            "assessed",
            actor,
            assessment.at,
            account=rules.account(assessment.account) if assessment.account else None,
            details=assessment_details(assessment),
            read_back=_as_stored,
        )
        await self._append(event)

    async def add_advice(self, account: str, actor: Actor, at: datetime, note: str | None = None) -> None:
        details = rules.advice_details(note)
        await self._append(
            rules.audit_event(
                "advised", actor, at, account=rules.account(account), details=details, read_back=_as_stored
            )
        )

    async def _account_events(self, account: str, kind: str) -> list[AuditEvent]:
        query = "PartitionKey eq @pk and kind eq @kind"
        parameters: dict[str, Any] = {"pk": _escape_key(account), "kind": kind}
        entities = await self._entities("audit", "reading an account's history", query, parameters)
        entities.sort(key=lambda entity: str(entity["RowKey"]))
        return [event_from_entity(entity, self.location) for entity in entities]

    async def assessments_for(self, account: str, since: datetime | None = None) -> list[Assessment]:
        """The account's assessments, oldest first; with `since`, only those at or after it."""
        if since is not None:
            time_text(since)
        events = await self._account_events(rules.account(account), "assessed")
        found = [assessment_from(event, self.location) for event in events]
        if since is not None:
            found = [assessment for assessment in found if assessment.at >= since]
        return found

    async def advice_for(self, account: str) -> list[datetime]:
        events = await self._account_events(rules.account(account), "advised")
        return [event.at for event in events]

    # Audit log -------------------------------------------------------------------------------

    async def audit(self, account: str | None = None, block_id: str | None = None) -> list[AuditEvent]:
        conditions: list[str] = []
        parameters: dict[str, Any] = {}
        if account is not None:
            conditions.append("PartitionKey eq @pk")
            parameters["pk"] = _escape_key(rules.account(account))
        if block_id is not None:
            conditions.append("block_id eq @block")
            parameters["block"] = block_id
        query = " and ".join(conditions) if conditions else None
        entities = await self._entities("audit", "reading the audit log", query, parameters or None)
        return self._time_line(entities)

    def _time_line(self, entities: Sequence[TableEntity]) -> list[AuditEvent]:
        rows = [entity for entity in entities if entity["RowKey"] != CHAIN_HEAD_ROW]
        # One partition per account: merge them back into one time line.
        rows.sort(key=lambda entity: str(entity["RowKey"]))
        return [event_from_entity(entity, self.location) for entity in rows]

    async def audit_since(self, since: datetime) -> list[AuditEvent]:
        """Filtered by the service: the rows from `since` on, then the earlier rows of the blocks and
        the checks those name, a few keys to a query."""
        # `at` is UTC ISO text, which compares as the instants do to the second: the service cuts at
        # the second, the exact cut is made on the decoded events.
        second = time_text(since)[:19]
        doing = "reading the audit log"
        later = await self._entities("audit", doing, "at ge @second", {"second": second})
        referred = referred_by(event for event in self._time_line(later) if event.at >= since)
        partitions = {_escape_key(a) if a else NO_ACCOUNT_PARTITION for a, _ in referred.checks}
        wanted = [("block_id", block) for block in sorted(referred.blocks)]
        wanted += [("PartitionKey", partition) for partition in sorted(partitions)]
        earlier: list[TableEntity] = []
        for start in range(0, len(wanted), _KEYS_A_QUERY):
            batch = wanted[start : start + _KEYS_A_QUERY]
            keys = " or ".join(f"{name} eq @k{n}" for n, (name, _) in enumerate(batch))
            parameters = {"second": second} | {f"k{n}": value for n, (_, value) in enumerate(batch)}
            earlier += await self._entities("audit", doing, f"at lt @second and ( {keys} )", parameters)
        # A row can come back twice (its block and its account were both asked for).
        unique = {(str(e["PartitionKey"]), str(e["RowKey"])): e for e in [*later, *earlier]}
        events = self._time_line(list(unique.values()))
        return [event for event in events if event.at >= since or referred.wants(event)]

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
            kind, actor, at, account=account, block_id=block_id, details=details, read_back=_as_stored
        )
        await self._append(event)
        return event

    # Subscriptions and the daily digest claim ------------------------------------------------

    async def save_subscription(self, subscription: Subscription, actor: Actor | None = None) -> None:
        """Add or replace the conversation's subscription; a change of state is audited once, with
        `actor` (or as Social Desk itself when no one asked), even when two instances save the same
        change at once (the write is conditional on what was read)."""
        actor = actor if actor is not None else rules.SYSTEM_ACTOR
        table = self._table("subscriptions")
        key = _escape_key(subscription.conversation_id)
        entity = subscription_entity(subscription)
        for _attempt in range(10):
            with self._service_errors("saving a subscription"):
                try:
                    stored = await table.get_entity(SUBSCRIPTION_PARTITION, key)
                except ResourceNotFoundError:
                    stored = None
                try:
                    if stored is None:
                        await table.create_entity(entity)
                    else:
                        await table.update_entity(
                            entity,
                            mode=UpdateMode.REPLACE,
                            etag=_etag(stored.metadata),
                            match_condition=MatchConditions.IfNotModified,
                        )
                except (ResourceExistsError, ResourceModifiedError):
                    continue  # another instance wrote first: compare against what it wrote
            before = subscription_from_entity(stored, self.location) if stored is not None else None
            event = rules.subscription_event(
                before, subscription, actor, datetime.now(UTC), read_back=_as_stored
            )
            if event is not None:
                await self._append(event)
            return
        raise RegisterError(f"the subscription for {subscription.conversation_id} kept changing; try again")

    async def save_reference(
        self, conversation_id: str, reference: dict[str, Any], *, subscribe: bool
    ) -> None:
        """Add the conversation (subscribed when `subscribe`) with an insert, which only one caller
        wins, so it is audited once; a stored one gets the reference by an unconditional merge, which
        leaves its subscription state alone and lets the last writer win."""
        new = Subscription(conversation_id=conversation_id, reference=reference, subscribed=subscribe)
        table = self._table("subscriptions")
        entity = subscription_entity(new)
        with self._service_errors("saving a conversation reference"):
            try:
                await table.create_entity(entity)
            except ResourceExistsError:
                stored = await table.get_entity(SUBSCRIPTION_PARTITION, entity["RowKey"])
                patch = {name: value for name, value in entity.items() if _is_part_of(name, "reference")}
                # A longer reference stored before has more parts: empty the ones this one lacks.
                patch |= {name: "" for name in stored if _is_part_of(name, "reference") and name not in patch}
                await table.update_entity(
                    {"PartitionKey": SUBSCRIPTION_PARTITION, "RowKey": entity["RowKey"]} | patch,
                    mode=UpdateMode.MERGE,
                )
                return
        event = rules.subscription_event(
            None, new, rules.SYSTEM_ACTOR, datetime.now(UTC), read_back=_as_stored
        )
        if event is not None:
            await self._append(event)

    async def subscriptions(self) -> list[Subscription]:
        """Every stored subscription (subscribed or not, gone or not), by conversation id."""
        entities = await self._entities(
            "subscriptions", "listing subscriptions", "PartitionKey eq @pk", {"pk": SUBSCRIPTION_PARTITION}
        )
        found = [subscription_from_entity(entity, self.location) for entity in entities]
        return sorted(found, key=lambda s: s.conversation_id)

    async def get_subscription(self, conversation_id: str) -> Subscription | None:
        with self._service_errors("reading a subscription"):
            try:
                entity = await self._table("subscriptions").get_entity(
                    SUBSCRIPTION_PARTITION, _escape_key(conversation_id)
                )
            except ResourceNotFoundError:
                return None
        return subscription_from_entity(entity, self.location)

    def _claim_entity(self, conversation_id: str, day: date, claim: DigestClaim) -> dict[str, Any]:
        return {"PartitionKey": _escape_key(conversation_id), "RowKey": day.isoformat()} | claim_row(claim)

    async def _stored_claim(self, conversation_id: str, day: date) -> TableEntity | None:
        try:
            return await self._table("digestclaims").get_entity(_escape_key(conversation_id), day.isoformat())
        except ResourceNotFoundError:
            return None

    async def claim_digest(
        self, conversation_id: str, day: date, claimant: str, lease: timedelta = DIGEST_LEASE
    ) -> bool:
        """Claim the day's digest for `lease` (`register.rules.may_claim`): an insert, which the service
        refuses (409) when a claim is there; then the stored claim is read, and taken over only by a
        replace conditional on its ETag, so of two runners taking it at once the second gets 412."""
        table = self._table("digestclaims")
        with self._service_errors("claiming the daily digest"):
            for _attempt in range(5):
                now = datetime.now(UTC)
                claim = self._claim_entity(conversation_id, day, rules.new_claim(claimant, now, lease))
                try:
                    await table.create_entity(claim)
                except ResourceExistsError:
                    stored = await self._stored_claim(conversation_id, day)
                    if stored is None:
                        continue  # released in between: try the insert again
                    if not rules.may_claim(claim_from(stored, self.location), claimant, now):
                        return False
                    try:
                        await table.update_entity(
                            claim,
                            mode=UpdateMode.REPLACE,
                            etag=_etag(stored.metadata),
                            match_condition=MatchConditions.IfNotModified,
                        )
                    except (ResourceModifiedError, ResourceNotFoundError):
                        continue  # changed in between (perhaps by this very write, sent again): look again
                log.info("digest for %s on %s claimed by %s", conversation_id, day, claimant)
                return True
        raise RegisterError(f"the digest claim for {conversation_id} kept changing; try again")

    async def settle_digest(self, conversation_id: str, day: date, claimant: str) -> None:
        """Mark the day's claim settled: a merge that needs no ETag, so sending it twice does no harm."""
        fields = {
            "PartitionKey": _escape_key(conversation_id),
            "RowKey": day.isoformat(),
            "claimant": claimant,
            "settled": True,
        }
        with self._service_errors("recording the daily digest as sent"):
            await self._table("digestclaims").upsert_entity(fields, mode=UpdateMode.MERGE)
        log.info("digest for %s on %s settled by %s", conversation_id, day, claimant)

    async def release_digest(self, conversation_id: str, day: date, claimant: str) -> None:
        """Delete the day's claim if `claimant` holds it unsettled: the claim is read, its claimant
        checked, and the delete made conditional on the claim's ETag, so a claim taken or settled
        between the read and the delete stays. A claim already gone is nothing to release."""
        table = self._table("digestclaims")
        with self._service_errors("releasing the daily digest"):
            stored = await self._stored_claim(conversation_id, day)
            claim = claim_from(stored, self.location) if stored is not None else None
            if stored is None or claim is None or claim.claimant != claimant or claim.settled:
                log.info("digest for %s on %s: no claim by %s to release", conversation_id, day, claimant)
                return
            try:
                await table.delete_entity(
                    stored, etag=_etag(stored.metadata), match_condition=MatchConditions.IfNotModified
                )
            except ResourceModifiedError:
                log.info("digest claim for %s on %s changed hands; left as it is", conversation_id, day)
                return
        log.info("digest claim for %s on %s released by %s", conversation_id, day, claimant)

    async def digest_claim(self, conversation_id: str, day: date) -> DigestClaim | None:
        """The day's claim for the conversation as stored, or None (one point read)."""
        with self._service_errors("reading the daily digest claim"):
            stored = await self._stored_claim(conversation_id, day)
        return claim_from(stored, self.location) if stored is not None else None

    async def digest_claimant(self, conversation_id: str, day: date) -> str | None:
        """Who holds the day's claim for the conversation now, or None."""
        claim = await self.digest_claim(conversation_id, day)
        return claim.claimant if claim is not None and claim.held(datetime.now(UTC)) else None

    # Copying a register in (socialdesk migrate) ----------------------------------------------

    async def import_block(self, block: Block) -> bool:
        """Store a block from another register as it is (id, decisions, status, review date);
        False if a block with its id is already here. Its revision becomes this store's ETag."""
        with self._service_errors("importing a block"):
            try:
                await self._table("blocks").create_entity(block_entity(block))
            except ResourceExistsError:
                return False
        return True

    async def import_event(self, event: AuditEvent, position: int) -> bool:
        """Store an audit event from another register, keeping its id and time. `position`, its place
        in the source log, stands for the time of appending: imported events keep their order, come
        before anything appended here, and importing the same log again finds the same rows (False:
        already here)."""
        rules.audit_kind(event.kind)
        return await self._insert_event(event, position, AUDIT_WRITE_ATTEMPTS)

    async def import_subscription(self, subscription: Subscription) -> bool:
        """Store a subscription from another register unless this one already has the conversation
        (its audit events come across with the audit log)."""
        with self._service_errors("importing a subscription"):
            try:
                await self._table("subscriptions").create_entity(subscription_entity(subscription))
            except ResourceExistsError:
                return False
        return True

    async def drop_tables(self) -> None:
        """Delete this register's tables (tests and benchmarks clean up with it)."""
        with self._service_errors("deleting its tables"):
            for name in TABLES:
                await self._service.delete_table(self._prefix + name)

    async def close(self) -> None:
        for client in self._tables.values():
            await client.close()
        await self._service.close()
        if self._owned_credential is not None:
            await self._owned_credential.close()

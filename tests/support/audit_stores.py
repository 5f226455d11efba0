"""A register's audit log, filled with known events, kept where a test can also reach it behind the
register's back: on TinyDB (audit.jsonl and audit.head) and on Azurite (the audit table), for the
audit chain and checkpoint tests.

`tamper` rewrites the account's event rows as someone with the storage in hand would, leaving the
chain fields and head as they were; `forge` does what someone who also has the code would: rewrites
the rows, then recomputes every hash and the head to match, so the chain alone verifies.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from azure.data.tables import UpdateMode
from azure.data.tables.aio import TableClient

from register import chain
from register.azure_table import CHAIN_HEAD_ROW, chain_row
from register.base import Register
from register.model import Actor, Assessment, NewBlock
from register.tinydb_store import AUDIT_FILE, open_tinydb_register
from tests.support.azurite import open_register_on_azurite, shared_azurite, table_prefix_for

EDITOR = Actor("Alex Smith", "11111111-aaaa-4bbb-8ccc-000000000001")
T0 = datetime(2026, 6, 1, 9, 30, tzinfo=UTC)
ACCOUNT = "@abuser"
HEAD_FILE = "audit.head"

Rows = list[dict[str, object]]
Change = Callable[[Rows], Rows]


async def fill(register: Register) -> None:
    """Six events about one account: checks, advice, a block kept then lifted."""
    for minute in range(2):
        await register.add_assessment(
            Assessment(
                ACCOUNT,
                "x",
                T0 + timedelta(minutes=minute),
                "you [REDACTED]",
                "hide",
                ("trolling_harassment",),
            ),
            EDITOR,
        )
    await register.add_advice(ACCOUNT, EDITOR, T0 + timedelta(minutes=5), "told to email PALS")
    new = NewBlock("x", ACCOUNT, ("trolling_harassment",), "Repeated abuse", "[REDACTED]", date(2026, 7, 1))
    block = await register.add_block(new, EDITOR, T0 + timedelta(minutes=10))
    kept = await register.keep_block(
        block.id, block.revision, EDITOR, T0 + timedelta(days=30), "still abusive", date(2026, 8, 1)
    )
    await register.lift_block(block.id, kept.revision, EDITOR, T0 + timedelta(days=60), "apologised")


async def digest_sent(register: Register) -> None:
    """An event about no account (on Azure, a chain of its own)."""
    await register.append_audit("digest_sent", EDITOR, T0 + timedelta(days=1), details={"blocks": 1})


@dataclass
class Store:
    """A register kept somewhere that a test can also reach behind its back."""

    open: Callable[[], Awaitable[Register]]
    # Rewrite the account's event rows, oldest appended first: given them, return what should be stored.
    tamper: Callable[[Change], Awaitable[None]]
    # The same, then the chain fields of every row and the head recomputed to match.
    forge: Callable[[Change], Awaitable[None]]
    # Remove every row of an account's chain, its head too (TinyDB: the whole log; Azure: the partition).
    remove_chain: Callable[[str], Awaitable[None]]
    # The register as `socialdesk ... --store` names it (on Azure, with SOCIALDESK_TABLE_PREFIX set to
    # `table_prefix_for` the location, as the settings give it in production).
    spec: str


def _resealed(rows: list[dict[str, Any]], hashed: Callable[[dict[str, Any]], dict[str, Any]]) -> list[Any]:
    """Each row's chain fields recomputed in order (`hashed` gives what a row's hash covers), and the
    head after them, as the last item."""
    tip = chain.Head(0, chain.GENESIS)
    fields: list[Any] = []
    for row in rows:
        sealed = chain.sealed(hashed(row), tip)
        tip = chain.Head(sealed["seq"], sealed["hash"])
        fields.append(sealed)
    return [*fields, tip]


def tinydb_store(location: Path) -> Store:
    data = location / "data"
    path = data / AUDIT_FILE

    async def open_() -> Register:
        return open_tinydb_register(data)

    async def tamper(change: Change) -> None:
        lines = change([json.loads(line) for line in path.read_text().splitlines()])
        path.write_text("".join(json.dumps(line) + "\n" for line in lines))

    async def forge(change: Change) -> None:
        await tamper(change)
        *rows, head = _resealed([json.loads(line) for line in path.read_text().splitlines()], dict)
        path.write_text("".join(json.dumps(row) + "\n" for row in rows))
        (data / HEAD_FILE).write_text(json.dumps({"seq": head.seq, "hash": head.hash}) + "\n")

    async def remove_chain(_account: str) -> None:
        path.write_text("")
        (data / HEAD_FILE).unlink()

    return Store(open_, tamper, forge, remove_chain, f"tinydb:{data}")


def azure_store(location: Path) -> Store:
    def audit_table() -> TableClient:
        return TableClient.from_connection_string(
            shared_azurite().connection_string, table_prefix_for(location) + "audit"
        )

    async def open_() -> Register:
        return await open_register_on_azurite(location)

    async def partition(table: TableClient, account: str = ACCOUNT) -> list[dict[str, Any]]:
        query = table.query_entities("PartitionKey eq @pk", parameters={"pk": account})
        return [dict(entity) async for entity in query]

    async def tamper(change: Change) -> None:
        async with audit_table() as table:
            stored = [e for e in await partition(table) if e["RowKey"] != CHAIN_HEAD_ROW]
            stored.sort(key=lambda entity: int(entity["chain_seq"]))
            wanted = change([dict(entity) for entity in stored])
            # Rows keep their keys: what is stored under each key is what `change` put in its place.
            for entity in stored:
                await table.delete_entity(entity["PartitionKey"], entity["RowKey"])
            for old, new in zip(stored, wanted, strict=False):
                keys = {"PartitionKey": old["PartitionKey"], "RowKey": old["RowKey"]}
                await table.upsert_entity(new | keys, mode=UpdateMode.REPLACE)

    async def forge(change: Change) -> None:
        await tamper(change)
        async with audit_table() as table:
            stored = [e for e in await partition(table) if e["RowKey"] != CHAIN_HEAD_ROW]
            stored.sort(key=lambda entity: str(entity["RowKey"]))

            def hashed(entity: dict[str, Any]) -> dict[str, Any]:
                row = chain_row(entity, "forgery")
                return {key: value for key, value in row.items() if key not in chain.CHAIN_FIELDS}

            *sealed, head = _resealed(stored, hashed)
            for entity, row in zip(stored, sealed, strict=True):
                chained = {"chain_seq": str(row["seq"]), "chain_prev": row["prev"], "chain_hash": row["hash"]}
                await table.upsert_entity(entity | chained, mode=UpdateMode.REPLACE)
            head_row = {
                "PartitionKey": ACCOUNT,
                "RowKey": CHAIN_HEAD_ROW,
                "seq": str(head.seq),
                "hash": head.hash,
            }
            await table.upsert_entity(head_row, mode=UpdateMode.REPLACE)

    async def remove_chain(account: str) -> None:
        async with audit_table() as table:
            for entity in await partition(table, account):
                await table.delete_entity(entity["PartitionKey"], entity["RowKey"])

    spec = f"azure-table:{shared_azurite().connection_string}"
    return Store(open_, tamper, forge, remove_chain, spec)


STORES = {"tinydb": tinydb_store, "azure-table": azure_store}


@pytest.fixture(params=sorted(STORES))
async def store(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Store]:
    if request.param == "azure-table":
        request.getfixturevalue("azurite")
    chosen = STORES[request.param](tmp_path)
    register = await chosen.open()
    await fill(register)
    await register.close()
    yield chosen


def edit_text(rows: Rows) -> Rows:
    first = dict(rows[0])
    if "details" in first and isinstance(first["details"], dict):
        first["details"] = {**first["details"], "redacted": "something else"}
    else:
        first["details"] = json.dumps({"redacted": "something else"})
    return [first, *rows[1:]]

"""The Azure Table register's transport (register/table_transport.py) on a real Azurite: tables deleted
while the register is open are created again, and a frozen table service (a stalled proxy in front of
Azurite) gives "cannot reach the register" within the configured timeouts and the caller's deadline."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TypeVar

import pytest
from azure.data.tables.aio import TableServiceClient

from register import deadline
from register.azure_table import TABLES, AzureTableRegister, open_azure_table_register
from register.base import NotFound, RegisterUnavailable
from register.model import Actor, NewBlock, Subscription
from register.table_transport import says_table_not_found, table_named_in
from tests.support.azurite import Azurite, open_via, table_prefix_for
from tests.support.azurite import azurite as azurite  # the session fixture
from tests.support.stall_proxy import StallProxy

EDITOR = Actor("Alex Smith", "11111111-aaaa-4bbb-8ccc-000000000001")
T0 = datetime(2026, 6, 1, 9, 30, tzinfo=UTC)
# Far longer than any answer here takes; only code that waits on a frozen service reaches it.
GUARD = 60.0

_T = TypeVar("_T")


def new_block(account: str = "@abuser") -> NewBlock:
    return NewBlock("facebook", account, ("abusive",), "Repeated threats", "[REDACTED]", date(2026, 12, 1))


async def guarded(call: Awaitable[_T]) -> _T:
    return await asyncio.wait_for(call, GUARD)


@pytest.fixture
async def store(azurite: Azurite, tmp_path: Path) -> AsyncIterator[AzureTableRegister]:
    opened = await open_azure_table_register(
        connection_string=azurite.connection_string, table_prefix=table_prefix_for(tmp_path)
    )
    yield opened
    await opened.drop_tables()
    await opened.close()


async def _delete_tables(azurite: Azurite, prefix: str) -> None:
    """Delete the tables behind the register's back, as a reset storage account loses them."""
    async with TableServiceClient.from_connection_string(azurite.connection_string) as service:
        for name in TABLES:
            await service.delete_table(prefix + name)


# Tables that vanish ----------------------------------------------------------------------------------


async def test_tables_deleted_while_the_register_is_open_are_created_again_and_writes_go_through(
    store: AzureTableRegister, azurite: Azurite, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    await store.add_block(new_block("@before"), EDITOR, T0)
    await _delete_tables(azurite, table_prefix_for(tmp_path))

    with caplog.at_level(logging.WARNING, logger="register"):
        block = await store.add_block(new_block("@after"), EDITOR, T0)
        await store.add_advice("@after", EDITOR, T0)
        await store.save_subscription(Subscription("19:channel-a", {"serviceUrl": "http://127.0.0.1:1/"}))
        claimed = await store.claim_digest("19:channel-a", date(2026, 6, 1), "test")

    assert claimed
    assert await store.get_block(block.id) == block
    assert [b.account for b in await store.all_blocks()] == ["@after"]
    assert [e.kind for e in await store.audit()] == ["block_created", "advised", "subscribed"]
    warnings = [r.getMessage() for r in caplog.records if "created again" in r.getMessage()]
    assert warnings and all("socialdesk repair" in w for w in warnings)


async def test_reads_of_a_vanished_table_find_it_empty_instead_of_failing(
    store: AzureTableRegister, azurite: Azurite, tmp_path: Path
) -> None:
    await _delete_tables(azurite, table_prefix_for(tmp_path))

    assert await store.active_blocks() == []
    assert await store.subscriptions() == []
    assert await store.get_subscription("19:channel-a") is None


async def test_a_missing_row_is_not_taken_for_a_missing_table(
    store: AzureTableRegister, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="register"), pytest.raises(NotFound):
        await store.get_block("no-such-block")

    assert not [r for r in caplog.records if "created again" in r.getMessage()]


@pytest.mark.parametrize(
    ("url", "table"),
    [
        ("http://127.0.0.1:1/devstoreaccount1/tblocks(PartitionKey='block',RowKey='x')", "tblocks"),
        ("https://acct.table.core.windows.net/tblocks()?$filter=x", "tblocks"),
        ("https://acct.table.core.windows.net/taudit", "taudit"),
        ("https://acct.table.core.windows.net/Tables", "Tables"),
    ],
    ids=["entity", "query", "insert", "tables"],
)
def test_the_table_a_request_is_about_is_read_from_its_url(url: str, table: str) -> None:
    assert table_named_in(url) == table


@pytest.mark.parametrize(
    ("status", "headers", "body", "expected"),
    [
        (404, {"x-ms-error-code": "TableNotFound"}, b"", True),
        (404, {}, b'{"odata.error": {"code": "TableNotFound"}}', True),
        (
            404,
            {"x-ms-error-code": "ResourceNotFound"},
            b'{"odata.error": {"code": "ResourceNotFound"}}',
            False,
        ),
        (404, {}, b"not json", False),
        (409, {"x-ms-error-code": "TableNotFound"}, b"", False),
    ],
    ids=["header", "body", "missing-row", "unreadable", "not-404"],
)
def test_only_a_404_saying_table_not_found_means_a_missing_table(
    status: int, headers: dict[str, str], body: bytes, expected: bool
) -> None:
    assert says_table_not_found(status, headers, body) is expected


# A frozen table service ------------------------------------------------------------------------------


@pytest.fixture
async def proxy(azurite: Azurite) -> AsyncIterator[StallProxy]:
    async with StallProxy(azurite.port) as started:
        yield started


@pytest.fixture
async def behind_proxy(proxy: StallProxy, tmp_path: Path) -> AsyncIterator[AzureTableRegister]:
    """The register reaching Azurite through the proxy, with short timeouts and one retry."""
    opened = await open_via(proxy.port, tmp_path, 0.5)
    yield opened
    proxy.resume()
    await opened.drop_tables()
    await opened.close()


async def test_a_frozen_table_service_gives_cannot_reach_the_register_within_the_timeouts(
    behind_proxy: AzureTableRegister, proxy: StallProxy
) -> None:
    proxy.stall()

    with pytest.raises(RegisterUnavailable, match="cannot reach the register"):
        await guarded(behind_proxy.add_block(new_block(), EDITOR, T0))


async def test_no_request_outlives_the_caller_s_deadline(
    behind_proxy: AzureTableRegister, proxy: StallProxy
) -> None:
    proxy.stall()

    with deadline.within(0.2), pytest.raises(RegisterUnavailable, match="cannot reach the register"):
        await guarded(behind_proxy.active_blocks())
    with deadline.within(0), pytest.raises(RegisterUnavailable):  # passed already: nothing is sent
        await guarded(behind_proxy.get_subscription("19:channel-a"))


async def test_the_register_answers_again_once_the_service_recovers(
    behind_proxy: AzureTableRegister, proxy: StallProxy
) -> None:
    proxy.stall()
    with pytest.raises(RegisterUnavailable):
        await guarded(behind_proxy.active_blocks())

    proxy.resume()
    block = await guarded(behind_proxy.add_block(new_block(), EDITOR, T0))

    assert await behind_proxy.active_blocks() == [block]

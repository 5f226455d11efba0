"""Registers whose next audit writes are lost, on both backends, for the audit fault tests.

`faulty` (parametrised: tinydb, azure-table) gives a `Faulty`: `open()` starts the register as
`socialdesk serve` does (through `register.factory`, which completes the audit log at a start), and
`lose_every_try(kind)` makes every try the writer makes at the next audit event of that kind fail: on
TinyDB the append raises as a full disk does; on Azure Tables the proxy in front of Azurite drops the
request (`tests.support.table_proxy`). `store` is the register as a `socialdesk` command names it.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from register.audit_log import AuditLog
from register.azure_table import AUDIT_WRITE_ATTEMPTS, open_azure_table_register
from register.base import Register, RegisterError
from register.factory import open_register
from register.model import AuditEvent
from tests.support.azurite import Azurite, table_prefix_for, table_settings
from tests.support.table_proxy import TableProxy


@dataclass
class Faulty:
    """A register whose next audit writes can be lost; `start()` opens it as `socialdesk serve` does."""

    start: Callable[[], Awaitable[Register]]
    lose_audit_writes: Callable[[str, int], None]  # the next writes of events of a kind, so many times
    attempts: int  # how often one writer tries an audit write before giving up
    store: str  # e.g. tinydb:PATH, for `socialdesk ... --store`

    async def open(self) -> Register:
        return await self.start()

    def lose_every_try(self, kind: str) -> None:
        """Every try the writer makes at the audit event of `kind` is lost."""
        self.lose_audit_writes(kind, self.attempts)


@pytest.fixture
def tinydb_faulty(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Faulty:
    lost: dict[str, int] = {}
    append = AuditLog.append

    def failing_append(log: AuditLog, events: list[AuditEvent], sync: bool = True) -> None:
        for event in events:
            if lost.get(event.kind, 0) > 0:
                lost[event.kind] -= 1
                raise RegisterError("cannot write to audit.jsonl: No space left on device")
        append(log, events, sync)

    monkeypatch.setattr(AuditLog, "append", failing_append)

    async def start() -> Register:
        return await open_register({"SOCIALDESK_DATA": str(tmp_path / "data")}, create=True)

    def lose(kind: str, times: int) -> None:
        lost[kind] = times

    return Faulty(start, lose, attempts=1, store=f"tinydb:{tmp_path / 'data'}")


@pytest.fixture
def proxy(azurite: Azurite) -> Iterator[TableProxy]:
    with TableProxy(azurite) as running:
        yield running


@pytest.fixture
async def azure_faulty(proxy: TableProxy, tmp_path: Path) -> AsyncIterator[Faulty]:
    prefix = table_prefix_for(tmp_path)

    async def start() -> Register:
        return await open_register(table_settings(proxy.connection_string, tmp_path), create=True)

    def lose(kind: str, times: int) -> None:
        proxy.drop_request("POST", "audit", times, containing=kind)

    store = f"azure-table:{proxy.connection_string}"
    yield Faulty(start, lose, attempts=AUDIT_WRITE_ATTEMPTS, store=store)
    cleanup = await open_azure_table_register(connection_string=proxy.connection_string, table_prefix=prefix)
    await cleanup.drop_tables()
    await cleanup.close()


@pytest.fixture(params=["tinydb", "azure-table"])
def faulty(request: pytest.FixtureRequest) -> Faulty:
    chosen: Faulty = request.getfixturevalue(f"{request.param.replace('-table', '')}_faulty")
    return chosen

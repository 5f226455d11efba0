"""`socialdesk audit verify`: completes what lost writes left in the audit log, rebuilds the creation of
blocks recorded before blocks carried their events, and names blocks without exactly one creation."""

from __future__ import annotations

import asyncio
import os
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from register.base import Register, RegisterError
from register.factory import open_store, store_from_spec
from register.migrate import Importer
from register.model import Actor, AuditEvent, NewBlock
from socialdesk_cli import main
from tests.support.azurite import azurite as azurite  # the session fixture
from tests.support.azurite import table_prefix_for
from tests.support.lost_writes import Faulty
from tests.support.lost_writes import azure_faulty as azure_faulty
from tests.support.lost_writes import faulty as faulty
from tests.support.lost_writes import proxy as proxy
from tests.support.lost_writes import tinydb_faulty as tinydb_faulty

EDITOR = Actor("Alex Smith", "11111111-aaaa-4bbb-8ccc-000000000001")
T0 = datetime(2026, 6, 1, 9, 30, tzinfo=UTC)


@pytest.fixture(autouse=True)
def table_prefix(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # `--store azure-table:CONNECTION` takes the table prefix from the settings, as in production.
    monkeypatch.setenv("SOCIALDESK_TABLE_PREFIX", table_prefix_for(tmp_path))


def new_block(account: str = "@abuser") -> NewBlock:
    return NewBlock(
        "x", account, ("threatening_abusive_insulting",), "Threats", "[REDACTED]", date(2026, 12, 1)
    )


async def audit_verify(faulty: Faulty) -> int:
    # The command runs its own event loop, so it runs in a thread of its own here.
    return await asyncio.to_thread(main, ["audit", "verify", "--store", faulty.store])


async def reopened(faulty: Faulty) -> Register:
    return await open_store(store_from_spec(faulty.store, os.environ), os.environ)


async def test_verify_appends_the_event_a_lost_write_left_and_then_finds_nothing_to_do(
    faulty: Faulty, capsys: pytest.CaptureFixture[str]
) -> None:
    register = await faulty.open()
    block = await register.add_block(new_block(), EDITOR, T0)
    faulty.lose_every_try("block_lifted")
    with pytest.raises(RegisterError):
        await register.lift_block(block.id, block.revision, EDITOR, T0 + timedelta(hours=1), "apologised")
    await register.close()

    first = await audit_verify(faulty)
    first_out = capsys.readouterr().out
    again = await audit_verify(faulty)

    assert (first, again) == (0, 0)
    assert first_out.splitlines()[:3] == [
        "checked 1 blocks",
        "appended 1 missing audit events",
        "every block has exactly one block_created event",
    ]
    # The event appended late is chained where it landed, so the chain still verifies.
    assert first_out.splitlines()[3].startswith("Audit chain intact: 2 events verified")
    assert "appended 0 missing audit events" in capsys.readouterr().out
    register = await reopened(faulty)
    try:
        assert [e.kind for e in await register.audit(block_id=block.id)] == ["block_created", "block_lifted"]
    finally:
        await register.close()


async def test_a_block_recorded_without_its_creation_event_gets_one_rebuilt_from_the_block(
    faulty: Faulty, capsys: pytest.CaptureFixture[str]
) -> None:
    register = await faulty.open()
    # As a block recorded before blocks carried their events, whose event was lost, is stored.
    written = await register.add_block(new_block(), EDITOR, T0)
    legacy = replace(written, id="0123456789abcdef0123456789abcdef")
    assert isinstance(register, Importer)
    assert await register.import_block(legacy)
    await register.close()

    assert await audit_verify(faulty) == 0

    register = await reopened(faulty)
    try:
        [created] = await register.audit(block_id=legacy.id)
        assert (created.kind, created.actor, created.at, created.account) == (
            "block_created",
            EDITOR,
            T0,
            "@abuser",
        )
        assert created.details == {
            "platform": "x",
            "criteria": ["threatening_abusive_insulting"],
            "review_due": "2026-12-01",
            "rationale": "Threats",
            "evidence": "[REDACTED]",
            "link": None,
            "rebuilt": True,
        }
    finally:
        await register.close()
    assert "appended 1 missing audit events" in capsys.readouterr().out


async def test_a_block_with_two_creation_events_is_named_and_the_status_is_1(
    faulty: Faulty, capsys: pytest.CaptureFixture[str]
) -> None:
    register = await faulty.open()
    block = await register.add_block(new_block(), EDITOR, T0)
    [created] = await register.audit(block_id=block.id)
    second = AuditEvent("fedcba9876543210fedcba9876543210", T0, "block_created", EDITOR, "@abuser", block.id)
    assert isinstance(register, Importer)
    assert await register.import_event(second, 10**18)
    await register.close()

    assert await audit_verify(faulty) == 1
    assert f"block {block.id}: 2 block_created events" in capsys.readouterr().out
    assert created.id != second.id


def test_a_register_that_does_not_exist_is_refused_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["audit", "verify", "--store", f"tinydb:{tmp_path / 'nowhere'}"]) == 1
    error = capsys.readouterr().err
    assert error.startswith("socialdesk audit: there is no register in") and "Traceback" not in error

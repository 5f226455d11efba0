"""`socialdesk repair` (register/repair.py): a damaged register is refused with the way out, and the
register rebuilt from its audit log equals the original, on TinyDB and on Azurite.
"""

from __future__ import annotations

import asyncio
import os
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from azure.data.tables.aio import TableServiceClient

from register.base import Register, RegisterError
from register.factory import open_store, store_from_spec
from register.model import Actor, Assessment, AuditEvent, Block, NewBlock, Subscription
from register.tinydb_store import CONVERSATIONS_FILE, TABLES_FILE, open_tinydb_register
from socialdesk_cli import main
from tests.support.azurite import open_on_azurite, shared_azurite, table_prefix_for

EDITOR = Actor("Alex Smith", "11111111-aaaa-4bbb-8ccc-000000000001")
OTHER = Actor("Sam Jones", "22222222-aaaa-4bbb-8ccc-000000000002")
T0 = datetime(2026, 6, 1, 9, 30, tzinfo=UTC)


def new_block(account: str, request_id: str | None = None) -> NewBlock:
    return NewBlock(
        platform="facebook",
        account=account,
        criteria=("threatening_abusive_insulting",),
        rationale="Threats to staff; the patient 943 476 5919 was named",  # an NHS number: redacted
        evidence="I know where [NAME] parks",
        review_due=date(2026, 12, 1),
        link=f"https://facebook.example/{account}",
        request_id=request_id,
    )


def reference(conversation_id: str) -> dict[str, object]:
    return {
        "conversation": {"id": conversation_id},
        "serviceUrl": "http://127.0.0.1:1/",
        "channelId": "msteams",
    }


async def populate(register: Register) -> None:
    """Blocks kept, lifted, snoozed; advice and checks; subscriptions in every state."""
    kept = await register.add_block(new_block("@kept"), EDITOR, T0)
    await register.keep_block(
        kept.id, kept.revision, OTHER, T0 + timedelta(days=1), "still 943 476 5919", date(2027, 1, 1)
    )
    lifted = await register.add_block(new_block("@lifted", request_id="a" * 32), EDITOR, T0)
    await register.lift_block(lifted.id, lifted.revision, EDITOR, T0 + timedelta(days=2), "apologised")
    snoozed = await register.add_block(new_block("@snoozed"), OTHER, T0 + timedelta(hours=1))
    snoozed = await register.snooze_block(snoozed.id, snoozed.revision, EDITOR, T0, date(2026, 12, 8))
    await register.keep_block(
        snoozed.id, snoozed.revision, EDITOR, T0 + timedelta(days=3), "again", date(2027, 2, 1)
    )
    await register.add_block(new_block("@untouched"), EDITOR, T0 + timedelta(hours=2))
    await register.add_advice("@kept", EDITOR, T0, note="told to email PALS")
    await register.add_assessment(Assessment("@kept", "facebook", T0, "you [NAME]", "hide", ("x",)), EDITOR)

    await register.save_reference("19:installed", reference("19:installed"), subscribe=True)
    await register.save_reference("a:chat", reference("a:chat"), subscribe=False)  # never subscribed
    channel = Subscription("19:asked", reference("19:asked"))
    await register.save_subscription(channel, EDITOR)
    await register.save_subscription(replace(channel, subscribed=False), OTHER)
    gone = Subscription("19:gone", reference("19:gone"))
    await register.save_subscription(gone, EDITOR)
    await register.save_subscription(replace(gone, gone=True, gone_reason="403 from Teams"))
    back = Subscription("19:back", reference("19:back"))
    await register.save_subscription(replace(back, gone=True, gone_reason="404 from Teams"))
    await register.save_subscription(back, EDITOR)


@dataclass(frozen=True)
class Contents:
    blocks: list[Block]
    subscriptions: list[Subscription]
    audit: list[AuditEvent]
    advice: list[datetime]
    assessments: list[Assessment]


async def contents(register: Register) -> Contents:
    return Contents(
        blocks=[replace(block, revision="") for block in await register.all_blocks()],
        # A chat that never subscribed was never audited: the bot stores it again at its next message.
        subscriptions=[s for s in await register.subscriptions() if s.conversation_id != "a:chat"],
        audit=await register.audit(),
        advice=await register.advice_for("@kept"),
        assessments=await register.assessments_for("@kept"),
    )


async def _tinydb_original(tmp_path: Path) -> Contents:
    register = open_tinydb_register(tmp_path / "data")
    await populate(register)
    original = await contents(register)
    await register.close()
    return original


async def _tinydb_contents(tmp_path: Path) -> Contents:
    register = open_tinydb_register(tmp_path / "data", create=False)
    try:
        return await contents(register)
    finally:
        await register.close()


@pytest.mark.parametrize(
    "damage",
    [b"", b" \n", b'{"blocks": {"1": {"id": '],
    ids=["emptied", "whitespace", "truncated"],
)
def test_a_damaged_tinydb_register_is_refused_offering_repair_and_rebuilt_as_it_was(
    tmp_path: Path, damage: bytes, capsys: pytest.CaptureFixture[str]
) -> None:
    original = asyncio.run(_tinydb_original(tmp_path))
    data = tmp_path / "data"
    (data / TABLES_FILE).write_bytes(damage)
    (data / CONVERSATIONS_FILE).write_bytes(b"not json\n")

    with pytest.raises(RegisterError, match="socialdesk repair"):
        open_tinydb_register(data, create=False)
    assert main(["export", "--csv", str(tmp_path / "out"), "--store", f"tinydb:{data}"]) == 1
    assert "socialdesk repair" in capsys.readouterr().err

    assert main(["repair", "--store", f"tinydb:{data}"]) == 0

    assert asyncio.run(_tinydb_contents(tmp_path)) == original
    aside = sorted(path.name.split(".damaged-")[0] for path in data.glob("*.damaged-*"))
    assert aside == [CONVERSATIONS_FILE, TABLES_FILE]  # kept, not deleted
    assert (data / f"{TABLES_FILE}.damaged-{_stamp(data, TABLES_FILE)}").read_bytes() == damage


def _stamp(data: Path, name: str) -> str:
    [path] = data.glob(f"{name}.damaged-*")
    return path.name.split(".damaged-")[1]


def test_repairing_again_restores_nothing_twice(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    original = asyncio.run(_tinydb_original(tmp_path))
    data = tmp_path / "data"
    (data / TABLES_FILE).write_bytes(b"")
    assert main(["repair", "--store", f"tinydb:{data}"]) == 0
    capsys.readouterr()

    assert main(["repair", "--store", f"tinydb:{data}"]) == 0

    out = capsys.readouterr().out
    assert "blocks" in out and "      0 restored       4 already there" in out
    assert "differ" not in out
    assert asyncio.run(_tinydb_contents(tmp_path)) == original


def test_a_directory_without_an_audit_log_is_not_repaired(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["repair", "--store", f"tinydb:{tmp_path / 'elsewhere'}"]) == 1

    assert "no audit log" in capsys.readouterr().err
    assert not (tmp_path / "elsewhere").exists()


async def _azure_original(tmp_path: Path) -> Contents:
    register = await open_on_azurite(tmp_path)
    await populate(register)
    original = await contents(register)
    await register.close()
    async with TableServiceClient.from_connection_string(shared_azurite().connection_string) as service:
        for name in ("blocks", "subscriptions"):
            await service.delete_table(table_prefix_for(tmp_path) + name)
    return original


async def _azure_refusal(spec: str) -> str:
    with pytest.raises(RegisterError) as refused:
        await open_store(store_from_spec(spec, os.environ), os.environ)
    return str(refused.value)


async def _azure_contents(tmp_path: Path) -> Contents:
    register = await open_on_azurite(tmp_path)
    try:
        return await contents(register)
    finally:
        await register.drop_tables()
        await register.close()


def test_an_azure_register_that_lost_its_tables_is_rebuilt_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = asyncio.run(_azure_original(tmp_path))
    monkeypatch.setenv("SOCIALDESK_TABLE_PREFIX", table_prefix_for(tmp_path))
    spec = f"azure-table:{shared_azurite().connection_string}"
    assert "socialdesk repair" in asyncio.run(_azure_refusal(spec))

    assert main(["repair", "--store", spec]) == 0

    assert asyncio.run(_azure_contents(tmp_path)) == original

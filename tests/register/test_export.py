"""`socialdesk export --csv`: blocks.csv and audit.csv from TinyDB and from Azurite, read back with csv."""

from __future__ import annotations

import asyncio
import csv
import os
import subprocess
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from azure.data.tables.aio import TableServiceClient

from register.base import Register
from register.checkpoint import parse_checkpoint
from register.export import AUDIT_COLUMNS, BLOCK_COLUMNS, export_csv, spreadsheet_safe
from register.model import Actor, Assessment, NewBlock
from register.tinydb_store import open_tinydb_register
from socialdesk_cli import main
from tests.support.azurite import Azurite, open_on_azurite, table_prefix_for
from tests.support.azurite import azurite as azurite  # the session fixture

REPO = Path(__file__).resolve().parents[2]
EDITOR = Actor("Alex Smith", "11111111-aaaa-4bbb-8ccc-000000000001")
T0 = datetime(2026, 6, 1, 9, 30, tzinfo=UTC)
BLOCK = NewBlock(
    platform="facebook",
    account="@abuser",
    criteria=("abusive", "threatening"),
    rationale='=HYPERLINK("http://evil.example") threats, "quoted", and a\nnew line',
    evidence="You [NAME] will regret [REDACTED]",
    review_due=date(2026, 12, 1),
    link="https://facebook.example/post/1",
)


async def _tinydb(location: Path) -> Register:
    return open_tinydb_register(location / "tinydb")


async def _azure(location: Path) -> Register:
    register = await open_on_azurite(location / "azure")
    return register


@pytest.fixture(params=[_tinydb, _azure], ids=["tinydb", "azure-table"])
async def register(
    request: pytest.FixtureRequest, azurite: Azurite, tmp_path: Path
) -> AsyncIterator[Register]:
    opener: Callable[[Path], Awaitable[Register]] = request.param
    opened = await opener(tmp_path)
    yield opened
    await opened.close()


def read(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8-sig") as file:
        return list(csv.DictReader(file))


async def test_blocks_and_audit_are_exported_with_every_column(register: Register, tmp_path: Path) -> None:
    block = await register.add_block(BLOCK, EDITOR, T0)
    lifted = await register.add_block(BLOCK, EDITOR, T0)
    await register.lift_block(lifted.id, lifted.revision, EDITOR, T0, "apologised")
    await register.add_assessment(
        Assessment("@poster", "x", T0, "[NAME] on ward [REDACTED]", "hide", ("confidential",)), EDITOR
    )

    blocks_written, events_written, integrity = await export_csv(register, tmp_path / "out")

    blocks = read(tmp_path / "out" / "blocks.csv")
    audit = read(tmp_path / "out" / "audit.csv")
    assert (blocks_written, events_written, integrity.intact) == (2, 4, True)
    assert list(blocks[0]) == list(BLOCK_COLUMNS) and list(audit[0]) == list(AUDIT_COLUMNS)
    assert {row["id"]: row["status"] for row in blocks} == {block.id: "active", lifted.id: "lifted"}
    first = next(row for row in blocks if row["id"] == block.id)
    assert first["handle (without @)"] == "abuser"  # neither a formula nor a stray apostrophe
    assert first["rationale"] == "'" + BLOCK.rationale  # other text that would be a formula is quoted
    assert first["criteria"] == "abusive; threatening"
    assert first["decided_by"] == "Alex Smith"
    assert first["decided_at (London)"] == "2026-06-01 10:30:00"
    assert first["review_due"] == "2026-12-01"
    assert [row["event"] for row in audit] == ["block_created", "block_created", "block_lifted", "assessed"]
    assert audit[3]["text (redacted)"] == "[NAME] on ward [REDACTED]"
    assert not (tmp_path / "out" / "blocks.csv.partial").exists()


async def test_raw_export_keeps_cells_exactly(register: Register, tmp_path: Path) -> None:
    await register.add_block(BLOCK, EDITOR, T0)

    await export_csv(register, tmp_path / "out", raw=True)

    row = read(tmp_path / "out" / "blocks.csv")[0]
    assert row["handle (without @)"] == "abuser"
    assert row["rationale"] == BLOCK.rationale


async def test_audit_csv_reads_one_field_a_column_with_changes_and_links(
    register: Register, tmp_path: Path
) -> None:
    summer = datetime(2026, 6, 1, 9, 30, 15, 123456, tzinfo=UTC)
    await register.add_assessment(
        Assessment("@abuser", "facebook", summer, "you [REDACTED]", "block", ("threatening",)), EDITOR
    )
    block = await register.add_block(BLOCK, EDITOR, summer)
    kept = await register.keep_block(
        block.id, block.revision, EDITOR, summer, "still abusive", date(2027, 1, 5)
    )
    snoozed = await register.snooze_block(block.id, kept.revision, EDITOR, summer, date(2027, 1, 8))
    winter = datetime(2027, 1, 8, 9, 0, 5, tzinfo=UTC)
    await register.lift_block(block.id, snoozed.revision, EDITOR, winter, "apologised")

    await export_csv(register, tmp_path / "out")

    check, created, keep, snooze, lift = read(tmp_path / "out" / "audit.csv")
    assert check["time (London)"] == "2026-06-01 10:30:15"  # BST, no microseconds
    assert lift["time (London)"] == "2027-01-08 09:00:05"  # GMT
    assert (check["event"], check["action"], check["criteria"]) == ("assessed", "block", "threatening")
    assert check["handle (without @)"] == "abuser" and check["platform"] == "facebook"
    assert check["check"] == check["id"]
    assert (created["block"], created["follows"]) == (block.id, "")
    assert created["text (redacted)"] == BLOCK.evidence and created["link"] == BLOCK.link
    assert (created["change"], created["after"]) == ("status", "active, review due 2026-12-01")
    assert (keep["change"], keep["before"], keep["after"]) == ("review due", "2026-12-01", "2027-01-05")
    assert keep["follows"] == created["id"] and keep["reason or note"] == "still abusive"
    assert (snooze["before"], snooze["after"], snooze["follows"]) == ("2027-01-05", "2027-01-08", keep["id"])
    assert (lift["change"], lift["before"], lift["after"]) == ("status", "active", "lifted")
    assert lift["follows"] == snooze["id"] and lift["reason or note"] == "apologised"
    assert all(row["by"] == "Alex Smith" for row in (check, created, keep, snooze, lift))
    verdict = (tmp_path / "out" / "integrity.txt").read_text()
    assert verdict.startswith("Audit chain intact: 5 events") and "fingerprint " in verdict
    # Beside it, the checkpoint of what was exported, for a later `audit verify --checkpoint`.
    checkpoint = parse_checkpoint((tmp_path / "out" / "checkpoint.json").read_bytes())
    assert checkpoint.events == 5 and f"fingerprint {checkpoint.fingerprint}" in verdict


@pytest.mark.parametrize(
    ("cell", "written"),
    [("@x", "'@x"), ("=1+1", "'=1+1"), ("+44", "'+44"), ("-1", "'-1"), ("plain", "plain"), ("", "")],
    ids=["at", "equals", "plus", "minus", "plain", "empty"],
)
def test_spreadsheet_safe(cell: str, written: str) -> None:
    assert spreadsheet_safe(cell) == written


async def test_the_command_exports_a_tinydb_register(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    register = open_tinydb_register(tmp_path / "data")
    await register.add_block(BLOCK, EDITOR, T0)
    await register.close()

    arguments = ["export", "--csv", str(tmp_path / "out"), "--store", f"tinydb:{tmp_path / 'data'}"]
    # The command runs its own event loop, so it runs in a thread beside this test's loop.
    status = await asyncio.to_thread(main, arguments)

    assert status == 0
    out = capsys.readouterr().out
    assert "wrote 1 blocks" in out
    assert "Audit chain intact: 1 events verified; fingerprint " in out
    assert len(read(tmp_path / "out" / "blocks.csv")) == 1
    assert len(read(tmp_path / "out" / "audit.csv")) == 1
    assert f"wrote the audit checkpoint to {tmp_path / 'out' / 'checkpoint.json'}" in out


async def test_an_export_of_a_broken_chain_says_so_and_writes_no_checkpoint(tmp_path: Path) -> None:
    register = open_tinydb_register(tmp_path / "data")
    await register.add_block(BLOCK, EDITOR, T0)
    await register.add_advice("@abuser", EDITOR, T0, "told to email PALS")
    log = tmp_path / "data" / "audit.jsonl"
    log.write_text(log.read_text().replace("told to email PALS", "told nothing"))

    await export_csv(register, tmp_path / "out")
    await register.close()

    assert (tmp_path / "out" / "integrity.txt").read_text().startswith("Audit chain BROKEN")
    assert not (tmp_path / "out" / "checkpoint.json").exists()


async def test_the_command_reports_an_unwritable_directory(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    register = open_tinydb_register(tmp_path / "data")
    await register.add_block(BLOCK, EDITOR, T0)
    await register.close()
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")

    arguments = ["export", "--csv", str(blocker / "out"), "--store", f"tinydb:{tmp_path / 'data'}"]
    status = await asyncio.to_thread(main, arguments)

    assert status == 1
    assert "cannot write the export" in capsys.readouterr().err


@pytest.mark.parametrize("content", [b"", b"  \n\t\n"], ids=["emptied", "whitespace"])
async def test_an_emptied_register_file_is_refused_not_exported_as_an_empty_register(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes
) -> None:
    register = open_tinydb_register(tmp_path / "data")
    await register.add_block(BLOCK, EDITOR, T0)
    await register.close()
    tables, audit = tmp_path / "data" / "register.json", tmp_path / "data" / "audit.jsonl"
    tables.write_bytes(content)
    logged = audit.read_bytes()

    arguments = ["export", "--csv", str(tmp_path / "out"), "--store", f"tinydb:{tmp_path / 'data'}"]
    status = await asyncio.to_thread(main, arguments)

    out, err = capsys.readouterr()
    assert status == 1
    assert err.startswith(f"socialdesk export: the register file {tables} is empty") and err.count("\n") == 1
    assert "wrote" not in out and not (tmp_path / "out").exists()
    assert tables.read_bytes() == content and audit.read_bytes() == logged


def test_export_started_in_the_wrong_folder_names_where_it_looked_and_creates_nothing(tmp_path: Path) -> None:
    """No SOCIALDESK_DATA: the default register is ./data, which is not there."""
    environment = {"PATH": os.environ.get("PATH", ""), "PYTHONPATH": str(REPO)}
    done = subprocess.run(
        [sys.executable, "-m", "socialdesk_cli", "export", "--csv", "out"],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert done.returncode == 1
    assert done.stderr.startswith(f"socialdesk export: there is no register in {tmp_path / 'data'} ")
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert done.stdout == ""
    assert list(tmp_path.iterdir()) == []


def test_export_of_a_named_directory_without_a_register_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "elsewhere").mkdir()

    status = main(["export", "--csv", str(tmp_path / "out"), "--store", f"tinydb:{tmp_path / 'elsewhere'}"])

    assert status == 1
    assert f"there is no register in {tmp_path / 'elsewhere'} " in capsys.readouterr().err
    assert [p.name for p in tmp_path.iterdir()] == ["elsewhere"]
    assert list((tmp_path / "elsewhere").iterdir()) == []


async def test_export_refuses_azure_tables_that_do_not_exist_and_creates_none(
    azurite: Azurite, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    prefix = table_prefix_for(tmp_path / "never-served")
    monkeypatch.setenv("SOCIALDESK_TABLE_PREFIX", prefix)
    arguments = [
        "export",
        "--csv",
        str(tmp_path / "out"),
        "--store",
        f"azure-table:{azurite.connection_string}",
    ]

    status = await asyncio.to_thread(main, arguments)

    err = capsys.readouterr().err
    assert status == 1
    assert "there is no register at http://127.0.0.1:" in err and f"{prefix}blocks" in err
    assert azurite.connection_string not in err  # the key is never printed
    service = TableServiceClient.from_connection_string(azurite.connection_string)
    async with service:
        assert [t.name async for t in service.list_tables() if t.name.startswith(prefix)] == []

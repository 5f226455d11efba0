"""What only the TinyDB backend promises: atomic files, loud failure on damage, cross-process locking."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import re
import subprocess
import sys
from collections.abc import Mapping
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from register import rows, tinydb_store
from register.atomic_file import write_atomically
from register.base import RegisterError
from register.model import Actor, Block, NewBlock
from register.tinydb_store import AUDIT_FILE, TABLES_FILE, open_tinydb_register

REPO = Path(__file__).resolve().parents[2]
EDITOR = Actor("Alex Smith", "11111111-aaaa-4bbb-8ccc-000000000001")
T0 = datetime(2026, 6, 1, 9, 30, tzinfo=UTC)


def new_block(account: str = "@abuser") -> NewBlock:
    return NewBlock("x", account, ("abusive",), "threats", "[REDACTED]", date(2026, 12, 1))


def append_bytes(path: Path, data: bytes) -> None:
    with open(path, "ab") as file:
        file.write(data)


def fail(*args: object, **kwargs: object) -> None:
    raise OSError(28, "No space left on device")


@pytest.mark.parametrize("step", ["fsync", "replace"], ids=["fsync-fails", "rename-fails"])
def test_a_failed_atomic_write_leaves_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, step: str
) -> None:
    target = tmp_path / "tables.json"
    target.write_bytes(b'{"old": {}}')
    monkeypatch.setattr(os, step, fail)

    with pytest.raises(OSError):
        write_atomically(target, b'{"new": {}}')

    assert target.read_bytes() == b'{"old": {}}'
    assert [p.name for p in tmp_path.iterdir()] == ["tables.json"]


async def test_a_failed_table_write_loses_nothing_and_records_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = open_tinydb_register(tmp_path)
    kept = await store.add_block(new_block("@first"), EDITOR, T0)
    before = (tmp_path / TABLES_FILE).read_bytes()

    with monkeypatch.context() as patched:
        patched.setattr(os, "replace", fail)
        with pytest.raises(RegisterError, match=re.escape(TABLES_FILE)):
            await store.add_block(new_block("@second"), EDITOR, T0)

    assert (tmp_path / TABLES_FILE).read_bytes() == before
    assert await store.active_blocks() == [kept]
    assert [e.account for e in await store.audit()] == ["@first"]
    await store.add_block(new_block("@third"), EDITOR, T0)
    assert [b.account for b in await store.blocks_for("@third")] == ["@third"]
    await store.close()


@pytest.mark.parametrize(
    "content",
    [b'{"blocks": {"1": {"id": "abc"', b"[1, 2, 3]", b"\xff\xfe not text", b"", b" \n\t\n"],
    ids=["truncated", "not-tables", "not-utf8", "emptied", "whitespace"],
)
def test_a_damaged_tables_file_is_refused_naming_it(tmp_path: Path, content: bytes) -> None:
    (tmp_path / TABLES_FILE).write_bytes(content)

    with pytest.raises(RegisterError) as refused:
        open_tinydb_register(tmp_path)

    assert str(tmp_path / TABLES_FILE) in str(refused.value)
    assert (tmp_path / TABLES_FILE).read_bytes() == content


async def test_a_damaged_line_inside_the_audit_log_is_refused_naming_the_file(tmp_path: Path) -> None:
    store = open_tinydb_register(tmp_path)
    await store.add_advice("@one", EDITOR, T0)
    append_bytes(tmp_path / AUDIT_FILE, b"this is not json\n")
    await store.add_advice("@two", EDITOR, T0)

    with pytest.raises(RegisterError, match=AUDIT_FILE):
        await store.audit()
    await store.close()


async def test_a_torn_last_audit_line_is_skipped_reported_and_cut_by_the_next_append(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    store = open_tinydb_register(tmp_path)
    await store.add_advice("@one", EDITOR, T0)
    await store.close()
    append_bytes(tmp_path / AUDIT_FILE, b'{"id": "torn", "at": "2026-06-0')

    reopened = open_tinydb_register(tmp_path)
    with caplog.at_level(logging.WARNING, logger="register"):
        assert [e.account for e in await reopened.audit()] == ["@one"]
    assert any(AUDIT_FILE in r.getMessage() and "unfinished" in r.getMessage() for r in caplog.records)

    await reopened.add_advice("@two", EDITOR, T0)

    assert [e.account for e in await reopened.audit()] == ["@one", "@two"]
    lines = (tmp_path / AUDIT_FILE).read_bytes().split(b"\n")
    assert lines[-1] == b""
    assert [json.loads(line)["account"] for line in lines[:-1]] == ["@one", "@two"]
    await reopened.close()


async def test_what_another_process_writes_is_seen(tmp_path: Path) -> None:
    # Two registers on one directory have separate lock files open, just as two processes would.
    bot = open_tinydb_register(tmp_path)
    cron = open_tinydb_register(tmp_path)
    block = await bot.add_block(new_block(), EDITOR, T0)
    assert [e.kind for e in await bot.audit(account="@abuser")] == ["block_created"]

    kept = await cron.keep_block(block.id, block.revision, EDITOR, T0, "still abusive", date(2027, 1, 1))

    assert await bot.get_block(block.id) == kept
    assert [e.kind for e in await bot.audit(account="@abuser")] == ["block_created", "block_kept"]
    await bot.close()
    await cron.close()


def test_a_temp_file_left_by_a_killed_writer_is_removed_on_open(tmp_path: Path) -> None:
    leftover = tmp_path / f".{TABLES_FILE}.abc123.tmp"
    leftover.write_bytes(b'{"half": ')

    open_tinydb_register(tmp_path)

    assert not leftover.exists()


async def test_a_closed_register_refuses_work(tmp_path: Path) -> None:
    store = open_tinydb_register(tmp_path)
    await store.close()

    with pytest.raises(RegisterError, match="closed"):
        await store.active_blocks()


def test_only_one_process_wins_each_digest_claim(tmp_path: Path) -> None:
    racers, days = 4, 15
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "tests.support.digest_claimer", str(tmp_path), f"racer-{n}", str(days)],
            cwd=REPO,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for n in range(racers)
    ]
    for process in processes:
        assert process.stdout is not None and process.stdout.readline().strip() == "ready"
    for process in processes:
        assert process.stdin is not None
        process.stdin.write("go\n")
        process.stdin.flush()

    results = []
    for process in processes:
        out, _ = process.communicate(timeout=120)
        assert process.returncode == 0
        results.append(json.loads(out))

    winners_per_day = [sum(result[day] for result in results) for day in range(days)]
    assert winners_per_day == [1] * days


def counting_decodes(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the rows the register decodes into blocks from here on."""
    calls = [0]
    real = rows.block_from

    def counted(row: Mapping[str, Any], source: str) -> Block:
        calls[0] += 1
        return real(row, source)

    monkeypatch.setattr(tinydb_store, "block_from", counted)
    return calls


@pytest.mark.parametrize("on_disk", [False, True], ids=["memory", "file"])
async def test_blocks_are_decoded_once_until_the_tables_change(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, on_disk: bool
) -> None:
    store = open_tinydb_register(tmp_path if on_disk else None)
    blocks = [await store.add_block(new_block(f"@a{n}"), EDITOR, T0) for n in range(20)]
    await store.due_blocks(date(2026, 12, 1))
    decoded = counting_decodes(monkeypatch)

    for _ in range(3):
        assert len(await store.due_blocks(date(2026, 12, 1))) == 20
        assert len(await store.active_blocks()) == 20
        assert await store.get_block(blocks[3].id) == blocks[3]
    assert decoded == [0]

    # A write made here updates what is remembered: only the new row is decoded.
    added = await store.add_block(new_block("@new"), EDITOR, T0)
    kept = await store.keep_block(blocks[0].id, blocks[0].revision, EDITOR, T0, "still", date(2027, 1, 1))
    due = await store.due_blocks(date(2026, 12, 1))

    assert added in due and kept not in due and len(due) == 20
    assert decoded == [2]  # the new row and the kept one, each once

    # Writes that change no block (here, or by another register on the same files) decode nothing.
    assert await store.claim_digest("19:a", date(2026, 12, 1), "here") is True
    assert len(await store.due_blocks(date(2026, 12, 1))) == 20
    if on_disk:
        other = open_tinydb_register(tmp_path)
        assert await other.claim_digest("19:b", date(2026, 12, 1), "there") is True
        await other.close()
        assert len(await store.due_blocks(date(2026, 12, 1))) == 20
    assert decoded == [2]
    await store.close()


CHILD_WRITER = """
import asyncio, sys
from datetime import UTC, date, datetime
from pathlib import Path
from register.model import Actor, NewBlock
from register.tinydb_store import open_tinydb_register

async def main() -> None:
    store = open_tinydb_register(Path(sys.argv[1]))
    actor = Actor("Cron Job", None)
    block = await store.get_block(sys.argv[2])
    await store.keep_block(block.id, block.revision, actor, datetime.now(UTC), "still", date(2027, 1, 1))
    new = NewBlock("x", "@from.child", ("abusive",), "threats", "[REDACTED]", date(2026, 11, 1))
    await store.add_block(new, actor, datetime.now(UTC))
    await store.close()

asyncio.run(main())
"""


async def test_what_another_process_writes_replaces_the_remembered_blocks(tmp_path: Path) -> None:
    store = open_tinydb_register(tmp_path)
    block = await store.add_block(new_block(), EDITOR, T0)
    assert await store.due_blocks(date(2026, 12, 1)) == [block]

    child = await asyncio.create_subprocess_exec(
        sys.executable, "-c", CHILD_WRITER, str(tmp_path), block.id, cwd=REPO
    )
    assert await child.wait() == 0

    due = await store.due_blocks(date(2026, 12, 1))
    assert [b.account for b in due] == ["@from.child"]
    assert (await store.get_block(block.id)).review_due == date(2027, 1, 1)
    assert [b.account for b in await store.active_blocks()] == ["@from.child", "@abuser"]
    await store.close()


async def test_a_block_gets_the_next_document_id_as_tinydb_would_give_it(tmp_path: Path) -> None:
    store = open_tinydb_register(tmp_path)
    first = await store.add_block(new_block("@one"), EDITOR, T0)
    await store.close()
    tables = json.loads((tmp_path / TABLES_FILE).read_bytes())
    tables["blocks"] = {"5": tables["blocks"]["1"]}  # ids with a gap, as a hand-edited file may have
    (tmp_path / TABLES_FILE).write_text(json.dumps(tables))

    reopened = open_tinydb_register(tmp_path)
    second = await reopened.add_block(new_block("@two"), EDITOR, T0)
    third = await reopened.add_block(new_block("@three"), EDITOR, T0)

    stored = json.loads((tmp_path / TABLES_FILE).read_bytes())["blocks"]
    assert {key: row["id"] for key, row in stored.items()} == {"5": first.id, "6": second.id, "7": third.id}
    assert len(await reopened.all_blocks()) == 3
    await reopened.close()


async def test_audit_since_reads_a_line_with_another_zones_time_by_its_instant(tmp_path: Path) -> None:
    # time_text always writes UTC; a line from another writer may not. 22:30 at UTC-1 is 23:30 UTC,
    # after `since`, though its text sorts before it.
    since = datetime(2026, 5, 31, 23, tzinfo=UTC)
    register = open_tinydb_register(tmp_path)
    await register.add_advice("@early", EDITOR, datetime(2026, 5, 1, tzinfo=UTC))
    await register.close()
    row = {
        "id": "e" * 32,
        "at": "2026-05-31T22:30:00-01:00",
        "kind": "advised",
        "actor": {"name": "Alex Smith", "aad_object_id": None},
        "account": "@zoned",
        "block_id": None,
        "details": {},
    }
    append_bytes(tmp_path / AUDIT_FILE, json.dumps(row).encode() + b"\n")
    register = open_tinydb_register(tmp_path, create=False)
    assert [e.account for e in await register.audit_since(since)] == ["@zoned"]
    await register.close()

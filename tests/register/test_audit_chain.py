"""The audit log's hash chain: a fresh and a migrated register verify, and editing, deleting,
reordering or truncating any event is found and named, on TinyDB (audit.jsonl) and on Azurite."""

from __future__ import annotations

import asyncio
import json
from datetime import timedelta
from pathlib import Path

import pytest

from register.base import Register
from register.chain import ChainResult
from register.migrate import migrate
from register.tinydb_store import AUDIT_FILE, open_tinydb_register
from socialdesk_cli import main
from tests.support.audit_stores import ACCOUNT, EDITOR, T0, Store, digest_sent, edit_text, fill
from tests.support.audit_stores import store as store  # the fixture
from tests.support.azurite import azurite as azurite  # the session fixture
from tests.support.azurite import open_register_on_azurite


def broken(results: list[tuple[str, ChainResult]]) -> list[str]:
    return [result.broken.describe(f"{name} ") for name, result in results if result.broken is not None]


async def verified(store: Store) -> list[tuple[str, ChainResult]]:
    register = await store.open()
    try:
        return await register.verify_chain()
    finally:
        await register.close()


def edit_actor(rows: list[dict[str, object]]) -> list[dict[str, object]]:
    changed = dict(rows[3])
    if isinstance(changed.get("actor"), dict):
        changed["actor"] = {"name": "Someone Else", "aad_object_id": None}
    else:
        changed["actor_name"] = "Someone Else"
    return [*rows[:3], changed, *rows[4:]]


TAMPERING = {
    "edited first event": (edit_text, "event 1", "changed"),
    "edited who decided": (edit_actor, "event 4", "changed"),
    "deleted a middle event": (lambda rows: rows[:2] + rows[3:], "event 3", "removed or moved"),
    "deleted the first event": (lambda rows: rows[1:], "event 1", "removed or moved"),
    "swapped two events": (lambda rows: [rows[1], rows[0], *rows[2:]], "event 1", "moved"),
    "moved the last event first": (lambda rows: [rows[-1], *rows[:-1]], "event 1", "moved"),
    "truncated the last two": (lambda rows: rows[:-2], "event 5", "the last 2 were removed"),
    "truncated to nothing": (lambda rows: [], "event 1", "the last 6 were removed"),
}


async def test_a_fresh_register_verifies(store: Store) -> None:
    register = await store.open()
    await digest_sent(register)
    await register.close()
    results = await verified(store)
    assert broken(results) == []
    assert sum(result.events for _, result in results) == 7
    assert all(result.unchained == 0 for _, result in results)


@pytest.mark.parametrize("name", list(TAMPERING), ids=list(TAMPERING))
async def test_tampering_is_found_and_the_first_broken_event_named(store: Store, name: str) -> None:
    change, where, problem = TAMPERING[name]
    await store.tamper(change)
    found = broken(await verified(store))
    assert len(found) == 1, found
    assert where in found[0] and problem in found[0], found[0]


async def test_appending_after_a_truncation_keeps_the_gap_visible(store: Store) -> None:
    await store.tamper(lambda rows: rows[:-2])
    register = await store.open()
    await register.add_advice(ACCOUNT, EDITOR, T0 + timedelta(days=90))
    found = broken(await register.verify_chain())
    await register.close()
    assert len(found) == 1 and "event 5" in found[0] and "removed or moved" in found[0], found


async def test_events_appended_after_verifying_extend_the_chain(store: Store) -> None:
    register = await store.open()
    await register.add_advice(ACCOUNT, EDITOR, T0 + timedelta(days=90))
    await register.close()
    results = await verified(store)
    assert broken(results) == []
    assert sum(result.events for _, result in results) == 7


async def _tinydb(location: Path) -> Register:
    return open_tinydb_register(location / "data")


async def _azure(location: Path) -> Register:
    return await open_register_on_azurite(location)


@pytest.mark.parametrize(
    ("source_kind", "target_kind"),
    [("tinydb", "azure-table"), ("azure-table", "tinydb"), ("tinydb", "tinydb")],
    ids=["tinydb-to-azure", "azure-to-tinydb", "tinydb-to-tinydb"],
)
async def test_a_migrated_register_verifies_and_so_does_migrating_again(
    source_kind: str, target_kind: str, tmp_path: Path, azurite: object
) -> None:
    opens = {"tinydb": _tinydb, "azure-table": _azure}
    source = await opens[source_kind](tmp_path / "source")
    target = await opens[target_kind](tmp_path / "target")
    try:
        await fill(source)
        await digest_sent(source)
        await migrate(source, target)
        await migrate(source, target)
        results = await target.verify_chain()
        assert broken(results) == []
        assert sum(result.events for _, result in results) == 7
    finally:
        await source.close()
        await target.close()


async def test_a_log_from_before_the_chain_is_sealed_by_the_next_event(tmp_path: Path) -> None:
    register = open_tinydb_register(tmp_path / "data")
    await fill(register)
    await register.close()
    path = tmp_path / "data" / AUDIT_FILE
    unchained = [
        {key: value for key, value in json.loads(line).items() if key not in ("seq", "prev", "hash")}
        for line in path.read_text().splitlines()
    ]
    path.write_text("".join(json.dumps(line) + "\n" for line in unchained))
    (tmp_path / "data" / "audit.head").unlink()

    register = open_tinydb_register(tmp_path / "data")
    [(_, before)] = await register.verify_chain()
    assert (before.intact, before.unchained, before.events) == (True, 6, 6)
    await register.add_advice(ACCOUNT, EDITOR, T0 + timedelta(days=90))
    [(_, after)] = await register.verify_chain()
    assert (after.intact, after.unchained, after.events) == (True, 6, 7)
    await register.close()

    edited = unchained[2] | {"actor": {"name": "Someone Else", "aad_object_id": None}}
    lines = path.read_text().splitlines()
    lines[2] = json.dumps(edited)
    path.write_text("".join(line + "\n" for line in lines))
    register = open_tinydb_register(tmp_path / "data")
    [(_, tampered)] = await register.verify_chain()
    await register.close()
    assert tampered.broken is not None and tampered.broken.position == 7


async def test_a_damaged_line_is_named_and_later_events_are_still_logged(tmp_path: Path) -> None:
    register = open_tinydb_register(tmp_path / "data")
    await fill(register)
    with (tmp_path / "data" / AUDIT_FILE).open("ab") as log:
        log.write(b"this is not json\n")
    await register.add_advice(ACCOUNT, EDITOR, T0 + timedelta(days=90))
    [(_, result)] = await register.verify_chain()
    await register.close()
    assert result.broken is not None and result.broken.position == 7
    assert "damaged at byte" in result.broken.problem
    assert (tmp_path / "data" / AUDIT_FILE).read_text().count('"advised"') == 2


async def test_audit_verify_names_the_first_broken_event_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    register = open_tinydb_register(tmp_path / "data")
    await fill(register)
    await register.close()
    store = f"tinydb:{tmp_path / 'data'}"
    assert await asyncio.to_thread(main, ["audit", "verify", "--store", store]) == 0
    assert "Audit chain intact: 6 events verified; fingerprint " in capsys.readouterr().out

    path = tmp_path / "data" / AUDIT_FILE
    lines = path.read_text().splitlines()
    third = json.loads(lines[2])
    path.write_text("\n".join([*lines[:2], *lines[3:]]) + "\n")
    assert await asyncio.to_thread(main, ["audit", "verify", "--store", store]) == 1
    out = capsys.readouterr().out
    assert "Audit chain BROKEN" in out
    assert f"broken at event 3 ({json.loads(lines[3])['id']}): it was logged as event 4" in out
    assert third["id"] not in out

"""A checkpoint of the audit trail (`socialdesk audit checkpoint`, `audit verify --checkpoint`): the log
may grow after it, but a chain edited, rewritten whole (hashes and head recomputed), cut short or
removed with its head is reported against it, on TinyDB and on Azurite; a bad checkpoint file is
refused before the register is opened."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

from register.checkpoint import CheckpointError, parse_checkpoint
from socialdesk_cli import main
from tests.support.audit_stores import ACCOUNT, EDITOR, T0, Store, azure_store, digest_sent, edit_text, fill
from tests.support.audit_stores import store as store  # the fixture
from tests.support.azurite import azurite as azurite  # the session fixture
from tests.support.azurite import table_prefix_for

LATER = T0.replace(month=9)


@pytest.fixture(autouse=True)
def table_prefix(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # `--store azure-table:CONNECTION` takes the table prefix from the settings, as in production.
    monkeypatch.setenv("SOCIALDESK_TABLE_PREFIX", table_prefix_for(tmp_path))


async def socialdesk(*words: str) -> int:
    # The command runs its own event loop, so it runs in a thread of its own here.
    return await asyncio.to_thread(main, list(words))


async def checkpoint(store: Store, path: Path) -> int:
    return await socialdesk("audit", "checkpoint", "--out", str(path), "--store", store.spec)


async def verify_against(store: Store, path: Path) -> int:
    return await socialdesk("audit", "verify", "--checkpoint", str(path), "--store", store.spec)


async def grow(store: Store) -> None:
    """More events after the checkpoint: on the checkpointed chain, and (on Azure) a chain of its own."""
    register = await store.open()
    await register.add_advice(ACCOUNT, EDITOR, LATER, "told again")
    await digest_sent(register)
    await register.close()


async def test_the_checkpoint_names_each_chain_s_place_and_hash(
    store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "checkpoint.json"
    assert await checkpoint(store, path) == 0
    out = capsys.readouterr().out
    written = parse_checkpoint(path.read_bytes())
    [(name, head)] = written.chains
    assert name in ("", ACCOUNT) and head.seq == 6 and len(head.hash) == 64
    assert f"fingerprint {written.fingerprint}" in out
    assert f"wrote the checkpoint of 1 chain(s), 6 events, to {path}" in out


async def test_a_trail_that_grew_since_still_holds_its_checkpoint(
    store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "checkpoint.json"
    assert await checkpoint(store, path) == 0
    await grow(store)
    capsys.readouterr()
    assert await verify_against(store, path) == 0
    out = capsys.readouterr().out
    assert "Audit chain intact: 8 events" in out
    assert "Every chain still holds the checkpoint of " in out and "(6 events)" in out


FORGERIES = {
    # The chain alone sees this one too; the checkpoint names the chain as well.
    "edited an earlier event": ("tamper", edit_text, "event 6: it does not have the hash"),
    # Hashes and head recomputed: only the checkpoint sees it.
    "edited an earlier event and rewrote every hash": (
        "forge",
        edit_text,
        "event 6: it does not have the hash",
    ),
    # (On Azure the lift its block still carries is appended again by verify: 5 events, not 6.)
    "truncated the log and its head": ("forge", lambda rows: rows[:4], "is shorter than at the checkpoint"),
    # The block's events come back (verify appends what the block carries), but not the rest.
    "removed the chain with its head": ("remove", None, "is shorter than at the checkpoint"),
}


@pytest.mark.parametrize("name", list(FORGERIES), ids=list(FORGERIES))
async def test_a_chain_that_departs_from_its_checkpoint_is_reported_broken(
    store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    how, change, problem = FORGERIES[name]
    path = tmp_path / "checkpoint.json"
    assert await checkpoint(store, path) == 0
    await grow(store)
    if how == "tamper" and change is not None:
        await store.tamper(change)
    elif how == "forge" and change is not None:
        await store.forge(change)
    else:
        await store.remove_chain(ACCOUNT)
    capsys.readouterr()
    assert await verify_against(store, path) == 1
    out = capsys.readouterr().out
    assert "Audit trail BROKEN against the checkpoint of " in out
    [line] = [line for line in out.splitlines() if problem in line]
    chain = "the audit log" if store.spec.startswith("tinydb:") else f"chain {ACCOUNT}"
    assert line.strip().startswith(chain), line


async def test_a_forgery_the_chain_alone_cannot_see_is_caught_only_by_the_checkpoint(
    store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "checkpoint.json"
    assert await checkpoint(store, path) == 0
    await store.forge(edit_text)
    capsys.readouterr()
    assert await socialdesk("audit", "verify", "--store", store.spec) == 0
    assert "Audit chain intact" in capsys.readouterr().out
    assert await verify_against(store, path) == 1


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"", "it is not JSON"),
        (b"[1, 2]", "it is not an audit checkpoint"),
        (json.dumps({"format": "socialdesk audit checkpoint", "version": 9}).encode(), "it is version 9"),
        (
            json.dumps(
                {"format": "socialdesk audit checkpoint", "version": 1, "taken_at": "noon", "chains": []}
            ).encode(),
            '"taken_at"',
        ),
        (
            json.dumps(
                {
                    "format": "socialdesk audit checkpoint",
                    "version": 1,
                    "taken_at": "2026-12-01T10:00:00+00:00",
                    "chains": [{"chain": "@a", "seq": 3, "hash": "not hex"}],
                }
            ).encode(),
            "chain @a has no hash",
        ),
        (
            json.dumps(
                {
                    "format": "socialdesk audit checkpoint",
                    "version": 1,
                    "taken_at": "2026-12-01T10:00:00+00:00",
                    "chains": [{"chain": "@a", "seq": -1, "hash": "0" * 64}],
                }
            ).encode(),
            "chain @a has no place",
        ),
    ],
    ids=["empty", "not-a-checkpoint", "other-version", "bad-time", "bad-hash", "bad-place"],
)
async def test_a_checkpoint_file_that_is_not_one_is_refused_with_exit_2(
    content: bytes, problem: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "checkpoint.json"
    path.write_bytes(content)
    with pytest.raises(CheckpointError, match=problem):
        parse_checkpoint(content)
    # The register named does not exist: the file is refused before it is opened.
    store = f"tinydb:{tmp_path / 'nowhere'}"
    assert await socialdesk("audit", "verify", "--checkpoint", str(path), "--store", store) == 2
    err = capsys.readouterr().err
    assert f"the checkpoint {path} cannot be used: " in err and problem in err
    assert not (tmp_path / "nowhere").exists()


async def test_a_missing_checkpoint_file_is_refused_with_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "gone.json"
    assert await socialdesk("audit", "verify", "--checkpoint", str(path)) == 2
    assert f"the checkpoint {path} cannot be read" in capsys.readouterr().err


async def test_no_checkpoint_is_written_of_a_broken_trail(
    store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    await store.tamper(edit_text)
    path = tmp_path / "checkpoint.json"
    assert await checkpoint(store, path) == 1
    assert "it would vouch for a broken trail" in capsys.readouterr().err
    assert not path.exists()


async def test_checkpoint_needs_out(capsys: pytest.CaptureFixture[str]) -> None:
    assert await socialdesk("audit", "checkpoint") == 2
    assert "checkpoint takes --out FILE" in capsys.readouterr().err


async def test_an_azure_partition_deleted_with_its_head_row_is_named_missing(
    tmp_path: Path, azurite: object, capsys: pytest.CaptureFixture[str]
) -> None:
    store = azure_store(tmp_path)
    register = await store.open()
    await fill(register)
    await register.add_advice("@other", EDITOR, LATER, "told to email PALS")  # a chain with no block
    await register.close()
    path = tmp_path / "checkpoint.json"
    assert await checkpoint(store, path) == 0
    await store.remove_chain("@other")
    capsys.readouterr()
    assert await verify_against(store, path) == 1
    out = capsys.readouterr().out
    # The chain alone cannot tell: what is left verifies.
    assert "Audit chain intact: 6 events verified" in out
    assert "  chain @other is missing: it held 1 events at the checkpoint" in out.splitlines()

"""Killing a writer mid-burst loses nothing it confirmed, leaves a register that opens, and every block
ends with exactly one `block_created`: at random moments, and at the one moment that matters most,
between a block and its audit event (on TinyDB and on Azure Tables through Azurite)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections import Counter
from pathlib import Path

from register.base import Register
from register.factory import open_register
from register.ids import block_id_for
from tests.support.azurite import Azurite, table_settings
from tests.support.azurite import azurite as azurite  # the session fixture
from tests.support.block_writer import form
from tests.support.table_proxy import TableProxy

REPO = Path(__file__).resolve().parents[2]


def tinydb_store(data_dir: Path) -> dict[str, str]:
    return {"SOCIALDESK_STORE": "tinydb", "SOCIALDESK_DATA": str(data_dir)}


def start_writer(store: dict[str, str], *options: str) -> subprocess.Popen[str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("SOCIALDESK_")}
    return subprocess.Popen(
        [sys.executable, "-m", "tests.support.block_writer", *options],
        cwd=REPO,
        env=env | store,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(writer: subprocess.Popen[str], confirmed: list[str]) -> list[str]:
    """Every id the killed writer printed (lines already in the pipe were confirmations too)."""
    writer.wait()
    assert writer.stdout is not None and writer.stderr is not None
    confirmed.extend(line.strip() for line in writer.stdout if line.strip())
    error = writer.stderr.read()
    writer.stdout.close()
    writer.stderr.close()
    assert writer.returncode == -signal.SIGKILL, error
    return confirmed


def burst_then_kill(store: dict[str, str], confirmations: int, first: int) -> list[str]:
    """Run the block writer until it confirms `confirmations` blocks, SIGKILL it; every id it printed."""
    writer = start_writer(store, "--first", str(first))
    assert writer.stdout is not None
    confirmed: list[str] = []
    try:
        while len(confirmed) < confirmations:
            line = writer.stdout.readline()
            assert line, f"writer stopped early: {writer.stderr.read() if writer.stderr else ''}"
            confirmed.append(line.strip())
    finally:
        os.kill(writer.pid, signal.SIGKILL)
    return finish(writer, confirmed)


async def held_and_created(register: Register) -> tuple[set[str], Counter[str]]:
    held = {block.id for block in await register.all_blocks()}
    created = Counter(
        event.block_id or "" for event in await register.audit() if event.kind == "block_created"
    )
    return held, created


async def test_every_confirmed_block_survives_repeated_kills_with_one_creation_event(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    store = tinydb_store(data_dir)
    confirmed: list[str] = []

    for confirmations in (5, 23, 41, 12):
        # Each burst starts again at the form after the last confirmed one: the form in flight when
        # the writer was killed is submitted again, as an editor would press Record again.
        confirmed += burst_then_kill(store, confirmations, first=len(confirmed) + 1)

        register = await open_register(store, create=True)  # the next start
        try:
            held, created = await held_and_created(register)
        finally:
            await register.close()
        assert set(confirmed) <= held
        assert held == set(created) and set(created.values()) == {1}, created
        assert not list(data_dir.glob(".register.json.*.tmp")), "unfinished temp files were not cleared"

    assert len(confirmed) >= 5 + 23 + 41 + 12


async def kill_between_block_and_event(store: dict[str, str], proxy: TableProxy | None = None) -> list[str]:
    """Run the writer and SIGKILL it after block 3 is written, before its `block_created` is."""
    if proxy is None:
        writer = start_writer(store, "--die-before-event", "3")
    else:
        # The audit write of block 3 reaches the proxy and goes no further: kill -9 at that moment.
        held = proxy.hold("POST", "audit", containing=block_id_for(form(3)))
        writer = start_writer(store)
        assert held.wait(timeout=60), "the writer never reached block 3's audit event"
        os.kill(writer.pid, signal.SIGKILL)
    return finish(writer, [])


async def assert_one_creation_each_after_a_start_and_a_retry(
    store: dict[str, str], confirmed: list[str]
) -> None:
    assert len(confirmed) == 2  # blocks 1 and 2; block 3 was written but never confirmed
    register = await open_register(store, create=True)  # the next start
    try:
        held, created = await held_and_created(register)
        assert held == set(created) == {*confirmed, block_id_for(form(3))}
        assert set(created.values()) == {1}
    finally:
        await register.close()
    # The editor presses Record again on form 3: the block written before the kill is confirmed.
    retry = start_writer(store, "--first", "3")
    assert retry.stdout is not None
    assert retry.stdout.readline().strip() == block_id_for(form(3))
    os.kill(retry.pid, signal.SIGKILL)
    finish(retry, [])
    register = await open_register(store)
    try:
        _, created = await held_and_created(register)
        assert created[block_id_for(form(3))] == 1
    finally:
        await register.close()


async def test_kill_9_between_a_block_and_its_event_on_tinydb(tmp_path: Path) -> None:
    store = tinydb_store(tmp_path / "data")

    confirmed = await kill_between_block_and_event(store)

    await assert_one_creation_each_after_a_start_and_a_retry(store, confirmed)


async def test_kill_9_between_a_block_and_its_event_on_azure_tables(azurite: Azurite, tmp_path: Path) -> None:
    with TableProxy(azurite) as proxy:
        store = table_settings(proxy.connection_string, tmp_path)

        confirmed = await kill_between_block_and_event(store, proxy)

    await assert_one_creation_each_after_a_start_and_a_retry(
        table_settings(azurite.connection_string, tmp_path), confirmed
    )

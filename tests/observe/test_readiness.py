"""`/readyz` answers 200 only while the register answers a cheap read in time and the pack is loaded;
otherwise 503 with the reason. `/healthz` stays a liveness check throughout.

The register is stopped for real: a TinyDB data directory made unreadable under a real
`socialdesk serve` process, an Azurite that is stopped, a register file lock held by another holder.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import replace
from pathlib import Path
from typing import Any
from unittest import mock

from policy.pack import PolicyPack
from register.azure_table import open_azure_table_register
from register.file_lock import ProcessLock
from register.tinydb_store import LOCK_FILE, TinyDBRegister
from settings import Settings
from tests.support.azurite import Azurite
from tests.support.botprocess import BotProcess, without_root_privileges
from tests.support.botserver import BotClient, serve


async def readyz(bot: BotClient) -> tuple[int, dict[str, Any]]:
    async with bot.session.get(bot.url + "/readyz") as response:
        return response.status, await response.json()


def get(url: str) -> tuple[int, dict[str, Any]]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


async def test_ready_when_the_register_answers_and_the_pack_is_loaded(local_bot: BotClient) -> None:
    status, body = await readyz(local_bot)

    assert status == 200
    assert body == {"status": "ready", "checks": {"pack": "ok", "register": "ok"}}


async def test_a_pack_without_wording_is_not_ready(register: TinyDBRegister, pack: PolicyPack) -> None:
    async with serve(Settings(local=True), register, replace(pack, wording=())) as bot:
        status, body = await readyz(bot)
        assert await bot.health() == 200

    assert status == 503
    assert body["status"] == "not ready"
    assert body["checks"] == {"pack": "the policy pack has no criteria or no wording", "register": "ok"}


def test_an_unreadable_tinydb_folder_makes_a_running_bot_unready_until_it_is_readable(
    tmp_path: Path,
) -> None:
    data = tmp_path / "data"
    with BotProcess({"SOCIALDESK_DATA": str(data)}, tmp_path, prefix=without_root_privileges()) as bot:
        assert get(bot.url + "/readyz")[0] == 200, bot.log()
        data.chmod(0)
        try:
            status, body = get(bot.url + "/readyz")
            alive, _ = get(bot.url + "/healthz")
        finally:
            data.chmod(0o700)
        again, _ = get(bot.url + "/readyz")

    assert (status, alive, again) == (503, 200, 200), bot.log()
    assert body["checks"]["register"] == "the register could not be read (PermissionError)"
    assert body["checks"]["pack"] == "ok"
    assert str(data) not in json.dumps(body)


async def test_a_stopped_azurite_makes_the_bot_unready(tmp_path: Path, pack: PolicyPack) -> None:
    with Azurite() as azurite:
        register = await open_azure_table_register(
            connection_string=azurite.connection_string, table_prefix="ready", create=True
        )
        try:
            async with serve(Settings(local=True, ready_timeout=1.0), register, pack) as bot:
                before, _ = await readyz(bot)
                azurite.stop()
                status, body = await readyz(bot)
                alive = await bot.health()
        finally:
            await register.close()

    assert (before, status, alive) == (200, 503, 200)
    reason = body["checks"]["register"]
    assert reason.startswith(("the register did not answer within 1 s", "the register could not be read"))
    assert "AccountKey" not in json.dumps(body) and azurite.connection_string not in json.dumps(body)


async def test_a_register_that_hangs_is_unready_within_the_deadline_and_probes_share_one_read(
    tmp_path: Path, pack: PolicyPack
) -> None:
    data = tmp_path / "data"
    register = TinyDBRegister(data)
    holder = ProcessLock(data / LOCK_FILE)  # another holder of the register's lock, as another process
    reads = mock.patch.object(register, "get_subscription", wraps=register.get_subscription)
    try:
        async with serve(Settings(local=True, ready_timeout=0.2), register, pack) as bot:
            with reads as read:
                with holder.hold():
                    first, body = await readyz(bot)
                    second, _ = await readyz(bot)
                    reads_while_held = read.call_count
                after, _ = await readyz(bot)
    finally:
        holder.close()
        await register.close()

    assert (first, second, after) == (503, 503, 200)
    assert body["checks"]["register"] == "the register did not answer within 0.2 s"
    assert reads_while_held == 1

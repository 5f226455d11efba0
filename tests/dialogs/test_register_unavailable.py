"""A frozen register, over HTTP: every turn answers within its deadline with "cannot reach the
register", block submissions included, and the register is used again once it recovers.

The Azure Table register reaches Azurite through a proxy that can stall (tests/support/stall_proxy.py),
with short timeouts and a short turn deadline, as an operator may configure them.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path

import pytest

from policy.pack import PolicyPack
from register.azure_table import AzureTableRegister
from settings import Settings
from tests.support.activities import Teams
from tests.support.azurite import open_via, shared_azurite
from tests.support.botserver import BotClient, Reply, serve
from tests.support.connector import Connector
from tests.support.forms import typed_block_form
from tests.support.stall_proxy import StallProxy

CARD = "application/vnd.microsoft.card.adaptive"
MESSAGE = "application/vnd.microsoft.activity.message"
GUARD = 60.0  # far longer than any answer here takes; only a turn waiting on the frozen store reaches it


@pytest.fixture
async def proxy() -> AsyncIterator[StallProxy]:
    async with StallProxy(shared_azurite().port) as started:
        yield started


@pytest.fixture(params=[0.5, 300.0], ids=["short-timeouts", "sdk-default-timeouts"])
async def store(
    proxy: StallProxy, tmp_path: Path, request: pytest.FixtureRequest
) -> AsyncIterator[AzureTableRegister]:
    """The register behind the proxy: with short timeouts, or with the SDK's own (300 s), when only
    the turn's deadline stands between a frozen store and a turn Teams has given up on."""
    opened = await open_via(proxy.port, tmp_path, request.param)
    yield opened
    proxy.resume()
    await opened.drop_tables()
    await opened.close()


@pytest.fixture
async def bot(
    store: AzureTableRegister, local_settings: Settings, pack: PolicyPack
) -> AsyncIterator[BotClient]:
    async with serve(replace(local_settings, turn_deadline=1.5), store, pack) as client:
        yield client


async def _post(bot: BotClient, activity: dict[str, object]) -> Reply:
    return await asyncio.wait_for(bot.post(activity), GUARD)


def _submission(teams: Teams) -> dict[str, object]:
    return teams.execute("block.submit", typed_block_form() | {"form_id": uuid.uuid4().hex})


async def test_a_block_submitted_while_the_register_is_frozen_is_told_it_cannot_reach_it(
    bot: BotClient, proxy: StallProxy, connector: Connector
) -> None:
    teams = Teams(connector.url, scope="channel")
    proxy.stall()

    reply = await _post(bot, _submission(teams))

    assert reply.status == 200
    assert reply.body["type"] == MESSAGE
    assert "cannot reach the register" in reply.body["value"]
    assert "something went wrong" not in reply.body["value"]


async def test_a_command_while_the_register_is_frozen_is_told_it_cannot_reach_it(
    bot: BotClient, proxy: StallProxy, connector: Connector
) -> None:
    teams = Teams(connector.url)
    proxy.stall()

    await _post(bot, teams.message("history @troll_99"))

    [said] = connector.texts()
    assert "cannot reach the register" in said


async def test_the_same_form_goes_through_once_the_register_recovers(
    bot: BotClient, proxy: StallProxy, connector: Connector, store: AzureTableRegister
) -> None:
    teams = Teams(connector.url, scope="channel")
    submission = _submission(teams)
    proxy.stall()
    await _post(bot, submission)

    proxy.resume()
    reply = await _post(bot, submission)

    assert reply.body["type"] == CARD
    assert [block.account for block in await store.active_blocks()] == ["@troll_99"]

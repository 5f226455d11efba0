"""Keeping conversation references (dialogs/conversations.py): bookkeeping never fails what a user asked.

Two bots share one register on Azurite, as two App Service instances do, and many turns arrive at
once in one conversation: every block submission is recorded, the conversation is stored once, and
a turn whose conversation is already stored as it is writes no reference again.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from policy.pack import PolicyPack
from register.azure_table import AzureTableRegister
from register.tinydb_store import CONVERSATIONS_FILE, TinyDBRegister
from settings import Settings
from tests.support.activities import EDITOR, VIEWER, Teams
from tests.support.azurite import open_on_azurite
from tests.support.botserver import BotClient, serve
from tests.support.connector import Connector
from tests.support.forms import typed_block_form

CARD = "application/vnd.microsoft.card.adaptive"
TURNS = 24


@pytest.fixture
async def two_stores(tmp_path: Path) -> AsyncIterator[tuple[AzureTableRegister, AzureTableRegister]]:
    """Two registers with their own clients on the same tables."""
    first = await open_on_azurite(tmp_path)
    second = await open_on_azurite(tmp_path)
    yield first, second
    await first.drop_tables()
    await first.close()
    await second.close()


def _submission(teams: Teams, number: int) -> dict[str, Any]:
    form = typed_block_form(account=f"@troll_{number}") | {"form_id": uuid.uuid4().hex}
    return teams.execute("block.submit", form)


async def test_concurrent_turns_in_one_conversation_on_two_instances_all_record_their_blocks(
    two_stores: tuple[AzureTableRegister, AzureTableRegister],
    connector: Connector,
    local_settings: Settings,
    pack: PolicyPack,
) -> None:
    first_store, second_store = two_stores
    teams = Teams(connector.url, scope="channel")
    async with (
        serve(local_settings, first_store, pack) as first,
        serve(local_settings, second_store, pack) as second,
    ):
        bots: tuple[BotClient, BotClient] = (first, second)
        replies = await asyncio.gather(*(bots[n % 2].post(_submission(teams, n)) for n in range(TURNS)))

    assert [reply.status for reply in replies] == [200] * TURNS
    assert [reply.body["type"] for reply in replies] == [CARD] * TURNS, [
        reply.body["value"] for reply in replies if reply.body["type"] != CARD
    ]
    assert len(await first_store.active_blocks()) == TURNS
    [subscription] = await second_store.subscriptions()
    assert subscription.subscribed
    assert [e.kind for e in await first_store.audit() if e.kind == "subscribed"] == ["subscribed"]


async def test_a_conversation_is_written_once_and_again_only_when_its_route_changes(
    local_bot: BotClient, connector: Connector, register: TinyDBRegister, tmp_path: Path
) -> None:
    teams = Teams(connector.url, scope="channel")
    stored = tmp_path / "data" / CONVERSATIONS_FILE
    await local_bot.post(teams.message("hours"))
    for user in (EDITOR, VIEWER, EDITOR):  # other speakers, same conversation: nothing to write
        await local_bot.post(replace(teams, user=user).message("hours"))
    lines_before_move = stored.read_bytes().count(b"\n")

    moved = replace(teams, service_url=connector.url.rstrip("/") + "/moved/")
    await local_bot.post(moved.message("hours"))

    assert lines_before_move == 1
    assert stored.read_bytes().count(b"\n") == 2
    [subscription] = await register.subscriptions()
    assert subscription.subscribed and subscription.reference["serviceUrl"] == moved.service_url


async def test_a_register_that_cannot_keep_the_reference_still_records_the_block(
    local_bot: BotClient, connector: Connector, register: TinyDBRegister, tmp_path: Path
) -> None:
    (tmp_path / "data" / CONVERSATIONS_FILE).write_bytes(b"not json\n")  # damaged: every read fails
    teams = Teams(connector.url, scope="channel")

    reply = await local_bot.post(_submission(teams, 1))

    assert reply.body["type"] == CARD
    assert [block.account for block in await register.active_blocks()] == ["@troll_1"]

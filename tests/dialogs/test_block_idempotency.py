"""Recording a block once per form over HTTP: a double click, a retried request, a form shown again."""

from __future__ import annotations

import asyncio
import re
from typing import Any

from register.tinydb_store import TinyDBRegister
from tests.support.activities import Teams
from tests.support.botserver import BotClient
from tests.support.connector import Connector
from tests.support.forms import typed_block_form

CARD = "application/vnd.microsoft.card.adaptive"


def _submit_data(card: dict[str, Any]) -> dict[str, Any]:
    """The data the form's "Record block" button sends with the inputs (its `data`)."""
    [button] = [a for a in card["actions"] if a.get("verb") == "block.submit"]
    data: dict[str, Any] = button["data"]
    return data


async def _form(bot: BotClient, teams: Teams, connector: Connector) -> dict[str, Any]:
    await bot.post(teams.message("block @troll_99 on facebook"))
    [form] = connector.cards()
    connector.clear()
    return form


async def test_each_form_carries_its_own_id(
    local_bot: BotClient, connector: Connector, register: TinyDBRegister
) -> None:
    teams = Teams(connector.url)
    first = _submit_data(await _form(local_bot, teams, connector))
    second = _submit_data(await _form(local_bot, teams, connector))

    assert re.fullmatch(r"[0-9a-f]{32}", first["form_id"])
    assert first["form_id"] != second["form_id"]


async def test_submitting_the_same_form_twice_records_one_block(
    local_bot: BotClient, connector: Connector, register: TinyDBRegister
) -> None:
    teams = Teams(connector.url)
    data = _submit_data(await _form(local_bot, teams, connector)) | typed_block_form()

    first = await local_bot.post(teams.execute("block.submit", data))
    second = await local_bot.post(teams.execute("block.submit", data))

    assert first.body["type"] == second.body["type"] == CARD
    [block] = await register.active_blocks()
    assert block.id in str(first.body["value"]) or "@troll_99" in str(first.body["value"])
    assert first.body["value"] == second.body["value"]  # the same confirmation both times
    assert [e.kind for e in await register.audit()] == ["block_created"]


async def test_a_double_click_arriving_at_once_records_one_block(
    local_bot: BotClient, connector: Connector, register: TinyDBRegister
) -> None:
    teams = Teams(connector.url)
    data = _submit_data(await _form(local_bot, teams, connector)) | typed_block_form()

    replies = await asyncio.gather(*(local_bot.post(teams.execute("block.submit", data)) for _ in range(3)))

    assert [reply.body["type"] for reply in replies] == [CARD] * 3
    assert len(await register.active_blocks()) == 1
    assert [e.kind for e in await register.audit()] == ["block_created"]


async def test_a_form_shown_again_with_errors_keeps_its_id(
    local_bot: BotClient, connector: Connector, register: TinyDBRegister
) -> None:
    teams = Teams(connector.url)
    data = _submit_data(await _form(local_bot, teams, connector))
    refused = await local_bot.post(teams.execute("block.submit", data | typed_block_form(criteria="")))
    again = _submit_data(refused.body["value"])
    assert again["form_id"] == data["form_id"]

    await local_bot.post(teams.execute("block.submit", again | typed_block_form()))
    await local_bot.post(teams.execute("block.submit", again | typed_block_form()))

    assert len(await register.active_blocks()) == 1


async def test_two_forms_record_two_blocks(
    local_bot: BotClient, connector: Connector, register: TinyDBRegister
) -> None:
    teams = Teams(connector.url)
    first = _submit_data(await _form(local_bot, teams, connector)) | typed_block_form()
    second = _submit_data(await _form(local_bot, teams, connector)) | typed_block_form()

    await local_bot.post(teams.execute("block.submit", first))
    await local_bot.post(teams.execute("block.submit", second))

    assert len(await register.active_blocks()) == 2


async def test_a_submission_without_a_usable_form_id_is_still_recorded(
    local_bot: BotClient, connector: Connector, register: TinyDBRegister
) -> None:
    teams = Teams(connector.url)

    reply = await local_bot.post(teams.execute("block.submit", typed_block_form(form_id="not a form id")))

    assert reply.body["type"] == CARD
    assert len(await register.active_blocks()) == 1

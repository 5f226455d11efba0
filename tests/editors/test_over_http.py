"""The editors group at work in the bot, over HTTP with real tokens: a group member who is not in
SOCIALDESK_EDITORS may record a block; with Graph down the same person is told why and nothing is
recorded; help names the editors-only commands."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import pytest

from editors.config import group_editors
from policy.pack import PolicyPack
from register.tinydb_store import TinyDBRegister
from tests.editors.conftest import settings_for
from tests.support.activities import VIEWER, Teams
from tests.support.botfixtures import APP_ID, APP_PASSWORD, secured_settings
from tests.support.botserver import BotClient, Reply, serve
from tests.support.connector import Connector
from tests.support.forms import typed_block_form
from tests.support.graph_endpoint import GraphEndpoint
from tests.support.tokens import LocalCredentialFactory, TokenService

BLOCK_FORM = typed_block_form(post_id="abc123")


@dataclass
class GroupBot:
    """The bot with the editors group, and a person in the group but not in SOCIALDESK_EDITORS."""

    client: BotClient
    teams: Teams
    token: str

    async def post(self, activity: dict[str, Any]) -> Reply:
        return await self.client.post(activity, token=self.token)


@pytest.fixture
async def group_bot(
    graph: GraphEndpoint,
    tokens: TokenService,
    register: TinyDBRegister,
    pack: PolicyPack,
    connector: Connector,
) -> AsyncIterator[GroupBot]:
    graph.members = {VIEWER.aad_object_id}
    editors = group_editors(settings_for(graph))
    factory = LocalCredentialFactory(APP_ID, APP_PASSWORD, tokens)
    token = tokens.sign(audience=APP_ID, service_url=connector.url)
    settings = secured_settings(tokens)
    async with serve(settings, register, pack, credentials_factory=factory, editors=editors) as client:
        yield GroupBot(client, Teams(connector.url, user=VIEWER), token)


async def test_a_group_member_may_record_a_block(group_bot: GroupBot, register: TinyDBRegister) -> None:
    reply = await group_bot.post(group_bot.teams.execute("block.submit", BLOCK_FORM))

    assert reply.status == 200 and reply.body["type"] == "application/vnd.microsoft.card.adaptive", reply.body
    [block] = await register.active_blocks()
    assert block.decided_by.aad_object_id == VIEWER.aad_object_id


async def test_with_graph_down_nobody_in_the_group_may_edit_and_is_told_why(
    group_bot: GroupBot, graph: GraphEndpoint, register: TinyDBRegister, connector: Connector
) -> None:
    await graph.stop()
    reply = await group_bot.post(group_bot.teams.execute("block.submit", BLOCK_FORM))
    await group_bot.post(group_bot.teams.message("block @troll_99"))

    assert "Microsoft Graph did not answer. Nothing was changed." in reply.body["value"]
    assert any("Microsoft Graph did not answer" in text for text in connector.texts())
    assert await register.active_blocks() == []


async def test_help_for_a_group_member_marks_the_editors_only_commands(
    group_bot: GroupBot, connector: Connector
) -> None:
    await group_bot.post(group_bot.teams.message("help"))

    [help_card] = connector.cards()
    assert "block [@handle on platform]" in str(help_card)
    assert "(editors only)" in str(help_card)

"""The editors group at work in the bot, over HTTP with real tokens: a group member who is not in
SOCIALDESK_EDITORS may record a block; with Graph down the same person is told why and nothing is
recorded; help names the editors-only commands."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from editors.config import group_editors
from policy.pack import PolicyPack
from register.tinydb_store import TinyDBRegister
from tests.editors.conftest import settings_for
from tests.support.activities import VIEWER, Teams
from tests.support.botfixtures import APP_ID, APP_PASSWORD, secured_settings
from tests.support.botserver import BotClient, serve
from tests.support.connector import Connector
from tests.support.forms import typed_block_form
from tests.support.graph_endpoint import GraphEndpoint
from tests.support.tokens import LocalCredentialFactory, TokenService

BLOCK_FORM = typed_block_form(post_id="abc123")


@asynccontextmanager
async def bot_with_group(
    graph: GraphEndpoint, tokens: TokenService, register: TinyDBRegister, pack: PolicyPack
) -> AsyncIterator[BotClient]:
    editors = group_editors(settings_for(graph))
    factory = LocalCredentialFactory(APP_ID, APP_PASSWORD, tokens)
    async with serve(
        secured_settings(tokens), register, pack, credentials_factory=factory, editors=editors
    ) as client:
        yield client


async def test_a_group_member_may_record_a_block(
    graph: GraphEndpoint,
    tokens: TokenService,
    register: TinyDBRegister,
    pack: PolicyPack,
    connector: Connector,
) -> None:
    graph.members = {VIEWER.aad_object_id}
    token = tokens.sign(audience=APP_ID, service_url=connector.url)
    teams = Teams(connector.url, user=VIEWER)
    async with bot_with_group(graph, tokens, register, pack) as bot:
        reply = await bot.post(teams.execute("block.submit", BLOCK_FORM), token=token)

    assert reply.status == 200 and reply.body["type"] == "application/vnd.microsoft.card.adaptive", reply.body
    [block] = await register.active_blocks()
    assert block.decided_by.aad_object_id == VIEWER.aad_object_id


async def test_with_graph_down_nobody_in_the_group_may_edit_and_is_told_why(
    graph: GraphEndpoint,
    tokens: TokenService,
    register: TinyDBRegister,
    pack: PolicyPack,
    connector: Connector,
) -> None:
    graph.members = {VIEWER.aad_object_id}
    await graph.stop()
    token = tokens.sign(audience=APP_ID, service_url=connector.url)
    teams = Teams(connector.url, user=VIEWER)
    async with bot_with_group(graph, tokens, register, pack) as bot:
        reply = await bot.post(teams.execute("block.submit", BLOCK_FORM), token=token)
        await bot.post(teams.message("block @troll_99"), token=token)

    assert "Microsoft Graph did not answer. Nothing was changed." in reply.body["value"]
    assert any("Microsoft Graph did not answer" in text for text in connector.texts())
    assert await register.active_blocks() == []


async def test_help_for_a_group_member_marks_the_editors_only_commands(
    graph: GraphEndpoint,
    tokens: TokenService,
    register: TinyDBRegister,
    pack: PolicyPack,
    connector: Connector,
) -> None:
    graph.members = {VIEWER.aad_object_id}
    token = tokens.sign(audience=APP_ID, service_url=connector.url)
    async with bot_with_group(graph, tokens, register, pack) as bot:
        await bot.post(Teams(connector.url, user=VIEWER).message("help"), token=token)

    [help_card] = connector.cards()
    assert "block [@handle on platform]" in str(help_card)
    assert "(editors only)" in str(help_card)

"""Authentication over real HTTP: tokens signed by a local key server, checked by the real app."""

from __future__ import annotations

import asyncio
import socket

import pytest
from aiohttp import web

from policy.pack import PolicyPack
from register.tinydb_store import TinyDBRegister
from tests.support.activities import OTHER_TENANT, Teams
from tests.support.botfixtures import APP_ID, APP_PASSWORD, secured_settings
from tests.support.botserver import BotClient, serve
from tests.support.connector import Connector
from tests.support.threaded_server import ThreadedServer
from tests.support.tokens import LocalCredentialFactory, TokenService

# How long a test waits for an answer: far above the deadlines configured here (0.5 s to fetch keys).
CLIENT_TIMEOUT = 8.0


def _token(tokens: TokenService, connector: Connector, **claims: object) -> str:
    return tokens.sign(**{"audience": APP_ID, "service_url": connector.url, **claims})  # type: ignore[arg-type]


async def test_valid_token_is_accepted_and_reply_is_signed(secured_bot, tokens, connector):
    teams = Teams(connector.url)
    reply = await secured_bot.post(teams.message("help"), token=_token(tokens, connector))
    assert reply.status in (200, 201)
    [sent] = connector.posted()
    assert sent.cards, "help answers with a card"
    # The reply went out with a token from the (stand-in) Azure AD, as the real connector requires.
    assert sent.authorization is not None and sent.authorization.startswith("Bearer ")


BAD_TOKENS = {
    "wrong audience": {"audience": "someone-elses-bot"},
    "wrong issuer": {"issuer": "https://sts.example.invalid/"},
    "expired": {"issued_ago": 7200, "lifetime": 3600},
    "not yet valid": {"issued_ago": -7200},
    "signed with an unknown key": {"foreign_key": True},
    "service url not the activity's": {"service_url": "https://smba.example.invalid/"},
}


@pytest.mark.parametrize("claims", BAD_TOKENS.values(), ids=BAD_TOKENS.keys())
async def test_bad_tokens_get_401(secured_bot, tokens, connector, claims):
    reply = await secured_bot.post(
        Teams(connector.url).message("help"), token=_token(tokens, connector, **claims)
    )
    assert reply.status == 401
    assert reply.body == {"error": "the request could not be authenticated"}
    assert connector.posted() == []


MALFORMED_HEADERS = {
    "missing": {},
    "empty": {"Authorization": ""},
    "garbage": {"Authorization": "Bearer not-a-jwt"},
    "three dots": {"Authorization": "Bearer a.b.c"},
    "wrong scheme": {"Authorization": "Basic dXNlcjpwYXNz"},
    "no token": {"Authorization": "Bearer"},
}


@pytest.mark.parametrize("headers", MALFORMED_HEADERS.values(), ids=MALFORMED_HEADERS.keys())
async def test_missing_or_malformed_authorization_gets_401(secured_bot, connector, headers):
    reply = await secured_bot.post(Teams(connector.url).message("help"), headers=headers)
    assert reply.status == 401
    assert connector.posted() == []
    assert await secured_bot.health() == 200


UNREADABLE = {
    "not JSON": b"{this is not json",
    "nested 100,000 deep": b"[" * 100_000 + b"]" * 100_000,
    "empty": b"",
}
NO_VALID_TOKEN = {
    "no header": lambda tokens, connector: {},
    "garbage": lambda tokens, connector: {"Authorization": "Bearer not-a-jwt"},
    "expired": lambda tokens, connector: {
        "Authorization": "Bearer " + _token(tokens, connector, issued_ago=7200, lifetime=3600)
    },
    "signed with an unknown key": lambda tokens, connector: {
        "Authorization": "Bearer " + _token(tokens, connector, foreign_key=True)
    },
}


@pytest.mark.parametrize("credentials", NO_VALID_TOKEN.values(), ids=NO_VALID_TOKEN.keys())
@pytest.mark.parametrize("raw", UNREADABLE.values(), ids=UNREADABLE.keys())
async def test_without_a_valid_token_the_body_is_never_parsed(
    secured_bot, tokens, connector, raw, credentials
):
    reply = await secured_bot.post(raw=raw, headers=credentials(tokens, connector))
    assert reply.status == 401  # not 400: whoever sent it learns nothing about the body's handling
    assert connector.posted() == []


@pytest.mark.parametrize("raw", UNREADABLE.values(), ids=UNREADABLE.keys())
async def test_with_a_valid_token_an_unreadable_body_gets_400(secured_bot, tokens, connector, raw):
    reply = await secured_bot.post(raw=raw, token=_token(tokens, connector))
    assert reply.status == 400
    assert connector.posted() == []


async def test_a_token_for_another_channel_is_refused(secured_bot, tokens, connector):
    """The token is checked alone before the body is read, and with the activity after: the signing
    key must be endorsed for the activity's channel."""
    activity = Teams(connector.url).message("help")
    activity["channelId"] = "webchat"
    reply = await secured_bot.post(activity, token=_token(tokens, connector))
    assert reply.status == 401
    assert connector.posted() == []


async def test_other_tenant_is_refused(secured_bot, tokens, connector):
    activity = Teams(connector.url, tenant=OTHER_TENANT).message("help")
    reply = await secured_bot.post(activity, token=_token(tokens, connector))
    assert reply.status == 403
    assert "tenant" in reply.body["error"]
    assert connector.posted() == []


async def test_activity_without_tenant_is_refused(secured_bot, tokens, connector):
    activity = Teams(connector.url).message("help")
    del activity["channelData"]["tenant"]
    del activity["conversation"]["tenantId"]
    reply = await secured_bot.post(activity, token=_token(tokens, connector))
    assert reply.status == 403


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def test_unreachable_key_server_gets_401(tokens, connector, register: TinyDBRegister, pack: PolicyPack):
    url = f"http://127.0.0.1:{_free_port()}/v1/.well-known/openidconfiguration"
    settings = secured_settings(tokens, openid_metadata_url=url)
    factory = LocalCredentialFactory(APP_ID, APP_PASSWORD, tokens)
    async with serve(settings, register, pack, credentials_factory=factory) as bot:
        reply = await bot.post(Teams(connector.url).message("help"), token=_token(tokens, connector))
        assert reply.status == 401
        assert await bot.health() == 200


async def test_key_server_that_never_answers_gets_401_without_stalling(
    tokens, connector, register: TinyDBRegister, pack: PolicyPack
):
    async def hang(request: web.Request) -> web.Response:
        await asyncio.sleep(60)
        return web.Response()

    stalled = web.Application()
    stalled.router.add_get("/{tail:.*}", hang)
    with ThreadedServer(stalled) as server:
        settings = secured_settings(tokens, openid_metadata_url=server.url + "/meta", auth_timeout=0.5)
        factory = LocalCredentialFactory(APP_ID, APP_PASSWORD, tokens)
        async with serve(settings, register, pack, credentials_factory=factory) as bot:
            pending = asyncio.create_task(
                bot.post(Teams(connector.url).message("help"), token=_token(tokens, connector))
            )
            # The event loop stays free while the key fetch hangs in its own thread.
            assert await bot.health() == 200
            reply = await pending
            assert reply.status == 401


async def test_local_mode_accepts_unsigned_requests(local_bot: BotClient, connector):
    reply = await local_bot.post(Teams(connector.url).message("help"))
    assert reply.status == 201
    [sent] = connector.posted()
    assert sent.authorization is None


async def test_a_stalled_key_server_costs_only_the_requests_made_during_the_stall(
    connector, register: TinyDBRegister, pack: PolicyPack
):
    """More requests than the SDK's old auth threads arrive while the key server is stalled: they are
    refused at the fetch deadline, /healthz answers throughout, and once the key server answers
    again the next valid token is accepted."""
    with TokenService() as key_server:  # this test's own: its stall must not reach other tests
        settings = secured_settings(key_server, auth_timeout=0.5)
        factory = LocalCredentialFactory(APP_ID, APP_PASSWORD, key_server)
        async with serve(settings, register, pack, credentials_factory=factory) as bot:
            key_server.stalled = True
            during = [
                asyncio.create_task(
                    bot.post(Teams(connector.url).message("help"), token=_token(key_server, connector))
                )
                for _ in range(8)
            ]
            assert await asyncio.wait_for(bot.health(), CLIENT_TIMEOUT) == 200
            replies = await asyncio.wait_for(asyncio.gather(*during), CLIENT_TIMEOUT)
            assert [r.status for r in replies] == [401] * 8
            assert await asyncio.wait_for(bot.health(), CLIENT_TIMEOUT) == 200

            key_server.stalled = False
            reply = await asyncio.wait_for(
                bot.post(Teams(connector.url).message("help"), token=_token(key_server, connector)),
                CLIENT_TIMEOUT,
            )
            assert reply.status == 201
            assert connector.posted(), "the reply went out"
            assert await asyncio.wait_for(bot.health(), CLIENT_TIMEOUT) == 200

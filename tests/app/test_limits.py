"""Bad input over HTTP gets a clear 4xx, never a 500, and the service keeps answering."""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest

from tests.support.activities import Teams
from tests.support.botserver import BotClient


async def _still_serving(bot: BotClient, connector) -> None:
    assert await bot.health() == 200
    connector.clear()
    reply = await bot.post(Teams(connector.url).message("help"))
    assert reply.status == 201
    assert connector.posted(), "a normal message is still answered"


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", None], ids=str)
async def test_wrong_or_missing_content_type_gets_415(local_bot, connector, content_type):
    raw = json.dumps(Teams(connector.url).message("help")).encode()
    reply = await local_bot.post(raw=raw, content_type=content_type)
    assert reply.status == 415
    assert "application/json" in reply.body["error"]
    await _still_serving(local_bot, connector)


async def test_oversized_body_gets_413(local_bot, local_settings, connector):
    activity = Teams(connector.url).message("x" * (local_settings.max_body_bytes + 10))
    reply = await local_bot.post(activity)
    assert reply.status == 413
    assert connector.posted() == []
    await _still_serving(local_bot, connector)


async def test_oversized_chunked_body_without_length_gets_413(local_bot, local_settings, connector):
    chunk = b"x" * 65536

    async def chunks() -> AsyncIterator[bytes]:
        for _ in range(local_settings.max_body_bytes // len(chunk) + 2):
            yield chunk

    url = local_bot.url + "/api/messages"
    async with local_bot.session.post(url, data=chunks(), headers={"Content-Type": "application/json"}) as r:
        assert r.status == 413
    await _still_serving(local_bot, connector)


NOT_ACTIVITIES = {
    "not json": b"{this is not json",
    "not utf-8": b"\xff\xfe\x00{",
    "empty": b"",
    "a list": b"[1, 2]",
    "a string": b'"message"',
    "no type": json.dumps(
        {"serviceUrl": "http://x/", "channelId": "msteams", "conversation": {"id": "c"}}
    ).encode(),
}


@pytest.mark.parametrize("raw", NOT_ACTIVITIES.values(), ids=NOT_ACTIVITIES.keys())
async def test_non_json_or_non_activity_gets_400(local_bot, connector, raw):
    reply = await local_bot.post(raw=raw)
    assert reply.status == 400
    assert reply.body["error"]
    await _still_serving(local_bot, connector)


def _broken(change: Callable[[dict[str, Any]], object]) -> Callable[[str], dict[str, Any]]:
    def build(url: str) -> dict[str, Any]:
        activity = Teams(url).message("help")
        change(activity)
        return activity

    return build


MALFORMED = {
    "no service url": _broken(lambda a: a.pop("serviceUrl")),
    "service url not http": _broken(lambda a: a.update(serviceUrl="file:///etc/passwd")),
    "no conversation": _broken(lambda a: a.pop("conversation")),
    "conversation id a number": _broken(lambda a: a["conversation"].update(id=42)),
    "from is a string": _broken(lambda a: a.update({"from": "mallory"})),
    "channelData is a list": _broken(lambda a: a.update(channelData=[1])),
    "type is a number": _broken(lambda a: a.update(type=7)),
}


@pytest.mark.parametrize("build", MALFORMED.values(), ids=MALFORMED.keys())
async def test_malformed_activity_gets_400_with_a_clear_message(local_bot, connector, build):
    reply = await local_bot.post(build(connector.url))
    assert reply.status == 400
    assert reply.body["error"].startswith("the ")
    assert connector.posted() == []
    await _still_serving(local_bot, connector)


def _with_value(raw_value: bytes) -> Callable[[str], bytes]:
    """A message activity whose "value" is the given JSON text, written as is."""

    def build(url: str) -> bytes:
        activity = json.dumps({**Teams(url).message("help"), "value": "VALUE"}).encode()
        return activity.replace(b'"VALUE"', raw_value)

    return build


def _nested(depth: int) -> bytes:
    return b"[" * depth + b"]" * depth


BAD_JSON: dict[str, Callable[[str], bytes]] = {
    "arrays nested 100,000 deep": lambda url: _nested(100_000),
    "an activity whose value is nested 5,000 deep": _with_value(_nested(5_000)),
    "an activity nested deeper than 100": _with_value(_nested(120)),
    "a number of 5,000 digits": _with_value(b"9" * 5_000),
    "NaN": _with_value(b"NaN"),
    "Infinity": _with_value(b"-Infinity"),
}


@pytest.mark.parametrize("build", BAD_JSON.values(), ids=BAD_JSON.keys())
async def test_bad_json_of_any_shape_gets_400_and_logs_no_traceback(local_bot, connector, caplog, build):
    reply = await local_bot.post(raw=build(connector.url))
    assert reply.status == 400
    assert reply.body["error"].startswith("the body ")
    assert [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info] == []
    assert connector.posted() == []
    await _still_serving(local_bot, connector)


async def test_an_activity_nested_as_deep_as_teams_ever_sends_is_answered(local_bot, connector):
    reply = await local_bot.post(raw=_with_value(_nested(90))(connector.url))
    assert reply.status == 201
    assert connector.posted()


async def test_healthz(local_bot):
    assert await local_bot.health() == 200

"""Seeded fuzzing of /api/messages in local mode: thousands of malformed activities and bodies.

Whatever arrives, the answer is never a 5xx (but 501 for an invoke kind the bot does not handle) and
never shows a traceback, and a request the bot refuses (any 4xx) leaves the register exactly as it was,
byte for byte. The seed is fixed (`derandomize`), so every run sends the same inputs; Hypothesis
shrinks any failure to a small example.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policy.pack import PolicyPack
from register.tinydb_store import TinyDBRegister
from settings import Settings
from tests.support.activities import Extensions, Teams
from tests.support.botserver import BotClient, serve
from tests.support.connector import Connector
from tests.support.fuzz import (
    assert_answered_safely,
    fuzz_settings,
    mutated_activity,
    raw_body,
    register_snapshot,
)

FUZZ = fuzz_settings(max_examples=1000)


def well_formed(service_url: str) -> list[dict[str, Any]]:
    """One activity of each kind the bot answers, in three fixed conversations."""
    personal = Teams(service_url, conversation_id="a:fuzz-personal")
    channel = Teams(service_url, scope="channel", conversation_id="a:fuzz-channel")
    extensions = Extensions(service_url, conversation_id="a:fuzz-ext")
    return [
        personal.message("check @troll on facebook: you lot are a disgrace"),
        personal.message("reviews all"),
        channel.message("history @troll"),
        personal.execute("block.submit", {"platform": "facebook", "account": "@troll"}),
        personal.submit({"verb": "review.keep", "block": "b-1", "revision": "1", "day": "2026-12-01"}),
        personal.installed(),
        extensions.query("wording", "visiting"),
        extensions.fetch_task("check"),
    ]


@pytest.fixture
async def bot(
    tmp_path: Path, register: TinyDBRegister, pack: PolicyPack, connector: Connector
) -> AsyncIterator[BotClient]:
    """The bot in local mode, short connector timeouts, its conversations already remembered."""
    settings_ = Settings(
        local=True, data_dir=tmp_path / "data", connector_connect_timeout=0.5, connector_read_timeout=0.5
    )
    async with serve(settings_, register, pack) as client:
        for activity in well_formed(connector.url):
            assert (await client.post(activity)).status < 500
        yield client


@FUZZ
@given(data=st.data())
async def test_a_malformed_activity_gets_no_5xx_and_when_refused_changes_nothing(
    bot: BotClient, connector: Connector, tmp_path: Path, data: st.DataObject
) -> None:
    activity = data.draw(
        mutated_activity(data.draw(st.sampled_from(well_formed(connector.url))), connector.url)
    )
    connector.clear()
    before = register_snapshot(tmp_path / "data")
    reply = await bot.post(activity)
    assert_answered_safely(reply, connector, invoke=activity.get("type") == "invoke")
    if reply.status >= 400:
        assert register_snapshot(tmp_path / "data") == before


@settings(FUZZ, max_examples=400)
@given(body=raw_body())
async def test_a_body_that_is_not_an_activity_gets_400_and_changes_nothing(
    bot: BotClient, connector: Connector, tmp_path: Path, body: bytes
) -> None:
    connector.clear()
    before = register_snapshot(tmp_path / "data")
    reply = await bot.post(raw=body)
    assert_answered_safely(reply, connector)
    assert reply.status == 400, reply.text[:200]
    assert register_snapshot(tmp_path / "data") == before

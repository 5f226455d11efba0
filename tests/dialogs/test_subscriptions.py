"""`subscribe here` and `unsubscribe` over HTTP are audited with the editor who asked."""

from __future__ import annotations

from register.tinydb_store import TinyDBRegister
from tests.support.activities import EDITOR, Teams
from tests.support.botserver import BotClient
from tests.support.connector import Connector


async def test_subscribing_and_unsubscribing_record_the_editor(
    local_bot: BotClient, connector: Connector, register: TinyDBRegister
) -> None:
    teams = Teams(connector.url, scope="groupChat")

    await local_bot.post(teams.message("subscribe here"))
    await local_bot.post(teams.message("unsubscribe"))

    events = [e for e in await register.audit() if e.kind in ("subscribed", "unsubscribed")]
    assert [e.kind for e in events] == ["subscribed", "unsubscribed"]
    assert all(e.actor.name == EDITOR.name for e in events)
    assert all(e.actor.aad_object_id == EDITOR.aad_object_id for e in events)

"""Marking an account as advised, typed or from the assessment card's button."""

from __future__ import annotations

from tests.support.activities import VIEWER, Teams
from tests.support.botfixtures import APP_ID


async def test_typed_advised_records_advice(local_bot, connector, register):
    await local_bot.post(Teams(connector.url).message("advised @Worried_Son"))
    assert len(await register.advice_for("@worried_son")) == 1
    assert any("@worried_son was advised" in t for t in connector.texts())


async def test_button_records_advice_and_says_so(local_bot, connector, register):
    teams = Teams(connector.url)
    reply = await local_bot.post(teams.execute("account.advised", {"account": "@someone", "platform": "x"}))
    assert reply.body["value"] == "Recorded."
    assert len(await register.advice_for("@someone")) == 1
    [event] = [e for e in await register.audit(account="@someone") if e.kind == "advised"]
    assert event.actor.aad_object_id == "aad-alex-0001"


async def test_advised_without_handle_asks_which(local_bot, connector):
    await local_bot.post(Teams(connector.url).message("advised"))
    assert connector.texts() == ["Which account? Type advised @handle."]


async def test_viewer_cannot_mark_as_advised(secured_bot, tokens, connector, register):
    token = tokens.sign(audience=APP_ID, service_url=connector.url)
    await secured_bot.post(Teams(connector.url, user=VIEWER).message("advised @someone"), token=token)
    assert await register.advice_for("@someone") == []
    assert any("editors" in t for t in connector.texts())

"""`evidence @handle [on platform]`: the evidence pack summarised on a card, for editors."""

from __future__ import annotations

from tests.support.activities import VIEWER, Teams
from tests.support.botfixtures import APP_ID


async def test_evidence_summarises_checks_advice_and_the_integrity_check(local_bot, connector, valid_cards):
    teams = Teams(connector.url)
    await local_bot.post(teams.message("check @repeat on x: you lot are a disgrace"))
    await local_bot.post(teams.message("check @repeat on facebook: you lot are idiots"))
    await local_bot.post(teams.message("advised @repeat"))
    connector.clear()
    await local_bot.post(teams.message("evidence @Repeat"))
    [card] = connector.cards()
    text = str(card)
    assert "Evidence pack: @repeat" in text and "3 entries" in text
    assert "'Posts checked', 'value': '2" in text and "'Advice given', 'value': '1'" in text
    assert "Audit chain intact: 3 events verified." in text
    assert "socialdesk evidence @repeat --out DIR" in text
    valid_cards.check([card])


async def test_evidence_on_a_platform_keeps_to_it(local_bot, connector):
    teams = Teams(connector.url)
    await local_bot.post(teams.message("check @repeat on x: you lot are a disgrace"))
    await local_bot.post(teams.message("check @repeat on facebook: you lot are idiots"))
    connector.clear()
    await local_bot.post(teams.message("evidence @repeat on facebook"))
    [card] = connector.cards()
    text = str(card)
    assert "Evidence pack: @repeat on facebook" in text and "1 entries" in text
    assert "--platform facebook --out DIR" in text


async def test_evidence_without_a_handle_asks_whose(local_bot, connector):
    await local_bot.post(Teams(connector.url).message("evidence"))
    assert connector.texts() == ["Whose evidence? Type evidence @handle (or evidence @handle on facebook)."]


async def test_a_viewer_cannot_see_the_evidence_pack(secured_bot, tokens, connector):
    token = tokens.sign(audience=APP_ID, service_url=connector.url)
    await secured_bot.post(Teams(connector.url, user=VIEWER).message("evidence @someone"), token=token)
    assert connector.cards() == [] or "Evidence pack" not in str(connector.cards())
    assert any("editors" in t for t in connector.texts())

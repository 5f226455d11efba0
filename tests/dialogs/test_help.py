"""`help` lists only what the caller may run here."""

from __future__ import annotations

from tests.support.activities import VIEWER, Teams
from tests.support.botfixtures import APP_ID


async def test_editors_see_editor_commands(secured_bot, tokens, connector):
    token = tokens.sign(audience=APP_ID, service_url=connector.url)
    await secured_bot.post(Teams(connector.url).message("help"), token=token)
    assert "block [@handle on platform]" in str(connector.cards())


async def test_viewers_do_not_see_editor_commands(secured_bot, tokens, connector, valid_cards):
    token = tokens.sign(audience=APP_ID, service_url=connector.url)
    await secured_bot.post(Teams(connector.url, user=VIEWER).message("help"), token=token)
    [card] = connector.cards()
    assert "block [@handle on platform]" not in str(card) and "advised @handle" not in str(card)
    assert "check [@handle on platform:]" in str(card)
    valid_cards.check([card])

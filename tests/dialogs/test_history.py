"""`history @handle`: what the register knows about an account."""

from __future__ import annotations

from tests.support.activities import Teams


async def test_history_shows_checks_advice_and_blocks(local_bot, connector, valid_cards):
    teams = Teams(connector.url)
    await local_bot.post(teams.message("check @repeat on x: you lot are a disgrace"))
    await local_bot.post(teams.message("advised @repeat"))
    connector.clear()
    await local_bot.post(teams.message("history @Repeat"))
    [card] = connector.cards()
    text = str(card)
    assert "@repeat" in text and "1 post(s) checked" in text and "advised 1 time(s)" in text
    valid_cards.check([card])


async def test_history_of_an_unknown_account(local_bot, connector, valid_cards):
    await local_bot.post(Teams(connector.url, scope="groupChat").message("history nobody_here"))
    [card] = connector.cards()
    assert "nothing about this account" in str(card)
    valid_cards.check([card])


async def test_history_without_a_handle_asks_whose(local_bot, connector):
    await local_bot.post(Teams(connector.url).message("history"))
    assert connector.texts() == ["Whose history? Type history @handle."]

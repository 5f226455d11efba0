"""`history @handle`: what the register knows about an account."""

from __future__ import annotations

from tests.cards.examples import walk
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


async def test_history_pages_through_every_check_with_next_and_previous(local_bot, connector, valid_cards):
    teams = Teams(connector.url)
    for n in range(7):
        await local_bot.post(teams.message(f"check @many on x: you lot are a disgrace, number {n}"))
    connector.clear()
    await local_bot.post(teams.message("history @many"))
    [first] = connector.cards()
    assert "number 6" in str(first) and "number 1" not in str(first)
    [following] = [a for a in walk(first) if a.get("title") == "Next page of the history"]
    reply = await local_bot.post(teams.execute(following["verb"], following["data"]))
    second = reply.body["value"]
    assert "number 1" in str(second) and "number 0" in str(second) and "number 6" not in str(second)
    [back] = [a for a in walk(second) if a.get("type") == "Action.Execute"]
    assert back["title"] == "Previous page of the history"
    valid_cards.check([first, second])

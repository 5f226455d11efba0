"""`wording` over HTTP: topics, best matches (typos allowed), nothing found."""

from __future__ import annotations

from tests.support.activities import Teams


async def test_wording_alone_lists_every_topic(local_bot, connector, pack, valid_cards):
    await local_bot.post(Teams(connector.url, scope="channel").message("wording"))
    [card] = connector.cards()
    assert all(entry.title in str(card) for entry in pack.wording)
    valid_cards.check([card])


async def test_wording_search_finds_the_entry_with_its_version(local_bot, connector, pack, valid_cards):
    await local_bot.post(Teams(connector.url).message("wording complaint"))
    [card] = connector.cards()
    entry = pack.wording_entry("complaints_pals")
    assert entry.id in str(card) and entry.version in str(card)
    valid_cards.check([card])


async def test_wording_search_tolerates_typos(local_bot, connector):
    await local_bot.post(Teams(connector.url).message("wording complants"))
    assert "complaints_pals" in str(connector.cards())


async def test_nothing_found_says_so_and_lists_topics(local_bot, connector, pack, valid_cards):
    await local_bot.post(Teams(connector.url).message("wording zzqxv"))
    [card] = connector.cards()
    assert "No approved wording matches" in str(card)
    assert pack.wording[0].title in str(card)
    valid_cards.check([card])


async def test_show_wording_button_sends_the_text(local_bot, connector, valid_cards):
    reply = await local_bot.post(
        Teams(connector.url).execute("wording.show", {"ids": ["individual_case", "nope"]})
    )
    assert reply.body["value"] == "The wording is below."
    [card] = connector.cards()
    assert "individual_case" in str(card)
    valid_cards.check([card])

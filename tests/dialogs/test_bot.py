"""Turn handling over HTTP: routing in each scope, mentions, install, references, error handling."""

from __future__ import annotations

import logging
from datetime import datetime

import pytest

from policy.pack import PolicyPack
from register.model import Assessment
from register.tinydb_store import TinyDBRegister
from settings import Settings
from tests.support.activities import BOT_ID, Teams
from tests.support.botserver import serve

SCOPES = ["personal", "groupChat", "channel"]


@pytest.mark.parametrize("scope", SCOPES)
async def test_help_in_every_scope(local_bot, connector, valid_cards, scope):
    reply = await local_bot.post(Teams(connector.url, scope=scope).message("help"))
    assert reply.status == 201
    [card] = connector.cards()
    assert "What I can do" in str(card)
    assert connector.texts() == [], "the mention was removed, so `help` was recognised"
    valid_cards.check([card])


async def test_channel_reply_goes_to_the_channel_thread(local_bot, connector):
    teams = Teams(connector.url, scope="channel")
    await local_bot.post(teams.message("help"))
    [sent] = connector.posted()
    assert sent.conversation_id.startswith("19:channel-")


@pytest.mark.parametrize("scope", ["groupChat", "channel"])
async def test_unknown_word_in_a_shared_conversation_is_not_checked(local_bot, connector, register, scope):
    await local_bot.post(Teams(connector.url, scope=scope).message("hello there @bob: you are great"))
    assert any("don't know the command" in t for t in connector.texts())
    assert await register.assessments_for("@bob") == []


async def test_plain_text_in_personal_chat_is_checked(local_bot, connector, valid_cards):
    await local_bot.post(Teams(connector.url).message("Thank you to the ward 5 nurses, brilliant care"))
    [card] = connector.cards()
    assert "Record a block" in str(card)  # the assessment card's buttons
    valid_cards.check([card])


async def test_command_words_are_case_insensitive(local_bot, connector):
    await local_bot.post(Teams(connector.url).message("HELP"))
    assert "What I can do" in str(connector.cards())


@pytest.mark.parametrize("scope", SCOPES)
async def test_install_sends_one_welcome(local_bot, connector, valid_cards, scope):
    reply = await local_bot.post(Teams(connector.url, scope=scope).installed())
    assert reply.status == 201
    [card] = connector.cards()
    assert "Hello, I'm Social Desk" in str(card)
    valid_cards.check([card])


@pytest.mark.parametrize(("scope", "told"), [("channel", True), ("personal", False), ("groupChat", False)])
async def test_the_welcome_in_a_team_says_the_channel_gets_the_digest_and_how_to_stop_it(
    local_bot, connector, scope, told
):
    await local_bot.post(Teams(connector.url, scope=scope).installed())
    [card] = connector.cards()
    texts = [item.get("text", "") for item in card["body"]]
    said = [t for t in texts if "This channel now gets the daily review digest" in t]
    assert bool(said) is told
    assert all("type `unsubscribe` here to stop it" in t for t in said)


async def test_a_person_joining_a_team_is_not_greeted(local_bot, connector):
    teams = Teams(connector.url, scope="channel")
    await local_bot.post(teams.installed(members=[{"id": "29:new-person", "name": "New Person"}]))
    assert connector.cards() == []


async def test_bot_only_added_in_personal_chat_is_welcomed_once(local_bot, connector):
    await local_bot.post(Teams(connector.url).installed(members=[{"id": BOT_ID, "name": "Social Desk"}]))
    assert len(connector.cards()) == 1


async def test_channel_install_stores_a_subscribed_reference(local_bot, connector, register: TinyDBRegister):
    teams = Teams(connector.url, scope="channel")
    await local_bot.post(teams.installed())
    [subscription] = await register.subscriptions()
    assert subscription.subscribed
    assert ";messageid" not in subscription.conversation_id
    reference = subscription.reference
    assert reference["serviceUrl"] == connector.url
    assert reference["conversation"]["id"] == subscription.conversation_id
    assert reference["bot"]["id"] == BOT_ID


async def test_first_contact_in_personal_chat_stores_the_reference(local_bot, connector, register):
    teams = Teams(connector.url)
    await local_bot.post(teams.message("help"))
    await local_bot.post(teams.message("help"))
    subscription = await register.get_subscription(teams.conversation_id)
    assert subscription is not None and not subscription.subscribed
    assert len(await register.subscriptions()) == 1


class BrokenRegister(TinyDBRegister):
    async def assessments_for(self, account: str, since: datetime | None = None) -> list[Assessment]:
        raise RuntimeError("disk /srv/secret/path exploded")


async def test_turn_error_is_logged_with_a_reference_and_user_told_briefly(
    connector, local_settings: Settings, pack: PolicyPack, caplog: pytest.LogCaptureFixture
):
    register = BrokenRegister(None)
    async with serve(local_settings, register, pack) as bot:
        with caplog.at_level(logging.ERROR, logger="dialogs.bot"):
            reply = await bot.post(Teams(connector.url).message("check @someone: hello"))
        assert reply.status == 201
        [text] = connector.texts()
        assert "something went wrong" in text and "secret" not in text
        reference = text.split("reference ")[1].split(")")[0]
        assert any(reference in r.getMessage() and r.exc_info for r in caplog.records)
        # The service is still up and answering.
        connector.clear()
        await bot.post(Teams(connector.url).message("help"))
        assert connector.cards()


async def test_turn_error_during_an_invoke_answers_the_invoke(connector, local_settings, pack):
    register = BrokenRegister(None)
    async with serve(local_settings, register, pack) as bot:
        data = {"text": "hello", "author": "@someone", "platform": "x"}
        reply = await bot.post(Teams(connector.url).execute("check.submit", data))
        assert reply.status == 200
        assert reply.body["type"] == "application/vnd.microsoft.activity.message"
        assert "reference" in reply.body["value"] and "secret" not in reply.body["value"]


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("[login](https://evil.example)", r"\[login\](https://evil.example)"),
        ("**urgent**", r"\*\*urgent\*\*"),
        ("<b>x</b>", r"\<b>x\</b>"),
    ],
    ids=["link", "bold", "html"],
)
async def test_an_unknown_command_word_is_echoed_as_typed_not_as_markdown(local_bot, connector, typed, shown):
    await local_bot.post(Teams(connector.url, scope="groupChat").message(f"{typed} please"))
    [reply] = [t for t in connector.texts() if "don't know the command" in t]
    assert f"\u201c{shown}\u201d" in reply

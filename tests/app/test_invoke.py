"""Invokes return their body over HTTP (the SDK's own handler fails them with 500 in 4.17.1)."""

from __future__ import annotations

from tests.support.activities import Teams
from tests.support.botfixtures import APP_ID

CARD = "application/vnd.microsoft.card.adaptive"
MESSAGE = "application/vnd.microsoft.activity.message"


async def test_action_execute_returns_a_replacement_card(local_bot, connector, card_checker):
    # An empty block form submitted: the answer is the form again, with the problems shown.
    reply = await local_bot.post(Teams(connector.url).execute("block.submit", {}))
    assert reply.status == 200
    assert reply.body["statusCode"] == 200
    assert reply.body["type"] == CARD
    card = reply.body["value"]
    assert card["type"] == "AdaptiveCard"
    assert card_checker.problems(card) == []
    assert "Explain why the account is being blocked." in str(card)


async def test_action_execute_with_a_message_answer(local_bot, connector):
    reply = await local_bot.post(Teams(connector.url).execute("wording.show", {"ids": ["complaints_pals"]}))
    assert reply.status == 200
    assert reply.body == {"statusCode": 200, "type": MESSAGE, "value": "The wording is below."}
    [card] = connector.cards()
    assert "complaints_pals" in str(card)


async def test_invoke_body_is_returned_with_authentication(secured_bot, tokens, connector):
    token = tokens.sign(audience=APP_ID, service_url=connector.url)
    reply = await secured_bot.post(Teams(connector.url).execute("block.submit", {}), token=token)
    assert reply.status == 200
    assert reply.body["type"] == CARD


async def test_unknown_verb_is_answered_not_failed(local_bot, connector):
    reply = await local_bot.post(Teams(connector.url).execute("no.such.verb", {}))
    assert reply.status == 200
    assert reply.body["type"] == MESSAGE
    assert "out of date" in reply.body["value"]


async def test_unhandled_invoke_kind_gets_501_not_500(local_bot, connector):
    activity = Teams(connector.url).execute("x", {})
    activity["name"] = "some/unknownInvoke"
    reply = await local_bot.post(activity)
    assert reply.status == 501

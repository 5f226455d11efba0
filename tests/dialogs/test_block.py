"""Recording a block through the card over HTTP: form, validation, confirmation, editors only."""

from __future__ import annotations

from tests.cards.examples import actions
from tests.support.activities import VIEWER, Teams
from tests.support.botfixtures import APP_ID
from tests.support.forms import typed_block_form

CARD = "application/vnd.microsoft.card.adaptive"
MESSAGE = "application/vnd.microsoft.activity.message"


def _valid_form(**changes: object) -> dict[str, object]:
    """A valid form opened from an assessment, which carries the assessed post's id along."""
    return typed_block_form(**{"post_id": "abc123", **changes})


async def test_record_a_block_from_an_assessment(local_bot, connector, valid_cards):
    teams = Teams(connector.url)
    await local_bot.post(
        teams.message("check @troll_99 on facebook: I know where the nurses park, watch out")
    )
    [assessment] = connector.cards()
    [button] = [a for a in actions(assessment).values() if a["verb"] == "block.open"]
    connector.clear()

    reply = await local_bot.post(teams.execute("block.open", button["data"]))
    assert reply.body == {
        "statusCode": 200,
        "type": MESSAGE,
        "value": "The block form is below the assessment.",
    }
    [form] = connector.cards()
    assert "@troll_99" in str(form) and "Record a block" in str(form)
    valid_cards.check([assessment, form])


async def test_invalid_submit_shows_the_form_again_with_messages_and_values(
    local_bot, connector, register, valid_cards
):
    data = _valid_form(criteria="", rationale="Repeated threats against named staff, kept as typed.")
    reply = await local_bot.post(Teams(connector.url).execute("block.submit", data))
    assert reply.body["type"] == CARD
    card = str(reply.body["value"])
    assert "Choose at least one criterion." in card
    assert "Repeated threats against named staff, kept as typed." in card
    assert "https://facebook.com/troll_99/posts/1" in card
    assert await register.active_blocks() == []
    valid_cards.check([reply.body["value"]])


async def test_valid_submit_records_and_replaces_the_form(local_bot, connector, register, valid_cards):
    reply = await local_bot.post(Teams(connector.url).execute("block.submit", _valid_form()))
    assert reply.status == 200 and reply.body["type"] == CARD
    confirmation = reply.body["value"]
    valid_cards.check([confirmation])
    [block] = await register.active_blocks()
    assert block.account == "@troll_99"
    assert block.criteria == ("threatening_abusive_insulting", "trolling_harassment")
    assert block.decided_by.name == "Alex Editor" and block.decided_by.aad_object_id == "aad-alex-0001"
    assert block.id in str(confirmation) or "@troll_99" in str(confirmation)
    kinds = [e.kind for e in await register.audit(block_id=block.id)]
    assert kinds == ["block_created"]


async def test_evidence_is_redacted_before_it_is_stored(local_bot, connector, register):
    data = _valid_form(evidence="Patient NHS number 943 476 5919 posted publicly")
    await local_bot.post(Teams(connector.url).execute("block.submit", data))
    [block] = await register.active_blocks()
    assert "5919" not in block.evidence.replace(" ", "")


async def test_action_submit_updates_the_message_in_place(local_bot, connector, register, valid_cards):
    data = {"verb": "block.submit", **_valid_form()}
    reply = await local_bot.post(Teams(connector.url).submit(data, reply_to_id="activity-7"))
    assert reply.status == 201
    [update] = [s for s in connector.sent if s.method == "PUT"]
    assert update.activity_id == "activity-7"
    valid_cards.check(update.cards)
    assert len(await register.active_blocks()) == 1


async def test_typed_block_command_sends_the_form(local_bot, connector, valid_cards):
    await local_bot.post(Teams(connector.url).message("block @spam_bot on x"))
    [form] = connector.cards()
    assert "@spam_bot" in str(form)
    valid_cards.check([form])


async def test_non_editors_are_refused_politely(secured_bot, tokens, connector, register):
    token = tokens.sign(audience=APP_ID, service_url=connector.url)
    teams = Teams(connector.url, user=VIEWER)
    reply = await secured_bot.post(teams.execute("block.submit", _valid_form()), token=token)
    assert reply.body["type"] == MESSAGE and "only the communications team's editors" in reply.body["value"]
    await secured_bot.post(teams.message("block @troll_99"), token=token)
    assert any("only the communications team's editors" in t for t in connector.texts())
    assert await register.active_blocks() == []


async def test_editors_may_record_with_credentials(secured_bot, tokens, connector, register):
    token = tokens.sign(audience=APP_ID, service_url=connector.url)
    reply = await secured_bot.post(Teams(connector.url).execute("block.submit", _valid_form()), token=token)
    assert reply.body["type"] == CARD
    assert len(await register.active_blocks()) == 1

"""The team's verdict over HTTP: every check stored under its id, "Not right?", "Leave it", advice and a
block from the card counting as verdicts, editors only."""

from __future__ import annotations

from typing import Any

from register.verdicts import judged_checks
from tests.cards.examples import actions
from tests.support.activities import VIEWER, Teams
from tests.support.botfixtures import APP_ID
from tests.support.forms import typed_block_form

CARD = "application/vnd.microsoft.card.adaptive"
MESSAGE = "application/vnd.microsoft.activity.message"
THREAT = "check @troll_99 on facebook: I know where the nurses park, watch out"


async def _checked(local_bot: Any, connector: Any, text: str = THREAT) -> dict[str, dict[str, Any]]:
    """Check a post; the assessment card's buttons by title."""
    await local_bot.post(Teams(connector.url).message(text))
    [assessment] = connector.cards()
    connector.clear()
    return actions(assessment)


def _button(buttons: dict[str, dict[str, Any]], verb: str) -> dict[str, Any]:
    [button] = [b for b in buttons.values() if b["verb"] == verb]
    return button


async def test_every_check_is_stored_under_the_cards_reference(local_bot, connector, register, pack):
    buttons = await _checked(local_bot, connector)
    check_id = _button(buttons, "verdict.open")["data"]["check_id"]
    [judged] = judged_checks(await register.audit())
    assert judged.check_id == check_id
    assert judged.check.account == "@troll_99" and judged.check.platform == "facebook"
    assert judged.check.action == _button(buttons, "verdict.open")["data"]["engine_action"]
    assert judged.check.pack_version == pack.version
    assert judged.verdict is None


async def test_a_check_without_an_author_is_stored_without_an_account(local_bot, connector, register):
    await local_bot.post(Teams(connector.url).message("check Call me on 07700 900123 about my mum"))
    [judged] = judged_checks(await register.audit())
    assert judged.check.account is None
    assert "900123" not in judged.check.redacted.replace(" ", "")


async def test_not_right_opens_a_form_and_records_the_teams_verdict(
    local_bot, connector, register, valid_cards
):
    buttons = await _checked(local_bot, connector)
    opened = _button(buttons, "verdict.open")
    reply = await local_bot.post(Teams(connector.url).execute("verdict.open", opened["data"]))
    assert reply.body["value"] == "The Not right? form is below the assessment."
    [form] = connector.cards()
    [submit] = [b for b in actions(form).values() if b["verb"] == "verdict.submit"]
    valid_cards.check([form])

    # Nothing chosen: the form comes back with the message and the note as typed.
    missing = {**submit["data"], "note": "Kept as typed"}
    reply = await local_bot.post(Teams(connector.url).execute("verdict.submit", missing))
    assert reply.body["type"] == CARD and "Choose the action it should have been." in str(reply.body)
    assert "Kept as typed" in str(reply.body)
    assert judged_checks(await register.audit())[0].verdict is None

    chosen = {
        **submit["data"],
        "action": "hide",
        "criteria": "",
        "note": "Parking talk, patient 943 476 5919",
    }
    reply = await local_bot.post(Teams(connector.url).execute("verdict.submit", chosen))
    assert reply.body["type"] == CARD and "Verdict recorded" in str(reply.body)
    valid_cards.check([reply.body["value"]])
    [judged] = judged_checks(await register.audit())
    verdict = judged.verdict
    assert verdict is not None and judged.agrees is False
    assert (verdict.source, verdict.actions, verdict.criteria) == ("not_right", ("hide",), ())
    assert verdict.by.aad_object_id == "aad-alex-0001"
    assert verdict.note is not None and "5919" not in verdict.note.replace(" ", "")


async def test_a_block_recorded_from_the_card_links_to_its_check(local_bot, connector, register):
    buttons = await _checked(local_bot, connector)
    check_id = _button(buttons, "verdict.open")["data"]["check_id"]
    post_id = _button(buttons, "block.open")["data"]["post_id"]
    await local_bot.post(Teams(connector.url).execute("block.submit", typed_block_form(post_id=post_id)))
    [block] = await register.active_blocks()
    assert block.check_id == check_id
    [created] = await register.audit(block_id=block.id)
    assert created.details["check_id"] == check_id
    [judged] = judged_checks(await register.audit())
    assert judged.verdict is not None and judged.verdict.source == "block"
    assert judged.verdict.block_id == block.id


async def test_leave_it_and_advised_are_verdicts(local_bot, connector, register):
    buttons = await _checked(local_bot, connector)
    await local_bot.post(
        Teams(connector.url).execute("verdict.leave", _button(buttons, "verdict.leave")["data"])
    )
    [judged] = judged_checks(await register.audit())
    assert judged.verdict is not None and judged.verdict.source == "left" and judged.agrees is False

    advised = _button(buttons, "account.advised")["data"]
    await local_bot.post(Teams(connector.url).execute("account.advised", advised))
    [judged] = judged_checks(await register.audit())
    assert judged.verdict is not None and judged.verdict.source == "advised"
    assert await register.advice_for("@troll_99")


async def test_not_right_overrules_a_later_block_from_the_card(local_bot, connector, register):
    buttons = await _checked(local_bot, connector)
    data = {**_button(buttons, "verdict.open")["data"], "action": "escalate", "criteria": "safety_risk"}
    await local_bot.post(Teams(connector.url).execute("verdict.submit", data))
    post_id = _button(buttons, "block.open")["data"]["post_id"]
    await local_bot.post(Teams(connector.url).execute("block.submit", typed_block_form(post_id=post_id)))
    [judged] = judged_checks(await register.audit())
    assert judged.verdict is not None and judged.verdict.source == "not_right"


async def test_a_card_without_a_check_reference_records_nothing(local_bot, connector, register):
    reply = await local_bot.post(Teams(connector.url).execute("verdict.submit", {"action": "hide"}))
    assert reply.body["type"] == MESSAGE and "no check reference" in reply.body["value"]
    assert [e for e in await register.audit() if e.kind == "verdict"] == []


async def test_viewers_cannot_give_a_verdict(secured_bot, tokens, connector, register):
    token = tokens.sign(audience=APP_ID, service_url=connector.url)
    teams = Teams(connector.url, user=VIEWER)
    data = {"check_id": "abcdef1234", "account": "@troll_99", "engine_action": "block", "action": "hide"}
    for verb in ("verdict.open", "verdict.submit", "verdict.leave"):
        reply = await secured_bot.post(teams.execute(verb, data), token=token)
        assert reply.body["type"] == MESSAGE and "editors" in reply.body["value"]
    assert [e for e in await register.audit() if e.kind == "verdict"] == []

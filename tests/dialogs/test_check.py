"""`check` over HTTP: the assessment card, the redacted record, the author's history, the form."""

from __future__ import annotations

import logging

import pytest

from tests.support.activities import Teams

CARD = "application/vnd.microsoft.card.adaptive"
NHS_NUMBER = "943 476 5919"  # passes the modulus-11 check


@pytest.mark.parametrize("scope", ["personal", "groupChat", "channel"])
async def test_check_with_author_and_platform(local_bot, connector, register, valid_cards, scope):
    teams = Teams(connector.url, scope=scope)
    reply = await local_bot.post(teams.message("check @Angry_Dad on Facebook: you are all useless idiots"))
    assert reply.status == 201
    [card] = connector.cards()
    text = str(card)
    assert "@angry_dad" in text and "Facebook" in text
    valid_cards.check([card])
    [stored] = await register.assessments_for("@angry_dad")
    assert stored.platform == "facebook"


async def test_stored_assessment_is_redacted(local_bot, connector, register):
    post = f"check @relative: my dad John Smith NHS number {NHS_NUMBER} was left on a trolley all night"
    await local_bot.post(Teams(connector.url).message(post))
    [stored] = await register.assessments_for("@relative")
    assert "5919" not in stored.redacted.replace(" ", "")
    card_text = str(connector.cards())
    assert NHS_NUMBER not in card_text and "9434765919" not in card_text


async def test_history_from_the_register_changes_the_advice(local_bot, connector, register):
    teams = Teams(connector.url)
    post = (
        "check @worried_son on facebook: "
        "My mum has been waiting 9 hours in A&E, what is going on with her care?"
    )
    await local_bot.post(teams.message(post))
    await local_bot.post(teams.message("advised @worried_son"))
    connector.clear()
    await local_bot.post(teams.message(post.replace("9 hours", "10 hours")))
    [card] = connector.cards()
    assert "continued_contact_after_advice" in str(card) or "Continued contact" in str(card)
    assert len(await register.assessments_for("@worried_son")) == 2


async def test_oversized_post_is_refused_and_nothing_stored(local_bot, connector, register, pack):
    text = "word " * (pack.thresholds.max_post_chars // 5 + 10)
    await local_bot.post(Teams(connector.url).message(f"check @long: {text}"))
    [message] = connector.texts()
    assert str(pack.thresholds.max_post_chars) in message and "nothing was stored" in message
    assert connector.cards() == []
    assert await register.assessments_for("@long") == []


async def test_check_without_text_offers_the_form(local_bot, connector, valid_cards):
    await local_bot.post(Teams(connector.url).message("check"))
    [card] = connector.cards()
    assert "Check a post" in str(card)
    valid_cards.check([card])


async def test_form_with_missing_text_comes_back_with_values_kept(local_bot, connector, valid_cards):
    data = {"text": "", "author": "@someone", "platform": "x"}
    reply = await local_bot.post(Teams(connector.url).execute("check.submit", data))
    assert reply.body["type"] == CARD
    card = reply.body["value"]
    assert "Paste the text of the post." in str(card)
    assert "@someone" in str(card)
    valid_cards.check([card])


async def test_form_submit_replaces_the_form_with_the_assessment(local_bot, connector, register, valid_cards):
    data = {"text": "When is the visiting time on ward 3?", "author": "visitor_1", "platform": "instagram"}
    reply = await local_bot.post(Teams(connector.url).execute("check.submit", data))
    assert reply.status == 200 and reply.body["type"] == CARD
    valid_cards.check([reply.body["value"]])
    [stored] = await register.assessments_for("@visitor_1")
    assert stored.platform == "instagram"


async def test_check_without_author_is_answered_and_kept_out_of_every_history(local_bot, connector, register):
    # Every check is stored under its id (for the team's verdict), but with no account it is nobody's
    # history.
    await local_bot.post(Teams(connector.url).message("check the car park is always full"))
    assert len(connector.cards()) == 1
    [event] = await register.audit()
    assert event.kind == "assessed" and event.account is None and event.details["check_id"]


async def test_identifiers_never_reach_the_logs_or_the_disk(local_bot, connector, register, tmp_path, caplog):
    identifiers = ("943 476 5919", "9434765919", "Margaret Ellis", "04/07/1942", "07700 900123")
    post = (
        "check @leaky on x: Margaret Ellis, DOB 04/07/1942, NHS 943 476 5919, bed 4 on Naseby ward, "
        "ring her daughter on 07700 900123"
    )
    with caplog.at_level(logging.DEBUG):
        reply = await local_bot.post(Teams(connector.url).message(post))
        assert reply.status == 201
        block = Teams(connector.url).execute(
            "block.submit",
            {
                "platform": "x",
                "account": "@leaky",
                "criteria": "patient_confidentiality",
                "rationale": "Posted a patient's identifiers publicly, twice this week.",
                "evidence": "Margaret Ellis NHS 943 476 5919",
                "review_due": "2027-01-04",
                "form_id": "identifiers-test",
            },
        )
        assert (await local_bot.post(block)).status == 200
    logged = "\n".join(r.getMessage() + (str(r.exc_info) if r.exc_info else "") for r in caplog.records)
    stored = "\n".join(
        p.read_text(encoding="utf-8", errors="replace") for p in tmp_path.rglob("*") if p.is_file()
    )
    [recorded] = await register.blocks_for("@leaky")
    assert "[NHS number]" in recorded.evidence  # the block was recorded, redacted
    assert "@leaky" in stored  # and the register did write to this directory
    for identifier in identifiers:
        assert identifier not in logged
        assert identifier not in stored

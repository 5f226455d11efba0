"""Message extensions over HTTP: the wording search, "Check against policy", "Check a post".

Each test posts the invoke Teams sends (`composeExtension/query`, `/fetchTask`, `/submitAction`) to
the real /api/messages and checks the exact body Teams reads, and that every card in it passes the
Adaptive Card 1.5 schema and the official renderer.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest

from dialogs import extensions
from manifest.document import CHECK_MESSAGE_COMMAND_ID, CHECK_POST_COMMAND_ID, WORDING_COMMAND_ID
from tests.cards.examples import actions
from tests.support.activities import VIEWER, Extensions, message_payload
from tests.support.botfixtures import APP_ID

CARD = "application/vnd.microsoft.card.adaptive"
THUMBNAIL = "application/vnd.microsoft.card.thumbnail"
NHS_NUMBER = "943 476 5919"  # passes the modulus-11 check
THREAT = "@troll_99 on facebook: I know where the nurses park, watch your backs"


def _walk(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list):
        for item in node:
            yield from _walk(item)


def _buttons(card: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The card's own Action.Submit buttons by title (not those inside another card's data)."""
    return {a["title"]: a for a in actions(card).values() if a["type"] == "Action.Submit"}


def _dialog(reply: Any, title: str) -> dict[str, Any]:
    """The card of a `task/continue` answer, after checking the answer's exact shape."""
    assert reply.status == 200, reply.text
    task = reply.body["task"]
    assert set(reply.body) == {"task"}
    assert task["type"] == "continue"
    value = task["value"]
    assert set(value) == {"title", "height", "width", "card"}
    assert (value["title"], value["height"], value["width"]) == (title, "large", "large")
    assert value["card"]["contentType"] == CARD
    card: dict[str, Any] = value["card"]["content"]
    assert card["type"] == "AdaptiveCard"
    # Dialogs do not support Universal Actions: no Action.Execute may reach one.
    assert not [e for e in _walk(card) if e.get("type") == "Action.Execute"]
    return card


def _task_message(reply: Any) -> str:
    assert reply.status == 200, reply.text
    assert reply.body["task"]["type"] == "message" and set(reply.body["task"]) == {"type", "value"}
    text: str = reply.body["task"]["value"]
    return text


def _results(reply: Any) -> list[dict[str, Any]]:
    assert reply.status == 200, reply.text
    result = reply.body["composeExtension"]
    assert set(result) == {"type", "attachmentLayout", "attachments"}
    assert (result["type"], result["attachmentLayout"]) == ("result", "list")
    attachments: list[dict[str, Any]] = result["attachments"]
    return attachments


def _search_message(reply: Any) -> str:
    assert reply.status == 200, reply.text
    assert reply.body["composeExtension"]["type"] == "message"
    text: str = reply.body["composeExtension"]["text"]
    return text


@pytest.fixture
def teams(connector: Any) -> Extensions:
    return Extensions(connector.url, scope="groupChat")


# The wording search ------------------------------------------------------------------------------


async def test_search_returns_wording_cards_with_previews(local_bot, teams, pack, card_checker):
    reply = await local_bot.post(teams.query(WORDING_COMMAND_ID, "complaint"))
    attachments = _results(reply)
    entry = pack.wording_entry("complaints_pals")
    first = attachments[0]
    assert set(first) == {"contentType", "content", "preview"}
    assert first["contentType"] == CARD
    assert first["preview"] == {
        "contentType": THUMBNAIL,
        "content": {"title": entry.title, "text": f"{entry.id} · version {entry.version}"},
    }
    text = str(first["content"])
    assert pack.render(entry.id) in text and f"{entry.id} · version {entry.version}" in text
    # Inserted into a message, the card is a record: no buttons to press.
    assert "actions" not in first["content"]
    for attachment in attachments:
        assert card_checker.problems(attachment["content"]) == []


async def test_search_tolerates_typos(local_bot, teams):
    attachments = _results(await local_bot.post(teams.query(WORDING_COMMAND_ID, "complants")))
    assert attachments[0]["preview"]["content"]["text"].startswith("complaints_pals ")


@pytest.mark.parametrize("typed", [None, "", "   "], ids=["initial-run", "empty", "spaces"])
async def test_empty_search_lists_every_topic_in_order(local_bot, teams, pack, card_checker, typed):
    attachments = _results(await local_bot.post(teams.query(WORDING_COMMAND_ID, typed)))
    assert [a["preview"]["content"]["title"] for a in attachments] == [w.title for w in pack.wording]
    assert card_checker.problems_many([a["content"] for a in attachments]) == [[] for _ in attachments]


async def test_search_pages_with_skip_and_count(local_bot, teams, pack):
    attachments = _results(await local_bot.post(teams.query(WORDING_COMMAND_ID, "", skip=1, count=2)))
    assert [a["preview"]["content"]["title"] for a in attachments] == [w.title for w in pack.wording[1:3]]


async def test_search_without_matches_says_so(local_bot, teams):
    text = _search_message(await local_bot.post(teams.query(WORDING_COMMAND_ID, "zzqxv")))
    assert "No approved wording matches \u201czzqxv\u201d" in text


async def test_search_with_an_unknown_command_is_a_clear_message(local_bot, teams):
    text = _search_message(await local_bot.post(teams.query("recipes", "cake")))
    assert text == "Social Desk has no search called \u201crecipes\u201d."


@pytest.mark.parametrize("value", ["wording", None, ["x"]], ids=["string", "missing", "list"])
async def test_malformed_search_is_a_clear_message(local_bot, teams, value):
    activity = teams.query(WORDING_COMMAND_ID, "complaint")
    activity["value"] = value
    assert "without its details" in _search_message(await local_bot.post(activity))


async def test_a_failure_keeps_the_search_shape(local_bot, teams, monkeypatch):
    def broken(*args: object, **kwargs: object) -> list[object]:
        raise RuntimeError("index damaged")

    monkeypatch.setattr(extensions, "search_wording", broken)
    text = _search_message(await local_bot.post(teams.query(WORDING_COMMAND_ID, "complaint")))
    assert text.startswith("Sorry, something went wrong on our side (reference ")
    assert "index damaged" not in text


# "Check against policy" on a message ------------------------------------------------------------


async def test_check_message_opens_the_assessment_in_a_dialog(
    local_bot, teams, register, connector, card_checker
):
    html = (
        f"<p>{THREAT.replace('@', '&#64;')}</p><p>my mate&#39;s NHS number is {NHS_NUMBER}"
        " &amp; he&nbsp;knows</p>"
    )
    reply = await local_bot.post(
        teams.fetch_task(CHECK_MESSAGE_COMMAND_ID, context="message", payload=message_payload(html))
    )
    card = _dialog(reply, "Check against policy")
    text = str(card)
    assert "@troll_99" in text and "nurses park" in text and "<p>" not in text and "&amp;" not in text
    assert NHS_NUMBER not in text and "9434765919" not in text
    buttons = _buttons(card)
    assert buttons["Record a block for @troll_99"]["data"]["verb"] == "block.open"
    assert buttons["Record a block for @troll_99"]["data"]["account"] == "@troll_99"
    posted = buttons["Post to the conversation"]["data"]
    assert posted["verb"] == "extension.post" and "nurses park" in str(posted["card"])
    assert card_checker.problems(card) == []
    [stored] = await register.assessments_for("@troll_99")
    assert stored.platform == "facebook" and "5919" not in stored.redacted.replace(" ", "")
    # Nothing went into the conversation, and a message extension leaves no conversation reference.
    assert connector.posted() == []
    assert await register.get_subscription(teams.conversation_id) is None


async def test_check_message_reads_a_channel_post_subject(local_bot, connector, card_checker):
    teams = Extensions(connector.url, scope="channel")
    payload = message_payload("<div>When is visiting time on ward 3?</div>", subject="Visiting")
    card = _dialog(
        await local_bot.post(teams.fetch_task(CHECK_MESSAGE_COMMAND_ID, context="message", payload=payload)),
        "Check against policy",
    )
    runs = [e.get("text") for e in _walk(card) if e.get("type") == "TextRun"]
    assert "Visiting\nWhen is visiting time on ward 3?" in runs
    assert card_checker.problems(card) == []


async def test_post_to_the_conversation_inserts_the_card(local_bot, teams, card_checker):
    payload = message_payload(f"<p>{THREAT}</p>")
    card = _dialog(
        await local_bot.post(teams.fetch_task(CHECK_MESSAGE_COMMAND_ID, context="message", payload=payload)),
        "Check against policy",
    )
    data = _buttons(card)["Post to the conversation"]["data"]
    reply = await local_bot.post(
        teams.submit_action(CHECK_MESSAGE_COMMAND_ID, data, context="message", payload=payload)
    )
    [attachment] = _results(reply)
    assert set(attachment) == {"contentType", "content"} and attachment["contentType"] == CARD
    inserted = attachment["content"]
    assert "nurses park" in str(inserted)
    assert not [e for e in _walk(inserted) if str(e.get("type", "")).startswith("Action.")]
    assert card_checker.problems(inserted) == []


async def test_oversized_message_is_refused_and_nothing_stored(local_bot, teams, register, pack):
    words = "word " * (pack.thresholds.max_post_chars // 5 + 10)
    payload = message_payload(f"<p>@long_one on x: {words}</p>")
    text = _task_message(
        await local_bot.post(teams.fetch_task(CHECK_MESSAGE_COMMAND_ID, context="message", payload=payload))
    )
    assert str(pack.thresholds.max_post_chars) in text and "nothing was stored" in text
    assert await register.assessments_for("@long_one") == []


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        (None, "There is no message to check here."),
        ("not an object", "There is no message to check here."),
        (message_payload('<p><img src="x.png"></p>'), "That message has no text to check"),
        ({"body": {"contentType": "html"}}, "That message has no text to check"),
    ],
    ids=["no-payload", "payload-not-object", "image-only", "no-content"],
)
async def test_check_message_without_text_is_a_clear_message(local_bot, teams, payload, expected):
    activity = teams.fetch_task(CHECK_MESSAGE_COMMAND_ID, context="message")
    if payload is not None:
        activity["value"]["messagePayload"] = payload
    assert _task_message(await local_bot.post(activity)).startswith(expected)


# Recording a block from the dialog ---------------------------------------------------------------


async def _assessment_dialog(local_bot: Any, teams: Extensions) -> dict[str, Any]:
    payload = message_payload(f"<p>{THREAT}</p>")
    return _dialog(
        await local_bot.post(teams.fetch_task(CHECK_MESSAGE_COMMAND_ID, context="message", payload=payload)),
        "Check against policy",
    )


async def test_record_a_block_from_the_dialog(local_bot, teams, register, connector, card_checker):
    assessment = await _assessment_dialog(local_bot, teams)
    opened = _buttons(assessment)["Record a block for @troll_99"]["data"]
    form = _dialog(
        await local_bot.post(teams.submit_action(CHECK_MESSAGE_COMMAND_ID, opened, context="message")),
        "Check against policy",
    )
    assert card_checker.problems(form) == []
    account = next(e for e in _walk(form) if e.get("id") == "account")
    assert account["value"] == "@troll_99"
    submit = _buttons(form)["Record block"]["data"]
    assert submit["verb"] == "block.submit"
    assert "Post to the conversation" not in _buttons(form)  # a form is not a result

    # Submitted without a rationale: the form again, the message beside the field, values kept.
    fields = {
        "platform": "facebook",
        "account": "@troll_99",
        "criteria": "threatening_abusive_insulting",
        "rationale": "",
        "evidence": "I know where the nurses park",
        "review_due": (date.today() + timedelta(days=30)).isoformat(),
    }
    again = _dialog(
        await local_bot.post(
            teams.submit_action(CHECK_MESSAGE_COMMAND_ID, {**submit, **fields}, context="message")
        ),
        "Check against policy",
    )
    assert "Explain why the account is being blocked." in str(again) and "@troll_99" in str(again)
    assert card_checker.problems(again) == []
    assert await register.active_blocks() == []

    fields["rationale"] = "A threat to staff at their cars; the safety of staff comes first."
    done = _dialog(
        await local_bot.post(
            teams.submit_action(
                CHECK_MESSAGE_COMMAND_ID, {**_buttons(again)["Record block"]["data"], **fields}
            )
        ),
        "Check against policy",
    )
    assert card_checker.problems(done) == []
    [block] = await register.active_blocks()
    assert block.account == "@troll_99" and block.rationale.startswith("A threat to staff")
    assert "@troll_99" in str(done) and "Post to the conversation" in _buttons(done)
    assert connector.posted() == []


async def test_mark_as_advised_from_the_dialog(local_bot, teams, register, connector):
    assessment = await _assessment_dialog(local_bot, teams)
    data = _buttons(assessment)["Mark @troll_99 as advised"]["data"]
    text = _task_message(await local_bot.post(teams.submit_action(CHECK_MESSAGE_COMMAND_ID, data)))
    assert text.startswith("Recorded: @troll_99 was advised")
    assert len(await register.advice_for("@troll_99")) == 1
    assert connector.posted() == []


async def test_non_editors_are_refused_politely_in_the_dialog(secured_bot, tokens, connector, register):
    token = tokens.sign(audience=APP_ID, service_url=connector.url)
    teams = Extensions(connector.url, scope="groupChat", user=VIEWER)
    payload = message_payload(f"<p>{THREAT}</p>")
    reply = await secured_bot.post(
        teams.fetch_task(CHECK_MESSAGE_COMMAND_ID, context="message", payload=payload), token=token
    )
    assessment = _dialog(reply, "Check against policy")  # anyone may check
    for title in ("Record a block for @troll_99", "Mark @troll_99 as advised"):
        data = _buttons(assessment)[title]["data"]
        reply = await secured_bot.post(teams.submit_action(CHECK_MESSAGE_COMMAND_ID, data), token=token)
        assert "only the communications team's editors" in _task_message(reply)
    submitted = {"verb": "block.submit", "platform": "facebook", "account": "@troll_99"}
    reply = await secured_bot.post(teams.submit_action(CHECK_MESSAGE_COMMAND_ID, submitted), token=token)
    assert "only the communications team's editors" in _task_message(reply)
    assert await register.active_blocks() == [] and await register.advice_for("@troll_99") == []


# "Check a post" from the compose box ------------------------------------------------------------


@pytest.mark.parametrize("context", ["compose", "commandBox"])
async def test_check_post_opens_the_form(local_bot, teams, card_checker, context):
    form = _dialog(
        await local_bot.post(teams.fetch_task(CHECK_POST_COMMAND_ID, context=context)), "Check a post"
    )
    assert {e.get("id") for e in _walk(form)} >= {"text", "author", "platform"}
    assert _buttons(form)["Check the post"]["data"] == {"verb": "check.submit"}
    assert card_checker.problems(form) == []


async def test_check_post_without_text_comes_back_with_values_kept(local_bot, teams, register, card_checker):
    data = {"verb": "check.submit", "text": "  ", "author": "@someone", "platform": "x"}
    form = _dialog(await local_bot.post(teams.submit_action(CHECK_POST_COMMAND_ID, data)), "Check a post")
    assert "Paste the text of the post." in str(form)
    assert next(e for e in _walk(form) if e.get("id") == "author")["value"] == "@someone"
    assert next(e for e in _walk(form) if e.get("id") == "platform")["value"] == "x"
    assert card_checker.problems(form) == []
    assert await register.assessments_for("@someone") == []


async def test_check_post_shows_the_assessment(local_bot, teams, register, card_checker):
    data = {"verb": "check.submit", "text": "When is the visiting time on ward 3?", "author": "visitor_1"}
    card = _dialog(
        await local_bot.post(teams.submit_action(CHECK_POST_COMMAND_ID, {**data, "platform": "instagram"})),
        "Check a post",
    )
    assert "Post to the conversation" in _buttons(card) and "Record a block for @visitor_1" in _buttons(card)
    assert card_checker.problems(card) == []
    [stored] = await register.assessments_for("@visitor_1")
    assert stored.platform == "instagram"


async def test_check_post_form_fields_without_button_data_are_a_check(local_bot, teams, register):
    # A client that submits the form's fields alone (no verb): for checkPost that can only be a check.
    data = {"text": "When is the visiting time on ward 3?", "author": "visitor_2", "platform": "x"}
    _dialog(await local_bot.post(teams.submit_action(CHECK_POST_COMMAND_ID, data)), "Check a post")
    assert len(await register.assessments_for("@visitor_2")) == 1


# Requests the extension cannot serve -------------------------------------------------------------


@pytest.mark.parametrize(
    ("build", "expected"),
    [
        (
            lambda t: t.fetch_task("deleteEverything"),
            "Social Desk has no action called \u201cdeleteEverything\u201d.",
        ),
        (
            lambda t: t.submit_action("deleteEverything", {}),
            "Social Desk has no action called \u201cdeleteEverything\u201d.",
        ),
        (
            lambda t: t.submit_action(CHECK_POST_COMMAND_ID, {"verb": "no.such"}),
            "That button is out of date.",
        ),
        (lambda t: t.submit_action(CHECK_MESSAGE_COMMAND_ID, {}), "That button is out of date."),
        (lambda t: t.submit_action(CHECK_POST_COMMAND_ID, "text"), "The dialog sent nothing to act on."),
        (
            lambda t: t.submit_action(CHECK_MESSAGE_COMMAND_ID, {"verb": "extension.post"}),
            "There is no result to post.",
        ),
        (
            lambda t: t.submit_action(
                CHECK_MESSAGE_COMMAND_ID, {"verb": "extension.post", "card": {"type": "x"}}
            ),
            "There is no result to post.",
        ),
    ],
    ids=[
        "fetch-unknown-command",
        "submit-unknown-command",
        "unknown-verb",
        "no-verb-on-a-message",
        "data-not-object",
        "post-without-card",
        "post-not-a-card",
    ],
)
async def test_unservable_requests_get_a_clear_message(local_bot, teams, build, expected):
    assert _task_message(await local_bot.post(build(teams))).startswith(expected)


@pytest.mark.parametrize("name", ["composeExtension/fetchTask", "composeExtension/submitAction"])
@pytest.mark.parametrize("value", ["checkPost", None, 7], ids=["string", "missing", "number"])
async def test_malformed_action_requests_get_a_clear_message(local_bot, teams, name, value):
    activity = teams.fetch_task(CHECK_POST_COMMAND_ID)
    activity["name"], activity["value"] = name, value
    assert "without its details" in _task_message(await local_bot.post(activity))


async def test_message_previews_are_declined(local_bot, teams):
    activity = teams.submit_action(CHECK_POST_COMMAND_ID, {})
    activity["value"]["botMessagePreviewAction"] = "send"
    assert "does not use message previews" in _task_message(await local_bot.post(activity))


async def test_extension_invokes_work_with_authentication(secured_bot, tokens, connector):
    token = tokens.sign(audience=APP_ID, service_url=connector.url)
    reply = await secured_bot.post(
        Extensions(connector.url).query(WORDING_COMMAND_ID, "complaint"), token=token
    )
    assert _results(reply)


async def test_other_extension_invokes_are_not_implemented(local_bot, teams):
    activity = teams.query(WORDING_COMMAND_ID, "x")
    activity["name"] = "composeExtension/selectItem"
    assert (await local_bot.post(activity)).status == 501


# A card from the extension, sent by the person ---------------------------------------------------

PLACEHOLDER = (
    '\n<span class="inline-compose-card" itemid="0" itemtype="http://schema.skype.com/InputExtension">\n'
    '  <span content="0" itemprop="cardId"></span>\n</span>\n'
)


def _with_inserted_card(activity: dict[str, Any], card: dict[str, Any]) -> dict[str, Any]:
    activity["text"] = activity["text"].replace("{card}", PLACEHOLDER)
    activity["textFormat"] = "xml"
    activity["attachments"] = [{"contentType": CARD, "content": card}]
    return activity


@pytest.mark.parametrize("scope", ["personal", "groupChat"])
async def test_a_sent_wording_card_is_not_taken_for_a_post(local_bot, connector, pack, scope):
    attachments = _results(
        await local_bot.post(Extensions(connector.url).query(WORDING_COMMAND_ID, "complaint"))
    )
    teams = Extensions(connector.url, scope=scope)
    reply = await local_bot.post(_with_inserted_card(teams.message("{card}"), attachments[0]["content"]))
    assert reply.status == 201
    assert connector.posted() == []


async def test_words_typed_beside_a_card_are_still_read(local_bot, connector, pack):
    card = {"type": "AdaptiveCard", "version": "1.5", "body": []}
    teams = Extensions(connector.url)
    await local_bot.post(_with_inserted_card(teams.message("wording complaint {card}"), card))
    [answer] = connector.cards()
    assert "complaints_pals" in str(answer) and "inline-compose-card" not in str(answer)

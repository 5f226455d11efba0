"""Block reviews over HTTP: the digest end to end, Keep/Lift/Snooze from the card, `reviews`, subscriptions.

The bot runs on a real port with a clock the test moves; the digest is sent through the real adapter to
the connector stand-in, exactly as `socialdesk remind --once` does.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from cards.digest import input_id
from policy.pack import PolicyPack
from register.model import Subscription
from register.tinydb_store import TinyDBRegister
from reminders.cli import build_delivery
from reminders.config import DigestConfig
from reminders.sender import DigestRun
from settings import Settings
from tests.cards.examples import markdown_texts, walk
from tests.support.activities import EDITOR, VIEWER, Teams, User
from tests.support.botfixtures import APP_ID, APP_PASSWORD, secured_settings
from tests.support.botserver import BotClient, serve
from tests.support.connector import Connector
from tests.support.review_blocks import DECIDED_AT, DECIDER, new_block
from tests.support.tokens import LocalCredentialFactory, TokenService

LONDON = ZoneInfo("Europe/London")
CARD = "application/vnd.microsoft.card.adaptive"
MESSAGE = "application/vnd.microsoft.activity.message"
THURSDAY = datetime(2026, 12, 24, 9, 0, tzinfo=LONDON)  # the day before Christmas: a working day


@dataclass
class Clock:
    now: datetime

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock(THURSDAY)


@pytest.fixture
async def bot(
    local_settings: Settings, register: TinyDBRegister, pack: PolicyPack, clock: Clock
) -> AsyncIterator[BotClient]:
    async with serve(local_settings, register, pack, clock=clock) as client:
        yield client


def buttons(card: dict[str, Any], block_id: str | None = None) -> dict[str, dict[str, Any]]:
    found = [n for n in walk(card) if n.get("type") == "Action.Execute"]
    return {b["title"]: b for b in found if block_id is None or b["data"].get("block") == block_id}


async def a_due_block(
    register: TinyDBRegister, account: str = "@troll_99", due: date = date(2026, 12, 24)
) -> str:
    return (await register.add_block(new_block(account, due), DECIDER, DECIDED_AT)).id


async def open_form(
    bot: BotClient, teams: Teams, card: dict[str, Any], block_id: str, title: str
) -> dict[str, Any]:
    button = buttons(card, block_id)[title]
    reply = await bot.post(teams.execute(button["verb"], button["data"]))
    assert reply.body["type"] == CARD
    opened: dict[str, Any] = reply.body["value"]
    return opened


# End to end ---------------------------------------------------------------------------------------


async def test_install_record_digest_keep_end_to_end(
    bot: BotClient,
    register: TinyDBRegister,
    pack: PolicyPack,
    connector: Connector,
    clock: Clock,
    valid_cards: Any,
) -> None:
    channel = Teams(connector.url, scope="channel")
    # 1. Installed in a team channel: the channel is registered for the digest.
    clock.now = datetime(2026, 11, 24, 11, 0, tzinfo=LONDON)
    assert (await bot.post(channel.installed())).status in (200, 201)
    [subscription] = await register.subscriptions()
    assert subscription.subscribed and subscription.conversation_id.endswith("@thread.tacv2")

    # 2. A block is recorded through the card, for review on Thursday 24 December.
    form = {
        "platform": "facebook",
        "account": "@troll_99",
        "criteria": "threatening_abusive_insulting",
        "rationale": "Repeated threats against named staff after two warnings and hidden comments.",
        "evidence": "",
        "review_due": "2026-12-24",
    }
    assert (await bot.post(channel.execute("block.submit", form))).body["type"] == CARD
    [block] = await register.active_blocks()
    connector.clear()

    # 3. Time moves to the review day; the day's run sends the digest to the channel.
    clock.now = THURSDAY
    deliver = build_delivery(Settings(local=True))
    report = await DigestRun(register, pack, DigestConfig(instance="e2e"), deliver).run(clock.now)
    assert report.count("sent") == 1
    [digest_message] = connector.posted()
    assert digest_message.conversation_id == subscription.conversation_id
    [digest] = digest_message.cards
    assert "@troll_99" in str(digest) and "Due for review today" in str(digest)

    # 4. Keep pressed with a reason (Action.Execute over HTTP): the card comes back updated.
    opened = await open_form(bot, channel, digest, block.id, "Keep @troll_99 blocked…")
    keep = buttons(opened, block.id)["Keep block"]
    data = {**keep["data"], input_id("keep", "reason", block.id): "Still posting threats this week."}
    data[input_id("keep", "next", block.id)] = "2027-01-23"
    reply = await bot.post(channel.execute("review.keep", data, reply_to_id="activity-digest"))
    assert reply.status == 200 and reply.body["type"] == CARD
    updated = reply.body["value"]
    assert "kept by Alex Editor on 2026-12-24: Still posting threats this week." in str(updated)
    assert "Reviewed · next review Sat 23 Jan 2027" in str(updated)
    assert buttons(updated, block.id) == {}
    # The message itself is updated in place for everyone in the channel.
    [update] = [s for s in connector.sent if s.method == "PUT"]
    assert (update.activity_id, update.cards) == ("activity-digest", [updated])

    # 5. The register moved the review date and the audit log says who kept it and why.
    kept = await register.get_block(block.id)
    assert kept.review_due == date(2027, 1, 23) and kept.status == "active"
    [event] = [e for e in await register.audit(block_id=block.id) if e.kind == "block_kept"]
    assert (event.actor.name, event.actor.aad_object_id) == (EDITOR.name, EDITOR.aad_object_id)
    assert event.details["reason"] == "Still posting threats this week."
    assert event.details["previous_review"] == "2026-12-24"
    valid_cards.check([digest, opened, updated])


# The buttons --------------------------------------------------------------------------------------


async def reviews_card(bot: BotClient, teams: Teams, connector: Connector) -> dict[str, Any]:
    connector.clear()
    await bot.post(teams.message("reviews"))
    [card] = connector.cards()
    return card


async def test_keep_without_a_reason_shows_the_form_again_with_what_was_typed(
    bot: BotClient, register: TinyDBRegister, connector: Connector, valid_cards: Any
) -> None:
    block_id = await a_due_block(register)
    teams = Teams(connector.url)
    card = await reviews_card(bot, teams, connector)
    opened = await open_form(bot, teams, card, block_id, "Keep @troll_99 blocked…")
    keep = buttons(opened, block_id)["Keep block"]
    data = {
        **keep["data"],
        input_id("keep", "reason", block_id): "  ",
        input_id("keep", "next", block_id): "2027-02-01",
    }
    reply = await bot.post(teams.execute("review.keep", data))
    again = reply.body["value"]
    assert "Give a reason for keeping the block" in str(again)
    assert [n.get("value") for n in walk(again) if n.get("id") == input_id("keep", "next", block_id)] == [
        "2027-02-01"
    ]
    assert (await register.get_block(block_id)).review_due == date(2026, 12, 24)
    valid_cards.check([again])


async def test_lift_records_the_reason_and_says_to_unblock_on_the_platform(
    bot: BotClient, register: TinyDBRegister, connector: Connector
) -> None:
    block_id = await a_due_block(register)
    teams = Teams(connector.url, scope="groupChat")
    card = await reviews_card(bot, teams, connector)
    opened = await open_form(bot, teams, card, block_id, "Lift block on @troll_99…")
    assert "someone must also unblock @troll_99 on Facebook" in str(opened)
    lift = buttons(opened, block_id)["Lift block"]
    data = {**lift["data"], input_id("lift", "reason", block_id): "Apologised to the ward manager."}
    reply = await bot.post(teams.execute("review.lift", data))
    assert "Remember to unblock @troll_99 on Facebook as well." in str(reply.body["value"])
    lifted = await register.get_block(block_id)
    assert lifted.status == "lifted"
    assert [e.kind for e in await register.audit(block_id=block_id)] == ["block_created", "block_lifted"]


async def test_snooze_moves_the_review_to_the_next_monitored_day(
    bot: BotClient, register: TinyDBRegister, connector: Connector
) -> None:
    block_id = await a_due_block(register)
    teams = Teams(connector.url, scope="channel")
    card = await reviews_card(bot, teams, connector)
    snooze = buttons(card, block_id)["Snooze to Tue 29 Dec 2026"]  # Christmas, weekend, 28th skipped
    reply = await bot.post(teams.execute("review.snooze", snooze["data"]))
    assert "snoozed by Alex Editor on 2026-12-24 until 2026-12-29" in str(reply.body["value"])
    assert (await register.get_block(block_id)).review_due == date(2026, 12, 29)


async def test_someone_else_acting_first_is_shown_not_overwritten(
    bot: BotClient, register: TinyDBRegister, connector: Connector, valid_cards: Any
) -> None:
    block_id = await a_due_block(register)
    teams = Teams(connector.url, scope="channel")
    card = await reviews_card(bot, teams, connector)
    # A colleague snoozes it from their copy of the card...
    await bot.post(
        teams.execute("review.snooze", buttons(card, block_id)["Snooze to Tue 29 Dec 2026"]["data"])
    )
    # ...while this editor, looking at the old card, had the Lift form open and now sends it.
    lift = buttons(card, block_id)["Lift block on @troll_99…"]
    data = {**lift["data"], "step": "submit", input_id("lift", "reason", block_id): "No longer needed."}
    reply = await bot.post(teams.execute("review.lift", data))
    shown = reply.body["value"]
    assert "Someone else acted on @troll_99 first: snoozed by Alex Editor" in str(shown)
    block = await register.get_block(block_id)
    assert (block.status, block.review_due) == ("active", date(2026, 12, 29))
    # Opening a form on the old card says the same, instead of offering a form.
    opened = await open_form(bot, teams, card, block_id, "Keep @troll_99 blocked…")
    assert "Someone else acted on @troll_99 first" in str(opened) and buttons(opened, block_id) == {}
    valid_cards.check([shown, opened])


async def test_a_damaged_button_is_answered_politely(bot: BotClient, connector: Connector) -> None:
    reply = await bot.post(Teams(connector.url).execute("review.keep", {"block": 3}))
    assert reply.body == {
        "statusCode": 200,
        "type": MESSAGE,
        "value": "That review card is out of date. Type reviews to see what is due now.",
    }


# The `reviews` command ----------------------------------------------------------------------------


@pytest.mark.parametrize("scope", ["personal", "groupChat", "channel"])
async def test_reviews_in_every_scope(
    bot: BotClient, register: TinyDBRegister, connector: Connector, scope: Any, valid_cards: Any
) -> None:
    await a_due_block(register, "@overdue", date(2026, 12, 1))
    await a_due_block(register, "@later", date(2027, 1, 20))
    teams = Teams(connector.url, scope=scope)
    due = await reviews_card(bot, teams, connector)
    assert "@overdue" in str(due) and "Overdue by 23 days" in str(due) and "@later" not in str(due)
    connector.clear()
    await bot.post(teams.message("reviews all"))
    [everything] = connector.cards()
    assert "@overdue" in str(everything) and "@later" in str(everything)
    valid_cards.check([due, everything])


async def test_reviews_all_finds_blocks_by_platform_criterion_and_status_a_page_at_a_time(
    bot: BotClient, register: TinyDBRegister, connector: Connector, valid_cards: Any
) -> None:
    for n in range(30):
        await register.add_block(new_block(f"@fb{n:02}", date(2027, 1, 1)), DECIDER, DECIDED_AT)
    await register.add_block(new_block("@on_x", date(2027, 1, 1), platform="x"), DECIDER, DECIDED_AT)
    lifted = await register.add_block(new_block("@gone", date(2027, 1, 1)), DECIDER, DECIDED_AT)
    await register.lift_block(lifted.id, lifted.revision, DECIDER, DECIDED_AT, "apologised")
    teams = Teams(connector.url)

    await bot.post(teams.message("reviews all x"))
    [on_x] = connector.cards()
    assert "Active blocks on X (Twitter)" in str(on_x) and "@fb00" not in str(on_x)
    connector.clear()
    await bot.post(teams.message("reviews all Facebook LIFTED threatening_abusive_insulting"))
    [gone] = connector.cards()
    assert "@gone" in str(gone) and "lifted" in str(gone) and "@fb00" not in str(gone)
    connector.clear()

    await bot.post(teams.message("reviews all facebook"))
    [first] = connector.cards()
    assert "@fb00" in str(first) and "@fb29" not in str(first) and "@gone" not in str(first)
    following = buttons(first)["Next page of blocks"]
    reply = await bot.post(teams.execute(following["verb"], following["data"]))
    assert reply.body["type"] == CARD
    second = reply.body["value"]
    assert "@fb29" in str(second) and "@fb00" not in str(second)
    assert set(buttons(second)) == {"Previous page of blocks"}
    valid_cards.check([on_x, gone, first, second])


async def test_reviews_all_explains_a_word_it_does_not_know(bot: BotClient, connector: Connector) -> None:
    await bot.post(Teams(connector.url).message("reviews all myspace"))
    [said] = connector.texts()
    assert said.startswith("“myspace” is not a platform, a criterion or a status.")


async def test_reviews_with_nothing_due(bot: BotClient, connector: Connector) -> None:
    card = await reviews_card(bot, Teams(connector.url), connector)
    assert "Nothing is due for review." in str(card)


# Subscriptions ------------------------------------------------------------------------------------


async def test_subscribe_here_and_unsubscribe(
    bot: BotClient, register: TinyDBRegister, connector: Connector
) -> None:
    teams = Teams(connector.url, scope="groupChat")
    await bot.post(teams.message("subscribe here"))
    stored = await register.get_subscription(teams.conversation_id)
    assert stored is not None and stored.subscribed
    assert stored.reference["serviceUrl"] == connector.url
    assert any("Subscribed" in text for text in connector.texts())
    await bot.post(teams.message("unsubscribe"))
    stored = await register.get_subscription(teams.conversation_id)
    assert stored is not None and not stored.subscribed
    kinds = [e.kind for e in await register.audit() if e.kind in ("subscribed", "unsubscribed")]
    assert kinds == ["subscribed", "unsubscribed"]


async def test_reinstalling_in_a_team_brings_a_gone_channel_back(
    bot: BotClient, register: TinyDBRegister, connector: Connector
) -> None:
    channel = Teams(connector.url, scope="channel")
    await bot.post(channel.installed())
    [subscription] = await register.subscriptions()
    await register.save_subscription(
        Subscription(subscription.conversation_id, subscription.reference, gone=True, gone_reason="403")
    )
    await bot.post(channel.installed())
    [back] = await register.subscriptions()
    assert back.subscribed and not back.gone
    assert any("Welcome back" in text for text in connector.texts())


async def test_only_editors_subscribe_or_act_on_reviews(
    tokens: TokenService, register: TinyDBRegister, pack: PolicyPack, connector: Connector, clock: Clock
) -> None:
    block_id = await a_due_block(register)
    factory = LocalCredentialFactory(APP_ID, APP_PASSWORD, tokens)
    async with serve(
        secured_settings(tokens), register, pack, clock=clock, credentials_factory=factory
    ) as bot:
        viewer = Teams(connector.url, scope="channel", user=VIEWER)
        token = tokens.sign(audience=APP_ID, service_url=connector.url)
        await bot.post(viewer.message("subscribe here"), token=token)
        assert any("only the communications team's editors" in t for t in connector.texts())
        connector.clear()
        await bot.post(viewer.message("reviews"), token=token)
        [card] = connector.cards()  # anyone may look
        snooze = buttons(card, block_id)["Snooze to Tue 29 Dec 2026"]
        reply = await bot.post(viewer.execute("review.snooze", snooze["data"]), token=token)
        assert reply.body["type"] == MESSAGE and "editors" in reply.body["value"]
    assert (await register.get_block(block_id)).review_due == date(2026, 12, 24)
    stored = await register.get_subscription(viewer.conversation_id.split(";")[0])
    assert stored is None or stored.subscribed  # the channel's default, untouched by the viewer


# People's text on the card ------------------------------------------------------------------------

HOSTILE_REASON = "[sign in again](https://evil.example) **now**"


async def test_a_review_reason_and_a_display_name_show_as_typed_on_the_updated_digest(
    bot: BotClient, register: TinyDBRegister, connector: Connector, valid_cards: Any
) -> None:
    block_id = await a_due_block(register)
    # Someone with a markdown display name keeps the block from a card sent before, with a markdown
    # reason; the editor then presses Keep on the stale card and is told who acted first, and why.
    other = Teams(connector.url, user=User(id="29:user-eve", name="[Eve](https://evil.example)"))
    teams = Teams(connector.url)
    card = await reviews_card(bot, teams, connector)
    stale = buttons(await open_form(bot, teams, card, block_id, "Keep @troll_99 blocked…"), block_id)[
        "Keep block"
    ]
    opened = await open_form(bot, other, card, block_id, "Keep @troll_99 blocked…")
    keep = buttons(opened, block_id)["Keep block"]
    kept = await bot.post(
        other.execute("review.keep", {**keep["data"], input_id("keep", "reason", block_id): HOSTILE_REASON})
    )
    reply = await bot.post(
        teams.execute(
            "review.keep", {**stale["data"], input_id("keep", "reason", block_id): "Still abusive."}
        )
    )

    updated = reply.body["value"]
    texts = markdown_texts(updated) + markdown_texts(kept.body["value"])
    assert any(r"\[sign in again\](https://evil.example) \*\*now\*\*" in t for t in texts), texts
    assert any(r"kept by \[Eve\](https://evil.example)" in t for t in texts), texts
    assert not any("[sign in again](" in t or "[Eve](" in t or "**now**" in t for t in texts)
    valid_cards.check([updated])

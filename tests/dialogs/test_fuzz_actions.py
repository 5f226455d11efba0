"""Seeded fuzzing of every card action in the registry (`dialogs.actions`), through both transports.

Each verb is sent as Action.Execute (an `adaptiveCard/action` invoke) and as Action.Submit (a message
whose value names the verb), over HTTP to the bot in local mode (everyone is an editor there, so every
handler is reached). Two properties:
- any data at all: no 5xx, no traceback in the answer or in what the bot sends to the conversation;
- data the verb must refuse (a form with a broken field, a stale or foreign target, an account that
  is no handle): the register's files are unchanged, byte for byte.
A verb added to the registry without a refused-data strategy here fails the last test.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cards.assessment import VERB_ADVISED, VERB_BLOCK_OPEN, VERB_WORDING_SHOW
from cards.block_form import VERB_BLOCK_SUBMIT, read_block_form
from cards.check_form import VERB_CHECK_SUBMIT
from cards.digest import MAX_REASON, VERB_KEEP, VERB_LIFT, VERB_REVIEWS_PAGE, VERB_SNOOZE, input_id
from cards.history import VERB_HISTORY_PAGE
from cards.report import VERB_REPORT_PAGE
from cards.verdict import VERB_VERDICT_LEAVE, VERB_VERDICT_OPEN, VERB_VERDICT_SUBMIT
from dialogs import commands
from dialogs.actions import verbs
from dialogs.addressing import parse_account
from policy.pack import PolicyPack, default_pack
from register.model import Block
from register.tinydb_store import TinyDBRegister
from register.verdicts import is_check_id
from settings import Settings
from tests.support.activities import Teams
from tests.support.botserver import BotClient, serve
from tests.support.connector import Connector
from tests.support.forms import typed_block_form
from tests.support.fuzz import NASTY_TEXT, assert_answered_safely, fuzz_settings, junk, register_snapshot
from tests.support.review_blocks import DECIDER, new_block

FUZZ = fuzz_settings(max_examples=500)
PACK = default_pack()
TODAY = datetime.now(UTC).date()
KNOWN_KEYS = (
    "verb", "platform", "account", "link", "criteria", "rationale", "evidence", "review_due", "form_id",
    "post_id", "text", "author", "block", "revision", "day", "ids", "step", "wording", "id",
    "check_id", "engine_action", "action", "note",
)  # fmt: skip
Strategy = st.SearchStrategy[dict[str, Any]]


@cache  # building a strategy costs far more than drawing from it
def _any_data() -> Strategy:
    return st.dictionaries(st.one_of(st.sampled_from(KNOWN_KEYS), st.text(max_size=10)), junk(), max_size=8)


def _block_form_refused(_: Block) -> Strategy:
    """The typed form with one field removed or replaced by junk (and other keys of junk beside it)."""

    def broken(noise: dict[str, Any], field: str, value: Any, drop: bool) -> dict[str, Any]:
        form = {**noise, **typed_block_form()}
        if drop:
            del form[field]
        else:
            form[field] = value
        return form

    fields = st.sampled_from(("platform", "account", "link", "criteria", "rationale", "review_due"))
    forms = st.builds(broken, _any_data(), fields, junk(), st.booleans())
    # What the form's own checks refuse: junk can be valid by chance ("facebook" as a platform).
    return forms.filter(lambda data: read_block_form(data, PACK, today=TODAY)[0] is None)


def _review_refused(kind: str) -> Callable[[Block], Strategy]:
    """A real block's Keep or Lift with a bad reason, or a target that is stale, foreign or garbled."""

    def strategy(block: Block) -> Strategy:
        target = {"block": block.id, "revision": block.revision, "day": TODAY.isoformat(), "ids": [block.id]}
        bad_reason: st.SearchStrategy[Any] = st.one_of(
            st.sampled_from(("", " \n", None, 5, [], "x" * (MAX_REASON + 1))), junk()
        )
        reason_field = input_id(kind, "reason", block.id)  # type: ignore[arg-type]
        bad_reason_form = bad_reason.filter(
            lambda v: not isinstance(v, str) or not v.strip() or len(v.strip()) > MAX_REASON
        ).map(lambda reason: {**target, reason_field: reason})
        stale = st.tuples(junk(), st.text(max_size=20).filter(lambda r: r != block.revision)).map(
            lambda parts: {**target, "revision": parts[1], reason_field: "Still abusive.", "ids": parts[0]}
        )
        garbled = st.dictionaries(st.sampled_from(("block", "revision", "day", "ids", "step")), junk())
        return st.one_of(bad_reason_form, stale, garbled)

    return strategy


def _snooze_refused(block: Block) -> Strategy:
    stale = st.text(max_size=20).filter(lambda r: r != block.revision)
    return st.one_of(
        stale.map(lambda r: {"block": block.id, "revision": r, "day": TODAY.isoformat()}),
        st.dictionaries(st.sampled_from(("block", "revision", "day", "ids")), junk()),
    )


def _advised_refused(_: Block) -> Strategy:
    return _any_data().filter(lambda d: parse_account(str(d.get("account") or "")).account is None)


def _check_refused(_: Block) -> Strategy:
    too_long = "x" * (PACK.thresholds.max_post_chars + 1)
    no_text: st.SearchStrategy[Any] = st.sampled_from((None, "", "  ", 0, False, [], {}, too_long))
    not_a_handle = st.sampled_from(NASTY_TEXT).filter(
        lambda a: bool(a.strip()) and parse_account(a.strip()).account is None
    )
    return st.one_of(
        no_text.map(lambda text: {"text": text, "author": "@someone"}),
        not_a_handle.map(lambda author: {"text": "When is visiting time?", "author": author}),
    )


def _verdict_refused(_: Block) -> Strategy:
    """A verdict on no check the register could hold: the reference missing, garbled or of junk."""
    return _any_data().filter(lambda d: not is_check_id(d.get("check_id")))


def _read_only(_: Block) -> Strategy:
    return _any_data()


# For each verb: data it must refuse (or, for verbs that only read, any data at all).
REFUSED: dict[str, Callable[[Block], Strategy]] = {
    VERB_BLOCK_SUBMIT: _block_form_refused,
    VERB_KEEP: _review_refused("keep"),
    VERB_LIFT: _review_refused("lift"),
    VERB_SNOOZE: _snooze_refused,
    VERB_ADVISED: _advised_refused,
    VERB_CHECK_SUBMIT: _check_refused,
    VERB_BLOCK_OPEN: _read_only,
    VERB_WORDING_SHOW: _read_only,
    VERB_REVIEWS_PAGE: _read_only,
    VERB_HISTORY_PAGE: _read_only,
    VERB_REPORT_PAGE: _read_only,
    VERB_VERDICT_OPEN: _read_only,
    VERB_VERDICT_SUBMIT: _verdict_refused,
    VERB_VERDICT_LEAVE: _verdict_refused,
}


@cache
def _refused(verb: str, block: Block) -> Strategy:
    return REFUSED[verb](block)


def _activity(conversation: Teams, verb: str, data: dict[str, Any], execute: bool) -> dict[str, Any]:
    if execute:
        return conversation.execute(verb, data)
    return conversation.submit({**data, "verb": verb})


@pytest.fixture
async def seeded(
    tmp_path: Path, register: TinyDBRegister, pack: PolicyPack, connector: Connector
) -> AsyncIterator[tuple[BotClient, Teams, Block]]:
    """The bot in local mode with one block due today, its conversation already remembered."""
    block = await register.add_block(new_block("@fuzzed", TODAY), DECIDER, datetime.now(UTC))
    settings_ = Settings(local=True, data_dir=tmp_path / "data")
    conversation = Teams(connector.url, conversation_id="a:fuzz-cards")
    async with serve(settings_, register, pack) as client:
        assert (await client.post(conversation.message("hours"))).status == 201
        yield client, conversation, block


@FUZZ
@given(data=st.data())
async def test_any_card_data_for_any_verb_gets_no_5xx_and_no_traceback(
    seeded: tuple[BotClient, Teams, Block], connector: Connector, data: st.DataObject
) -> None:
    bot, conversation, _ = seeded
    verb = data.draw(st.sampled_from(sorted(REFUSED)))
    activity = _activity(conversation, verb, data.draw(_any_data()), data.draw(st.booleans()))
    connector.clear()
    assert_answered_safely(await bot.post(activity), connector)


@FUZZ
@given(data=st.data())
async def test_card_data_a_verb_must_refuse_leaves_the_register_unchanged(
    seeded: tuple[BotClient, Teams, Block], connector: Connector, tmp_path: Path, data: st.DataObject
) -> None:
    bot, conversation, block = seeded
    verb = data.draw(st.sampled_from(sorted(REFUSED)))
    activity = _activity(conversation, verb, data.draw(_refused(verb, block)), data.draw(st.booleans()))
    connector.clear()
    before = register_snapshot(tmp_path / "data")
    assert_answered_safely(await bot.post(activity), connector)
    assert register_snapshot(tmp_path / "data") == before


def test_every_registered_card_action_is_fuzzed() -> None:
    commands.load()
    assert sorted(REFUSED) == sorted(verbs())

"""People's text in cards is shown as typed: `escape_markdown`, and every card that shows a handle, a
display name, a link, a review reason or a rationale where Teams renders markdown."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from typing import Any

import pytest

from cards.block_confirmation import block_confirmation_card
from cards.digest import digest_card
from cards.history import history_card
from cards.markdown import escape_markdown
from cards.wording import wording_card
from policy.pack import default_pack
from register.model import Actor
from tests.cards.examples import block, markdown_texts, walk

HOSTILE = "[sign in again](https://evil.example) **now** <b>x</b> _urgent_"
# Markdown that Teams would act on: a link, bold, raw HTML or an autolink, emphasis at a word's edge.
_ACTIVE = re.compile(r"(?<!\\)\[[^\]]*(?<!\\)\]\(|(?<!\\)\*\*|(?<!\\)<|(?:^|\s)(?<!\\)_\w")


@pytest.mark.parametrize(
    ("typed", "escaped"),
    [
        ("[sign in again](https://evil.example)", r"\[sign in again\](https://evil.example)"),
        ("![img](https://evil.example/x.png)", r"!\[img\](https://evil.example/x.png)"),
        ("**bold** and *it*", r"\*\*bold\*\* and \*it\*"),
        ("_it_ and __bold__", r"\_it\_ and \_\_bold\_\_"),
        ("<https://evil.example> <b>x</b>", r"\<https://evil.example> \<b>x\</b>"),
        ("`code` ~~gone~~ a|b", r"\`code\` \~\~gone\~\~ a\|b"),
        ("back\\slash", "back\\\\slash"),
        ("&lt;b&gt; &#91;", r"\&lt;b\&gt; \&#91;"),
        (
            "# Heading\n- item\n+ item\n> quote\n1. first\n2) second",
            "\\# Heading\n\\- item\n\\+ item\n\\> quote\n1\\. first\n2\\) second",
        ),
        ("@angry_poster on X (Twitter) at A&E, 9-5.", "@angry_poster on X (Twitter) at A&E, 9-5."),
        ("", ""),
    ],
    ids=[
        "link",
        "image",
        "bold-and-italic",
        "underscore-emphasis",
        "html-and-autolink",
        "code-strike-table",
        "backslash",
        "entities",
        "line-start-markers",
        "ordinary-text-unchanged",
        "empty",
    ],
)
def test_escape_markdown(typed: str, escaped: str) -> None:
    assert escape_markdown(typed) == escaped


def _assert_nothing_renders(card: dict[str, Any]) -> None:
    active = [value for value in markdown_texts(card) if _ACTIVE.search(value)]
    assert active == [], "people's text would render as markdown"


def _hostile_block(**changes: Any) -> Any:
    hostile = replace(
        block(link="https://evil.example/[x](y)", last_review=f"kept by Alex on 2026-12-01: {HOSTILE}"),
        account="@a_b",
        decided_by=Actor(name=HOSTILE),
        rationale=HOSTILE,
        criteria=("threatening_abusive_insulting", "**unknown**"),
    )
    return replace(hostile, **changes)


def test_block_confirmation_shows_names_links_and_reasons_as_typed() -> None:
    card = block_confirmation_card(_hostile_block(), default_pack())

    _assert_nothing_renders(card)
    # Too long a word for a phone's fact column: the facts are stacked as "Title: value" lines.
    assert f"Decided by: {escape_markdown(HOSTILE)}" in markdown_texts(card)


def test_history_shows_names_and_reviews_as_typed() -> None:
    card = history_card("@a_b", assessments=[], advice=[], blocks=[_hostile_block()], pack=default_pack())

    _assert_nothing_renders(card)
    assert any(escape_markdown(HOSTILE) in value for value in markdown_texts(card))


@pytest.mark.parametrize("status", ["active", "lifted"], ids=["due", "lifted"])
def test_digest_shows_names_reasons_and_notices_as_typed(status: str) -> None:
    shown = _hostile_block(status=status, review_due=date(2026, 12, 1))
    card = digest_card(
        date(2026, 12, 1),
        [shown],
        default_pack(),
        today=date(2026, 12, 1),
        snooze_until=date(2026, 12, 2),
        notice=f"Someone else acted on @a_b first: {HOSTILE}",
    )

    _assert_nothing_renders(card)
    assert escape_markdown(f"Someone else acted on @a_b first: {HOSTILE}") in markdown_texts(card)


def test_wording_search_shows_the_query_as_typed() -> None:
    pack = default_pack()
    card = wording_card(list(pack.wording[:1]), pack, query=HOSTILE)

    _assert_nothing_renders(card)


def test_the_bots_own_fact_values_are_unchanged() -> None:
    # The bot's own values in facts read exactly as before: only people's markdown is escaped.
    card = block_confirmation_card(block(), default_pack())
    values = [fact["value"] for n in walk(card) for fact in n.get("facts", [])]
    assert "X (Twitter)" in values and "@angry_poster" in values

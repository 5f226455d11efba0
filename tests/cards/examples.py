"""Representative data and one example of every card the bot can send, for content and renderer tests.

`ALL_CARDS` maps an id to a function building that card; other tests (dialogs, reminders) can reuse
the data builders here.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

from cards.assessment import assessment_card
from cards.block_confirmation import block_confirmation_card
from cards.block_form import BlockDraft, block_form_card
from cards.check_form import check_form_card
from cards.help import help_card, welcome_card
from cards.history import history_card
from cards.hours import hours_card
from cards.notice import notice_card
from cards.wording import wording_card, wording_topics_card
from dialogs.registry import Command
from policy.model import Reason, Recommendation
from policy.pack import PolicyPack, default_pack
from register.model import Actor, Assessment, Block

NOW = datetime(2026, 12, 1, 10, 30, tzinfo=UTC)
# A post with characters that would be markdown in a TextBlock: they must show as typed.
REDACTED = "You lot at [ward] are *useless*. My mum [NAME] waited 9 hours. I know where the nurse lives."


def block_recommendation() -> Recommendation:
    return Recommendation(
        action="block",
        criteria=("threatening_abusive_insulting", "safety_risk"),
        wording=("blocked_service_info",),
        reasons=(
            Reason(
                criterion="threatening_abusive_insulting",
                clause=_pack().criterion("threatening_abusive_insulting").clause,
                evidence="are *useless*",
            ),
            Reason(
                criterion="safety_risk",
                clause=_pack().criterion("safety_risk").clause,
                evidence="I know where the nurse lives",
            ),
        ),
        steps=(
            "Screenshot the post before acting.",
            "Hide the post.",
            "Record the block with its rationale.",
        ),
        redacted=REDACTED,
        monitored=True,
    )


def signpost_recommendation(*, monitored: bool = False) -> Recommendation:
    return Recommendation(
        action="signpost",
        criteria=(),
        wording=("individual_case", "complaints_pals"),
        reasons=(),
        steps=("Reply publicly with the wording below.",),
        redacted="My operation was cancelled twice, who do I speak to?",
        monitored=monitored,
        notes=("Looks like an individual's own case.",),
    )


def block(*, status: str = "active", last_review: str | None = None, link: str | None = None) -> Block:
    return Block(
        id="blk-0001",
        platform="x",
        account="@angry_poster",
        criteria=("threatening_abusive_insulting", "trolling_harassment"),
        rationale="Repeated threats against named staff after two warnings; hiding has not stopped it.",
        evidence=REDACTED,
        link=link,
        decided_by=Actor(name="A. Smith", aad_object_id="00000000-0000-0000-0000-000000000001"),
        decided_at=NOW,
        review_due=date(2026, 12, 31),
        status=status,  # type: ignore[arg-type]
        revision="r1",
        last_review=last_review,
    )


def assessment(at: datetime, action: str = "hide") -> Assessment:
    return Assessment(
        account="@angry_poster",
        platform="x",
        at=at,
        redacted=REDACTED,
        action=action,
        criteria=("threatening_abusive_insulting",),
    )


async def _handler(*_args: Any) -> None:
    return None


def commands() -> list[Command]:
    return [
        Command(
            "check",
            "Check a post",
            "Check a post against the policy.",
            "check [@handle on platform:] <post>",
            ("personal", "team", "groupChat"),
            False,
            _handler,
        ),
        Command(
            "block",
            "Record a block",
            "Record a block and its rationale.",
            "block",
            ("personal", "team", "groupChat"),
            True,
            _handler,
        ),
        Command(
            "wording",
            "Approved wording",
            "Find approved response wording.",
            "wording [words]",
            ("personal", "team", "groupChat"),
            False,
            _handler,
        ),
        Command("help", "Help", "What I can do.", "help", ("personal", "team", "groupChat"), False, _handler),
    ]


def _pack() -> PolicyPack:
    return default_pack()


ALL_CARDS: dict[str, Callable[[], dict[str, Any]]] = {
    "assessment-block": lambda: assessment_card(
        block_recommendation(),
        _pack(),
        post_id="chk-1",
        redacted_text=REDACTED,
        author="@angry_poster",
        platform="x",
    ),
    "assessment-signpost-unmonitored-anonymous": lambda: assessment_card(
        signpost_recommendation(),
        _pack(),
        post_id="chk-2",
        redacted_text="My operation was cancelled",
        author=None,
        platform=None,
    ),
    "check-form": lambda: check_form_card(_pack()),
    "check-form-errors": lambda: check_form_card(
        _pack(),
        values={"text": "", "author": "@x", "platform": "x"},
        errors={"text": "Paste the text of the post."},
    ),
    "block-form-empty": lambda: block_form_card(_pack(), BlockDraft(), default_review=date(2026, 12, 31)),
    "block-form-errors": lambda: block_form_card(
        _pack(),
        BlockDraft(
            platform="x",
            account="@a",
            criteria=("safety_risk", "gone"),
            rationale="bad",
            review_due="2020-01-01",
        ),
        default_review=date(2026, 12, 31),
        errors={
            "rationale": "Say a little more.",
            "review_due": "The review date can't be in the past.",
            "form": "Something else went wrong.",
        },
        data={"post_id": "chk-1"},
    ),
    "block-confirmation": lambda: block_confirmation_card(
        block(link="https://x.com/angry_poster/status/1"), _pack()
    ),
    "block-confirmation-lifted": lambda: block_confirmation_card(
        block(status="lifted", last_review="lifted by B. Jones on 2026-12-31: apology received"), _pack()
    ),
    "wording": lambda: wording_card([_pack().wording_entry("complaints_pals")], _pack(), query="complaint"),
    "wording-empty": lambda: wording_card([], _pack()),
    "wording-topics": lambda: wording_topics_card(_pack(), message="Nothing matched 'xyz'."),
    "hours-monitored": lambda: hours_card(_pack(), now=NOW, monitored=True, next_at=NOW, holiday=None),
    "hours-holiday": lambda: hours_card(
        _pack(),
        now=datetime(2026, 12, 25, 12, tzinfo=UTC),
        monitored=False,
        next_at=datetime(2026, 12, 29, 9, tzinfo=_pack().timezone),
        holiday="Christmas Day",
    ),
    "history-full": lambda: history_card(
        "@angry_poster",
        assessments=[assessment(datetime(2026, 11, d, 9, tzinfo=UTC)) for d in range(1, 9)],
        advice=[datetime(2026, 11, 2, 11, tzinfo=UTC)],
        blocks=[block()],
        pack=_pack(),
    ),
    "history-empty": lambda: history_card("@nobody", assessments=[], advice=[], blocks=[], pack=_pack()),
    "help-editor": lambda: help_card(commands(), is_editor=True),
    "help-reader": lambda: help_card(commands(), is_editor=False),
    "welcome": lambda: welcome_card(commands(), _pack()),
    "notice": lambda: notice_card(
        "Only editors can record blocks", "Ask an editor in your team.", style="warning"
    ),
}


# Helpers to look inside a card dict.


def walk(node: Any) -> list[dict[str, Any]]:
    """Every dict in the card (elements, inlines, actions, choices), depth first."""
    found: list[dict[str, Any]] = []
    if isinstance(node, dict):
        found.append(node)
        for value in node.values():
            found.extend(walk(value))
    elif isinstance(node, list):
        for item in node:
            found.extend(walk(item))
    return found


def all_text(card: dict[str, Any]) -> str:
    """Everything a reader sees: text blocks, text runs, facts, labels, button titles."""
    parts: list[str] = []
    for node in walk(card):
        kind = node.get("type")
        if kind in ("TextBlock", "TextRun"):
            parts.append(node["text"])
        elif "title" in node and "value" in node and kind is None:  # a fact or a choice
            parts.append(f"{node['title']}: {node['value']}")
        elif kind and kind.startswith(("Input.", "Action.")) and node.get("label", node.get("title")):
            parts.append(node.get("label") or node["title"])
    return "\n".join(parts)


def by_id(card: dict[str, Any], element_id: str) -> dict[str, Any]:
    (element,) = [n for n in walk(card) if n.get("id") == element_id]
    return element


def following(card: dict[str, Any], element_id: str) -> dict[str, Any] | None:
    """The element right after the one with this id in its container (where a field's error goes)."""
    for node in walk(card):
        for key in ("body", "items"):
            items = node.get(key)
            if isinstance(items, list):
                for i, item in enumerate(items):
                    if isinstance(item, dict) and item.get("id") == element_id:
                        return items[i + 1] if i + 1 < len(items) else None
    return None


def actions(card: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The card's buttons by title."""
    return {a["title"]: a for a in card.get("actions", [])}


def markdown_texts(card: dict[str, Any]) -> list[str]:
    """Every string on a card that Teams renders as markdown: TextBlock texts and fact values."""
    found: list[str] = []
    for node in walk(card):
        if node.get("type") == "TextBlock":
            found.append(node["text"])
        elif node.get("type") == "FactSet":
            found.extend(fact["value"] for fact in node["facts"])
    return found

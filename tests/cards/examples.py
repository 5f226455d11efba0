"""Representative data and one example of every card the bot can send, for content and renderer tests.

`ALL_CARDS` maps an id to a function building that card; other tests (dialogs, reminders) can reuse
the data builders here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from functools import partial
from typing import Any

from cards.assessment import assessment_card
from cards.block_confirmation import block_confirmation_card
from cards.block_form import BlockDraft, block_form_card
from cards.check_form import check_form_card
from cards.dialog import for_dialog
from cards.digest import ReviewForm, digest_card, reviews_list_card
from cards.evidence import evidence_card
from cards.help import help_card, welcome_card
from cards.history import history_card
from cards.hours import hours_card
from cards.notice import notice_card
from cards.report import report_card
from cards.verdict import VerdictDraft, verdict_form_card, verdict_recorded_card
from cards.wording import wording_card, wording_insert_card, wording_topics_card
from dialogs.registry import Command
from policy.model import Reason, Recommendation
from policy.pack import PolicyPack, default_pack
from register import readable
from register.chain import Break, ChainResult, Head
from register.evidence import Entry, EvidencePack
from register.integrity import Integrity
from register.model import Actor, Assessment, AuditEvent, Block
from register.verdicts import JudgedCheck, Verdict
from report.figures import Agreement, Figures, LateReview, Month

NOW = datetime(2026, 12, 1, 10, 30, tzinfo=UTC)
# A post with characters that would be markdown in a TextBlock: they must show as typed.
REDACTED = "You lot at [ward] are *useless*. My mum [NAME] waited 9 hours. I know where the nurse lives."
# The longest handle the block form accepts, and text with words too long for a phone's line.
LONG_HANDLE = "@" + ("the_longest_possible_handle_" * 3)[:64]
LONG_TEXT = (
    "Repeated threats against named staff after two warnings; hiding has not stopped it. "
    "Screenshots: https://www.facebook.com/groups/0123456789/permalink/98765432109876543210/?comment_id="
    "1234567890123456789012345 " + "They posted again the next morning and again that night. " * 12
)
DIGEST_DAY = date(2026, 12, 22)
REPORT_DAY = date(2026, 12, 1)
LONG_NAME = "Alexandra Montgomery-Featherstonehaugh (Communications)"


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


def recommendation_for(action: str, *, monitored: bool = True) -> Recommendation:
    """A recommendation of `action` as the engine makes one: the pack's wording for it, steps, a reason."""
    pack = _pack()
    info = pack.action(action)
    criteria = ("threatening_abusive_insulting",) if action in ("block", "restrict", "hide") else ()
    return Recommendation(
        action=action,  # type: ignore[arg-type]
        criteria=criteria,
        wording=info.wording or (),
        reasons=tuple(
            Reason(criterion=c, clause=pack.criterion(c).clause, evidence="are *useless*") for c in criteria
        ),
        steps=("Screenshot the post before acting.", f"{info.title}.") if action != "no_action" else (),
        redacted=REDACTED,
        monitored=monitored,
    )


def _assessment_for(action: str) -> dict[str, Any]:
    return assessment_card(
        recommendation_for(action),
        _pack(),
        post_id="chk-3",
        redacted_text=REDACTED,
        author="@angry_poster",
        platform="facebook",
    )


def due(block_id: str, review_due: date, account: str = "@angry_poster", **changes: Any) -> Block:
    """The example block with another id, account and review date, as the digest shows it."""
    return replace(
        block(), id=block_id, account=account, review_due=review_due, revision=f"rev-{block_id}", **changes
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


EDITOR = Actor(name="A. Smith", aad_object_id="00000000-0000-0000-0000-000000000001")


def evidence_pack(
    account: str = "@angry_poster", *, broken: bool = False, platform: str | None = None
) -> EvidencePack:
    """An evidence pack as `register.evidence.gather` builds it: two checks, advice, a block kept then
    lifted, and the register's integrity check (broken at the third event when `broken`)."""
    lifted = block(status="lifted")
    events = [
        AuditEvent(
            "chk-1",
            datetime(2026, 11, 2, 9, tzinfo=UTC),
            "assessed",
            EDITOR,
            account,
            None,
            {
                "platform": "facebook",
                "redacted": REDACTED,
                "action": "block",
                "criteria": ["threatening_abusive_insulting"],
            },
        ),
        AuditEvent(
            "adv-1",
            datetime(2026, 11, 2, 9, 5, tzinfo=UTC),
            "advised",
            EDITOR,
            account,
            None,
            {"note": LONG_TEXT},
        ),
        AuditEvent(
            "blk-1",
            datetime(2026, 11, 2, 9, 10, tzinfo=UTC),
            "block_created",
            EDITOR,
            account,
            lifted.id,
            {
                "platform": "facebook",
                "criteria": ["threatening_abusive_insulting"],
                "rationale": LONG_TEXT,
                "evidence": REDACTED,
                "review_due": "2026-12-01",
                "link": lifted.link,
            },
        ),
        AuditEvent(
            "kep-1",
            datetime(2026, 12, 1, 9, tzinfo=UTC),
            "block_kept",
            EDITOR,
            account,
            lifted.id,
            {"reason": "still posting", "next_review": "2027-01-04", "previous_review": "2026-12-01"},
        ),
        AuditEvent(
            "lft-1",
            datetime(2027, 1, 4, 9, tzinfo=UTC),
            "block_lifted",
            EDITOR,
            account,
            lifted.id,
            {"reason": "apologised"},
        ),
    ]
    tip = Head(7, "a" * 64)
    problem = Break(3, "blk-1", "it does not match its hash: it was changed (or moved) after it was logged")
    result = ChainResult(events=7, unchained=0, tip=tip, broken=problem if broken else None)
    rows = readable.rows(events)
    labels = {
        "assessed": "Post checked",
        "advised": "Account advised",
        "block_created": "Block recorded",
        "block_kept": "Block kept at review",
        "block_lifted": "Block lifted",
    }
    return EvidencePack(
        account=account,
        platform=platform,
        generated_at=NOW,
        policy=f"{_pack().policy_title}, policy pack version {_pack().version}",
        integrity=Integrity((("", result),)),
        entries=tuple(Entry(labels[e.kind], e, (), row) for e, row in zip(events, rows, strict=True)),
    )


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
    "evidence": lambda: evidence_card(evidence_pack()),
    "evidence-broken-long-handle": lambda: evidence_card(
        evidence_pack(LONG_HANDLE, broken=True, platform="instagram")
    ),
    "history-empty": lambda: history_card("@nobody", assessments=[], advice=[], blocks=[], pack=_pack()),
    "help-editor": lambda: help_card(commands(), is_editor=True),
    "help-reader": lambda: help_card(commands(), is_editor=False),
    "welcome": lambda: welcome_card(commands(), _pack()),
    "notice": lambda: notice_card(
        "Only editors can record blocks", "Ask an editor in your team.", style="warning"
    ),
    **{f"assessment-{action.id}": partial(_assessment_for, action.id) for action in _pack().actions},
    "assessment-long-handle-unmonitored": lambda: assessment_card(
        recommendation_for("block", monitored=False),
        _pack(),
        post_id="chk-4",
        redacted_text=LONG_TEXT,
        author=LONG_HANDLE,
        platform="instagram",
    ),
    "block-form-long": lambda: block_form_card(
        _pack(),
        BlockDraft(platform="instagram", account=LONG_HANDLE, rationale=LONG_TEXT, evidence=LONG_TEXT),
        default_review=date(2026, 12, 31),
        errors={"account": "A handle is at most 64 characters."},
    ),
    "block-confirmation-long": lambda: block_confirmation_card(
        replace(
            block(link="https://x.com/" + LONG_HANDLE[1:] + "/status/1"),
            account=LONG_HANDLE,
            rationale=LONG_TEXT,
        ),
        _pack(),
    ),
    "history-long-handle": lambda: history_card(
        LONG_HANDLE,
        assessments=[assessment(datetime(2026, 11, 3, 9, tzinfo=UTC), "block")],
        advice=[],
        blocks=[replace(block(), account=LONG_HANDLE, rationale=LONG_TEXT)],
        pack=_pack(),
    ),
    "digest": lambda: digest_card(
        DIGEST_DAY,
        [due("a", date(2026, 12, 1)), due("b", DIGEST_DAY, "@b")],
        _pack(),
        today=DIGEST_DAY,
        snooze_until=date(2026, 12, 23),
    ),
    "digest-eight-long": lambda: digest_card(
        DIGEST_DAY,
        [due(f"{n:032x}", date(2026, 12, 1 + n), LONG_HANDLE, rationale=LONG_TEXT) for n in range(8)],
        _pack(),
        today=DIGEST_DAY,
        snooze_until=date(2026, 12, 23),
        more=3,
    ),
    "digest-keep-form-errors": lambda: digest_card(
        DIGEST_DAY,
        [due("a", DIGEST_DAY, LONG_HANDLE)],
        _pack(),
        today=DIGEST_DAY,
        snooze_until=date(2026, 12, 23),
        form=ReviewForm(
            "a",
            "keep",
            {"reason": "", "next_review": "2020-01-01"},
            {"reason": "Give a reason.", "next_review": "The next review must be after today."},
        ),
    ),
    "digest-lift-form": lambda: digest_card(
        DIGEST_DAY,
        [due("a", DIGEST_DAY, LONG_HANDLE)],
        _pack(),
        today=DIGEST_DAY,
        snooze_until=date(2026, 12, 23),
        form=ReviewForm("a", "lift", {"reason": "apologised"}),
    ),
    "digest-reviewed-and-lifted": lambda: digest_card(
        DIGEST_DAY,
        [
            due("a", date(2027, 1, 21), last_review="kept by B. Jones on 2026-12-22: still abusive"),
            due("b", DIGEST_DAY, LONG_HANDLE, status="lifted", last_review="lifted by B. Jones: apologised"),
        ],
        _pack(),
        today=DIGEST_DAY,
        snooze_until=date(2026, 12, 23),
        notice="Someone else acted on @a first.",
    ),
    "digest-nothing-due": lambda: digest_card(
        DIGEST_DAY, [], _pack(), today=DIGEST_DAY, snooze_until=date(2026, 12, 23)
    ),
    "reviews-all": lambda: reviews_list_card(
        [due("a", date(2026, 12, 1)), due("b", DIGEST_DAY, LONG_HANDLE), due("c", date(2027, 1, 5))],
        _pack(),
        today=DIGEST_DAY,
    ),
    "reviews-found-middle-page": lambda: reviews_list_card(
        [due(f"{n:032x}", date(2026, 12, 1 + n % 28), LONG_HANDLE) for n in range(60)]
        + [due("lifted", date(2026, 12, 1), "@gone", status="lifted")],
        _pack(),
        today=DIGEST_DAY,
        page=1,
        title="Any blocks on Instagram for Trolling and harassment",
        query="instagram trolling_harassment any",
        noun="found",
    ),
    "history-middle-page-evidence-link": lambda: history_card(
        LONG_HANDLE,
        assessments=[assessment(datetime(2026, 11, d, 9, tzinfo=UTC)) for d in range(1, 20)],
        advice=[datetime(2026, 11, d, 11, tzinfo=UTC) for d in range(1, 12)],
        blocks=[
            replace(
                block(link="https://www.instagram.com/p/" + "C" * 60 + "/"),
                id=f"blk-{n}",
                account=LONG_HANDLE,
                evidence=LONG_TEXT,
            )
            for n in range(12)
        ],
        pack=_pack(),
        page=1,
    ),
    "wording-insert": lambda: wording_insert_card(_pack().wording_entry("complaints_pals"), _pack()),
    # Message extension dialogs: the same cards with Action.Submit buttons (and "Post" on results).
    "verdict-form": lambda: verdict_form_card(
        _pack(),
        VerdictDraft(criteria=("threatening_abusive_insulting",)),
        engine_action="block",
        data={"check_id": "0123abcdef", "account": LONG_HANDLE, "engine_action": "block"},
    ),
    "verdict-form-errors": lambda: verdict_form_card(
        _pack(),
        VerdictDraft(note=LONG_TEXT[:480]),
        engine_action="hide",
        errors={"action": "Choose the action it should have been."},
    ),
    "verdict-recorded-long": lambda: verdict_recorded_card(
        _pack(),
        check_id="0123abcdef",
        engine_action="hide",
        action="escalate",
        criteria=("safety_risk", "aggressive_violent", "threatening_abusive_insulting"),
        note=LONG_TEXT[:480],
        by="Alexandra Montgomery-Featherstonehaugh (Communications)",
        at=NOW,
    ),
    "report": lambda: report_card(month_figures(), today=REPORT_DAY, zone=_pack().timezone),
    "report-first-page-long": lambda: report_card(
        month_figures(busy=25, account=LONG_HANDLE), today=REPORT_DAY, zone=_pack().timezone
    ),
    "report-middle-page-long": lambda: report_card(
        month_figures(busy=25, account=LONG_HANDLE), today=REPORT_DAY, zone=_pack().timezone, page=1
    ),
    "report-last-page": lambda: report_card(
        month_figures(busy=25), today=REPORT_DAY, zone=_pack().timezone, page=2
    ),
    "dialog-assessment": lambda: for_dialog(ALL_CARDS["assessment-block"]()),
    "dialog-check-form-errors": lambda: for_dialog(ALL_CARDS["check-form-errors"]()),
    "dialog-block-form-errors": lambda: for_dialog(ALL_CARDS["block-form-errors"]()),
    "dialog-confirmation": lambda: for_dialog(ALL_CARDS["block-confirmation"]()),
}


# Helpers to look inside a card dict.


def disagreement(n: int, account: str = "@angry_poster") -> JudgedCheck:
    """The nth check of November that the team answered differently from the engine."""
    check = replace(assessment(datetime(2026, 11, 1 + n % 28, 9, n % 60, tzinfo=UTC)), account=account)
    verdict = Verdict(
        check_id=f"c{n:09x}",
        source=("not_right", "block", "advised", "left")[n % 4],
        actions=("block",) if n % 4 == 0 else ("no_action", "reply"),
        criteria=("threatening_abusive_insulting", "safety_risk") if n % 4 < 2 else None,
        note=None,
        by=Actor(LONG_NAME, EDITOR.aad_object_id),
        at=NOW,
    )
    return JudgedCheck(check, f"c{n:09x}", verdict)


def month_figures(*, busy: int = 2, account: str = "@angry_poster") -> Figures:
    """A month's figures for the report card, with `busy` overdue blocks, late reviews and disagreements."""
    month = Month(2026, 11)
    weeks = tuple(month.weeks())
    per_week = (3, 41, 38, 52, 47, 9)
    return Figures(
        month=month,
        weeks=weeks,
        checks=190,
        by_action={"reply": per_week, "hide": (1, 9, 8, 7, 6, 1), "block": (0, 2, 1, 3, 1, 0)},
        by_criterion={"threatening_abusive_insulting": (1, 9, 8, 7, 6, 1)},
        by_platform={"x": per_week, "facebook": (0, 11, 9, 10, 7, 1)},
        out_of_hours=57,
        blocks_recorded=7,
        blocks_kept=12,
        blocks_lifted=3,
        blocks_snoozed=4,
        reviews_on_time=13,
        late_reviews=tuple(
            LateReview(account, n % 2 == 1, date(2026, 11, 1 + n % 20), date(2026, 11, 3 + n % 26), LONG_NAME)
            for n in range(busy)
        ),
        overdue=tuple(due(f"{n:032x}", date(2026, 11, 1 + n % 30), account) for n in range(busy)),
        verdicts=40,
        agreement_by_action={"reply": Agreement(25, 23), "hide": Agreement(12, 8), "block": Agreement(3, 3)},
        agreement_by_criterion={"threatening_abusive_insulting": Agreement(14, 11)},
        disagreements=tuple(disagreement(n, account) for n in range(busy)),
        check_to_block=(timedelta(hours=2), timedelta(hours=26, minutes=10)),
    )


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
    """The card's buttons by title: its own actions and those of ActionSets in its body."""
    sets = [n for n in walk(card.get("body", [])) if n.get("type") == "ActionSet"]
    return {a["title"]: a for a in [*card.get("actions", []), *(a for s in sets for a in s["actions"])]}


def markdown_texts(card: dict[str, Any]) -> list[str]:
    """Every string on a card that Teams renders as markdown: TextBlock texts and fact values."""
    found: list[str] = []
    for node in walk(card):
        if node.get("type") == "TextBlock":
            found.append(node["text"])
        elif node.get("type") == "FactSet":
            found.extend(fact["value"] for fact in node["facts"])
    return found

"""The review digest card (blocks due for review, each with Keep, Lift and Snooze) and the `reviews all` list.

The digest card is rebuilt from the register after every action, so it always shows each block as it
stands now: still due (with its buttons), reviewed (who kept or snoozed it, and why), or lifted. Every
button carries the block's revision and the digest's block ids, which is all the bot needs to apply
the action and rebuild the card in place.

Keep and Lift first open a small form inside the block's entry (the card comes back with it: a
`step` of "open"), then send it ("submit"); "close" puts the card back without the form. Snooze needs
no form. Only one form is open at a time, which keeps the card small and lets a form that came back
with a problem show it beside the field, with what was typed kept. Input ids include the block id.
Pure: data in, card JSON out, plus the pure readers of what a form sent back.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Literal

from cards.elements import (
    Card,
    Element,
    banner,
    card,
    excerpt,
    facts,
    field_error,
    for_account,
    labelled,
    local_date,
    local_time,
    platform_label,
    rich,
    stacked,
    text,
    verbatim,
)
from cards.markdown import escape_markdown
from cards.pages import page_of, pager
from policy.pack import PolicyPack
from register.model import Block

VERB_KEEP = "review.keep"
VERB_LIFT = "review.lift"
VERB_SNOOZE = "review.snooze"
REVIEW_VERBS = (VERB_KEEP, VERB_LIFT, VERB_SNOOZE)
VERB_REVIEWS_PAGE = "reviews.page"

# Teams refuses a message over about 28 KB. Every button carries the digest's block ids (to rebuild the
# card), so the card grows with the square of its length: eight blocks stay well under the limit.
MAX_DIGEST_BLOCKS = 8
# A page of `reviews all`: a line a block and one pair of page buttons, far under the size limit.
MAX_LIST_BLOCKS = 25
MAX_REASON = 1000
MAX_REVIEW_DAYS = 365
RATIONALE_EXCERPT = 160

ReviewKind = Literal["keep", "lift"]
EntryState = Literal["due", "reviewed", "lifted"]


def entry_state(block: Block, day: date) -> EntryState:
    """Where a block on the `day` digest stands now: still due, reviewed (kept or snoozed), or lifted.

    Keeping and snoozing always move the review past the day, so the dates alone tell a reviewed block
    from one still waiting; `Block.last_review` then says who did what.
    """
    if block.status == "lifted":
        return "lifted"
    return "due" if block.review_due <= day else "reviewed"


def input_id(kind: ReviewKind, name: str, block_id: str) -> str:
    """The id of an input in a block's Keep or Lift form, e.g. "keep_reason_<block id>"."""
    return f"{kind}_{name}_{block_id}"


@dataclass(frozen=True)
class ReviewForm:
    """A block's Keep or Lift form as it was sent back: the values typed and what is wrong with them."""

    block_id: str
    kind: ReviewKind
    values: Mapping[str, str] = field(default_factory=dict)  # by field name: "reason", "next_review"
    errors: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ReviewTarget:
    """What every review button carries: the block, the revision it was shown at, and its digest."""

    block_id: str
    revision: str
    day: date
    ids: tuple[str, ...]


def target_data(block: Block, day: date, ids: Sequence[str]) -> dict[str, Any]:
    return {"block": block.id, "revision": block.revision, "day": day.isoformat(), "ids": list(ids)}


def read_target(data: Mapping[str, Any]) -> ReviewTarget | None:
    """The button's target, or None when the card's data is not one of ours (old or tampered)."""
    block_id, revision, day, ids = data.get("block"), data.get("revision"), data.get("day"), data.get("ids")
    if not (isinstance(block_id, str) and block_id and isinstance(revision, str) and isinstance(day, str)):
        return None
    if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
        ids = [block_id]
    try:
        parsed = date.fromisoformat(day)
    except ValueError:
        return None
    return ReviewTarget(block_id, revision, parsed, tuple(dict.fromkeys([*ids][:MAX_DIGEST_BLOCKS])))


def _typed(data: Mapping[str, Any], kind: ReviewKind, name: str, block_id: str) -> str:
    value = data.get(input_id(kind, name, block_id))
    return value.strip() if isinstance(value, str) else ""


def _check_reason(reason: str, action: str) -> str | None:
    if not reason:
        return f"Give a reason for {action} the block: the review is recorded in the audit log."
    if len(reason) > MAX_REASON:
        return f"Keep the reason under {MAX_REASON} characters."
    return None


def read_keep(
    data: Mapping[str, Any], block_id: str, *, today: date, interval_days: int
) -> tuple[tuple[str, date] | None, ReviewForm]:
    """A Keep form: ((reason, next review), form) when valid, else (None, form with its errors)."""
    reason = _typed(data, "keep", "reason", block_id)
    next_text = _typed(data, "keep", "next", block_id)
    errors: dict[str, str] = {}
    if problem := _check_reason(reason, "keeping"):
        errors["reason"] = problem
    next_review = today + timedelta(days=interval_days)
    if next_text:
        try:
            next_review = date.fromisoformat(next_text)
        except ValueError:
            errors["next_review"] = "Use a date like 2027-01-31."
    if "next_review" not in errors:
        if next_review <= today:
            errors["next_review"] = "The next review must be after today."
        elif next_review > today + timedelta(days=MAX_REVIEW_DAYS):
            errors["next_review"] = "Review the block again within a year: blocks are kept under review."
    form = ReviewForm(block_id, "keep", {"reason": reason, "next_review": next_text}, errors)
    return (None if errors else (reason, next_review)), form


def read_lift(data: Mapping[str, Any], block_id: str) -> tuple[str | None, ReviewForm]:
    """A Lift form: (reason, form) when valid, else (None, form with its errors)."""
    reason = _typed(data, "lift", "reason", block_id)
    errors: dict[str, str] = {}
    if problem := _check_reason(reason, "lifting"):
        errors["reason"] = problem
    return (None if errors else reason), ReviewForm(block_id, "lift", {"reason": reason}, errors)


# The digest card ----------------------------------------------------------------------------------


def _plain_line(value: str, *, style: str = "warning") -> Element:
    """A line that names an account and must not be missed, bold on a tinted box. As TextRuns, Teams
    shows it as typed (never markdown), so a handle such as @troll_99 reads the same in the card and
    when copied; the words carry the meaning, the tint only draws the eye."""
    line = rich([{"type": "TextRun", "text": value, "weight": "bolder"}])
    return {"type": "Container", "style": style, "items": [line], "spacing": "small"}


def _account_line(block: Block) -> Element:
    return rich(
        [
            {"type": "TextRun", "text": block.account, "weight": "bolder", "size": "medium"},
            {"type": "TextRun", "text": f" on {platform_label(block.platform)}"},
        ]
    )


def _overdue_text(block: Block, day: date) -> Element:
    late = (day - block.review_due).days
    if late <= 0:
        return text("Due for review today", weight="bolder", spacing="small")
    days = "day" if late == 1 else "days"
    return text(
        f"Overdue by {late} {days} (review was due {local_date(block.review_due)})",
        weight="bolder",
        spacing="small",
    )


def _criteria_titles(block: Block, pack: PolicyPack) -> str:
    titles = []
    for criterion_id in block.criteria:
        try:
            titles.append(pack.criterion(criterion_id).title)
        except KeyError:
            titles.append(criterion_id)
    return "; ".join(titles)


def _details(block: Block, pack: PolicyPack) -> list[Element]:
    return [
        facts(
            [
                ("Criteria", _criteria_titles(block, pack)),
                ("Decided by", f"{block.decided_by.name}, {local_time(block.decided_at, pack.timezone)}"),
                ("Reference", block.id),
            ],
            spacing="small",
        ),
        labelled("Rationale", excerpt(block.rationale, RATIONALE_EXCERPT)),
    ]


def _execute(
    title: str,
    verb: str,
    data: Mapping[str, Any],
    *,
    step: str,
    style: str | None = None,
    sends_inputs: bool = False,
) -> Element:
    action: Element = {
        "type": "Action.Execute",
        "title": title,
        "verb": verb,
        "data": {**data, "step": step},
        # Only a form's own submit button sends the inputs: the other buttons must work even while
        # a form on the card is half filled in.
        "associatedInputs": "auto" if sends_inputs else "none",
    }
    if style:
        action["style"] = style
    return action


def _reason_input(kind: ReviewKind, block: Block, label: str, form: ReviewForm) -> list[Element]:
    element: Element = {
        "type": "Input.Text",
        "id": input_id(kind, "reason", block.id),
        "label": label,
        "isMultiline": True,
        "isRequired": True,
        "errorMessage": "A reason is required.",
        "maxLength": MAX_REASON,
    }
    if form.values.get("reason"):
        element["value"] = form.values["reason"]
    message = form.errors.get("reason")
    return [element, field_error(message)] if message else [element]


def _form(block: Block, data: Mapping[str, Any], today: date, pack: PolicyPack, form: ReviewForm) -> Element:
    """The open Keep or Lift form for one block, inside its entry on the card."""
    items: list[Element]
    if form.kind == "keep":
        default_next = today + timedelta(days=pack.review_interval_days)
        items = _reason_input("keep", block, "Why keep the block?", form)
        items.append(
            {
                "type": "Input.Date",
                "id": input_id("keep", "next", block.id),
                "label": "Next review",
                "value": form.values.get("next_review") or default_next.isoformat(),
            }
        )
        if form.errors.get("next_review"):
            items.append(field_error(form.errors["next_review"]))
        submit = _execute("Keep block", VERB_KEEP, data, step="submit", style="positive", sends_inputs=True)
    else:
        where = platform_label(block.platform)
        items = [
            _plain_line(
                f"Lifting is recorded here only: someone must also unblock {block.account} on {where}.",
            ),
            *_reason_input("lift", block, "Why lift the block?", form),
        ]
        submit = _execute(
            "Lift block", VERB_LIFT, data, step="submit", style="destructive", sends_inputs=True
        )
    cancel = _execute(
        "Close without saving", VERB_KEEP if form.kind == "keep" else VERB_LIFT, data, step="close"
    )
    items.append({"type": "ActionSet", "actions": [submit, cancel]})
    return {"type": "Container", "style": "emphasis", "items": items, "spacing": "small"}


def _due_entry(
    block: Block,
    day: date,
    today: date,
    ids: Sequence[str],
    pack: PolicyPack,
    snooze_until: date,
    form: ReviewForm | None,
) -> list[Element]:
    data = target_data(block, day, ids)
    elements = [_account_line(block), _overdue_text(block, day), *_details(block, pack)]
    if form is not None:
        elements.append(_form(block, data, today, pack, form))
        return elements
    # Each button names the account: a digest has up to eight "Keep" buttons, and a screen reader
    # listing them must tell them apart. One to a row, so that a phone shows each title whole.
    handle = for_account(block.account, "")
    buttons = [
        _execute(f"Keep {handle} blocked…" if handle else "Keep this block…", VERB_KEEP, data, step="open"),
        _execute(f"Lift block on {handle}…" if handle else "Lift this block…", VERB_LIFT, data, step="open"),
        _execute(f"Snooze to {local_date(snooze_until)}", VERB_SNOOZE, data, step="submit"),
    ]
    elements.extend(stacked(buttons, spacing="small"))
    return elements


def _done_entry(block: Block, state: str) -> list[Element]:
    elements = [_account_line(block)]
    if state == "lifted":
        elements.append(text("Lifted", weight="bolder", spacing="small"))
    else:
        elements.append(text(f"Reviewed · next review {local_date(block.review_due)}", weight="bolder"))
    if block.last_review:
        elements.append(verbatim(block.last_review, italic=True, spacing="small"))
    if state == "lifted":
        elements.append(
            _plain_line(f"Remember to unblock {block.account} on {platform_label(block.platform)} as well.")
        )
    elements.append(text(f"Reference {block.id}", size="small", subtle=True, spacing="none"))
    return elements


def digest_card(
    day: date,
    blocks: Sequence[Block],
    pack: PolicyPack,
    *,
    today: date,
    snooze_until: date,
    more: int = 0,
    notice: str | None = None,
    form: ReviewForm | None = None,
    title: str = "Blocks due for review",
) -> Card:
    """The `day` digest: `blocks` in digest order, each due (with buttons), reviewed or lifted.

    `today` is the day buttons are pressed (default next review = today + the pack's interval),
    `snooze_until` the next monitored day, `more` how many due blocks did not fit on the card,
    `notice` a line at the top (e.g. someone else acted first), `form` the one Keep or Lift form
    shown open, with the values typed so far and any problems beside their fields.
    """
    shown = list(blocks[:MAX_DIGEST_BLOCKS])
    ids = [block.id for block in shown]
    states = [entry_state(block, day) for block in shown]
    waiting = states.count("due")
    overdue = sum(
        1 for block, state in zip(shown, states, strict=True) if state == "due" and block.review_due < day
    )
    if not shown:
        summary = "Nothing is due for review."
    elif waiting:
        summary = f"{waiting} waiting for review" + (f", {overdue} overdue" if overdue else "")
    else:
        summary = "All reviewed."
    body: list[Element] = [banner(title, f"{local_date(day)} · {summary}", style="emphasis")]
    if notice:
        # A notice quotes the register (who acted first, their reason): shown as typed, never markdown.
        body.append(banner(escape_markdown(notice), style="warning"))
    for block, state in zip(shown, states, strict=True):
        if state == "due":
            block_form = form if form is not None and form.block_id == block.id else None
            items = _due_entry(block, day, today, ids, pack, snooze_until, block_form)
        else:
            items = _done_entry(block, state)
        body.append({"type": "Container", "items": items, "separator": True, "spacing": "medium"})
    hidden = more + max(0, len(blocks) - MAX_DIGEST_BLOCKS)
    if hidden:
        plural = "block is" if hidden == 1 else "blocks are"
        body.append(text(f"{hidden} more {plural} due: type **reviews** to see them.", spacing="medium"))
    body.append(text(pack.review_clause, size="small", subtle=True, spacing="medium"))
    return card(body, speak=f"{title}: {summary}")


def digest_summary(blocks: Sequence[Block], day: date) -> str:
    """The notification line Teams shows for a digest message."""
    overdue = sum(1 for block in blocks if block.review_due < day)
    due = f"{len(blocks)} block{'s' if len(blocks) != 1 else ''} due for review"
    return due + (f", {overdue} overdue" if overdue else "")


# `reviews all` ------------------------------------------------------------------------------------


def _list_line(block: Block, today: date) -> Element:
    if block.status != "active":
        run: Element = {"type": "TextRun", "text": f" · {platform_label(block.platform)} · lifted"}
        return rich([{"type": "TextRun", "text": block.account, "weight": "bolder"}, run], spacing="small")
    late = (today - block.review_due).days
    when = f"review {local_date(block.review_due)}"
    if late > 0:
        when += f" (overdue by {late} day{'s' if late != 1 else ''})"
    elif late == 0:
        when += " (due today)"
    run = {"type": "TextRun", "text": f" · {platform_label(block.platform)} · {when}"}
    if late >= 0:
        run["weight"] = "bolder"  # "(due today)", "(overdue by …)" say it; bold draws the eye
    return rich([{"type": "TextRun", "text": block.account, "weight": "bolder"}, run], spacing="small")


def reviews_list_card(
    blocks: Sequence[Block],
    pack: PolicyPack,
    *,
    today: date,
    page: int = 0,
    title: str = "Active blocks",
    query: str = "",
    noun: str = "active",
) -> Card:
    """The blocks found (`reviews all [platform] [criterion] [status]`), earliest review first, a
    page of MAX_LIST_BLOCKS at a time; the buttons to other pages carry `query` and the page. `noun`
    counts them in the summary ("3 active", "3 found")."""
    ordered = sorted(blocks, key=lambda b: (b.review_due, b.account, b.id))
    due = sum(1 for block in ordered if block.status == "active" and block.review_due <= today)
    shown = page_of(ordered, page, MAX_LIST_BLOCKS)
    summary = (
        f"{len(ordered)} {noun} · {due} due or overdue"
        if ordered
        else ("No active blocks." if noun == "active" else "No blocks found.")
    )
    if shown.pages > 1:
        last = shown.first + len(shown.items) - 1
        summary += f" · showing {shown.first}–{last}"
    body: list[Element] = [banner(escape_markdown(title), summary, style="emphasis")]
    body.extend(_list_line(block, today) for block in shown.items)
    body.extend(pager(shown.number, shown.pages, VERB_REVIEWS_PAGE, {"query": query}, "blocks"))
    body.append(text(pack.review_clause, size="small", subtle=True, spacing="medium"))
    return card(body, speak=f"{title}: {summary}")

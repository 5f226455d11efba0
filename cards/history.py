"""What the register knows about one account: blocks and their reviews, advice given, posts checked.

Each kind is listed latest first, `limit` to a page: page 2 shows the second `limit` of each, and the
*Previous* / *Next* buttons (Action.Execute, `VERB_HISTORY_PAGE`) replace the card with the page
asked for. A block shows its evidence (as stored: redacted) and its link, as text: the only links
the bot makes clickable are ones it built.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from cards.elements import (
    Card,
    Element,
    banner,
    card,
    excerpt,
    facts,
    labelled,
    local_date,
    local_time,
    platform_label,
    subheading,
    text,
)
from cards.markdown import escape_markdown
from cards.pages import page_of, pager
from policy.pack import PolicyPack
from register.model import Assessment, Block

DEFAULT_LIMIT = 5
VERB_HISTORY_PAGE = "history.page"


def _sort_key(at: datetime) -> datetime:
    # Sort aware and naive (UTC) times together.
    return at if at.tzinfo is not None else at.replace(tzinfo=UTC)


def _criteria_titles(ids: Sequence[str], pack: PolicyPack) -> str:
    titles = []
    for criterion_id in ids:
        try:
            titles.append(pack.criterion(criterion_id).title)
        except KeyError:
            titles.append(criterion_id)
    return ", ".join(titles)


def _action_title(action: str, pack: PolicyPack) -> str:
    try:
        return pack.action(action).title
    except KeyError:
        return action


def _blocks(blocks: Sequence[Block], pack: PolicyPack, page: int, limit: int) -> list[Element]:
    ordered = sorted(blocks, key=lambda b: _sort_key(b.decided_at), reverse=True)
    elements: list[Element] = [subheading(f"Blocks ({len(blocks)})")]
    for block in page_of(ordered, page, limit).items:
        state = "Active" if block.status == "active" else "Lifted"
        items: list[Element] = [
            text(
                f"{state} · {escape_markdown(platform_label(block.platform))} · decided by "
                f"{escape_markdown(block.decided_by.name)} on "
                f"{local_time(block.decided_at, pack.timezone)}",
                weight="bolder",
            ),
            facts(
                [
                    ("Criteria", _criteria_titles(block.criteria, pack)),
                    ("Review due", local_date(block.review_due) if block.status == "active" else ""),
                    ("Last review", block.last_review or ""),
                ],
                spacing="small",
            ),
            labelled("Rationale", excerpt(block.rationale)),
        ]
        if block.evidence:
            items.append(labelled("Evidence", excerpt(block.evidence), italic=True))
        if block.link:
            items.append(labelled("Link", block.link))
        elements.append({"type": "Container", "items": items, "spacing": "medium"})
    return elements


def _advice(advice: Sequence[datetime], pack: PolicyPack, page: int, limit: int) -> list[Element]:
    ordered = sorted(advice, key=_sort_key, reverse=True)
    shown = page_of(ordered, page, limit).items
    lines = [f"- Advised of the right route on {local_time(at, pack.timezone)}" for at in shown]
    return [subheading(f"Advice given ({len(advice)})"), text("\n".join(lines))]


def _assessments(assessments: Sequence[Assessment], pack: PolicyPack, page: int, limit: int) -> list[Element]:
    ordered = sorted(assessments, key=lambda a: _sort_key(a.at), reverse=True)
    elements: list[Element] = [subheading(f"Posts checked ({len(assessments)})")]
    for item in page_of(ordered, page, limit).items:
        heading = f"{local_time(item.at, pack.timezone)} · {_action_title(item.action, pack)}"
        if item.platform:
            heading += f" · {escape_markdown(platform_label(item.platform))}"
        items: list[Element] = [text(heading, weight="bolder")]
        if item.criteria:
            titles = escape_markdown(_criteria_titles(item.criteria, pack))
            items.append(text(titles, size="small", spacing="none"))
        items.append(labelled("Post", excerpt(item.redacted), italic=True))
        elements.append({"type": "Container", "items": items, "spacing": "medium"})
    return elements


def history_card(
    account: str,
    *,
    assessments: Sequence[Assessment],
    advice: Sequence[datetime],
    blocks: Sequence[Block],
    pack: PolicyPack,
    limit: int = DEFAULT_LIMIT,
    page: int = 0,
) -> Card:
    """The account's record, latest first: page `page` (from 0) of each kind, `limit` to a page."""
    active = sum(1 for b in blocks if b.status == "active")
    summary = (
        f"{active} active block(s), advised {len(advice)} time(s), {len(assessments)} post(s) checked."
        if blocks or advice or assessments
        else "The register has nothing about this account yet."
    )
    body: list[Element] = [
        banner(f"History of {escape_markdown(account)}", summary, style="attention" if active else "default")
    ]
    # Past the end of a short list its section is left out; the longest list says how many pages.
    pages = max(page_of(kind, 0, limit).pages for kind in (blocks, advice, assessments))
    page = min(max(page, 0), pages - 1)
    if blocks and page * limit < len(blocks):
        body.extend(_blocks(blocks, pack, page, limit))
    if advice and page * limit < len(advice):
        body.extend(_advice(advice, pack, page, limit))
    if assessments and page * limit < len(assessments):
        body.extend(_assessments(assessments, pack, page, limit))
    body.extend(pager(page, pages, VERB_HISTORY_PAGE, {"account": account}, "the history"))
    return card(body, speak=f"History of {account}: {summary}")

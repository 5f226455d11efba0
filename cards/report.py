"""The monthly report's card in Teams: the month's main figures in words, and the lists behind three
of them (blocks overdue now, late reviews, checks the team disagreed with), a page at a time (the full
report, with its charts and week-by-week tables, is `socialdesk report`).

The lists page together, as on the history card: page 2 shows the second `limit` of each, and the
*Previous* / *Next* buttons (Action.Execute, `VERB_REPORT_PAGE`, carrying the month and the page)
replace the card with the page asked for. The figures are on the first page only: they do not change
with the page, and later pages stay short.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from zoneinfo import ZoneInfo

from cards.elements import (
    Card,
    Element,
    banner,
    card,
    facts,
    local_date,
    local_time,
    platform_label,
    subheading,
    text,
)
from cards.markdown import escape_markdown
from cards.pages import page_of, pager
from register.model import Block
from register.verdicts import JudgedCheck
from report.figures import Figures, LateReview
from report.tables import duration, percent

DEFAULT_LIMIT = 10
VERB_REPORT_PAGE = "report.page"
NO_HANDLE = "no handle given"


def _totals(counts: dict[str, tuple[int, ...]]) -> list[tuple[str, str]]:
    return [(item, str(sum(per_week))) for item, per_week in counts.items()]


def _days(n: int) -> str:
    return f"{n} day{'s' if n != 1 else ''}"


def _figures(figures: Figures) -> list[Element]:
    late = figures.days_late
    late_text = f"{figures.reviews_late}" + (f" (longest {max(late)} days late)" if late else "")
    share = percent(figures.out_of_hours_share)
    agreed = percent(figures.agreed / figures.verdicts if figures.verdicts else None)
    body: list[Element] = [
        facts(
            [
                ("Posts checked", str(figures.checks)),
                ("Out of monitored hours", f"{figures.out_of_hours}" + (f" ({share})" if share else "")),
                ("Blocks recorded", str(figures.blocks_recorded)),
                (
                    "Kept, lifted, snoozed",
                    f"{figures.blocks_kept}, {figures.blocks_lifted}, {figures.blocks_snoozed}",
                ),
                ("Reviews on time", str(figures.reviews_on_time)),
                ("Reviews late", late_text),
                ("Blocks overdue now", str(figures.overdue_now)),
                ("Team's verdicts", str(figures.verdicts)),
                ("Agreed with the engine", f"{figures.agreed}" + (f" ({agreed})" if agreed else "")),
                ("Check to block (median)", duration(figures.median_check_to_block) or "none this month"),
            ],
            spacing="medium",
        ),
    ]
    if figures.by_action:
        body += [subheading("Posts checked by action"), facts(_totals(figures.by_action))]
    if figures.agreement_by_action:
        rows = [
            (item, f"{a.agreed} of {a.judged} ({percent(a.share)})")
            for item, a in figures.agreement_by_action.items()
        ]
        body += [subheading("Agreement with the team, by action"), facts(rows)]
    return body


def _overdue_line(block: Block, today: date) -> str:
    account = escape_markdown(block.account)
    late = _days((today - block.review_due).days)
    due = local_date(block.review_due)
    return f"- {account} · {platform_label(block.platform)} · review was due {due}, {late} ago"


def _late_line(review: LateReview) -> str:
    account = escape_markdown(review.account or NO_HANDLE)
    done = "lifted" if review.lifted else "kept"
    return (
        f"- {account}: {done} by {escape_markdown(review.by)} on {local_date(review.done)}, "
        f"{_days(review.days_late)} late (due {local_date(review.due)})"
    )


def _team_answer(judged: JudgedCheck) -> str:
    verdict = judged.verdict
    if verdict is None:  # only checks with a verdict disagree; kept total for the type checker
        return "no verdict"
    answer = {
        "not_right": f"Not right?, should be {verdict.actions[0] if verdict.actions else 'another action'}",
        "block": "recorded a block",
        "advised": "marked it advised",
        "left": "left it",
    }[verdict.source]
    if verdict.criteria is not None and set(verdict.criteria) != set(judged.check.criteria):
        answer += f" ({', '.join(verdict.criteria) or 'no criteria'})"
    return f"{answer}, {escape_markdown(verdict.by.name)}"


def _disagreement_line(judged: JudgedCheck, zone: ZoneInfo) -> str:
    check = judged.check
    engine = check.action + (f" ({', '.join(check.criteria)})" if check.criteria else "")
    account = escape_markdown(check.account or NO_HANDLE)
    return f"- {local_time(check.at, zone)} · {account} · engine: {engine}; team: {_team_answer(judged)}"


def _section(title: str, total: int, lines: Sequence[str]) -> list[Element]:
    return [subheading(f"{title} ({total})"), text("\n".join(lines), spacing="small")]


def report_card(
    figures: Figures, *, today: date, zone: ZoneInfo, page: int = 0, limit: int = DEFAULT_LIMIT
) -> Card:
    """The month's report card, page `page` (from 0) of its lists, `limit` of each to a page."""
    lists = (figures.overdue, figures.late_reviews, figures.disagreements)
    pages = max(page_of(items, 0, limit).pages for items in lists)
    page = min(max(page, 0), pages - 1)
    body: list[Element] = [
        banner(f"Monthly report: {figures.month.label}", "London time, the Trust's calendar"),
    ]
    if page == 0:
        body += _figures(figures)
    # Past the end of a short list its section is left out; the longest list says how many pages.
    if page * limit < len(figures.overdue):
        shown = page_of(figures.overdue, page, limit).items
        body += _section("Blocks overdue now", figures.overdue_now, [_overdue_line(b, today) for b in shown])
    if page * limit < len(figures.late_reviews):
        late = page_of(figures.late_reviews, page, limit).items
        body += _section("Late reviews", figures.reviews_late, [_late_line(r) for r in late])
    if page * limit < len(figures.disagreements):
        shown_checks = page_of(figures.disagreements, page, limit).items
        lines = [_disagreement_line(j, zone) for j in shown_checks]
        body += _section("The team disagreed with the engine", len(figures.disagreements), lines)
    body.extend(pager(page, pages, VERB_REPORT_PAGE, {"month": str(figures.month)}, "the report"))
    body.append(
        text(
            f"The full report, week by week with charts: socialdesk report --month {figures.month} --out DIR",
            size="small",
            subtle=True,
            spacing="medium",
        )
    )
    speak = (
        f"Monthly report for {figures.month.label}: {figures.checks} posts checked, "
        f"{figures.blocks_recorded} blocks recorded, {figures.overdue_now} overdue now."
    )
    return card(body, speak=speak)

"""`report [month]`: the month's governance figures as a card (this month, London time, by default).

The card's lists page with *Previous* / *Next* buttons that come back here (`report.page`): the card is
replaced by the page asked for, its figures read from the register as it is now.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from cards.pages import read_page
from cards.report import VERB_REPORT_PAGE, report_card
from dialogs.actions import action
from dialogs.registry import command
from dialogs.turn import Outcome, Turn
from report.build import month_figures
from report.figures import Month


async def _report_card(turn: Turn, month: Month, page: int) -> dict[str, Any]:
    pack = turn.services.pack
    figures = await month_figures(turn.services.register, month, pack, turn.now)
    today = turn.now.astimezone(pack.timezone).date()
    return report_card(figures, today=today, zone=pack.timezone, page=page)


@command("report", title="Monthly report", usage="report [YYYY-MM]")
async def report(turn: Turn, args: str) -> None:
    """The month's figures: checks, blocks, reviews, overdue blocks and agreement with the team."""
    pack = turn.services.pack
    words = args.strip()
    try:
        month = Month.parse(words) if words else Month.of(turn.now.astimezone(pack.timezone).date())
    except ValueError as exc:
        await turn.say(f"{exc}. Type report for this month.")
        return
    await turn.send_card(await _report_card(turn, month, 0), summary=f"Monthly report: {month.label}")


@action(VERB_REPORT_PAGE)
async def report_page(turn: Turn, data: Mapping[str, Any]) -> Outcome:
    """*Previous* / *Next* on a report card: the same month, another page."""
    try:
        month = Month.parse(str(data.get("month") or ""))
    except ValueError:
        return Outcome(message="That report is out of date. Type report to see it again.")
    return Outcome(card=await _report_card(turn, month, read_page(data)))

"""`report [month]`: the month's governance figures as a card (this month, London time, by default)."""

from __future__ import annotations

from cards.report import report_card
from dialogs.registry import command
from dialogs.turn import Turn
from report.build import month_figures
from report.figures import Month


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
    figures = await month_figures(turn.services.register, month, pack, turn.now)
    await turn.send_card(report_card(figures), summary=f"Monthly report: {month.label}")

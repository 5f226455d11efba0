"""`report [month]` over HTTP: the month's figures as a card, checked by both card checks."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from register.base import Register
from register.model import Assessment, NewBlock
from register.verdicts import record_verdict
from tests.cards.examples import all_text, walk
from tests.report.known_register import EDITOR, fill_november
from tests.support.activities import Teams


async def test_report_for_a_month_answers_with_its_figures(local_bot, connector, register, valid_cards):
    await fill_november(register)
    await local_bot.post(Teams(connector.url).message("report 2026-11"))
    [card] = connector.cards()
    valid_cards.check([card])
    shown = all_text(card)
    assert "Monthly report: November 2026" in shown
    for title, value in [
        ("Posts checked", "5"),
        ("Out of monitored hours", "3 (60.0%)"),
        ("Blocks recorded", "2"),
        ("Kept, lifted, snoozed", "2, 1, 1"),
        ("Reviews on time", "1"),
        ("Reviews late", "2 (longest 3 days late)"),
        ("Team's verdicts", "4"),
        ("Agreed with the engine", "2 (50.0%)"),
        ("Check to block (median)", "24 h 45 min"),
    ]:
        assert {"title": title, "value": value} in card["body"][1]["facts"], title
    assert "hide" in shown and "0 of 2 (0.0%)" in shown


async def test_report_without_a_month_is_this_months(local_bot, connector):
    await local_bot.post(Teams(connector.url).message("report"))
    [card] = connector.cards()
    assert "Monthly report:" in all_text(card) and "Posts checked" in all_text(card)


async def test_a_month_that_is_not_one_is_explained(local_bot, connector):
    await local_bot.post(Teams(connector.url).message("report November"))
    assert connector.cards() == []
    [message] = connector.texts()
    assert "write it as YYYY-MM" in message and "Type report for this month." in message


async def _fill_a_busy_march(register: Register) -> None:
    """23 blocks overdue since March 2026, 12 of them kept 8 days late, and 12 checks the team left
    although the engine said block: 3 pages of 10 of the first list, 2 of the others."""
    for n in range(23):
        new = NewBlock("x", f"@poster{n:02}", ("trolling_harassment",), "why", "evidence", date(2026, 3, 2))
        block = await register.add_block(new, EDITOR, datetime(2026, 3, 1, 10, n, tzinfo=UTC))
        if n < 12:
            when = datetime(2026, 3, 10, 10, n, tzinfo=UTC)
            await register.keep_block(block.id, block.revision, EDITOR, when, "still", date(2026, 3, 20))
    for n in range(12):
        check_id = f"dd{n:08x}"
        when = datetime(2026, 3, 11, 10, n, tzinfo=UTC)
        check = Assessment(
            f"@checked{n:02}", "x", when, "a post", "block", ("trolling_harassment",), check_id=check_id
        )
        await register.add_assessment(check, EDITOR)
        await record_verdict(
            register, check_id=check_id, account=check.account, source="left", actor=EDITOR, at=when
        )


async def test_the_reports_lists_page_with_next_and_previous(local_bot, connector, register, valid_cards):
    await _fill_a_busy_march(register)
    teams = Teams(connector.url)
    await local_bot.post(teams.message("report 2026-03"))
    [first] = connector.cards()
    shown = all_text(first)
    assert "Blocks overdue now (23)" in shown and "Late reviews (12)" in shown
    assert "The team disagreed with the engine (12)" in shown and "Page 1 of 3." in shown
    assert "@checked09" in shown and "@checked10" not in shown
    [following] = [a for a in walk(first) if a.get("title") == "Next page of the report"]
    second = (await local_bot.post(teams.execute(following["verb"], following["data"]))).body["value"]
    seen = all_text(second)
    assert "Page 2 of 3." in seen and "@checked10" in seen and "@checked09" not in seen
    assert "Posts checked" not in seen  # the figures are on the first page
    [onward] = [a for a in walk(second) if a.get("title") == "Next page of the report"]
    third = (await local_bot.post(teams.execute(onward["verb"], onward["data"]))).body["value"]
    seen = all_text(third)
    assert "Page 3 of 3." in seen and "Blocks overdue now (23)" in seen and "Late reviews" not in seen
    [back] = [a for a in walk(third) if a.get("type") == "Action.Execute"]
    assert back["title"] == "Previous page of the report"
    again = (await local_bot.post(teams.execute(back["verb"], back["data"]))).body["value"]
    assert again == second
    valid_cards.check([first, second, third])


async def test_a_damaged_report_page_button_is_answered_politely(local_bot, connector):
    reply = await local_bot.post(Teams(connector.url).execute("report.page", {"month": "soon", "page": 1}))
    assert reply.body["value"] == "That report is out of date. Type report to see it again."


@pytest.mark.parametrize("month", ["0000-01", "9999-12"])
async def test_a_month_outside_the_calendar_is_explained(local_bot, connector, month):
    await local_bot.post(Teams(connector.url).message(f"report {month}"))
    assert connector.cards() == []
    [message] = connector.texts()
    assert "is not a month" in message and "Type report for this month." in message
    reply = await local_bot.post(Teams(connector.url).execute("report.page", {"month": month, "page": 1}))
    assert reply.body["value"] == "That report is out of date. Type report to see it again."

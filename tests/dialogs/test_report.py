"""`report [month]` over HTTP: the month's figures as a card, checked by both card checks."""

from __future__ import annotations

from tests.cards.examples import all_text
from tests.report.known_register import fill_november
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

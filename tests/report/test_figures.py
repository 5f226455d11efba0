"""The monthly report's figures, from a register filled with known events (`known_register`): every
number checked, in figures.csv and in report.html, London time and the Trust's calendar."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from policy.pack import PolicyPack, default_pack
from register.model import Assessment
from register.tinydb_store import open_tinydb_register
from report.build import month_figures
from report.cli import write_report
from report.document import figures_csv, report_html
from report.figures import Figures, Month, compute_figures
from tests.report.known_register import EDITOR, EXPECTED_ROWS, NOW, fill_november


@pytest.fixture(scope="module")
def pack() -> PolicyPack:
    return default_pack()


async def _figures(pack: PolicyPack, month: str = "2026-11") -> Figures:
    register = open_tinydb_register(None)
    await fill_november(register)
    figures = await month_figures(register, Month.parse(month), pack, NOW)
    await register.close()
    return figures


async def test_every_figure_for_the_month(pack: PolicyPack) -> None:
    figures = await _figures(pack)
    table = list(csv.reader(io.StringIO(figures_csv(figures))))
    assert table[0] == ["section", "item", "period", "value"]
    assert [tuple(row) for row in table[1:]] == EXPECTED_ROWS


async def test_the_figures_themselves(pack: PolicyPack) -> None:
    figures = await _figures(pack)
    assert figures.checks == 5 and figures.out_of_hours_share == pytest.approx(0.6)
    assert figures.days_late == (3, 2)
    assert figures.median_check_to_block == timedelta(hours=24, minutes=45)
    assert [w[0] for w in figures.weeks] == [date(2026, 11, d) for d in (1, 2, 9, 16, 23, 30)]


async def test_the_lists_behind_the_figures(pack: PolicyPack) -> None:
    figures = await _figures(pack)
    late = [(r.account, r.lifted, r.due, r.done, r.by, r.days_late) for r in figures.late_reviews]
    assert late == [
        ("@poster", False, date(2026, 11, 6), date(2026, 11, 9), EDITOR.name, 3),  # B2, after its snooze
        ("@poster", True, date(2026, 11, 10), date(2026, 11, 12), EDITOR.name, 2),  # B1
    ]
    # B2 (due 12 Nov) before B3 (due 20 Nov): the longest overdue first.
    assert [b.review_due for b in figures.overdue] == [date(2026, 11, 12), date(2026, 11, 20)]
    assert [(j.check_id, j.verdict and j.verdict.source) for j in figures.disagreements] == [
        ("cc00000001", "not_right"),
        ("cc00000005", "left"),
    ]


async def test_a_month_with_nothing_in_it(pack: PolicyPack) -> None:
    figures = await _figures(pack, "2026-09")
    assert (figures.checks, figures.blocks_recorded, figures.verdicts) == (0, 0, 0)
    assert figures.out_of_hours_share is None and figures.median_check_to_block is None
    assert figures.overdue_now == 2  # overdue is "now", whichever month is asked for
    html = report_html(figures, trust="T", generated=NOW, pack_version="1")
    assert html.count("None this month.") == 5  # the weekly and agreement sections


async def test_reading_from_the_months_start_gives_the_figures_of_the_whole_log(pack: PolicyPack) -> None:
    # B3 and c6 are October events that November's reviews and blocks need (see known_register).
    register = open_tinydb_register(None)
    await fill_november(register)
    november = Month.parse("2026-11")
    whole = compute_figures(await register.audit(), await register.all_blocks(), november, pack, NOW)
    assert await month_figures(register, november, pack, NOW) == whole
    await register.close()


def test_weeks_are_london_weeks_cut_at_the_months_ends() -> None:
    assert Month.parse("2027-02").weeks()[0] == (date(2027, 2, 1), date(2027, 2, 7))
    assert Month.parse("2026-03").weeks()[-1] == (date(2026, 3, 30), date(2026, 3, 31))


async def test_a_check_just_after_midnight_in_summer_counts_in_londons_month(pack: PolicyPack) -> None:
    # 31 May 2026 23:30 UTC is 1 June 00:30 in London (BST): a June check, out of hours.
    register = open_tinydb_register(None)
    late = Assessment(
        None, "x", datetime(2026, 5, 31, 23, 30, tzinfo=UTC), "t", "hide", (), check_id="abcdef0001"
    )
    await register.add_assessment(late, EDITOR)
    june = await month_figures(register, Month.parse("2026-06"), pack, NOW)
    may = await month_figures(register, Month.parse("2026-05"), pack, NOW)
    assert (june.checks, june.out_of_hours, may.checks) == (1, 1, 0)


@pytest.mark.parametrize("text", ["2026-13", "Nov", "2026-1", ""], ids=["month-13", "word", "short", "empty"])
def test_a_month_that_is_not_one_says_how_to_write_it(text: str) -> None:
    with pytest.raises(ValueError, match="write it as YYYY-MM"):
        Month.parse(text)


async def test_the_report_files(pack: PolicyPack, tmp_path: Path) -> None:
    register = open_tinydb_register(None)
    await fill_november(register)
    await write_report(register, Month.parse("2026-11"), pack, NOW, tmp_path / "out")
    await register.close()

    html = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    # One self-contained page: charts drawn inline, nothing fetched, nothing run.
    assert html.count("<svg") == 5
    # (Links and urls inside the charts only point within the page: "#id".)
    outside = r"<script|<link|<img|@import|(?:src|href)=[\"'](?!#)|url\((?!#)"
    assert not re.search(outside, html, re.IGNORECASE)
    assert "@media print" in html
    assert "November 2026" in html and pack.trust in html
    # Every figure in the CSV is in the page's tables too.
    for section, item, _period, value in EXPECTED_ROWS:
        assert f"<th scope='row'>{item.replace(chr(39), '&#x27;')}</th>" in html, item
        assert f"<td class='n'>{value}</td>" in html or value == "", (section, item, value)
    text = (tmp_path / "out" / "figures.csv").read_bytes()
    assert text.startswith(b"\xef\xbb\xbf")

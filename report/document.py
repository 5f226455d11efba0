"""report.html and figures.csv: the monthly report as one self-contained, printable page (charts inline
as SVG, no scripts, no outside files) and the same figures as a spreadsheet."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import datetime
from html import escape
from itertools import groupby

from report.charts import agreement_bars, weekly_bars
from report.figures import Figures
from report.tables import COLUMNS, SECTIONS, Row, rows, week_label

_STYLE = """
body { font-family: system-ui, sans-serif; color: #111; background: #fff; margin: 2em; max-width: 60em; }
h1 { font-size: 1.6em; } h2 { font-size: 1.2em; margin-top: 1.6em; border-bottom: 1px solid #999; }
table { border-collapse: collapse; margin: 0.6em 0; } th, td { border: 1px solid #999; padding: 0.2em 0.6em; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
figure { margin: 0.6em 0; } svg { max-width: 100%; height: auto; }
section { break-inside: avoid; }
@media print { body { margin: 0; } h2 { break-after: avoid; } }
"""


def figures_csv(figures: Figures) -> str:
    """Every figure as CSV: section, item, period (a week or the month), value."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows((r.section, r.item, r.period, r.value) for r in rows(figures))
    return buffer.getvalue()


def _table(section_rows: Sequence[Row], weeks: Sequence[str]) -> str:
    """A section's rows as a table: one row per item, one column per period it has."""
    periods = list(dict.fromkeys(r.period for r in section_rows))
    ordered = [p for p in [*weeks, "month"] if p in periods]
    heads = "".join(
        f"<th scope='col'>{escape('week of ' + p[:10] if p != 'month' else 'month')}</th>" for p in ordered
    )
    lines = [f"<table><thead><tr><th scope='col'>item</th>{heads}</tr></thead><tbody>"]
    for item, group in groupby(section_rows, key=lambda r: r.item):
        values = {r.period: r.value for r in group}
        cells = "".join(f"<td class='n'>{escape(values.get(p, ''))}</td>" for p in ordered)
        lines.append(f"<tr><th scope='row'>{escape(item)}</th>{cells}</tr>")
    lines.append("</tbody></table>")
    return "".join(lines)


def report_html(figures: Figures, *, trust: str, generated: datetime, pack_version: str) -> str:
    """The whole report as one HTML page."""
    weeks = [week_label(w) for w in figures.weeks]
    week_names = [f"{w[0]:%d %b}" for w in figures.weeks]
    charts = {
        "checks by action": weekly_bars(
            "Posts checked by action, week by week", week_names, figures.by_action
        ),
        "checks by criterion": weekly_bars(
            "Criteria flagged, week by week", week_names, figures.by_criterion
        ),
        "checks by platform": weekly_bars(
            "Posts checked by platform, week by week", week_names, figures.by_platform
        ),
        "agreement by action": agreement_bars(
            "Agreement with the team, by action", figures.agreement_by_action
        ),
        "agreement by criterion": agreement_bars(
            "Agreement with the team, by criterion", figures.agreement_by_criterion
        ),
    }
    title = f"Social Desk monthly report: {figures.month.label}"
    parts = [
        "<!DOCTYPE html><html lang='en-GB'><head><meta charset='utf-8'>",
        f"<title>{escape(title)}</title><style>{_STYLE}</style></head><body>",
        f"<h1>{escape(title)}</h1>",
        f"<p>{escape(trust)}. Times and weeks are London time (Monday to Sunday); out of hours means outside "
        "the policy's monitored hours, public holidays included. Figures are read from the register's "
        f"audit log. Generated {escape(generated.strftime('%d %B %Y, %H:%M %Z'))} with policy pack "
        f"{escape(pack_version)}.</p>",
    ]
    by_section = {section: list(found) for section, found in groupby(rows(figures), key=lambda r: r.section)}
    for section in SECTIONS:
        parts.append(f"<section><h2>{escape(section.capitalize())}</h2>")
        section_rows = by_section.get(section, [])
        if not section_rows:
            parts.append("<p>None this month.</p></section>")
            continue
        if section in charts:
            parts.append(
                f"<figure role='img' aria-label='{escape(section)} chart'>{charts[section]}</figure>"
            )
        parts.append(_table(section_rows, weeks))
        parts.append("</section>")
    parts.append("</body></html>")
    return "\n".join(parts)

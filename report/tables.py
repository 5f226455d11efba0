"""The report's figures as rows: one list that both figures.csv and the HTML tables are written from,
so the printed report and the spreadsheet can never say different things."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import date, timedelta

from report.figures import Agreement, Figures

COLUMNS = ("section", "item", "period", "value")
# The report's sections, in order (a month may have no rows in some of them).
SECTIONS = (
    "checks",
    "checks by action",
    "checks by criterion",
    "checks by platform",
    "blocks",
    "reviews",
    "agreement",
    "agreement by action",
    "agreement by criterion",
    "check to block",
)


@dataclass(frozen=True)
class Row:
    section: str
    item: str
    period: str  # a week ("2026-11-02/2026-11-08") or "month"
    value: str


def week_label(week: tuple[date, date]) -> str:
    return f"{week[0].isoformat()}/{week[1].isoformat()}"


def percent(share: float | None) -> str:
    return "" if share is None else f"{share * 100:.1f}%"


def duration(value: timedelta | None) -> str:
    """A time span in hours and minutes ("26 h 05 min"), or empty when there is none."""
    if value is None:
        return ""
    minutes = round(value.total_seconds() / 60)
    return f"{minutes // 60} h {minutes % 60:02d} min"


def _weekly(section: str, counts: dict[str, tuple[int, ...]], figures: Figures) -> list[Row]:
    found: list[Row] = []
    for item, per_week in counts.items():
        found.extend(
            Row(section, item, week_label(w), str(n)) for w, n in zip(figures.weeks, per_week, strict=True)
        )
        found.append(Row(section, item, "month", str(sum(per_week))))
    return found


def _agreement(section: str, agreements: dict[str, Agreement]) -> list[Row]:
    found: list[Row] = []
    for item, agreement in agreements.items():
        found.append(Row(section, f"{item}: with a verdict", "month", str(agreement.judged)))
        found.append(Row(section, f"{item}: agreed", "month", str(agreement.agreed)))
        found.append(Row(section, f"{item}: share agreed", "month", percent(agreement.share)))
    return found


def rows(figures: Figures) -> list[Row]:
    """Every figure in the report, in the order the report shows them."""
    month = "month"
    late = figures.days_late
    result = [
        Row("checks", "posts checked", month, str(figures.checks)),
        Row("checks", "out of monitored hours", month, str(figures.out_of_hours)),
        Row("checks", "share out of monitored hours", month, percent(figures.out_of_hours_share)),
        *_weekly("checks by action", figures.by_action, figures),
        *_weekly("checks by criterion", figures.by_criterion, figures),
        *_weekly("checks by platform", figures.by_platform, figures),
        Row("blocks", "recorded", month, str(figures.blocks_recorded)),
        Row("blocks", "kept", month, str(figures.blocks_kept)),
        Row("blocks", "lifted", month, str(figures.blocks_lifted)),
        Row("blocks", "snoozed", month, str(figures.blocks_snoozed)),
        Row("blocks", "overdue now", month, str(figures.overdue_now)),
        Row("reviews", "on time", month, str(figures.reviews_on_time)),
        Row("reviews", "late", month, str(figures.reviews_late)),
        Row("reviews", "days late, median", month, f"{statistics.median(late):g}" if late else ""),
        Row("reviews", "days late, longest", month, str(max(late)) if late else ""),
        Row("reviews", "days late, total", month, str(sum(late))),
        Row("agreement", "checks with the team's verdict", month, str(figures.verdicts)),
        Row("agreement", "agreed with the engine", month, str(figures.agreed)),
        *_agreement("agreement by action", figures.agreement_by_action),
        *_agreement("agreement by criterion", figures.agreement_by_criterion),
        Row("check to block", "blocks recorded from a check", month, str(len(figures.check_to_block))),
        Row("check to block", "median time", month, duration(figures.median_check_to_block)),
    ]
    return result

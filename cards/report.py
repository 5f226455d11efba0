"""The monthly report's card in Teams: the month's main figures in words (the full report, with its
charts and week-by-week tables, is `socialdesk report`)."""

from __future__ import annotations

from cards.elements import Card, Element, banner, card, facts, subheading, text
from report.figures import Figures
from report.tables import duration, percent


def _totals(counts: dict[str, tuple[int, ...]]) -> list[tuple[str, str]]:
    return [(item, str(sum(per_week))) for item, per_week in counts.items()]


def report_card(figures: Figures) -> Card:
    late = figures.days_late
    late_text = f"{figures.reviews_late}" + (f" (longest {max(late)} days late)" if late else "")
    share = percent(figures.out_of_hours_share)
    agreed = percent(figures.agreed / figures.verdicts if figures.verdicts else None)
    body: list[Element] = [
        banner(f"Monthly report: {figures.month.label}", "London time, the Trust's calendar"),
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

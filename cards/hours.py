"""Whether the Trust's accounts are monitored right now, and when they next will be."""

from __future__ import annotations

from datetime import datetime

from cards.elements import Card, Element, banner, card, facts, local_time, quote, text
from policy.pack import PolicyPack


def hours_card(
    pack: PolicyPack, *, now: datetime, monitored: bool, next_at: datetime, holiday: str | None
) -> Card:
    """The answer to `hours`; `holiday` names today's public holiday, if any."""
    if monitored:
        title = "The accounts are monitored now"
        summary = f"Until {pack.hours.end:%H:%M} today."
        style = "good"
    else:
        title = "The accounts are not monitored now"
        summary = f"Next monitored: {local_time(next_at, pack.timezone)}."
        style = "warning"
    body: list[Element] = [banner(title, summary, style=style)]
    body.append(
        facts(
            [
                ("Now", local_time(now, pack.timezone)),
                ("Public holiday", holiday or ""),
                ("Monitored", pack.hours.describe()),
                ("Next monitored", "" if monitored else local_time(next_at, pack.timezone)),
            ],
            spacing="medium",
        )
    )
    body.append(text("The policy says:", size="small", subtle=True, spacing="medium"))
    body.append(quote(pack.hours.clause))
    return card(body, speak=f"{title}. {summary}")

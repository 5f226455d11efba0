"""`hours`: whether the Trust's accounts are monitored now, and when they next are."""

from __future__ import annotations

from cards.hours import hours_card
from dialogs.registry import command
from dialogs.turn import Turn
from policy.hours import holiday_name, is_monitored, next_monitored


@command("hours", title="Monitoring hours", usage="hours")
async def show_hours(turn: Turn, args: str) -> None:
    """Say whether the accounts are monitored right now, and the next monitored time."""
    pack = turn.services.pack
    now = turn.now
    card = hours_card(
        pack,
        now=now,
        monitored=is_monitored(now, pack),
        next_at=next_monitored(now, pack),
        holiday=holiday_name(now.astimezone(pack.timezone).date(), pack.hours),
    )
    await turn.send_card(card, summary="Monitoring hours")

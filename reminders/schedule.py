"""When the daily digest goes out. Pure: the caller passes the time.

The digest is sent on monitored days from the send time (default 09:00 in the Trust's time zone) until
monitored hours end. A bot that was down at 09:00 therefore sends the day's digest when it comes back
up, as long as someone is still watching; it never sends on a weekend, a public holiday or out of
hours. Sending once per conversation per day is the register's job (`Register.claim_digest`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from policy.hours import holiday_name, is_monitored, is_monitored_day, next_monitored_day
from policy.pack import PolicyPack

DEFAULT_SEND_TIME = time(9, 0)


@dataclass(frozen=True)
class SendDecision:
    """Whether a digest should go out now; `reason` says why not, in words for operators."""

    day: date  # the local day in the Trust's time zone
    monitored: bool  # the accounts are being watched at this moment
    send: bool
    reason: str | None = None


def check_send_time(send_time: time, pack: PolicyPack) -> None:
    """Refuse a send time outside monitored hours: such a digest would never be sent."""
    hours = pack.hours
    if not hours.start <= send_time < hours.end:
        raise ValueError(
            f"the digest send time {send_time:%H:%M} is outside monitored hours "
            f"({hours.start:%H:%M}–{hours.end:%H:%M}); choose a time within them"
        )


def decide(now: datetime, pack: PolicyPack, send_time: time = DEFAULT_SEND_TIME) -> SendDecision:
    """Whether `now` falls in the day's sending window: a monitored day, at or after the send time."""
    if now.tzinfo is None:
        raise ValueError("the time must carry a time zone")
    local = now.astimezone(pack.timezone)
    day = local.date()
    hours = pack.hours
    monitored = is_monitored(now, pack)
    holiday = holiday_name(day, hours)
    if holiday is not None:
        return SendDecision(day, monitored, False, f"public holiday: {holiday}")
    if day.weekday() not in hours.weekdays:
        return SendDecision(day, monitored, False, f"not a monitored day ({local:%A})")
    start = max(send_time, hours.start)
    if local.time() < start:
        return SendDecision(day, monitored, False, f"before the digest time ({start:%H:%M})")
    if local.time() >= hours.end:
        return SendDecision(day, monitored, False, f"after monitored hours (ended {hours.end:%H:%M})")
    return SendDecision(day, monitored, True)


def next_send_at(now: datetime, pack: PolicyPack, send_time: time = DEFAULT_SEND_TIME) -> datetime:
    """When the next sending window opens: today's if not yet open, else the next monitored day's."""
    local = now.astimezone(pack.timezone)
    start = max(send_time, pack.hours.start)
    day = local.date()
    if not (is_monitored_day(day, pack.hours) and local.time() < start):
        day = next_monitored_day(day, pack.hours)
    return datetime.combine(day, start, tzinfo=pack.timezone)

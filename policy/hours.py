"""When the Trust's accounts are monitored: the pack's office hours less England's public holidays."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import cache

import holidays

from policy.pack import Hours, PolicyPack


@cache
def _calendar(country: str, subdivision: str | None, year: int) -> holidays.HolidayBase:
    # The holidays package includes substitute days (e.g. 28 Dec 2026 for Boxing Day on a Saturday).
    return holidays.country_holidays(country, subdiv=subdivision, years=year)


def holiday_name(day: date, hours: Hours) -> str | None:
    """The public holiday on this day, if any."""
    name = _calendar(hours.holidays_country, hours.holidays_subdivision, day.year).get(day)
    return str(name) if name else None


def is_monitored_day(day: date, hours: Hours) -> bool:
    return day.weekday() in hours.weekdays and holiday_name(day, hours) is None


def is_monitored(at: datetime, pack: PolicyPack) -> bool:
    """Whether someone is watching the accounts at this moment (in the Trust's time zone)."""
    local = at.astimezone(pack.timezone)
    hours = pack.hours
    return is_monitored_day(local.date(), hours) and hours.start <= local.time() < hours.end


def next_monitored(at: datetime, pack: PolicyPack) -> datetime:
    """The start of the next monitored period at or after `at` (`at` itself when monitored now)."""
    if is_monitored(at, pack):
        return at
    local = at.astimezone(pack.timezone)
    day = local.date()
    if local.time() >= pack.hours.start:
        day += timedelta(days=1)
    # A year of days is more than any calendar of closures needs.
    for _ in range(366):
        if is_monitored_day(day, pack.hours):
            return datetime.combine(day, pack.hours.start, tzinfo=pack.timezone)
        day += timedelta(days=1)
    raise ValueError("no monitored day within a year: check the pack's hours")


def next_monitored_day(after: date, hours: Hours) -> date:
    """The first monitored day strictly after `after` (used to snooze a review)."""
    day = after + timedelta(days=1)
    for _ in range(366):
        if is_monitored_day(day, hours):
            return day
        day += timedelta(days=1)
    raise ValueError("no monitored day within a year: check the pack's hours")

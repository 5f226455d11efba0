"""When the digest goes out: a week of December 2026 with a weekend and the Christmas bank holidays."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from policy.pack import default_pack
from reminders.schedule import check_send_time, decide, next_send_at

LONDON = ZoneInfo("Europe/London")
PACK = default_pack()


def at(day: int, hour: int, minute: int = 0, month: int = 12, year: int = 2026) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=LONDON)


# 21-31 December 2026 at 09:00: 25 (Christmas Day) and 28 (substitute Boxing Day) are bank holidays;
# 24 is an ordinary working day; 26-27 are a weekend (26 is Boxing Day itself).
WEEK = [
    (21, True, None),
    (22, True, None),
    (23, True, None),
    (24, True, None),
    (25, False, "public holiday: Christmas Day"),
    (26, False, "public holiday: Boxing Day"),  # a Saturday as well
    (27, False, "not a monitored day (Sunday)"),
    (28, False, "public holiday: Boxing Day (observed)"),
    (29, True, None),
    (30, True, None),
    (31, True, None),
]


@pytest.mark.parametrize(("day", "send", "reason"), WEEK, ids=[f"dec-{d}" for d, _, _ in WEEK])
def test_which_days_send_at_nine(day: int, send: bool, reason: str | None) -> None:
    decision = decide(at(day, 9), PACK)
    assert (decision.send, decision.reason, decision.day) == (send, reason, date(2026, 12, day))
    assert decision.monitored is send


@pytest.mark.parametrize(
    ("moment", "send", "reason"),
    [
        (at(22, 8, 59), False, "before the digest time (09:00)"),
        (at(22, 9, 0), True, None),
        (at(22, 13, 30), True, None),  # catch-up: the bot came back after downtime
        (at(22, 16, 59), True, None),
        (at(22, 17, 0), False, "after monitored hours (ended 17:00)"),
        (at(22, 23, 0), False, "after monitored hours (ended 17:00)"),
    ],
    ids=["just-before", "on-time", "catch-up-afternoon", "last-minute", "closing-time", "night"],
)
def test_catch_up_runs_until_monitored_hours_end_and_never_after(
    moment: datetime, send: bool, reason: str | None
) -> None:
    decision = decide(moment, PACK)
    assert (decision.send, decision.reason) == (send, reason)


def test_the_local_day_is_used_not_the_utc_day() -> None:
    # 09:30 BST on 1 June is 08:30 UTC: still the London day, and inside the window.
    summer = datetime(2026, 6, 1, 8, 30, tzinfo=ZoneInfo("UTC"))
    decision = decide(summer, PACK)
    assert (decision.send, decision.day) == (True, date(2026, 6, 1))


def test_a_configured_send_time_moves_the_window() -> None:
    assert decide(at(22, 9, 30), PACK, time(10, 0)).send is False
    assert decide(at(22, 10, 0), PACK, time(10, 0)).send is True


def test_a_send_time_outside_monitored_hours_is_refused() -> None:
    check_send_time(time(9, 0), PACK)
    with pytest.raises(ValueError, match="outside monitored hours"):
        check_send_time(time(7, 30), PACK)
    with pytest.raises(ValueError, match="outside monitored hours"):
        check_send_time(time(17, 0), PACK)


def test_a_time_without_a_zone_is_refused() -> None:
    with pytest.raises(ValueError, match="time zone"):
        decide(datetime(2026, 12, 22, 9), PACK)


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (at(22, 7), at(22, 9)),
        (at(22, 9), at(23, 9)),
        (at(24, 12), at(29, 9)),  # Christmas, the weekend and the substitute Boxing Day skipped
        (at(26, 12), at(29, 9)),
        (at(31, 18), at(4, 9, month=1, year=2027)),  # New Year's Day is a Friday holiday
    ],
    ids=["later-today", "tomorrow", "after-christmas", "from-the-weekend", "new-year"],
)
def test_next_send_at_skips_closed_days(now: datetime, expected: datetime) -> None:
    assert next_send_at(now, PACK) == expected
    assert next_send_at(now, PACK) - now > timedelta(0)

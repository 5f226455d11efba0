"""Monitored hours: 09:00-17:00 Monday to Friday in London, not on England's public holidays."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from policy.hours import holiday_name, is_monitored, is_monitored_day, next_monitored, next_monitored_day


@pytest.mark.parametrize(
    ("day", "monitored"),
    [
        pytest.param(date(2026, 12, 24), True, id="christmas-eve"),
        pytest.param(date(2026, 12, 25), False, id="christmas-day"),
        pytest.param(date(2026, 12, 26), False, id="saturday-boxing-day"),
        pytest.param(date(2026, 12, 28), False, id="boxing-day-substitute"),
        pytest.param(date(2026, 12, 29), True, id="tuesday-after"),
        pytest.param(date(2027, 1, 1), False, id="new-year"),
        pytest.param(date(2026, 11, 28), False, id="saturday"),
        pytest.param(date(2026, 11, 29), False, id="sunday"),
        pytest.param(date(2026, 8, 31), False, id="summer-bank-holiday"),
    ],
)
def test_monitored_days(pack, day, monitored):
    assert is_monitored_day(day, pack.hours) is monitored


def test_the_substitute_day_is_named(pack):
    assert "Boxing Day" in (holiday_name(date(2026, 12, 28), pack.hours) or "")


@pytest.mark.parametrize(
    ("at", "monitored"),
    [
        pytest.param(datetime(2026, 11, 24, 8, 59, tzinfo=UTC), False, id="08:59"),
        pytest.param(datetime(2026, 11, 24, 9, 0, tzinfo=UTC), True, id="09:00"),
        pytest.param(datetime(2026, 11, 24, 16, 59, tzinfo=UTC), True, id="16:59"),
        pytest.param(datetime(2026, 11, 24, 17, 0, tzinfo=UTC), False, id="17:00"),
        pytest.param(datetime(2026, 7, 14, 8, 0, tzinfo=UTC), True, id="09:00-bst"),
        pytest.param(datetime(2026, 7, 14, 16, 0, tzinfo=UTC), False, id="17:00-bst"),
    ],
)
def test_monitored_times(pack, at, monitored):
    assert is_monitored(at, pack) is monitored


def test_next_monitored_time_skips_christmas(pack):
    after = next_monitored(datetime(2026, 12, 24, 17, 30, tzinfo=UTC), pack)
    assert after == datetime(2026, 12, 29, 9, 0, tzinfo=pack.timezone)


def test_next_monitored_time_is_now_when_monitored(pack):
    now = datetime(2026, 11, 24, 11, 0, tzinfo=UTC)
    assert next_monitored(now, pack) == now


def test_next_monitored_day_after_friday_is_monday(pack):
    assert next_monitored_day(date(2026, 11, 27), pack.hours) == date(2026, 11, 30)

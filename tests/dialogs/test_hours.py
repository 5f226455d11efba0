"""`hours` with a fixed clock: monitored now or not, and when next."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.support.activities import Teams
from tests.support.botserver import serve

TIMES = {
    "tuesday morning": (datetime(2026, 12, 1, 10, 0, tzinfo=UTC), True),
    "saturday": (datetime(2026, 12, 5, 10, 0, tzinfo=UTC), False),
    "boxing day substitute": (datetime(2026, 12, 28, 10, 0, tzinfo=UTC), False),
}


@pytest.mark.parametrize(("now", "monitored"), TIMES.values(), ids=TIMES.keys())
async def test_hours(connector, local_settings, register, pack, valid_cards, now, monitored):
    async with serve(local_settings, register, pack, clock=lambda: now) as bot:
        await bot.post(Teams(connector.url).message("hours"))
    [card] = connector.cards()
    valid_cards.check([card])
    expected = "The accounts are monitored now" if monitored else "The accounts are not monitored now"
    assert expected in str(card)

"""Fixtures for the card tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.cardlook import CardLook


@pytest.fixture(scope="session")
def card_look() -> Iterator[CardLook]:
    """One headless Chromium page that renders cards under Teams' host configs and measures them."""
    look = CardLook()
    try:
        yield look
    finally:
        look.close()

"""Fixtures shared by the whole suite."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.cardcheck import CardChecker
from tests.support.cardcheck import card_checker as open_card_checker


@pytest.fixture(scope="session")
def card_checker() -> Iterator[CardChecker]:
    """Adaptive Card 1.5 schema + official JS renderer; one headless Chromium for the whole session."""
    with open_card_checker() as checker:
        yield checker

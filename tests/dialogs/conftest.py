"""Fixtures for the conversation tests (see tests/support/botfixtures.py)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import pytest

from tests.support.botfixtures import connector as connector
from tests.support.botfixtures import connector_service as connector_service
from tests.support.botfixtures import local_bot as local_bot
from tests.support.botfixtures import local_settings as local_settings
from tests.support.botfixtures import pack as pack
from tests.support.botfixtures import register as register
from tests.support.botfixtures import secured_bot as secured_bot
from tests.support.botfixtures import tokens as tokens
from tests.support.cardcheck import CardChecker


class ValidCards:
    """Asserts every card the bot sent or returned passes the 1.5 schema and the official renderer."""

    def __init__(self, checker: CardChecker) -> None:
        self._checker = checker

    def check(self, cards: Iterable[Mapping[str, Any]]) -> None:
        batch = list(cards)
        assert batch, "expected at least one card"
        for card, problems in zip(batch, self._checker.problems_many(batch), strict=True):
            assert problems == [], f"{problems} in {str(card)[:300]}"


@pytest.fixture
def valid_cards(card_checker: CardChecker) -> ValidCards:
    return ValidCards(card_checker)

"""Every card the bot can send passes the Adaptive Card 1.5 schema and the official JS renderer."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.cards.examples import ALL_CARDS
from tests.support.cardcheck import CardChecker


@pytest.mark.parametrize("build", ALL_CARDS.values(), ids=ALL_CARDS.keys())
def test_card_passes_schema_and_renderer(
    build: Callable[[], dict[str, Any]], card_checker: CardChecker
) -> None:
    assert card_checker.problems(build()) == []

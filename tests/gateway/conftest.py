"""Fixtures for the gateway tests: a key server of each test's own (its faults must not leak)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.tokens import TokenService


@pytest.fixture
def key_server() -> Iterator[TokenService]:
    with TokenService() as service:
        yield service

"""Fixtures for the policy engine's tests: the Trust's pack and a helper to assess one post."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from datetime import UTC, datetime

import pytest

from policy import Advice, Post, Recommendation, assess
from policy.pack import PolicyPack, default_pack

# A Tuesday at 11:00 in London: inside monitored hours.
IN_HOURS = datetime(2026, 11, 24, 11, 0, tzinfo=UTC)

Assess = Callable[..., Recommendation]


@pytest.fixture(scope="session")
def pack() -> PolicyPack:
    return default_pack()


@pytest.fixture
def check(pack: PolicyPack) -> Assess:
    """Assess one post's text (at a monitored time unless told otherwise)."""

    def run(
        text: str,
        *,
        at: datetime = IN_HOURS,
        author: str | None = None,
        history: Sequence[Post | Advice] = (),
    ) -> Recommendation:
        return assess(Post(id="t", text=text, at=at, author=author), history, at, pack)

    return run


@pytest.fixture
def rules_only(pack: PolicyPack) -> Assess:
    """Assess one post by the rules alone: the second reader never takes its look."""
    off = dataclasses.replace(
        pack,
        thresholds=dataclasses.replace(pack.thresholds, second_reader_risk=2.0, second_reader_removal=2.0),
    )

    def run(text: str, *, at: datetime = IN_HOURS) -> Recommendation:
        return assess(Post(id="t", text=text, at=at), (), at, off)

    return run

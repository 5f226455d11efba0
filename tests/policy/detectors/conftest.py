"""Detector tests read one post and list the kinds of signal the detectors found in it."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from policy.detectors import detect
from policy.folding import fold
from policy.reading import read


@pytest.fixture
def kinds() -> Callable[[str], set[str]]:
    def run(text: str) -> set[str]:
        return {cue.kind for cue in detect(read(fold(text), text))} - {"risk_words", "selfharm_words"}

    return run

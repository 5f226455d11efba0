"""Detectors built from parts: each reads a post's Reading and says what it shows, with evidence.

A detector combines groups of the vocabulary (policy/vocabulary/*.toml) the way a reader weighs a
post: a threat is an intent, a harm and a target; a scam is a lure, a route off the page and something
to hand over. Only this grammar is code; the words are data.
"""

from __future__ import annotations

from policy.detectors.abuse import abuse
from policy.detectors.base import Cue
from policy.detectors.care import advice_refused, own_case
from policy.detectors.confidentiality import confidential
from policy.detectors.harassment import harassment
from policy.detectors.hazards import hazards
from policy.detectors.replies import moderation_question, praise
from policy.detectors.risk import emergency, risk_words, self_harm
from policy.detectors.scams import scams
from policy.detectors.threats import threats
from policy.reading import Reading

DETECTORS = (
    self_harm,
    emergency,
    threats,
    harassment,
    abuse,
    scams,
    confidential,
    hazards,
    own_case,
    advice_refused,
    moderation_question,
    praise,
    risk_words,
)


def detect(reading: Reading) -> list[Cue]:
    """Every cue the detectors find in one post, most urgent detectors first."""
    return [cue for detector in DETECTORS for cue in detector(reading)]


__all__ = ["Cue", "detect"]

"""What the approved wording answers directly: "why was my comment deleted?", and thanks for care."""

from __future__ import annotations

from policy.detectors.base import Cue, cue
from policy.reading import Reading


def moderation_question(r: Reading) -> list[Cue]:
    asked = r.first("replies.moderation_question")
    return [cue("moderation_question", r, asked)] if asked else []


def praise(r: Reading) -> list[Cue]:
    """Thanks or praise said as meant: sarcastic thanks ("thanks for nothing") are a complaint."""
    if r.has("stances.sarcastic_thanks"):
        return []
    thanks = next((h for h in r.get("replies.praise") if not r.negated(h, within=1)), None)
    return [cue("praise", r, thanks)] if thanks else []

"""Questions the approved wording answers directly: "why was my comment deleted?"."""

from __future__ import annotations

from policy.detectors.base import Cue, cue
from policy.reading import Reading


def moderation_question(r: Reading) -> list[Cue]:
    asked = r.first("replies.moderation_question")
    return [cue("moderation_question", r, asked)] if asked else []

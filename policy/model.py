"""Plain data the engine reads and writes: a post, an advice event and a recommendation."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

Action = Literal["escalate", "block", "restrict", "hide", "signpost", "reply", "no_action"]

# Most serious first: when several actions could apply, the engine takes the first.
ACTIONS: tuple[Action, ...] = ("escalate", "block", "restrict", "hide", "signpost", "reply", "no_action")


@dataclass(frozen=True)
class Post:
    """A public post or comment as pasted by a member of staff."""

    id: str
    text: str
    at: datetime
    author: str | None = None
    platform: str | None = None


@dataclass(frozen=True)
class Advice:
    """The team told this account how to contact the Trust properly (PALS, Complaints, the care team)."""

    author: str
    at: datetime
    # The post the advice answered, if known: later posts about the same matter are continued contact.
    about: str | None = None


@dataclass(frozen=True)
class Reason:
    """Why a criterion applies: the policy's own sentence and the words of the post that triggered it."""

    criterion: str
    clause: str
    evidence: str


@dataclass(frozen=True)
class Recommendation:
    """What the engine recommends for one post."""

    action: Action
    criteria: tuple[str, ...]
    wording: tuple[str, ...]
    reasons: tuple[Reason, ...]
    steps: tuple[str, ...]
    redacted: str
    monitored: bool
    notes: tuple[str, ...] = field(default=())

    def as_json(self) -> dict[str, object]:
        """The JSON shape of the `socialdesk assess` contract (without the post id)."""
        return {
            "action": self.action,
            "criteria": list(self.criteria),
            "wording": list(self.wording),
            "reasons": [
                {"criterion": r.criterion, "clause": r.clause, "evidence": r.evidence} for r in self.reasons
            ],
            "steps": list(self.steps),
            "redacted": self.redacted,
            "monitored": self.monitored,
            "notes": list(self.notes),
        }

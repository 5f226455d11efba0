"""What an editor types into the bot's forms, for tests that submit them over HTTP."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any


def typed_block_form(**changes: object) -> dict[str, Any]:
    """The "Record a block" form filled in for @troll_99 on Facebook, every field valid (the review a
    month from today), with `changes` applied."""
    form: dict[str, Any] = {
        "platform": "facebook",
        "account": "@troll_99",
        "link": "https://facebook.com/troll_99/posts/1",
        "criteria": "threatening_abusive_insulting,trolling_harassment",
        "rationale": "Repeated threats against named staff after two warnings and hidden comments.",
        "evidence": "you will regret this, I know where the nurses park",
        "review_due": (date.today() + timedelta(days=30)).isoformat(),
    }
    form.update(changes)
    return form

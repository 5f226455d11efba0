"""Finding blocks by platform, criterion and status: `reviews all facebook lifted`, say.

Pure: the words typed become a `BlockQuery`, and a query says which blocks it matches. The words are
kept as typed (normalised) so that a card's *Next page* button can send them back and the bot can
find the same blocks again.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Literal

from cards.elements import PLATFORM_IDS, platform_label
from cards.markdown import escape_markdown
from dialogs.addressing import ALIASES
from register.model import Block

Status = Literal["active", "due", "overdue", "lifted", "any"]
STATUSES: tuple[Status, ...] = ("active", "due", "overdue", "lifted", "any")


@dataclass(frozen=True)
class BlockQuery:
    platform: str | None = None
    criterion: str | None = None
    status: Status = "active"

    def matches(self, block: Block, today: date) -> bool:
        if self.platform is not None and block.platform != self.platform:
            return False
        if self.criterion is not None and self.criterion not in block.criteria:
            return False
        active = block.status == "active"
        return {
            "active": active,
            "due": active and block.review_due <= today,
            "overdue": active and block.review_due < today,
            "lifted": not active,
            "any": True,
        }[self.status]

    def words(self) -> str:
        """The query as typed words, e.g. "facebook threatening_abusive_insulting lifted"."""
        return " ".join(w for w in (self.platform, self.criterion, self.status) if w)

    def title(self, criterion_title: str | None = None) -> str:
        """A heading for the blocks found: "Lifted blocks on Facebook", say."""
        status = {"any": "All", "due": "Due or overdue", "overdue": "Overdue"}.get(
            self.status, self.status.capitalize()
        )
        heading = f"{status} blocks"
        if self.platform:
            heading += f" on {platform_label(self.platform)}"
        if self.criterion:
            heading += f" for {criterion_title or self.criterion}"
        return heading


class QueryError(ValueError):
    """A word that is no platform, criterion or status; the message says what is."""


def parse_query(text: str, criteria: Iterable[str]) -> BlockQuery:
    """The query in `text` (any order, any case); QueryError for a word that is none of the three."""
    known = tuple(criteria)
    platform: str | None = None
    criterion: str | None = None
    status: Status = "active"
    for word in text.lower().split():
        key = ALIASES.get(word, word)
        if key in PLATFORM_IDS:
            platform = key
        elif key in known:
            criterion = key
        elif key in STATUSES:
            status = key
        else:
            raise QueryError(
                f"“{escape_markdown(word[:40])}” is not a platform, a criterion or a status. Use a platform "
                f"({', '.join(PLATFORM_IDS)}), a criterion ({', '.join(known)}) or a status "
                f"({', '.join(STATUSES)})."
            )
    return BlockQuery(platform, criterion, status)

"""What an account's earlier posts and the team's advice add to a new post.

Repetition: several posts in a short window, or the same message again and again. Continued contact
after advice: the team told the account the right route, and it posts about the same matter again.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from functools import lru_cache

from policy.model import Advice, Post
from policy.pack import Thresholds

_WORD = re.compile(r"[a-z0-9']+")
_STOPWORDS = frozenset(
    "a an the and or but to of in on at for with from is are was were be been has have had do does did "
    "i me my we our you your it its this that there here so not no yes just about why what when how who "
    "can could would will shall should please hello hi".split()
)


@dataclass(frozen=True)
class HistoryFindings:
    repetition: str | None = None  # evidence, when the account is repeating itself
    after_advice: str | None = None  # evidence, when it keeps contacting after advice
    earlier_posts: tuple[Post, ...] = ()  # the account's earlier posts considered


@lru_cache(maxsize=8192)
def words(text: str) -> frozenset[str]:
    return frozenset(_WORD.findall(text.lower()))


def content_words(text: str) -> frozenset[str]:
    return words(text) - _STOPWORDS


def similarity(a: str, b: str) -> float:
    """Share of words in common (Jaccard) between two posts."""
    wa, wb = words(a), words(b)
    if not wa or not wb:
        return 0.0
    return len(wa & wb) / len(wa | wb)


def same_matter(text: str, earlier: Sequence[str]) -> bool:
    """Whether a post is about the same matter as any of the earlier ones: enough content words shared."""
    mine = content_words(text)
    for other in earlier:
        theirs = content_words(other)
        if mine and theirs and len(mine & theirs) / min(len(mine), len(theirs)) >= 0.3:
            return True
    return False


def _same_author(author: str | None, other: str | None) -> bool:
    return author is not None and other is not None and author.strip().lower() == other.strip().lower()


def review(
    post: Post,
    history: Sequence[Post | Advice],
    thresholds: Thresholds,
    *,
    own_matter: bool,
) -> HistoryFindings:
    """Look at the author's earlier posts and advice. `own_matter`: the post is about their own case."""
    if post.author is None:
        return HistoryFindings()
    mine = [h for h in history if _same_author(post.author, h.author) and h.at <= post.at]
    posts = tuple(h for h in mine if isinstance(h, Post) and h.id != post.id)
    advice = [h for h in mine if isinstance(h, Advice)]
    return HistoryFindings(
        repetition=_repetition(post, posts, thresholds),
        after_advice=_after_advice(post, posts, advice, thresholds, own_matter),
        earlier_posts=posts,
    )


def _repetition(post: Post, posts: Sequence[Post], t: Thresholds) -> str | None:
    window = timedelta(minutes=t.repeat_window_minutes)
    recent = [p for p in posts if post.at - p.at <= window]
    if len(recent) + 1 >= t.repeat_min_posts:
        return f"{len(recent) + 1} posts from {post.author} within {t.repeat_window_minutes} minutes"
    near_window = timedelta(hours=t.near_repeat_window_hours)
    repeats = [
        p
        for p in posts
        if post.at - p.at <= near_window and similarity(p.text, post.text) >= t.near_repeat_similarity
    ]
    if len(repeats) + 1 >= t.repeat_min_posts:
        return f"the same message {len(repeats) + 1} times within {t.near_repeat_window_hours} hours"
    return None


def _after_advice(
    post: Post, posts: Sequence[Post], advice: Sequence[Advice], t: Thresholds, own_matter: bool
) -> str | None:
    if not advice:
        return None
    latest = max(advice, key=lambda a: a.at)
    if post.at - latest.at > timedelta(days=t.advice_memory_days):
        return None
    advised_about = [p.text for p in posts if p.at <= latest.at]
    if latest.about:
        advised_about.append(latest.about)
    if own_matter or same_matter(post.text, advised_about):
        return f"advised of the right route on {latest.at:%Y-%m-%d %H:%M}, and posted about it again"
    return None

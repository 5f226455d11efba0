"""Find approved wording from a few words typed in a hurry: ids, titles, keywords and text, typos allowed.

Each query word is matched against each entry's fields; a match in the id or keywords counts most, the
title next, the text least. A word matches exactly, by a shared stem ("complaint" and "complaints"),
by spelling ("compliant", "visitng") through difflib's similarity ratio, or with two neighbouring
letters swapped ("thnak"). Entries scoring well below the best one are dropped, so a precise query
gets a precise answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from policy.pack import PolicyPack, Wording

# How much a match in each field counts.
_WEIGHTS = {"id": 3.0, "keywords": 3.0, "title": 2.0, "text": 1.0}
# A whole multi-word keyword found in the query ("out of hours") is worth more than its words.
_PHRASE_BONUS = 3.0
# The typed query is an entry's id: that entry first, whatever else matches.
_ID_BONUS = 100.0
# Spelling similarity (0..1) needed for a typo to count; at 0.8 "hours" would match "house".
_FUZZY_CUTOFF = 0.85
# Entries under this share of the best score are noise beside it.
_RELATIVE_CUTOFF = 0.5
_MIN_STEM = 4
_STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "about",
        "any",
        "as",
        "at",
        "be",
        "can",
        "do",
        "does",
        "for",
        "from",
        "get",
        "how",
        "i",
        "in",
        "is",
        "it",
        "me",
        "my",
        "of",
        "on",
        "or",
        "our",
        "please",
        "the",
        "this",
        "to",
        "us",
        "we",
        "what",
        "when",
        "where",
        "which",
        "who",
        "with",
        "you",
        "your",
    ]
)
_WORD = re.compile(r"[^\W_]+")


def _words(value: str) -> list[str]:
    return _WORD.findall(value.lower())


def _query_words(query: str) -> list[str]:
    return list(dict.fromkeys(w for w in _words(query) if w not in _STOPWORDS and len(w) > 1))


@dataclass(frozen=True)
class _Fields:
    entry: Wording
    words: dict[str, frozenset[str]]
    phrases: tuple[str, ...]


def _fields(entry: Wording, pack: PolicyPack) -> _Fields:
    try:
        text = pack.render(entry.id)
    except (KeyError, ValueError, IndexError):
        text = entry.text
    return _Fields(
        entry=entry,
        words={
            "id": frozenset(_words(entry.id)),
            "keywords": frozenset(w for k in entry.keywords for w in _words(k)),
            "title": frozenset(_words(entry.title)),
            "text": frozenset(_words(text)),
        },
        phrases=tuple(" ".join(_words(k)) for k in entry.keywords if len(_words(k)) > 1),
    )


def _swapped(a: str, b: str) -> bool:
    """Two neighbouring letters typed the wrong way round ("thnak"), which difflib scores harshly."""
    if len(a) != len(b):
        return False
    diff = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
    return len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]


def _match(word: str, vocabulary: frozenset[str]) -> float:
    """How well `word` matches the best word of a field: 1 exact, 0.9 same stem, less for a typo."""
    if word in vocabulary:
        return 1.0
    best = 0.0
    for candidate in vocabulary:
        shorter = min(len(word), len(candidate))
        if shorter >= _MIN_STEM and (candidate.startswith(word) or word.startswith(candidate)):
            best = max(best, 0.9)
            continue
        if abs(len(word) - len(candidate)) > 2 or shorter < _MIN_STEM:
            continue
        if _swapped(word, candidate):
            best = max(best, 0.85)
            continue
        ratio = SequenceMatcher(None, word, candidate).ratio()
        if ratio >= _FUZZY_CUTOFF:
            best = max(best, ratio - 0.1)
    return best


def _score(fields: _Fields, words: list[str], query: str) -> float:
    score = sum(
        _WEIGHTS[name] * _match(word, vocabulary)
        for word in words
        for name, vocabulary in fields.words.items()
    )
    score += sum(_PHRASE_BONUS for phrase in fields.phrases if f" {phrase} " in f" {query} ")
    if query.replace(" ", "_") == fields.entry.id:
        score += _ID_BONUS
    return score


def search_wording(pack: PolicyPack, query: str, limit: int = 3) -> list[Wording]:
    """The entries that best match `query`, best first; [] when nothing matches or the query is empty."""
    words = _query_words(query)
    if not words or limit <= 0:
        return []
    normalised = " ".join(_words(query))
    scored = [
        (_score(_fields(entry, pack), words, normalised), i, entry) for i, entry in enumerate(pack.wording)
    ]
    scored = [s for s in scored if s[0] > 0]
    if not scored:
        return []
    best = max(s[0] for s in scored)
    # Ties keep the pack's order, which puts the most used entries first.
    ranked = sorted((s for s in scored if s[0] >= best * _RELATIVE_CUTOFF), key=lambda s: (-s[0], s[1]))
    return [entry for _, _, entry in ranked[:limit]]

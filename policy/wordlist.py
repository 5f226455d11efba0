"""Whole words from a list, found fast: each word of a post is looked up in a set.

A long alternation of words is slow in Python's regular expressions (every position tries every
word), so single words are matched by tokenising once and looking tokens up. Repeated letters
("idiooots") are collapsed on both sides, plurals are accepted, and longer words may have letters
after the first masked ("f***", "c*nt"), which is checked only for the rare tokens holding a mask.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from itertools import groupby

_TOKEN = re.compile(r"(?<![a-z])[a-z][a-z*#%]*")
_MASKED = re.compile(r"[*#%]")
# A mask stands after a word's first letter ("f***"); a hashtag's "#" stands before one.
_MASK_AFTER_LETTER = re.compile(r"[a-z][*#%]")
# A doubled letter: the token may be elongated ("idioot"); only these need collapsing before lookup.
_DOUBLED = re.compile(r"([a-z])\1")


@lru_cache(maxsize=8192)
def collapse(word: str) -> str:
    """ "idiooots" -> "idiots": runs of one letter count once, in the list and in the post alike."""
    return "".join(letter for letter, _ in groupby(word))


class WordList:
    def __init__(self, words: Iterable[str], *, masks: bool = True) -> None:
        listed = sorted(set(words))
        # Looked up as written first (the common case), collapsed only for tokens with a doubled letter.
        self._as_written = frozenset(listed + [w + suffix for w in listed for suffix in ("s", "es")])
        self._plain = frozenset(collapse(w) for w in listed)
        maskable = [w for w in listed if masks and len(w) >= 4]
        # A masked token keeps its first letter and its length, and at least half its letters.
        self._masked = (
            re.compile(
                "|".join(
                    re.escape(w[0]) + "".join(f"(?:{re.escape(c)}|[*#%])" for c in w[1:]) for w in maskable
                )
            )
            if maskable
            else None
        )

    def _listed(self, token: str) -> bool:
        if token in self._as_written:
            return True
        if not _DOUBLED.search(token):
            return False
        word = collapse(token)
        if word in self._plain:
            return True
        return any(word.endswith(suffix) and word[: -len(suffix)] in self._plain for suffix in ("es", "s"))

    def _masked_listed(self, token: str) -> bool:
        letters = sum(c.isalpha() for c in token)
        if self._masked is None or letters < 2 or letters * 2 < len(token):
            return False
        stem = token[:-1] if token.endswith("s") and len(token) > 4 else token
        return bool(self._masked.fullmatch(token) or self._masked.fullmatch(stem))

    def _any_listed(self, text: str) -> bool:
        """A quick, set-based answer to "is any listed word here?" (most posts have none)."""
        tokens = set(_TOKEN.findall(text))
        if tokens & self._as_written:
            return True
        if self._masked is not None and _MASK_AFTER_LETTER.search(text):
            return True
        collapsed = {collapse(t) for t in tokens}
        stems = {c[: -len(suffix)] for c in collapsed for suffix in ("es", "s") if c.endswith(suffix)}
        return bool((collapsed | stems) & self._plain)

    def finditer(self, text: str) -> Iterator[tuple[int, int]]:
        """(start, end) of every listed word in the text, in order."""
        if not self._any_listed(text):
            return
        for m in _TOKEN.finditer(text):
            token = m.group()
            if _MASKED.search(token):
                if self._masked_listed(token):
                    yield m.start(), m.end()
            elif self._listed(token):
                yield m.start(), m.end()

    def search(self, text: str) -> tuple[int, int] | None:
        return next(self.finditer(text), None)

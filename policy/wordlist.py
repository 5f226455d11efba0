"""Whole words from a list, found fast: each word of a post is looked up in a set.

A long alternation of words is slow in Python's regular expressions (every position tries every
word), so single words are matched by tokenising once and looking tokens up. Repeated letters
("idiooots") are collapsed on both sides, plurals are accepted, and longer words may have letters
after the first masked ("f***", "c*nt"), which is checked only for the rare tokens holding a mask.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

_TOKEN = re.compile(r"(?<![a-z])[a-z][a-z*#%]*")
_REPEATS = re.compile(r"([a-z])\1+")
_MASKS = frozenset("*#%")


def collapse(word: str) -> str:
    """ "idiooots" -> "idiots": runs of one letter count once, in the list and in the post alike."""
    return _REPEATS.sub(r"\1", word)


class WordList:
    def __init__(self, words: Iterable[str], *, masks: bool = True) -> None:
        listed = sorted(set(words))
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

    def finditer(self, text: str) -> Iterator[tuple[int, int]]:
        """(start, end) of every listed word in the text, in order."""
        for m in _TOKEN.finditer(text):
            token = m.group()
            if _MASKS & set(token):
                if self._masked_listed(token):
                    yield m.start(), m.end()
            elif self._listed(token):
                yield m.start(), m.end()

    def search(self, text: str) -> tuple[int, int] | None:
        return next(self.finditer(text), None)

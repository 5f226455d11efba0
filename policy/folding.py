"""Fold a post into a form that disguised words cannot hide in, remembering where each character came from.

Abuse is often disguised: "1d10t", "f u c k", "i.d.i.o.t", "ＦＵＣＫ". Folding undoes that (full-width
and styled letters, digits and symbols standing for letters, letters spaced apart) so the lexicon can
be matched once, and the origin map turns a match back into the words the author actually wrote.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

# Digits and symbols that stand for letters when they touch a letter (so "£1,000" stays a number).
_LEET = {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s", "!": "i", "|": "i"}
_LEET_CHARS = re.compile("[" + re.escape("".join(_LEET)) + "]")
# Three or more single letters separated by one space, dot, hyphen or underscore: "f u c k".
_SPACED = re.compile(r"(?<![a-z])([a-z])(?:[ ._-]([a-z])){2,}(?![a-z])")


@dataclass(frozen=True)
class Folded:
    text: str
    origin: Sequence[int]  # origin[i] is the index in the original of folded character i

    def source_span(self, original: str, start: int, end: int) -> str:
        """The words of the original post behind folded[start:end]."""
        if start >= end:
            return ""
        return original[self.origin[start] : self.origin[end - 1] + 1]


def _is_letter(ch: str) -> bool:
    return ch.isalpha()


def fold(text: str, *, disguises: bool = True) -> Folded:
    """Lower case with styled letters normalised; with `disguises`, leet and spaced letters undone too.

    Detectors of abuse want disguises undone; detectors of numbers, codes and money must not
    ("kettering123" is a password, "£5k" an amount), so they read the plain fold.
    """
    if text.isascii():
        # Most posts are plain ASCII: lower-casing keeps positions, so no per-character normalising.
        lowered = text.lower()
        if not disguises:
            return Folded(lowered, range(len(text)))
        chars = list(lowered)
        origin: Sequence[int] = range(len(text))
    else:
        chars, positions = [], []
        for i, ch in enumerate(text):
            for out in unicodedata.normalize("NFKC", ch).casefold():
                chars.append(out)
                positions.append(i)
        origin = positions
    if not disguises:
        return Folded("".join(chars), origin)
    # Leet: a digit or symbol next to a letter stands for a letter. Two passes catch chains ("1d10t").
    for _ in range(2):
        changed = False
        for m in _LEET_CHARS.finditer("".join(chars)):
            i, ch = m.start(), m.group()
            left = chars[i - 1] if i > 0 else " "
            right = chars[i + 1] if i + 1 < len(chars) else " "
            # Symbols must sit inside a word ("sh!t"), so "Stop!" and "@handle" keep theirs.
            inside = _is_letter(left) and _is_letter(right)
            if inside or (ch.isdigit() and (_is_letter(left) or _is_letter(right))):
                chars[i] = _LEET[ch]
                changed = True
        if not changed:
            break
    folded = "".join(chars)
    spaced = list(_SPACED.finditer(folded))
    if not spaced:
        return Folded(folded, origin)
    # Join spaced-out letters, dropping the separators from the origin map too.
    keep = [True] * len(folded)
    for m in spaced:
        for j in range(m.start(), m.end()):
            if not folded[j].isalpha():
                keep[j] = False
    text_out = "".join(c for c, k in zip(folded, keep, strict=True) if k)
    origin_out = tuple(o for o, k in zip(origin, keep, strict=True) if k)
    return Folded(text_out, origin_out)

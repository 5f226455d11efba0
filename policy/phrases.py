"""Words and short phrases from the vocabulary found in a post, by whole tokens.

A post is split into tokens once (words with their contractions, and emoji); every phrase of the
vocabulary is then looked up by its first token, so a phrase costs nothing unless its first word is
in the post. Matching whole tokens is what keeps "won't" from matching "won" and "scunthorpe" from
matching anything. Phrase syntax (in policy/vocabulary/*.toml):

- words separated by spaces must follow each other in the post: `watch your back`;
- a word ending in `*` matches any word it begins: `stab*` (stab, stabbed, stabbing);
- a lone `*` matches any one word: `make * pay`;
- in groups marked `maskable`, a post's word with letters hidden by `*`, `#` or `%` matches a listed
  word of the same length whose visible letters agree ("c***", "p*ki"), and letters drawn out
  ("fuuuuck") count once.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import groupby
from typing import NamedTuple

from policy.folding import fold

# A word: letters or digits, masks inside it ("f**k"), and contractions ("won't", "i'm").
_WORD = r"[^\W_](?:[^\W_]|[*#%])*(?:'[^\W_]+)*"
# Emoji and other pictographs are tokens of their own: "🐷" can be an insult.
_SYMBOL = r"[^\w\s'\"*#%.,!?;:()\[\]{}<>/\\|@&+=~`^$£€-]"
_TOKEN = re.compile(f"{_WORD}|{_SYMBOL}")
_MASK = re.compile(r"[*#%]")
_CLAUSE_BREAK = re.compile(r"[.!?;\n]+|\s(?:but|although|though)\s")
_VARIATION = "\ufe0f\u200d"
_ELONGATED = re.compile(r"(.)\1\1")  # emoji presentation selector and zero-width joiner


class Token(NamedTuple):
    text: str  # normalised: lower case, accents dropped, ’ as '
    start: int  # span in the text that was tokenised
    end: int
    clause: int  # index of the clause (sentence or part of one) it stands in


def normalise(word: str) -> str:
    """Lower case without accents, so "pierdolę", "pierdole" and "PIERDOLĘ" are one word."""
    word = word.lower().replace("\u2019", "'").replace("ł", "l")
    if word.isascii():
        return word
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c) and c not in _VARIATION)


def collapse(word: str) -> str:
    """ "fuuuuck" -> "fuck": runs of one letter count once."""
    return "".join(letter for letter, _ in groupby(word))


@lru_cache(maxsize=4096)
def tokenise(text: str) -> tuple[Token, ...]:
    """The tokens of `text` (already folded to lower case), each with its clause number."""
    breaks = [m.start() for m in _CLAUSE_BREAK.finditer(text)]
    tokens: list[Token] = []
    clause = 0
    for m in _TOKEN.finditer(text.replace("\u2019", "'")):
        while clause < len(breaks) and breaks[clause] < m.start():
            clause += 1
        word = m.group()
        if not word.isascii():
            word = normalise(word)
        if word:
            tokens.append(Token(word, m.start(), m.end(), clause))
    return tuple(tokens)


class Hit(NamedTuple):
    group: str  # e.g. "harms.violence"
    first: int  # index of the first token matched
    last: int  # index of the last token matched
    start: int  # character span in the tokenised text
    end: int
    clause: int


@dataclass(frozen=True)
class _Phrase:
    group: str
    words: tuple[str, ...]


def _term_words(term: str) -> tuple[str, ...]:
    """A term split the way posts are, so "a&e" and "futu-ti" read as the words a post gives."""
    words: list[str] = []
    for piece in term.split():
        if piece.endswith("*"):
            words.append(normalise(piece))
        else:
            # Read the way posts are read: "sum1" folds to "sumi" in a post, so it must in a term.
            words += [t.text for t in tokenise(fold(piece).text)]
    return tuple(words)


def _word_matches(pattern: str, token: str) -> bool:
    if pattern == "*":
        return True
    if pattern.endswith("*"):
        return token.startswith(pattern[:-1])
    return token == pattern or (token.endswith("'s") and token[:-2] == pattern)


class PhraseMatcher:
    """Every phrase of every group, indexed by its first two words, so that a common first word
    ("i", "you", "the") costs a look-up, not a walk through every phrase that starts with it."""

    def __init__(self, groups: Mapping[str, Sequence[str]], maskable: Iterable[str] = ()) -> None:
        self._single: dict[str, list[_Phrase]] = defaultdict(list)
        self._pairs: dict[tuple[str, str], list[_Phrase]] = defaultdict(list)
        self._open_second: dict[str, list[_Phrase]] = defaultdict(list)  # second word has a '*'
        self._prefix: dict[str, list[_Phrase]] = defaultdict(list)  # first word has a '*'
        self._masked: dict[tuple[int, str], list[tuple[str, str]]] = defaultdict(list)
        self._elongated: dict[str, list[_Phrase]] = defaultdict(list)
        maskable = set(maskable)
        for group, terms in groups.items():
            for term in terms:
                words = _term_words(term)
                phrase = _Phrase(group, words)
                first = words[0]
                if first.endswith("*") and len(first) > 1:
                    self._prefix[first[:2]].append(phrase)
                elif len(words) == 1:
                    self._single[first].append(phrase)
                elif words[1].endswith("*"):
                    self._open_second[first].append(phrase)
                else:
                    self._pairs[(first, words[1])].append(phrase)
                if group in maskable and len(words) == 1 and not first.endswith("*"):
                    self._masked[(len(first), first[0])].append((group, first))
                    self._elongated[collapse(first)].append(phrase)
        self._firsts = frozenset(self._single) | {a for a, _ in self._pairs} | frozenset(self._open_second)

    def find(self, tokens: Sequence[Token]) -> list[Hit]:
        hits: list[Hit] = []
        words = [t.text for t in tokens]
        count = len(words)
        for i, word in enumerate(words):
            # "the consultant's address" names the consultant: a possessive is also read without its 's.
            forms = (word, word[:-2]) if word.endswith("'s") else (word,)
            nexts: tuple[str, ...] = ()
            if i + 1 < count:
                nxt = words[i + 1]
                nexts = (nxt, nxt[:-2]) if nxt.endswith("'s") else (nxt,)
            for form in forms:
                for phrase in self._single.get(form, ()):
                    hits.append(self._hit(phrase.group, tokens, i, i))
                for n in nexts:
                    for phrase in self._pairs.get((form, n), ()):
                        self._extend(phrase, words, tokens, i, 2, hits)
                for phrase in self._open_second.get(form, ()):
                    self._extend(phrase, words, tokens, i, 1, hits)
            for phrase in self._prefix.get(word[:2], ()):
                self._extend(phrase, words, tokens, i, 0, hits)
            if word in self._firsts:
                continue
            if "*" in word or "#" in word or "%" in word:
                hits += [self._hit(group, tokens, i, i) for group in self._unmasked(word)]
            elif _ELONGATED.search(word):
                hits += [self._hit(p.group, tokens, i, i) for p in self._elongated.get(collapse(word), [])]
        return _unique_hits(hits)

    def _extend(
        self, phrase: _Phrase, words: list[str], tokens: Sequence[Token], i: int, known: int, hits: list[Hit]
    ) -> None:
        """Add the phrase if the words after the `known` leading ones match too."""
        end = i + len(phrase.words)
        if end > len(words):
            return
        for j in range(known, len(phrase.words)):
            if not _word_matches(phrase.words[j], words[i + j]):
                return
        hits.append(self._hit(phrase.group, tokens, i, end - 1))

    def _unmasked(self, word: str) -> list[str]:
        """Groups whose listed word this masked word could be: same length, visible letters agree."""
        letters = sum(c.isalpha() for c in word)
        if not word[0].isalpha() or letters < 1 or len(word) < 3:
            return []
        found = []
        for group, listed in self._masked.get((len(word), word[0]), []):
            if all(c == m or _MASK.match(c) for c, m in zip(word, listed, strict=True)):
                found.append(group)
        return found

    @staticmethod
    def _hit(group: str, tokens: Sequence[Token], first: int, last: int) -> Hit:
        return Hit(group, first, last, tokens[first].start, tokens[last].end, tokens[first].clause)


def _unique_hits(hits: list[Hit]) -> list[Hit]:
    """A phrase found by its word and by its possessive ("nurse", "nurse's") is one hit."""
    return list(dict.fromkeys(hits))

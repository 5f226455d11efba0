"""One post read against the vocabulary: its tokens, and every group's words found in it, by clause.

The detectors in policy/detectors/ ask a Reading questions ("is there a harm after an intent, in a
clause that names a target?") instead of matching whole sentences. A harm word inside a figure of
speech ("killing it", "dying to see") is dropped here, once, so no detector has to remember to.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache

from policy.folding import Folded
from policy.phrases import Hit, Token, tokenise
from policy.vocabulary import Vocabulary, default_vocabulary

# Groups whose words can be figures of speech: a hit overlapping a `stances.figurative` phrase is dropped.
_LITERAL_ONLY = (
    "harms.",
    "selfharm.",
    "emergency.",
    "stances.intent",
    "stances.wish",
    "stances.boast",
    "stances.veiled",  # "don't want to get stuck outside" hints at nothing
    "abuse.",
    "targets.you",  # "thank you" thanks; it does not aim anything at anyone
)
_FIRST_PERSON = frozenset(
    {"i", "i'm", "im", "me", "my", "myself", "i've", "ive", "i'll", "i'd", "id", "mine", "imma"}
)
_MENTION = re.compile(r"(?<![\w@])@[a-z0-9_.]{2,}")


@dataclass(frozen=True)
class Reading:
    text: str  # the folded text the tokens index into
    tokens: tuple[Token, ...]
    hits: dict[str, tuple[Hit, ...]]
    original: str = ""  # the post as written, for telling names by their capitals
    origin: Sequence[int] = ()  # origin[i]: where folded character i came from in the original

    @cached_property
    def capitalised(self) -> frozenset[int]:
        """Indices of tokens Written Like This (not SHOUTED: in capitals every word would look like a
        name). Worked out only when a detector asks, since most posts never need it."""
        return frozenset(
            i
            for i, t in enumerate(self.tokens)
            if t.end <= len(self.origin)
            and _title_case(self.original[self.origin[t.start] : self.origin[t.end - 1] + 1])
        )

    def has(self, *groups: str) -> bool:
        hits = self.hits
        return any(g in hits for g in groups)

    def get(self, *groups: str) -> list[Hit]:
        """Hits of the groups in the order they stand in the post (each group's are in order already)."""
        if len(groups) == 1:
            return list(self.hits.get(groups[0], ()))
        found = [h for g in groups for h in self.hits.get(g, ())]
        return sorted(found, key=lambda h: h.first) if len(found) > 1 else found

    def first(self, *groups: str) -> Hit | None:
        hits = self.hits
        found = [hits[g][0] for g in groups if g in hits]
        return min(found, key=lambda h: h.first) if found else None

    def in_clause(self, clause: int, *groups: str) -> list[Hit]:
        return [h for h in self.get(*groups) if h.clause == clause]

    def after(self, hit: Hit, *groups: str, within: int = 8) -> Hit | None:
        """The first hit of `groups` starting after `hit`, within `within` tokens, in its clause."""
        for h in self.get(*groups):
            if hit.last < h.first <= hit.last + within and h.clause == hit.clause:
                return h
        return None

    def near(self, hit: Hit, *groups: str, within: int = 8) -> Hit | None:
        """A hit of `groups` within `within` tokens either side of `hit`, in its clause."""
        for h in self.get(*groups):
            close = h.first - within <= hit.last and hit.first - within <= h.last
            if close and h.clause == hit.clause and h != hit:
                return h
        return None

    def negated(self, hit: Hit, within: int = 3) -> bool:
        """A negation ('never', "wouldn't") in the few words before `hit`."""
        return any(
            hit.first - within <= h.last < hit.first and h.clause == hit.clause
            for h in self.hits.get("stances.negation", ())
        )

    def warm(self) -> bool:
        """Thanks or praise that mean it ("no thanks" and "thanks for nothing" do not)."""
        return "stances.praise" in self.hits and "stances.sarcastic_thanks" not in self.hits

    def first_person(self, clause: int | None = None) -> bool:
        return any(t.text in _FIRST_PERSON and (clause is None or t.clause == clause) for t in self.tokens)

    def mentions(self) -> list[tuple[int, int]]:
        """@handles in the post: a named account is an identifiable person."""
        return [(m.start(), m.end()) for m in _MENTION.finditer(self.text)]

    def named_person(self) -> Hit | None:
        """A title followed by a capitalised name ('Dr Patel', 'Nurse Jo'): one member of staff."""
        for h in self.get("targets.named_title"):
            nxt = h.last + 1
            if nxt < len(self.tokens) and nxt in self.capitalised and self.tokens[nxt].clause == h.clause:
                return Hit("targets.named", h.first, nxt, h.start, self.tokens[nxt].end, h.clause)
        return None

    def span(self, *hits: Hit | None) -> tuple[int, int]:
        present = [h for h in hits if h is not None]
        return min(h.start for h in present), max(h.end for h in present)


def _literal(hits: Iterable[Hit], figurative: list[Hit]) -> tuple[Hit, ...]:
    return tuple(h for h in hits if not any(f.first <= h.last and h.first <= f.last for f in figurative))


def _title_case(word: str) -> bool:
    return word[:1].isupper() and (len(word) == 1 or not word[1:].isupper())


def read(folded: Folded, original: str, vocabulary: Vocabulary | None = None) -> Reading:
    """Read a post (folded, with disguises undone) against the vocabulary."""
    vocabulary = vocabulary or default_vocabulary()
    origin = folded.origin if isinstance(folded.origin, range) else tuple(folded.origin)
    return _read(folded.text, original, origin, vocabulary)


@lru_cache(maxsize=4096)
def _read(text: str, original: str, origin: Sequence[int], vocabulary: Vocabulary) -> Reading:
    tokens = tokenise(text)
    grouped: dict[str, list[Hit]] = defaultdict(list)
    for hit in vocabulary.matcher.find(tokens):
        grouped[hit.group].append(hit)
    figurative = grouped.get("stances.figurative", [])
    if "hazards.safety_feature" in grouped or "hazards.unsafe_state" in grouped:
        # "The fire exit is padlocked, someone's going to die", "the shelter's glass is smashed again,
        # someone's going to get hurt": a danger foretold, not a threat or despair.
        figurative = figurative + grouped.get("hazards.danger_ahead", [])
    literal = {
        g: _literal(found, figurative) if figurative and g.startswith(_LITERAL_ONLY) else tuple(found)
        for g, found in grouped.items()
    }
    hits = {g: found for g, found in literal.items() if found}  # a group is present only with a hit
    return Reading(text, tokens, hits, original, origin)

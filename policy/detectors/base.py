"""What a detector returns: the kind of thing seen and where; kinds ending "_unclear" are unsure reads."""

from __future__ import annotations

import re
from dataclasses import dataclass

from policy.phrases import Hit
from policy.reading import Reading

# A house number and a street ("14 Elm Road"): someone's home.
ADDRESS = re.compile(
    # Not a distance or a time: "a 10 minute walk", "5 mins down the road".
    r"\b\d{1,4}[a-z]? (?!(?:minutes?|mins?|hours?|hrs?|seconds?|secs?|miles?|km|metres?|meters?|yards?|"
    r"days?|weeks?|months?|years?|steps?|more)\b)[a-z]+(?: [a-z]+)? (?:road|rd|street|st|close|avenue|ave|"
    r"lane|drive|way|crescent|gardens|court|place|grove|terrace|view|walk|rise|mews)\b"
)

# Who harm or an insult can be aimed at.
TARGETS = ("targets.staff", "targets.you", "targets.third_person", "targets.family_of_target")
PEOPLE = ("targets.staff", "targets.family_of_target")


@dataclass(frozen=True)
class Cue:
    kind: str  # a signal kind the engine knows: "threat", "at_risk", "scam", ...
    start: int  # span of the evidence in the folded text
    end: int


def cue(kind: str, reading: Reading, *hits: Hit | None) -> Cue:
    start, end = reading.span(*hits)
    return Cue(kind, start, end)


def identifiable(reading: Reading, clause: int | None = None) -> Hit | None:
    """A particular person: a member of staff by role or title and name, an @handle, or 'you'."""
    named = reading.named_person()
    if named and (clause is None or named.clause == clause):
        return named
    for start, end in reading.mentions():
        for i, token in enumerate(reading.tokens):
            if token.start >= start and token.end <= end and (clause is None or token.clause == clause):
                return Hit("found.mention", i, i, start, end, token.clause)
    hits = reading.get(*PEOPLE, "targets.you", "targets.third_person")
    return next((h for h in hits if clause is None or h.clause == clause), None)


# News words that tell of a case already dealt with (not "police", which a live emergency brings too).
NEWS_OF_A_CASE = frozenset(
    {
        "sentenced",
        "jailed",
        "charged",
        "convicted",
        "court",
        "crown",
        "magistrates",
        "paper",
        "article",
        "inquest",
        "trial",
        "guilty",
        "according",
        "bbc",
        "itv",
        "headline",
    }
)


def in_the_news(r: Reading) -> bool:
    """A case told as news: sentenced, in court, in the paper."""
    return any(r.tokens[h.first].text in NEWS_OF_A_CASE for h in r.get("stances.news"))


def address_hit(r: Reading) -> Hit | None:
    """The first street address in the post, as a hit."""
    m = ADDRESS.search(r.text)
    if not m:
        return None
    first = next((i for i, t in enumerate(r.tokens) if t.start >= m.start()), 0)
    return Hit("found.address", first, first, m.start(), m.end(), r.tokens[first].clause if r.tokens else 0)


def authors_own(r: Reading, hit: Hit) -> bool:
    """The author's own number or address ("my number is ...", "drop off at 12 Market Street, I'm
    there Tues-Sat"): theirs to share."""
    before = r.tokens[hit.first - 1].text if hit.first > 0 else ""
    others = r.in_clause(hit.clause, "targets.third_person", "targets.staff", "targets.family_of_target")
    return before in ("my", "our") or (r.first_person(hit.clause) and not others)

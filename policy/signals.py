"""What a single post says, read with the lexicon: each detector returns the evidence it found.

Detectors look at one post only; policy/history.py looks across an account's posts, and
policy/engine.py turns both into one recommendation.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache

from policy import lexicon
from policy.detectors import detect
from policy.folding import Folded, fold
from policy.identifiers import find_identifiers, find_person_names
from policy.reading import read


@dataclass(frozen=True)
class Signal:
    """One thing the post shows, with the author's own words as evidence."""

    kind: str
    evidence: str


def _compile(sources: Iterable[str]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{s})" for s in sources))


_FIRST_PERSON = re.compile(r"\b(?:me|my|i|i'm|i was|us|our|we)\b")


class _Patterns:
    """The lexicon compiled once per process."""

    def __init__(self) -> None:
        self.derision = _compile(lexicon.DERISION)
        self.disparage = _compile(lexicon.DISPARAGE)
        self.sarcasm = _compile(lexicon.SARCASM)
        self.persistence = _compile(lexicon.PERSISTENCE)
        self.pressure = _compile(lexicon.PUBLIC_PRESSURE)
        self.clinical = re.compile(lexicon.CLINICAL_CONTEXT)
        self.located = re.compile(lexicon.LOCATED_PATIENT)
        self.third_person = re.compile(lexicon.THIRD_PERSON)
        self.family = re.compile(lexicon.FAMILY)
        self.care = re.compile(lexicon.CARE_NOUNS)
        self.own_case = _compile(lexicon.OWN_CASE)
        self.my_care = re.compile(lexicon.MY_CARE)
        self.practical = re.compile(lexicon.PRACTICAL_QUESTION)
        self.complaint = re.compile(lexicon.COMPLAINT)
        self.sharing = _compile(lexicon.SHARING_QUESTION)
        self.staff_account = _compile(lexicon.STAFF_ACCOUNT_QUESTION)
        self.hours = _compile(lexicon.HOURS_QUESTION)
        self.service = re.compile(lexicon.SERVICE_TOPIC)
        self.question_start = re.compile(lexicon.QUESTION_START)


@cache
def patterns() -> _Patterns:
    return _Patterns()


def _first(pattern: re.Pattern[str], folded: Folded, original: str) -> str | None:
    m = pattern.search(folded.text)
    return folded.source_span(original, m.start(), m.end()) if m else None


def _confidential(p: _Patterns, post: str, folded: Folded, praised: bool) -> str | None:
    """Someone else's health information, or identifiers that let a patient be found."""
    # The same (cached) search that redaction uses, so the post is scanned for identifiers once.
    found = {i.kind: i for i in reversed(find_identifiers(post))}
    for kind in ("nhs_number", "hospital_number", "date_of_birth"):
        if kind in found:
            # A little of what comes before says what the number is ("NHS no.", "DOB").
            return post[max(0, found[kind].start - 20) : found[kind].end]
    clinical = p.clinical.search(folded.text)
    if not clinical:
        return None
    names = [n for n in find_person_names(post) if n.kind == "name"]
    # "Thank you Sarah Jones for looking after me after my surgery" names a carer, not a patient.
    thanks_for_own_care = praised and _FIRST_PERSON.search(folded.text)
    if names and not thanks_for_own_care:
        return f"{names[0].text} … {folded.source_span(post, clinical.start(), clinical.end())}"
    located = p.located.search(folded.text)
    said_of_self = re.search(r"\b(?:i'?m|i am) (?:the |a )?patient\b", folded.text)
    if (
        located
        and p.third_person.search(folded.text)
        and not p.family.search(folded.text)
        and not said_of_self
    ):
        return folded.source_span(
            post, min(located.start(), clinical.start()), max(located.end(), clinical.end())
        )
    return None


@lru_cache(maxsize=8192)
def read_post(text: str) -> tuple[Signal, ...]:
    """Every signal in one post, in no particular order.

    Cached: an account's earlier posts are read again whenever it posts, and the result is immutable.
    """
    p = patterns()
    folded = fold(text)  # disguises undone: for abuse, threats and risk
    plain = fold(text, disguises=False)  # as written: for numbers, codes, money and everything else
    signals: list[Signal] = []

    def add(kind: str, evidence: str | None) -> None:
        if evidence:
            signals.append(Signal(kind, evidence.strip()))

    # Detectors built from parts come first, so their evidence is the one quoted.
    for found in detect(read(folded, text)):
        add(found.kind, folded.source_span(text, found.start, found.end))

    # Mockery matters only beside disparagement or abuse: look for those first (cheaper, rarer).
    abuse = next((sig.evidence for sig in signals if sig.kind == "abuse"), None)
    disparage = _first(p.disparage, folded, text) or abuse
    derision = _first(p.derision, folded, text) if disparage else None
    if derision:
        add("trolling", f"{derision} … {disparage}")
    add("persistence", _first(p.persistence, plain, text))
    add("pressure", _first(p.pressure, plain, text))
    praise = next((sig.evidence for sig in signals if sig.kind == "praise"), None)
    add("confidential", _confidential(p, text, plain, praise is not None))

    family = _first(p.family, plain, text)
    own = _first(p.own_case, plain, text)
    complaint = _first(p.complaint, plain, text)
    mentions_own_care = _first(p.my_care, plain, text) or (
        family if family and (p.care.search(plain.text) or p.clinical.search(plain.text)) else None
    )
    # "Can I bring a pillow for my operation?" asks about a service, not about the case itself.
    practical = p.practical.search(plain.text) is not None and not complaint
    if own or (family and complaint) or (mentions_own_care and complaint and not practical):
        add("own_case", own or family or mentions_own_care)
    add("complaint", complaint)
    # Praise that is sarcastic is a complaint; sarcasm is only looked for where there is praise.
    sarcasm = _first(p.sarcasm, plain, text) if praise else None
    if sarcasm:
        signals[:] = [sig for sig in signals if sig.kind != "praise"]
        add("complaint", sarcasm)
    add("sharing_question", _first(p.sharing, plain, text))
    add("staff_account_question", _first(p.staff_account, plain, text))
    add("hours_question", _first(p.hours, plain, text))
    if _is_question(p, plain.text):
        add("service_question", _first(p.service, plain, text) or text.strip()[:80])
    return tuple(signals)


def _is_question(p: _Patterns, text: str) -> bool:
    return "?" in text or p.question_start.search(text) is not None

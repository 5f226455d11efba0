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
from policy.wordlist import WordList


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
        self.at_risk = _compile(lexicon.AT_RISK)
        self.danger_now = _compile(lexicon.DANGER_NOW)
        self.threat = _compile(lexicon.THREAT)
        self.violence = _compile(lexicon.VIOLENCE)
        self.harassment = _compile(lexicon.HARASSMENT)
        self.derision = _compile(lexicon.DERISION)
        self.disparage = _compile(lexicon.DISPARAGE)
        self.insult_words = WordList(lexicon.INSULT_WORDS)
        self.insult = _compile(lexicon.INSULT_PHRASES)
        self.profanity = _compile((*lexicon.DIRECTED_PROFANITY, r"\bf[u*#%]*[c*#%]*k+(?![a-z])"))
        self.directed = [re.compile(s) for s in lexicon.DIRECTED_PROFANITY]
        self.directed_masked = re.compile(
            r"\b(?:go )?f[*#%u]+(?:c|\*)?k?\*?(?:ing)? (?:you|u|off|yourselves|yourself)(?![a-z])"
        )
        self.slur_words = WordList(lexicon.SLUR_WORDS, masks=False)
        self.hate = _compile(lexicon.HATE)
        self.sarcasm = _compile(lexicon.SARCASM)
        self.not_abuse_before = _compile(s.replace("$", r"\Z") for s in lexicon.NOT_ABUSE_BEFORE)
        self.misinfo_subject = re.compile(lexicon.MISINFO_SUBJECT)
        self.misinfo_claim = re.compile(lexicon.MISINFO_CLAIM)
        self.misinfo_call = _compile(lexicon.MISINFO_CALL)
        self.security = _compile(lexicon.SECURITY_INFO)
        self.scam = _compile(lexicon.SCAM)
        self.spam = _compile(lexicon.SPAM)
        self.persistence = _compile(lexicon.PERSISTENCE)
        self.pressure = _compile(lexicon.PUBLIC_PRESSURE)
        self.clinical = re.compile(lexicon.CLINICAL_CONTEXT)
        self.insider = re.compile(lexicon.INSIDER_SOURCE)
        self.identifiable = re.compile(lexicon.IDENTIFIABLE_PERSON)
        self.gossip = _compile(lexicon.GOSSIP)
        self.located = re.compile(lexicon.LOCATED_PATIENT)
        self.third_person = re.compile(lexicon.THIRD_PERSON)
        self.family = re.compile(lexicon.FAMILY)
        self.care = re.compile(lexicon.CARE_NOUNS)
        self.own_case = _compile(lexicon.OWN_CASE)
        self.my_care = re.compile(lexicon.MY_CARE)
        self.practical = re.compile(lexicon.PRACTICAL_QUESTION)
        self.urgent_medical = re.compile(lexicon.URGENT_MEDICAL)
        self.complaint = re.compile(lexicon.COMPLAINT)
        self.praise = _compile(lexicon.PRAISE)
        self.sharing = _compile(lexicon.SHARING_QUESTION)
        self.staff_account = _compile(lexicon.STAFF_ACCOUNT_QUESTION)
        self.hours = _compile(lexicon.HOURS_QUESTION)
        self.service = re.compile(lexicon.SERVICE_TOPIC)
        self.question_start = re.compile(lexicon.QUESTION_START)


@cache
def patterns() -> _Patterns:
    return _Patterns()


_GATE_TOKEN = re.compile(r"[a-z]+|[^\sa-z0-9]")


def _gate_open(text: str, gate: frozenset[str]) -> bool:
    """Whether any gate word (or symbol) is in the text: a cheap test before an expensive pattern."""
    return not gate.isdisjoint(_GATE_TOKEN.findall(text))


def _first(pattern: re.Pattern[str], folded: Folded, original: str) -> str | None:
    m = pattern.search(folded.text)
    return folded.source_span(original, m.start(), m.end()) if m else None


def _abuse(p: _Patterns, folded: Folded, original: str) -> str | None:
    """An insult or directed profanity written by the author (not quoted, not about themselves)."""
    text = folded.text
    spans = [(m.start(), m.end()) for m in p.profanity.finditer(text) if _directed(p, text, m.start())]
    spans += [(m.start(), m.end()) for m in p.directed_masked.finditer(text)]
    spans += list(p.insult_words.finditer(text))
    if _gate_open(text, lexicon.INSULT_PHRASES_GATE):
        spans += [(m.start(), m.end()) for m in p.insult.finditer(text)]
    for start, end in sorted(spans):
        if not p.not_abuse_before.search(text[max(0, start - 40) : start]):
            return folded.source_span(original, start, end)
    return None


def _directed(p: _Patterns, text: str, start: int) -> bool:
    """A bare swear word is abuse only when aimed at someone ("f*** you"), not as emphasis."""
    return any(d.match(text, start) for d in p.directed) or bool(
        p.directed_masked.match(text, max(0, start - 3))
    )


def _misinformation(p: _Patterns, folded: Folded, original: str) -> str | None:
    call = p.misinfo_call.search(folded.text)
    if _sincere_question(p, folded.text) and not call:
        return None
    for subject in p.misinfo_subject.finditer(folded.text):
        lo, hi = max(0, subject.start() - 80), subject.end() + 80
        claim = p.misinfo_claim.search(folded.text, lo, hi)
        if claim:
            start, end = min(subject.start(), claim.start()), max(subject.end(), claim.end())
            return folded.source_span(original, start, end)
    return folded.source_span(original, call.start(), call.end()) if call else None


def _sincere_question(p: _Patterns, text: str) -> bool:
    """ "Is it true that...?" asks for facts; it is answered, not hidden."""
    return text.rstrip().endswith("?") and bool(
        re.match(r"\s*(?:is it true|does|do|can|are|is|will|should)\b", text)
    )


def _confidential(p: _Patterns, post: str, folded: Folded) -> str | None:
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
    thanks_for_own_care = p.praise.search(folded.text) and _FIRST_PERSON.search(folded.text)
    if names and not thanks_for_own_care:
        return f"{names[0].text} … {folded.source_span(post, clinical.start(), clinical.end())}"
    located = p.located.search(folded.text)
    if located and p.third_person.search(folded.text) and not p.family.search(folded.text):
        return folded.source_span(
            post, min(located.start(), clinical.start()), max(located.end(), clinical.end())
        )
    source = (
        p.insider.search(folded.text) or p.identifiable.search(folded.text) or p.gossip.search(folded.text)
    )
    if source:
        return folded.source_span(
            post, min(source.start(), clinical.start()), max(source.end(), clinical.end())
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

    add("at_risk", _first(p.at_risk, folded, text))
    add("danger_now", _first(p.danger_now, plain, text))
    add("threat", _first(p.threat, folded, text))
    if _gate_open(folded.text, lexicon.VIOLENCE_GATE):
        add("violence", _first(p.violence, folded, text))
    add("harassment", _first(p.harassment, folded, text))
    slur = p.slur_words.search(folded.text)
    add("slur", folded.source_span(text, *slur) if slur else _first(p.hate, folded, text))
    abuse = _abuse(p, folded, text)
    add("abuse", abuse)
    # Mockery matters only beside disparagement or abuse: look for those first (cheaper, rarer).
    disparage = _first(p.disparage, folded, text) or abuse
    derision = _first(p.derision, folded, text) if disparage else None
    if derision:
        add("trolling", f"{derision} … {disparage}")
    add("misinformation", _misinformation(p, plain, text))
    add("security_info", _first(p.security, plain, text))
    add("scam", _first(p.scam, plain, text))
    add("spam", _first(p.spam, plain, text))
    add("persistence", _first(p.persistence, plain, text))
    add("pressure", _first(p.pressure, plain, text))
    add("confidential", _confidential(p, text, plain))

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
    add("urgent_medical", _first(p.urgent_medical, plain, text))
    praise = _first(p.praise, plain, text)
    # Praise that is sarcastic is a complaint; sarcasm is only looked for where there is praise.
    sarcasm = _first(p.sarcasm, plain, text) if praise else None
    if sarcasm:
        add("complaint", sarcasm)
    else:
        add("praise", praise)
    add("sharing_question", _first(p.sharing, plain, text))
    add("staff_account_question", _first(p.staff_account, plain, text))
    add("hours_question", _first(p.hours, plain, text))
    if _is_question(p, plain.text):
        add("service_question", _first(p.service, plain, text) or text.strip()[:80])
    return tuple(signals)


def _is_question(p: _Patterns, text: str) -> bool:
    return "?" in text or p.question_start.search(text) is not None

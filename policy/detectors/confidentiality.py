"""Someone else's confidential information: a third person, something that picks them out (a public
role, a sighting, an insider's hint, initials, a bed or a board of names) and their health or care.
The author's own care, or their family's told by them, is theirs to share and is signposted instead.
"""

from __future__ import annotations

import re

from policy.detectors.base import Cue, address_hit, authors_own, cue
from policy.phrases import Hit
from policy.reading import Reading

HEALTH = "confidentiality.health"
# Initials standing for a person: "J.M.", "D.R.", or a title and an initial ("Mrs K").
_INITIALS = re.compile(
    r"(?<![\w.])[a-z]\.\s?[a-z]\.?(?![\w.])|\b(?:mr|mrs|ms|miss)\.? [a-z]\b(?! [a-z]{2,}\b)"
)
_NOT_INITIALS = frozenset({"a.m", "p.m", "e.g", "i.e"})


def _initials(r: Reading) -> Hit | None:
    # A capitalised name and a capital initial: "Tyler R has ...".
    for i in range(len(r.tokens) - 1):
        after = r.tokens[i + 1]
        name = r.tokens[i].text
        initial = len(after.text) == 1 and after.text not in ("i", "a")
        if i in r.capitalised and i + 1 in r.capitalised and len(name) > 2 and initial:
            return Hit("found.initials", i, i + 1, r.tokens[i].start, after.end, after.clause)
    for m in _INITIALS.finditer(r.text):
        if m.group().rstrip(".").replace(" ", "") in _NOT_INITIALS:
            continue
        first = next((i for i, t in enumerate(r.tokens) if t.end > m.start()), 0)
        return Hit("found.initials", first, first, m.start(), m.end(), r.tokens[first].clause)
    return None


def confidential(r: Reading) -> list[Cue]:
    health = r.first(HEALTH)
    if health is None:
        return []
    board = r.first("confidentiality.board")
    if board and r.has("confidentiality.identifying", "confidentiality.insider"):
        return [cue("confidential", r, board)]
    figure = r.first("confidentiality.public_figure")
    insider = next((h for h in r.get("confidentiality.insider") if not r.negated(h)), None)
    role = next(
        (h for h in r.get("confidentiality.insider_role") if r.after(h, "targets.staff", within=2)), None
    )
    seen = r.first("confidentiality.sighting")
    if figure and (seen or insider or r.has("confidentiality.located")):
        return [cue("confidential", r, figure, seen or insider)]
    if (insider or role) and _about_someone(r):
        return [cue("confidential", r, insider or role, health)]
    initials = _initials(r)
    if initials and r.has(
        "confidentiality.identifying", "confidentiality.located", "confidentiality.insider"
    ):
        return [cue("confidential", r, initials, health)]
    named = _full_name(r)
    for other in r.get("confidentiality.third_party"):
        picked_out = r.has("confidentiality.sighting", "confidentiality.located") or r.mentions() or named
        if picked_out and not _in_their_care(r, other) and not _sympathy(r, other):
            return [cue("confidential", r, other, health)]
    seen_someone = next(
        (h for h in r.get("confidentiality.sighting") if _THEM.search(r.text[h.start : h.end])), None
    )
    # "Just seen Jess Baker's nan's discharge letter": a paper about someone's care, read by the author.
    located = r.has("confidentiality.sighting", "confidentiality.located", "confidentiality.document")
    if seen_someone or (named and _someone_else(r, named) and (insider or located)):
        return [cue("confidential", r, seen_someone or named, health)]
    address = address_hit(r)
    if address and not authors_own(r, address):
        return [Cue("confidential", address.start, address.end)]
    return []


_THEM = re.compile(r"\b(?:her|him|them)\b")
_SOMEONE = re.compile(r"\b(?:he|she|her|him|his|he's|she's)\b")


def _about_someone(r: Reading) -> bool:
    """An insider's hint tells of a patient: someone named, initialled, placed or called he or she
    ("a nurse told me off" tells only of the author)."""
    return bool(
        r.has("confidentiality.third_party", "confidentiality.public_figure")
        or _SOMEONE.search(r.text)
        or _initials(r)
        or _full_name(r)
        or r.mentions()
    )


def _in_their_care(r: Reading, other: Hit) -> bool:
    """'I'm my neighbour's carer', 'I am her carer': the author speaks for someone in their care, as
    family would, and is signposted rather than hidden."""
    before = {t.text for t in r.tokens[max(0, other.first - 2) : other.first]}
    carer = any(t.text in ("carer", "carers") for t in r.tokens if t.clause == other.clause)
    return bool(before & {"i'm", "im", "am"}) or (carer and r.first_person(other.clause))


_KIND_WORDS = frozenset({"glad", "hope", "hoping", "sorry", "pleased", "wishing", "praying", "thinking"})


def _sympathy(r: Reading, other: Hit) -> bool:
    """'Glad your mum's doing well': warm words to someone about their own family, which they told."""
    before = {t.text for t in r.tokens[max(0, other.first - 3) : other.first]}
    yours = r.tokens[other.first].text in ("your", "ur")
    return yours and (r.warm() or bool(before & _KIND_WORDS))


def _someone_else(r: Reading, named: Hit) -> bool:
    """Not staff being thanked ("Sister Jane Doe") nor the author's own family ("my mum Mary Smith")."""
    before = {t.text for t in r.tokens[max(0, named.first - 2) : named.first]}
    staff = r.tokens[named.first].text in _STAFF_TITLES or bool(before & _STAFF_TITLES)
    family = "my" in before or "our" in before
    return not (staff or family or r.warm())


def _place(r: Reading, first: int, last: int) -> bool:
    """'Main Reception', 'Treatment Centre', 'Rothwell Road': capitalised words that name a place, a
    body or a role, not a person."""
    return any(
        h.first <= last and first <= h.last
        for h in r.get("targets.building", "targets.property", "targets.staff", "confidentiality.health")
    ) or any(h.first == last for h in r.get("confidentiality.place_word"))


_STAFF_TITLES = frozenset(
    {"dr", "doctor", "nurse", "sister", "matron", "midwife", "prof", "professor", "staff"}
)


def _full_name(r: Reading) -> Hit | None:
    """Two words Written Like Names side by side, not at the start of a sentence: 'Karen Webb'."""
    for i in range(1, len(r.tokens) - 1):
        first, second = r.tokens[i], r.tokens[i + 1]
        opens = r.tokens[i - 1].clause != first.clause
        words = all(len(t.text) > 1 and t.text.removesuffix("'s").isalpha() for t in (first, second))
        together = first.clause == second.clause and not opens
        # Three capitalised words in a row name an event or a body ("Santa Fun Run"), not a person.
        run = (i - 1 in r.capitalised and not opens) or i + 2 in r.capitalised
        if (
            i in r.capitalised
            and i + 1 in r.capitalised
            and together
            and words
            and not run
            and not _place(r, i, i + 1)
        ):
            return Hit("found.name", i, i + 1, first.start, second.end, first.clause)
    return None

"""Patient identifiers in free text: NHS numbers (modulus 11), dates of birth, hospital numbers,
contact details and people named in a clinical context; and the redaction that masks them.

Everything the register stores and everything shown beyond the pasting user goes through `redact`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from policy.names import FIRST_NAMES, PLACE_WORDS, STAFF_TITLES

# Ten digits, optionally grouped 3-3-4 with spaces or hyphens, not part of a longer number.
_NHS_CANDIDATE = re.compile(r"(?<![\d])(\d{3})[ -]?(\d{3})[ -]?(\d{4})(?![\d])")
_DATE = (
    r"(?:\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})"
    r"|\d{1,2}(?:st|nd|rd|th)?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{4})"
)
_DOB = re.compile(
    r"\b(?:d\.?o\.?b\.?|date of birth|born(?: on)?|birthday)\b[^\d\n]{0,12}(" + _DATE + r")",
    re.IGNORECASE,
)
_HOSPITAL_NUMBER = re.compile(
    r"\b(?:hospital|patient|unit|case|mrn|medical record|k)\s*(?:no\.?|number|num|#|id)?\s*"
    r"(?:is\s+|was\s+)?[:#]?\s*"
    r"((?=[a-z]{0,4}\s?\d)[a-z]{0,4}\s?\d{5,9})\b",
    re.IGNORECASE,
)
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+\.[\w.-]+\b")
_PHONE = re.compile(
    r"(?<![\w])(?:\+44\s?7\d{3}|07\d{3}|\+44\s?1\d{2,3}|01\d{2,3}|02\d)[\s-]?\d{3}[\s-]?\d{3,4}(?![\d])"
)
_POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b")
_CAPITALISED = re.compile(r"\b[A-Z][a-z]+(?:-[A-Z][a-z]+)?\b|\b[A-Z]'[A-Z][a-z]+\b")
_COURTESY_TITLES = frozenset({"Mrs", "Mr", "Ms", "Miss", "Mx"})


@dataclass(frozen=True)
class Identifier:
    kind: str  # "nhs_number", "date_of_birth", "hospital_number", "email", "phone", "postcode", "name"
    start: int
    end: int
    text: str


def nhs_number_valid(digits: str) -> bool:
    """The NHS modulus-11 check: weights 10..2 on the first nine digits; 11 means 0, 10 is invalid."""
    if len(digits) != 10 or not digits.isdigit():
        return False
    # Repeated digits pass the arithmetic (1111111111) but are never issued.
    if len(set(digits)) == 1:
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    if check == 10:
        return False
    return check == int(digits[9])


def find_nhs_numbers(text: str) -> list[Identifier]:
    found = []
    for m in _NHS_CANDIDATE.finditer(text):
        digits = "".join(m.groups())
        if nhs_number_valid(digits):
            found.append(Identifier("nhs_number", m.start(), m.end(), m.group()))
    return found


def _spans(kind: str, pattern: re.Pattern[str], text: str, group: int = 0) -> list[Identifier]:
    return [Identifier(kind, m.start(group), m.end(group), m.group(group)) for m in pattern.finditer(text)]


def find_dates_of_birth(text: str) -> list[Identifier]:
    return _spans("date_of_birth", _DOB, text, 1)


def find_hospital_numbers(text: str) -> list[Identifier]:
    return _spans("hospital_number", _HOSPITAL_NUMBER, text, 1)


def find_person_names(text: str) -> list[Identifier]:
    """People's names: a courtesy title and a surname, or a common first name with a surname or age.

    Staff titles (Nurse, Dr, Sister...) name staff, not patients, and are reported with kind
    "staff_name" so that the caller can tell them apart.
    """
    words = list(_CAPITALISED.finditer(text))
    found: list[Identifier] = []
    i = 0
    while i < len(words):
        word = words[i]
        following = words[i + 1] if i + 1 < len(words) else None
        adjacent = following is not None and re.fullmatch(r"\.?\s+", text[word.end() : following.start()])
        nxt = (
            following if adjacent and following is not None and following.group() not in PLACE_WORDS else None
        )
        title = word.group()
        if title in _COURTESY_TITLES | STAFF_TITLES and nxt is not None:
            kind = "staff_name" if title in STAFF_TITLES else "name"
            found.append(Identifier(kind, word.start(), nxt.end(), text[word.start() : nxt.end()]))
            i += 2
            continue
        if word.group().lower() in FIRST_NAMES and (nxt is not None or _followed_by_age(text, word.end())):
            end = nxt.end() if nxt is not None else word.end()
            found.append(Identifier("name", word.start(), end, text[word.start() : end]))
            i += 2 if nxt is not None else 1
            continue
        i += 1
    return found


def _followed_by_age(text: str, end: int) -> bool:
    return re.match(r",?\s*(?:aged\s+)?\d{1,3}\b", text[end : end + 10]) is not None


@lru_cache(maxsize=1024)
def find_identifiers(text: str) -> tuple[Identifier, ...]:
    """Every identifier in the text, in order, without overlaps (the first found wins)."""
    candidates = (
        find_nhs_numbers(text)
        + find_dates_of_birth(text)
        + find_hospital_numbers(text)
        + _spans("email", _EMAIL, text)
        + _spans("phone", _PHONE, text)
        + _spans("postcode", _POSTCODE, text)
    )
    names = [n for n in find_person_names(text) if n.kind == "name"]
    chosen: list[Identifier] = []
    for ident in sorted(candidates + names, key=lambda i: (i.start, -(i.end - i.start))):
        if all(ident.start >= c.end or ident.end <= c.start for c in chosen):
            chosen.append(ident)
    return tuple(chosen)


_MASKS = {
    "nhs_number": "[NHS number]",
    "date_of_birth": "[date of birth]",
    "hospital_number": "[hospital number]",
    "email": "[email]",
    "phone": "[phone]",
    "postcode": "[postcode]",
    "name": "[name]",
}


def redact(text: str) -> str:
    """The text with every patient identifier and contact detail masked."""
    return redact_span(text, 0, len(text))


def redact_span(text: str, start: int, end: int) -> str:
    """text[start:end] as it reads in the redacted text: identifiers are found in the whole text
    (a surname is a name only beside its first name) and any one the span touches is masked whole."""
    out, last = [], start
    for ident in find_identifiers(text):
        if ident.end <= start or ident.start >= end:
            continue
        out.append(text[last : max(last, ident.start)])
        out.append(_MASKS[ident.kind])
        last = max(last, ident.end)
    out.append(text[last:end] if last < end else "")
    return "".join(out)


def redact_quote(text: str, quote: str) -> str:
    """A quotation from `text` (parts joined by " … ") as it reads in the redacted text."""
    parts = []
    for part in quote.split(" \u2026 "):
        at = text.find(part)
        parts.append(redact_span(text, at, at + len(part)) if part and at >= 0 else redact(part))
    return " \u2026 ".join(parts)

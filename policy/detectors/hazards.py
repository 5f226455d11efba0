"""Information that endangers patients or the public: a safety feature out of action (a padlocked
fire exit), a way into a secure place, and false health claims or calls to refuse care.
"""

from __future__ import annotations

import re

from policy.detectors.base import Cue, cue
from policy.reading import Reading

# "Is it true that ...?" asks for facts; it is answered, not hidden.
_SINCERE_QUESTION = re.compile(
    r"^\s*(?:is it true|does|do|can|are|is|will|should|has|have)\b.*\?\s*$|\bis (?:it|this|that) true\b|"
    r"\bwant to know if\b|\bcan (?:anyone|someone) confirm\b",
    re.S,
)
_DEBUNK = re.compile(
    r"\b(?:myth|myths|not true|false|fact check|debunk\w*|misinformation|rumours? (?:is|are) wrong)\b"
)


# A code or password given out: "the code to the staff room is 4321", "wifi password is Kettering123".
_CODE = re.compile(
    # Not a dress code or a postcode: "Dress code: 1920s".
    r"\b(?<!dress )(?<!post)(?:code|pin|password|passcode|combination|combo)s?\b"
    r"[^.!?\n]{0,50}?(?:\bis\b|=|:)\s*[\w#*]*\d[\w#*]*"
)


# A code given out in words: "the code for the maternity door is the year it opened, backwards".
_CODE_TOLD = re.compile(
    r"\b(?:code|pin|password)s? (?:for|to|on) [^.!?\n]{0,40}\bis (?:just |simply )?(?:the|\d)"
)


def hazards(r: Reading) -> list[Cue]:
    found: list[Cue] = []
    code = _CODE.search(r.text) or (_CODE_TOLD.search(r.text) if "?" not in r.text else None)
    if code:
        return [Cue("security_info", code.start(), code.end())]
    for feature in r.get("hazards.safety_feature"):
        # Wide enough for where it is on the way: "the fire door at the back of the Day Surgery
        # waiting area (next to the vending machines) has been chained shut".
        state = r.near(feature, "hazards.unsafe_state", within=24)
        if state and not r.negated(state):
            found.append(cue("hazard", r, feature, state))
            break
    way_in = r.first("hazards.way_in")
    if way_in and r.has("targets.building", "hazards.safety_feature") and not found:
        found.append(cue("security_info", r, way_in))
    # "The staff entrance is never locked": an entrance is a way in only with how to get through it.
    for door in r.get("hazards.unguarded"):
        how = r.near(door, "hazards.way_in", "hazards.unsafe_state", within=8)
        if how and not found and not r.negated(how):
            found.append(cue("security_info", r, door, how))
    found += _misinformation(r)
    return found


def _misinformation(r: Reading) -> list[Cue]:
    if _DEBUNK.search(r.text) or (_SINCERE_QUESTION.search(r.text) and not r.has("hazards.misinfo_call")):
        return []
    for subject in r.get("hazards.misinfo_subject"):
        claim = r.near(subject, "hazards.misinfo_claim", "hazards.misinfo_call", within=10)
        if claim and not r.negated(claim):
            return [cue("misinformation", r, subject, claim)]
    call = next((h for h in r.get("hazards.misinfo_call") if not r.negated(h)), None)
    if call and r.has("hazards.misinfo_claim"):
        return [cue("misinformation", r, call, r.first("hazards.misinfo_claim"))]
    # "KGH are giving out expired insulin ... don't take anything they give you": telling people to
    # refuse care counts wherever in the post the care is named.
    if call and r.has("hazards.misinfo_subject"):
        return [cue("misinformation", r, r.first("hazards.misinfo_subject"), call)]
    return []

"""Going after a person off the page: pile-ons, doxxing, new accounts to keep reaching someone, and
sexual comments about staff.
"""

from __future__ import annotations

from policy.detectors.base import ADDRESS, TARGETS, Cue, address_hit, authors_own, cue, identifiable
from policy.reading import Reading

_HOSTILE = (
    "abuse.insults",
    "abuse.mild_insults",
    "abuse.profanity",
    "abuse.appearance",
    "abuse.contempt",
    "abuse.emoji_insults",
    "harms.violence",
    "harms.lethal",
)


_CUES = (
    "harassment.pile_on",
    "harassment.pile_on_weak",
    "harassment.doxxing",
    "harassment.evasion",
    "harassment.sexual",
    "harassment.mockery",
)


def harassment(r: Reading) -> list[Cue]:
    if not r.has(*_CUES) and not ADDRESS.search(r.text):
        return []  # nothing that goes after a person
    person = identifiable(r)
    titled = r.named_person()
    staff_title = (
        titled if titled and r.tokens[titled.first].text not in ("mr", "mrs", "ms", "miss") else None
    )
    staff = staff_title or r.first("targets.staff") or (person if r.mentions() else None)
    address = address_hit(r)
    family = r.first("targets.family_of_target")
    # Someone named only as "he" is still picked out when the post rallies others to find him.
    rallied = r.has("harassment.pile_on") and r.has("targets.third_person")
    exposed = next((h for h in [address, *r.get("harassment.doxxing")] if h and not authors_own(r, h)), None)
    if (staff or family or rallied) and exposed:
        return [cue("doxxing", r, exposed, staff or family or person)]
    lawful = r.has("harassment.lawful_route")  # "ring 101 if you see him": a warning, not a pile-on
    for hit in r.get("harassment.pile_on"):
        target = r.near(hit, *TARGETS, within=6) or person
        if target and not r.negated(hit) and not lawful:
            return [cue("pile_on", r, hit, target)]
    rallying = {r.tokens[h.first].text: h for h in r.get("harassment.pile_on_weak")}
    if rallying and person and r.first(*_HOSTILE):
        first = next(iter(rallying.values()))
        return [cue("pile_on", r, first, r.first(*_HOSTILE) or person)]
    mockery = {r.tokens[h.first].text: h for h in r.get("harassment.mockery")}
    if len(mockery) >= 2:
        first, second, *_ = mockery.values()
        return [cue("trolling", r, first, second)]
    for hit in r.get("harassment.evasion"):
        if person and (r.has("harassment.pile_on_weak") or "block" in r.text or "account" in r.text):
            return [cue("evasion", r, hit, person)]
    sexual = r.first("harassment.sexual")
    if sexual:
        return [cue("harassment", r, sexual)]
    return []

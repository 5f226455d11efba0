"""Threats and violence, read as threat assessment reads them: a target, a harm, the speaker's stance
(intent, wish, incitement, boast, a victim's report, news, a figure of speech), a time or condition,
and proximity ("I know where she parks").
"""

from __future__ import annotations

from policy.detectors.base import TARGETS, Cue, cue, identifiable
from policy.phrases import Hit
from policy.reading import Reading

HARMS = ("harms.violence", "harms.weapons", "harms.death", "harms.fire", "harms.damage", "harms.lethal")
# Harm can be aimed at a place or property as well as a person ("burn the place down").
PLACES = ("targets.building", "targets.property")
# Harms that, aimed at a person with no reading found, a person should read: not death (grief) or damage.
UNSURE = ("harms.violence", "harms.weapons", "harms.fire")
# Harms that a thank-you does not soften: not death (grief) or damage.
_MEANT_HARMS = (*UNSURE, "harms.lethal")
STANCES = ("stances.intent", "stances.wish", "stances.incitement")
# Without one of these a post holds no threat, warning or boast, and the reading stops at once.
_CUES = (
    "stances.warning",
    "stances.consequence",
    "stances.veiled",
    "stances.boast",
    "stances.boast_verb",
    "conditions.proximity",
)
CONDITIONS = ("conditions.time_condition", "conditions.proximity", "conditions.their_place")
_SUBJECTS = frozenset({"i", "me", "we", "and", "us"})


def _target(r: Reading, harm: Hit) -> Hit | None:
    near = r.near(harm, *TARGETS, within=8)
    if near:
        return near
    if harm.group != "harms.death":
        place = r.near(harm, *PLACES, within=8)
        if place:
            return place
        if harm.group in ("harms.fire", "harms.damage"):
            return r.first(*PLACES)  # "Lovely evening for a barbecue at KGH. Bring your own petrol"
    return identifiable(r, harm.clause)


def _conditional(r: Reading, clause: int) -> Hit | None:
    """'if she does that again', 'next time', 'after her shift': the harm waits on something."""
    found = r.in_clause(clause, *CONDITIONS)
    if found:
        return found[0]
    words = [(i, t.text) for i, t in enumerate(r.tokens) if t.clause == clause]
    ifs = [i for i, w in words if w == "if"]
    again = [i for i, w in words if w == "again"]
    if ifs and again and ifs[0] < again[-1]:
        i = ifs[0]
        t = r.tokens[i]
        return Hit("found.if_again", i, i, t.start, t.end, clause)
    return None


def threats(r: Reading) -> list[Cue]:
    if not r.has(*HARMS, *_CUES):
        return []  # most posts carry no harm, warning or boast: nothing to read
    found: list[Cue] = []
    quoting = r.has("stances.reported_speech") and not r.mentions()
    news = r.has("stances.news")
    unsure: Cue | None = None
    for harm in r.get(*HARMS):
        if r.negated(harm):
            continue
        target = _target(r, harm)
        lethal = harm.group == "harms.lethal" or r.near(harm, "harms.lethal", within=0)
        if target is None and lethal:
            target = identifiable(r)  # "the nurse. knife.": a person reads it
        if target is None and harm.group == "harms.weapons" and r.near(harm, "stances.intent", within=8):
            target = harm  # "going down there with a bat": a weapon carried with intent needs no named target
        if target is None:
            continue
        stance = r.near(harm, *STANCES, within=10)
        if stance is None and r.near(harm, "stances.victim", within=5):
            continue  # a victim's report: acted on as a complaint or an emergency, not a threat
        condition = _conditional(r, harm.clause)
        if stance and stance.group == "stances.incitement":
            found += [cue("threat", r, stance, harm, target), cue("harassment", r, stance, harm)]
        elif stance or (condition and not news and harm.group != "harms.death"):
            found.append(cue("threat", r, stance or condition, harm, target))
        elif (
            (lethal or harm.group in UNSURE)
            and not r.warm()
            and not (news or quoting or r.near(harm, "hazards.misinfo_subject", within=12))
        ):
            unsure = unsure or cue("threat_unclear", r, harm, target)
        if found:
            break
    found += _boasts(r)
    if not found:
        found += _warnings(r)
    if not found and unsure:
        found.append(unsure)
    return found


def _boasts(r: Reading) -> list[Cue]:
    """The author did harm: 'I punched the nurse', 'Lamped a guard in A&E', 'she had it coming'."""
    for boast in r.get("stances.boast"):
        aimed = r.near(boast, *TARGETS, *PLACES, within=4) or r.near(boast, *HARMS, within=4)
        if aimed and not r.negated(boast):
            return [cue("violence", r, boast, aimed)]
    for verb in r.get("stances.boast_verb"):
        opens = verb.first == 0 or r.tokens[verb.first - 1].clause != verb.clause
        said_by_me = any(t.text in _SUBJECTS for t in r.tokens[max(0, verb.first - 4) : verb.first])
        aimed = r.after(verb, *TARGETS, *PLACES, within=5)
        if (opens or said_by_me) and aimed and not r.near(verb, "stances.figurative", within=1):
            return [cue("violence", r, verb, aimed)]
    return []


def _veiled(r: Reading) -> list[Hit]:
    """Hints that count only in company: two of them, or one beside a place, a time or a harm."""
    hints = r.get("stances.veiled")
    if not hints:
        return []
    # Company is something besides the hints themselves ("see you soon" is a hint and a time at once).
    company = any(
        not any(c.first <= h.last and h.first <= c.last for h in hints)
        for c in r.get("conditions.their_place", "conditions.time_condition", "conditions.proximity", *HARMS)
    )
    return hints if _distinct(r, hints) >= 2 or company else []


def _distinct(r: Reading, hits: list[Hit]) -> int:
    return len({r.tokens[h.first].text for h in hits})


def _warnings(r: Reading) -> list[Cue]:
    """A warning ('watch your back'), a consequence tied to a condition, or knowing where someone is."""
    if r.has("replies.praise") and not r.has("stances.sarcastic_thanks", *_MEANT_HARMS):
        # "I'll be waiting in the car park when you finish, with flowers from all of us 💐"; "My dad
        # died on the ward ... If you know who you are, thank you": grief is no threat.
        return []
    warnings = r.get("stances.warning", "stances.consequence", "conditions.proximity") + _veiled(r)
    for hit in sorted(warnings, key=lambda h: h.first):
        if r.negated(hit) or (hit.group == "stances.warning" and r.has("stances.signage")):
            continue  # "'Watch your back' says the poster in physio": the sign's words, not the author's
        target = r.near(hit, *TARGETS, within=10) or identifiable(r, hit.clause) or identifiable(r)
        # "Fire alarms go off for a reason, KGH", "Nothing's happened yet. 🔪": aimed at the Trust.
        target = target or r.first(*PLACES) or r.first(*HARMS)
        # "See what turns up at your office", "Sei onde moras": what is the reader's, or where they are.
        target = target or r.first("targets.your", "conditions.proximity", "conditions.their_place")
        if target is None and hit.group == "stances.veiled" and _distinct(r, r.get("stances.veiled")) >= 2:
            target = hit  # hints enough to speak for themselves: "practising my swing ... plenty of work"
        if target is None:
            continue
        if hit.group == "stances.consequence" and not (
            _conditional(r, hit.clause) or r.has("stances.warning")
        ):
            continue
        if hit.group == "conditions.proximity":
            if _personal(r, hit):
                return [cue("harassment", r, hit, target)]
            continue
        found = [cue("threat", r, hit, target)]
        lying_in_wait = r.first("conditions.time_condition", "conditions.their_place", "conditions.proximity")
        if lying_in_wait:
            found.append(cue("harassment", r, lying_in_wait, target))
        return found
    return []


def _personal(r: Reading, proximity: Hit) -> bool:
    """'I know where the sister parks' is about a person; 'I know where the clinic is' is not."""
    # "I've got your reg": what belongs to the reader is the reader.
    person = r.after(
        proximity, "targets.you", "targets.your", "targets.third_person", "targets.staff", within=5
    )
    if r.tokens[proximity.last].text in ("reg", "plate"):
        return True  # a car's registration picks out its driver
    place = r.after(proximity, "targets.building", "targets.property", within=5)
    # "the ward sister parks" names a person; "the staff car park" names a place.
    return person is not None and (place is None or place.first < person.first)

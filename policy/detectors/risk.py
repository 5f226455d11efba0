"""A person at risk: self-harm or suicide said in any words, and emergencies described in a post
(a medical emergency, or violence on site now).

When in doubt these escalate: a false alarm costs a person a few seconds, a miss can cost a life.
"""

from __future__ import annotations

import re

from policy.detectors.base import Cue, cue, in_the_news
from policy.reading import Reading

_WEAK = ("selfharm.farewell", "selfharm.hopelessness")
_THIRD_PERSON_AT_RISK = re.compile(r"\b(?:himself|herself|themselves|suicid\w*|to die)\b")
_ANY = (
    "selfharm.explicit",
    "selfharm.self_injury",
    "selfharm.farewell_strong",
    "selfharm.hopelessness_strong",
    "selfharm.means",
    "selfharm.giving_away",
    *_WEAK,
)


def _well_now(r: Reading) -> bool:
    """Thanks for care in the past: 'my son self-harmed last spring ... smiling again. Thank you'."""
    return r.warm() and r.has("stances.recovered")


def self_harm(r: Reading) -> list[Cue]:
    if not r.has(*_ANY) or _well_now(r):
        return []
    about_the_subject = r.has("selfharm.awareness")
    author = r.first_person()
    for hit in r.get("selfharm.explicit"):
        # "Tried to hang myself last month" is a story, unless the means are still to hand.
        told_as_past = r.near(hit, "selfharm.report", within=3) and not (author and r.has("selfharm.means"))
        if r.negated(hit) or told_as_past:
            continue
        # "he's threatening to kill himself" is someone at risk now; "after an overdose" is a story.
        someone = _THIRD_PERSON_AT_RISK.search(r.text[hit.start : hit.end + 20]) is not None
        if author or (someone and not about_the_subject):
            return [cue("at_risk", r, hit)]
    for hit in r.get("selfharm.self_injury"):
        if not r.negated(hit):
            return [cue("at_risk", r, hit)]
    strong = [
        h for h in r.get("selfharm.farewell_strong", "selfharm.hopelessness_strong") if not r.negated(h)
    ]
    if r.has("selfharm.moving_on"):
        # "So this is goodbye from me, I'm off to the air ambulance": leaving a job, not life.
        strong = [h for h in strong if h.group != "selfharm.farewell_strong"]
    if strong and (author or not about_the_subject):
        return [cue("at_risk", r, strong[0])]
    # "Gave my cat to my sister today and cleared my room. Feels calm now": affairs being settled.
    settling = r.first("selfharm.giving_away")
    calm = r.first("selfharm.calm", "selfharm.despair", *_WEAK)
    if author and settling and calm and not r.has("selfharm.moving_on") and not r.negated(calm):
        return [cue("at_risk", r, settling, calm)]
    weak = {h.group: h for h in r.get(*_WEAK) if not r.negated(h)}
    if r.has("selfharm.moving_on"):
        weak.pop("selfharm.farewell", None)  # a retirement or a move: a goodbye to a job, not to life
    # "Bought a rope today. Figured it was time.": means with despair or a time speak of the writer.
    despair = r.first("selfharm.despair")
    someone_else = r.has("targets.third_person")
    for means in r.get("selfharm.means"):
        stockpiled = r.near(means, "selfharm.stockpile", within=8)
        if author and stockpiled:
            return [cue("at_risk", r, means, stockpiled)]
        gathered = r.near(means, "selfharm.gathering", within=6)
        if gathered and (despair or weak or r.has("selfharm.timing")) and not someone_else:
            return [cue("at_risk", r, means, gathered)]
        attempt = r.first("selfharm.attempt")
        if attempt:
            return [cue("at_risk", r, means, attempt)]
        gathered = r.near(means, "selfharm.gathering", within=6)
        if author and gathered and (weak or r.has("selfharm.timing")):
            return [cue("at_risk", r, means, gathered)]
        if author and (weak or despair or r.has("selfharm.attempt")):
            return [cue("at_risk", r, means, *weak.values())]
        if despair and r.has("selfharm.timing"):
            return [cue("at_risk", r, means, despair)]  # "🌉 + 🌙 = 🕊️ finally": a place, a time, release
    if author and weak and (len(weak) == 2 or r.has("selfharm.timing")):
        return [cue("at_risk", r, *weak.values())]
    if author and weak and not about_the_subject:
        # Hopelessness or a goodbye alone: not sure, but never to be left or blocked unread.
        return [cue("risk_unclear", r, *weak.values())]
    return []


def emergency(r: Reading) -> list[Cue]:
    found: list[Cue] = []
    if _well_now(r):
        return found
    violence = [h for h in r.get("emergency.violence_now") if not r.negated(h)]
    violence += [h for h in r.get("emergency.violent_act") if r.in_clause(h.clause, "emergency.now")]
    # "Man sentenced for setting fire to a bin store": a case in court, not danger now.
    if violence and not r.has("stances.reported_speech") and not in_the_news(r):
        found.append(cue("danger_now", r, violence[0]))
    # Last year's stroke, the stroke unit, a first aid course: not an emergency in the same breath.
    events = [
        h
        for h in r.get("emergency.event")
        if not r.negated(h) and not r.in_clause(h.clause, "emergency.not_now")
    ]
    # Who it is happening to may go unsaid ("can't breathe, lips tingling"): two signs are enough.
    told = r.has("emergency.person") or len({r.tokens[h.first].text for h in events}) >= 2
    if events and told and not r.has("hazards.misinfo_call"):
        found.append(cue("emergency", r, events[0]))
    return found


_SAID_OUTRIGHT = (
    "selfharm.explicit",
    "selfharm.self_injury",
    "selfharm.farewell_strong",
    "selfharm.hopelessness_strong",
)
_SELF_HARM_WORDS = (*_SAID_OUTRIGHT, *_WEAK)
_RISK_WORDS = (*_SELF_HARM_WORDS, "harms.lethal", "harms.violence", "harms.weapons")


def risk_words(r: Reading) -> list[Cue]:
    """Words that can signal risk, whether or not a rule read them as meant: they keep a post from
    being called harmless without a word, and a person who may be at risk from being blocked."""
    found = []
    # A goodbye in thanks ("Goodbye Larch ward! ... thank you all") or a crisis told as past and
    # survived says nothing about risk now.
    words = _SAID_OUTRIGHT if r.warm() else _SELF_HARM_WORDS
    harm = None if _well_now(r) else r.first(*words)
    if harm:
        found.append(cue("selfharm_words", r, harm))
    risk = harm or r.first(*_RISK_WORDS)
    if risk:
        found.append(cue("risk_words", r, risk))
    return found

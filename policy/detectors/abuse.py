"""Abuse and hate: insults, obscenity aimed at people, slurs, calls to exclude a group, abuse in the
languages of the Trust's catchment, and emoji used as insults.

Criticism of the Trust is not abuse, however strongly put: swearing counts only when aimed at people,
and mild names only when aimed at one identifiable person. Words a victim reports ("he called me a
...") are theirs to report, not abuse by the author.
"""

from __future__ import annotations

from policy.detectors.base import TARGETS, Cue, cue, identifiable, in_the_news
from policy.phrases import Hit
from policy.reading import Reading

LANGUAGES = (
    "abuse.polish",
    "abuse.romanian",
    "abuse.lithuanian",
    "abuse.portuguese",
    "abuse.urdu_punjabi",
)
PERSONS = (*TARGETS, "hate.groups")
_CUES = (
    *LANGUAGES,
    "hate.slurs",
    "hate.slurs_ambiguous",
    "hate.groups",
    "abuse.insults",
    "abuse.directed_profanity",
    "abuse.profanity",
    "abuse.emoji_insults",
    "abuse.contempt",
    "abuse.appearance",
    "abuse.mild_insults",
    "abuse.name_calling",
    "abuse.degrading_image",
)


def _reported(r: Reading, hit: Hit, *, negation: bool = True) -> bool:
    """Said to the author and reported by them, or negated ('not an idiot')."""
    victim = r.get("stances.victim", "stances.self_description")
    after = r.tokens[hit.last + 1].text if hit.last + 1 < len(r.tokens) else ""
    return (
        (negation and r.negated(hit, within=2))
        or after in ("me", "here")  # "thick as two short planks, me": said of oneself
        or any(v.clause == hit.clause and v.last < hit.first <= v.last + 10 for v in victim)
    )


def _hate(r: Reading) -> list[Cue]:
    echo = r.text.find("(((")  # the antisemitic "echo" around names
    if echo >= 0:
        return [Cue("slur", echo, echo + 3)]
    # "a doctor who isn't 🐒" still aims the slur: negation does not undo one.
    for slur in r.get("hate.slurs"):
        if not _reported(r, slur, negation=False):
            return [cue("slur", r, slur)]
    for slur in r.get("hate.slurs_ambiguous"):
        aimed = r.near(slur, *PERSONS, within=5) or identifiable(r, slur.clause) or r.first("hate.groups")
        if aimed and not _reported(r, slur, negation=False) and not r.warm():
            return [cue("slur", r, slur, aimed)]
    for group in r.get("hate.groups"):
        # Across the post: "Polish lot on ward 6 ... Deport the lot."
        # The sneer may follow in the next sentence: "gay nurses doing my son's jabs? no thanks, perverts".
        sneer = r.first("hate.exclusion", "hate.stereotype") or next(
            (
                h
                for h in r.get("abuse.insults", "abuse.contempt", "abuse.emoji_insults")
                if abs(h.first - group.first) <= 10
            ),
            None,
        )
        if sneer and not r.negated(sneer):
            return [cue("slur", r, group, sneer)]
    return []


def abuse(r: Reading) -> list[Cue]:
    if not r.has(*_CUES) and "(((" not in r.text:
        return []  # no insult, slur, group or swearing: nothing to read
    found = _hate(r)
    # "Corby man sentenced for arson, says the paper. idiot.": a name for a stranger in the news.
    stranger = in_the_news(r) and not (r.has("targets.you", "targets.staff") or r.mentions())
    for hit in r.get("abuse.insults", "abuse.directed_profanity", *LANGUAGES):
        if not _reported(r, hit) and not stranger:
            found.append(cue("abuse", r, hit))
            break
    else:
        found += _aimed(r)
    return found


def _name_calling(r: Reading) -> list[Cue]:
    """'The consultant is a smug arrogant git', 'you're an absolute clown': a person called a name."""
    for frame in r.get("stances.copula"):
        name = r.after(frame, "abuse.name_calling", within=4)
        who = r.near(frame, *TARGETS, within=8) or identifiable(r, frame.clause)
        if name and who and not _reported(r, name) and not r.warm():
            return [cue("abuse", r, who, name)]
    return []


def _aimed(r: Reading) -> list[Cue]:
    """Words that are abuse only when aimed: swearing at people, emoji, looks, contempt, mild names."""
    called = _name_calling(r)
    if called:
        return called
    for hit in r.get("abuse.profanity"):
        target = r.near(hit, "targets.you", "targets.staff", within=2)
        if target and not _reported(r, hit):
            return [cue("abuse", r, hit, target)]
    for hit in r.get("abuse.emoji_insults", "abuse.contempt"):
        target = r.near(hit, *TARGETS, within=8) or identifiable(r, hit.clause)
        fond = r.warm()  # "pig cupcakes 🐷 for the midwives, thank you"
        if target and not fond and not _reported(r, hit):
            return [cue("abuse", r, target, hit)]
    person = identifiable(r)
    if person is None:
        return []
    for hit in r.get("abuse.appearance"):
        if not _reported(r, hit) and r.near(hit, *TARGETS, within=8):
            return [cue("abuse", r, hit)]
    mild = {r.tokens[h.first].text: h for h in r.get("abuse.mild_insults") if not _reported(r, h)}
    if len(mild) >= 2:
        first, *rest = mild.values()
        return [cue("abuse", r, first, rest[0])]
    images = r.get("abuse.degrading_image")
    if images and (len(images) >= 2 or r.has("abuse.emoji_insults", "abuse.appearance")):
        return [cue("trolling", r, images[0], person)]
    return []

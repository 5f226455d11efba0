"""A person's own care: what it was, what went wrong, and that it is theirs (or their family's)."""

from __future__ import annotations

from policy.detectors.base import Cue, cue
from policy.reading import Reading


def own_case(r: Reading) -> list[Cue]:
    if not r.has("care.own"):
        return []
    # The care must be theirs: "my appointment", "Mum's op", "I was sent home from the clinic", not the
    # car park or the coffee they grumble about beside a mention of their dad.
    thing = next((h for h in r.get("care.object") if r.near(h, "care.own", within=12)), None)
    wrong = next((h for h in r.get("care.event") if not r.negated(h, within=1)), None)
    if thing and wrong and not r.has("replies.moderation_question"):
        # Something went wrong: a complaint, even beside thanks ("lovely receptionist, but no results").
        return [cue("own_case", r, thing, wrong), cue("complaint", r, wrong)]
    return []


def advice_refused(r: Reading) -> list[Cue]:
    """'I was given the PALS number twice. Not ringing it, answer me HERE': advice already given (the
    private route named) and refused, said in the post itself (the register may not know of it)."""
    given = next((h for h in r.get("care.advice_given") if not r.negated(h, within=1)), None)
    refused = r.first("care.advice_refused")
    if given and refused and r.has("care.advice_route"):
        return [cue("advice_refused", r, given, refused)]
    return []

"""A person's own care: what it was, what went wrong, and that it is theirs (or their family's)."""

from __future__ import annotations

from policy.detectors.base import Cue, cue
from policy.reading import Reading


def own_case(r: Reading) -> list[Cue]:
    if not r.has("care.own"):
        return []
    for thing in r.get("care.object"):
        wrong = r.near(thing, "care.event", within=12)
        if wrong and not r.negated(wrong, within=1):
            return [cue("own_case", r, thing, wrong)]
    return []

"""The second reader: a statistical reader that can only send a post to a person, never remove it.

These posts were written for this suite; none is in the training sets or the held-out sets.
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

import pytest

from policy import Post, assess, second_reader
from policy.pack import PolicyPack
from policy.second_reader import CLASSES, Model, features, read

NOW = datetime(2026, 11, 30, 11, 0, tzinfo=UTC)


def _assess(text: str, pack: PolicyPack, threshold: float | None = None):
    if threshold is not None:
        pack = dataclasses.replace(
            pack,
            thresholds=dataclasses.replace(
                pack.thresholds, second_reader_risk=threshold, second_reader_removal=threshold
            ),
        )
    return assess(Post(id="p", text=text, author="@someone", platform="x", at=NOW), [], NOW, pack)


def test_features_are_words_pairs_and_pieces_of_the_folded_post():
    found = features("Y0u 1d10t")
    assert {"w:you", "w:idiot", "b:you idiot", "c: idi", "c:iot "} <= found.keys()
    assert len(set(found.values())) == 1  # each once, all the same weight
    assert features("") == {}


def test_an_opinion_is_a_chance_for_every_kind_of_post():
    opinion = read("What time does the hospital shop open on Sunday?")
    assert set(opinion.chances) == set(CLASSES)
    assert sum(opinion.chances.values()) == pytest.approx(1)
    assert opinion.attention < 0.5


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        pytest.param("imma make that nurse cry in the car park tmrw, just watch", "threat", id="threat"),
        pytest.param("we all know which bus the matron gets home 🚌 tick tock", "threat", id="veiled"),
        pytest.param(
            "wrote something for each of the kids and put the envelopes in the drawer. quiet at last",
            "at_risk",
            id="at-risk",
        ),
    ],
)
def test_posts_in_words_no_list_holds_need_attention(text, kind):
    opinion = read(text)
    assert opinion.attention >= 0.6
    assert opinion.needed == kind
    assert opinion.evidence and all(w in text.lower() for w in opinion.evidence)


def test_weights_for_other_kinds_of_post_are_refused():
    with pytest.raises(ValueError, match="not"):
        Model.from_json({"classes": ["light", "severe"], "bias": [0, 0], "weights": {}})


def test_what_the_rules_miss_and_the_second_reader_flags_is_escalated_for_a_person(pack):
    text = "imma make that nurse cry in the car park tmrw, just watch"
    assert _assess(text, pack, threshold=2.0).action == "no_action"  # the rules alone leave it
    rec = _assess(text, pack)
    assert rec.action == "escalate"
    # Criteria are offered only as the reader's suggestion, and said to be.
    assert set(rec.criteria) <= {"threatening_abusive_insulting", "aggressive_violent"}
    assert rec.criteria == () or "the second reader's suggestion" in " ".join(rec.steps)
    assert rec.steps[0].startswith("Read it yourself: no rule found a reason to act")
    assert "\u201cnurse\u201d" in rec.steps[0]
    assert any("Do not block or restrict" in s for s in rec.steps)


def test_a_person_at_risk_is_offered_the_urgent_help_wording(pack):
    rec = _assess("gave my cat to my sister today and cleared my room. feels calm now", pack)
    assert rec.action == "escalate"
    assert rec.wording == ("urgent_help",)


def test_the_second_reader_never_overrules_a_rule_that_acted(pack):
    rec = _assess("You absolute morons on reception", pack)
    assert rec.action == "hide"
    assert not any(s.startswith("Read it yourself") for s in rec.steps)


def test_harmless_posts_are_left_alone(pack):
    for text in ("The pharmacy queue is a nightmare on Mondays", "Is the blood test clinic open at 8?"):
        assert _assess(text, pack).action in ("no_action", "reply", "signpost")


def test_evidence_words_never_show_what_redaction_masks(pack):
    rec = _assess("imma make nurse Smith cry in the car park tmrw, NHS 943 476 5919, just watch", pack)
    assert "943" not in " ".join(rec.steps)


def test_the_shipped_weights_are_read_once():
    assert second_reader.shipped() is second_reader.shipped()

"""Training the second reader: labels from the policy's actions, reproducible weights, and never a
held-out post among the examples."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from policy import second_reader
from policy.second_reader import CLASSES, Model
from training.train import POSTS, fit, label, load, training_examples

ROOT = Path(__file__).parent.parent.parent


@pytest.mark.parametrize(
    ("actions", "wording", "kind"),
    [
        pytest.param(["escalate"], ["urgent_help"], "at_risk", id="at-risk"),
        pytest.param(["escalate", "block"], [], "threat", id="threat"),
        pytest.param(["hide", "block"], ["house_rules_removed"], "remove", id="abuse"),
        pytest.param(["reply", "no_action"], ["compliment"], "light", id="praise"),
        pytest.param(["escalate", "reply"], [], "light", id="may-be-light"),
    ],
)
def test_each_post_is_labelled_by_what_it_needs(actions, wording, kind):
    assert CLASSES[label(actions, wording)] == kind


def test_the_shipped_weights_are_what_the_training_posts_give():
    examples = training_examples(sorted(POSTS.glob("*.jsonl")))
    retrained = Model.from_json(fit(examples))
    shipped = second_reader.shipped()
    for text in [e.text for e in examples[::10]]:
        again, now = second_reader.read(text, retrained), second_reader.read(text, shipped)
        assert again.needed == now.needed
        assert again.attention == pytest.approx(now.attention, abs=0.02)


def test_no_held_out_post_is_ever_trained_on():
    trained = {e.text for e in load(sorted(POSTS.glob("*.jsonl")))}
    held_out = ROOT / "tests" / "policy" / "heldout"
    for path in held_out.glob("*.jsonl"):
        for line in path.read_text(encoding="utf-8").splitlines():
            post = json.loads(line)
            assert post.get("text") not in trained, f"a post of {path.name} is in training/posts"

"""Train the second reader (policy/second_reader.py) on the labelled posts in training/posts/.

    .venv/bin/python -m training.train            # writes policy/second_reader.json
    .venv/bin/python -m training.train --check    # leave-one-set-out figures only, writes nothing

Each post's label comes from its `action_any` and `wording_any`: at_risk if it must be escalated with the
urgent help wording, threat if escalating is among the severe actions it accepts, remove if it accepts
only hiding, restricting or blocking, light otherwise. Training is
deterministic (the same posts give the same weights), which tests/training checks.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression

from policy.second_reader import CLASSES, CRITERIA, features

POSTS = Path(__file__).parent / "posts"
# The project's own examples of each kind of post (the engine's specification) are taught too.
EXAMPLES = Path(__file__).parent.parent / "tests" / "policy" / "examples.jsonl"
OUT = Path(__file__).parent.parent / "policy" / "second_reader.json"
SEVERE = {"hide", "block", "restrict", "escalate"}
# Regularisation, chosen by the leave-one-set-out figures (--check), never by the held-out sets.
C = 10.0
# Weights smaller than this change no decision: dropped to keep the file small.
PRUNE = 0.03
# The project's examples are the engine's specification, a hundred posts among thousands: each counts
# as this many posts, so that a short one ("That consultant is a disgrace and should be struck off")
# is not outvoted by the words it shares with threats in the tuning sets.
EXAMPLE_WEIGHT = 3.0


def label(actions: Iterable[str], wording: Iterable[str]) -> int:
    acceptable = set(actions)
    if acceptable <= SEVERE and "escalate" in acceptable:
        return CLASSES.index("at_risk" if "urgent_help" in wording else "threat")
    if acceptable <= SEVERE:
        return CLASSES.index("remove")
    return CLASSES.index("light")


@dataclass(frozen=True)
class Example:
    text: str
    kind: int  # index into CLASSES
    criteria: frozenset[str]  # the criteria its label requires
    weight: float = 1.0  # how many posts it counts as in training


def load(paths: Sequence[Path], weight: float = 1.0) -> list[Example]:
    examples = []
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            item = json.loads(line)
            if "expect" in item:
                expect = item["expect"]
                kind = label(expect["action_any"], expect["wording_any"])
                examples.append(Example(item["text"], kind, frozenset(expect["criteria_all"]), weight))
    return examples


def training_examples(sets: Sequence[Path]) -> list[Example]:
    """The tuning sets' posts and, weighted, the project's own examples."""
    return load(sets) + load([EXAMPLES], EXAMPLE_WEIGHT)


def fit(examples: Sequence[Example]) -> dict[str, object]:
    """One model for the kind of post, and one yes-or-no model per criterion, on the same features."""
    vectoriser = DictVectorizer()
    x = vectoriser.fit_transform([features(e.text) for e in examples])
    kinds = LogisticRegression(C=C, max_iter=5000, class_weight="balanced")
    counts = np.array([e.weight for e in examples])
    kinds.fit(x, np.array([e.kind for e in examples]), sample_weight=counts)
    columns = [kinds.coef_]
    biases = [kinds.intercept_]
    for criterion in CRITERIA:
        model = LogisticRegression(C=C, max_iter=5000, class_weight="balanced")
        model.fit(x, np.array([criterion in e.criteria for e in examples]), sample_weight=counts)
        columns.append(model.coef_)
        biases.append(model.intercept_)
    coef = np.vstack(columns)  # one row per class, then one per criterion
    names = vectoriser.get_feature_names_out()
    weights = {
        str(name): [round(float(w), 3) for w in coef[:, i]]
        for i, name in enumerate(names)
        if float(np.abs(coef[:, i]).max()) >= PRUNE
    }
    return {
        "about": "Weights of the second reader, written by training/train.py; see policy/second_reader.py.",
        "classes": list(CLASSES),
        "criteria": list(CRITERIA),
        "bias": [round(float(b), 3) for b in np.concatenate(biases)],
        "weights": dict(sorted(weights.items())),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="leave-one-set-out figures only")
    args = parser.parse_args()
    sets = sorted(POSTS.glob("*.jsonl"))
    if args.check:
        from training.check import leave_one_out

        leave_one_out(sets)
        return
    examples = training_examples(sets)
    OUT.write_text(json.dumps(fit(examples), ensure_ascii=False, separators=(",", ":")) + "\n")
    print(f"wrote {OUT} from {len(examples)} posts in {len(sets)} sets and the project's examples")


if __name__ == "__main__":
    main()

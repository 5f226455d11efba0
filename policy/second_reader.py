"""The second reader: a small statistical model that reads a post the rules found nothing serious in,
and says whether posts like it needed a person's attention.

The rules (policy/detectors/) explain themselves but only know the words in their lists; people who
mean harm keep finding new words. The second reader was trained (training/train.py) on about 2,400
posts written for this project by people who never saw the rules, each labelled from the policy. It
weighs words, pairs of words and pieces of words ("stab", "kys", "p*ki" folded to letters), so it
carries over to phrasing no list holds.

It can only send a post to a person ("read it yourself"), never hide, restrict or block it, and its
evidence is the post's own words that weighed most. Its weights are data (second_reader.json) in
the package: no network, no download. Inference is plain Python: a sum of weights and a softmax.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from policy.folding import fold
from policy.pack import REQUIRED_CRITERIA

# The kinds of post the model tells apart, in the order of its weights: needing no more than a reply or
# a signpost; hiding, restricting or blocking; escalating as a threat or danger; escalating as a person
# at risk (with the urgent help wording).
CLASSES = ("light", "remove", "threat", "at_risk")
# The policy's criteria, each weighed on its own: how often posts like this one were labelled with it.
CRITERIA = REQUIRED_CRITERIA
_TOKEN = re.compile(r"[\w']+|[^\w\s]")


def features(text: str) -> dict[str, float]:
    """Words, pairs of words and 3-5 letter pieces of words of the folded post, each once, scaled so
    that a long post weighs no more than a short one. The same function feeds training and reading."""
    words = _TOKEN.findall(fold(text).text)
    found: set[str] = set()
    for i, word in enumerate(words):
        found.add("w:" + word)
        if i + 1 < len(words):
            found.add("b:" + word + " " + words[i + 1])
        padded = f" {word} "
        if len(padded) > 3:
            for n in (3, 4, 5):
                for j in range(len(padded) - n + 1):
                    found.add("c:" + padded[j : j + n])
    if not found:
        return {}
    scale = 1 / math.sqrt(len(found))
    return dict.fromkeys(found, scale)


@dataclass(frozen=True)
class Opinion:
    chances: dict[str, float]  # for each of CLASSES, how often posts like this one needed it
    evidence: tuple[str, ...]  # the post's words that weighed most towards attention, most first
    criteria: dict[str, float]  # for each of CRITERIA, how often posts like this one were labelled so

    @property
    def attention(self) -> float:
        """How often posts like this needed more than a reply or a signpost."""
        return 1 - self.chances["light"]

    @property
    def needed(self) -> str:
        """What posts like this most often needed, of the kinds that are more than a reply."""
        return max(CLASSES[1:], key=lambda c: self.chances[c])


@dataclass(frozen=True)
class Model:
    weights: Mapping[str, Sequence[float]]  # feature -> weight towards each of CLASSES, then CRITERIA
    bias: tuple[float, ...]

    @classmethod
    def from_json(cls, raw: Mapping[str, Any]) -> Model:
        if tuple(raw["classes"]) != CLASSES or tuple(raw.get("criteria", ())) != CRITERIA:
            raise ValueError(
                f"the second reader's weights are for {raw['classes']} and {raw.get('criteria')}, "
                f"not {list(CLASSES)} and {list(CRITERIA)}"
            )
        width = len(CLASSES) + len(CRITERIA)
        weights = raw["weights"]  # kept as parsed: converting 100,000 rows would double the start-up
        if len(raw["bias"]) != width or any(len(w) != width for w in list(weights.values())[:100]):
            raise ValueError(f"the second reader's weights must have {width} columns")
        return cls(weights, tuple(float(b) for b in raw["bias"]))


@cache
def shipped() -> Model:
    """The model that ships in the package, read once."""
    text = resources.files("policy").joinpath("second_reader.json").read_text(encoding="utf-8")
    return Model.from_json(json.loads(text))


def read(text: str, model: Model | None = None) -> Opinion:
    model = model or shipped()
    scores = list(model.bias)
    towards: dict[str, float] = {}
    for feature, value in features(text).items():
        w = model.weights.get(feature)
        if w is None:
            continue
        for k, weight in enumerate(w):
            scores[k] += weight * value
        if feature[0] in "wb":  # words and pairs of words can be shown as evidence; pieces cannot
            towards[feature[2:]] = (max(w[1:4]) - w[0]) * value
    kinds = scores[: len(CLASSES)]
    top = max(kinds)
    exp = [math.exp(s - top) for s in kinds]
    total = sum(exp)
    chances = {c: e / total for c, e in zip(CLASSES, exp, strict=True)}
    criteria = {c: 1 / (1 + math.exp(-s)) for c, s in zip(CRITERIA, scores[len(CLASSES) :], strict=True)}
    ranked = sorted(towards.items(), key=lambda kv: -kv[1])
    return Opinion(chances, tuple(w for w, v in ranked if v > 0 and _shown(w))[:3], criteria)


# Words too common to explain anything on their own ("that", "will"): never quoted alone.
_COMMON = frozenset(
    "that what which will just know this with have from they them when then there their would could "
    "should about been were your into some than only also very much more here over like said make "
    "does done going gonna want need every still even back after before where while being".split()
)


def _shown(words: str) -> bool:
    """Words worth quoting: 'tick tock', 'asked for', 'cleared', not 'her', 'that' or a comma."""
    parts = words.split()
    meaningful = any((len(w) > 3 or not w.isascii()) and w not in _COMMON for w in parts)
    return meaningful and all(w.isalnum() or "'" in w or not w.isascii() for w in parts)

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

import itertools
import json
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
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
# How many words' shares a model remembers before it starts afresh.
_MAX_REMEMBERED = 200_000


def _word_features(word: str) -> tuple[str, ...]:
    """The word itself and its 3-5 letter pieces (padded, so a piece can tell a word's start and end)."""
    padded = f" {word} "
    pieces = tuple("c:" + padded[j : j + n] for n in (3, 4, 5) for j in range(len(padded) - n + 1))
    return ("w:" + word, *pieces)


def _words(text: str) -> tuple[list[str], list[str]]:
    """The post's distinct words and distinct pairs of words, in order, from the folded text."""
    words = _TOKEN.findall(fold(text).text)
    pairs = [f"b:{a} {b}" for a, b in itertools.pairwise(words)]
    return list(dict.fromkeys(words)), list(dict.fromkeys(pairs))


def features(text: str) -> dict[str, float]:
    """Each distinct word with its pieces, and each distinct pair of words, of the folded post, scaled
    so that a long post weighs no more than a short one. A piece two words share counts twice: so the
    post's score is a sum over its words, and a word's share can be worked out once and remembered.
    The same function feeds training and reading."""
    words, pairs = _words(text)
    counts: dict[str, float] = dict.fromkeys(pairs, 1.0)
    for word in words:
        for feature in _word_features(word):
            counts[feature] = counts.get(feature, 0.0) + 1.0
    total = sum(counts.values())
    if not total:
        return {}
    scale = 1 / math.sqrt(total)
    return {f: c * scale for f, c in counts.items()}


@dataclass(frozen=True)
class Opinion:
    chances: dict[str, float]  # for each of CLASSES, how often posts like this one needed it
    criteria: dict[str, float]  # for each of CRITERIA, how often posts like this one were labelled so
    # The weights of the post's words and pairs, kept to explain the opinion when someone asks: most
    # opinions send nobody anywhere, and are never explained.
    weighed: tuple[tuple[str, Sequence[float]], ...] = field(default=(), compare=False, repr=False)

    @property
    def evidence(self) -> tuple[str, ...]:
        """The post's words that weighed most towards attention, most first (at most three)."""
        towards: dict[str, float] = {}
        for feature, w in self.weighed:
            towards[feature[2:]] = max(w[1 : len(CLASSES)]) - w[0]
        ranked = sorted(towards.items(), key=lambda kv: -kv[1])
        return tuple(w for w, v in ranked if v > 0 and _shown(w))[:3]

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
    # A word's share of the scores (its features' weights summed) and how many features it has, worked
    # out once: most words of a post have been seen before.
    _shares: dict[str, tuple[int, list[float]]] = field(default_factory=dict, compare=False, repr=False)

    def share(self, word: str) -> tuple[int, list[float]]:
        found = self._shares.get(word)
        if found is None:
            features = _word_features(word)
            sums = [0.0] * len(self.bias)
            for feature in features:
                w = self.weights.get(feature)
                if w is not None:
                    for k, weight in enumerate(w):
                        sums[k] += weight
            if len(self._shares) > _MAX_REMEMBERED:
                self._shares.clear()  # a bound on memory; the common words come back at once
            found = self._shares[word] = (len(features), sums)
        return found

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
    words, pairs = _words(text)
    sums = [0.0] * len(model.bias)
    total = len(pairs)
    for word in words:
        count, share = model.share(word)
        total += count
        for k, weight in enumerate(share):
            sums[k] += weight
    pair_weights = [(pair, model.weights.get(pair)) for pair in pairs]
    for _, w in pair_weights:
        if w is not None:
            for k, weight in enumerate(w):
                sums[k] += weight
    scale = 1 / math.sqrt(total) if total else 0.0
    scores = [b + scale * x for b, x in zip(model.bias, sums, strict=True)]
    kinds = scores[: len(CLASSES)]
    top = max(kinds)
    exp = [math.exp(s - top) for s in kinds]
    chances = {c: e / sum(exp) for c, e in zip(CLASSES, exp, strict=True)}
    criteria = {c: 1 / (1 + math.exp(-s)) for c, s in zip(CRITERIA, scores[len(CLASSES) :], strict=True)}
    # Evidence, worked out only if asked for: the words and pairs whose own weight leans furthest
    # towards needing attention.
    weighed = tuple(
        (feature, w)
        for feature, w in [*((f"w:{word}", model.weights.get(f"w:{word}")) for word in words), *pair_weights]
        if w is not None
    )
    return Opinion(chances, criteria, weighed)


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

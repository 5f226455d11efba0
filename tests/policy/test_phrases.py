"""Vocabulary phrases are found by whole words, with masks, drawn-out letters, accents and possessives."""

from __future__ import annotations

import pytest

from policy.phrases import PhraseMatcher, tokenise

GROUPS = {
    "prize": ["won", "you've won"],
    "harm": ["stab*", "make * pay", "a&e"],
    "insult": ["idiot", "cunt"],
    "slur": ["paki"],
    "staff": ["consultant"],
}


@pytest.fixture(scope="module")
def matcher() -> PhraseMatcher:
    return PhraseMatcher(GROUPS, maskable=["insult", "slur"])


def found(matcher: PhraseMatcher, text: str) -> set[str]:
    return {h.group for h in matcher.find(tokenise(text.lower()))}


@pytest.mark.parametrize(
    ("text", "groups"),
    [
        pytest.param("i won't be here tomorrow", set(), id="contraction-is-not-its-stem"),
        pytest.param("congratulations, you've won!", {"prize"}, id="contraction-listed"),
        pytest.param("he was stabbed outside", {"harm"}, id="prefix"),
        pytest.param("i'll make that nurse pay", set(), id="wildcard-is-one-word"),
        pytest.param("i'll make her pay", {"harm"}, id="wildcard"),
        pytest.param("sat in a&e all night", {"harm"}, id="ampersand-term"),
        pytest.param("you absolute c***", {"insult"}, id="masked-by-length"),
        pytest.param("what a c**", set(), id="masked-wrong-length"),
        pytest.param("idiooooot", {"insult"}, id="drawn-out-letters"),
        pytest.param("p*ki doctor", {"slur"}, id="masked-slur"),
        pytest.param("the consultant's car", {"staff"}, id="possessive"),
        pytest.param("scunthorpe idiotic", set(), id="no-part-words"),
    ],
)
def test_phrases_are_matched_by_whole_words(matcher, text, groups):
    assert found(matcher, text) == groups


def test_masks_only_count_in_maskable_groups():
    matcher = PhraseMatcher({"word": ["cunt"]})
    assert found(matcher, "c***") == set()


def test_accents_are_dropped_on_both_sides():
    matcher = PhraseMatcher({"pl": ["pierdolę", "głupia krowa"]})
    assert found(matcher, "PIERDOLE to") == {"pl"}
    assert found(matcher, "glupia krowa") == {"pl"}


def test_tokens_know_their_clause():
    tokens = tokenise("i know where you live. see you soon")
    assert [t.clause for t in tokens if t.text in ("live", "see")] == [0, 1]


def test_emoji_are_tokens():
    assert [t.text for t in tokenise("nurses 🐷🐷 lol")] == ["nurses", "🐷", "🐷", "lol"]

"""Word lists: whole words, repeated letters, plurals and masks, found by set lookup."""

from __future__ import annotations

import pytest

from policy.wordlist import WordList

WORDS = WordList(["moron", "idiot", "muppet", "bastard", "twat"])


@pytest.mark.parametrize(
    ("text", "found"),
    [
        pytest.param("you morons", "morons", id="plural"),
        pytest.param("idiooots", "idiooots", id="repeated-letters"),
        pytest.param("mupppet", "mupppet", id="repeated-double-letter"),
        pytest.param("b*stards", "b*stards", id="masked-plural"),
        pytest.param("tw*t", "tw*t", id="masked-short"),
        pytest.param("what an id**t", "id**t", id="masked-inside"),
    ],
)
def test_listed_words_are_found(text, found):
    span = WORDS.search(text)
    assert span is not None
    assert text[span[0] : span[1]] == found


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("idiotic", id="longer-word"),
        pytest.param("sycamoron", id="inside-a-word"),
        pytest.param("m***", id="mostly-masked"),
        pytest.param("t***", id="too-few-letters"),
        pytest.param("#moronic #kgh #123", id="hashtags-are-not-masks"),
    ],
)
def test_other_words_are_not(text):
    assert WORDS.search(text) is None

"""Disguised words are folded back to plain lower case, and evidence maps back to what was written."""

from __future__ import annotations

import pytest

from policy.folding import fold


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        pytest.param("1d10t", "idiot", id="leet"),
        pytest.param("sh!t", "shit", id="symbol-inside-word"),
        pytest.param("f u c k off", "fuck off", id="spaced-letters"),
        pytest.param("i.d.i.o.t", "idiot", id="dotted-letters"),
        pytest.param("ＦＵＣＫ", "fuck", id="full-width"),
        pytest.param("£1,000 raised", "£1,000 raised", id="numbers-stay-numbers"),
        pytest.param("Stop! @KGH_NHS", "stop! @kgh_nhs", id="punctuation-and-handles-stay"),
        pytest.param("I am a 5 year old", "i am a 5 year old", id="lone-digit"),
    ],
)
def test_fold(text, folded):
    assert fold(text).text == folded


def test_evidence_is_the_authors_own_words():
    text = "Go f u c k yourselves"
    f = fold(text)
    start = f.text.index("fuck")
    assert f.source_span(text, start, start + len("fuck yourselves")) == "f u c k yourselves"

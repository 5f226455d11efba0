"""What the approved wording answers: questions about moderation, and thanks for care in any language."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("The nurses on Elm ward are lifesavers", id="lifesavers"),
        pytest.param("Respect to the porter who found my mum's glasses", id="respect-to"),
        pytest.param("Treated brilliantly at the clinic today, first time I felt listened to", id="adverb"),
        pytest.param("Dziękuję bardzo całemu oddziałowi, byliście wspaniali", id="polish"),
        pytest.param("Mulțumesc echipei de la urgențe", id="romanian"),
        pytest.param("Labai ačiū slaugytojoms", id="lithuanian"),
        pytest.param("Muito obrigada à equipa da pediatria", id="portuguese"),
        pytest.param("Bohat shukriya ward 3 ke staff ka", id="urdu"),
        pytest.param("Midwives on nights 💐💕", id="flowers"),
    ],
)
def test_thanks_and_praise(kinds, text):
    assert "praise" in kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Thanks for nothing, six hours on a trolley", id="sarcastic-thanks"),
        pytest.param("The food was not amazing, let's say", id="negated"),
        pytest.param("What time does the pharmacy open on Sunday?", id="question"),
    ],
)
def test_no_praise(kinds, text):
    assert "praise" not in kinds(text)


def test_why_was_my_comment_deleted(kinds):
    assert "moderation_question" in kinds("Why was my comment deleted? It was polite")

"""Someone else's health, picked out by who they are, where they were or how the author knows."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Saw our councillor going into the GUM clinic 👀", id="public-figure-sighting"),
        pytest.param("My mate who works in records says the vicar has cancer", id="insider"),
        pytest.param("R.T. on Victoria ward since Monday, overdose apparently", id="initials"),
        pytest.param("Spotted my neighbour in the waiting room of the mental health unit", id="neighbour"),
        pytest.param("Photo of the whiteboard on ward 3, all the names on it lol", id="board"),
    ],
)
def test_someone_elses_health_is_confidential(kinds, text):
    assert "confidential" in kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("My mum's chemo was cancelled again, nobody rang her", id="own-family"),
        pytest.param("Writing to my MP about the cancelled operations", id="writing-to-mp"),
        pytest.param("The new cancer centre opens on Monday", id="news"),
    ],
)
def test_own_care_and_news_are_not(kinds, text):
    assert "confidential" not in kinds(text)


def test_a_nurse_telling_off_the_author_is_the_authors_own_story(kinds):
    assert "confidential" not in kinds("A nurse told me off for crying in the day unit. I felt humiliated")

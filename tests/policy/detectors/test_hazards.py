"""Information that endangers people: a safety feature out of action, a way in, a false health claim."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        pytest.param("The fire exit by outpatients has been chained shut all week", "hazard", id="fire-exit"),
        pytest.param("Staff room door code is 2468#, easiest way in", "security_info", id="code"),
        pytest.param(
            "Staff entrance by pathology is never locked, walk straight in", "security_info", id="door"
        ),
        pytest.param("The MMR causes autism, don't let them jab your kids", "misinformation", id="vaccine"),
        pytest.param("Tap water on the wards is contaminated, don't drink it", "misinformation", id="water"),
    ],
)
def test_dangerous_information(kinds, text, kind):
    assert kind in kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Is it true the flu jab causes flu? Want to know before I book", id="sincere-question"),
        pytest.param("Myth: vaccines cause autism. Fact: they don't.", id="debunking"),
        pytest.param("Fire drill on Tuesday at 10, please follow the fire exit signs", id="drill"),
        pytest.param("Meet us by the staff entrance at 8 for Jan's leaving do", id="meeting-place"),
        pytest.param("My son is autistic and the play team were wonderful with him", id="autistic"),
    ],
)
def test_look_alikes(kinds, text):
    assert not {"hazard", "misinformation", "security_info"} & kinds(text)

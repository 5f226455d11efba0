"""Going after a member of staff off the page: doxxing, pile-ons, mockery in numbers."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        pytest.param("Nurse Kelly lives at 12 Elm Grove, pop round and tell her", "doxxing", id="address"),
        pytest.param("Here's the porter's personal facebook, his kids are on it", "doxxing", id="profile"),
        pytest.param("Everyone tag @sam_rn_kgh until she deletes her account", "pile_on", id="pile-on"),
        pytest.param("imagine working there lol. nobody asked. ratio", "trolling", id="mockery"),
        pytest.param(
            "Got the ward manager's home number, DM me. The more calls the better", "doxxing", id="number"
        ),
    ],
)
def test_going_after_a_person(kinds, text, kind):
    assert kind in kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Let's all thank the nurses on ward 7, share this!", id="thank-you"),
        pytest.param("Join us for the nurses' fun run, the more the merrier", id="fun-run"),
        pytest.param("I'll pass it on to the nurse who looked after Dad, she's on Facebook", id="pass-it-on"),
    ],
)
def test_a_friendly_call_is_not_going_after_anyone(kinds, text):
    assert not {"pile_on", "trolling", "doxxing"} & kinds(text)

"""The author's own care: advice already given and refused, said in the post itself."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(
            "You sent me the complaints email on Monday. Not emailing anyone, answer me here", id="email"
        ),
        pytest.param(
            "been given the PALS number 3 times now. i wont ring it, public is the only way", id="number"
        ),
        pytest.param("I know you DM'd me about the care team. Not interested, staying on here", id="dm"),
    ],
)
def test_advice_given_and_refused(kinds, text):
    assert "advice_refused" in kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Was told to ring PALS, did, and they sorted it in a day. Thank you", id="advice-taken"),
        pytest.param(
            "Been told results take 2 weeks. Keep posting updates on every post please", id="no-route"
        ),
        pytest.param("Please answer me here: what time does PALS open?", id="no-advice-given"),
    ],
)
def test_no_advice_refused(kinds, text):
    assert "advice_refused" not in kinds(text)

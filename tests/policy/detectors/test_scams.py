"""Scams and spam from their parts: a lure, a route off the page, something to hand over."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        pytest.param("You have been selected for an NHS reward, confirm card details", "scam", id="phish"),
        pytest.param("Hiring now! Porter jobs at KGH, £60 admin fee to apply, DM me", "scam", id="fee-job"),
        pytest.param("KGH Bookings Team: verify your details at kgh-booking-check.com", "scam", id="posing"),
        pytest.param("Got spare tramadol, no prescription needed, hmu", "medicine_sale", id="medicines"),
        pytest.param("Make £400 a week with crypto trading, link in bio", "spam", id="crypto"),
        pytest.param("Buy real followers cheap 💯", "spam", id="followers"),
        pytest.param(
            "Visiting is now booked online: £5 a slot, pay using this form 👉 kgh-visits[.]net",
            "scam",
            id="defanged",
        ),
        pytest.param("Lip filler at home £80, cheapest around, I come to you", "medicine_sale", id="filler"),
        pytest.param("Follow @bargainz4u for the best deals!!!", "spam", id="follow-an-account"),
    ],
)
def test_scams_and_spam(kinds, text, kind):
    assert kind in kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Running the marathon for the children's ward, link in bio 💙", id="fundraiser"),
        pytest.param("Got a text saying I won a KGH prize and need to pay a fee, is this real?", id="asking"),
        pytest.param("Jobs at KGH never charge a fee to apply, see NHS Jobs", id="negated-fee"),
        pytest.param("I won't be able to make my appointment, who do I call?", id="wont-is-not-won"),
        pytest.param("Painkillers are cheaper at the supermarket than the hospital shop", id="price-grumble"),
        pytest.param("Best deals on parking are at the park and ride, ask @kgh_travel", id="a-handle-to-ask"),
    ],
)
def test_look_alikes_are_not_scams(kinds, text):
    assert not {"scam", "spam", "medicine_sale"} & kinds(text)

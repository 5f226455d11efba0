"""A person at risk is seen in many words, and an emergency in the words people use when it happens."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("I've counted out all my sleeping tablets and put them by the bed", id="means-gathered"),
        pytest.param("Sorry for everything mum. It'll all be over soon.", id="farewell"),
        pytest.param("started cutting again after a year, it's the only thing that helps", id="renewed"),
        pytest.param("nobody would even notice if i went. honestly.", id="hopelessness"),
        pytest.param("I won't be around for Christmas. Look after my dog x", id="wont-not-won"),
        pytest.param("my brother says he's going to kill himself tonight", id="someone-else"),
        pytest.param("stood on the bridge again last night. didn't do it.", id="attempt-stopped"),
        pytest.param(
            "Tried to hang myself in June. Sent home with a leaflet. Still got the rope.", id="means-kept"
        ),
        pytest.param("If I'm not on here tomorrow it was nobody's fault", id="not-here-tomorrow"),
        pytest.param("🌉 + 🌙 = 🕊️", id="emoji-plan"),
    ],
)
def test_self_harm_in_words_the_lexicon_never_listed_is_a_person_at_risk(kinds, text):
    assert "at_risk" in kinds(text) or "risk_unclear" in kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Goodbye everyone, my last shift after 30 years, I'll miss you all!", id="retiring"),
        pytest.param("Suicide prevention training for volunteers next Tuesday", id="awareness"),
        pytest.param("I'm dying to see the new cancer centre", id="figure-of-speech"),
        pytest.param("Can I bring my own tablets in when I'm admitted?", id="practical"),
        pytest.param("I'm so tired of waiting for my results letter", id="tired-of-waiting"),
    ],
)
def test_look_alikes_are_not_a_person_at_risk(kinds, text):
    assert not {"at_risk", "risk_unclear"} & kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("my dad has just collapsed in the kitchen and isn't breathing properly", id="collapse"),
        pytest.param("Baby is fitting and her lips are going blue, what do I do", id="fitting"),
        pytest.param("crushing chest pain and my left arm is numb, on my own at home", id="chest-pain"),
    ],
)
def test_an_emergency_described_in_a_post_is_seen(kinds, text):
    assert "emergency" in kinds(text)


def test_last_years_stroke_is_not_an_emergency(kinds):
    assert "emergency" not in kinds("Thank you to the stroke team who looked after my dad last year")


def test_violence_on_site_now_is_danger(kinds):
    assert "danger_now" in kinds("Lads fighting in the A&E car park right now, someone's bleeding")
    assert "danger_now" not in kinds("Nurses are fighting for a fair pay rise right now")

"""Abuse and hate: aimed at people, masked, in the catchment's languages; criticism is not abuse."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        pytest.param("you lot are a bunch of c***s", "abuse", id="masked"),
        pytest.param("that receptionist is a fat ugly cow", "abuse", id="appearance"),
        pytest.param("nurses on ward 2 🐷🐷🐷", "abuse", id="emoji"),
        pytest.param("Ty kurwo jebana, spierdalaj", "abuse", id="polish"),
        pytest.param("Esti o proasta si o vaca", "abuse", id="romanian"),
        pytest.param("Tu esi debilas ir asilas", "abuse", id="lithuanian"),
        pytest.param("Essa enfermeira é uma vaca estúpida", "abuse", id="portuguese"),
        pytest.param("Doctor sahib tu kutta hai, harami", "abuse", id="urdu-punjabi"),
        pytest.param("Another n*gger doctor, great", "slur", id="masked-slur"),
        pytest.param("Foreign nurses should all go back where they came from", "slur", id="exclusion"),
    ],
)
def test_abuse_and_hate(kinds, text, kind):
    assert kind in kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Absolutely shit service, 9 hours in A&E, fix it KGH", id="criticism-with-swearing"),
        pytest.param("He called me an idiot in front of everyone", id="reported"),
        pytest.param("I felt like such an idiot asking", id="self-description"),
        pytest.param("Dziękuję bardzo za opiekę nad moją mamą", id="polish-thanks"),
        pytest.param("Kurwa, the traffic on the A43 this morning", id="swearing-at-nobody"),
        pytest.param("Made pig cupcakes 🐷 for the midwives, thank you all", id="fond-emoji"),
    ],
)
def test_look_alikes_are_not_abuse(kinds, text):
    assert not {"abuse", "slur"} & kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("The ward sister is a miserable old trout", id="is-a"),
        pytest.param("you're an absolute clown, Dr Reed", id="youre-a"),
        pytest.param("receptionists there are jumped up little hitlers", id="are"),
    ],
)
def test_calling_a_member_of_staff_a_name_is_abuse(kinds, text):
    assert "abuse" in kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("That consultant is a disgrace and should be struck off", id="conduct"),
        pytest.param("Your parking is an absolute disgrace", id="your-parking"),
        pytest.param("Our nurse was an absolute star", id="praise"),
    ],
)
def test_criticising_conduct_or_a_service_is_not_name_calling(kinds, text):
    assert "abuse" not in kinds(text)

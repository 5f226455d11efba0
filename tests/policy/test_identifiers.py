"""Patient identifiers are found precisely and masked everywhere."""

from __future__ import annotations

import pytest

from policy.identifiers import find_identifiers, find_person_names, nhs_number_valid, redact


@pytest.mark.parametrize(
    ("digits", "valid"),
    [
        pytest.param("9434765919", True, id="valid"),
        pytest.param("9990000018", True, id="valid-test-range"),
        pytest.param("9434765918", False, id="wrong-check-digit"),
        pytest.param("1111111111", False, id="repeated-digits"),
        pytest.param("0000000000", False, id="zeros"),
        # 400000008: weighted sum leaves remainder 1, so the check digit would be 10: never issued.
        pytest.param("4000000080", False, id="check-digit-ten"),
        pytest.param("4000000081", False, id="check-digit-ten-any-last-digit"),
        pytest.param("94347659", False, id="too-short"),
        pytest.param("943476591x", False, id="not-digits"),
    ],
)
def test_nhs_numbers_follow_the_modulus_11_check(digits, valid):
    assert nhs_number_valid(digits) is valid


def test_check_digit_eleven_means_zero():
    # 400000002: weighted sum leaves remainder 0, so 11 - 0 = 11, which is written as 0.
    base = "400000002"
    total = sum(int(d) * w for d, w in zip(base, range(10, 1, -1), strict=True))
    assert total % 11 == 0
    assert nhs_number_valid(base + "0")
    assert not nhs_number_valid(base + "1")


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        pytest.param("NHS no. 943 476 5919", "nhs_number", id="spaced"),
        pytest.param("nhs 943-476-5919", "nhs_number", id="hyphenated"),
        pytest.param("DOB 04/07/1942", "date_of_birth", id="dob"),
        pytest.param("date of birth: 3rd March 1950", "date_of_birth", id="dob-words"),
        pytest.param("hospital number K1234567", "hospital_number", id="hospital-number"),
        pytest.param("ring me on 07700 900123", "phone", id="mobile"),
        pytest.param("email jo.bloggs@example.com", "email", id="email"),
        pytest.param("lives at NN16 8UZ", "postcode", id="postcode"),
        pytest.param("Mrs Patel in bay 2", "name", id="courtesy-title"),
        pytest.param("Margaret Ellis, 84", "name", id="first-and-last-name"),
    ],
)
def test_identifiers_are_found(text, kind):
    assert kind in {i.kind for i in find_identifiers(text)}


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Call 943 476 5918 for details", id="fails-check"),
        pytest.param("We raised £1,000,000 this year", id="money"),
        pytest.param("The Cancer Centre and the Treatment Centre", id="departments"),
        pytest.param("Rose Ward is closed today", id="ward-named-like-a-person"),
        pytest.param("Thank you Nurse Amy", id="staff-title"),
    ],
)
def test_things_that_are_not_patient_identifiers_are_left_alone(text):
    assert redact(text) == text


def test_staff_titles_are_told_apart_from_patients():
    kinds = {n.text: n.kind for n in find_person_names("Nurse Amy looked after Mrs Jones")}
    assert kinds == {"Nurse Amy": "staff_name", "Mrs Jones": "name"}


def test_redaction_masks_each_identifier_by_kind():
    text = "Margaret Ellis DOB 04/07/1942 NHS 943 476 5919, call 07700 900123"
    assert redact(text) == "[name] DOB [date of birth] NHS [NHS number], call [phone]"

"""Threats read from their parts: a target, a harm, a stance, a time or condition, and proximity."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("I am going to come down there and smash the place up", id="intent-on-the-building"),
        pytest.param("If that receptionist is rude to my mum again she'll regret it", id="conditional"),
        pytest.param("Hope the consultant who did this gets what's coming to him", id="wish"),
        pytest.param("someone should give that nurse a good slap", id="incitement"),
        pytest.param("Shame if that new wing went up in flames", id="veiled-arson"),
        pytest.param("watch your back Dr Ahmed", id="warning"),
        pytest.param("Next time I see that porter I'll batter him", id="time"),
        pytest.param("Someone tell that registrar his luck runs out on Friday", id="luck-runs-out"),
        pytest.param("That nurse should be glad she's still got teeth", id="still-got-teeth"),
        pytest.param("Vais pagar caro. Sei onde moras, doutora", id="portuguese"),
        pytest.param("Pożałujesz tego. Wiem gdzie mieszkasz", id="polish"),
        pytest.param(
            "Ignore me again and see what turns up at your office on Monday", id="see-what-turns-up"
        ),
        pytest.param(
            "Been sharpening all week, fracture clinic will have plenty of work after Friday", id="hints"
        ),
    ],
)
def test_a_threat_however_it_is_put(kinds, text):
    assert "threat" in kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("I know where the ward sister parks her car", id="proximity"),
        pytest.param("I'll be waiting for her in the car park after her shift", id="lying-in-wait"),
        pytest.param("To the porter who binned my flowers: I've got your reg. See you soon", id="car-reg"),
        pytest.param("The night porter goes on his break at 3. Plenty of time", id="break-time"),
    ],
)
def test_knowing_where_a_member_of_staff_can_be_found(kinds, text):
    assert {"threat", "harassment"} & kinds(text)


def test_a_boast_of_violence_on_site(kinds):
    assert "violence" in kinds("Kicked the vending machine in till it broke, then lamped the guard")


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("The team absolutely killed it at the awards", id="figure-of-speech"),
        pytest.param("Police say a man was stabbed in the town centre last night", id="news"),
        pytest.param("My mum died on the ward, the nurses were so kind to her", id="bereavement"),
        pytest.param("I would never hurt anyone, I just want answers", id="negated"),
        pytest.param("Could murder a coffee after that night shift", id="could-murder"),
        pytest.param("Honestly could strangle whoever designed this car park 😂", id="laughing-hyperbole"),
        pytest.param("That new burger van outside A&E is bomb 🔥🔥", id="slang-bomb"),
        pytest.param("We need to sort out the staff rota before Christmas", id="sort-out-a-rota"),
        pytest.param("I'm just saying the nurses deserve more pay", id="just-saying"),
        pytest.param("See you soon mum, can't wait for the weekend!", id="see-you-soon"),
        pytest.param("Plenty of time to get to the clinic, the bus is at 2", id="plenty-of-time"),
        pytest.param(
            "I'll be waiting outside when you finish, Dr Kaur, with flowers from us all 💐", id="flowers"
        ),
    ],
)
def test_look_alikes_are_not_threats(kinds, text):
    assert not {"threat", "violence", "risk_unclear"} & kinds(text)


def test_a_lethal_word_aimed_at_someone_with_no_reading_is_left_to_a_person(kinds):
    assert kinds("the nurse. knife. simple as") & {"threat_unclear", "threat"}


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(
            "Corby man jailed for setting fire to a bin store, says the paper. idiot.", id="court-news"
        ),
        pytest.param("shit parking, shit signage, decent staff though", id="swearing-at-things"),
    ],
)
def test_news_of_a_case_and_swearing_at_things_are_not_danger_or_abuse(kinds, text):
    assert not {"danger_now", "abuse", "threat"} & kinds(text)

"""A post read against the vocabulary: figures of speech are set aside before any detector asks."""

from __future__ import annotations

from policy.folding import fold
from policy.reading import Reading, read


def reading(text: str) -> Reading:
    return read(fold(text), text)


def test_a_harm_inside_a_figure_of_speech_is_dropped():
    assert not reading("Absolutely killing it at the bake sale").has("harms.violence", "harms.lethal")
    assert reading("I will kill the nurse").has("harms.lethal")


def test_thank_you_aims_nothing_at_anyone():
    assert not reading("thank you so much").has("targets.you")
    assert reading("watch your back, you").has("targets.you")


def test_a_negation_just_before_a_word_is_seen():
    r = reading("I would never hurt you")
    hit = r.first("harms.violence")
    assert hit is not None and r.negated(hit)


def test_a_title_and_a_capitalised_name_is_one_member_of_staff():
    assert reading("Dr Patel was lovely").named_person() is not None
    assert reading("the dr was lovely").named_person() is None


def test_handles_are_found():
    assert reading("@sister_claire see you soon").mentions()


def test_first_person_is_seen_per_clause():
    r = reading("she was rude. i waited")
    assert not r.first_person(0) and r.first_person(1)

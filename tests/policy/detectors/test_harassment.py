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
    ],
)
def test_going_after_a_person(kinds, text, kind):
    assert kind in kinds(text)


def test_sharing_a_thank_you_is_not_a_pile_on(kinds):
    assert not {"pile_on", "trolling", "doxxing"} & kinds("Let's all thank the nurses on ward 7, share this!")

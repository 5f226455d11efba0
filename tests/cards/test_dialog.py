"""Cards in a dialog: Action.Execute becomes Action.Submit with the verb; results can be posted."""

from __future__ import annotations

from typing import Any

from cards.check_form import check_form_card
from cards.dialog import VERB_POST, for_dialog, has_inputs, shareable, verbs
from cards.elements import card, execute, text
from cards.wording import wording_insert_card, wording_topics_card
from policy.pack import default_pack


def _result() -> dict[str, Any]:
    tap = {"type": "Container", "items": [text("tap me")], "selectAction": execute("Tap", "x.tap", {"n": 1})}
    buttons = {"type": "ActionSet", "actions": [execute("Inline", "x.inline")]}
    return card([text("Result"), tap, buttons], [execute("Open", "x.open", {"id": "a"}, style="destructive")])


def test_every_execute_becomes_a_submit_with_its_verb_and_data():
    converted = for_dialog(_result())
    assert converted["actions"][0] == {
        "type": "Action.Submit",
        "title": "Open",
        "data": {"id": "a", "verb": "x.open"},
        "style": "destructive",
    }
    assert converted["body"][1]["selectAction"]["data"] == {"n": 1, "verb": "x.tap"}
    assert converted["body"][2]["actions"][0]["type"] == "Action.Submit"
    assert "Action.Execute" not in str(converted)


def test_a_result_can_be_posted_without_its_buttons():
    original = _result()
    post = for_dialog(original)["actions"][-1]
    assert post["type"] == "Action.Submit" and post["data"]["verb"] == VERB_POST
    posted = post["data"]["card"]
    assert posted == shareable(original)
    assert "actions" not in posted and "selectAction" not in str(posted)
    assert [e["type"] for e in posted["body"]] == ["TextBlock", "Container"]
    assert original["actions"][0]["type"] == "Action.Execute"  # the original is left alone


def test_a_form_gets_no_post_button():
    pack = default_pack()
    form = check_form_card(pack)
    assert has_inputs(form)
    assert verbs(for_dialog(form)) == ["check.submit"]


def test_verbs_lists_both_kinds_of_button():
    assert verbs(_result()) == ["x.tap", "x.inline", "x.open"]
    assert VERB_POST in verbs(for_dialog(_result()))


def test_dialog_cards_pass_the_card_checks(card_checker):
    pack = default_pack()
    cards = [
        for_dialog(check_form_card(pack)),
        for_dialog(wording_topics_card(pack)),
        wording_insert_card(pack.wording[0], pack),
        for_dialog(_result()),
    ]
    assert card_checker.problems_many(cards) == [[] for _ in cards]

"""The block form card and its reader: validation, errors beside fields, nothing typed lost."""

from __future__ import annotations

from datetime import date

import pytest

from cards.block_form import BlockDraft, block_form_card, read_block_form
from policy.pack import PolicyPack, default_pack
from register.model import NewBlock
from tests.cards.examples import actions, all_text, by_id, following

TODAY = date(2026, 12, 1)


@pytest.fixture
def pack() -> PolicyPack:
    return default_pack()


def _valid(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "platform": "x",
        "account": "Angry_Poster",
        "link": "https://x.com/angry_poster/status/1",
        "criteria": "threatening_abusive_insulting,safety_risk",
        "rationale": "Threatened a named nurse twice after being warned.",
        "evidence": "I know where the nurse lives",
        "review_due": "2026-12-31",
    }
    data.update(changes)
    return data


# The card


def test_inputs_prefilled_from_the_draft(pack: PolicyPack) -> None:
    draft = BlockDraft(
        platform="x",
        account="@a",
        link="https://x.com/a",
        criteria=("safety_risk", "trolling_harassment"),
        rationale="Because",
        evidence="ev",
        review_due="2026-12-20",
    )
    card = block_form_card(pack, draft, default_review=date(2026, 12, 31))
    assert by_id(card, "platform")["value"] == "x"
    assert by_id(card, "account")["value"] == "@a"
    assert by_id(card, "link")["value"] == "https://x.com/a"
    assert by_id(card, "criteria")["value"] == "safety_risk,trolling_harassment"
    assert by_id(card, "rationale")["value"] == "Because"
    assert by_id(card, "evidence")["value"] == "ev"
    assert by_id(card, "review_due")["value"] == "2026-12-20"


def test_review_date_defaults(pack: PolicyPack) -> None:
    card = block_form_card(pack, BlockDraft(), default_review=date(2026, 12, 31))
    assert by_id(card, "review_due") == {
        "type": "Input.Date",
        "id": "review_due",
        "label": "Review by",
        "value": "2026-12-31",
        "isRequired": True,
        "errorMessage": "Choose a review date.",
    }


def test_fields_and_submit(pack: PolicyPack) -> None:
    card = block_form_card(pack, BlockDraft(), default_review=TODAY, data={"post_id": "chk-9"})
    criteria = by_id(card, "criteria")
    assert criteria["type"] == "Input.ChoiceSet" and criteria["isMultiSelect"] is True
    assert [c["value"] for c in criteria["choices"]] == [c.id for c in pack.criteria]
    assert [c["title"] for c in criteria["choices"]] == [c.title for c in pack.criteria]
    assert by_id(card, "rationale")["isMultiline"] is True and by_id(card, "rationale")["isRequired"] is True
    assert by_id(card, "evidence")["isMultiline"] is True
    assert [c["value"] for c in by_id(card, "platform")["choices"]] == [
        "facebook",
        "x",
        "instagram",
        "tiktok",
        "linkedin",
        "other",
    ]
    (submit,) = card["actions"]
    assert (submit["type"], submit["verb"], submit["data"]) == (
        "Action.Execute",
        "block.submit",
        {"post_id": "chk-9"},
    )


def test_errors_beside_their_fields_on_the_attention_tint(pack: PolicyPack) -> None:
    errors = {"rationale": "Say a little more.", "review_due": "Not in the past.", "form": "Try again."}
    card = block_form_card(pack, BlockDraft(rationale="bad"), default_review=TODAY, errors=errors)
    for field, message in (("rationale", "Say a little more."), ("review_due", "Not in the past.")):
        beside = following(card, field)
        assert beside is not None
        # The words say what is wrong; the tint draws the eye (text colours fail contrast in a theme).
        assert (beside["type"], beside["style"]) == ("Container", "attention")
        assert [(e["type"], e["text"], e["weight"]) for e in beside["items"]] == [
            ("TextBlock", message, "bolder")
        ]
    # A field without an error has none beside it.
    after_account = following(card, "account")
    assert after_account is not None and after_account.get("style") != "attention"
    # An error not tied to a field goes at the top, with the hint to look below.
    assert "Try again." in all_text(card)
    assert "Please check the fields marked below." in all_text(card)
    assert by_id(card, "rationale")["value"] == "bad"


def test_unknown_criterion_in_the_draft_is_not_offered_as_a_value(pack: PolicyPack) -> None:
    card = block_form_card(pack, BlockDraft(criteria=("gone", "safety_risk")), default_review=TODAY)
    assert by_id(card, "criteria")["value"] == "safety_risk"


# The reader


def test_valid_submission(pack: PolicyPack) -> None:
    block, draft, errors = read_block_form(_valid(), pack, today=TODAY)
    assert errors == {}
    assert block == NewBlock(
        platform="x",
        account="@angry_poster",
        # In the policy's order, whatever order they were ticked in.
        criteria=("safety_risk", "threatening_abusive_insulting"),
        rationale="Threatened a named nurse twice after being warned.",
        evidence="I know where the nurse lives",
        review_due=date(2026, 12, 31),
        link="https://x.com/angry_poster/status/1",
    )
    assert draft.account == "Angry_Poster"


def test_criteria_as_a_list_and_no_link(pack: PolicyPack) -> None:
    block, _, errors = read_block_form(_valid(criteria=["safety_risk"], link=""), pack, today=TODAY)
    assert errors == {}
    assert block is not None and block.criteria == ("safety_risk",) and block.link is None


def test_redaction_applied_to_evidence(pack: PolicyPack) -> None:
    block, _, _ = read_block_form(
        _valid(evidence="NHS 943 476 5919"),
        pack,
        today=TODAY,
        redact=lambda s: s.replace("943 476 5919", "[NHS]"),
    )
    assert block is not None and block.evidence == "NHS [NHS]"


def test_review_today_and_in_a_year_are_allowed(pack: PolicyPack) -> None:
    for due in ("2026-12-01", "2027-12-01"):
        block, _, errors = read_block_form(_valid(review_due=due), pack, today=TODAY)
        assert errors == {} and block is not None


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("platform", "", "Choose the platform."),
        ("platform", "myspace", "Choose the platform."),
        ("account", "", "Enter the account's handle."),
        ("account", "   ", "Enter the account's handle."),
        ("account", "https://x.com/someone", "doesn't look like a handle"),
        ("account", "@" + "a" * 65, "at most 64"),
        ("account", "@!!!", "doesn't look like a handle"),
        ("link", "x.com/post", "http:// or https://"),
        ("link", "javascript:alert(1)", "http:// or https://"),
        ("link", "https://x.com/" + "a" * 2000, "at most 2000"),
        ("criteria", "", "at least one criterion"),
        ("criteria", "made_up", "Not a criterion in the policy: made_up"),
        ("rationale", "", "Explain why"),
        ("rationale", "abusive", "Say a little more"),
        ("rationale", "x" * 2001 + " a b", "under 2000"),
        ("evidence", "e" * 5001, "under 5000"),
        ("review_due", "", "Choose a review date."),
        ("review_due", "31/12/2026", "like 2026-12-31"),
        ("review_due", "2026-11-30", "can't be in the past"),
        ("review_due", "2027-12-02", "within a year"),
    ],
)
def test_invalid_field(pack: PolicyPack, field: str, value: str, message: str) -> None:
    block, draft, errors = read_block_form(_valid(**{field: value}), pack, today=TODAY)
    assert block is None
    assert list(errors) == [field]
    assert message in errors[field]
    # Everything else typed is kept in the draft.
    assert draft.rationale == (
        value.strip() if field == "rationale" else "Threatened a named nurse twice after being warned."
    )
    assert draft.link == (value if field == "link" else "https://x.com/angry_poster/status/1")


def test_everything_kept_when_several_fields_are_wrong(pack: PolicyPack) -> None:
    data = _valid(platform="", criteria="made_up,safety_risk", review_due="2020-01-01", account="@ok")
    block, draft, errors = read_block_form(data, pack, today=TODAY)
    assert block is None
    assert set(errors) == {"platform", "criteria", "review_due"}
    assert draft == BlockDraft(
        platform="",
        account="@ok",
        link="https://x.com/angry_poster/status/1",
        criteria=("made_up", "safety_risk"),
        rationale="Threatened a named nurse twice after being warned.",
        evidence="I know where the nurse lives",
        review_due="2020-01-01",
    )
    card = block_form_card(pack, draft, default_review=TODAY, errors=errors)
    assert by_id(card, "account")["value"] == "@ok"
    assert by_id(card, "review_due")["value"] == "2020-01-01"
    assert following(card, "criteria")["items"][0]["text"] == errors["criteria"]  # type: ignore[index]


def test_odd_values_do_not_crash(pack: PolicyPack) -> None:
    block, draft, errors = read_block_form({"platform": 3, "account": None, "criteria": 7}, pack, today=TODAY)
    assert block is None
    assert {"platform", "account", "criteria", "rationale", "review_due"} <= set(errors)
    assert draft.platform == "3"


def test_draft_from_the_assessment_prefill() -> None:
    prefill = {
        "post_id": "chk-1",
        "platform": "x",
        "account": "@a",
        "criteria": ["safety_risk"],
        "evidence": "ev",
    }
    assert BlockDraft.from_data(prefill) == BlockDraft(
        platform="x", account="@a", criteria=("safety_risk",), evidence="ev"
    )
    assert "Record block" in actions(
        block_form_card(default_pack(), BlockDraft.from_data(prefill), default_review=TODAY)
    )

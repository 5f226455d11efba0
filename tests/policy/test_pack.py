"""The policy pack: the Trust's pack is complete, and a broken pack says exactly what is wrong."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

from policy.pack import DEFAULT_PACK, REQUIRED_CRITERIA, REQUIRED_WORDING, PackError, load_pack, parse_pack

POLICY_TEXT = Path(__file__).resolve().parents[3] / "shared" / "policy" / "social-media-policy.txt"


def raw_pack() -> dict[str, Any]:
    return tomllib.loads(DEFAULT_PACK.read_text(encoding="utf-8"))


def test_the_trusts_pack_has_every_criterion_and_wording(pack):
    assert [c.id for c in pack.criteria] == list(REQUIRED_CRITERIA)
    assert set(REQUIRED_WORDING) <= {w.id for w in pack.wording}
    assert [a.id for a in pack.actions] == [
        "escalate",
        "block",
        "restrict",
        "hide",
        "signpost",
        "reply",
        "no_action",
    ]


def test_every_wording_renders_with_contact_details_filled(pack):
    for entry in pack.wording:
        text = pack.render(entry.id)
        assert "{" not in text and "}" not in text, entry.id
        assert entry.version and entry.approved_by
    assert pack.contacts["website"] in pack.render("blocked_service_info")
    assert "09:00–17:00" in pack.render("monitoring_hours")


@pytest.mark.skipif(not POLICY_TEXT.exists(), reason="../shared/policy is not beside this checkout")
def test_clauses_quote_the_published_policy_verbatim(pack):
    policy = " ".join(POLICY_TEXT.read_text(encoding="utf-8").split())
    for criterion in pack.criteria:
        assert " ".join(criterion.clause.split()) in policy, criterion.id
    assert " ".join(pack.hours.clause.split()) in policy
    assert " ".join(pack.review_clause.split()) in policy


def _broken(change: Any) -> str:
    raw = raw_pack()
    change(raw)
    with pytest.raises(PackError) as caught:
        parse_pack(raw, "pack.toml")
    return str(caught.value)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        pytest.param(
            lambda r: r["criteria"].pop(0),
            "criteria: missing required id(s) patient_confidentiality",
            id="missing-criterion",
        ),
        pytest.param(lambda r: r["hours"].update(start="9am"), "hours.start", id="bad-time"),
        pytest.param(
            lambda r: r["hours"].update(start="18:00"),
            "hours.start: must be before hours.end",
            id="start-after-end",
        ),
        pytest.param(
            lambda r: r["reviews"].update(interval_days=0), "reviews.interval_days", id="zero-interval"
        ),
        pytest.param(
            lambda r: r["wording"][0].update(text="Call {pals_phone}"),
            "unknown placeholder(s) pals_phone",
            id="unknown-placeholder",
        ),
        pytest.param(
            lambda r: r["wording"][1].update(id=r["wording"][0]["id"]), "duplicate id", id="duplicate-id"
        ),
        pytest.param(lambda r: r["pack"].update(timezone="Mars/Olympus"), "pack.timezone", id="bad-timezone"),
        pytest.param(
            lambda r: r["thresholds"].pop("max_post_chars"),
            "'max_post_chars' is a required property",
            id="missing-threshold",
        ),
        pytest.param(lambda r: r["wording"][0].pop("approved_by"), "wording[0]", id="missing-approver"),
    ],
)
def test_a_broken_pack_names_the_file_key_and_problem(change, expected):
    message = _broken(change)
    assert message.startswith("pack.toml: ")
    assert expected in message


def test_a_pack_that_is_not_toml_is_refused_with_its_path(tmp_path):
    bad = tmp_path / "pack.toml"
    bad.write_text("[pack\ntrust = ", encoding="utf-8")
    with pytest.raises(PackError, match=f"{bad}: not valid TOML"):
        load_pack(bad)


def test_a_missing_pack_file_is_refused_with_its_path(tmp_path):
    with pytest.raises(PackError, match="cannot read the policy pack"):
        load_pack(tmp_path / "absent.toml")


def test_a_trust_can_change_the_pack_not_the_code(tmp_path):
    text = DEFAULT_PACK.read_text(encoding="utf-8").replace('end = "17:00"', 'end = "20:00"')
    custom = tmp_path / "pack.toml"
    custom.write_text(text, encoding="utf-8")
    assert load_pack(custom).hours.end.hour == 20

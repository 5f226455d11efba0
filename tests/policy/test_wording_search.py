"""Wording search: ids, titles, keywords and text, typo tolerant, nothing for nonsense."""

from __future__ import annotations

import dataclasses

import pytest

from policy.pack import PolicyPack, default_pack
from policy.wording_search import search_wording


@pytest.fixture
def pack() -> PolicyPack:
    return default_pack()


def ids(pack: PolicyPack, query: str, limit: int = 3) -> list[str]:
    return [w.id for w in search_wording(pack, query, limit)]


@pytest.mark.parametrize(
    ("query", "best"),
    [
        ("complain", "complaints_pals"),
        ("complaint", "complaints_pals"),
        ("compliant", "complaints_pals"),  # typo
        ("comlpaint", "complaints_pals"),  # typo
        ("pals", "complaints_pals"),
        ("PALS?", "complaints_pals"),
        ("staff tiktok", "staff_personal_accounts"),
        ("nurse tiktk", "staff_personal_accounts"),
        ("out of hours", "monitoring_hours"),
        ("hosue rules", "house_rules_removed"),
        ("thnak you", "compliment"),
        ("parkign", "service_information"),
        ("retweet", "sharing_not_endorsement"),
        ("emergency", "urgent_help"),
        ("blocked_service_info", "blocked_service_info"),
        ("individual case", "individual_case"),
        ("Where can I find opening times?", "service_information"),
    ],
    ids=lambda value: str(value),
)
def test_best_match(pack: PolicyPack, query: str, best: str) -> None:
    assert ids(pack, query)[0] == best


def test_typo_in_two_word_query_finds_visiting_information(pack: PolicyPack) -> None:
    found = ids(pack, "visitng hours")
    assert "service_information" in found
    assert "monitoring_hours" in found


def test_a_precise_query_gets_only_close_matches(pack: PolicyPack) -> None:
    # "pals" appears in other texts too, but the entry about PALS is far ahead of them.
    assert ids(pack, "pals") == ["complaints_pals"]
    # "hours" is one letter from "house": not a typo match.
    assert "house_rules_removed" not in ids(pack, "hours")


def test_exact_id_comes_first_even_when_others_match_more_words(pack: PolicyPack) -> None:
    assert ids(pack, "compliment")[0] == "compliment"
    assert ids(pack, "service_information")[0] == "service_information"


@pytest.mark.parametrize("query", ["xyzzy qwerty", "asdf ghjk lmnop", "", "   ", "the", "?!", "how do I"])
def test_nothing_matches(pack: PolicyPack, query: str) -> None:
    assert search_wording(pack, query) == []


def test_limit(pack: PolicyPack) -> None:
    broad = "complaint compliment thanks pals feedback"
    assert len(search_wording(pack, broad, limit=1)) == 1
    assert len(search_wording(pack, broad, limit=2)) == 2
    assert search_wording(pack, broad, limit=0) == []


def test_returns_the_pack_entries(pack: PolicyPack) -> None:
    (entry,) = search_wording(pack, "pals")
    assert entry is pack.wording_entry("complaints_pals")


def test_searches_the_rendered_text(pack: PolicyPack) -> None:
    # "affiliated" is only in the text of an entry, not its id, title or keywords...
    assert ids(pack, "affiliated") == ["staff_personal_accounts"]
    # ...and "Liaison" only once the pack's contacts are filled in for {pals}.
    assert "Liaison" not in pack.wording_entry("complaints_pals").text
    assert "complaints_pals" in ids(pack, "liaison")


def test_follows_the_pack_not_the_code(pack: PolicyPack) -> None:
    extra = dataclasses.replace(
        pack.wording_entry("urgent_help"),
        id="flu_jabs",
        title="Flu vaccinations",
        keywords=("flu", "vaccine", "jab"),
        text="Flu vaccinations are available from your GP or pharmacy.",
    )
    custom = dataclasses.replace(pack, wording=(*pack.wording, extra))
    assert ids(custom, "vacine") == ["flu_jabs"]
    assert search_wording(pack, "vacine") == []

"""Content of the smaller cards: check form, confirmation, wording, hours, history, help, notice."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from cards.block_confirmation import block_confirmation_card
from cards.check_form import check_form_card
from cards.help import help_card, welcome_card
from cards.history import history_card
from cards.hours import hours_card
from cards.notice import notice_card
from cards.wording import wording_card, wording_topics_card
from policy.pack import default_pack
from tests.cards.examples import NOW, actions, all_text, assessment, block, by_id, commands, following, walk


def test_check_form_fields_values_and_errors() -> None:
    card = check_form_card(
        default_pack(),
        values={"text": "", "author": "@someone", "platform": "tiktok"},
        errors={"text": "Paste the text of the post."},
    )
    text_input = by_id(card, "text")
    assert text_input["isMultiline"] is True and text_input["isRequired"] is True
    assert text_input["maxLength"] == default_pack().thresholds.max_post_chars
    assert by_id(card, "author")["value"] == "@someone"
    assert by_id(card, "platform")["value"] == "tiktok"
    assert following(card, "text") == {
        "type": "Container",
        "style": "attention",
        "spacing": "none",
        "items": [
            {"type": "TextBlock", "text": "Paste the text of the post.", "wrap": True, "weight": "bolder"}
        ],
    }
    (submit,) = card["actions"]
    assert (submit["type"], submit["verb"]) == ("Action.Execute", "check.submit")


def test_check_form_empty() -> None:
    card = check_form_card(default_pack())
    assert "value" not in by_id(card, "text")
    assert "Please check the fields" not in all_text(card)


def test_confirmation_has_who_when_clauses_rationale_review_and_service_info() -> None:
    pack = default_pack()
    text = all_text(block_confirmation_card(block(link="https://x.com/p/1"), pack))
    assert "Block recorded" in text
    assert "Decided by: A. Smith" in text
    assert "When: Tue 1 Dec 2026, 10:30 GMT" in text  # the pack's time zone, human format
    assert "Account: @angry_poster" in text and "Platform: X (Twitter)" in text
    assert "Review due: Thu 31 Dec 2026" in text
    assert f"“{pack.criterion('trolling_harassment').clause}”" in text
    assert "Repeated threats against named staff" in text
    assert pack.render("blocked_service_info") in text
    assert "Link: https://x.com/p/1" in text


def test_confirmation_in_summer_time_and_lifted() -> None:
    summer = block(status="lifted", last_review="lifted by B. Jones")
    summer = type(summer)(**{**summer.__dict__, "decided_at": datetime(2026, 7, 1, 8, 0, tzinfo=UTC)})
    text = all_text(block_confirmation_card(summer, default_pack()))
    assert "Wed 1 Jul 2026, 09:00 BST" in text
    assert "Block lifted" in text and "Last review: lifted by B. Jones" in text


def test_wording_card() -> None:
    pack = default_pack()
    entries = [pack.wording_entry("complaints_pals"), pack.wording_entry("compliment")]
    card = wording_card(entries, pack, query="complaint")
    text = all_text(card)
    assert "Approved wording for “complaint”" in text
    for entry in entries:
        assert entry.title in text
        assert pack.render(entry.id) in text
        assert (
            f"{entry.id} · version {entry.version} · approved by Head of Communications on 2026-11-02" in text
        )
    runs = [n["text"] for n in walk(card) if n.get("type") == "TextRun"]
    assert pack.render("compliment") in runs  # copy-friendly: shown as typed


def test_wording_topics_lists_every_entry_with_a_show_action() -> None:
    pack = default_pack()
    card = wording_topics_card(pack, message="Nothing matched 'xyz'")
    text = all_text(card)
    assert "Nothing matched 'xyz'" in text
    shows = [n["selectAction"] for n in walk(card) if "selectAction" in n]
    assert [s["data"] for s in shows] == [{"ids": [w.id]} for w in pack.wording]
    assert {s["verb"] for s in shows} == {"wording.show"}
    for entry in pack.wording:
        assert entry.title in text and entry.id in text


def test_hours_monitored_and_not() -> None:
    pack = default_pack()
    open_now = all_text(hours_card(pack, now=NOW, monitored=True, next_at=NOW, holiday=None))
    assert "The accounts are monitored now" in open_now and "Until 17:00 today." in open_now
    assert "Next monitored" not in open_now
    christmas = hours_card(
        pack,
        now=datetime(2026, 12, 25, 12, tzinfo=UTC),
        monitored=False,
        next_at=datetime(2026, 12, 29, 9, tzinfo=pack.timezone),
        holiday="Christmas Day",
    )
    text = all_text(christmas)
    assert "not monitored now" in text
    assert "Next monitored: Tue 29 Dec 2026, 09:00 GMT" in text
    assert "Public holiday: Christmas Day" in text
    assert "Now: Fri 25 Dec 2026, 12:00 GMT" in text
    assert pack.hours.clause in text
    assert christmas["body"][0]["style"] == "warning"


def test_history_latest_first_a_page_at_a_time() -> None:
    pack = default_pack()
    checks = [assessment(datetime(2026, 11, d, 9, tzinfo=UTC), action="hide") for d in range(1, 9)]
    text = all_text(
        history_card(
            "@angry_poster",
            assessments=checks,
            advice=[datetime(2026, 11, 2, 11, tzinfo=UTC)],
            blocks=[block()],
            pack=pack,
            limit=5,
        )
    )
    assert "History of @angry_poster" in text
    assert "1 active block(s), advised 1 time(s), 8 post(s) checked." in text
    assert text.index("Sun 8 Nov 2026") < text.index("Sat 7 Nov 2026") < text.index("Wed 4 Nov 2026")
    assert "Tue 3 Nov 2026, 09:00" not in text
    assert "Page 1 of 2." in text and "Next page of the history" in text
    assert "Hide the post" in text  # the action's title, not its id
    assert "Review due: Thu 31 Dec 2026" in text
    assert "Advised of the right route on Mon 2 Nov 2026, 11:00 GMT" in text


def test_history_second_page_shows_the_older_checks_and_only_the_way_back() -> None:
    pack = default_pack()
    checks = [assessment(datetime(2026, 11, d, 9, tzinfo=UTC), action="hide") for d in range(1, 9)]
    card = history_card("@angry_poster", assessments=checks, advice=[], blocks=[block()], pack=pack, page=1)
    text = all_text(card)
    assert "Tue 3 Nov 2026, 09:00" in text and "Sun 1 Nov 2026, 09:00" in text
    assert "Wed 4 Nov 2026" not in text
    assert "Blocks (1)" not in text  # one block: all of it was on the first page
    buttons = [a for a in walk(card) if a.get("type") == "Action.Execute"]
    assert [(b["title"], b["verb"], b["data"]) for b in buttons] == [
        ("Previous page of the history", "history.page", {"account": "@angry_poster", "page": 0})
    ]


def test_history_shows_a_block_s_evidence_and_link_as_text() -> None:
    link = "https://facebook.com/angry_poster/posts/1"
    card = history_card(
        "@angry_poster", assessments=[], advice=[], blocks=[block(link=link)], pack=default_pack()
    )
    text = all_text(card)
    assert "Evidence: " in text and "Link: " + link in text
    # The link is the editor's text: shown, not made clickable.
    assert "](" not in json.dumps(card) and "Action.OpenUrl" not in json.dumps(card)


def test_history_empty() -> None:
    text = all_text(history_card("@nobody", assessments=[], advice=[], blocks=[], pack=default_pack()))
    assert "nothing about this account" in text


def test_help_lists_what_the_caller_may_do() -> None:
    editor = all_text(help_card(commands(), is_editor=True))
    reader = all_text(help_card(commands(), is_editor=False))
    for c in commands():
        assert c.usage in editor and c.description in editor
    assert "Record a block and its rationale. (editors only)" in editor
    assert "Record a block and its rationale." not in reader
    assert "check [@handle on platform:] <post>" in reader
    assert "for the team's editors" in reader


def test_welcome() -> None:
    pack = default_pack()
    text = all_text(welcome_card(commands(), pack))
    assert pack.policy_title in text and pack.hours.describe() in text
    assert "wording [words]" in text and "help" in text


def test_notice_styles() -> None:
    card = notice_card("Only editors can record blocks", "Ask an editor.", style="warning")
    assert card["body"][0]["style"] == "warning"
    assert "Ask an editor." in all_text(card)
    assert notice_card("Done", "x", style="nonsense")["body"][0]["style"] == "default"
    assert actions(card) == {}

"""The engine's behaviour beyond single posts: escalation steps, hours, history, redaction.

These posts were written for this suite; they are not the Trust's evaluation set.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from policy import Advice, Post, assess
from policy.model import ACTIONS
from tests.policy.conftest import IN_HOURS


def test_a_complaint_is_offered_the_pals_and_complaints_wording(check):
    rec = check("Disgusting care for my dad on the ward last night, I want to complain")
    assert rec.action == "signpost"
    assert "complaints_pals" in rec.wording
    assert any("not a reason to hide or block" in n for n in rec.notes)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Nobody cares so I'm going to end it all tonight", id="end-it-all"),
        pytest.param("I can't cope any more, I want to die", id="want-to-die"),
        pytest.param(
            "You lot are useless, I'm going to kill myself and it's your fault", id="angry-and-at-risk"
        ),
    ],
)
def test_a_person_at_risk_is_escalated_never_blocked(check, text):
    rec = check(text)
    assert rec.action == "escalate"
    assert "urgent_help" in rec.wording
    assert any("safeguarding" in s for s in rec.steps)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Man with a knife outside the children's ward right now", id="knife"),
        pytest.param("Someone has collapsed outside the main entrance and nobody is coming", id="collapse"),
    ],
)
def test_danger_on_site_is_escalated_to_security(check, text):
    rec = check(text)
    assert rec.action == "escalate"
    assert any("Security" in s for s in rec.steps)
    assert any(n.startswith("Evidence:") for n in rec.notes)


@pytest.mark.parametrize(
    "at",
    [
        pytest.param(datetime(2026, 11, 29, 10, 0, tzinfo=UTC), id="sunday"),
        pytest.param(datetime(2026, 11, 24, 19, 45, tzinfo=UTC), id="evening"),
        pytest.param(datetime(2026, 12, 25, 10, 0, tzinfo=UTC), id="christmas-day"),
        pytest.param(datetime(2026, 12, 28, 10, 0, tzinfo=UTC), id="boxing-day-substitute"),
        pytest.param(datetime(2026, 11, 24, 8, 59, tzinfo=UTC), id="before-nine"),
    ],
)
def test_out_of_hours_replies_also_offer_the_monitoring_hours_wording(check, at):
    rec = check("Is the pharmacy open today?", at=at)
    assert rec.monitored is False
    assert "monitoring_hours" in rec.wording


def test_christmas_eve_is_a_monitored_working_day(check):
    rec = check("Is the pharmacy open today?", at=datetime(2026, 12, 24, 10, 0, tzinfo=UTC))
    assert rec.monitored is True
    assert "monitoring_hours" not in rec.wording


def test_summer_time_is_respected(check):
    # 08:30 UTC in July is 09:30 in London.
    assert check("Is the pharmacy open?", at=datetime(2026, 7, 14, 8, 30, tzinfo=UTC)).monitored is True


def _posts(author: str, texts: list[str], start: datetime, minutes: int) -> list[Post]:
    return [
        Post(id=f"h{i}", text=t, at=start + timedelta(minutes=i * minutes), author=author)
        for i, t in enumerate(texts)
    ]


def test_several_posts_in_a_short_time_are_repetitive(check):
    earlier = _posts("@flood", ["Hello?", "Anyone there?", "Answer me"], IN_HOURS, 5)
    rec = check(
        "Why is nobody answering", at=IN_HOURS + timedelta(minutes=20), author="@flood", history=earlier
    )
    assert "repetitive_unwanted" in rec.criteria
    assert rec.action in {"hide", "restrict"}
    assert "4 posts" in next(r.evidence for r in rec.reasons if r.criterion == "repetitive_unwanted")


def test_posts_spread_over_a_day_are_not_repetitive(check):
    earlier = _posts("@calm", ["Hello?", "Anyone there?", "Answer me"], IN_HOURS - timedelta(hours=6), 120)
    rec = check("Is the shop open?", author="@calm", history=earlier)
    assert "repetitive_unwanted" not in rec.criteria


def test_another_accounts_posts_do_not_count(check):
    earlier = _posts(
        "@someone_else", ["Hello?", "Anyone there?", "Answer me"], IN_HOURS - timedelta(minutes=30), 5
    )
    rec = check("Why is nobody answering", author="@me", history=earlier)
    assert "repetitive_unwanted" not in rec.criteria


def test_the_same_message_again_and_again_is_repetitive(check):
    text = "When will someone look at my complaint about the ward"
    earlier = _posts("@same", [text, text + "!", text + "??"], IN_HOURS - timedelta(hours=5), 90)
    rec = check(text, author="@same", history=earlier)
    assert "repetitive_unwanted" in rec.criteria


def test_contact_about_the_same_matter_after_advice_is_restricted(check):
    first = Post(
        id="a", text="Why was my husband's scan cancelled?", at=IN_HOURS - timedelta(days=3), author="@jo"
    )
    advised = Advice(author="@JO", at=IN_HOURS - timedelta(days=3) + timedelta(minutes=30))
    rec = check("Still no answer about the scan. Tell me here.", author="@jo", history=[first, advised])
    assert rec.action == "restrict"
    assert "continued_contact_after_advice" in rec.criteria


def test_an_unrelated_question_after_advice_is_not_continued_contact(check):
    advised = Advice(author="@jo", at=IN_HOURS - timedelta(days=2), about="my husband's scan was cancelled")
    rec = check("Is the hospital shop open on Sundays?", author="@jo", history=[advised])
    assert "continued_contact_after_advice" not in rec.criteria
    assert rec.action == "reply"


def test_advice_long_ago_is_forgotten(check, pack):
    advised = Advice(author="@jo", at=IN_HOURS - timedelta(days=pack.thresholds.advice_memory_days + 1))
    rec = check("Why was my scan cancelled?", author="@jo", history=[advised])
    assert rec.action == "signpost"


def test_abuse_from_an_account_that_was_abusive_before_is_blocked(check):
    earlier = [Post(id="x", text="you are all morons", at=IN_HOURS - timedelta(days=2), author="@rude")]
    assert check("useless idiots the lot of you", author="@rude", history=earlier).action == "block"
    assert check("useless idiots the lot of you", author="@new").action == "hide"


def test_the_recommendation_is_redacted(check):
    rec = check("Margaret Ellis, DOB 04/07/1942, NHS 943 476 5919, bed 4 on Naseby ward")
    for secret in ("Margaret", "Ellis", "04/07/1942", "943 476 5919"):
        assert secret not in rec.redacted
        assert all(secret not in r.evidence for r in rec.reasons)
    assert "[NHS number]" in rec.redacted


def test_exactly_one_known_action_and_known_ids(check, pack):
    rec = check("You morons lost my mum's notes and she's in bed 3")
    assert rec.action in ACTIONS
    assert set(rec.criteria) <= {c.id for c in pack.criteria}
    assert set(rec.wording) <= {w.id for w in pack.wording}
    assert rec.steps


def test_an_old_post_carries_a_note(pack):
    at = datetime(2026, 11, 20, 11, 0, tzinfo=UTC)
    post = Post(id="o", text="Is the pharmacy open?", at=at)
    assert assess(post, (), at, pack).notes == ()
    later = assess(post, (), at + timedelta(days=3), pack)
    assert any("3 day(s) old" in n for n in later.notes)


def test_thanks_after_advice_is_not_continued_contact(check):
    first = Post(
        id="a", text="Why was my son's operation cancelled?", at=IN_HOURS - timedelta(days=5), author="@jo"
    )
    advised = Advice(author="@jo", at=IN_HOURS - timedelta(days=5, minutes=-30))
    rec = check("Thank you, my son's operation went well in the end", author="@jo", history=[first, advised])
    assert rec.action == "reply"
    assert "continued_contact_after_advice" not in rec.criteria


def test_chasing_ones_own_case_the_same_day_is_still_signposted(check):
    first = Post(
        id="a", text="I got a parking fine even though I paid, who do I contact?", at=IN_HOURS, author="@dk"
    )
    rec = check("Hello? Parking fine?", at=IN_HOURS + timedelta(minutes=10), author="@dk", history=[first])
    assert rec.action == "signpost"
    assert "individual_case" in rec.wording


@pytest.mark.parametrize(
    ("text", "hidden"),
    [
        pytest.param("My dad John Smith, NHS number 943 476 5919, was left on a trolley", "Smith", id="name"),
        pytest.param("Patient 943 476 5919 on ward 3 told everyone she has cancer", "5919", id="nhs-number"),
        pytest.param("Mrs Patel DOB 12/03/1950 in bay 4 has dementia, guess who", "1950", id="date-of-birth"),
        pytest.param("Hospital number K1234567 is my neighbour, in resus", "1234567", id="hospital-number"),
        pytest.param("Ring Jo on 07700 900123, she's the one in the gum clinic", "900123", id="phone"),
        pytest.param("Email jane.doe@example.com, she had the termination", "example.com", id="email"),
    ],
)
def test_evidence_is_read_off_the_redacted_post(check, text, hidden):
    rec = check(text)
    assert hidden not in rec.redacted
    for reason in rec.reasons:
        assert hidden not in reason.evidence
    assert not any(hidden in note for note in rec.notes)


@pytest.mark.parametrize(
    ("text", "allowed"),
    [
        pytest.param("You useless bunch of morons, thanks for nothing", {"house_rules_removed"}, id="hide"),
        pytest.param(
            "Congratulations you've won the KGH lottery! Send your card details to claim",
            {"house_rules_removed", "blocked_service_info"},
            id="block",
        ),
        pytest.param("Thank you all. Goodbye, I've saved up my tablets", {"urgent_help"}, id="escalate"),
    ],
)
def test_only_wording_that_fits_the_action_is_offered(check, pack, text, allowed):
    rec = check(text)
    assert set(rec.wording) <= allowed
    assert set(rec.wording) <= set(pack.action(rec.action).wording or rec.wording)


def test_a_compliment_is_offered_only_where_praise_is_all_there_is(check):
    assert "compliment" in check("Thank you to the fracture clinic, brilliant care").wording
    assert "compliment" not in check("Thanks for nothing, my op was cancelled again").wording


def test_words_of_despair_beside_reasons_to_block_are_read_by_a_person(check):
    rec = check("Earn £500 a week from home, DM me. Honestly can't cope any more, nobody would care")
    assert rec.action == "escalate"
    assert any("Read it yourself" in s for s in rec.steps)


def test_leave_it_says_what_was_seen_when_risk_words_were_there(check, rules_only):
    rec = check("Stabbing pain in my back all night, is the walk-in centre open?")
    assert rec.action in ("no_action", "reply")
    # The rules' own answer: the second reader, given the chance, sends this one to a person.
    seen = rules_only("Stabbing pain in my back all night")
    assert seen.action == "no_action"
    assert seen.steps[0].startswith("Words that can signal risk were seen (\u201cStabbing\u201d)")
    assert check("The car park is busy today").steps == ("Nothing in the policy calls for action.",)


def test_harm_words_aimed_at_someone_and_unread_by_any_rule_are_escalated_for_a_person(check):
    rec = check("that porter and a cricket bat, just picturing it")
    assert rec.action == "escalate"
    assert any(s.startswith("Read it yourself") for s in rec.steps)


def test_a_post_hidden_for_abuse_is_not_also_escalated_for_its_harm_words(check):
    assert check("that fat cow on reception, face like a slapped arse").action == "hide"


def test_a_threat_is_named_threatening_and_aggressive(check):
    rec = check(
        "I know where the sister parks. Next time she mouths off she'll get a brick through her windscreen"
    )
    assert rec.action == "escalate"
    assert {"threatening_abusive_insulting", "aggressive_violent"} <= set(rec.criteria)


def test_advertising_spam_is_also_against_the_trusts_interests(check):
    rec = check("Buy 10k real followers for £9.99!! Cheapest on the net, DM me now, link in bio")
    assert rec.action == "block"
    assert {"repetitive_unwanted", "detrimental_to_trust"} <= set(rec.criteria)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Goodbye Ash ward! Home after five weeks, thank you all", id="goodbye-in-thanks"),
        pytest.param(
            "Two years ago I tried to end my life. The crisis team are the reason I'm here, doing well and "
            "planning my wedding. Thank you.",
            id="crisis-survived",
        ),
        pytest.param(
            "Physio Sam, you are incredible. Dad walked to the car today", id="thanks-telling-own-care"
        ),
    ],
)
def test_thanks_get_the_compliment_wording(check, text):
    rec = check(text)
    assert rec.action in ("reply", "no_action")
    assert "compliment" in rec.wording


@pytest.mark.parametrize(
    ("text", "wording"),
    [
        pytest.param(
            "I know where the sister parks. Next time she mouths off she gets a brick through her windscreen",
            "house_rules_removed",
            id="threat-then-hidden",
        ),
        pytest.param("nothing left. nobody would care", "urgent_help", id="despair-read-by-no-rule"),
    ],
)
def test_an_escalation_offers_the_wording_its_next_step_needs(check, text, wording):
    rec = check(text)
    assert rec.action == "escalate"
    assert wording in rec.wording

"""The engine's recommendations, post by post: a specification by example.

These posts were written for this suite; they are not the Trust's evaluation set.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from policy import Advice, Post, assess
from policy.model import ACTIONS
from tests.policy.conftest import IN_HOURS

CLEAN = [
    pytest.param("Is the blood test clinic open on Saturdays?", {"reply"}, id="service-question"),
    pytest.param("What time does the hospital shop close?", {"reply", "no_action"}, id="shop-hours"),
    pytest.param("Congratulations to the maternity team on the award!", {"reply"}, id="congratulations"),
    pytest.param(
        "Bloody brilliant care from the stroke team, cannot thank you enough",
        {"reply"},
        id="bloody-brilliant",
    ),
    pytest.param(
        "I had a killer headache all day, is the walk-in centre open?", {"reply"}, id="killer-headache"
    ),
    pytest.param(
        "Absolutely smashed it at the fun run for the hospital charity!",
        {"reply", "no_action"},
        id="smashed-it",
    ),
    pytest.param("The nurses on Ward 6 are f***ing legends, thank you", {"reply"}, id="swearing-as-praise"),
    pytest.param(
        "Underfunding is killing the NHS. Pay nurses properly.",
        {"no_action", "reply"},
        id="political-criticism",
    ),
    pytest.param(
        "This hospital is a joke. Waited 14 hours in A&E. Sort it out.",
        {"no_action", "signpost", "reply"},
        id="angry-criticism",
    ),
    pytest.param(
        "That consultant is a disgrace and should be struck off",
        {"no_action", "signpost", "reply"},
        id="criticism-of-staff",
    ),
    pytest.param(
        "Is it true the flu jab can give you flu?", {"reply", "no_action"}, id="sincere-vaccine-question"
    ),
    pytest.param("Do you have any jobs for healthcare assistants?", {"reply"}, id="jobs"),
    pytest.param(
        "I felt like an idiot asking, but the pharmacist was so kind", {"reply"}, id="self-deprecation"
    ),
]


@pytest.mark.parametrize(("text", "allowed"), CLEAN)
def test_everyday_posts_are_never_hidden_or_blocked(check, text, allowed):
    rec = check(text)
    assert rec.action in allowed
    assert rec.criteria == ()


@pytest.mark.parametrize(
    ("text", "allowed"),
    [
        pytest.param(
            "Your A&E staff are lazy and incompetent, waited 9 hours with my daughter",
            {"signpost"},
            id="family-complaint",
        ),
        pytest.param("Can you tell me when my son's hearing test is?", {"signpost"}, id="own-appointment"),
        pytest.param(
            "The receptionist called me an idiot in front of everyone. I want to complain.",
            {"signpost"},
            id="reported-insult-is-a-complaint",
        ),
        pytest.param(
            "Why was my mum sent home at 2am with nobody to collect her?", {"signpost"}, id="family-discharge"
        ),
        pytest.param(
            "I've been waiting for my operation for 18 months, who do I speak to?",
            {"signpost"},
            id="own-waiting",
        ),
    ],
)
def test_an_individuals_own_case_is_signposted_with_the_case_wording(check, text, allowed):
    rec = check(text)
    assert rec.action in allowed
    assert "individual_case" in rec.wording
    assert not {"block", "restrict", "hide"} & {rec.action}


def test_a_complaint_is_offered_the_pals_and_complaints_wording(check):
    rec = check("Disgusting care for my dad on the ward last night, I want to complain")
    assert rec.action == "signpost"
    assert "complaints_pals" in rec.wording
    assert any("not a reason to hide or block" in n for n in rec.notes)


@pytest.mark.parametrize(
    ("text", "criterion", "allowed"),
    [
        pytest.param(
            "My neighbour Susan Clarke was blue-lighted in last night with a stroke",
            "patient_confidentiality",
            {"hide"},
            id="named-patient",
        ),
        pytest.param(
            "Patient hospital number K1234567 needs her meds",
            "patient_confidentiality",
            {"hide"},
            id="hospital-number",
        ),
        pytest.param(
            "Mr Okafor in bed 12 on Harrowden ward is dying, family should know",
            "patient_confidentiality",
            {"hide", "escalate"},
            id="courtesy-title",
        ),
        pytest.param(
            "A nurse told me the mayor's husband is in ICU after an overdose 👀",
            "patient_confidentiality",
            {"hide", "block", "escalate"},
            id="insider-gossip",
        ),
        pytest.param(
            "Vaccines cause autism, the NHS knows it and hides it",
            "safety_risk",
            {"hide", "block"},
            id="misinformation",
        ),
        pytest.param(
            "Stop taking your insulin, cinnamon works better",
            "safety_risk",
            {"hide", "block"},
            id="stop-medication",
        ),
        pytest.param(
            "Door code for the drugs cupboard on ward 4 is 2468",
            "safety_risk",
            {"hide", "escalate"},
            id="door-code",
        ),
        pytest.param(
            "The fire exit by outpatients is always propped open, walk straight in",
            "safety_risk",
            {"hide", "escalate"},
            id="propped-door",
        ),
        pytest.param(
            "You absolute muppets, lost my dad's notes AGAIN",
            "threatening_abusive_insulting",
            {"hide"},
            id="insult",
        ),
        pytest.param("scum the lot of ya", "threatening_abusive_insulting", {"hide", "block"}, id="scum"),
        pytest.param("u r all 1d10ts", "threatening_abusive_insulting", {"hide", "block"}, id="leet-insult"),
        pytest.param(
            "f u c k  k g h", "threatening_abusive_insulting", {"hide", "block"}, id="spaced-profanity"
        ),
        pytest.param(
            "Go f*** yourselves you m0r0ns",
            "threatening_abusive_insulting",
            {"hide", "block"},
            id="masked-profanity",
        ),
        pytest.param("🖕 KGH", "threatening_abusive_insulting", {"hide", "block"}, id="emoji-insult"),
        pytest.param(
            "I'm going to come down there and batter the receptionist",
            "threatening_abusive_insulting",
            {"escalate", "block"},
            id="threat",
        ),
        pytest.param(
            "Dr Shah deserves to die for what he did to my mum",
            "threatening_abusive_insulting",
            {"escalate", "block"},
            id="death-wish",
        ),
        pytest.param(
            "I slapped the porter and I'd do it again",
            "aggressive_violent",
            {"escalate", "block"},
            id="violence",
        ),
        pytest.param(
            "Nurse Jenny lives on Elm Road, number 14, go say hi",
            "trolling_harassment",
            {"escalate", "block"},
            id="doxxing",
        ),
        pytest.param(
            "I'll be outside the staff entrance when her shift ends. She knows what she did.",
            "trolling_harassment",
            {"escalate", "block"},
            id="stalking",
        ),
        pytest.param(
            "lol imagine queuing 6 hours in that circus 🤡",
            "trolling_harassment",
            {"hide", "block"},
            id="trolling",
        ),
        pytest.param(
            "Click here to claim your free NHS covid refund: bit.ly/abc",
            "detrimental_to_trust",
            {"block", "hide"},
            id="scam",
        ),
        pytest.param(
            "Make £500 a week working from home, DM me for details",
            "repetitive_unwanted",
            {"block", "hide"},
            id="spam",
        ),
    ],
)
def test_each_criterion_is_flagged_with_its_clause_and_evidence(check, pack, text, criterion, allowed):
    rec = check(text)
    assert criterion in rec.criteria
    assert rec.action in allowed
    reason = next(r for r in rec.reasons if r.criterion == criterion)
    assert reason.clause == pack.criterion(criterion).clause
    assert reason.evidence


def test_a_slur_is_blocked_on_a_first_post(check):
    rec = check("you lot are a bunch of retards")
    assert rec.action == "block"
    assert "blocked_service_info" in rec.wording


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
    ("text", "wording_id"),
    [
        pytest.param(
            "Thank you to everyone on Ward 9 who looked after my nan", "compliment", id="compliment"
        ),
        pytest.param(
            "Why did you share that post from the gym chain? Do you endorse them?",
            "sharing_not_endorsement",
            id="sharing",
        ),
        pytest.param(
            "Is Dr Mike's Instagram official? He posts health tips",
            "staff_personal_accounts",
            id="staff-account",
        ),
        pytest.param("When do you reply to messages on this page?", "monitoring_hours", id="hours"),
        pytest.param("Where can I park for the eye clinic?", "service_information", id="service"),
    ],
)
def test_replies_offer_the_approved_wording(check, text, wording_id):
    rec = check(text)
    assert rec.action == "reply"
    assert wording_id in rec.wording


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

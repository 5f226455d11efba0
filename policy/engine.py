"""The policy engine: one pure function from a post, its history and the time to a recommendation.

`assess` reads the post (policy/signals.py) and the account's history (policy/history.py), maps what
it finds onto the policy's criteria, and picks the most serious action that any finding calls for.
Blocking is a last resort: criticism never leads to it, a person at risk is escalated and never
blocked, and an isolated, milder breach is hidden first.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from policy import second_reader
from policy.history import review, same_matter
from policy.hours import is_monitored
from policy.identifiers import redact, redact_quote
from policy.model import ACTIONS, Action, Advice, Post, Reason, Recommendation
from policy.pack import PolicyPack, Thresholds
from policy.signals import Signal, read_post

# Kinds of signal that show abuse, for deciding whether an account has done it before.
ABUSIVE = frozenset({"threat", "violence", "harassment", "evasion", "slur", "abuse", "trolling"})


@dataclass
class _Finding:
    action: Action
    criteria: tuple[str, ...] = ()
    evidence: str = ""
    wording: tuple[str, ...] = ()
    steps: tuple[str, ...] = ()


@dataclass
class _Outcome:
    findings: list[_Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(self, finding: _Finding) -> None:
        self.findings.append(finding)


def _by_kind(signals: Sequence[Signal]) -> dict[str, str]:
    found: dict[str, str] = {}
    for s in signals:
        found.setdefault(s.kind, s.evidence)
    return found


def _escalations(s: dict[str, str], out: _Outcome) -> None:
    if "at_risk" in s:
        out.add(
            _Finding(
                "escalate",
                evidence=s["at_risk"],
                wording=("urgent_help",),
                steps=(
                    "Tell the on-call manager now and follow the safeguarding procedure.",
                    "Reply privately straight away with the urgent help wording.",
                    "Do not hide, restrict or block a person at risk.",
                ),
            )
        )
    if "emergency" in s:
        out.add(
            _Finding(
                "escalate",
                evidence=s["emergency"],
                wording=("urgent_help",),
                steps=(
                    "Reply straight away with the urgent help wording: call 999 now.",
                    "If it is happening on site, tell Security now so that help reaches the person.",
                    "Tell the on-call manager now, in case the person has not got help.",
                ),
            )
        )
    if "hazard" in s:
        out.add(
            _Finding(
                "escalate",
                ("safety_risk",),
                s["hazard"],
                steps=(
                    "Tell Security and Estates now so the hazard is made safe.",
                    "Thank the person publicly once it is in hand.",
                    "Hide the post only if it would help someone do harm.",
                ),
            )
        )
    unclear = s.get("risk_unclear") or (
        # Harm words aimed at someone, unread by any rule: a person reads them, unless the post is
        # already hidden or blocked for what it plainly is (abuse, a scam, someone's health).
        s.get("threat_unclear") if not {"abuse", "slur", "scam", "spam", "confidential"} & s.keys() else None
    )
    if unclear and not {"at_risk", "threat", "danger_now", "emergency"} & s.keys():
        out.add(
            _Finding(
                "escalate",
                evidence=unclear,
                # Despair or a goodbye read by no rule: the person may need help, so offer it.
                wording=("urgent_help",) if "risk_unclear" in s else (),
                steps=(
                    "Read it yourself: words of risk were seen but no rule could read them with confidence.",
                    "If anyone may be at risk or threatened, tell the on-call manager now.",
                    "Do not block or restrict before a person has read it.",
                ),
            )
        )
    if "danger_now" in s:
        out.add(
            _Finding(
                "escalate",
                evidence=s["danger_now"],
                steps=(
                    "Call Security now, and 999 if anyone is in immediate danger.",
                    "Tell the on-call manager.",
                ),
            )
        )
    after_escalation = (
        "Capture the evidence (screenshot, link and time) before hiding anything.",
        "Hide the post, then record a block with its rationale.",
    )
    if "threat" in s:
        # A threat of violence is both threatening and aggressive behaviour.
        criteria = ("threatening_abusive_insulting", "aggressive_violent")
        out.add(
            _Finding(
                "escalate",
                criteria,
                s["threat"],
                # The post is hidden once the evidence is captured: the house rules say why.
                wording=("house_rules_removed",),
                steps=(
                    "Tell Security and the on-call manager now; the police if the threat is credible.",
                    *after_escalation,
                ),
            )
        )
    if "violence" in s:
        out.add(
            _Finding(
                "escalate",
                ("aggressive_violent",),
                s["violence"],
                wording=("house_rules_removed",),
                steps=("Report it to Security as an incident involving staff.", *after_escalation),
            )
        )
    if "harassment" in s:
        out.add(
            _Finding(
                "escalate",
                ("trolling_harassment",),
                s["harassment"],
                wording=("house_rules_removed",),
                steps=(
                    "Tell the member of staff's manager and Security so they can be kept safe.",
                    *after_escalation,
                ),
            )
        )


def _breaches(s: dict[str, str], out: _Outcome, repeat_offender: bool) -> None:
    house_rules = ("house_rules_removed",)
    block_steps = (
        "Capture the evidence (screenshot, link and time).",
        "Hide the post, then record a block with its rationale.",
    )
    if "pile_on" in s:
        out.add(
            _Finding(
                "block",
                ("trolling_harassment",),
                s["pile_on"],
                house_rules,
                (
                    "Capture the evidence (screenshot, link and time), then hide the post.",
                    "Tell the member of staff and their manager; watch the thread for others joining in.",
                    "Record a block with its rationale.",
                ),
            )
        )
    if "evasion" in s:
        # Back on another account to keep going after someone: the policy's block, again.
        out.add(
            _Finding(
                "block",
                ("trolling_harassment",),
                s["evasion"],
                house_rules,
                (
                    "Capture the evidence (screenshot, link and time), then hide the post.",
                    "Tell the member of staff and their manager.",
                    "Record a block on this account too, saying which earlier account it continues.",
                ),
            )
        )
    if "doxxing" in s:
        out.add(
            _Finding(
                "block",
                ("trolling_harassment",),
                s["doxxing"],
                house_rules,
                (
                    "Capture the evidence (screenshot, link and time), then hide the post.",
                    "Tell the member of staff, their manager and Security today so they can be kept safe.",
                    "Record a block with its rationale.",
                ),
            )
        )
    if "slur" in s:
        out.add(_Finding("block", ("threatening_abusive_insulting",), s["slur"], house_rules, block_steps))
    for kind, criterion in (("abuse", "threatening_abusive_insulting"), ("trolling", "trolling_harassment")):
        if kind not in s:
            continue
        if repeat_offender:
            out.add(_Finding("block", (criterion,), s[kind], house_rules, block_steps))
        else:
            out.add(
                _Finding(
                    "hide",
                    (criterion,),
                    s[kind],
                    house_rules,
                    ("Hide the post.", "If the account does it again, record a block."),
                )
            )
    if "confidential" in s:
        out.add(
            _Finding(
                "hide",
                ("patient_confidentiality",),
                s["confidential"],
                steps=(
                    "Hide the post now to protect the patient.",
                    "Tell the Information Governance team.",
                    "If the post raises a concern about someone's care, pass it to the ward or PALS today.",
                ),
            )
        )
    if "misinformation" in s:
        out.add(
            _Finding(
                "hide",
                ("safety_risk",),
                s["misinformation"],
                steps=(
                    "Hide the post.",
                    "Consider a reply that points to accurate NHS information.",
                    "Record a block if the account keeps posting it.",
                ),
            )
        )
    if "security_info" in s:
        out.add(
            _Finding(
                "hide",
                ("safety_risk",),
                s["security_info"],
                steps=(
                    "Hide the post now.",
                    "Tell Security so that the code can be changed or the door secured.",
                ),
            )
        )
    if "medicine_sale" in s:
        out.add(
            _Finding(
                "block",
                ("safety_risk", "detrimental_to_trust"),
                s["medicine_sale"],
                steps=(
                    "Hide the post and report it to the platform: medicines offered without a prescription.",
                    "Record a block with its rationale, and tell the Trust's pharmacy team.",
                ),
            )
        )
    if "scam" in s:
        out.add(
            _Finding(
                "block",
                ("detrimental_to_trust",),
                s["scam"],
                steps=(
                    "Hide the post and report it to the platform as a scam.",
                    "Record a block with its rationale.",
                    "Consider warning followers that the Trust never asks for bank details.",
                ),
            )
        )
    if "spam" in s:
        out.add(
            _Finding(
                "block",
                # Advertising on the Trust's page trades on its name: against its interests as well.
                ("repetitive_unwanted", "detrimental_to_trust"),
                s["spam"],
                steps=(
                    "Hide the post and report it to the platform as spam.",
                    "Record a block with its rationale.",
                ),
            )
        )
    if "persistence" in s:
        out.add(_repetition_finding(s["persistence"]))


def _repetition_finding(evidence: str) -> _Finding:
    return _Finding(
        "hide",
        ("repetitive_unwanted",),
        evidence,
        steps=(
            "Hide the repeated posts.",
            "Advise the account privately of the right route (PALS, Complaints or the care team) and mark it "
            "as advised.",
            "If it carries on after advice, restrict the account.",
        ),
    )


def _everyday(s: dict[str, str], out: _Outcome) -> None:
    if "emergency" in s:
        return  # escalated with the urgent help wording: nothing about the case comes first
    praise_only = "praise" in s and "complaint" not in s
    if "own_case" in s and not praise_only and "moderation_question" not in s:
        wording = ("individual_case", "complaints_pals") if "complaint" in s else ("individual_case",)
        out.add(
            _Finding(
                "signpost",
                evidence=s["own_case"],
                wording=wording,
                steps=(
                    "Reply publicly with the approved wording; don't discuss the case.",
                    "Message the person privately with the route to the care team, PALS or Complaints.",
                    "Mark the account as advised once you have.",
                ),
            )
        )
    # A compliment is offered only where the post praises care and nothing else fires. Thanks that
    # tell of one's own care ("you are incredible, Mum is talking again") are still thanks, and so is
    # praise with a gripe beside it ("great care, shame about the parking").
    praise_alone = not out.findings and "selfharm_words" not in s
    replies = (
        (
            "praise" if praise_alone else "",
            "compliment",
            "Reply with thanks and pass the compliment on to the team.",
        ),
        ("staff_account_question", "staff_personal_accounts", "Reply with the approved wording."),
        ("sharing_question", "sharing_not_endorsement", "Reply with the approved wording."),
        ("hours_question", "monitoring_hours", "Reply with the approved wording."),
        ("moderation_question", "house_rules_removed", "Reply with the approved wording on house rules."),
    )
    answered = False
    for kind, wording_id, step in replies:
        if kind in s:
            answered = True
            out.add(_Finding("reply", evidence=s[kind], wording=(wording_id,), steps=(step,)))
    # Service information is the fallback answer to a question nothing more specific answers.
    if "service_question" in s and not answered and "own_case" not in s:
        out.add(
            _Finding(
                "reply",
                evidence=s["service_question"],
                wording=("service_information",),
                steps=("Reply with the approved wording and a link to the page.",),
            )
        )
    if "complaint" in s:
        out.notes.append("Criticism of the Trust, however strongly put, is not a reason to hide or block.")


def assess(
    post: Post,
    history: Sequence[Post | Advice],
    now: datetime,
    pack: PolicyPack,
) -> Recommendation:
    """Recommend what to do with `post`, given the account's earlier posts and advice (any order)."""
    signals = _by_kind(read_post(post.text))
    own_matter = bool({"own_case", "complaint", "pressure"} & signals.keys()) and "praise" not in signals
    found = review(post, history, pack.thresholds, own_matter=own_matter)
    memory = timedelta(days=pack.thresholds.advice_memory_days)
    repeat_offender = found.repetition is not None or any(
        post.at - p.at <= memory and ABUSIVE & _by_kind(read_post(p.text)).keys() for p in found.earlier_posts
    )
    if "own_case" not in signals and "praise" not in signals:
        # "Hello? Parking fine?" an hour after "I got a parking fine, who do I contact?" chases the same case.
        chased = _chases_own_case(post, found.earlier_posts)
        if chased:
            signals["own_case"] = chased

    out = _Outcome()
    _escalations(signals, out)
    _breaches(signals, out, repeat_offender)
    # Thanks after advice is not "continuing to contact the Trust inappropriately".
    thanks_only = "praise" in signals and "complaint" not in signals
    # The advice is in the register, or the post says it was given and refused ("you gave me the PALS
    # number twice, not ringing it, answer me here").
    after_advice = found.after_advice or signals.get("advice_refused")
    if after_advice and not thanks_only:
        out.add(
            _Finding(
                "restrict",
                ("continued_contact_after_advice",),
                after_advice,
                wording=("individual_case", "complaints_pals"),
                steps=(
                    "Restrict the account on the platform.",
                    "Record the restriction and its rationale; it is kept under review like a block.",
                ),
            )
        )
    if found.repetition:
        out.add(_repetition_finding(found.repetition))
    if "selfharm_words" in signals and any(f.action in ("block", "restrict") for f in out.findings):
        # Never block a person who may be at risk: a person reads it first.
        out.add(
            _Finding(
                "escalate",
                evidence=signals["selfharm_words"],
                steps=(
                    "Read it yourself before anything else: words of self-harm or despair were seen beside "
                    "the reasons to block.",
                    "If the person may be at risk, follow the safeguarding procedure; never block them.",
                ),
            )
        )
    _everyday(signals, out)
    _second_look(post.text, out, pack.thresholds, criticism="complaint" in signals)
    age = now - post.at
    if age > timedelta(days=1):
        out.notes.append(f"The post is {age.days} day(s) old: check whether it has already been answered.")
    return _recommend(post, pack, out, signals)


_LIGHT = frozenset({"no_action", "reply", "signpost"})


def _second_look(text: str, out: _Outcome, thresholds: Thresholds, *, criticism: bool) -> None:
    """Where the rules found nothing serious, the second reader may still send the post to a person.

    Where the rules read criticism, the reader's sense that it ought to be hidden is not followed: the
    policy never removes criticism, however strongly put. Its sense of a threat or a risk is, where it
    is surer (`second_reader_criticism`): criticism's strong words are the ones threats use."""
    lowest = min(thresholds.second_reader_risk, thresholds.second_reader_removal)
    if lowest > 1 or any(f.action not in _LIGHT for f in out.findings):
        return
    opinion = second_reader.read(text)
    removal = opinion.needed == "remove"
    if removal and criticism:
        return
    bar = thresholds.second_reader_removal if removal else thresholds.second_reader_risk
    if criticism:
        bar = max(bar, thresholds.second_reader_criticism)
    if opinion.attention < bar:
        return
    needed, wording = _NEEDED[opinion.needed]
    shown = redact(text).lower()  # only words the redacted post still shows
    words = ", ".join(f"\u201c{w}\u201d" for w in opinion.evidence if w in shown) or "its wording as a whole"
    suggested = tuple(c for c, p in opinion.criteria.items() if p >= thresholds.second_reader_criterion)
    out.add(
        _Finding(
            "escalate",
            suggested,
            evidence=text[:120],
            wording=wording,
            steps=(
                "Read it yourself: no rule found a reason to act, but posts worded like this one needed "
                f"{needed} ({opinion.attention:.0%} of them, by the second reader), weighed most by {words}.",
                "If anyone may be at risk or threatened, tell the on-call manager now; "
                "if it breaks the house rules, hide it and say which clause"
                + (" (the criteria shown are the second reader's suggestion)." if suggested else "."),
                "Do not block or restrict on this alone.",
            ),
        )
    )


# What the second reader's leading kind means on the card, and the wording that fits it.
_NEEDED: dict[str, tuple[str, tuple[str, ...]]] = {
    "remove": ("hiding or blocking", ("house_rules_removed",)),
    "threat": ("escalating as a threat or danger", ("house_rules_removed",)),
    "at_risk": ("escalating as a person at risk", ("urgent_help",)),
}


def _chases_own_case(post: Post, earlier: Sequence[Post]) -> str | None:
    """The author's own case raised in the last day, when this post is about the same matter."""
    for p in earlier:
        recent = post.at - p.at <= timedelta(days=1)
        if recent and "own_case" in _by_kind(read_post(p.text)) and same_matter(post.text, [p.text]):
            return post.text[:80]
    return None


def _recommend(post: Post, pack: PolicyPack, out: _Outcome, signals: dict[str, str]) -> Recommendation:
    findings = out.findings
    redacted = redact(post.text)

    def mask(evidence: str) -> str:
        # Evidence is read off the redacted post: a surname beside its first name stays masked.
        return redact_quote(post.text, evidence) if redacted != post.text else evidence

    action: Action = min((f.action for f in findings), key=ACTIONS.index, default="no_action")
    # Everyday replies are not offered when the post is being escalated, hidden or blocked.
    relevant = [f for f in findings if f.action == action or f.criteria or action in ("signpost", "reply")]

    criteria: list[str] = []
    reasons: list[Reason] = []
    for c in pack.criteria:
        for f in relevant:
            if c.id in f.criteria and c.id not in criteria:
                criteria.append(c.id)
                reasons.append(Reason(c.id, c.clause, mask(f.evidence)))

    wording = _unique(w for f in sorted(relevant, key=lambda f: ACTIONS.index(f.action)) for w in f.wording)
    monitored = is_monitored(post.at, pack)
    if not monitored and action in ("reply", "signpost"):
        wording.append("monitoring_hours")
    if action in ("hide", "block"):
        wording.append("house_rules_removed")
    if action == "block":
        wording.append("blocked_service_info")
    fitting = pack.action(action).wording
    wording = [w for w in _unique(wording) if _known_wording(pack, w) and (fitting is None or w in fitting)]

    notes = list(out.notes)
    if action == "escalate":
        # Escalations without a criterion (a person at risk, danger on site) still show their evidence.
        notes += [
            f"Evidence: \u201c{mask(f.evidence)}\u201d"
            for f in findings
            if f.action == action and not f.criteria
        ]
    steps = _unique(s for f in findings if f.action == action for s in f.steps)
    steps += _unique(s for f in relevant if f.action != action for s in f.steps if s not in steps)
    if not steps and "risk_words" in signals:
        seen = mask(signals["risk_words"])
        steps = [
            f"Words that can signal risk were seen (\u201c{seen}\u201d), but no rule found them aimed at "
            "anyone or meant, so nothing in the policy calls for action. Read it yourself if unsure."
        ]
    if not steps:
        steps = ["Nothing in the policy calls for action."]
    return Recommendation(
        action=action,
        criteria=tuple(criteria),
        wording=tuple(wording),
        reasons=tuple(reasons),
        steps=tuple(steps),
        redacted=redacted,
        monitored=monitored,
        notes=tuple(
            n for n in _unique(notes) if action in ("signpost", "reply", "no_action") or "Criticism" not in n
        ),
    )


def _known_wording(pack: PolicyPack, wording_id: str) -> bool:
    return any(w.id == wording_id for w in pack.wording)


def _unique(items: Iterable[str]) -> list[str]:
    seen: list[str] = []
    for item in items:
        if item not in seen:
            seen.append(item)
    return seen

"""The assessment card: what the policy says to do about a post, why, and the wording to use."""

from __future__ import annotations

from cards.elements import (
    Card,
    Element,
    banner,
    box,
    bullets,
    callout,
    card,
    execute,
    facts,
    for_account,
    labelled,
    platform_label,
    quote,
    stacked,
    subheading,
    text,
    verbatim,
)
from policy.model import Recommendation
from policy.pack import PolicyPack

# Verbs the dialogs handle for this card's buttons.
VERB_BLOCK_OPEN = "block.open"
VERB_ADVISED = "account.advised"
VERB_WORDING_SHOW = "wording.show"
# The team's verdict on this check (`cards.verdict`, handled by `dialogs.verdict`).
VERB_VERDICT_OPEN = "verdict.open"
VERB_VERDICT_LEAVE = "verdict.leave"


def _action_title(rec: Recommendation, pack: PolicyPack) -> tuple[str, str | None, str]:
    """The action in words (title, summary) and the pack's colour for it."""
    try:
        info = pack.action(rec.action)
    except KeyError:
        return rec.action, None, "default"
    return info.title, info.summary, info.colour


def _speak(rec: Recommendation, pack: PolicyPack) -> str:
    """What a screen reader announces first: the action and the one next step."""
    title, _, _ = _action_title(rec, pack)
    parts = [f"Recommendation: {title}."]
    if rec.steps:
        parts.append(f"Next step: {rec.steps[0]}")
    if not rec.monitored:
        parts.append("The accounts are outside monitored hours.")
    return " ".join(parts)


def _criteria(rec: Recommendation, pack: PolicyPack) -> list[Element]:
    ids = list(dict.fromkeys([*rec.criteria, *(r.criterion for r in rec.reasons)]))
    if not ids:
        return []
    elements: list[Element] = [subheading("Why: the policy's criteria")]
    for criterion_id in ids:
        try:
            criterion = pack.criterion(criterion_id)
            title, clause = criterion.title, criterion.clause
        except KeyError:
            title, clause = criterion_id, ""
        reasons = [r for r in rec.reasons if r.criterion == criterion_id]
        items: list[Element] = [text(title, weight="bolder")]
        # The engine may cite the clause it matched; the pack's clause is the fallback.
        for quoted in dict.fromkeys([r.clause for r in reasons if r.clause] or [clause]):
            if quoted:
                items.append(quote(quoted))
        items.extend(labelled("Evidence", r.evidence, italic=True) for r in reasons if r.evidence)
        elements.append({"type": "Container", "items": items, "spacing": "medium"})
    return elements


def _wording(rec: Recommendation, pack: PolicyPack) -> list[Element]:
    elements: list[Element] = []
    for wording_id in rec.wording:
        try:
            entry = pack.wording_entry(wording_id)
            rendered = pack.render(wording_id)
        except KeyError:
            continue
        elements.append(
            box(
                [
                    text(entry.title, weight="bolder"),
                    verbatim(rendered, spacing="small"),
                    text(f"{entry.id} · version {entry.version}", size="small", subtle=True, spacing="small"),
                ],
                spacing="medium",
            )
        )
    if elements:
        elements.insert(0, subheading("Suggested wording (ready to copy)"))
    return elements


def assessment_card(
    rec: Recommendation,
    pack: PolicyPack,
    *,
    post_id: str,
    redacted_text: str,
    author: str | None,
    platform: str | None,
) -> Card:
    """The reply to `check`: the action, the criteria with their clauses and evidence, steps, wording."""
    title, summary, colour = _action_title(rec, pack)
    body: list[Element] = [banner(title, summary, style=colour)]
    if not rec.monitored:
        body.append(
            callout(
                f"Out of hours: the accounts are outside monitored hours ({pack.hours.describe()}). "
                "Reply or act when the team is next online, unless someone is at risk."
            )
        )
    body.append(
        facts(
            [("Author", author or ""), ("Platform", platform_label(platform)), ("Check", post_id)],
            spacing="medium",
        )
    )
    body.append(box([text("The post (redacted)", size="small", subtle=True), verbatim(redacted_text)]))
    body.extend(_criteria(rec, pack))
    if rec.steps:
        body.append(subheading("Next steps"))
        body.append(bullets(rec.steps))
    body.extend(_wording(rec, pack))
    if rec.notes:
        body.extend(text(note, size="small", subtle=True, spacing="small") for note in rec.notes)

    actions: list[Element] = []
    # People decide, so a block can be recorded from any assessment, except an escalation with no
    # policy reason: that is a person at risk or danger on site, and must never lead to a block.
    if rec.criteria or rec.action != "escalate":
        actions.append(
            execute(
                f"Record a block for {for_account(author)}" if author else "Record a block",
                VERB_BLOCK_OPEN,
                {
                    "post_id": post_id,
                    "platform": platform or "",
                    "account": author or "",
                    "criteria": list(rec.criteria),
                    "evidence": redacted_text,
                },
                style="destructive" if rec.action == "block" else "default",
            )
        )
    if author:
        actions.append(
            execute(
                f"Mark {for_account(author)} as advised",
                VERB_ADVISED,
                {"account": author, "platform": platform or "", "check_id": post_id},
            )
        )
    actions.append(
        execute(
            "Show the approved wording" if rec.wording else "Show wording topics",
            VERB_WORDING_SHOW,
            {"ids": list(rec.wording)},
        )
    )
    # The team's verdict: leaving the post, or saying what the recommendation should have been.
    if rec.action != "no_action":
        actions.append(
            execute("Leave it: no action", VERB_VERDICT_LEAVE, {"check_id": post_id, "account": author or ""})
        )
    actions.append(
        execute(
            "Not right?",
            VERB_VERDICT_OPEN,
            {
                "check_id": post_id,
                "account": author or "",
                "engine_action": rec.action,
                "criteria": list(rec.criteria),
            },
        )
    )
    # One button to a row: side by side, a phone cuts their titles off.
    body.extend(stacked(actions))
    return card(body, speak=_speak(rec, pack))

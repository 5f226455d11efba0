"""The card that replaces the block form once the block is recorded: the decision as the register holds it."""

from __future__ import annotations

from cards.elements import (
    Card,
    Element,
    banner,
    box,
    card,
    facts,
    local_date,
    local_time,
    platform_label,
    quote,
    subheading,
    text,
    verbatim,
)
from cards.markdown import escape_markdown
from policy.pack import PolicyPack
from register.model import Block

SERVICE_INFO_WORDING = "blocked_service_info"


def _clauses(block: Block, pack: PolicyPack) -> list[Element]:
    elements: list[Element] = [subheading("Under the policy's criteria")]
    for criterion_id in block.criteria:
        try:
            criterion = pack.criterion(criterion_id)
        except KeyError:
            # An id the pack does not know came from the form or an old register: show it as typed.
            elements.append(text(escape_markdown(criterion_id), weight="bolder"))
            continue
        elements.append(text(criterion.title, weight="bolder", spacing="small"))
        elements.append(quote(criterion.clause))
    return elements


def _service_info(pack: PolicyPack) -> list[Element]:
    try:
        entry = pack.wording_entry(SERVICE_INFO_WORDING)
        rendered = pack.render(SERVICE_INFO_WORDING)
    except KeyError:
        return []
    return [
        subheading("Service information stays on the website"),
        box(
            [
                text(entry.title, weight="bolder"),
                verbatim(rendered, spacing="small"),
                text(f"{entry.id} · version {entry.version}", size="small", subtle=True, spacing="small"),
            ]
        ),
    ]


def block_confirmation_card(block: Block, pack: PolicyPack) -> Card:
    """Who blocked which account, when, why and under which clauses, and when it is reviewed."""
    lifted = block.status == "lifted"
    body: list[Element] = [
        banner(
            "Block lifted" if lifted else "Block recorded",
            escape_markdown(f"{block.account} on {platform_label(block.platform)}"),
            style="default" if lifted else "attention",
        ),
        facts(
            [
                ("Account", block.account),
                ("Platform", platform_label(block.platform)),
                ("Decided by", block.decided_by.name),
                ("When", local_time(block.decided_at, pack.timezone)),
                ("Review due", local_date(block.review_due)),
                ("Link", block.link or ""),
                ("Last review", block.last_review or ""),
                ("Reference", block.id),
            ],
            spacing="medium",
        ),
        *_clauses(block, pack),
        subheading("Rationale"),
        verbatim(block.rationale),
    ]
    if block.evidence:
        body.append(subheading("Evidence (redacted)"))
        body.append(box([verbatim(block.evidence)]))
    body.append(text(pack.review_clause, size="small", subtle=True, spacing="medium"))
    body.extend(_service_info(pack))
    what = "lifted" if lifted else "recorded"
    step = (
        f"Next step: unblock the account on {platform_label(block.platform)} if not done yet."
        if lifted
        else f"Next review by {local_date(block.review_due)}."
    )
    return card(body, speak=f"Block {what} for {block.account} on {platform_label(block.platform)}. {step}")

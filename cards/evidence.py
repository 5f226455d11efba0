"""The evidence pack for one account, summarised in Teams: what it holds, the register's integrity
check, and how to produce the full pack (HTML and CSV) for Security or the police."""

from __future__ import annotations

from cards.elements import Card, Element, banner, callout, card, facts, subheading, text
from cards.markdown import escape_markdown
from register.evidence import PACK_VERSION, EvidencePack
from register.readable import london_time


def _counts(pack: EvidencePack) -> list[tuple[str, str]]:
    counts = pack.counts
    by_action = ", ".join(f"{action} {n}" for action, n in sorted(pack.checks_by_action.items()) if action)
    reviews = (
        f"kept {counts['block_kept']}, snoozed {counts['block_snoozed']}, lifted {counts['block_lifted']}"
    )
    first_last = (
        f"{london_time(pack.entries[0].event.at)} to {london_time(pack.entries[-1].event.at)}"
        if pack.entries
        else ""
    )
    return [
        ("Posts checked", f"{counts['assessed']}" + (f" ({by_action})" if by_action else "")),
        ("Advice given", str(counts["advised"])),
        ("Blocks recorded", str(counts["block_created"])),
        ("Reviews", reviews),
        ("Period (London)", first_last),
    ]


def evidence_card(pack: EvidencePack) -> Card:
    """The summary card for `evidence @handle [on platform]`."""
    integrity = pack.integrity
    if integrity.intact:
        verdict: Element = text(
            f"Audit chain intact: {integrity.events} events verified.", weight="bolder", spacing="small"
        )
    else:
        verdict = callout(
            f"Audit chain BROKEN at {escape_markdown(integrity.describe_first())}. "
            "Tell whoever looks after the register before sending this pack.",
            style="attention",
            spacing="small",
        )
    where = f" on {pack.platform}" if pack.platform else ""
    command = f"socialdesk evidence {pack.account}" + (
        f" --platform {pack.platform}" if pack.platform else ""
    )
    body: list[Element] = [
        banner(
            escape_markdown(pack.title),
            f"{len(pack.entries)} entries: every check, advice, block, review and lift the register holds"
            f"{where}, oldest first. Texts are stored redacted.",
        ),
        facts(_counts(pack), spacing="medium"),
        subheading("Integrity of the register"),
        verdict,
        text(f"Fingerprint: {integrity.fingerprint}", size="small", subtle=True, spacing="small"),
        subheading("The full pack"),
        text(
            "To send it to Security or the police, whoever runs Social Desk can write it as a printable "
            f"HTML document and a CSV: **{escape_markdown(command)} --out DIR**",
            spacing="small",
        ),
        text(
            f"Evidence pack version {PACK_VERSION}; {escape_markdown(pack.policy)}.",
            size="small",
            subtle=True,
        ),
    ]
    state = "intact" if integrity.intact else "broken"
    speak = f"{pack.title}: {len(pack.entries)} entries. The audit chain is {state}."
    return card(body, speak=speak)

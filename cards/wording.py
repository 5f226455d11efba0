"""Approved response wording: the entries found for a search, and the list of every topic."""

from __future__ import annotations

from collections.abc import Sequence

from cards.elements import Card, Element, box, callout, card, execute, heading, text, verbatim
from cards.markdown import escape_markdown
from policy.pack import PolicyPack, Wording

VERB_WORDING_SHOW = "wording.show"


def _entry(entry: Wording, pack: PolicyPack) -> Element:
    try:
        rendered = pack.render(entry.id)
    except KeyError:  # an entry from another pack: show it without the contact details filled in
        rendered = entry.text
    return box(
        [
            text(entry.title, weight="bolder"),
            verbatim(rendered, spacing="small"),
            text(
                f"{entry.id} · version {entry.version} · "
                f"approved by {entry.approved_by} on {entry.approved_on}",
                size="small",
                subtle=True,
                spacing="small",
            ),
        ],
        spacing="medium",
    )


def wording_card(entries: Sequence[Wording], pack: PolicyPack, *, query: str | None = None) -> Card:
    """The approved text of each entry, ready to copy, with its id, version and approval."""
    title = f"Approved wording for “{escape_markdown(query)}”" if query else "Approved wording"
    body: list[Element] = [heading(title)]
    if entries:
        body.extend(_entry(entry, pack) for entry in entries)
    else:
        body.append(text("No approved wording to show.", spacing="medium"))
    body.append(
        text(f"From the {pack.policy_title} policy pack, version {pack.version}.", size="small", subtle=True)
    )
    if entries:
        speak = f"{len(entries)} approved wording{'s' if len(entries) != 1 else ''}: " + "; ".join(
            e.title for e in entries
        )
        speak += ". Copy the text into your reply."
    else:
        speak = "No approved wording to show. Type wording to list the topics."
    return card(body, speak=speak)


def wording_topics_card(pack: PolicyPack, *, message: str | None = None) -> Card:
    """Every wording topic (title and id); tapping one shows its text."""
    body: list[Element] = [heading("Approved wording topics")]
    if message:
        body.append(callout(message, spacing=None))
    body.append(text("Type `wording <words>` or tap a topic.", subtle=True, spacing="small"))
    for entry in pack.wording:
        body.append(
            {
                "type": "Container",
                "spacing": "small",
                "selectAction": execute(f"Show {entry.title}", VERB_WORDING_SHOW, {"ids": [entry.id]}),
                "items": [
                    text(entry.title, weight="bolder"),
                    text(entry.id, size="small", subtle=True, spacing="none"),
                ],
            }
        )
    return card(body, speak=f"{len(pack.wording)} approved wording topics. Tap a topic to see its text.")


def wording_insert_card(entry: Wording, pack: PolicyPack) -> Card:
    """One entry as a message extension inserts it into the compose box: the text, its id and version."""
    return card([_entry(entry, pack)], speak=f"Approved wording: {entry.title}.")

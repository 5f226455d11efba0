"""`wording`: the approved response wording, by topic or from a few words (typos allowed)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from cards.assessment import VERB_WORDING_SHOW
from cards.markdown import escape_markdown
from cards.wording import wording_card, wording_topics_card
from dialogs.actions import action
from dialogs.registry import command
from dialogs.turn import Outcome, Turn
from policy.pack import Wording
from policy.wording_search import search_wording

MAX_QUERY = 200


@command("wording", title="Approved wording", usage="wording [words]")
async def wording(turn: Turn, args: str) -> None:
    """Find approved response wording; with no words, list every topic."""
    pack = turn.services.pack
    query = " ".join(args.split())[:MAX_QUERY]
    if not query:
        await turn.send_card(wording_topics_card(pack), summary="Approved wording topics")
        return
    found = search_wording(pack, query)
    if not found:
        # The card shows the message as the bot's own words (markdown), so the query is escaped.
        message = f"No approved wording matches \u201c{escape_markdown(query)}\u201d. These are the topics:"
        await turn.send_card(wording_topics_card(pack, message=message), summary="Approved wording topics")
        return
    await turn.send_card(wording_card(found, pack, query=query), summary="Approved wording")


@action(VERB_WORDING_SHOW)
async def wording_clicked(turn: Turn, data: Mapping[str, Any]) -> Outcome:
    """ "Show wording" on an assessment, or a topic tapped: the text is sent below, the card stays."""
    pack = turn.services.pack
    ids = data.get("ids")
    entries: list[Wording] = []
    for wording_id in ids if isinstance(ids, list) else []:
        try:
            entries.append(pack.wording_entry(str(wording_id)))
        except KeyError:
            continue  # a card from an older pack may name wording that no longer exists
    if not entries:
        await turn.send_card(wording_topics_card(pack), summary="Approved wording topics")
        return Outcome(message="No wording was suggested for this post; the topics are below.")
    await turn.send_card(wording_card(entries, pack), summary="Approved wording")
    return Outcome(message="The wording is below.")

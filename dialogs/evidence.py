"""`evidence @handle [on platform]`: the evidence pack for one account, summarised on a card."""

from __future__ import annotations

from cards.evidence import evidence_card
from dialogs.addressing import parse_account
from dialogs.registry import command
from dialogs.turn import Turn
from register.evidence import gather


@command("evidence", title="Evidence pack", usage="evidence @handle [on platform]", editors_only=True)
async def evidence(turn: Turn, args: str) -> None:
    """Summarise the evidence pack for an account: checks, advice, blocks, reviews, integrity."""
    addressed = parse_account(args)
    if addressed.account is None:
        await turn.say("Whose evidence? Type evidence @handle (or evidence @handle on facebook).")
        return
    pack = await gather(
        turn.services.register, addressed.account, turn.services.pack, turn.now, addressed.platform
    )
    await turn.send_card(evidence_card(pack), summary=pack.title)

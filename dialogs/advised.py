"""Marking an account as advised: it was told the right route (PALS, Complaints, its care team).

Later checks see the advice, so continued contact about the same matter is recognised.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from cards.assessment import VERB_ADVISED
from cards.markdown import escape_markdown
from dialogs.actions import action
from dialogs.addressing import parse_account
from dialogs.registry import command
from dialogs.turn import Outcome, Turn
from register.model import normalise_account
from register.verdicts import is_check_id, record_verdict


async def record_advice(turn: Turn, handle: str) -> str:
    account = normalise_account(handle)
    await turn.services.register.add_advice(account, turn.actor, turn.now)
    # A handle such as @some_user_name must not turn into italics in the reply.
    return (
        f"Recorded: {escape_markdown(account)} was advised of the right route. "
        "Later checks will take this into account."
    )


@command("advised", title="Mark as advised", usage="advised @handle", editors_only=True)
async def advised(turn: Turn, args: str) -> None:
    """Record that an account was told how to contact the Trust properly (PALS, Complaints)."""
    account = parse_account(args).account
    if account is None:
        await turn.say("Which account? Type advised @handle.")
        return
    await turn.say(await record_advice(turn, account))


@action(VERB_ADVISED, editors_only=True)
async def advised_clicked(turn: Turn, data: Mapping[str, Any]) -> Outcome:
    account = parse_account(str(data.get("account") or "")).account
    if account is None:
        return Outcome(message="This check had no author's handle, so there is no account to mark.")
    # The confirmation goes into the conversation, where the team can see it later.
    await turn.say(await record_advice(turn, account))
    # Marked from an assessment: that is also the team's verdict on the check.
    if is_check_id(check_id := data.get("check_id")):
        await record_verdict(
            turn.services.register,
            check_id=str(check_id),
            account=account,
            source="advised",
            actor=turn.actor,
            at=turn.now,
        )
    return Outcome(message="Recorded.")

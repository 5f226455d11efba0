"""Blocks for review tests: a due date, an account and an id are all that most tests care about."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

from register.model import Actor, Block, NewBlock
from tests.cards.examples import block as example_block

DECIDER = Actor(name="A. Smith", aad_object_id="00000000-0000-0000-0000-000000000001")


def due_block(block_id: str, review_due: date, account: str = "@angry_poster", **changes: object) -> Block:
    """The example block with another id, account and review date (and any other field changed)."""
    values: dict[str, object] = {"revision": f"rev-{block_id}", **changes}
    return replace(example_block(), id=block_id, account=account, review_due=review_due, **values)  # type: ignore[arg-type]


def new_block(account: str, review_due: date, platform: str = "facebook") -> NewBlock:
    """What an editor submits on the block form, for recording straight into a register."""
    return NewBlock(
        platform=platform,
        account=account,
        criteria=("threatening_abusive_insulting",),
        rationale="Threats against named staff after two warnings; hiding has not stopped them.",
        evidence="[redacted]",
        review_due=review_due,
    )


DECIDED_AT = datetime(2026, 11, 2, 10, 0, tzinfo=UTC)


def channel_reference(conversation_id: str, service_url: str) -> dict[str, object]:
    """A stored ConversationReference for a team channel, as the bot saves it on install."""
    from botbuilder.schema import ChannelAccount, ConversationAccount, ConversationReference

    reference = ConversationReference(
        channel_id="msteams",
        service_url=service_url,
        conversation=ConversationAccount(id=conversation_id, conversation_type="channel", is_group=True),
        bot=ChannelAccount(id="28:socialdesk-bot", name="Social Desk"),
        user=ChannelAccount(id="29:user-alex", name="Alex Editor"),
    )
    serialised: dict[str, object] = reference.serialize()
    return serialised

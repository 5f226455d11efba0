"""Block reviews: `reviews` and `reviews all`, and the Keep, Lift and Snooze buttons on the digest card.

`reviews all` finds blocks by platform, criterion and status (`reviews all facebook lifted`; active
blocks when no status is given) and lists them a page at a time, with *Previous* / *Next* buttons.

Every button answers with the digest card rebuilt from the register, so it shows each block as it
stands now, whoever acted on it. A Keep or Lift without a reason comes back with the form open, the
message beside the field and what was typed kept. If someone else acted first, the register refuses
the stale revision (`Conflict`) and the card says so and shows what they did. The register writes the
audit record of every review.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Mapping
from datetime import date
from typing import Any

from cards.digest import (
    MAX_DIGEST_BLOCKS,
    VERB_KEEP,
    VERB_LIFT,
    VERB_REVIEWS_PAGE,
    VERB_SNOOZE,
    ReviewForm,
    ReviewTarget,
    digest_card,
    entry_state,
    read_keep,
    read_lift,
    read_target,
    reviews_list_card,
)
from cards.pages import read_page
from dialogs.actions import action
from dialogs.block_query import BlockQuery, QueryError, parse_query
from dialogs.registry import command
from dialogs.turn import Outcome, Turn
from policy.hours import next_monitored_day
from register.base import Conflict, NotFound, RegisterError
from register.model import Block
from reminders.due import due_blocks

log = logging.getLogger(__name__)

OUT_OF_DATE = "That review card is out of date. Type reviews to see what is due now."


def _today(turn: Turn) -> date:
    return turn.now.astimezone(turn.services.pack.timezone).date()


def _snooze_until(turn: Turn) -> date:
    return next_monitored_day(_today(turn), turn.services.pack.hours)


@command("reviews", title="Blocks due for review", usage="reviews [all [platform] [criterion] [status]]")
async def reviews(turn: Turn, args: str) -> None:
    """Show the blocks due or overdue for review now; reviews all lists every active block, and
    finds blocks by platform, criterion or status (active, due, overdue, lifted, any)."""
    register = turn.services.register
    pack = turn.services.pack
    today = _today(turn)
    word, _, rest = args.strip().partition(" ")
    if word.lower() == "all":
        try:
            query = parse_query(rest, (c.id for c in pack.criteria))
        except QueryError as exc:
            await turn.say(str(exc))
            return
        await turn.send_card(await _found_card(turn, query, 0), summary=query.title())
        return
    if args.strip():
        await turn.say("Type reviews for what is due now, or reviews all for every active block.")
        return
    active = await register.active_blocks()
    due = [entry.block for entry in due_blocks(active, today)]
    shown = due[:MAX_DIGEST_BLOCKS]
    card = digest_card(
        today, shown, pack, today=today, snooze_until=_snooze_until(turn), more=len(due) - len(shown)
    )
    await turn.send_card(card, summary="Blocks due for review")


async def _found_card(turn: Turn, query: BlockQuery, page: int) -> dict[str, Any]:
    pack = turn.services.pack
    today = _today(turn)
    register = turn.services.register
    blocks = await (
        register.active_blocks() if query.status in ("active", "due", "overdue") else register.all_blocks()
    )
    found = [block for block in blocks if query.matches(block, today)]
    criterion = pack.criterion(query.criterion).title if query.criterion else None
    noun = "active" if query == BlockQuery() else "found"
    title = query.title(criterion)
    return reviews_list_card(found, pack, today=today, page=page, title=title, query=query.words(), noun=noun)


@action(VERB_REVIEWS_PAGE)
async def reviews_page(turn: Turn, data: Mapping[str, Any]) -> Outcome:
    """*Previous* / *Next* on the list of blocks found: the same search, another page."""
    words = data.get("query")
    try:
        query = parse_query(
            words if isinstance(words, str) else "", (c.id for c in turn.services.pack.criteria)
        )
    except QueryError:
        return Outcome(message="That list is out of date. Type reviews all to see it again.")
    return Outcome(card=await _found_card(turn, query, read_page(data)))


async def _blocks(turn: Turn, ids: tuple[str, ...], day: date) -> tuple[list[Block], int]:
    """The digest's blocks as they are now (lifted ones too), and how many other blocks are due."""
    register = turn.services.register
    active = {block.id: block for block in await register.active_blocks()}
    shown: list[Block] = []
    for block_id in ids:
        if block_id in active:
            shown.append(active[block_id])
            continue
        try:
            shown.append(await register.get_block(block_id))  # lifted since the digest was sent
        except NotFound:
            log.warning("a digest names block %s, which the register no longer holds", block_id)
    more = sum(1 for b in active.values() if b.review_due <= day and b.id not in ids)
    return shown, more


async def _card(
    turn: Turn, target: ReviewTarget, *, notice: str | None = None, form: ReviewForm | None = None
) -> Outcome:
    shown, more = await _blocks(turn, target.ids, target.day)
    card = digest_card(
        target.day,
        shown,
        turn.services.pack,
        today=_today(turn),
        snooze_until=_snooze_until(turn),
        more=more,
        notice=notice,
        form=form,
    )
    return Outcome(card=card)


async def _settled(turn: Turn, target: ReviewTarget, notice: str | None = None) -> Outcome:
    """The card after a change: returned to the clicker, and put in place for everyone else too."""
    outcome = await _card(turn, target, notice=notice)
    message_id = turn.context.activity.reply_to_id
    if message_id and outcome.card is not None:
        try:
            await turn.replace_card(message_id, outcome.card)
        except Exception:
            # The clicker still gets the updated card from the invoke answer.
            log.warning("could not update the digest message for everyone", exc_info=True)
    return outcome


def _conflict_notice(current: Block) -> str:
    done = f": {current.last_review}" if current.last_review else "."
    return f"Someone else acted on {current.account} first{done}"


async def _apply(turn: Turn, target: ReviewTarget, change: Awaitable[Block]) -> Outcome:
    """Run a register change; a stale revision or a vanished block becomes a notice on the card."""
    try:
        await change
    except Conflict as conflict:
        return await _settled(turn, target, _conflict_notice(conflict.current))
    except NotFound:
        return await _card(turn, target, notice="That block is no longer in the register.")
    except RegisterError as exc:
        return await _card(turn, target, notice=str(exc))
    return await _settled(turn, target)


async def _form_step(turn: Turn, target: ReviewTarget, kind: str, data: Mapping[str, Any]) -> Outcome | None:
    """Opening or closing a Keep/Lift form; None when the form is being submitted."""
    step = data.get("step")
    if step == "open":
        try:
            block = await turn.services.register.get_block(target.block_id)
        except NotFound:
            return await _card(turn, target, notice="That block is no longer in the register.")
        if entry_state(block, target.day) != "due":
            return await _card(turn, target, notice=_conflict_notice(block))
        return await _card(
            turn, target, form=ReviewForm(target.block_id, "keep" if kind == "keep" else "lift")
        )
    if step == "close":
        return await _card(turn, target)
    return None


@action(VERB_KEEP, editors_only=True)
async def keep(turn: Turn, data: Mapping[str, Any]) -> Outcome:
    target = read_target(data)
    if target is None:
        return Outcome(message=OUT_OF_DATE)
    if (opened := await _form_step(turn, target, "keep", data)) is not None:
        return opened
    pack = turn.services.pack
    decision, form = read_keep(
        data, target.block_id, today=_today(turn), interval_days=pack.review_interval_days
    )
    if decision is None:
        return await _card(turn, target, form=form)
    reason, next_review = decision
    register = turn.services.register
    change = register.keep_block(target.block_id, target.revision, turn.actor, turn.now, reason, next_review)
    return await _apply(turn, target, change)


@action(VERB_LIFT, editors_only=True)
async def lift(turn: Turn, data: Mapping[str, Any]) -> Outcome:
    target = read_target(data)
    if target is None:
        return Outcome(message=OUT_OF_DATE)
    if (opened := await _form_step(turn, target, "lift", data)) is not None:
        return opened
    reason, form = read_lift(data, target.block_id)
    if reason is None:
        return await _card(turn, target, form=form)
    register = turn.services.register
    return await _apply(
        turn, target, register.lift_block(target.block_id, target.revision, turn.actor, turn.now, reason)
    )


@action(VERB_SNOOZE, editors_only=True)
async def snooze(turn: Turn, data: Mapping[str, Any]) -> Outcome:
    target = read_target(data)
    if target is None:
        return Outcome(message=OUT_OF_DATE)
    register = turn.services.register
    change = register.snooze_block(
        target.block_id, target.revision, turn.actor, turn.now, _snooze_until(turn)
    )
    return await _apply(turn, target, change)

"""`check`: assess a pasted post against the policy and answer with the assessment card.

The author's history (earlier checks, advice given) comes from the register, so repetition and
continued contact after advice are seen. Every check is stored, redacted, under its id (the card's
"Check" reference) with the engine's action, criteria and the pack's version, so that the team's
verdict and a block recorded from the card can name it; against its author when one is known, which
makes it part of that account's history.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from cards.assessment import assessment_card
from cards.check_form import VERB_CHECK_SUBMIT, check_form_card
from cards.elements import Card
from dialogs.actions import action
from dialogs.addressing import parse_account, parse_post_prefix, platform_id
from dialogs.registry import command
from dialogs.turn import Outcome, Turn
from observe import telemetry
from policy.model import Advice, Post
from register.model import Assessment, normalise_account


def too_long_message(turn: Turn, length: int) -> str:
    limit = turn.services.pack.thresholds.max_post_chars
    return (
        f"That post is {length} characters long; I check posts of up to {limit} characters. "
        "Paste the part that matters (nothing was stored)."
    )


async def _history(turn: Turn, account: str) -> list[Post | Advice]:
    """The author's earlier posts (as stored, redacted) and the advice they were given."""
    services = turn.services
    since = turn.now - timedelta(days=services.pack.thresholds.advice_memory_days)
    earlier = await services.register.assessments_for(account, since=since)
    advised = await services.register.advice_for(account)
    history: list[Post | Advice] = [
        Post(id=f"earlier-{i}", text=a.redacted, at=a.at, author=account, platform=a.platform)
        for i, a in enumerate(earlier)
    ]
    history.extend(Advice(author=account, at=at) for at in advised)
    return history


async def assess_post(turn: Turn, text: str, author: str | None, platform: str | None) -> Card:
    """Assess, store the redacted assessment against the author, and build the card."""
    services = turn.services
    account = normalise_account(author) if author else None
    now = turn.now
    post = Post(id=turn.new_id(), text=text, at=now, author=account, platform=platform)
    history = await _history(turn, account) if account else []
    recommendation = services.assess(post, history, now, services.pack)
    telemetry.current().check(recommendation.action)  # a counter by action, when telemetry is on
    await services.register.add_assessment(
        Assessment(
            account=account,
            platform=platform,
            at=now,
            redacted=recommendation.redacted,
            action=recommendation.action,
            criteria=recommendation.criteria,
            check_id=post.id,
            pack_version=services.pack.version,
        ),
        turn.actor,
    )
    return assessment_card(
        recommendation,
        services.pack,
        post_id=post.id,
        redacted_text=recommendation.redacted,
        author=account,
        platform=platform,
    )


@command("check", title="Check a post", usage="check [@handle on platform:] <post text>")
async def check(turn: Turn, args: str) -> None:
    """Check a public post against the policy: what to do, why, and the wording to use."""
    addressed = parse_post_prefix(args)
    if not addressed.rest:
        await turn.send_card(check_form_card(turn.services.pack), summary="Check a post")
        return
    if len(addressed.rest) > turn.services.pack.thresholds.max_post_chars:
        await turn.say(too_long_message(turn, len(addressed.rest)))
        return
    card = await assess_post(turn, addressed.rest, addressed.account, addressed.platform)
    await turn.send_card(card, summary="Assessment")


@action(VERB_CHECK_SUBMIT)
async def check_submitted(turn: Turn, data: Mapping[str, Any]) -> Outcome:
    """The "Check a post" form: the assessment replaces the form; mistakes show the form again."""
    pack = turn.services.pack
    values = {key: str(data.get(key) or "").strip() for key in ("text", "author", "platform")}
    errors: dict[str, str] = {}
    if not values["text"]:
        errors["text"] = "Paste the text of the post."
    elif len(values["text"]) > pack.thresholds.max_post_chars:
        errors["text"] = f"Posts of up to {pack.thresholds.max_post_chars} characters can be checked."
    author = None
    if values["author"]:
        author = parse_account(values["author"]).account
        if author is None:
            errors["author"] = "Use the account's @handle, or leave this empty."
    if errors:
        return Outcome(card=check_form_card(pack, values=values, errors=errors))
    card = await assess_post(turn, values["text"], author, platform_id(values["platform"]))
    return Outcome(card=card)

"""The "Record a block" form, and the pure reader that turns its submitted values into a NewBlock.

The reader never loses what was typed: it returns a draft with every value as entered, so a form with
a mistake comes back with the message beside the field and nothing to type again.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlsplit

from cards.elements import (
    PLATFORM_IDS,
    PLATFORMS,
    Card,
    Element,
    card,
    choice_input,
    date_input,
    execute,
    form_speak,
    form_summary,
    heading,
    quote,
    text,
    text_input,
)
from policy.pack import PolicyPack
from register.model import NewBlock, normalise_account

VERB_BLOCK_SUBMIT = "block.submit"
FIELDS = ("platform", "account", "link", "criteria", "rationale", "evidence", "review_due")

MAX_HANDLE = 64
MAX_LINK = 2000
MAX_RATIONALE = 2000
MIN_RATIONALE = 15
MAX_REVIEW_DAYS = 365
# A handle or page name: letters and digits with the separators platforms allow (a Facebook page
# name may have spaces or an apostrophe); no slashes or colons, so a pasted link is not taken for one.
_HANDLE = re.compile(r"^@?[\w.][\w.'\- ]*$")


@dataclass(frozen=True)
class BlockDraft:
    """The block form's values exactly as typed (or pre-filled), all strings."""

    platform: str = ""
    account: str = ""
    link: str = ""
    criteria: tuple[str, ...] = ()
    rationale: str = ""
    evidence: str = ""
    review_due: str = ""

    @classmethod
    def from_data(cls, data: Mapping[str, object]) -> BlockDraft:
        """A draft from card data: the assessment card's "Record a block" prefill or a submitted form."""
        return cls(
            platform=_string(data.get("platform")),
            account=_string(data.get("account")),
            link=_string(data.get("link")),
            criteria=_criteria_ids(data.get("criteria")),
            rationale=_string(data.get("rationale")),
            evidence=_string(data.get("evidence")),
            review_due=_string(data.get("review_due")),
        )


def _string(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ",".join(str(v) for v in value)
    return value if isinstance(value, str) else str(value)


def _criteria_ids(value: object) -> tuple[str, ...]:
    # A multi-select ChoiceSet submits "a,b"; the assessment card's prefill sends a JSON list.
    parts = value if isinstance(value, list | tuple) else _string(value).split(",")
    return tuple(dict.fromkeys(p for p in (str(v).strip() for v in parts) if p))


def block_form_card(
    pack: PolicyPack,
    draft: BlockDraft,
    *,
    default_review: date,
    errors: Mapping[str, str] | None = None,
    data: Mapping[str, Any] | None = None,
) -> Card:
    """The form, filled from `draft`; each error in `errors` (keyed by field id) shown beside its field.

    `data` is sent back with the submission unchanged (e.g. the id of the check it came from).
    """
    problems = errors or {}
    known = {c.id for c in pack.criteria}
    body: list[Element] = [
        heading("Record a block"),
        text(
            "Blocking is a last resort. Record why, under which of the policy's criteria, "
            "and when the decision will be reviewed.",
            subtle=True,
        ),
        quote(pack.review_clause),
        *form_summary(problems, FIELDS),
        *choice_input(
            "platform",
            "Platform",
            PLATFORMS,
            draft.platform,
            errors=problems,
            required=True,
            required_message="Choose the platform.",
            placeholder="Choose a platform",
        ),
        *text_input(
            "account",
            "Account handle",
            draft.account,
            errors=problems,
            required=True,
            required_message="Enter the account's handle.",
            placeholder="@handle",
            max_length=MAX_HANDLE + 1,
        ),
        *text_input(
            "link",
            "Link to the post or profile (optional)",
            draft.link,
            errors=problems,
            placeholder="https://",
            max_length=MAX_LINK,
            style="url",
        ),
        *choice_input(
            "criteria",
            "Criteria (the policy's reasons for blocking)",
            [(c.id, c.title) for c in pack.criteria],
            # An id the pack no longer knows would be an invalid choice; the reader reports it.
            ",".join(c for c in draft.criteria if c in known),
            errors=problems,
            required=True,
            required_message="Choose at least one criterion.",
            multi=True,
        ),
        *text_input(
            "rationale",
            "Rationale",
            draft.rationale,
            errors=problems,
            multiline=True,
            required=True,
            required_message="Explain why the account is being blocked.",
            placeholder="Why blocking is necessary and proportionate here",
            max_length=MAX_RATIONALE,
        ),
        *text_input(
            "evidence",
            "Evidence (redacted)",
            draft.evidence,
            errors=problems,
            multiline=True,
            max_length=pack.thresholds.max_post_chars,
        ),
        *date_input(
            "review_due",
            "Review by",
            draft.review_due or default_review.isoformat(),
            errors=problems,
            required=True,
            required_message="Choose a review date.",
        ),
    ]
    speak = form_speak(
        "Record a block",
        problems,
        "Fill in the platform, account, criteria, rationale and review date, then Record block.",
    )
    return card(body, [execute("Record block", VERB_BLOCK_SUBMIT, data, style="destructive")], speak=speak)


def _check_account(account: str) -> str | None:
    if not account:
        return "Enter the account's handle."
    if len(account.lstrip("@")) > MAX_HANDLE:
        return f"A handle is at most {MAX_HANDLE} characters."
    if not _HANDLE.match(account) or not any(c.isalnum() for c in account):
        return "That doesn't look like a handle: use the account's @name, without a link."
    return None


def _check_link(link: str) -> str | None:
    if not link:
        return None
    if len(link) > MAX_LINK:
        return f"A link is at most {MAX_LINK} characters."
    parts = urlsplit(link)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc or any(c.isspace() for c in link):
        return "A link must start with http:// or https://."
    return None


def _check_review(value: str, today: date) -> tuple[date | None, str | None]:
    if not value:
        return None, "Choose a review date."
    try:
        due = date.fromisoformat(value)
    except ValueError:
        return None, "Use a date like 2026-12-31."
    if due < today:
        return None, "The review date can't be in the past."
    if due > today + timedelta(days=MAX_REVIEW_DAYS):
        return None, "Review the block within a year: the policy says blocks are kept under review."
    return due, None


def read_block_form(
    data: Mapping[str, object],
    pack: PolicyPack,
    *,
    today: date,
    redact: Callable[[str], str] | None = None,
) -> tuple[NewBlock | None, BlockDraft, dict[str, str]]:
    """Validate a submitted block form: (the block, the draft as typed, {}) or (None, draft, errors).

    `redact` is applied to the evidence, which may have been edited after the assessment redacted it.
    """
    raw = BlockDraft.from_data(data)
    draft = BlockDraft(
        platform=raw.platform.strip().lower(),
        account=raw.account.strip(),
        link=raw.link.strip(),
        criteria=raw.criteria,
        rationale=raw.rationale.strip(),
        evidence=raw.evidence.strip(),
        review_due=raw.review_due.strip(),
    )
    errors: dict[str, str] = {}
    if draft.platform not in PLATFORM_IDS:
        errors["platform"] = "Choose the platform."
    if problem := _check_account(draft.account):
        errors["account"] = problem
    if problem := _check_link(draft.link):
        errors["link"] = problem
    known = [c.id for c in pack.criteria]
    unknown = [c for c in draft.criteria if c not in known]
    if unknown:
        errors["criteria"] = f"Not a criterion in the policy: {', '.join(unknown)}."
    elif not draft.criteria:
        errors["criteria"] = "Choose at least one criterion."
    if not draft.rationale:
        errors["rationale"] = "Explain why the account is being blocked."
    elif len(draft.rationale) < MIN_RATIONALE or len(draft.rationale.split()) < 3:
        errors["rationale"] = "Say a little more: the policy expects a carefully considered decision."
    elif len(draft.rationale) > MAX_RATIONALE:
        errors["rationale"] = f"Keep the rationale under {MAX_RATIONALE} characters."
    if len(draft.evidence) > pack.thresholds.max_post_chars:
        errors["evidence"] = f"Keep the evidence under {pack.thresholds.max_post_chars} characters."
    due, problem = _check_review(draft.review_due, today)
    if problem:
        errors["review_due"] = problem
    if errors or due is None:
        return None, draft, errors
    evidence = redact(draft.evidence) if redact else draft.evidence
    block = NewBlock(
        platform=draft.platform,
        account=normalise_account(draft.account),
        # In the policy's order, so the same choice always reads the same way.
        criteria=tuple(c for c in known if c in draft.criteria),
        rationale=draft.rationale,
        evidence=evidence,
        review_due=due,
        link=draft.link or None,
    )
    return block, draft, {}

"""The "Check a post" form: paste a post, optionally name its author and platform."""

from __future__ import annotations

from collections.abc import Mapping

from cards.elements import (
    PLATFORMS,
    Card,
    Element,
    card,
    choice_input,
    execute,
    form_speak,
    form_summary,
    heading,
    text,
    text_input,
)
from policy.pack import PolicyPack

VERB_CHECK_SUBMIT = "check.submit"
FIELDS = ("text", "author", "platform")


def check_form_card(
    pack: PolicyPack,
    *,
    values: Mapping[str, str] | None = None,
    errors: Mapping[str, str] | None = None,
) -> Card:
    """The form; shown again with `values` kept and each error beside its field when input was wrong."""
    typed = values or {}
    problems = errors or {}
    body: list[Element] = [
        heading("Check a post"),
        text(
            f"Paste a public post or comment to check it against the {pack.policy_title} policy.", subtle=True
        ),
        *form_summary(problems, FIELDS),
        *text_input(
            "text",
            "Post text",
            typed.get("text", ""),
            errors=problems,
            multiline=True,
            required=True,
            required_message="Paste the text of the post.",
            max_length=pack.thresholds.max_post_chars,
        ),
        *text_input(
            "author",
            "Author's handle (optional)",
            typed.get("author", ""),
            errors=problems,
            placeholder="@handle",
        ),
        *choice_input(
            "platform",
            "Platform (optional)",
            PLATFORMS,
            typed.get("platform", ""),
            errors=problems,
            placeholder="Choose a platform",
        ),
    ]
    speak = form_speak("Check a post", problems, "Paste the post, then Check the post.")
    return card(body, [execute("Check the post", VERB_CHECK_SUBMIT, style="positive")], speak=speak)

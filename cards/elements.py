"""Shared pieces of the cards: the card envelope, text, facts, banners, inputs, buttons and time formats.

Everything returns plain dicts in the Adaptive Card 1.5 shape. Text that comes from people (posts,
rationales, handles) goes into RichTextBlock text runs, which clients show as typed: a `*` or `[` in a
post must not turn into markdown formatting or a link.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, tzinfo
from typing import Any, Literal

from cards.markdown import escape_markdown

Card = dict[str, Any]
Element = dict[str, Any]

CARD_SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json"
# Teams renders Adaptive Cards up to 1.5 on desktop and mobile.
CARD_VERSION = "1.5"

# The platforms a post or a block can be on: (value sent by the card, label shown).
PLATFORMS: tuple[tuple[str, str], ...] = (
    ("facebook", "Facebook"),
    ("x", "X (Twitter)"),
    ("instagram", "Instagram"),
    ("tiktok", "TikTok"),
    ("linkedin", "LinkedIn"),
    ("other", "Other"),
)
PLATFORM_IDS = tuple(value for value, _ in PLATFORMS)

Style = Literal["default", "emphasis", "good", "attention", "warning", "accent"]
_STYLES = frozenset({"default", "emphasis", "good", "attention", "warning", "accent"})
# A TextBlock's colour for each container style (TextBlock has no "emphasis" colour).
_TEXT_COLOUR = {"good": "good", "attention": "attention", "warning": "warning", "accent": "accent"}


def card(body: Sequence[Element], actions: Sequence[Element] = (), *, speak: str | None = None) -> Card:
    """The card envelope every builder returns."""
    result: Card = {
        "type": "AdaptiveCard",
        "$schema": CARD_SCHEMA,
        "version": CARD_VERSION,
        "body": list(body),
    }
    if actions:
        result["actions"] = list(actions)
    if speak:
        result["speak"] = speak
    return result


def text(
    value: str,
    *,
    size: str | None = None,
    weight: str | None = None,
    color: str | None = None,
    subtle: bool = False,
    spacing: str | None = None,
    separator: bool = False,
) -> Element:
    """A TextBlock for the bot's own words (may use the markdown subset Teams supports)."""
    block: Element = {"type": "TextBlock", "text": value, "wrap": True}
    if size:
        block["size"] = size
    if weight:
        block["weight"] = weight
    if color:
        block["color"] = color
    if subtle:
        block["isSubtle"] = True
    if spacing:
        block["spacing"] = spacing
    if separator:
        block["separator"] = True
    return block


def heading(value: str, *, size: str = "large") -> Element:
    return text(value, size=size, weight="bolder")


def subheading(value: str) -> Element:
    return text(value, size="medium", weight="bolder", spacing="medium", separator=True)


def verbatim(
    value: str,
    *,
    italic: bool = False,
    monospace: bool = False,
    subtle: bool = False,
    spacing: str | None = None,
) -> Element:
    """Someone else's words, shown exactly as written (no markdown), e.g. a post or a clause."""
    run: Element = {"type": "TextRun", "text": value}
    if italic:
        run["italic"] = True
    if monospace:
        run["fontType"] = "monospace"
    if subtle:
        run["isSubtle"] = True
    block: Element = {"type": "RichTextBlock", "inlines": [run]}
    if spacing:
        block["spacing"] = spacing
    return block


def labelled(label: str, value: str, *, italic: bool = False) -> Element:
    """`Label: value`, the label bold and the value verbatim."""
    value_run: Element = {"type": "TextRun", "text": value}
    if italic:
        value_run["italic"] = True
    return {
        "type": "RichTextBlock",
        "inlines": [{"type": "TextRun", "text": f"{label}: ", "weight": "bolder"}, value_run],
        "spacing": "small",
    }


def quote(value: str) -> Element:
    """A policy clause, quoted word for word."""
    return verbatim(f"“{value}”", italic=True, spacing="small")


def box(items: Sequence[Element], *, style: str = "emphasis", spacing: str | None = None) -> Element:
    """A container with a background: groups one thing (a post, a wording) visually."""
    container: Element = {"type": "Container", "items": list(items), "style": container_style(style)}
    if spacing:
        container["spacing"] = spacing
    return container


def container_style(style: str) -> Style:
    """A pack colour or a caller's style as a container style; anything unknown is the default."""
    return style if style in _STYLES else "default"  # type: ignore[return-value]


def banner(title: str, summary: str | None = None, *, style: str = "default") -> Element:
    """The colour-coded headline of a card: what to do, or what happened."""
    chosen = container_style(style)
    items = [text(title, size="large", weight="bolder", color=_TEXT_COLOUR.get(chosen))]
    if summary:
        items.append(text(summary, spacing="small"))
    return {"type": "Container", "style": chosen, "bleed": True, "items": items}


def facts(pairs: Sequence[tuple[str, str]], *, spacing: str | None = None) -> Element:
    """A FactSet of (title, value) pairs; pairs with an empty value are left out.

    Teams renders a fact's value as markdown, and values are often people's (a handle, a display name,
    a review note), so every value is escaped: the bot's own values read the same either way.
    """
    fact_set: Element = {
        "type": "FactSet",
        "facts": [{"title": title, "value": escape_markdown(value)} for title, value in pairs if value],
    }
    if spacing:
        fact_set["spacing"] = spacing
    return fact_set


def bullets(lines: Sequence[str]) -> Element:
    """A numbered list of the bot's own steps."""
    return text("\n".join(f"{i}. {line}" for i, line in enumerate(lines, start=1)), spacing="small")


def execute(
    title: str,
    verb: str,
    data: Mapping[str, Any] | None = None,
    *,
    style: Literal["default", "positive", "destructive"] = "default",
) -> Element:
    """A button that sends an Action.Execute invoke (`verb` and `data`) to the bot."""
    action: Element = {"type": "Action.Execute", "title": title, "verb": verb, "data": dict(data or {})}
    if style != "default":
        action["style"] = style
    return action


def field_error(message: str) -> Element:
    """A form field's problem, shown right under the field in the attention colour."""
    return text(message, color="attention", size="small", spacing="none")


def form_summary(errors: Mapping[str, str], fields: Sequence[str]) -> list[Element]:
    """Above a form: a line when fields need attention, plus any error not tied to a field."""
    if not errors:
        return []
    elements = [text("Please check the fields marked below.", color="attention", weight="bolder")]
    elements.extend(field_error(message) for key, message in errors.items() if key not in fields)
    return elements


def _fill(element: Element, label: str, value: str, required: bool, required_message: str | None) -> None:
    """What every input shares: the value typed so far, and whether (and how) it is required."""
    if value:
        element["value"] = value
    if required:
        element["isRequired"] = True
        element["errorMessage"] = required_message or f"{label} is required."


def _with_error(element: Element, field_id: str, errors: Mapping[str, str] | None) -> list[Element]:
    message = (errors or {}).get(field_id)
    return [element, field_error(message)] if message else [element]


def text_input(
    field_id: str,
    label: str,
    value: str = "",
    *,
    errors: Mapping[str, str] | None = None,
    multiline: bool = False,
    required: bool = False,
    required_message: str | None = None,
    placeholder: str | None = None,
    max_length: int | None = None,
    style: Literal["text", "url"] = "text",
) -> list[Element]:
    """An Input.Text with its label, the value typed so far, and its error underneath if any."""
    element: Element = {"type": "Input.Text", "id": field_id, "label": label, "isMultiline": multiline}
    _fill(element, label, value, required, required_message)
    if placeholder:
        element["placeholder"] = placeholder
    if max_length:
        element["maxLength"] = max_length
    if style == "url":
        element["style"] = "Url"
    return _with_error(element, field_id, errors)


def choice_input(
    field_id: str,
    label: str,
    choices: Sequence[tuple[str, str]],
    value: str = "",
    *,
    errors: Mapping[str, str] | None = None,
    required: bool = False,
    required_message: str | None = None,
    multi: bool = False,
    placeholder: str | None = None,
) -> list[Element]:
    """An Input.ChoiceSet of (value, title) choices; a multi-select's value is comma-separated."""
    element: Element = {
        "type": "Input.ChoiceSet",
        "id": field_id,
        "label": label,
        "choices": [{"title": title, "value": choice} for choice, title in choices],
        "style": "expanded" if multi else "compact",
        "isMultiSelect": multi,
    }
    _fill(element, label, value, required, required_message)
    if placeholder:
        element["placeholder"] = placeholder
    return _with_error(element, field_id, errors)


def date_input(
    field_id: str,
    label: str,
    value: str = "",
    *,
    errors: Mapping[str, str] | None = None,
    required: bool = False,
    required_message: str | None = None,
) -> list[Element]:
    element: Element = {"type": "Input.Date", "id": field_id, "label": label}
    _fill(element, label, value, required, required_message)
    return _with_error(element, field_id, errors)


def platform_label(platform: str | None) -> str:
    """A platform id as people write it ("x" is "X (Twitter)"); unknown ones are shown as given."""
    if not platform:
        return ""
    return dict(PLATFORMS).get(platform.lower(), platform)


def local_time(at: datetime, zone: tzinfo) -> str:
    """A moment as the team reads it, in the Trust's time zone: "Mon 7 Dec 2026, 14:05 GMT"."""
    # Times without a zone come from the register and the engine in UTC.
    aware = at if at.tzinfo is not None else at.replace(tzinfo=UTC)
    local = aware.astimezone(zone)
    return f"{local:%a} {local.day} {local:%b %Y, %H:%M %Z}".rstrip()


def local_date(day: date) -> str:
    """A day as the team reads it: "Mon 7 Dec 2026"."""
    return f"{day:%a} {day.day} {day:%b %Y}"


def excerpt(value: str, limit: int = 200) -> str:
    """At most `limit` characters, cut at a word where possible, with an ellipsis when cut."""
    flat = " ".join(value.split())
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut.rsplit(" ", 1)[0]
    return cut + "…"

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
# The longest handle a button title names ("Record a block for @handle"): a longer one would cut the
# title off with an ellipsis on a phone, so the button says "this account" and the card names it.
BUTTON_HANDLE_MAX = 14
# The longest word (characters between spaces) that fits on a 320 px phone: in a line of text, and in
# a fact's value column beside its title. Teams' renderer breaks a long word in a TextBlock but not in
# a RichTextBlock or a FactSet, where a 64-character handle or a pasted link pushes the card sideways.
WORD_MAX = 20
FACT_WORD_MAX = 14


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


def longest_word(value: str) -> int:
    """The length of the longest run of characters without a space in `value`."""
    return max((len(word) for word in value.split()), default=0)


def rich(runs: Sequence[Element], *, spacing: str | None = None) -> Element:
    """TextRuns in a RichTextBlock: people's words shown as typed, never markdown.

    Where a word is too long for a phone's line, the same words go in a wrapping TextBlock instead,
    markdown-escaped so that they still read as typed (the first run's weight, size and subtlety kept).
    """
    whole = "".join(str(run["text"]) for run in runs)
    block: Element
    if longest_word(whole) <= WORD_MAX:
        block = {"type": "RichTextBlock", "inlines": list(runs)}
    else:
        first = runs[0]
        block = text(
            escape_markdown(whole),
            size=first.get("size"),
            weight=first.get("weight"),
            subtle=bool(first.get("isSubtle")),
        )
        if "fontType" in first:
            block["fontType"] = first["fontType"]
    if spacing:
        block["spacing"] = spacing
    return block


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
    return rich([run], spacing=spacing)


def labelled(label: str, value: str, *, italic: bool = False) -> Element:
    """`Label: value`, the label bold and the value verbatim."""
    value_run: Element = {"type": "TextRun", "text": value}
    if italic:
        value_run["italic"] = True
    return rich([{"type": "TextRun", "text": f"{label}: ", "weight": "bolder"}, value_run], spacing="small")


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
    """The headline of a card: what to do, or what happened, said in words.

    The container's style tints the background (the host picks a tint that its default text is
    readable on, and drops it in high contrast); the text keeps the host's default colour, since a
    coloured title on a tinted background is unreadable in some themes (yellow on amber: 1.2:1).
    """
    items = [text(title, size="large", weight="bolder")]
    if summary:
        items.append(text(summary, spacing="small"))
    return {"type": "Container", "style": container_style(style), "bleed": True, "items": items}


def callout(value: str, *, style: str = "warning", spacing: str | None = "medium") -> Element:
    """A line that must not be missed (out of hours, a field's problem): bold words on a tinted box.

    The words carry the meaning; the tint only draws the eye, so the line reads the same in high
    contrast, where the host drops background tints, and to a screen reader.
    """
    return box([text(value, weight="bolder")], style=style, spacing=spacing)


def facts(pairs: Sequence[tuple[str, str]], *, spacing: str | None = None) -> Element:
    """A FactSet of (title, value) pairs; pairs with an empty value are left out.

    Teams renders a fact's value as markdown, and values are often people's (a handle, a display name,
    a review note), so every value is escaped: the bot's own values read the same either way. When a
    value has a word too long for the value column on a phone (a long handle, a link, a reference),
    the facts are stacked instead, one "Title: value" line each, which wrap at any width.
    """
    shown = [(title, escape_markdown(value)) for title, value in pairs if value]
    element: Element
    if all(longest_word(value) <= FACT_WORD_MAX for _, value in pairs):
        element = {"type": "FactSet", "facts": [{"title": title, "value": value} for title, value in shown]}
    else:
        element = {
            "type": "Container",
            "items": [text(f"{title}: {value}", spacing="none") for title, value in shown],
        }
    if spacing:
        element["spacing"] = spacing
    return element


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
    """A form field's problem, right under the field: its words on the attention tint."""
    return callout(message, style="attention", spacing="none")


def form_summary(errors: Mapping[str, str], fields: Sequence[str]) -> list[Element]:
    """Above a form: a line when fields need attention, plus any error not tied to a field."""
    if not errors:
        return []
    elements = [callout("Please check the fields marked below.", style="attention", spacing=None)]
    elements.extend(field_error(message) for key, message in errors.items() if key not in fields)
    return elements


def form_speak(title: str, errors: Mapping[str, str], next_step: str) -> str:
    """A form's spoken summary: what it is for and, when it came back, how many problems to fix."""
    if errors:
        count = len(errors)
        return f"{title}: {count} problem{'s' if count != 1 else ''} to fix. {next(iter(errors.values()))}"
    return f"{title}. {next_step}"


def stacked(actions: Sequence[Element], *, spacing: str | None = "medium") -> list[Element]:
    """Buttons one under another (an ActionSet each), for cards with more than one.

    Teams lays a card's buttons side by side and cuts each title off with an ellipsis when they do
    not fit: on a phone three buttons leave "Record a bl…". One to a row keeps every title whole.
    """
    rows: list[Element] = []
    for i, action in enumerate(actions):
        row: Element = {"type": "ActionSet", "actions": [action], "spacing": spacing if i == 0 else "small"}
        rows.append(row)
    return rows


def for_account(account: str | None, fallback: str = "this account") -> str:
    """How a button title names an account: its handle when short enough to fit on a phone."""
    if account and len(account) <= BUTTON_HANDLE_MAX:
        return account
    return fallback


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

"""Text from people, made safe to put where Teams renders markdown: TextBlocks, FactSet values,
banners and the bot's plain messages.

A handle, a display name, a review reason or a word someone typed is shown as typed: `**` stays two
asterisks, `[sign in again](https://evil.example)` stays brackets and a URL, not a link the bot seems
to vouch for. The links a card shows are only the ones the bot built itself. Where a card can, it puts
people's words in a RichTextBlock TextRun (`cards.elements.verbatim`), which Teams never reads as
markdown; everywhere else the text goes through `escape_markdown`.
"""

from __future__ import annotations

import re

# Characters that make markdown wherever they stand: emphasis and strikethrough (`*`, `~`), code,
# link and image brackets (a `(url)` is only a link after `]`, so brackets are enough), raw HTML and
# autolinks (`<`), tables, and the backslash itself (first, so that escapes are not escaped again).
_ALWAYS = r"[\\`*\[\]<~|]"
# An underscore between two letters or digits (@angry_poster) is not emphasis; any other (_this_,
# __this__) may be.
_UNDERSCORE = r"(?<![^\W_])_|_(?![^\W_])"
# `&` only starts an entity (`&lt;`, `&#91;`); "A&E" stays as written.
_ENTITY = r"&(?=#?\w+;)"
_INLINE = re.compile(f"({_ALWAYS}|{_UNDERSCORE}|{_ENTITY})")
# Markers that only mean something at the start of a line: a list item, a numbered item, a quote, a
# heading, a rule. Escaping them only there keeps ordinary hyphens and brackets free of backslashes.
_LINE_START = re.compile(r"^(\s*)([-+=>#]|\d+(?=[.)]))", re.MULTILINE)


def escape_markdown(value: str) -> str:
    """`value` as Teams should show it, literally: each character that would make markdown there is
    backslash-escaped, and nothing else, so ordinary text (X (Twitter), A&E, @angry_poster) is unchanged.

    Pure and total: any string in, a string out that renders as the input reads.
    """
    escaped = _INLINE.sub(r"\\\1", value)
    # "1." starts a numbered list: escape the full stop (or bracket) after the number, not the digits.
    return _LINE_START.sub(_escape_line_start, escaped)


def _escape_line_start(match: re.Match[str]) -> str:
    indent, marker = match.group(1), match.group(2)
    if marker.isdigit():
        return f"{indent}{marker}\\"
    return f"{indent}\\{marker}"

"""Plain text from a Teams message's HTML: what the policy engine reads from `messagePayload`."""

from __future__ import annotations

import pytest

from dialogs.html_text import html_to_text


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("<p>Hello</p><p>world</p>", "Hello\n\nworld"),
        ("one<br>two<br/>three", "one\ntwo\nthree"),
        ("<p>A &amp; E &gt; 4 hours&nbsp;now &#64;ward3</p>", "A & E > 4 hours now @ward3"),
        ('<p><at id="0">Social Desk</at> check this</p>', "Social Desk check this"),
        ("<div>  lots   of\tspace  </div>", "lots of space"),
        ("<ul><li>first</li><li>second</li></ul>", "first\n\nsecond"),
        ('<p>watch out <img alt="🔪" src="emoji.png"></p>', "watch out 🔪"),
        ("<style>p {color: red}</style><p>visible</p><script>alert(1)</script>", "visible"),
        ("plain text, no tags", "plain text, no tags"),
        ("<p>unclosed <b>bold", "unclosed bold"),
        ("", ""),
    ],
    ids=[
        "paragraphs",
        "line-breaks",
        "entities",
        "mention",
        "spaces",
        "list",
        "emoji-alt",
        "hidden",
        "plain",
        "unclosed",
        "empty",
    ],
)
def test_html_to_text(html, expected):
    assert html_to_text(html) == expected

"""Hypothesis strategies for malformed input to the bot, and the checks every answer to it must pass.

`junk()` is any JSON a hostile or broken client could send, weighted towards what breaks parsers and
validators: wrong types, empty and whitespace strings, markdown, lone surrogates, huge numbers,
deep-ish nesting. `mutated_activity` damages a well-formed Teams activity at a few places (a key
removed, a value replaced by junk); `raw_body` is bytes that may not be JSON at all.

Every service URL a mutation writes stays on 127.0.0.1: the fuzz must never send a reply anywhere else.
`register_snapshot` reads the register's files byte for byte, so "unchanged" means unchanged on disk.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from tests.support.botserver import Reply
from tests.support.connector import Connector


def fuzz_settings(max_examples: int) -> settings:
    """A fixed seed and no example database (every run sends the same inputs), no per-example deadline
    (a turn's time depends on the machine's load), and one bot shared by all examples of a test."""
    return settings(
        derandomize=True,
        database=None,
        deadline=None,
        max_examples=max_examples,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )


# Strings that have broken text handling somewhere before: markdown, HTML, control and format
# characters, a lone surrogate, right-to-left marks, a very long word, lookalike ids.
NASTY_TEXT = (
    "",
    " ",
    "\u00a0\n\t",
    "[sign in again](https://example.invalid/login)",
    "**bold** _it_ `code` # heading",
    "<at>Social Desk</at>",
    "<script>alert(1)</script>",
    "\ud800",
    "\u202eevil\u202c",
    "\x00\x01\x7f",
    "x" * 5000,
    "2026-02-30",
    "1e400",
    "null",
    "@",
    "@troll_99 on myspace",
    "review.keep",
    "{}",
)


@cache  # building a strategy costs far more than drawing from it: each is built once
def _text() -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(NASTY_TEXT), st.text(max_size=40))


@cache
def junk(max_leaves: int = 8) -> st.SearchStrategy[Any]:
    """Any JSON value (NaN and Infinity included: Python's encoder writes them, the bot must refuse them)."""
    scalars = st.one_of(
        st.none(),
        st.booleans(),
        st.integers(min_value=-(2**70), max_value=2**70),
        st.floats(allow_nan=True, allow_infinity=True),
        _text(),
    )
    return st.recursive(
        scalars,
        lambda children: st.one_of(
            st.lists(children, max_size=4), st.dictionaries(_text(), children, max_size=4)
        ),
        max_leaves=max_leaves,
    )


@cache
def loopback_service_urls(connector_url: str) -> st.SearchStrategy[Any]:
    """serviceUrl values: the stand-in, a closed loopback port, or junk that is not an http(s) URL."""
    not_a_url = junk(4).filter(lambda v: not (isinstance(v, str) and v.lower().startswith("http")))
    return st.one_of(
        st.just(connector_url),
        st.just("http://127.0.0.1:9/"),
        st.just("ftp://127.0.0.1/"),
        not_a_url,
    )


# Where in an activity a mutation may strike: top-level keys, and a few nested ones the bot reads.
_PATHS = (
    ("type",),
    ("id",),
    ("timestamp",),
    ("channelId",),
    ("from",),
    ("from", "id"),
    ("from", "aadObjectId"),
    ("conversation",),
    ("conversation", "id"),
    ("conversation", "conversationType"),
    ("conversation", "tenantId"),
    ("recipient",),
    ("recipient", "id"),
    ("channelData",),
    ("channelData", "tenant"),
    ("channelData", "team"),
    ("text",),
    ("textFormat",),
    ("entities",),
    ("value",),
    ("name",),
    ("replyToId",),
    ("membersAdded",),
    ("attachments",),
    ("locale",),
)
ACTIVITY_TYPES = ("message", "invoke", "conversationUpdate", "messageReaction", "installationUpdate", "event")
INVOKE_NAMES = (
    "adaptiveCard/action",
    "composeExtension/query",
    "composeExtension/fetchTask",
    "composeExtension/submitAction",
    "task/fetch",
    "signin/verifyState",
)


def _apply(activity: dict[str, Any], path: tuple[str, ...], value: Any, remove: bool) -> None:
    target: Any = activity
    for key in path[:-1]:
        if not isinstance(target, dict) or not isinstance(target.get(key), dict):
            return
        target = target[key]
    if remove:
        target.pop(path[-1], None)
    else:
        target[path[-1]] = value


@st.composite
def mutated_activity(draw: st.DrawFn, base: dict[str, Any], connector_url: str) -> dict[str, Any]:
    """`base` (a valid activity) with one to four keys removed or replaced by junk."""
    activity: dict[str, Any] = json.loads(json.dumps(base))
    activity["type"] = draw(st.sampled_from(ACTIVITY_TYPES))
    if activity["type"] == "invoke":
        activity["name"] = draw(st.sampled_from(INVOKE_NAMES))
    for _ in range(draw(st.integers(1, 4))):
        path = draw(st.sampled_from((*_PATHS, ("serviceUrl",))))
        remove = draw(st.booleans())
        value = draw(loopback_service_urls(connector_url) if path == ("serviceUrl",) else junk())
        _apply(activity, path, value, remove)
    return activity


@cache
def raw_body() -> st.SearchStrategy[bytes]:
    """Bodies that are not a JSON activity: bytes, broken or deeply nested JSON, JSON of the wrong shape."""
    return st.one_of(
        st.binary(max_size=200),
        st.sampled_from(
            (b"", b"{", b'{"type": "message"', b"[" * 5000, b'{"a":' * 200 + b"1" + b"}" * 200, b"NaN")
        ),
        junk().map(lambda value: json.dumps(value).encode()),
        st.text(max_size=100).map(lambda text: text.encode("utf-8", "surrogatepass")),
    )


def register_snapshot(data_dir: Path) -> dict[str, bytes]:
    """Every file of a TinyDB register, byte for byte."""
    return {str(p.relative_to(data_dir)): p.read_bytes() for p in sorted(data_dir.rglob("*")) if p.is_file()}


# What a leaked traceback or exception looks like (no message the bot writes contains these).
TRACEBACK_MARKS = (
    "Traceback",
    'File "/',
    "AttributeError",
    "TypeError",
    "KeyError",
    "ValueError",
    "RecursionError",
)


def assert_answered_safely(reply: Reply, connector: Connector, *, invoke: bool = False) -> None:
    """No 5xx, and no traceback in the answer or in anything the bot sent back to the conversation.

    An invoke of a kind the bot does not handle is answered 501, as the Bot Framework protocol has it
    (`tests/app/test_invoke.py`): that is the one 5xx allowed, and only for an invoke.
    """
    assert reply.status < 500 or (invoke and reply.status == 501), f"{reply.status}: {reply.text[:300]}"
    sent = [json.dumps(s.activity) for s in connector.sent]
    for text in (reply.text, *sent):
        for mark in TRACEBACK_MARKS:
            assert mark not in text, f"{mark!r} in {text[:300]}"


def as_mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, dict) else {}

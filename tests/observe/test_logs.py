"""Structured logs: with SOCIALDESK_LOG_FORMAT=json every line a `socialdesk serve` process writes is
one JSON object; each turn ends with a line holding its correlation id, activity type, command,
outcome and duration; and no line holds post text, a handle, a name, an id or a conversation."""

from __future__ import annotations

import io
import json
import logging
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from observe.logs import JsonFormatter, configure_logging, log_format, turn_logged
from tests.support.activities import EDITOR, TENANT, Teams
from tests.support.botprocess import BotProcess
from tests.support.connector import Connector

POST = "check @troll_9931 on x: You absolute morons, I know where Dr Quentin parks"


def post(bot: BotProcess, activity: dict[str, Any]) -> int:
    request = urllib.request.Request(
        bot.url + "/api/messages",
        data=json.dumps(activity).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        return int(response.status)


def test_a_served_conversation_logs_one_json_object_per_line_and_nothing_personal(
    tmp_path: Path, connector: Connector
) -> None:
    chat = Teams(connector.url)
    channel = Teams(connector.url, scope="channel")
    values = {"SOCIALDESK_DATA": str(tmp_path / "data"), "SOCIALDESK_LOG_FORMAT": "json"}
    with BotProcess(values, tmp_path) as bot:
        statuses = [
            post(bot, channel.installed()),
            post(bot, chat.message(POST)),
            post(bot, chat.message("block @troll_9931 on x")),
            post(bot, channel.message("frobnicate @troll_9931")),
            post(bot, chat.execute("no-such-verb", {"account": "@troll_9931"})),
        ]
        assert bot.stop() == 0
    lines = [line for line in bot.log(last=None).splitlines() if line.strip()]

    assert statuses == [201, 201, 201, 201, 200]
    entries = [json.loads(line) for line in lines]  # every line is one JSON object
    turns = [e for e in entries if e["message"].startswith("turn handled")]
    assert [(t["activity_type"], t["command"], t["outcome"]) for t in turns] == [
        ("conversationUpdate", "install", "ok"),
        ("message", "check", "ok"),
        ("message", "block", "ok"),
        ("message", "help", "unknown"),
        ("invoke", "action:unknown", "unknown"),
    ]
    assert all(len(t["correlation_id"]) == 12 and t["duration_ms"] >= 0 for t in turns)
    assert len({t["correlation_id"] for t in turns}) == len(turns)
    forbidden = [
        "troll_9931", "morons", "Quentin", "parks", "frobnicate", EDITOR.name, EDITOR.aad_object_id,
        EDITOR.id, TENANT, chat.conversation_id, channel.conversation_id, str(tmp_path),
    ]  # fmt: skip
    for line in lines:
        assert not [word for word in forbidden if word in line], line


def test_lines_logged_during_a_turn_carry_its_correlation_id_and_hide_text_values() -> None:
    stream = io.StringIO()
    formatter = JsonFormatter()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(formatter)
    logger = logging.getLogger("tests.observe.during")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        with turn_logged("message") as record:
            logger.info("block %s recorded by %s after %d checks", "b-123", "Alex Editor", 3)
            try:
                raise ValueError("the post said: you absolute morons")
            except ValueError:
                logger.exception("could not read %r", "you absolute morons")
    finally:
        logger.removeHandler(handler)
    first, second = (json.loads(line) for line in stream.getvalue().splitlines())

    assert first["message"] == "block … recorded by … after 3 checks"
    assert first["correlation_id"] == record.correlation_id
    assert second["message"] == "could not read …" and second["error"] == "ValueError"
    assert "morons" not in stream.getvalue()
    assert any("test_logs.py" in frame for frame in second["stack"])


def test_text_stays_the_default_and_marks_lines_of_a_turn() -> None:
    stream = io.StringIO()
    configure_logging(log_format({}), stream)
    try:
        with turn_logged("message") as record:
            logging.getLogger("tests.observe.text").info("hello %s", "there")
    finally:
        configure_logging("text")
    first = stream.getvalue().splitlines()[0]
    assert first.endswith(f"tests.observe.text: hello there [{record.correlation_id}]")


@pytest.mark.parametrize("value", ["yaml", "JSONL"], ids=["yaml", "jsonl"])
def test_an_unknown_log_format_is_refused_with_the_setting_named(value: str) -> None:
    with pytest.raises(ValueError, match="SOCIALDESK_LOG_FORMAT must be one of text, json"):
        log_format({"SOCIALDESK_LOG_FORMAT": value})

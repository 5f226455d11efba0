"""The embedded register's conversations file (register/conversation_log.py): appended, never the tables.

A new or changed conversation is one appended line and leaves `register.json` as it was; a register
from before the file has its subscriptions moved into it; superseded lines are compacted away.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from register import conversation_log
from register.base import RegisterError
from register.conversation_log import ConversationLog
from register.file_lock import ProcessLock
from register.json_storage import AtomicJSONStorage
from register.jsonl import JsonLinesFile, JsonLinesMemory
from register.model import Subscription
from register.rows import subscription_row
from register.tinydb_store import CONVERSATIONS_FILE, TABLES_FILE, open_tinydb_register


def reference(conversation_id: str, service_url: str = "http://127.0.0.1:1/") -> dict[str, object]:
    return {"conversation": {"id": conversation_id}, "serviceUrl": service_url, "channelId": "msteams"}


def row(conversation_id: str, service_url: str = "http://127.0.0.1:1/") -> dict[str, object]:
    return subscription_row(Subscription(conversation_id, reference(conversation_id, service_url)))


async def test_a_new_conversation_is_appended_and_leaves_the_tables_file_alone(tmp_path: Path) -> None:
    store = open_tinydb_register(tmp_path)
    before = (tmp_path / TABLES_FILE).stat()

    for n in range(3):
        await store.save_reference(f"a:chat-{n}", reference(f"a:chat-{n}"), subscribe=False)

    after = (tmp_path / TABLES_FILE).stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    lines = (tmp_path / CONVERSATIONS_FILE).read_bytes().splitlines()
    assert [json.loads(line)["conversation_id"] for line in lines] == ["a:chat-0", "a:chat-1", "a:chat-2"]
    await store.close()


async def test_a_register_from_before_the_file_has_its_subscriptions_moved_into_it(tmp_path: Path) -> None:
    old = {"blocks": {}, "subscriptions": {"1": row("19:channel-a"), "2": row("a:chat-b")}}
    AtomicJSONStorage(tmp_path / TABLES_FILE, ProcessLock(None)).write(old)  # as an older version left it

    store = open_tinydb_register(tmp_path, create=False)

    assert [s.conversation_id for s in await store.subscriptions()] == ["19:channel-a", "a:chat-b"]
    assert "subscriptions" not in json.loads((tmp_path / TABLES_FILE).read_bytes())
    await store.close()
    reopened = open_tinydb_register(tmp_path, create=False)  # moved once: nothing written twice
    assert len((tmp_path / CONVERSATIONS_FILE).read_bytes().splitlines()) == 2
    assert len(await reopened.subscriptions()) == 2
    await reopened.close()


def test_what_another_process_appends_is_seen(tmp_path: Path) -> None:
    path = tmp_path / CONVERSATIONS_FILE
    mine, theirs = ConversationLog(JsonLinesFile(path)), ConversationLog(JsonLinesFile(path))
    mine.put([row("a:1")])

    theirs.put([row("a:1", "http://127.0.0.1:2/"), row("a:2")])

    assert mine.get("a:1") == row("a:1", "http://127.0.0.1:2/")
    assert [r["conversation_id"] for r in mine.all()] == ["a:1", "a:2"]


def test_a_record_equal_to_the_stored_one_is_not_written_again() -> None:
    log = ConversationLog(JsonLinesMemory())

    written = [log.put([row("a:1")]), log.put([row("a:1")]), log.put([row("a:1", "http://127.0.0.1:2/")])]

    assert written == [1, 0, 1]


def test_superseded_lines_are_compacted_away(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(conversation_log, "COMPACT_AFTER", 10)
    path = tmp_path / CONVERSATIONS_FILE
    log, reader = ConversationLog(JsonLinesFile(path)), ConversationLog(JsonLinesFile(path))
    reader.all()

    for n in range(30):
        log.put([row("a:1", f"http://127.0.0.1:{n + 1}/"), row("a:2")])

    lines = path.read_bytes().splitlines()
    assert 2 <= len(lines) <= 2 + 10 + 1
    assert reader.get("a:1") == row("a:1", "http://127.0.0.1:30/")  # read again from the new file
    assert [r["conversation_id"] for r in reader.all()] == ["a:1", "a:2"]


@pytest.mark.parametrize("line", [b"not json\n", b'{"no": "conversation id"}\n'], ids=["not-json", "no-id"])
def test_a_damaged_line_is_refused_offering_repair(tmp_path: Path, line: bytes) -> None:
    path = tmp_path / CONVERSATIONS_FILE
    path.write_bytes(line)

    with pytest.raises(RegisterError, match=r"socialdesk repair") as refused:
        ConversationLog(JsonLinesFile(path)).all()

    assert str(path) in str(refused.value)

"""`socialdesk remind --once` on the register the settings choose: Azure Table (Azurite) as well as
TinyDB, opened through `register.factory` inside the command's own event loop."""

from __future__ import annotations

import json
import subprocess
from datetime import date
from pathlib import Path

from register.factory import open_register
from register.model import Subscription
from tests.support.azurite import Azurite, table_prefix_for
from tests.support.azurite import azurite as azurite
from tests.support.botprocess import child_environment, socialdesk_command
from tests.support.connector import Connector
from tests.support.review_blocks import DECIDED_AT, DECIDER, channel_reference, new_block

TUESDAY = "2026-12-22T09:00:00+00:00"


def remind(values: dict[str, str], cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = child_environment(values | {"SOCIALDESK_LOCAL": "1"})
    command = socialdesk_command("remind", "--once", *args)
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


async def test_remind_reads_and_claims_in_azure_tables(
    azurite: Azurite, tmp_path: Path, connector: Connector
) -> None:
    store = {
        "SOCIALDESK_STORE": "azure-table",
        "SOCIALDESK_TABLE_CONNECTION_STRING": azurite.connection_string,
        "SOCIALDESK_TABLE_PREFIX": table_prefix_for(tmp_path),
    }
    register = await open_register(store, create=True)  # as the bot does when it starts
    try:
        await register.save_subscription(
            Subscription("19:comms", channel_reference("19:comms", connector.url))
        )
        due = await register.add_block(new_block("@late", date(2026, 12, 18)), DECIDER, DECIDED_AT)
    finally:
        await register.close()

    dry = remind(store, tmp_path, "--now", TUESDAY, "--dry-run")
    assert dry.returncode == 0, dry.stderr
    [digest] = json.loads(dry.stdout)["digests"]
    assert [(b["id"], b["account"], b["overdue_days"]) for b in digest["blocks"]] == [(due.id, "@late", 4)]
    assert digest["already_sent"] is False
    assert connector.posted() == []

    first = remind(store, tmp_path, "--now", TUESDAY)
    again = remind(store, tmp_path, "--now", TUESDAY)
    assert (first.returncode, again.returncode) == (0, 0), first.stderr + again.stderr
    assert [o["kind"] for o in json.loads(first.stdout)["outcomes"]] == ["sent"]
    assert [o["kind"] for o in json.loads(again.stdout)["outcomes"]] == ["already_sent"]
    assert [sent.conversation_id for sent in connector.posted()] == ["19:comms"]
    after = remind(store, tmp_path, "--now", TUESDAY, "--dry-run")
    assert after.returncode == 0, after.stderr
    assert [d["already_sent"] for d in json.loads(after.stdout)["digests"]] == [True]


def test_a_store_it_cannot_use_is_reported_in_one_line(tmp_path: Path) -> None:
    result = remind({"SOCIALDESK_STORE": "azure-table"}, tmp_path, "--dry-run")

    assert result.returncode == 2
    assert result.stderr.startswith("socialdesk remind: the register could not be used:")
    assert "SOCIALDESK_TABLE_ACCOUNT_URL" in result.stderr and "Traceback" not in result.stderr

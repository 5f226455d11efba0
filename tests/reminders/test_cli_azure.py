"""`socialdesk remind --once` on the register the settings choose: Azure Table (Azurite) as well as
TinyDB, opened through `register.factory` inside the command's own event loop."""

from __future__ import annotations

import json
import subprocess
from datetime import date
from pathlib import Path

from register.factory import open_register
from register.model import Subscription
from tests.support.azurite import Azurite, table_prefix_for, table_settings
from tests.support.azurite import azurite as azurite
from tests.support.botprocess import child_environment, socialdesk_command
from tests.support.connector import Connector
from tests.support.review_blocks import DECIDED_AT, DECIDER, channel_reference, new_block
from tests.support.table_proxy import TableProxy

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


async def test_a_claim_whose_answer_is_lost_costs_that_channel_one_run_not_the_day(
    azurite: Azurite, tmp_path: Path, connector: Connector
) -> None:
    with TableProxy(azurite) as proxy:
        store = table_settings(proxy.connection_string, tmp_path) | {"SOCIALDESK_INSTANCE": "cron-1"}
        register = await open_register(store, create=True)
        try:
            for channel in ("19:comms", "19:duty"):
                await register.save_subscription(
                    Subscription(channel, channel_reference(channel, connector.url))
                )
            await register.add_block(new_block("@late", date(2026, 12, 18)), DECIDER, DECIDED_AT)
        finally:
            await register.close()
        # 19:comms's claim is written, but its answer never comes back.
        proxy.drop_reply("POST", "digestclaims", containing='"19:comms"')

        first = remind(store, tmp_path, "--now", TUESDAY)
        second = remind(store, tmp_path, "--now", TUESDAY)
        third = remind(store, tmp_path, "--now", TUESDAY)

    assert (first.returncode, second.returncode, third.returncode) == (1, 0, 0), first.stderr
    outcomes = [
        {o["conversation_id"]: o["kind"] for o in json.loads(r.stdout)["outcomes"]}
        for r in (first, second, third)
    ]
    assert outcomes == [
        {"19:comms": "failed", "19:duty": "sent"},
        {"19:comms": "sent", "19:duty": "already_sent"},
        {"19:comms": "already_sent", "19:duty": "already_sent"},
    ]
    assert sorted(sent.conversation_id for sent in connector.posted()) == ["19:comms", "19:duty"]
    assert "Traceback" not in first.stderr


def test_a_store_it_cannot_use_is_reported_in_one_line(tmp_path: Path) -> None:
    result = remind({"SOCIALDESK_STORE": "azure-table"}, tmp_path, "--dry-run")

    assert result.returncode == 2
    assert result.stderr.startswith("socialdesk remind: the register could not be used:")
    assert "SOCIALDESK_TABLE_ACCOUNT_URL" in result.stderr and "Traceback" not in result.stderr

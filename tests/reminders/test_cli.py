"""`socialdesk remind --once`: the dry-run JSON, two processes on one data directory at once, and an
unreachable service URL."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from policy.pack import PolicyPack
from register.model import Subscription
from register.tinydb_store import open_tinydb_register
from reminders.cli import build_delivery
from reminders.config import DigestConfig
from reminders.sender import DigestRun, RetryPolicy
from settings import Settings
from tests.support.connector import Connector
from tests.support.dead_ends import closed_port, silent_port
from tests.support.review_blocks import DECIDED_AT, DECIDER, channel_reference, new_block

REPO = Path(__file__).resolve().parents[2]
TUESDAY = "2026-12-22T09:00:00+00:00"
ONE_TRY = RetryPolicy(attempts=1)
# Far above the timeouts configured here, far below msrest's own (100 s read, retries with backoff).
CLIENT_TIMEOUT = 8.0


async def prepare(data: Path, service_url: str, channels: tuple[str, ...] = ("19:comms",)) -> list[str]:
    register = open_tinydb_register(data)
    try:
        for channel in channels:
            await register.save_subscription(Subscription(channel, channel_reference(channel, service_url)))
        late = await register.add_block(new_block("@late", date(2026, 12, 18)), DECIDER, DECIDED_AT)
        today = await register.add_block(new_block("@today", date(2026, 12, 22), "x"), DECIDER, DECIDED_AT)
        await register.add_block(new_block("@later", date(2027, 1, 5)), DECIDER, DECIDED_AT)
        return [late.id, today.id]
    finally:
        await register.close()


def remind(data: Path, cwd: Path, *args: str) -> subprocess.Popen[str]:
    env = {
        "PATH": os.environ.get("PATH", ""),
        "PYTHONPATH": str(REPO),
        "SOCIALDESK_DATA": str(data),
        # Local mode: the connector stand-in takes unsigned calls, as in `socialdesk serve --local`.
        "SOCIALDESK_LOCAL": "1",
    }
    command = [sys.executable, "-m", "socialdesk_cli", "remind", "--once", *args]
    return subprocess.Popen(
        command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def finished(process: subprocess.Popen[str]) -> tuple[int, dict[str, Any] | None, str]:
    out, err = process.communicate(timeout=60)
    return process.returncode, (json.loads(out) if out.strip() else None), err


async def test_dry_run_prints_one_json_object_and_sends_nothing(tmp_path: Path, connector: Connector) -> None:
    data = tmp_path / "data"
    late, today = await prepare(data, connector.url)
    code, report, err = finished(remind(data, tmp_path, "--now", TUESDAY, "--dry-run"))
    assert code == 0, err
    assert report is not None
    assert (report["now"], report["monitored"], "reason" in report) == (
        "2026-12-22T09:00:00+00:00",
        True,
        False,
    )
    [digest] = report["digests"]
    assert digest["conversation"] == "19:comms"
    blocks = digest["blocks"]
    assert [(b["id"], b["account"], b["review_due"], b["overdue_days"]) for b in blocks] == [
        (late, "@late", "2026-12-18", 4),
        (today, "@today", "2026-12-22", 0),
    ]
    assert blocks[1]["platform"] == "x"
    assert digest["already_sent"] is False
    assert connector.posted() == []


async def test_dry_run_says_whether_the_day_s_digest_was_already_sent(
    tmp_path: Path, connector: Connector
) -> None:
    data = tmp_path / "data"
    await prepare(data, connector.url, ("19:comms", "19:duty"))
    register = open_tinydb_register(data)
    try:
        # Another runner sent 19:duty's digest this morning.
        assert await register.claim_digest("19:duty", date(2026, 12, 22), "bot-instance") is True
    finally:
        await register.close()
    code, report, err = finished(remind(data, tmp_path, "--now", TUESDAY, "--dry-run"))
    assert code == 0, err
    assert report is not None
    shown = {d["conversation"]: d["already_sent"] for d in report["digests"]}
    assert shown == {"19:comms": False, "19:duty": True}
    # The existing keys are all still there.
    assert all({"conversation", "day", "blocks"} <= d.keys() for d in report["digests"])
    # Looking claimed nothing: the real run still sends 19:comms and only it.
    code, sent, err = finished(remind(data, tmp_path, "--now", TUESDAY))
    assert code == 0, err
    assert sent is not None
    assert {o["conversation_id"]: o["kind"] for o in sent["outcomes"]} == {
        "19:comms": "sent",
        "19:duty": "already_sent",
    }
    assert [s.conversation_id for s in connector.posted()] == ["19:comms"]


@pytest.mark.parametrize(
    ("now", "reason"),
    [
        ("2026-12-25T10:00:00", "public holiday: Christmas Day"),
        ("2026-12-28T10:00:00", "public holiday: Boxing Day (observed)"),
        ("2026-12-27T10:00:00", "not a monitored day (Sunday)"),
    ],
    ids=["christmas-day", "substitute-boxing-day", "sunday"],
)
async def test_dry_run_on_a_closed_day_is_not_monitored_and_lists_nothing(
    tmp_path: Path, connector: Connector, now: str, reason: str
) -> None:
    data = tmp_path / "data"
    await prepare(data, connector.url)
    code, report, err = finished(remind(data, tmp_path, "--now", now, "--dry-run"))
    assert code == 0, err
    assert report is not None
    assert (report["monitored"], report["reason"], report["digests"]) == (False, reason, [])


async def test_two_runners_at_the_same_minute_send_one_digest_per_channel(
    tmp_path: Path, connector: Connector
) -> None:
    data = tmp_path / "data"
    channels = ("19:comms", "19:duty", "19:leads")
    await prepare(data, connector.url, channels)
    runners = [remind(data, tmp_path, "--now", "2026-12-22T09:00:30+00:00") for _ in range(2)]
    results = [finished(runner) for runner in runners]
    assert [code for code, _, _ in results] == [0, 0], [err for _, _, err in results]
    kinds = sorted(o["kind"] for _, report, _ in results if report for o in report["outcomes"])
    assert kinds == ["already_sent"] * 3 + ["sent"] * 3
    posted = connector.posted()
    assert sorted(sent.conversation_id for sent in posted) == sorted(channels)
    assert all(sent.cards and "Blocks due for review" in str(sent.cards[0]) for sent in posted)


@pytest.mark.parametrize("mode", [("--dry-run",), ()], ids=["dry-run", "send"])
def test_a_register_that_does_not_exist_is_refused_naming_where_it_looked(
    tmp_path: Path, mode: tuple[str, ...]
) -> None:
    data = tmp_path / "data"
    code, report, err = finished(remind(data, tmp_path, "--now", TUESDAY, *mode))
    assert code == 2 and report is None
    assert err.startswith(
        f"socialdesk remind: the register could not be used: there is no register in {data} "
    )
    assert "Traceback" not in err
    assert not data.exists()


def test_bad_arguments_are_explained(tmp_path: Path) -> None:
    data = tmp_path / "data"
    code, _, err = finished(remind(data, tmp_path, "--now", "next tuesday", "--dry-run"))
    assert code == 2 and "--now must be an ISO 8601 time" in err
    env_file = tmp_path / ".env"
    env_file.write_text("SOCIALDESK_DIGEST_TIME=07:00\n")
    code, _, err = finished(remind(data, tmp_path, "--dry-run"))
    assert code == 2 and "outside monitored hours" in err


@pytest.mark.parametrize("dead_end", [closed_port, silent_port], ids=["closed port", "never answers"])
async def test_an_unreachable_service_url_fails_the_digest_fast_with_one_log_line(
    tmp_path: Path, pack: PolicyPack, caplog: pytest.LogCaptureFixture, dead_end: Any
) -> None:
    # The Bot Connector clients `remind --once` sends with are the bot's: short timeouts (shortened
    # further here), no retries at the transport, so the digest's own retry policy is all there is.
    settings = Settings(local=True, connector_connect_timeout=0.5, connector_read_timeout=0.5)
    data = tmp_path / "data"
    with dead_end() as service_url:
        await prepare(data, service_url)
        register = open_tinydb_register(data)
        caplog.set_level(logging.INFO)
        try:
            run = DigestRun(
                register, pack, DigestConfig(instance="cron"), build_delivery(settings), retry=ONE_TRY
            )
            report = await asyncio.wait_for(run.run(datetime.fromisoformat(TUESDAY)), CLIENT_TIMEOUT)
        finally:
            await register.close()
    assert [(o.kind, o.detail) for o in report.outcomes] == [
        ("failed", "sending failed (ClientRequestError) (status None)")
    ]
    problems = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert [r.exc_info for r in problems] == [None], [r.getMessage() for r in problems]
    assert "not delivered" in problems[0].getMessage()

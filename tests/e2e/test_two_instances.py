"""Two bot processes on one Azurite (issue 6): nothing lost or doubled, one digest per channel.

Two real `socialdesk serve --local` processes share one register on Azure Table Storage (Azurite on
127.0.0.1, tables of this test's own). 200 block forms are submitted concurrently through both over
HTTP, as Teams posts Action.Execute invokes; the register, read back through the same factory the
processes use, then holds exactly those 200 blocks. Two `socialdesk remind --once` runs at the same
minute of the blocks' review day then send one digest per subscribed channel between them.

The bots are stopped before any channel subscribes: their own digest jobs run on the real clock and
must not post into the channels this test counts.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from policy.pack import PolicyPack
from register.factory import open_register
from register.model import Subscription
from reminders.schedule import next_send_at
from tests.support.activities import Teams
from tests.support.azurite import Azurite, table_prefix_for
from tests.support.azurite import azurite as azurite
from tests.support.botfixtures import connector as connector
from tests.support.botfixtures import connector_service as connector_service
from tests.support.botprocess import BotProcess, child_environment, socialdesk_command
from tests.support.connector import Connector
from tests.support.review_blocks import channel_reference

BLOCKS = 200
CONCURRENT = 16  # requests in flight at once, across both bots
CONVERSATIONS = 10  # personal chats the submissions come from
CHANNELS = ("19:comms@thread.tacv2", "19:duty@thread.tacv2", "19:leads@thread.tacv2")
REQUEST_TIMEOUT = aiohttp.ClientTimeout(total=60)
RATIONALE = "Threats against named staff after two warnings; hiding has not stopped them."


@pytest.fixture
def store(azurite: Azurite, tmp_path: Path) -> dict[str, str]:
    """The register settings both bots and both reminder runs share: this test's tables on Azurite."""
    return {
        "SOCIALDESK_STORE": "azure-table",
        "SOCIALDESK_TABLE_CONNECTION_STRING": azurite.connection_string,
        "SOCIALDESK_TABLE_PREFIX": table_prefix_for(tmp_path),
    }


@pytest.fixture
def bots(store: dict[str, str], tmp_path: Path) -> Iterator[list[BotProcess]]:
    started: list[BotProcess] = []
    try:
        for name in ("bot-a", "bot-b"):
            values = store | {"SOCIALDESK_DATA": str(tmp_path / name), "SOCIALDESK_INSTANCE": name}
            started.append(BotProcess(values, tmp_path, name).start())
        yield started
    finally:
        for bot in started:
            bot.stop()


def review_day(pack: PolicyPack) -> datetime:
    """A monitored morning two weeks or more ahead: a review date the form accepts, and a digest day."""
    return next_send_at(datetime.now(UTC) + timedelta(days=14), pack)


def block_form(number: int, review_due: date, criterion: str) -> dict[str, Any]:
    """A complete "Record a block" form, as the card's inputs submit it."""
    return {
        "platform": "facebook",
        "account": f"@twin{number:03d}",
        "link": f"https://facebook.example/posts/{number}",
        "criteria": criterion,
        "rationale": RATIONALE,
        "evidence": "[redacted]",
        "review_due": review_due.isoformat(),
    }


async def submit_all(urls: list[str], forms: list[dict[str, Any]], service_url: str) -> list[dict[str, Any]]:
    """POST every form as a block.submit invoke, alternating bots; the invoke responses in order."""
    chats = [Teams(service_url) for _ in range(CONVERSATIONS)]
    gate = asyncio.Semaphore(CONCURRENT)

    async def submit(session: aiohttp.ClientSession, number: int, form: dict[str, Any]) -> dict[str, Any]:
        activity = chats[number % CONVERSATIONS].execute("block.submit", form)
        async with gate, session.post(urls[number % len(urls)] + "/api/messages", json=activity) as response:
            assert response.status == 200, await response.text()
            body: dict[str, Any] = await response.json()
            return body

    async with aiohttp.ClientSession(timeout=REQUEST_TIMEOUT) as session:
        return await asyncio.gather(*(submit(session, n, form) for n, form in enumerate(forms)))


def remind(values: dict[str, str], workdir: Path, name: str, now: datetime) -> subprocess.Popen[str]:
    env = child_environment(values | {"SOCIALDESK_LOCAL": "1", "SOCIALDESK_INSTANCE": name})
    return subprocess.Popen(
        socialdesk_command("remind", "--once", "--now", now.isoformat()),
        cwd=workdir,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


async def test_two_bots_record_every_block_once_and_send_one_digest_per_channel(
    bots: list[BotProcess],
    store: dict[str, str],
    connector: Connector,
    pack: PolicyPack,
    tmp_path: Path,
) -> None:
    morning = review_day(pack)
    day = morning.astimezone(pack.timezone).date()
    forms = [block_form(n, day, pack.criteria[0].id) for n in range(BLOCKS)]

    answers = await submit_all([bot.url for bot in bots], forms, connector.url)

    # Every submission was answered with the confirmation card, not the form again.
    kinds = Counter(answer["type"] for answer in answers)
    assert kinds == {"application/vnd.microsoft.card.adaptive": BLOCKS}
    assert all("Block recorded" in json.dumps(answer["value"]) for answer in answers), answers[0]
    for bot in bots:
        assert bot.stop() == 0, bot.log()
        # Both processes did half the work (their access logs), so both wrote to the shared register.
        assert bot.log(last=None).count('"POST /api/messages') == BLOCKS // 2

    register = await open_register(store)
    try:
        blocks = await register.active_blocks()
        assert len({b.id for b in blocks}) == len(blocks) == BLOCKS
        assert sorted(b.account for b in blocks) == sorted(f"@twin{n:03d}" for n in range(BLOCKS))
        assert {b.review_due for b in blocks} == {day}
        for channel in CHANNELS:
            await register.save_subscription(Subscription(channel, channel_reference(channel, connector.url)))
    finally:
        await register.close()
    connector.clear()

    # Both runs at the same minute of the review morning, as two instances' schedulers would be.
    at = morning + timedelta(minutes=30)
    runs = [remind(store, tmp_path, name, at) for name in ("remind-a", "remind-b")]
    results = [run.communicate(timeout=120) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], [err for _, err in results]
    outcomes = [o for out, _ in results for o in json.loads(out)["outcomes"]]
    assert sorted((o["conversation_id"], o["kind"]) for o in outcomes) == sorted(
        [(c, "sent") for c in CHANNELS] + [(c, "already_sent") for c in CHANNELS]
    )
    assert {o["blocks"] for o in outcomes} == {BLOCKS}
    posted = connector.posted()
    assert sorted(sent.conversation_id for sent in posted) == sorted(CHANNELS)
    assert all(sent.cards and "Blocks due for review" in json.dumps(sent.cards) for sent in posted)

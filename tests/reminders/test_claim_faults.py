"""A lost digest claim costs one look, not the day: claims are leases, a runner may take its own claim
again until the digest is sent, and one channel's failure does not stop the others.

On Azure Tables the claim's write lands and its answer is lost (a proxy in front of Azurite drops the
reply, `tests.support.table_proxy`); on TinyDB the claim is written and the call then fails, as it
would if the answer were lost. A runner killed between claiming and sending (kill -9, in a child
process) leaves a claim whose lease runs out. The in-process job keeps looking while another runner
holds a claim it has not settled.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from policy.pack import PolicyPack
from register.base import Register, RegisterError
from register.factory import open_register
from register.model import Subscription
from register.tinydb_store import TinyDBRegister
from reminders.config import DigestConfig
from reminders.scheduler import DigestJob
from reminders.sender import DigestRun, RetryPolicy
from tests.reminders.test_sender import Outbox
from tests.support.azurite import Azurite, table_settings
from tests.support.azurite import azurite as azurite  # the session fixture
from tests.support.review_blocks import DECIDED_AT, DECIDER, channel_reference, new_block
from tests.support.table_proxy import TableProxy

LONDON = ZoneInfo("Europe/London")
NINE = datetime(2026, 12, 22, 9, 0, tzinfo=LONDON)
DAY = date(2026, 12, 22)
REPO = Path(__file__).resolve().parents[2]
NO_WAIT = RetryPolicy(attempts=1, first_wait=0.0, max_wait=0.0)


@dataclass
class Store:
    """A register on one backend (`settings` open it, as the bot and `remind` do), and a way to make
    the next claim of a conversation land with its answer lost."""

    settings: dict[str, str]
    lose_claim_answer: Callable[[str], None]

    async def open(self) -> Register:
        return await open_register(self.settings, create=True)


@pytest.fixture
def tinydb_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Store:
    lost: set[str] = set()
    claim = TinyDBRegister._claim_digest

    def claim_then_fail(
        register: TinyDBRegister, conversation_id: str, day: date, claimant: str, lease: timedelta
    ) -> bool:
        won = claim(register, conversation_id, day, claimant, lease)
        if conversation_id in lost:
            lost.discard(conversation_id)
            raise RegisterError("cannot reach the register while claiming the daily digest")
        return won

    monkeypatch.setattr(TinyDBRegister, "_claim_digest", claim_then_fail)
    return Store({"SOCIALDESK_DATA": str(tmp_path / "data")}, lost.add)


@pytest.fixture
def proxy(azurite: Azurite) -> Iterator[TableProxy]:
    with TableProxy(azurite) as running:
        yield running


@pytest.fixture
def azure_store(proxy: TableProxy, tmp_path: Path) -> Store:
    def lose(conversation_id: str) -> None:
        proxy.drop_reply("POST", "digestclaims", containing=f'"{conversation_id}"')

    return Store(table_settings(proxy.connection_string, tmp_path), lose)


@pytest.fixture(params=["tinydb", "azure-table"])
def store(request: pytest.FixtureRequest) -> Store:
    chosen: Store = request.getfixturevalue(f"{request.param.replace('-table', '')}_store")
    return chosen


@pytest.fixture
async def register(store: Store, connector_url: str) -> AsyncIterator[Register]:
    opened = await store.open()
    for conversation in ("19:lost", "19:fine"):
        await opened.save_subscription(
            Subscription(conversation, channel_reference(conversation, connector_url))
        )
    await opened.add_block(new_block("@late", date(2026, 12, 18)), DECIDER, DECIDED_AT)
    yield opened
    await opened.close()


@pytest.fixture
def connector_url() -> str:
    return "http://127.0.0.1:9/"  # never reached: sending goes to the Outbox


def runner(
    register: Register, pack: PolicyPack, outbox: Outbox, instance: str, **config: object
) -> DigestRun:
    return DigestRun(register, pack, DigestConfig(instance=instance, **config), outbox, retry=NO_WAIT)  # type: ignore[arg-type]


def kinds(report: object) -> dict[str, str]:
    return {o.conversation_id: o.kind for o in report.outcomes}  # type: ignore[attr-defined]


async def test_a_claim_whose_answer_is_lost_fails_that_channel_only_and_the_next_look_sends_it(
    store: Store, register: Register, pack: PolicyPack
) -> None:
    outbox = Outbox()
    store.lose_claim_answer("19:lost")

    first = await runner(register, pack, outbox, "bot").run(NINE)
    again = await runner(register, pack, outbox, "bot").run(NINE + timedelta(minutes=1))
    later = await runner(register, pack, outbox, "bot").run(NINE + timedelta(minutes=2))

    assert kinds(first) == {"19:lost": "failed", "19:fine": "sent"}
    assert kinds(again) == {"19:lost": "sent", "19:fine": "already_sent"}
    assert kinds(later) == {"19:lost": "already_sent", "19:fine": "already_sent"}
    assert sorted(conversation for conversation, _, _ in outbox.sent) == ["19:fine", "19:lost"]
    sent = [e.details["conversation_id"] for e in await register.audit() if e.kind == "digest_sent"]
    assert sorted(sent) == ["19:fine", "19:lost"]


async def test_a_lost_claim_is_taken_over_by_another_runner_once_its_lease_runs_out(
    store: Store, register: Register, pack: PolicyPack
) -> None:
    outbox = Outbox()
    store.lose_claim_answer("19:lost")
    # The bot's claim is lost with a lease that runs out at once; the bot then stops.
    await runner(register, pack, outbox, "bot", lease=timedelta(0)).run(NINE)

    cron = await runner(register, pack, outbox, "cron").run(NINE + timedelta(minutes=11))
    bot = await runner(register, pack, outbox, "bot").run(NINE + timedelta(minutes=12))

    assert kinds(cron) == {"19:lost": "sent", "19:fine": "already_sent"}
    assert kinds(bot) == {"19:lost": "already_sent", "19:fine": "already_sent"}
    assert sorted(conversation for conversation, _, _ in outbox.sent) == ["19:fine", "19:lost"]


def run_and_die(settings: dict[str, str], now: datetime, lease_seconds: int) -> None:
    """A `remind` runner in a child process that claims every channel and is killed with SIGKILL at
    the moment it would send the first digest (`tests.support.dying_digest`)."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("SOCIALDESK_")}
    child = subprocess.run(
        [sys.executable, "-m", "tests.support.dying_digest", now.isoformat(), str(lease_seconds)],
        cwd=REPO,
        env=env | settings,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert child.returncode == -signal.SIGKILL, child.stderr


@pytest.mark.parametrize("backend", ["tinydb", "azure-table"])
async def test_a_runner_killed_between_claim_and_send_leaves_a_claim_that_runs_out(
    backend: str, azurite: Azurite, tmp_path: Path, pack: PolicyPack
) -> None:
    settings = (
        {"SOCIALDESK_DATA": str(tmp_path / "data")}
        if backend == "tinydb"
        else table_settings(azurite.connection_string, tmp_path)
    )
    register = await open_register(settings, create=True)
    try:
        await register.save_subscription(
            Subscription("19:comms", channel_reference("19:comms", "http://127.0.0.1:9/"))
        )
        await register.add_block(new_block("@late", date(2026, 12, 18)), DECIDER, DECIDED_AT)
        outbox = Outbox()

        # Tuesday: killed while its lease still runs; the bot leaves the claim alone, and looks again.
        run_and_die(settings, NINE, lease_seconds=600)
        meanwhile = await runner(register, pack, outbox, "bot").run(NINE + timedelta(minutes=1))
        # Wednesday: killed again, and its lease has run out by the bot's look: the bot sends it, once.
        wednesday = NINE + timedelta(days=1)
        run_and_die(settings, wednesday, lease_seconds=0)
        after = await runner(register, pack, outbox, "bot").run(wednesday + timedelta(minutes=11))
        later = await runner(register, pack, outbox, "cron").run(wednesday + timedelta(minutes=12))
    finally:
        await register.close()

    [waiting] = meanwhile.outcomes
    assert (waiting.kind, waiting.pending) == ("already_sent", True)
    assert meanwhile.unfinished
    assert kinds(after) == {"19:comms": "sent"}
    assert kinds(later) == {"19:comms": "already_sent"} and not later.unfinished
    assert [conversation for conversation, _, _ in outbox.sent] == ["19:comms"]


async def test_the_job_keeps_looking_while_another_runner_holds_an_unsettled_claim(
    tmp_path: Path, pack: PolicyPack
) -> None:
    register = await open_register({"SOCIALDESK_DATA": str(tmp_path / "data")}, create=True)
    try:
        await register.save_subscription(
            Subscription("19:comms", channel_reference("19:comms", "http://127.0.0.1:9/"))
        )
        await register.add_block(new_block("@late", date(2026, 12, 18)), DECIDER, DECIDED_AT)
        assert await register.claim_digest("19:comms", DAY, "cron") is True  # cron is sending now
        outbox = Outbox()
        digest = runner(register, pack, outbox, "bot")
        clock = [NINE]
        job = DigestJob(digest.run, pack, DigestConfig(instance="bot"), clock=lambda: clock[0])

        first = await job.tick()
        assert first is not None and job.done_day is None  # cron's claim is not settled: look again
        await register.settle_digest("19:comms", DAY, "cron")  # cron has sent it
        clock[0] += timedelta(minutes=1)
        second = await job.tick()
    finally:
        await register.close()

    assert second is not None and kinds(second) == {"19:comms": "already_sent"}
    assert job.done_day == DAY
    assert outbox.sent == []

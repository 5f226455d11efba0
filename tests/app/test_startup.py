"""The register opened by the application itself (`OpenOnStartup`), as `socialdesk serve` does it.

Opened when the application starts, inside its event loop, never before; used by the bot and by
the digest job appended after it; closed when the application stops; a failure to open stops the
start instead of serving without a register.
"""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from aiohttp import web

from app import REGISTER_KEY, OpenOnStartup, create_app
from policy.pack import PolicyPack
from register.base import Register, RegisterError
from register.tinydb_store import open_tinydb_register
from reminders.config import DigestConfig
from reminders.scheduler import digest_job_context
from settings import Settings
from tests.support.activities import Teams
from tests.support.botserver import serve
from tests.support.connector import Connector
from tests.support.digest_run import run_until_posted, subscribe_with_a_late_block

LONDON = ZoneInfo("Europe/London")


class Opener:
    """Opens a TinyDB register in `data_dir` when awaited, and remembers what it opened."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.opened: list[Register] = []

    async def __call__(self) -> Register:
        register = open_tinydb_register(self.data_dir)
        self.opened.append(register)
        return register


async def test_the_register_is_opened_at_start_used_by_turns_and_closed_at_stop(
    tmp_path: Path, pack: PolicyPack, connector: Connector
) -> None:
    opener = Opener(tmp_path / "data")
    chat = Teams(connector.url)

    async with serve(Settings(local=True), OpenOnStartup(opener), pack) as bot:
        [register] = opener.opened
        reply = await bot.post(chat.message("hours"))
        assert reply.status == 201
        # The bot stored this chat's conversation reference in the register the app opened.
        assert await register.get_subscription(chat.conversation_id) is not None
        closing = mock.patch.object(register, "close", wraps=register.close)
        close = closing.start()
    closing.stop()

    close.assert_awaited_once()
    assert len(opener.opened) == 1
    assert [sent.conversation_id for sent in connector.posted()] == [chat.conversation_id]


async def test_nothing_is_opened_until_the_application_starts(tmp_path: Path, pack: PolicyPack) -> None:
    opener = Opener(tmp_path / "data")
    app = create_app(Settings(local=True), OpenOnStartup(opener), pack)

    assert opener.opened == []
    assert REGISTER_KEY not in app

    runner = web.AppRunner(app)
    await runner.setup()
    try:
        assert app[REGISTER_KEY] is opener.opened[0]
    finally:
        await runner.cleanup()


async def test_a_register_that_cannot_be_opened_stops_the_start(pack: PolicyPack) -> None:
    async def refuse() -> Register:
        raise RegisterError("cannot reach the register at http://127.0.0.1:9")

    runner = web.AppRunner(create_app(Settings(local=True), OpenOnStartup(refuse), pack))

    with pytest.raises(RegisterError, match="cannot reach the register"):
        await runner.setup()
    await runner.cleanup()


async def test_the_digest_job_uses_the_register_the_application_opened(
    tmp_path: Path, pack: PolicyPack, connector: Connector
) -> None:
    data_dir = tmp_path / "data"
    channel = "19:opened-at-start"
    prepared = open_tinydb_register(data_dir)
    await subscribe_with_a_late_block(prepared, channel, connector)
    await prepared.close()
    settings = Settings(local=True)
    opener = Opener(data_dir)
    app = create_app(settings, OpenOnStartup(opener), pack)

    await run_until_posted(
        app,
        connector,
        register=None,  # the app's own, opened at start-up
        pack=pack,
        settings=settings,
        config=DigestConfig(instance="startup"),
        clock=lambda: datetime(2026, 12, 22, 9, 0, tzinfo=LONDON),
    )

    [posted] = connector.posted()
    assert posted.conversation_id == channel and "@late" in str(posted.cards)
    assert len(opener.opened) == 1
    # The day's claim is in the register on disk: a second runner would not send again.
    reopened = open_tinydb_register(data_dir)
    assert await reopened.claim_digest(channel, date(2026, 12, 22), "again") is False
    await reopened.close()


def test_a_digest_send_time_outside_monitored_hours_is_refused_before_the_start(pack: PolicyPack) -> None:
    with pytest.raises(ValueError, match="outside monitored hours"):
        digest_job_context(None, pack, Settings(local=True), config=DigestConfig(send_time=time(18, 0)))

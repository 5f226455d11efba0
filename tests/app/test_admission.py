"""Load shedding over real HTTP: past the bound on turns in flight, requests get 503 at once.

The bot here holds every message turn until the test lets go, so the turns in flight are known
exactly: the first `max_turns` are admitted and wait; every request beyond them is answered 503 with
Retry-After while they wait; once released, the admitted ones complete, and new ones are admitted.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from botbuilder.core import TurnContext

from dialogs.bot import SocialDeskBot
from policy.pack import PolicyPack
from register.tinydb_store import TinyDBRegister
from settings import Settings
from tests.support.activities import Teams
from tests.support.botserver import serve

MAX_TURNS = 3
CLIENT_TIMEOUT = 8.0


def holding_bot(entered: asyncio.Queue[None], release: asyncio.Event) -> type[SocialDeskBot]:
    class HoldingBot(SocialDeskBot):
        async def on_message_activity(self, turn_context: TurnContext) -> None:
            entered.put_nowait(None)
            await release.wait()
            await super().on_message_activity(turn_context)

    return HoldingBot


async def test_requests_beyond_the_bound_get_503_and_the_admitted_ones_complete(
    tmp_path: Path, register: TinyDBRegister, pack: PolicyPack, connector
):
    settings = Settings(local=True, data_dir=tmp_path / "data", max_turns=MAX_TURNS)
    entered: asyncio.Queue[None] = asyncio.Queue()
    release = asyncio.Event()
    async with serve(settings, register, pack, bot_class=holding_bot(entered, release)) as bot:
        teams = Teams(connector.url)
        admitted = [asyncio.create_task(bot.post(teams.message("help"))) for _ in range(MAX_TURNS)]
        for _ in range(MAX_TURNS):
            await asyncio.wait_for(entered.get(), CLIENT_TIMEOUT)

        # Every slot is taken and held: the excess is answered at once, while the others still wait.
        excess = await asyncio.wait_for(
            asyncio.gather(*(bot.post(teams.message("help")) for _ in range(5))), CLIENT_TIMEOUT
        )
        assert [r.status for r in excess] == [503] * 5
        for reply in excess:
            assert reply.headers["Retry-After"] == "1"
            assert "busy" in reply.body["error"]
        # Nothing of the body is read or parsed before admission: even a broken one is told to wait.
        broken = await asyncio.wait_for(bot.post(raw=b'{"type": "mess'), CLIENT_TIMEOUT)
        assert broken.status == 503
        assert not any(task.done() for task in admitted)
        assert await bot.health() == 200, "health checks are not turns"

        release.set()
        replies = await asyncio.wait_for(asyncio.gather(*admitted), CLIENT_TIMEOUT)
        assert [r.status for r in replies] == [201] * MAX_TURNS
        assert len(connector.posted()) == MAX_TURNS, "only the admitted turns ran"

        # The slots are free again.
        assert (await bot.post(teams.message("help"))).status == 201

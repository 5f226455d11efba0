"""A service URL that gives no answer costs a turn a few seconds at most and one log line.

The activity's serviceUrl is where the bot sends its reply. When nothing answers there, the turn gives
up after the connector's short timeouts (shortened further here), without retrying, and logs one line
with a correlation id and no traceback: the service is still reachable for everyone else.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path

import pytest

from policy.pack import PolicyPack
from register.tinydb_store import TinyDBRegister
from settings import Settings
from tests.support.activities import Teams
from tests.support.botserver import serve
from tests.support.dead_ends import closed_port, silent_port

DEAD_ENDS: dict[str, Callable[[], AbstractContextManager[str]]] = {
    "closed port": closed_port,
    "accepts but never answers": silent_port,
}
# Far above the configured timeouts, far below msrest's own (100 s read, retries with backoff).
CLIENT_TIMEOUT = 8.0


@pytest.mark.parametrize("dead_end", DEAD_ENDS.values(), ids=DEAD_ENDS.keys())
async def test_an_unreachable_service_url_fails_fast_with_one_log_line(
    tmp_path: Path, register: TinyDBRegister, pack: PolicyPack, connector, caplog, dead_end
):
    settings = Settings(
        local=True, data_dir=tmp_path / "data", connector_connect_timeout=0.5, connector_read_timeout=0.5
    )
    with dead_end() as service_url:
        async with serve(settings, register, pack) as bot:
            caplog.clear()
            caplog.set_level(logging.INFO)
            reply = await asyncio.wait_for(bot.post(Teams(service_url).message("help")), CLIENT_TIMEOUT)
            assert reply.status == 201  # the turn ran; only its reply could not be delivered
            problems = [r for r in caplog.records if r.levelno >= logging.WARNING]
            # The service still answers others.
            assert await bot.health() == 200
            assert (await bot.post(Teams(connector.url).message("help"))).status == 201
            assert connector.posted()

    assert len(problems) == 1, [r.getMessage() for r in problems]
    [line] = problems
    assert line.exc_info is None  # no traceback
    assert re.search(r"\[[0-9a-f]{12}\]", line.getMessage()), "the line carries a correlation id"
    assert "could not be reached" in line.getMessage()

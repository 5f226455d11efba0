"""The Bot Connector stand-in with scripted failures: a conversation can answer 403, 404, 429 or 5xx.

`connector.fail("19:c", 429, 429)` makes the next two posts to that conversation fail with those
statuses (then it works again); `connector.fail("19:c", 403, forever=True)` keeps refusing, as Teams
does once the bot is removed from a team. Everything else is `tests.support.connector.Connector`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from aiohttp import web

from tests.support.connector import Connector
from tests.support.threaded_server import ThreadedServer


@dataclass
class FlakyConnector(Connector):
    failures: dict[str, list[int]] = field(default_factory=dict)
    refusing: dict[str, int] = field(default_factory=dict)
    attempts: dict[str, int] = field(default_factory=dict)

    def fail(self, conversation_id: str, *statuses: int, forever: bool = False) -> None:
        with self._lock:
            if forever:
                self.refusing[conversation_id] = statuses[0]
            else:
                self.failures.setdefault(conversation_id, []).extend(statuses)

    def _scripted(self, conversation_id: str) -> int | None:
        with self._lock:
            self.attempts[conversation_id] = self.attempts.get(conversation_id, 0) + 1
            if conversation_id in self.refusing:
                return self.refusing[conversation_id]
            queued = self.failures.get(conversation_id)
            return queued.pop(0) if queued else None

    async def post_activity(self, request: web.Request) -> web.Response:
        status = self._scripted(request.match_info["conversation_id"])
        if status is not None:
            body = {"error": {"code": "Scripted", "message": f"scripted failure {status}"}}
            return web.json_response(body, status=status, headers={"Retry-After": "0"})
        return await super().post_activity(request)


@contextmanager
def flaky_connector() -> Iterator[FlakyConnector]:
    connector = FlakyConnector()
    server = ThreadedServer(connector.application())
    server.start()
    connector.url = server.url + "/"
    try:
        yield connector
    finally:
        server.stop()

"""A fault point in front of Azurite: an HTTP proxy on 127.0.0.1 that loses chosen requests or replies.

Requests are passed on to Azurite unchanged (Shared Key signatures cover the account and path, not the
host, so they still verify). A rule names an HTTP method and a table (as it appears in the request's
path), and optionally text its body must contain, and says what happens to the next matching requests:

    proxy.drop_request("POST", "audit")   the request never reaches Azurite; the connection is cut
    proxy.drop_request("POST", "audit", containing="block_lifted")   only a request whose body says so
    proxy.drop_reply("PUT", "blocks")     Azurite does the write, the caller never hears its answer
    held = proxy.hold("POST", "audit")    the request waits, never forwarded; `held` is set when it
                                          arrives (for a kill -9 at exactly that point)

Each rule applies to `times` matching requests (default one), then the proxy passes everything again.
`proxy.seen` lists (method, path) of every request, for asserting what the client retried.
"""

from __future__ import annotations

import asyncio
import re
import threading
from dataclasses import dataclass, field
from types import TracebackType
from typing import Literal

from aiohttp import ClientSession, web
from yarl import URL

from tests.support.azurite import DEV_ACCOUNT, Azurite, dev_connection_string
from tests.support.threaded_server import ThreadedServer

Fault = Literal["drop_request", "drop_reply", "hold"]
# Headers that describe one connection, not the message: never passed on.
_HOP_BY_HOP = frozenset(
    {"connection", "keep-alive", "transfer-encoding", "content-length", "host", "content-encoding"}
)


@dataclass
class _Rule:
    fault: Fault
    method: str
    table: str
    times: int
    containing: bytes
    arrived: threading.Event = field(default_factory=threading.Event)

    def matches(self, method: str, path: str, body: bytes) -> bool:
        if self.times <= 0 or method != self.method or self.containing not in body:
            return False
        # The table is the path's second segment: /devstoreaccount1/{table}[(keys)][?query]
        segments = path.split("?", 1)[0].split("/")
        if len(segments) > 2 and segments[2] == "$batch":
            # An entity group transaction (the audit log's appends): the table is named inside the body.
            named = rb"/[A-Za-z0-9]*" + re.escape(self.table.encode()) + rb"[( ]"
            return re.search(named, body) is not None
        return len(segments) > 2 and segments[2].split("(", 1)[0].endswith(self.table)


class TableProxy:
    """`with TableProxy(azurite) as proxy:`; `proxy.connection_string` reaches Azurite through it."""

    def __init__(self, azurite: Azurite) -> None:
        self._target = f"http://127.0.0.1:{azurite.port}"
        self._rules: list[_Rule] = []
        self._lock = threading.Lock()
        self.seen: list[tuple[str, str]] = []
        self._session: ClientSession | None = None
        self._server = ThreadedServer(self._application())

    @property
    def endpoint(self) -> str:
        return f"{self._server.url}/{DEV_ACCOUNT}"

    @property
    def connection_string(self) -> str:
        return dev_connection_string(self.endpoint)

    def drop_request(self, method: str, table: str, times: int = 1, containing: str = "") -> threading.Event:
        return self._add("drop_request", method, table, times, containing)

    def drop_reply(self, method: str, table: str, times: int = 1, containing: str = "") -> threading.Event:
        return self._add("drop_reply", method, table, times, containing)

    def hold(self, method: str, table: str, containing: str = "") -> threading.Event:
        return self._add("hold", method, table, 1, containing)

    def _add(self, fault: Fault, method: str, table: str, times: int, containing: str) -> threading.Event:
        rule = _Rule(fault, method, table, times, containing.encode())
        with self._lock:
            self._rules.append(rule)
        return rule.arrived

    def _fault_for(self, method: str, path: str, body: bytes) -> _Rule | None:
        with self._lock:
            self.seen.append((method, path))
            for rule in self._rules:
                if rule.matches(method, path, body):
                    rule.times -= 1
                    return rule
        return None

    def _application(self) -> web.Application:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/{tail:.*}", self._forward)
        app.on_cleanup.append(self._close_session)
        return app

    async def _close_session(self, _: web.Application) -> None:
        if self._session is not None:
            await self._session.close()

    async def _forward(self, request: web.Request) -> web.StreamResponse:
        body = await request.read()
        rule = self._fault_for(request.method, request.raw_path, body)
        if rule is not None:
            rule.arrived.set()
            if rule.fault == "hold":
                await asyncio.Event().wait()  # until the server stops
            if rule.fault == "drop_request":
                return self._cut(request)
        if self._session is None:
            self._session = ClientSession(auto_decompress=False)
        headers = {k: v for k, v in request.headers.items() if k.lower() not in _HOP_BY_HOP}
        async with self._session.request(
            # The path as sent, not re-quoted: the signature covers it.
            request.method,
            URL(self._target + request.raw_path, encoded=True),
            headers=headers,
            data=body or None,
        ) as answer:
            payload = await answer.read()
            status = answer.status
            answer_headers = {k: v for k, v in answer.headers.items() if k.lower() not in _HOP_BY_HOP}
        if rule is not None and rule.fault == "drop_reply":
            return self._cut(request)
        response = web.Response(status=status, body=payload, headers=answer_headers)
        response.force_close()  # a connection per request: a cut one is never reused by the client
        return response

    @staticmethod
    def _cut(request: web.Request) -> web.StreamResponse:
        """Close the connection without a word: the client sees it end with no answer."""
        transport = request.transport
        if transport is not None:
            transport.abort()
        raise asyncio.CancelledError

    def start(self) -> TableProxy:
        self._server.start()
        return self

    def stop(self) -> None:
        self._server.stop()

    def __enter__(self) -> TableProxy:
        return self.start()

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.stop()

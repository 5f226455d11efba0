"""A Bot Connector stand-in: the part of the Teams service a bot calls back, on 127.0.0.1.

It speaks the Bot Connector REST protocol the SDK uses: it records every activity the bot sends
(`POST /v3/conversations/{id}/activities[/{replyToId}]`), accepts updates (`PUT .../activities/{id}`),
and answers the member look-up Teams' conversationUpdate dispatch makes first
(`GET /v3/conversations/{id}/members/{userId}`).
"""

from __future__ import annotations

import itertools
import threading
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from tests.support.threaded_server import ThreadedServer


@dataclass(frozen=True)
class Sent:
    """One call the bot made: method, conversation, the activity id replied to or updated, the body."""

    method: str
    conversation_id: str
    activity_id: str | None
    activity: dict[str, Any]
    authorization: str | None
    peer: str = ""  # the bot's end of the TCP connection: the same one again means a kept connection

    @property
    def text(self) -> str:
        return str(self.activity.get("text") or "")

    @property
    def cards(self) -> list[dict[str, Any]]:
        """The Adaptive Cards attached to this activity."""
        return [
            a["content"]
            for a in self.activity.get("attachments") or []
            if a.get("contentType") == "application/vnd.microsoft.card.adaptive"
        ]


@dataclass
class Connector:
    """The recorded traffic; `members` maps a user id to what the member look-up returns."""

    sent: list[Sent] = field(default_factory=list)
    members: dict[str, dict[str, Any]] = field(default_factory=dict)
    url: str = ""
    _ids: itertools.count[int] = field(default_factory=itertools.count)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def clear(self) -> None:
        with self._lock:
            self.sent.clear()

    def posted(self) -> list[Sent]:
        """Activities the bot sent as new messages or replies (not updates)."""
        with self._lock:
            return [s for s in self.sent if s.method == "POST"]

    def cards(self) -> list[dict[str, Any]]:
        return [card for s in self.posted() for card in s.cards]

    def texts(self) -> list[str]:
        return [s.text for s in self.posted() if s.text]

    def _record(self, request: web.Request, body: dict[str, Any], activity_id: str | None) -> str:
        with self._lock:
            self.sent.append(
                Sent(
                    method=request.method,
                    conversation_id=request.match_info["conversation_id"],
                    activity_id=activity_id,
                    activity=body,
                    authorization=request.headers.get("Authorization"),
                    peer=str(request.transport.get_extra_info("peername") if request.transport else ""),
                )
            )
            return f"activity-{next(self._ids)}"

    async def post_activity(self, request: web.Request) -> web.Response:
        body = await request.json()
        new_id = self._record(request, body, request.match_info.get("activity_id"))
        return web.json_response({"id": new_id}, status=201)

    async def put_activity(self, request: web.Request) -> web.Response:
        body = await request.json()
        activity_id = request.match_info["activity_id"]
        self._record(request, body, activity_id)
        return web.json_response({"id": activity_id})

    async def get_member(self, request: web.Request) -> web.Response:
        user_id = request.match_info["user_id"]
        member = self.members.get(user_id, {"id": user_id, "name": "Test User", "aadObjectId": None})
        return web.json_response(member)

    def application(self) -> web.Application:
        app = web.Application()
        base = "/v3/conversations/{conversation_id}"
        app.router.add_post(base + "/activities", self.post_activity)
        app.router.add_post(base + "/activities/{activity_id}", self.post_activity)
        app.router.add_put(base + "/activities/{activity_id}", self.put_activity)
        app.router.add_get(base + "/members/{user_id}", self.get_member)
        return app


class ConnectorServer:
    """`with ConnectorServer() as connector:` runs the stand-in; `connector.url` is its serviceUrl."""

    def __init__(self) -> None:
        self.connector = Connector()
        self._server = ThreadedServer(self.connector.application())

    def __enter__(self) -> Connector:
        self._server.start()
        # A trailing slash, as Teams sends it: the SDK joins paths onto it.
        self.connector.url = self._server.url + "/"
        return self.connector

    def __exit__(self, *exc: object) -> None:
        self._server.stop()

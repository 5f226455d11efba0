"""A stand-in for Microsoft Graph on 127.0.0.1: the one call the editors group needs.

`GET /v1.0/groups/{id}/transitiveMembers/graph.user?$select=id` answers as Graph does: a
page of `{"id": ...}` objects in `value`, an `@odata.nextLink` to the next page (two members a page,
so paging is always exercised), 401 without the bearer token the identity stand-in issued, 404 with
Graph's error body for another group. `status` other than 200 refuses every request with it (403:
the permission was never granted); `slow` holds every request until the stand-in stops; `stop()`
closes the port (Graph down).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from types import TracebackType

from aiohttp import web

PAGE = 2


def _graph_error(status: int, code: str, message: str) -> web.Response:
    return web.json_response({"error": {"code": code, "message": message}}, status=status)


@dataclass
class GraphEndpoint:
    """`async with GraphEndpoint(token, group_id, members) as graph:`; `graph.url` is the v1.0 base."""

    token: str
    group_id: str
    members: set[str] = field(default_factory=set)
    status: int = 200
    slow: bool = False
    requests: int = 0
    url: str = ""
    _runner: web.AppRunner | None = None
    _release: asyncio.Event = field(default_factory=asyncio.Event)

    async def _members(self, request: web.Request) -> web.Response:
        self.requests += 1
        if self.slow:
            await self._release.wait()
        if request.headers.get("Authorization") != f"Bearer {self.token}":
            return _graph_error(401, "InvalidAuthenticationToken", "Access token is empty or invalid.")
        if self.status != 200:
            return _graph_error(self.status, "Authorization_RequestDenied", "Insufficient privileges.")
        if request.match_info["group"] != self.group_id:
            return _graph_error(404, "Request_ResourceNotFound", "Resource does not exist.")
        if request.query.get("$select") != "id":
            return _graph_error(400, "BadRequest", "expected $select=id")
        start = int(request.query.get("$skiptoken", "0"))
        ordered = sorted(self.members)
        body: dict[str, object] = {
            "@odata.context": f"{self.url}/$metadata#users(id)",
            "value": [
                {"@odata.type": "#microsoft.graph.user", "id": m} for m in ordered[start : start + PAGE]
            ],
        }
        if start + PAGE < len(ordered):
            body["@odata.nextLink"] = (
                f"{self.url}/groups/{self.group_id}/transitiveMembers/microsoft.graph.user"
                f"?$select=id&$skiptoken={start + PAGE}"
            )
        return web.json_response(body)

    async def __aenter__(self) -> GraphEndpoint:
        app = web.Application()
        # Graph takes the type cast in full or short (the SDK sends the short one).
        for cast in ("microsoft.graph.user", "graph.user"):
            app.router.add_get(f"/v1.0/groups/{{group}}/transitiveMembers/{cast}", self._members)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = self._runner.addresses[0][1]
        self.url = f"http://127.0.0.1:{port}/v1.0"
        return self

    async def stop(self) -> None:
        self._release.set()
        if self._runner is not None:
            runner, self._runner = self._runner, None
            await runner.cleanup()

    async def __aexit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        await self.stop()

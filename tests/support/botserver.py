"""Run the real Social Desk application on a real port (127.0.0.1, free port) and talk to it over HTTP."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import aiohttp
from aiohttp import web
from botframework.connector.auth import ServiceClientCredentialsFactory

from app import Clock, OpenOnStartup, create_app, utc_now
from dialogs.bot import SocialDeskBot
from editors.membership import GroupEditors
from policy.pack import PolicyPack
from register.base import Register
from settings import Settings


@dataclass(frozen=True)
class Reply:
    status: int
    body: Any  # parsed JSON, or the raw text when the answer was not JSON
    text: str
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class BotClient:
    """POSTs to the bot's /api/messages like the Teams service does."""

    url: str
    session: aiohttp.ClientSession

    async def post(
        self,
        activity: dict[str, Any] | None = None,
        *,
        token: str | None = None,
        raw: bytes | None = None,
        content_type: str | None = "application/json",
        headers: dict[str, str] | None = None,
    ) -> Reply:
        all_headers = dict(headers or {})
        if content_type is not None:
            all_headers["Content-Type"] = content_type
        if token is not None:
            all_headers["Authorization"] = f"Bearer {token}"
        data = raw if raw is not None else json.dumps(activity).encode()
        async with self.session.post(self.url + "/api/messages", data=data, headers=all_headers) as response:
            text = await response.text()
            try:
                body = json.loads(text) if text else None
            except json.JSONDecodeError:
                body = text
            return Reply(response.status, body, text, dict(response.headers))

    async def health(self) -> int:
        async with self.session.get(self.url + "/healthz") as response:
            return response.status


@asynccontextmanager
async def serve(
    settings: Settings,
    register: Register | OpenOnStartup,
    pack: PolicyPack,
    *,
    clock: Clock = utc_now,
    credentials_factory: ServiceClientCredentialsFactory | None = None,
    bot_class: type[SocialDeskBot] = SocialDeskBot,
    editors: GroupEditors | None = None,
) -> AsyncIterator[BotClient]:
    """The application from `create_app`, listening on 127.0.0.1:<free port>, and a client for it."""
    app = create_app(
        settings,
        register,
        pack,
        clock=clock,
        credentials_factory=credentials_factory,
        bot_class=bot_class,
        editors=editors,
    )
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    try:
        async with aiohttp.ClientSession() as session:
            yield BotClient(f"http://127.0.0.1:{port}", session)
    finally:
        await runner.cleanup()

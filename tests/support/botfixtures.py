"""Fixtures for tests that drive the bot over HTTP: stand-ins, settings, register, a running app.

conftest.py files import these by name. The stand-ins run once per session (each on its own thread
and port); `connector` is emptied before every test so each sees only its own traffic.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from policy.pack import PolicyPack, default_pack
from register.tinydb_store import TinyDBRegister, open_tinydb_register
from settings import Settings
from tests.support.activities import EDITOR, TENANT
from tests.support.botserver import BotClient, serve
from tests.support.connector import Connector, ConnectorServer
from tests.support.tokens import LocalCredentialFactory, TokenService

APP_ID = "6a1f1c2e-0000-4000-8000-000000000b07"
APP_PASSWORD = "not-a-real-secret"


@pytest.fixture(scope="session")
def connector_service() -> Iterator[Connector]:
    with ConnectorServer() as connector:
        yield connector


@pytest.fixture
def connector(connector_service: Connector) -> Connector:
    connector_service.clear()
    return connector_service


@pytest.fixture(scope="session")
def tokens() -> Iterator[TokenService]:
    with TokenService() as service:
        yield service


@pytest.fixture
def pack() -> PolicyPack:
    return default_pack()


@pytest.fixture
async def register(tmp_path: Path) -> AsyncIterator[TinyDBRegister]:
    store = open_tinydb_register(tmp_path / "data")
    yield store
    await store.close()


def secured_settings(tokens: TokenService, **changes: object) -> Settings:
    """Production-like settings: credentials, the Trust's tenant, one editor, the local key server."""
    values: dict[str, object] = {
        "app_id": APP_ID,
        "app_password": APP_PASSWORD,
        "app_type": "SingleTenant",
        "app_tenant_id": TENANT,
        "editors": frozenset({EDITOR.aad_object_id}),
        "openid_metadata_url": tokens.metadata_url,
        "auth_timeout": 5.0,
    }
    values.update(changes)
    return Settings(**values)  # type: ignore[arg-type]


@pytest.fixture
def local_settings(tmp_path: Path) -> Settings:
    return Settings(local=True, data_dir=tmp_path / "data")


@pytest.fixture
async def local_bot(
    local_settings: Settings, register: TinyDBRegister, pack: PolicyPack
) -> AsyncIterator[BotClient]:
    """The app in local mode (no credentials), as the Agents Playground talks to it."""
    async with serve(local_settings, register, pack) as client:
        yield client


@pytest.fixture
async def secured_bot(
    tokens: TokenService, register: TinyDBRegister, pack: PolicyPack
) -> AsyncIterator[BotClient]:
    """The app with credentials: tokens checked against the local key server, replies signed."""
    settings = secured_settings(tokens)
    factory = LocalCredentialFactory(APP_ID, APP_PASSWORD, tokens)
    async with serve(settings, register, pack, credentials_factory=factory) as client:
        yield client

"""The managed-identity path, end to end through azure-identity: the credential `register.credentials`
builds fetches a token from a local App Service identity endpoint, and the table requests carry it.
Nothing leaves 127.0.0.1 (see tests/support/identity_endpoint.py)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from register.azure_table import open_azure_table_register
from register.base import RegisterError
from register.credentials import build_credential
from tests.support.identity_endpoint import IdentityEndpoint, RecordingTableEndpoint
from tests.support.identity_endpoint import identity as identity

CLIENT_ID = "0f0e0d0c-0000-4000-8000-00000000c1d0"


@pytest.fixture
async def tables(tmp_path: Path) -> AsyncIterator[RecordingTableEndpoint]:
    async with RecordingTableEndpoint(tmp_path) as endpoint:
        yield endpoint


async def _use_register(settings: dict[str, str], tables: RecordingTableEndpoint) -> None:
    register = await open_azure_table_register(
        account_url=tables.url,
        credential=build_credential(settings),
        connection_verify=str(tables.ca_bundle),
        retry_total=0,
        close_credential=True,
    )
    try:
        assert await register.active_blocks() == []
    finally:
        await register.close()


@pytest.mark.parametrize(
    "settings",
    [
        {"SOCIALDESK_MANAGED_IDENTITY_CLIENT_ID": CLIENT_ID},
        {"MicrosoftAppType": "UserAssignedMSI", "MicrosoftAppId": CLIENT_ID},
    ],
    ids=["socialdesk-client-id", "bot-user-assigned-msi"],
)
async def test_a_user_assigned_identity_token_reaches_every_table_request(
    identity: IdentityEndpoint, tables: RecordingTableEndpoint, settings: dict[str, str]
) -> None:
    await _use_register(settings, tables)

    assert [(r.method, r.path) for r in tables.requests][-1] == ("GET", "/socialdeskblocks()")
    assert len(tables.requests) == 5  # four tables created, one query
    assert {r.authorization for r in tables.requests} == {f"Bearer {identity.token}"}
    asked = identity.requests[0]
    assert asked.identity_header == identity.header_secret
    assert asked.query["resource"] == "https://storage.azure.com"
    assert asked.query["api-version"] == "2019-08-01"
    assert asked.query["client_id"] == CLIENT_ID
    assert len(identity.requests) == 1  # the token is cached for the later requests


async def test_default_azure_credential_uses_the_platform_identity(
    identity: IdentityEndpoint, tables: RecordingTableEndpoint
) -> None:
    await _use_register({}, tables)

    assert {r.authorization for r in tables.requests} == {f"Bearer {identity.token}"}
    assert "client_id" not in identity.requests[0].query  # the system-assigned identity


async def test_an_identity_endpoint_that_refuses_is_a_register_error(
    identity: IdentityEndpoint, tables: RecordingTableEndpoint
) -> None:
    identity.status = 400

    with pytest.raises(RegisterError) as failed:
        await _use_register({"SOCIALDESK_MANAGED_IDENTITY_CLIENT_ID": CLIENT_ID}, tables)

    assert "did not accept Social Desk's credentials" in str(failed.value)
    assert tables.requests == []  # no request went out without a token

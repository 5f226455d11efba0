"""Choosing the backend and the credential from settings: register.factory and register.credentials."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path

import pytest
from azure.identity.aio import DefaultAzureCredential, ManagedIdentityCredential

from register.azure_table import AzureTableRegister
from register.base import RegisterError
from register.credentials import TableAccess, build_credential, managed_identity_client_id, table_access
from register.factory import StoreChoice, open_register, store_from_settings, store_from_spec
from register.tinydb_store import TinyDBRegister
from tests.support.azurite import DEV_KEY, Azurite, table_prefix_for
from tests.support.azurite import azurite as azurite  # the session fixture
from tests.support.identity_endpoint import IdentityEndpoint, point_managed_identity_at

CLIENT_ID = "0f0e0d0c-0000-4000-8000-00000000c1d0"
REAL_CONNECTION = (
    "DefaultEndpointsProtocol=https;AccountName=trust;"
    "AccountKey=c2VjcmV0LWtleQ==;EndpointSuffix=core.windows.net"
)


@pytest.fixture
async def local_identity(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[IdentityEndpoint]:
    """Credentials built in these tests could only ever reach this stand-in."""
    async with IdentityEndpoint() as endpoint:
        point_managed_identity_at(monkeypatch, endpoint)
        yield endpoint


@pytest.mark.parametrize(
    ("settings", "expected"),
    [
        ({}, None),
        ({"SOCIALDESK_MANAGED_IDENTITY_CLIENT_ID": CLIENT_ID}, CLIENT_ID),
        ({"MicrosoftAppType": "UserAssignedMSI", "MicrosoftAppId": CLIENT_ID}, CLIENT_ID),
        ({"MicrosoftAppType": "MultiTenant", "MicrosoftAppId": "bot-app-id"}, None),
        (
            {
                "SOCIALDESK_MANAGED_IDENTITY_CLIENT_ID": CLIENT_ID,
                "MicrosoftAppType": "UserAssignedMSI",
                "MicrosoftAppId": "x",
            },
            CLIENT_ID,
        ),
    ],
    ids=["none", "socialdesk", "bot-msi", "bot-password-app", "socialdesk-wins"],
)
def test_the_managed_identity_client_id_comes_from_the_settings(
    settings: dict[str, str], expected: str | None
) -> None:
    assert managed_identity_client_id(settings) == expected


def test_a_user_assigned_bot_identity_needs_its_app_id() -> None:
    with pytest.raises(RegisterError, match="MicrosoftAppId"):
        managed_identity_client_id({"MicrosoftAppType": "UserAssignedMSI"})


@pytest.mark.parametrize(
    ("settings", "kind"),
    [
        ({}, DefaultAzureCredential),
        ({"SOCIALDESK_MANAGED_IDENTITY_CLIENT_ID": CLIENT_ID}, ManagedIdentityCredential),
    ],
    ids=["default", "user-assigned"],
)
async def test_build_credential_chooses_the_kind(
    local_identity: IdentityEndpoint, settings: dict[str, str], kind: type
) -> None:
    credential = build_credential(settings)

    assert isinstance(credential, kind)
    await credential.close()


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({}, "neither"),
        (
            {
                "SOCIALDESK_TABLE_ACCOUNT_URL": "https://x.table.core.windows.net",
                "SOCIALDESK_TABLE_CONNECTION_STRING": REAL_CONNECTION,
            },
            "not both",
        ),
    ],
    ids=["missing", "both"],
)
def test_table_access_needs_exactly_one_way_in(settings: dict[str, str], message: str) -> None:
    with pytest.raises(RegisterError, match=message) as refused:
        table_access(settings)

    assert "c2VjcmV0LWtleQ" not in str(refused.value)


def test_a_connection_string_for_a_real_account_is_warned_about_without_the_key(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.WARNING):
        access = table_access({"SOCIALDESK_TABLE_CONNECTION_STRING": REAL_CONNECTION})

    assert access.connection_string == REAL_CONNECTION
    assert "for development" in caplog.text
    assert "c2VjcmV0LWtleQ" not in caplog.text
    assert "c2VjcmV0LWtleQ" not in repr(access)


def test_an_azurite_connection_string_is_not_warned_about(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.WARNING):
        table_access(
            {"SOCIALDESK_TABLE_CONNECTION_STRING": f"AccountName=devstoreaccount1;AccountKey={DEV_KEY};"}
        )

    assert caplog.text == ""


@pytest.mark.parametrize(
    ("settings", "expected"),
    [
        ({}, StoreChoice("tinydb", data_dir=Path("data"))),
        ({"SOCIALDESK_DATA": "/srv/socialdesk"}, StoreChoice("tinydb", data_dir=Path("/srv/socialdesk"))),
        (
            {
                "SOCIALDESK_STORE": "azure-table",
                "SOCIALDESK_TABLE_ACCOUNT_URL": "https://t.table.core.windows.net",
            },
            StoreChoice("azure-table", access=TableAccess(account_url="https://t.table.core.windows.net")),
        ),
        (
            {
                "SOCIALDESK_STORE": "azure-table",
                "SOCIALDESK_TABLE_ACCOUNT_URL": "https://t.table.core.windows.net",
                "SOCIALDESK_TABLE_PREFIX": "staging",
            },
            StoreChoice(
                "azure-table",
                access=TableAccess(account_url="https://t.table.core.windows.net"),
                table_prefix="staging",
            ),
        ),
        (
            {
                "SOCIALDESK_STORE": "azure-table",
                "SOCIALDESK_TABLE_ACCOUNT_URL": "https://t.table.core.windows.net",
                "SOCIALDESK_TABLE_CONNECT_TIMEOUT": "1.5",
                "SOCIALDESK_TABLE_READ_TIMEOUT": "4",
            },
            StoreChoice(
                "azure-table",
                access=TableAccess(account_url="https://t.table.core.windows.net"),
                timeouts=(1.5, 4.0),
            ),
        ),
    ],
    ids=["default", "data-dir", "azure-url", "azure-prefix", "azure-timeouts"],
)
def test_store_from_settings(settings: dict[str, str], expected: StoreChoice) -> None:
    assert store_from_settings(settings) == expected


@pytest.mark.parametrize("value", ["soon", "0", "-1", "301"])
def test_a_table_timeout_that_is_not_a_sensible_number_of_seconds_is_refused(value: str) -> None:
    settings = {
        "SOCIALDESK_STORE": "azure-table",
        "SOCIALDESK_TABLE_ACCOUNT_URL": "https://t.table.core.windows.net",
        "SOCIALDESK_TABLE_READ_TIMEOUT": value,
    }
    with pytest.raises(RegisterError, match="SOCIALDESK_TABLE_READ_TIMEOUT must be a number of seconds"):
        store_from_settings(settings)


def test_an_unknown_store_is_refused() -> None:
    with pytest.raises(RegisterError, match="SOCIALDESK_STORE must be one of tinydb, azure-table"):
        store_from_settings({"SOCIALDESK_STORE": "sqlite"})


@pytest.mark.parametrize(
    ("spec", "described"),
    [
        ("tinydb:/srv/data", "tinydb:/srv/data"),
        (
            "azure-table:https://t.table.core.windows.net",
            "azure-table:https://t.table.core.windows.net (tables socialdesk*)",
        ),
        (f"azure-table:{REAL_CONNECTION}", "azure-table (connection string, tables socialdesk*)"),
    ],
    ids=["tinydb", "url", "connection-string"],
)
def test_store_specs_are_described_without_secrets(spec: str, described: str) -> None:
    choice = store_from_spec(spec, {})

    assert choice.describe() == described
    assert "c2VjcmV0LWtleQ" not in repr(choice)


@pytest.mark.parametrize("spec", ["tinydb", "tinydb:", "mongo:x"], ids=["no-path", "empty-path", "unknown"])
def test_bad_store_specs_are_refused(spec: str) -> None:
    with pytest.raises(RegisterError):
        store_from_spec(spec, {})


async def test_open_register_defaults_to_tinydb_in_the_data_directory(tmp_path: Path) -> None:
    register = await open_register({"SOCIALDESK_DATA": str(tmp_path / "data")}, create=True)

    assert isinstance(register, TinyDBRegister)
    assert (tmp_path / "data").is_dir()
    await register.close()


async def test_open_register_opens_azure_tables_when_asked(azurite: Azurite, tmp_path: Path) -> None:
    register = await open_register(
        {
            "SOCIALDESK_STORE": "azure-table",
            "SOCIALDESK_TABLE_CONNECTION_STRING": azurite.connection_string,
            "SOCIALDESK_TABLE_PREFIX": table_prefix_for(tmp_path),
        },
        create=True,
    )

    assert isinstance(register, AzureTableRegister)
    assert await register.active_blocks() == []
    assert await register.claim_digest("19:a", date(2026, 12, 1), "x") is True
    await register.drop_tables()
    await register.close()

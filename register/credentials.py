"""The one place that builds an Azure credential, and the one place that reads the register's secrets.

Production authenticates without secrets through azure-identity:
    - `SOCIALDESK_MANAGED_IDENTITY_CLIENT_ID` set: that user-assigned managed identity;
    - else `MicrosoftAppType=UserAssignedMSI`: the bot's own identity, `MicrosoftAppId` as client id;
    - else `DefaultAzureCredential` (a system-assigned identity on Azure, `az login` on a laptop).
A connection string (`SOCIALDESK_TABLE_CONNECTION_STRING`) is for development against Azurite only;
using one against a real account is allowed but logged as a warning.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field

from azure.core.credentials_async import AsyncTokenCredential
from azure.identity.aio import DefaultAzureCredential, ManagedIdentityCredential

from register.base import RegisterError

log = logging.getLogger(__name__)

ACCOUNT_URL = "SOCIALDESK_TABLE_ACCOUNT_URL"
CONNECTION_STRING = "SOCIALDESK_TABLE_CONNECTION_STRING"
MANAGED_IDENTITY_CLIENT_ID = "SOCIALDESK_MANAGED_IDENTITY_CLIENT_ID"
APP_TYPE = "MicrosoftAppType"
APP_ID = "MicrosoftAppId"

# Endpoints that can only be a developer's own Azurite.
_DEVELOPMENT_HOSTS = ("127.0.0.1", "localhost", "[::1]", "devstoreaccount1")


def _get(values: Mapping[str, str], name: str) -> str:
    return (values.get(name) or "").strip()


def managed_identity_client_id(values: Mapping[str, str]) -> str | None:
    """The client id of the user-assigned managed identity to use, if one is configured."""
    client_id = _get(values, MANAGED_IDENTITY_CLIENT_ID)
    if client_id:
        return client_id
    if _get(values, APP_TYPE) == "UserAssignedMSI":
        app_id = _get(values, APP_ID)
        if not app_id:
            raise RegisterError(
                "MicrosoftAppType is UserAssignedMSI but MicrosoftAppId (the identity's client id) is not set"
            )
        return app_id
    return None


def build_credential(values: Mapping[str, str]) -> AsyncTokenCredential:
    """An async azure-identity credential chosen by the settings (see the module docstring).

    The caller owns it and must close it. Nothing is fetched until a token is first needed.
    """
    client_id = managed_identity_client_id(values)
    if client_id is not None:
        log.info("Azure credential: user-assigned managed identity %s", client_id)
        return ManagedIdentityCredential(client_id=client_id)
    log.info("Azure credential: DefaultAzureCredential")
    return DefaultAzureCredential()


@dataclass(frozen=True)
class TableAccess:
    """How to reach the table service: an account URL (with a credential), or a connection string."""

    account_url: str | None = None
    # Out of repr: the string holds the account key.
    connection_string: str | None = field(default=None, repr=False)


def is_development_connection_string(connection_string: str) -> bool:
    lowered = connection_string.lower()
    return any(host in lowered for host in _DEVELOPMENT_HOSTS)


def table_access(values: Mapping[str, str]) -> TableAccess:
    """Read the table settings; exactly one of the account URL and the connection string."""
    account_url = _get(values, ACCOUNT_URL)
    connection_string = _get(values, CONNECTION_STRING)
    if account_url and connection_string:
        raise RegisterError(f"set {ACCOUNT_URL} or {CONNECTION_STRING}, not both")
    if account_url:
        return TableAccess(account_url=account_url)
    if connection_string:
        return connection_string_access(connection_string)
    raise RegisterError(
        f"SOCIALDESK_STORE is azure-table but neither {ACCOUNT_URL} (production, with a managed "
        f"identity) nor {CONNECTION_STRING} (development) is set"
    )


def connection_string_access(connection_string: str) -> TableAccess:
    if not is_development_connection_string(connection_string):
        log.warning(
            "the register is using a table connection string with an account key: that is for "
            "development; in production set %s and use a managed identity",
            ACCOUNT_URL,
        )
    return TableAccess(connection_string=connection_string)

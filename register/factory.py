"""Choosing and opening the register backend, for the app and the command-line tools.

From settings (environment-like values):
    SOCIALDESK_STORE         `tinydb` (default) or `azure-table`
    SOCIALDESK_DATA          the TinyDB data directory (default `data`)
    SOCIALDESK_TABLE_PREFIX  letters and digits starting every table name (default `socialdesk`)
    SOCIALDESK_TABLE_CONNECT_TIMEOUT, SOCIALDESK_TABLE_READ_TIMEOUT
                             seconds each attempt at a table request may take to connect and to be
                             answered (defaults 3 and 5)
    and, for azure-table, what `register.credentials` reads (account URL or connection string).

From a command-line store spec (`socialdesk migrate`, `socialdesk export`):
    tinydb:PATH              a TinyDB data directory
    azure-table              the table service named in the settings
    azure-table:URL          an account URL, with the credential the settings choose
    azure-table:CONNECTION   a connection string (development; it stays in the shell's history)
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from register.azure_table import (
    DEFAULT_CONNECT_TIMEOUT,
    DEFAULT_PREFIX,
    DEFAULT_READ_TIMEOUT,
    AzureTableRegister,
    open_azure_table_register,
)
from register.base import Register, RegisterError
from register.credentials import TableAccess, build_credential, connection_string_access, table_access
from register.tinydb_store import TinyDBRegister, open_tinydb_register, require_audit_log

STORES = ("tinydb", "azure-table")


@dataclass(frozen=True)
class StoreChoice:
    """Which backend, and where: `data_dir` for tinydb, `access` and `table_prefix` for azure-table."""

    kind: str
    data_dir: Path | None = None
    access: TableAccess | None = field(default=None, repr=False)
    table_prefix: str = DEFAULT_PREFIX
    timeouts: tuple[float, float] = (DEFAULT_CONNECT_TIMEOUT, DEFAULT_READ_TIMEOUT)  # connect, read

    def describe(self) -> str:
        """Where the register is, safe to print (never the connection string)."""
        if self.kind == "tinydb":
            return f"tinydb:{self.data_dir}"
        if self.access is not None and self.access.account_url:
            return f"azure-table:{self.access.account_url} (tables {self.table_prefix}*)"
        return f"azure-table (connection string, tables {self.table_prefix}*)"


def _get(values: Mapping[str, str], name: str, default: str = "") -> str:
    return (values.get(name) or "").strip() or default


def _seconds(values: Mapping[str, str], name: str, default: float) -> float:
    text = _get(values, name)
    if not text:
        return default
    try:
        seconds = float(text)
    except ValueError:
        seconds = 0.0
    if not 0 < seconds <= 300:
        raise RegisterError(f"{name} must be a number of seconds between 0 and 300, not {text!r}")
    return seconds


def _timeouts(values: Mapping[str, str]) -> tuple[float, float]:
    return (
        _seconds(values, "SOCIALDESK_TABLE_CONNECT_TIMEOUT", DEFAULT_CONNECT_TIMEOUT),
        _seconds(values, "SOCIALDESK_TABLE_READ_TIMEOUT", DEFAULT_READ_TIMEOUT),
    )


def store_from_settings(values: Mapping[str, str]) -> StoreChoice:
    kind = _get(values, "SOCIALDESK_STORE", "tinydb")
    if kind == "tinydb":
        return StoreChoice("tinydb", data_dir=Path(_get(values, "SOCIALDESK_DATA", "data")))
    if kind == "azure-table":
        prefix = _get(values, "SOCIALDESK_TABLE_PREFIX", DEFAULT_PREFIX)
        return StoreChoice(
            "azure-table", access=table_access(values), table_prefix=prefix, timeouts=_timeouts(values)
        )
    raise RegisterError(f"SOCIALDESK_STORE must be one of {', '.join(STORES)}, not {kind!r}")


def store_from_spec(spec: str, values: Mapping[str, str]) -> StoreChoice:
    """A store named on the command line (see the module docstring); `values` fill in the rest."""
    kind, _, where = spec.partition(":")
    where = where.strip()
    if kind == "tinydb":
        if not where:
            raise RegisterError("tinydb needs a data directory: tinydb:PATH")
        return StoreChoice("tinydb", data_dir=Path(where))
    if kind == "azure-table":
        prefix = _get(values, "SOCIALDESK_TABLE_PREFIX", DEFAULT_PREFIX)
        if not where:
            access = table_access(values)
        elif where.startswith(("https://", "http://")):
            access = TableAccess(account_url=where)
        else:
            access = connection_string_access(where)
        return StoreChoice("azure-table", access=access, table_prefix=prefix, timeouts=_timeouts(values))
    raise RegisterError(f"unknown store {kind!r}: use tinydb:PATH or azure-table[:URL or connection string]")


async def open_store(
    choice: StoreChoice, values: Mapping[str, str], *, create: bool = False, repair: bool = False
) -> TinyDBRegister | AzureTableRegister:
    """Open the chosen backend; `values` choose the Azure credential for an account URL.

    A register that does not exist is refused with `RegisterError` naming where it was looked for,
    unless `create` (only `socialdesk serve`, and `migrate`'s target, start a new one). Opening with
    `create` is a start: any audit event a block still carries unlogged (a writer killed between the
    block and its event, a lost write) is appended then. With `repair` only its audit log must exist,
    and whatever else is missing is started empty, to be rebuilt.
    """
    opened = await _open_store(choice, values, create=create, repair=repair)
    if create:
        try:
            await opened.complete_audit()
        except BaseException:
            await opened.close()
            raise
    return opened


async def _open_store(
    choice: StoreChoice, values: Mapping[str, str], *, create: bool, repair: bool
) -> TinyDBRegister | AzureTableRegister:
    if choice.kind == "tinydb":
        if repair and choice.data_dir is not None:
            require_audit_log(choice.data_dir)
        return open_tinydb_register(choice.data_dir, create=create or repair)
    access = choice.access
    if access is None:
        raise RegisterError("azure-table needs an account URL or a connection string")
    connect_timeout, read_timeout = choice.timeouts
    if access.connection_string is not None:
        return await open_azure_table_register(
            connection_string=access.connection_string,
            table_prefix=choice.table_prefix,
            connect_timeout=connect_timeout,
            read_timeout=read_timeout,
            create=create,
            repair=repair,
        )
    credential = build_credential(values)
    try:
        return await open_azure_table_register(
            account_url=access.account_url,
            credential=credential,
            table_prefix=choice.table_prefix,
            connect_timeout=connect_timeout,
            read_timeout=read_timeout,
            close_credential=True,
            create=create,
            repair=repair,
        )
    except BaseException:
        await credential.close()
        raise


async def open_register(values: Mapping[str, str] | None = None, *, create: bool = False) -> Register:
    """The register the settings choose (the process environment when `values` is None).

    Raises `RegisterError` with a message fit for an operator when it cannot be opened, or when it
    does not exist and `create` is not given.
    """
    settings = os.environ if values is None else values
    return await open_store(store_from_settings(settings), settings, create=create)

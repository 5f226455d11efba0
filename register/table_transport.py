"""The Azure Table register's HTTP transport: timeouts, the caller's deadline, and tables that vanish.

Every request the register makes goes through here (azure-core's aiohttp transport underneath):

- Connect and read timeouts of the register's own. The SDK's defaults are 300 seconds each, retried,
  so a frozen table service held a Teams turn for minutes.
- The caller's deadline (`register.deadline`): each attempt waits no longer than what is left of it,
  and once it has passed no attempt starts (`DeadlinePassed`, which the SDK does not retry).
- A table that has gone (the service answers 404 with the code TableNotFound: the storage account was
  reset, or someone deleted it) is created again and the request sent once more. Only the register's
  own tables are recreated, and each time it is logged, since a recreated table starts empty.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable, Collection, MutableMapping
from typing import Any
from urllib.parse import unquote, urlsplit

from azure.core.exceptions import AzureError
from azure.core.pipeline.transport import AioHttpTransport

from register import deadline

log = logging.getLogger(__name__)

TABLE_NOT_FOUND = "TableNotFound"


class DeadlinePassed(AzureError):
    """The caller's deadline passed before the register could answer."""


def table_named_in(url: str) -> str:
    """The table a Table service request is about: the last part of its path, without the entity
    key (`.../socialdeskblocks(PartitionKey='block',RowKey='x')` gives `socialdeskblocks`)."""
    last = urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1]
    return unquote(last.split("(", 1)[0])


def says_table_not_found(status: int, headers: MutableMapping[str, str], body: bytes) -> bool:
    """Whether a response is the service's "that table does not exist" (not a missing entity)."""
    if status != 404:
        return False
    if headers.get("x-ms-error-code") == TABLE_NOT_FOUND:
        return True
    try:
        error = json.loads(body).get("odata.error", {})
    except (ValueError, AttributeError):
        return False
    return isinstance(error, dict) and error.get("code") == TABLE_NOT_FOUND


class RegisterTransport(AioHttpTransport):  # type: ignore[misc]  # azure-core leaves it unannotated
    def __init__(self, *, connection_timeout: float, read_timeout: float, **kwargs: Any) -> None:
        super().__init__(connection_timeout=connection_timeout, read_timeout=read_timeout, **kwargs)
        self._timeouts = {"connection_timeout": connection_timeout, "read_timeout": read_timeout}
        self._tables: Collection[str] = ()
        self._recreate: Callable[[str], Awaitable[None]] | None = None

    def recreate_missing(self, tables: Collection[str], recreate: Callable[[str], Awaitable[None]]) -> None:
        """Have `recreate(name)` called for any of `tables` found missing, before sending again."""
        self._tables = tables
        self._recreate = recreate

    def _bounded(self, config: dict[str, Any]) -> dict[str, Any]:
        """`config` with each timeout cut to what is left of the caller's deadline."""
        left = deadline.remaining()
        if left is None:
            return config
        if left <= 0:
            raise DeadlinePassed("the deadline for answering passed before the register answered")
        bounded = dict(config)
        for name, default in self._timeouts.items():
            bounded[name] = min(float(bounded.get(name) or default), left)
        return bounded

    async def send(self, request: Any, **config: Any) -> Any:
        response = await super().send(request, **self._bounded(config))
        table = table_named_in(request.url)
        if self._recreate is None or table not in self._tables:
            return response
        if not says_table_not_found(response.status_code, response.headers, response.body()):
            return response
        await self._recreate(table)
        return await super().send(request, **self._bounded(config))

"""Clients for the Bot Connector (the Teams service a bot answers through): kept, quick to give up.

The SDK builds a new `ConnectorClient` for every turn, and with it msrest's configuration: its retry
policy alone lists every HTTP status not in another list (half a million comparisons), which was
about half the CPU of a whole turn, and every client opens its own connections. `ConnectorClients`
keeps one client per (bot, service URL, audience) for the life of the application and hands the same
one to every turn, proactive sends included; the clients hold no per-turn state.

Each client is also told to give up quickly: a short connect timeout, a read timeout, and no retries
at the transport. msrest's defaults (100 s timeout, three retries with backoff on a refused
connection) held a turn for ten seconds when a service URL was unreachable, and a retried POST can
post a reply twice. The digest's own retries (`reminders.sender`) see each failure as it happens.
`unreachable_reason` tells a turn's error handler that the failure was the service URL itself.
"""

from __future__ import annotations

from collections import OrderedDict

from botframework.connector import ConnectorClient
from botframework.connector.auth import ConnectorFactory
from msrest.exceptions import ClientRequestError

# Service URLs are a handful per cloud region; the bound only stops the cache growing without end.
MAX_CLIENTS = 64


def configure(client: ConnectorClient, connect_timeout: float, read_timeout: float) -> ConnectorClient:
    """Short timeouts, no transport retries (the `requests` sessions read both at every send)."""
    client.config.connection.timeout = (connect_timeout, read_timeout)
    # The retry policy object is the one mounted on the client's sessions: changed in place, it applies.
    client.config.retry_policy.retries = 0
    client.config.retry_policy.policy.status = 0
    client.config.retry_policy.policy.status_forcelist = frozenset()
    return client


class ConnectorClients:
    """One configured client per (bot app id, service URL, audience), least recently used dropped first."""

    def __init__(self, connect_timeout: float, read_timeout: float, max_clients: int = MAX_CLIENTS) -> None:
        self._timeouts = (connect_timeout, read_timeout)
        self._max_clients = max_clients
        self._clients: OrderedDict[tuple[str, str, str | None], ConnectorClient] = OrderedDict()

    def __len__(self) -> int:
        return len(self._clients)

    def factory(self, inner: ConnectorFactory, app_id: str) -> ConnectorFactory:
        """A factory that asks `inner` (the SDK's, for this bot) only for clients not yet kept."""
        return _KeptConnectorFactory(self, inner, app_id)

    async def get(
        self, inner: ConnectorFactory, app_id: str, service_url: str, audience: str | None
    ) -> ConnectorClient:
        key = (app_id, service_url, audience)
        client = self._clients.get(key)
        if client is None:
            client = configure(await inner.create(service_url, audience), *self._timeouts)
            # Another turn may have built one meanwhile (create awaits): keep whichever came first.
            client = self._clients.setdefault(key, client)
            while len(self._clients) > self._max_clients:
                self._clients.popitem(last=False)
        self._clients.move_to_end(key)
        return client


class _KeptConnectorFactory(ConnectorFactory):  # type: ignore[misc]
    def __init__(self, clients: ConnectorClients, inner: ConnectorFactory, app_id: str) -> None:
        self._clients = clients
        self._inner = inner
        self._app_id = app_id

    async def create(self, service_url: str, audience: str | None = None) -> ConnectorClient:
        return await self._clients.get(self._inner, self._app_id, service_url, audience)


def unreachable_reason(error: BaseException) -> str | None:
    """ "ConnectTimeout", "ConnectionError", "ReadTimeout"...: why the service URL gave no answer at
    all, or None when the error is something else (an HTTP error status is an answer)."""
    if not isinstance(error, ClientRequestError):
        return None
    inner = getattr(error, "inner_exception", None) or error.__cause__
    return type(inner).__name__ if inner is not None else type(error).__name__

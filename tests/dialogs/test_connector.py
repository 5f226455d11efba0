"""Bot Connector clients: built once per service URL and kept, with short timeouts and no retries."""

from __future__ import annotations

from botframework.connector import ConnectorClient
from botframework.connector.auth import ConnectorFactory, MicrosoftAppCredentials

from dialogs.connector import ConnectorClients, unreachable_reason
from tests.support.activities import Teams
from tests.support.botserver import BotClient


class CountingFactory(ConnectorFactory):  # type: ignore[misc]
    """Stands in for the SDK's factory: a real, unconfigured client per call, counted."""

    def __init__(self) -> None:
        self.created = 0

    async def create(self, service_url: str, audience: str | None = None) -> ConnectorClient:
        self.created += 1
        return ConnectorClient(MicrosoftAppCredentials.empty(), base_url=service_url)


async def test_one_client_per_service_url_is_built_and_kept():
    inner = CountingFactory()
    clients = ConnectorClients(connect_timeout=2.0, read_timeout=7.0)
    factory = clients.factory(inner, "bot")
    first = await factory.create("https://smba.example/emea/", "scope")
    assert await factory.create("https://smba.example/emea/", "scope") is first
    assert await clients.factory(inner, "bot").create("https://smba.example/emea/", "scope") is first
    other = await factory.create("https://smba.example/amer/", "scope")
    assert other is not first
    assert inner.created == 2


async def test_clients_give_up_quickly_and_never_retry():
    clients = ConnectorClients(connect_timeout=2.0, read_timeout=7.0)
    client = await clients.factory(CountingFactory(), "bot").create("https://smba.example/emea/")
    assert client.config.connection.timeout == (2.0, 7.0)
    retry = client.config.retry_policy()
    assert (retry.total, retry.connect, retry.read, retry.status) == (0, 0, 0, 0)
    assert not retry.status_forcelist


async def test_the_least_recently_used_client_goes_first_beyond_the_bound():
    inner = CountingFactory()
    clients = ConnectorClients(connect_timeout=2.0, read_timeout=7.0, max_clients=2)
    factory = clients.factory(inner, "bot")
    a = await factory.create("https://a.example/")
    await factory.create("https://b.example/")
    assert await factory.create("https://a.example/") is a  # a is now the most recent
    await factory.create("https://c.example/")  # b goes
    assert len(clients) == 2
    assert await factory.create("https://a.example/") is a
    await factory.create("https://b.example/")
    assert inner.created == 4


async def test_turns_share_the_connection_to_the_service(local_bot: BotClient, connector):
    teams = Teams(connector.url)
    for _ in range(5):
        assert (await local_bot.post(teams.message("help"))).status == 201
    peers = {sent.peer for sent in connector.posted()}
    assert len(connector.posted()) == 5
    assert len(peers) == 1, "every reply went over the same kept connection"


def test_only_a_failure_to_reach_the_service_counts_as_unreachable():
    from msrest.exceptions import ClientRequestError, HttpOperationError

    assert unreachable_reason(ClientRequestError("Error occurred in request.", ConnectionRefusedError())) == (
        "ConnectionRefusedError"
    )
    assert unreachable_reason(ValueError("bug")) is None
    assert unreachable_reason(HttpOperationError.__new__(HttpOperationError)) is None

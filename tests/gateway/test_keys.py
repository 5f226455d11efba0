"""The channel's signing keys: fetched over real HTTP from a key server on 127.0.0.1, cached, and
kept through every way the key server can fail."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable

import pytest

from gateway.keys import SigningKeys
from tests.support.tokens import TokenService

TIMEOUT = 0.3  # the fetch deadline: short, so that stalled fetches end quickly
HOUR = 3600.0


class Clock:
    """Monotonic seconds that move only when a test says so (staleness and rate limits)."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
async def keys(key_server: TokenService, clock: Clock) -> AsyncIterator[SigningKeys]:
    signing_keys = SigningKeys(
        key_server.metadata_url, timeout=TIMEOUT, refresh_after=HOUR, unknown_key_interval=300, clock=clock
    )
    yield signing_keys
    await signing_keys.close()


async def test_the_published_key_is_found_by_its_id(keys: SigningKeys, key_server: TokenService):
    key = await keys.get(key_server.kid)
    assert key is not None
    assert key.kid == key_server.kid
    assert key.endorsements == {"msteams"}


async def test_keys_are_fetched_once_and_then_served_from_the_cache(keys: SigningKeys, key_server):
    for _ in range(5):
        assert await keys.get(key_server.kid) is not None
    assert key_server.fetches == 1


async def test_requests_arriving_together_share_one_fetch(keys: SigningKeys, key_server):
    found = await asyncio.gather(*(keys.get(key_server.kid) for _ in range(20)))
    assert all(found)
    assert key_server.fetches == 1


async def test_stale_keys_keep_serving_while_they_are_refreshed(keys: SigningKeys, key_server, clock):
    assert await keys.get(key_server.kid) is not None
    key_server.stalled = True
    clock.now += HOUR
    # Stale, and the refresh cannot finish (the server is stalled): the held key answers anyway.
    assert await keys.get(key_server.kid) is not None
    assert not await keys.refresh()  # the refresh in flight times out...
    assert await keys.get(key_server.kid) is not None  # ...and the last good key is kept
    assert key_server.fetches == 2, "one background refresh, shared"


def _refusing(server: TokenService) -> None:
    server.status = 503


def _no_jwks_uri(server: TokenService) -> None:
    server.metadata = {"issuer": "x"}


def _not_an_object(server: TokenService) -> None:
    server.metadata = ["not", "metadata"]


def _jwks_elsewhere(server: TokenService) -> None:
    server.metadata = {"jwks_uri": server.metadata_url}  # the metadata again: no 'keys' list


OUTAGES: dict[str, Callable[[TokenService], None]] = {
    "stalled": lambda server: setattr(server, "stalled", True),
    "error status": _refusing,
    "metadata without jwks_uri": _no_jwks_uri,
    "metadata not an object": _not_an_object,
    "key set without keys": _jwks_elsewhere,
}


@pytest.mark.parametrize("outage", OUTAGES.values(), ids=OUTAGES.keys())
async def test_the_last_good_keys_are_kept_through_an_outage(
    keys: SigningKeys, key_server, clock, outage, caplog
):
    assert await keys.get(key_server.kid) is not None
    outage(key_server)
    clock.now += 2 * HOUR
    assert not await keys.refresh()
    assert await keys.get(key_server.kid) is not None
    [warning] = [r for r in caplog.records if r.name == "gateway.keys"]
    assert "keeping the 1 keys held" in warning.getMessage()
    assert warning.exc_info is None


async def test_a_stall_at_start_costs_only_the_requests_made_during_it(keys: SigningKeys, key_server):
    key_server.stalled = True
    assert await keys.get(key_server.kid) is None  # nothing held, nothing fetched: refused
    key_server.stalled = False
    assert await keys.get(key_server.kid) is not None  # the next request fetches again


async def test_a_rotated_key_is_fetched_when_a_token_names_it(keys: SigningKeys, key_server, clock):
    old = key_server.kid
    assert await keys.get(old) is not None
    key_server.rotate()
    clock.now += 301
    assert await keys.get(key_server.kid) is not None
    assert await keys.get(old) is None  # no longer published


async def test_unknown_key_ids_fetch_at_most_once_per_interval(keys: SigningKeys, key_server, clock):
    assert await keys.get(key_server.kid) is not None
    for n in range(10):
        assert await keys.get(f"made-up-{n}") is None
    assert key_server.fetches == 1, "within the interval, an unknown key id is simply refused"
    clock.now += 301
    assert await keys.get("made-up-again") is None
    assert key_server.fetches == 2

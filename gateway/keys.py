"""The channel's token-signing keys: fetched asynchronously, cached, refreshed ahead, kept through outages.

The Bot Framework publishes an OpenID metadata document whose `jwks_uri` names the current keys (a
JWKS; Teams' keys also carry `endorsements`, the channels allowed to use them). The SDK fetches both
with a blocking `requests.get` without a timeout, inside whatever thread validates the token, so one
stalled key server held every validating thread for good. Here:

- every fetch is an aiohttp request on the event loop, metadata and keys together within `timeout`;
- at most one fetch runs at a time, and every request that needs keys waits for that one (bounded
  by the timeout), so a stall costs only the requests made while it lasts;
- keys older than `refresh_after` are refreshed in the background while the held keys keep serving,
  so no request waits for a routine refresh;
- a failed fetch (refused, stalled, an error status, a document that is not what it should be) never
  discards the keys held: the last good keys serve until a fetch succeeds;
- a token naming a key not held (Microsoft rotates keys) triggers a fetch, at most once per
  `unknown_key_interval`, so tokens with made-up key ids cannot turn into a flood of fetches.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import aiohttp
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPublicKey
from jwt.algorithms import RSAAlgorithm

log = logging.getLogger(__name__)

# Both documents are a few KiB; anything far larger is not what was asked for.
MAX_DOCUMENT_BYTES = 1024 * 1024


class KeyFetchError(Exception):
    """The keys could not be fetched; the message says why (no URLs, no key material)."""


@dataclass(frozen=True)
class SigningKey:
    kid: str
    public_key: RSAPublicKey
    # Channels allowed to use this key (empty: the key makes no such restriction).
    endorsements: frozenset[str]


def parse_jwks(document: object) -> dict[str, SigningKey]:
    """The usable RSA keys of a JWKS document, by key id; keys that cannot be read are skipped."""
    if not isinstance(document, dict) or not isinstance(document.get("keys"), list):
        raise KeyFetchError("the key set has no 'keys' list")
    keys: dict[str, SigningKey] = {}
    for entry in document["keys"]:
        if not isinstance(entry, dict) or not isinstance(entry.get("kid"), str) or entry.get("kty") != "RSA":
            continue
        try:
            public_key = RSAAlgorithm.from_jwk(json.dumps(entry))
        except Exception:  # PyJWT raises several kinds for a malformed key
            continue
        if not isinstance(public_key, RSAPublicKey):  # a private key in a public key set: not ours to use
            continue
        endorsements = entry.get("endorsements") or []
        endorsed = (
            frozenset(e for e in endorsements if isinstance(e, str))
            if isinstance(endorsements, list)
            else frozenset()
        )
        keys[entry["kid"]] = SigningKey(entry["kid"], public_key, endorsed)
    if not keys:
        raise KeyFetchError("the key set holds no usable RSA key")
    return keys


def jwks_uri_of(metadata: object) -> str:
    if not isinstance(metadata, Mapping):
        raise KeyFetchError("the OpenID metadata is not a JSON object")
    uri = metadata.get("jwks_uri")
    if not isinstance(uri, str) or not uri.startswith(("https://", "http://")):
        raise KeyFetchError("the OpenID metadata has no http(s) 'jwks_uri'")
    return uri


class SigningKeys:
    """`await keys.get(kid)`: the key, or None when it is not known (and could not be fetched)."""

    def __init__(
        self,
        metadata_url: str,
        *,
        timeout: float = 5.0,
        refresh_after: float = 12 * 3600.0,
        unknown_key_interval: float = 300.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._metadata_url = metadata_url
        self._timeout = timeout
        self._refresh_after = refresh_after
        self._unknown_key_interval = unknown_key_interval
        self._clock = clock
        self._keys: dict[str, SigningKey] = {}
        self._fetched_at: float | None = None  # when the keys held were fetched
        self._attempted_at: float | None = None  # when the last fetch started, whatever came of it
        self._fetched = 0  # fetches that brought keys
        self._fetch: asyncio.Task[None] | None = None
        self._session: aiohttp.ClientSession | None = None

    async def get(self, kid: str) -> SigningKey | None:
        key = self._keys.get(kid)
        if key is not None:
            if self._is_stale():
                self._start_fetch()  # in the background: the held keys answer meanwhile
            return key
        if self._keys and not self._may_look_for_unknown_key():
            return None
        await self._wait_for_fetch()
        return self._keys.get(kid)

    def _is_stale(self) -> bool:
        now = self._clock()
        fetched_long_ago = self._fetched_at is None or now - self._fetched_at >= self._refresh_after
        # While the key server is failing, try again at most once per timeout, not on every request.
        tried_just_now = self._attempted_at is not None and now - self._attempted_at < self._timeout
        return fetched_long_ago and not tried_just_now

    def _may_look_for_unknown_key(self) -> bool:
        return self._attempted_at is None or self._clock() - self._attempted_at >= self._unknown_key_interval

    def _start_fetch(self) -> asyncio.Task[None]:
        if self._fetch is None or self._fetch.done():
            self._attempted_at = self._clock()
            self._fetch = asyncio.create_task(self._refresh(), name="socialdesk-signing-keys")
        return self._fetch

    async def refresh(self) -> bool:
        """Fetch the keys now (or join the fetch in flight); whether that fetch brought keys."""
        before = self._fetched
        await self._wait_for_fetch()
        return self._fetched != before

    async def _wait_for_fetch(self) -> None:
        # Shielded: a caller that gives up (its request was cancelled) does not cancel everyone's fetch.
        await asyncio.shield(self._start_fetch())

    async def _refresh(self) -> None:
        try:
            async with asyncio.timeout(self._timeout):
                metadata = await self._get_json(self._metadata_url)
                keys = parse_jwks(await self._get_json(jwks_uri_of(metadata)))
        except (KeyFetchError, aiohttp.ClientError, TimeoutError, ValueError, RecursionError) as exc:
            reason = str(exc) if isinstance(exc, KeyFetchError) else type(exc).__name__
            held = f"keeping the {len(self._keys)} keys held" if self._keys else "no keys held yet"
            log.warning("could not fetch the channel's signing keys (%s); %s", reason, held)
            return
        self._keys = keys
        self._fetched_at = self._clock()
        self._fetched += 1

    async def _get_json(self, url: str) -> Any:
        if self._session is None or self._session.closed:
            # trust_env: an outbound proxy set in the environment is used, as the SDK's `requests` did.
            self._session = aiohttp.ClientSession(trust_env=True)
        async with self._session.get(url) as response:
            if response.status != 200:
                raise KeyFetchError(f"HTTP {response.status}")
            body = await response.content.read(MAX_DOCUMENT_BYTES + 1)
            if len(body) > MAX_DOCUMENT_BYTES:
                raise KeyFetchError("the document is larger than expected")
            return json.loads(body)

    async def close(self) -> None:
        if self._fetch is not None and not self._fetch.done():
            self._fetch.cancel()
        if self._session is not None:
            await self._session.close()

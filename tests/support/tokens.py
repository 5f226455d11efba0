"""A stand-in for the Bot Framework token services, on 127.0.0.1, with keys made for the test run.

Inbound: the channel signs each request to the bot with RS256; the bot finds the public keys through
an OpenID metadata document (`jwks_uri`). `TokenService` publishes both and signs tokens with
whatever claims a test wants (expired, wrong audience, wrong issuer, a key it never published).

Outbound: the bot asks Azure AD for a token before calling the Bot Connector. `LocalCredentialFactory`
plays Azure AD's part, handing out tokens signed by the same local key instead of calling
login.microsoftonline.com.
"""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from typing import Any

import jwt
from aiohttp import web
from botframework.connector.auth import (
    AuthenticationConstants,
    MicrosoftAppCredentials,
    PasswordServiceClientCredentialFactory,
)
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from tests.support.threaded_server import ThreadedServer

ISSUER = AuthenticationConstants.TO_BOT_FROM_CHANNEL_TOKEN_ISSUER


def _new_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


class TokenService:
    """OpenID metadata + JWKS on a local port, and RS256 signing with the matching private key.

    Faults for the key-fetching tests: `stalled` makes every request that arrives meanwhile hang
    until the server stops (a stalled server's connections never answer, even once it has
    recovered; only new ones do), `status` answers every request with that status,
    `metadata` serves that document instead of the metadata, and `rotate()` publishes a new key.
    """

    def __init__(self) -> None:
        self.kid = f"local-{uuid.uuid4().hex[:8]}"
        self._key = _new_key()
        self._other_key = _new_key()  # never published: tokens signed with it must be refused
        self._server = ThreadedServer(self._application())
        self.fetches = 0
        self.stalled = False
        self.status = 200
        self.metadata: object = None

    @property
    def metadata_url(self) -> str:
        return self._server.url + "/v1/.well-known/openidconfiguration"

    def rotate(self) -> None:
        """Publish (and sign with) a new key under a new key id; the old one is no longer published."""
        self.kid = f"local-{uuid.uuid4().hex[:8]}"
        self._key = _new_key()

    async def _fault(self) -> web.Response | None:
        if self.stalled:
            await asyncio.sleep(3600)  # cancelled when the server stops
        if self.status != 200:
            return web.json_response({"error": "refused by the stand-in"}, status=self.status)
        return None

    def _application(self) -> web.Application:
        app = web.Application()

        async def metadata(request: web.Request) -> web.Response:
            self.fetches += 1
            fault = await self._fault()
            if fault is not None:
                return fault
            if self.metadata is not None:
                return web.json_response(self.metadata)
            return web.json_response(
                {
                    "issuer": ISSUER,
                    "jwks_uri": self._server.url + "/v1/keys",
                    "id_token_signing_alg_values_supported": ["RS256"],
                }
            )

        async def keys(request: web.Request) -> web.Response:
            fault = await self._fault()
            if fault is not None:
                return fault
            jwk: dict[str, Any] = json.loads(RSAAlgorithm.to_jwk(self._key.public_key()))
            # Teams' keys are endorsed for the channels allowed to use them.
            jwk.update(kid=self.kid, use="sig", alg="RS256", endorsements=["msteams"])
            return web.json_response({"keys": [jwk]})

        app.router.add_get("/v1/.well-known/openidconfiguration", metadata)
        app.router.add_get("/v1/keys", keys)
        return app

    def sign(
        self,
        *,
        audience: str,
        service_url: str | None = None,
        issuer: str = ISSUER,
        lifetime: int = 3600,
        issued_ago: int = 0,
        foreign_key: bool = False,
        extra: dict[str, Any] | None = None,
    ) -> str:
        """A channel token for the bot `audience`; `issued_ago` > lifetime gives an expired token."""
        now = int(time.time()) - issued_ago
        claims: dict[str, Any] = {
            "iss": issuer,
            "aud": audience,
            "iat": now,
            "nbf": now,
            "exp": now + lifetime,
        }
        if service_url is not None:
            claims["serviceurl"] = service_url
        claims.update(extra or {})
        key = self._other_key if foreign_key else self._key
        return jwt.encode(claims, key, algorithm="RS256", headers={"kid": self.kid})

    def __enter__(self) -> TokenService:
        self._server.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.stop()


class _LocalAppCredentials(MicrosoftAppCredentials):  # type: ignore[misc]
    """Tokens from the local stand-in, kept until shortly before they expire, as MSAL keeps Azure AD's
    (signing a new one for every call would add an RSA signature to every reply a benchmark times)."""

    LIFETIME = 3600
    RENEW_BEFORE = 300

    def __init__(self, app_id: str, password: str, tokens: TokenService) -> None:
        super().__init__(app_id, password)
        self._tokens = tokens
        self._token = ""
        self._expires = 0.0

    def get_access_token(self, force_refresh: bool = False) -> str:
        if force_refresh or time.time() >= self._expires - self.RENEW_BEFORE:
            audience = AuthenticationConstants.TO_CHANNEL_FROM_BOT_OAUTH_SCOPE
            self._token = self._tokens.sign(audience=audience, lifetime=self.LIFETIME)
            self._expires = time.time() + self.LIFETIME
        return self._token


class LocalCredentialFactory(PasswordServiceClientCredentialFactory):  # type: ignore[misc]
    """The bot's app id and password, exchanged for tokens by the local stand-in, not Azure AD."""

    def __init__(self, app_id: str, password: str, tokens: TokenService) -> None:
        super().__init__(app_id, password)
        self._tokens = tokens

    async def create_credentials(
        self, app_id: str, oauth_scope: str, login_endpoint: str, validate_authority: bool
    ) -> MicrosoftAppCredentials:
        if not await self.is_valid_app_id(app_id):
            raise PermissionError("invalid app id")
        return _LocalAppCredentials(app_id, self.password, self._tokens)

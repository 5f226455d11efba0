"""Checking the Bot Framework channel's token on a request to the bot, against the cached signing keys.

The checks are the SDK's for a channel token (4.17.1, `ChannelValidation` and its parameterized twin),
done here so that the keys come from `gateway.keys` instead of a blocking fetch:

- `Authorization: Bearer <JWT>`, signed with RS256 by a key the channel publishes;
- the key is endorsed for the activity's channel (when the activity names one);
- issued by the channel (`iss`), for this bot (`aud` is the bot's app id), within its lifetime
  (`exp`, `nbf`, five minutes' leeway for clock skew, as the SDK allows);
- when the activity names a service URL, the token's `serviceurl` claim is that URL.

Only channel tokens are accepted. The SDK also accepts Emulator and skill tokens (issued by Azure AD
to other bots); Social Desk is neither a skill nor reached by the Emulator with credentials (the
Emulator and the Agents Playground use local mode), so those get 401.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import jwt

from gateway.keys import SigningKey

# The SDK allows this much clock skew between the channel and the bot.
LEEWAY_SECONDS = 300
SIGNING_ALGORITHM = "RS256"

KeyLookup = Callable[[str], Awaitable[SigningKey | None]]


class TokenRejected(Exception):
    """The token does not authenticate the request; the message says which check failed (no claims)."""


@dataclass(frozen=True)
class ChannelTokenRules:
    issuer: str
    app_id: str


def bearer_token(header: str) -> str:
    scheme, _, token = header.partition(" ")
    if scheme != "Bearer" or not token or " " in token:
        raise TokenRejected("not a Bearer token")
    return token


async def validate_channel_token(
    header: str,
    rules: ChannelTokenRules,
    keys: KeyLookup,
    *,
    channel_id: str | None = None,
    service_url: str | None = None,
) -> dict[str, Any]:
    """The token's claims when it authenticates a request from the channel; else TokenRejected."""
    token = bearer_token(header)
    try:
        header_fields = jwt.get_unverified_header(token)
    except jwt.PyJWTError as exc:
        raise TokenRejected("not a JWT") from exc
    if header_fields.get("alg") != SIGNING_ALGORITHM:
        raise TokenRejected("not signed with RS256")
    kid = header_fields.get("kid")
    if not isinstance(kid, str) or not kid:
        raise TokenRejected("no key id")
    key = await keys(kid)
    if key is None:
        raise TokenRejected("signed with a key the channel does not publish (or the keys are unavailable)")
    if channel_id and key.endorsements and channel_id not in key.endorsements:
        raise TokenRejected("the signing key is not endorsed for the activity's channel")
    try:
        claims: dict[str, Any] = jwt.decode(
            token,
            key.public_key,
            algorithms=[SIGNING_ALGORITHM],
            issuer=rules.issuer,
            leeway=LEEWAY_SECONDS,
            options={"verify_aud": False, "require": ["iss", "aud", "exp"]},
        )
    except jwt.PyJWTError as exc:
        raise TokenRejected(f"the token does not verify ({type(exc).__name__})") from exc
    if claims.get("aud") != rules.app_id:
        raise TokenRejected("the token is for another bot")
    if service_url is not None and claims.get("serviceurl") != service_url:
        raise TokenRejected("the token was issued for another service URL")
    return claims

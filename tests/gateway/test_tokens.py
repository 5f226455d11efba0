"""The channel token check, one rule at a time: tokens signed by a local key, keys from a dict."""

from __future__ import annotations

import json
import time
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from gateway.keys import SigningKey
from gateway.tokens import ChannelTokenRules, TokenRejected, validate_channel_token

ISSUER = "https://api.botframework.com"
APP_ID = "6a1f1c2e-0000-4000-8000-000000000b07"
SERVICE_URL = "https://smba.trafficmanager.net/emea/"
RULES = ChannelTokenRules(issuer=ISSUER, app_id=APP_ID)
PRIVATE = rsa.generate_private_key(public_exponent=65537, key_size=2048)
KEYS = {
    "teams": SigningKey("teams", PRIVATE.public_key(), frozenset({"msteams"})),
    "anywhere": SigningKey("anywhere", PRIVATE.public_key(), frozenset()),
}


async def lookup(kid: str) -> SigningKey | None:
    return KEYS.get(kid)


def token(kid: str = "teams", headers: dict[str, Any] | None = None, **changes: Any) -> str:
    now = int(time.time())
    claims: dict[str, Any] = {
        "iss": ISSUER,
        "aud": APP_ID,
        "nbf": now,
        "exp": now + 3600,
        "serviceurl": SERVICE_URL,
    }
    claims.update(changes)
    claims = {name: value for name, value in claims.items() if value is not None}
    return jwt.encode(claims, PRIVATE, algorithm="RS256", headers={"kid": kid, **(headers or {})})


def unsigned(kid: str = "teams") -> str:
    """alg "none": a token anyone can write."""
    header = jwt.utils.base64url_encode(json.dumps({"alg": "none", "kid": kid}).encode()).decode()
    body = jwt.utils.base64url_encode(
        json.dumps({"iss": ISSUER, "aud": APP_ID, "exp": 2**40}).encode()
    ).decode()
    return f"{header}.{body}."


async def check(header: str, **where: Any) -> dict[str, Any]:
    return await validate_channel_token(header, RULES, lookup, **where)


async def test_a_channel_token_gives_its_claims():
    claims = await check("Bearer " + token(), channel_id="msteams", service_url=SERVICE_URL)
    assert claims["aud"] == APP_ID


async def test_the_token_alone_is_checked_when_the_activity_is_not_known_yet():
    assert await check("Bearer " + token(serviceurl=None))


async def test_a_key_without_endorsements_serves_any_channel():
    assert await check("Bearer " + token("anywhere"), channel_id="webchat")


REJECTED = {
    "not bearer": lambda: "Basic " + token(),
    "two spaces": lambda: "Bearer  " + token(),
    "no token": lambda: "Bearer ",
    "not a jwt": lambda: "Bearer abc.def.ghi",
    "alg none": lambda: "Bearer " + unsigned(),
    "hs256, a shared secret": lambda: (
        "Bearer " + jwt.api_jws.PyJWS().encode(b"{}", b"s" * 32, algorithm="HS256", headers={"kid": "teams"})
    ),
    "no key id": lambda: "Bearer " + jwt.encode({"iss": ISSUER}, PRIVATE, algorithm="RS256"),
    "unknown key id": lambda: "Bearer " + token("rotated-away"),
    "wrong issuer": lambda: "Bearer " + token(iss="https://login.microsoftonline.com/x/v2.0"),
    "no expiry": lambda: "Bearer " + token(exp=None),
    "expired beyond the leeway": lambda: "Bearer " + token(exp=int(time.time()) - 301),
    "not yet valid beyond the leeway": lambda: "Bearer " + token(nbf=int(time.time()) + 301),
    "another bot": lambda: "Bearer " + token(aud="another-bot"),
    "audience list": lambda: "Bearer " + token(aud=[APP_ID]),
}


@pytest.mark.parametrize("header", REJECTED.values(), ids=REJECTED.keys())
async def test_tokens_that_do_not_authenticate_are_rejected(header):
    with pytest.raises(TokenRejected):
        await check(header(), channel_id="msteams", service_url=SERVICE_URL)


async def test_a_key_endorsed_for_another_channel_is_rejected():
    with pytest.raises(TokenRejected, match="endorsed"):
        await check("Bearer " + token(), channel_id="webchat")


@pytest.mark.parametrize("claim", [None, "https://smba.example.invalid/"], ids=["missing", "another"])
async def test_the_service_url_must_be_the_activitys(claim):
    with pytest.raises(TokenRejected, match="service URL"):
        await check("Bearer " + token(serviceurl=claim), service_url=SERVICE_URL)


async def test_a_forged_signature_is_rejected():
    forger = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    now = int(time.time())
    forged = jwt.encode(
        {"iss": ISSUER, "aud": APP_ID, "exp": now + 60}, forger, algorithm="RS256", headers={"kid": "teams"}
    )
    with pytest.raises(TokenRejected, match="does not verify"):
        await check("Bearer " + forged)

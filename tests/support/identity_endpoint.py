"""Stand-ins on 127.0.0.1 for proving the managed-identity path end to end through azure-identity.

`IdentityEndpoint` speaks the App Service managed identity protocol (api-version 2019-08-01): GET
with `resource` (and `client_id` for a user-assigned identity) and the `X-IDENTITY-HEADER` secret,
answering {"access_token", "expires_on", "resource", "token_type"}. `point_managed_identity_at` sets
IDENTITY_ENDPOINT / IDENTITY_HEADER to it and clears every variable that would send azure-identity
anywhere else (IMDS at 169.254.169.254, Azure Arc, Service Fabric, workload identity, a service
principal), so nothing leaves 127.0.0.1.

`RecordingTableEndpoint` poses as a table service over HTTPS (azure-core sends bearer tokens only
over TLS) with a self-signed certificate for 127.0.0.1, and records each request's Authorization.
"""

from __future__ import annotations

import datetime
import ipaddress
import secrets
import ssl
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

import pytest
from aiohttp import web
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

# Anything that could route azure-identity away from the stand-in.
_FOREIGN_IDENTITY_VARIABLES = (
    "MSI_ENDPOINT",
    "MSI_SECRET",
    "IMDS_ENDPOINT",
    "IDENTITY_SERVER_THUMBPRINT",
    "AZURE_CLIENT_ID",
    "AZURE_TENANT_ID",
    "AZURE_CLIENT_SECRET",
    "AZURE_CLIENT_CERTIFICATE_PATH",
    "AZURE_CLIENT_CERTIFICATE_PASSWORD",
    "AZURE_USERNAME",
    "AZURE_PASSWORD",
    "AZURE_FEDERATED_TOKEN_FILE",
    "AZURE_AUTHORITY_HOST",
    "AZURE_POD_IDENTITY_AUTHORITY_HOST",
    "AZURE_TOKEN_CREDENTIALS",
)


async def _start(
    app: web.Application, ssl_context: ssl.SSLContext | None = None
) -> tuple[web.AppRunner, int]:
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0, ssl_context=ssl_context)
    await site.start()
    port: int = runner.addresses[0][1]
    return runner, port


@dataclass
class IdentityRequest:
    query: dict[str, str]
    identity_header: str | None


@dataclass
class IdentityEndpoint:
    """`async with IdentityEndpoint() as endpoint:`; `endpoint.url` for IDENTITY_ENDPOINT."""

    token: str = field(default_factory=lambda: "local-token-" + secrets.token_hex(8))
    header_secret: str = field(default_factory=lambda: secrets.token_hex(8))
    status: int = 200  # anything else: refuse every request with it
    requests: list[IdentityRequest] = field(default_factory=list)
    url: str = ""
    _runner: web.AppRunner | None = None

    async def _token(self, request: web.Request) -> web.Response:
        self.requests.append(IdentityRequest(dict(request.query), request.headers.get("X-IDENTITY-HEADER")))
        if self.status != 200:
            return web.json_response({"error": "refused by the stand-in"}, status=self.status)
        if request.headers.get("X-IDENTITY-HEADER") != self.header_secret:
            return web.json_response({"error": "missing or wrong X-IDENTITY-HEADER"}, status=401)
        if request.query.get("api-version") != "2019-08-01" or "resource" not in request.query:
            return web.json_response({"error": "bad request"}, status=400)
        return web.json_response(
            {
                "access_token": self.token,
                "expires_on": str(int(time.time()) + 3600),
                "resource": request.query["resource"],
                "token_type": "Bearer",
                "client_id": request.query.get("client_id", "system-assigned"),
            }
        )

    async def __aenter__(self) -> IdentityEndpoint:
        app = web.Application()
        app.router.add_get("/msi/token", self._token)
        self._runner, port = await _start(app)
        self.url = f"http://127.0.0.1:{port}/msi/token"
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if self._runner is not None:
            await self._runner.cleanup()


def point_managed_identity_at(monkeypatch: pytest.MonkeyPatch, endpoint: IdentityEndpoint) -> None:
    """Make azure-identity's managed identity the App Service one, served by `endpoint` only."""
    for name in _FOREIGN_IDENTITY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("IDENTITY_ENDPOINT", endpoint.url)
    monkeypatch.setenv("IDENTITY_HEADER", endpoint.header_secret)


@pytest.fixture
async def identity(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[IdentityEndpoint]:
    """An App Service identity endpoint on 127.0.0.1, and azure-identity pointed at it alone."""
    async with IdentityEndpoint() as endpoint:
        point_managed_identity_at(monkeypatch, endpoint)
        yield endpoint


def self_signed_certificate(directory: Path) -> tuple[Path, Path]:
    """A certificate and key for 127.0.0.1, valid for a day; the certificate is its own CA bundle."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path = directory / "table-stand-in.pem"
    key_path = directory / "table-stand-in.key"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    return cert_path, key_path


@dataclass
class TableRequest:
    method: str
    path: str
    authorization: str | None


@dataclass
class RecordingTableEndpoint:
    """`async with RecordingTableEndpoint(directory) as tables:`; answers create-table and queries
    (with no rows) like the table service, and keeps `requests`. `ca_bundle` verifies its certificate."""

    directory: Path
    requests: list[TableRequest] = field(default_factory=list)
    url: str = ""
    ca_bundle: Path | None = None
    _runner: web.AppRunner | None = None

    async def _any(self, request: web.Request) -> web.Response:
        self.requests.append(TableRequest(request.method, request.path, request.headers.get("Authorization")))
        if request.method == "POST" and request.path == "/Tables":
            body = await request.json()
            return web.json_response({"TableName": body.get("TableName")}, status=201)
        if request.method == "GET" and request.path.endswith("()"):
            return web.json_response({"value": []})
        return web.json_response({"odata.error": {"code": "ResourceNotFound"}}, status=404)

    async def __aenter__(self) -> RecordingTableEndpoint:
        cert_path, key_path = self_signed_certificate(self.directory)
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(cert_path, key_path)
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._any)
        self._runner, port = await _start(app, context)
        self.url = f"https://127.0.0.1:{port}"
        self.ca_bundle = cert_path
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

"""The web service: assembles settings, register, policy pack and bot into an aiohttp application.

`create_app` builds everything per call (no module-level singletons). It takes the register either
open (tests and benchmarks own it) or as `OpenOnStartup`: then the application opens it when it starts,
inside the event loop that will use it (the Azure Table client belongs to one loop), and closes it
when it stops. Either way the bot is reached through the application's state, set before serving.

The `/api/messages` handler is ours rather than `CloudAdapter.process`, because the SDK's own handler
answers bad input with 500 and fails every invoke that has a body (4.17.1). Here each failure has its
own status and a short JSON message: 415 wrong content type, 413 too large, 400 not JSON (of any
shape: unparseable, nested too deeply, NaN) or not an activity, 401 any authentication failure, 403 a
tenant other than the Trust's. With credentials, the token is checked before the body is even read:
a caller without a valid token never reaches the JSON parser. The token is checked again with the
activity, which binds it to the activity's channel and service URL.

Tokens are checked by `gateway.tokens` against keys `gateway.keys` fetches and caches on the event
loop, not by the SDK, whose key fetch is a blocking `requests.get` without a timeout: one stalled key
server used to hold every thread that validated tokens. `BotAuthentication` is the seam: the SDK's
authentication with that check, and with the Bot Connector clients kept across turns
(`dialogs.connector`). `gateway.admission` bounds the turns in flight; the excess gets 503 at once.
"""

from __future__ import annotations

import argparse
import json
import logging
import socket
import sys
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from aiohttp import web
from botbuilder.core import InvokeResponse
from botbuilder.integration.aiohttp import CloudAdapter, ConfigurationBotFrameworkAuthentication
from botbuilder.schema import Activity, CallerIdConstants
from botframework.connector.auth import (
    AuthenticateRequestResult,
    AuthenticationConstants,
    ClaimsIdentity,
    ConnectorFactory,
    ServiceClientCredentialsFactory,
    SkillValidation,
    UserTokenClient,
)

from dialogs.bot import SocialDeskBot
from dialogs.connector import ConnectorClients
from editors.membership import GroupEditors
from gateway.admission import Admission
from gateway.keys import SigningKeys
from gateway.tokens import ChannelTokenRules, TokenRejected, validate_channel_token
from observe.readiness import ReadinessProbe, readyz_handler
from policy.pack import PolicyPack
from register.base import Register
from settings import Settings, SettingsError, read_environment

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]
JSON_TYPES = frozenset({"application/json"})
# Deeper than anything Teams sends (an Adaptive Card in a message is a few dozen levels), and well
# inside what the JSON parser, the SDK's deserialiser and the register's encoder can nest.
MAX_JSON_DEPTH = 100
# Seconds a caller turned away by admission control is asked to wait before sending again.
RETRY_AFTER_SECONDS = 1
SETTINGS_KEY = web.AppKey("settings", Settings)
BOT_KEY = web.AppKey("bot", SocialDeskBot)
ADAPTER_KEY = web.AppKey("adapter", CloudAdapter)
REGISTER_KEY: web.AppKey[Register] = web.AppKey("register")


def utc_now() -> datetime:
    return datetime.now(UTC)


class BotAuthConfig:
    """The attribute bag `ConfigurationBotFrameworkAuthentication` reads (it ignores the environment)."""

    def __init__(self, settings: Settings) -> None:
        self.APP_ID = settings.app_id
        self.APP_PASSWORD = settings.app_password
        self.APP_TYPE = settings.app_type
        self.APP_TENANTID = settings.app_tenant_id
        if settings.openid_metadata_url:
            # Naming any one endpoint switches the SDK to its "parameterized" mode, which then needs
            # all of them: the public cloud's values except where the signing keys are published.
            self.TO_BOT_FROM_CHANNEL_OPENID_METADATA_URL = settings.openid_metadata_url
            self.TO_BOT_FROM_EMULATOR_OPENID_METADATA_URL = settings.openid_metadata_url
            self.TO_BOT_FROM_CHANNEL_TOKEN_ISSUER = AuthenticationConstants.TO_BOT_FROM_CHANNEL_TOKEN_ISSUER
            self.TO_CHANNEL_FROM_BOT_OAUTH_SCOPE = AuthenticationConstants.TO_CHANNEL_FROM_BOT_OAUTH_SCOPE
            self.TO_CHANNEL_FROM_BOT_LOGIN_URL = (
                AuthenticationConstants.TO_CHANNEL_FROM_BOT_LOGIN_URL_PREFIX
                + (settings.app_tenant_id or AuthenticationConstants.DEFAULT_CHANNEL_AUTH_TENANT)
            )
            self.OAUTH_URL = AuthenticationConstants.OAUTH_URL

    def __repr__(self) -> str:  # never show the password
        return f"BotAuthConfig(APP_ID={self.APP_ID!r}, APP_TYPE={self.APP_TYPE!r})"


def _app_id_of(identity: ClaimsIdentity) -> str:
    """The bot a token was issued for: `aud` from the channel, `appid` otherwise (as the SDK reads it)."""
    claims = identity.claims or {}
    app_id = claims.get(AuthenticationConstants.AUDIENCE_CLAIM) or claims.get(
        AuthenticationConstants.APP_ID_CLAIM
    )
    return app_id if isinstance(app_id, str) else ""


class KeptClientsAuthentication(ConfigurationBotFrameworkAuthentication):  # type: ignore[misc]
    """The SDK's authentication with the outbound clients (Bot Connector, user token service) built
    once and kept: short timeouts, no transport retries (`dialogs.connector`). All a process that only
    sends (`socialdesk remind --once`) needs; the bot's `BotAuthentication` adds the check of tokens."""

    def __init__(
        self,
        settings: Settings,
        connectors: ConnectorClients,
        credentials_factory: ServiceClientCredentialsFactory | None = None,
    ) -> None:
        super().__init__(BotAuthConfig(settings), credentials_factory=credentials_factory, logger=log)
        self._connectors = connectors
        self._user_token_clients: dict[str, UserTokenClient] = {}

    def create_connector_factory(self, claims_identity: ClaimsIdentity) -> ConnectorFactory:
        # The SDK's factory knows the cloud's login endpoint; it is asked only for clients not yet kept.
        inner = super().create_connector_factory(claims_identity)
        return self._connectors.factory(inner, _app_id_of(claims_identity))

    async def create_user_token_client(self, claims_identity: ClaimsIdentity) -> UserTokenClient:
        # The adapter asks for one every turn; Social Desk never signs users in, so one per bot will do.
        app_id = _app_id_of(claims_identity)
        client = self._user_token_clients.get(app_id)
        if client is None:
            client = await super().create_user_token_client(claims_identity)
            self._user_token_clients[app_id] = client
        return client


class BotAuthentication(KeptClientsAuthentication):
    """The kept outbound clients, with the channel's tokens checked against cached keys."""

    def __init__(
        self,
        settings: Settings,
        keys: SigningKeys,
        connectors: ConnectorClients,
        credentials_factory: ServiceClientCredentialsFactory | None = None,
    ) -> None:
        super().__init__(settings, connectors, credentials_factory)
        self._settings = settings
        self._keys = keys
        self._rules = ChannelTokenRules(
            issuer=AuthenticationConstants.TO_BOT_FROM_CHANNEL_TOKEN_ISSUER, app_id=settings.app_id
        )

    async def authenticate_request(
        self, activity: Activity, auth_header: str | None
    ) -> AuthenticateRequestResult:
        """Who sent this activity; TokenRejected (or the SDK's PermissionError) when the token fails.

        `Activity()` (no channel, no service URL) checks the token alone. Without credentials (local
        mode) the SDK's anonymous identity is used and the header is not read.
        """
        if not self._settings.has_credentials:
            result: AuthenticateRequestResult = await super().authenticate_request(activity, None)
            result.connector_factory = self.create_connector_factory(result.claims_identity)
            return result
        claims = await validate_channel_token(
            auth_header or "",
            self._rules,
            self._keys.get,
            channel_id=activity.channel_id,
            service_url=activity.service_url,
        )
        if SkillValidation.is_skill_claim(claims):  # as the SDK: no skill calls without a claims validator
            raise TokenRejected("a skill's token")
        identity = ClaimsIdentity(claims, True)
        result = AuthenticateRequestResult()
        result.claims_identity = identity
        result.audience = AuthenticationConstants.TO_CHANNEL_FROM_BOT_OAUTH_SCOPE
        result.caller_id = CallerIdConstants.public_azure_channel
        result.connector_factory = self.create_connector_factory(identity)
        return result


def _problem(status: int, message: str, correlation_id: str | None = None) -> web.Response:
    body: dict[str, str] = {"error": message}
    if correlation_id:
        body["correlationId"] = correlation_id
    return web.json_response(body, status=status)


def _not_json(constant: str) -> object:
    raise ValueError(f"{constant} is not JSON")


def parse_json_body(raw: bytes) -> object:
    """The body as JSON; ValueError (with a message for the caller) for anything else."""
    try:
        body = json.loads(raw, parse_constant=_not_json)
    except RecursionError as exc:  # the parser's own stack ran out: nested thousands deep
        raise ValueError("the body is nested too deeply") from exc
    except ValueError as exc:  # not UTF-8, not JSON, NaN or Infinity, a number of thousands of digits
        raise ValueError("the body is not valid JSON") from exc
    if _depth_exceeds(body, MAX_JSON_DEPTH):
        raise ValueError(f"the body is nested more than {MAX_JSON_DEPTH} levels deep")
    return body


def _depth_exceeds(value: object, limit: int) -> bool:
    """Whether arrays and objects nest deeper than `limit`. Iterative: no recursion to run out of."""
    pending: list[tuple[object, int]] = [(value, 1)]
    while pending:
        item, depth = pending.pop()
        children = item.values() if isinstance(item, dict) else item if isinstance(item, list) else None
        if children is None:
            continue
        if depth > limit:
            return True
        pending.extend((child, depth + 1) for child in children)
    return False


def activity_shape_problem(body: object) -> str | None:
    """Why this JSON is not an activity the bot can answer, or None when it is."""
    if not isinstance(body, dict):
        return "the body must be a JSON object (a Bot Framework activity)"
    for key in ("type", "serviceUrl", "channelId"):
        if not isinstance(body.get(key), str) or not body[key]:
            return f"the activity has no {key!r} string"
    if not body["serviceUrl"].startswith(("https://", "http://")):
        return "the activity's serviceUrl must be an http(s) URL"
    conversation = body.get("conversation")
    if not isinstance(conversation, dict) or not isinstance(conversation.get("id"), str):
        return "the activity has no conversation id"
    for key in ("from", "recipient"):
        if key in body and not isinstance(body[key], dict):
            return f"the activity's {key!r} must be an object"
    if "channelData" in body and not isinstance(body["channelData"], dict):
        return "the activity's 'channelData' must be an object"
    return None


def tenant_of(body: Mapping[str, Any]) -> str | None:
    """The Azure AD tenant an activity comes from: Teams puts it in channelData and the conversation."""
    channel_data = body.get("channelData") or {}
    tenant = channel_data.get("tenant") if isinstance(channel_data, dict) else None
    if isinstance(tenant, dict) and isinstance(tenant.get("id"), str):
        return str(tenant["id"]).lower()
    conversation_tenant = body["conversation"].get("tenantId")
    return str(conversation_tenant).lower() if isinstance(conversation_tenant, str) else None


def _invoke_body(response: InvokeResponse) -> web.Response:
    body = response.body
    if body is not None and hasattr(body, "serialize"):
        body = body.serialize()
    status = response.status or 200
    if body is None:
        return web.Response(status=status)
    return web.json_response(body, status=status)


class MessagesHandler:
    """POST /api/messages: admit the request, authenticate it, run the turn, answer with its result."""

    def __init__(self, settings: Settings, adapter: CloudAdapter, auth: BotAuthentication) -> None:
        self._settings = settings
        self._adapter = adapter
        self._auth = auth
        self._admission = Admission(settings.max_turns)

    async def _check_token(self, activity: Activity, header: str) -> AuthenticateRequestResult | web.Response:
        """The authentication result, or the 401 to answer with.

        An activity without a channel or a service URL (`Activity()`) checks the token alone: its
        signature, issuer, audience and lifetime.
        """
        try:
            result: AuthenticateRequestResult = await self._auth.authenticate_request(activity, header)
            return result
        except TokenRejected as exc:
            log.warning("refused a request: authentication failed (%s)", exc)
        except Exception as exc:
            # Any other failure (the credentials factory, say) also means "not authenticated".
            log.warning("refused a request: authentication failed (%s)", type(exc).__name__)
        return _problem(401, "the request could not be authenticated")

    async def handle(self, request: web.Request) -> web.Response:
        settings = self._settings
        if request.content_type not in JSON_TYPES:
            return _problem(415, "Content-Type must be application/json")
        if request.content_length is not None and request.content_length > settings.max_body_bytes:
            return _problem(413, f"the body is larger than {settings.max_body_bytes} bytes")
        with self._admission.admit() as admitted:
            if not admitted:
                response = _problem(503, "the bot is busy; send the activity again shortly")
                response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
                return response
            return await self._handle_admitted(request)

    async def _handle_admitted(self, request: web.Request) -> web.Response:
        settings = self._settings
        header = request.headers.get("Authorization", "")
        if settings.has_credentials:
            # The token first, on its own: nothing of the body is read or parsed for a caller without one.
            if not header.strip():
                return _problem(401, "an Authorization header with a Bot Framework token is required")
            checked = await self._check_token(Activity(), header)
            if isinstance(checked, web.Response):
                return checked
        try:
            raw = await request.read()
        except web.HTTPRequestEntityTooLarge:
            return _problem(413, f"the body is larger than {settings.max_body_bytes} bytes")
        try:
            body = parse_json_body(raw)
        except ValueError as exc:
            return _problem(400, str(exc))
        problem = activity_shape_problem(body)
        if problem:
            return _problem(400, problem)
        assert isinstance(body, dict)  # activity_shape_problem refuses everything else
        try:
            activity = Activity().deserialize(body)
        except Exception:  # msrest raises several kinds for wrongly typed fields
            return _problem(400, "the activity's fields do not have the expected types")

        if settings.has_credentials:
            # Again with the activity: the signing key must be endorsed for its channel, and the token
            # issued for its service URL.
            checked = await self._check_token(activity, header)
            if isinstance(checked, web.Response):
                return checked
            auth_result = checked
            tenant = tenant_of(body)
            if tenant is None or tenant not in settings.allowed_tenants:
                log.warning("refused an activity from a tenant that is not allowed")
                return _problem(403, "this bot serves only its own organisation's tenant")
        else:
            # Local mode: no credentials, so the SDK treats the request as anonymous and replies unsigned.
            auth_result = await self._auth.authenticate_request(activity, None)

        try:
            bot = request.app[BOT_KEY]
            invoke_response = await self._adapter.process_activity(auth_result, activity, bot.on_turn)
        except Exception:
            correlation_id = uuid.uuid4().hex[:12]
            log.exception("turn failed outside the bot's error handler [%s]", correlation_id)
            return _problem(500, "the bot could not handle this activity", correlation_id)
        if invoke_response is not None:
            return _invoke_body(invoke_response)
        return web.Response(status=201)


async def healthz(request: web.Request) -> web.Response:
    return web.json_response({"status": "ok"})


@dataclass(frozen=True)
class OpenOnStartup:
    """A register the application opens when it starts and closes when it stops.

    `opener` is awaited inside the application's event loop, e.g. `lambda: open_register(values)`.
    """

    opener: Callable[[], Awaitable[Register]]


def _register_context(
    opening: OpenOnStartup, attach: Callable[[Register], None]
) -> Callable[[web.Application], AsyncIterator[None]]:
    async def context(_: web.Application) -> AsyncIterator[None]:
        register = await opening.opener()
        try:
            attach(register)
            yield
        finally:
            await register.close()

    return context


def create_app(
    settings: Settings,
    register: Register | OpenOnStartup,
    pack: PolicyPack,
    *,
    clock: Clock = utc_now,
    credentials_factory: ServiceClientCredentialsFactory | None = None,
    bot_class: type[SocialDeskBot] = SocialDeskBot,
    editors: GroupEditors | None = None,
) -> web.Application:
    """The aiohttp application serving the bot.

    `register` is an open register (the caller closes it) or `OpenOnStartup` (the application opens
    it first thing on start-up, so cleanup contexts appended later, such as the digest job, find it
    under `REGISTER_KEY`, and closes it last). `credentials_factory` replaces the one built from the
    settings (for certificate credentials, or a stand-in Azure AD in tests); `bot_class` lets the
    benchmark add a baseline turn; `editors` is the editors group (closed when the application stops).
    """
    keys = SigningKeys(
        settings.openid_metadata_url or AuthenticationConstants.TO_BOT_FROM_CHANNEL_OPENID_METADATA_URL,
        timeout=settings.auth_timeout,
    )
    connectors = ConnectorClients(settings.connector_connect_timeout, settings.connector_read_timeout)
    auth = BotAuthentication(settings, keys, connectors, credentials_factory)
    adapter = CloudAdapter(auth)
    handler = MessagesHandler(settings, adapter, auth)

    # aiohttp refuses larger bodies itself (413) when no Content-Length was sent.
    app = web.Application(client_max_size=settings.max_body_bytes)
    app[SETTINGS_KEY] = settings
    app[ADAPTER_KEY] = adapter
    app.router.add_post("/api/messages", handler.handle)
    app.router.add_get("/healthz", healthz)
    # Readiness: the register answers a cheap read within a deadline and the pack is loaded.
    probe = ReadinessProbe(settings.ready_timeout)
    app.router.add_get("/readyz", readyz_handler(probe, lambda running: running.get(REGISTER_KEY), pack))

    def attach(opened: Register) -> None:
        bot = bot_class(settings=settings, register=opened, pack=pack, clock=clock, editors=editors)
        adapter.on_turn_error = bot.on_turn_error
        app[REGISTER_KEY] = opened
        app[BOT_KEY] = bot

    if isinstance(register, OpenOnStartup):
        app.cleanup_ctx.append(_register_context(register, attach))
    else:
        attach(register)

    async def close(_: web.Application) -> None:
        await keys.close()

    async def stop_probe(_: web.Application) -> None:  # before the register closes
        probe.close()

    app.on_shutdown.append(stop_probe)
    if editors is not None:
        app.on_cleanup.append(lambda _: editors.close())
    app.on_cleanup.append(close)
    return app


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=3978, help="port to listen on (default 3978)")
    parser.add_argument(
        "--local",
        action="store_true",
        help="developer mode without credentials (Agents Playground, Emulator); loopback only",
    )


def run(args: argparse.Namespace) -> int:
    """`socialdesk serve`: check the settings, load the pack, serve until stopped.

    The register (`SOCIALDESK_STORE`: TinyDB by default, or Azure Table) is opened by the application
    as it starts; a setting it cannot use, or a store it cannot reach, ends the start with status 2.
    The daily digest job runs beside the bot here, not in `create_app`, so test servers have none.
    """
    # Imported here so that `socialdesk assess` and friends never load storage or aiohttp's server.
    from dataclasses import replace

    from editors.config import group_editors
    from observe.logs import configure_logging, log_format
    from observe.telemetry import start_telemetry
    from observe.traced_register import traced
    from policy import second_reader
    from policy.pack import PackError, load_pack
    from register.base import RegisterError
    from register.factory import open_register
    from reminders.config import DigestConfig, DigestConfigError
    from reminders.scheduler import digest_job_context

    try:
        values = read_environment()
        configure_logging(log_format(values))  # text, or JSON lines with SOCIALDESK_LOG_FORMAT=json
        settings = Settings.from_env(values)
        if args.local:
            settings = replace(settings, local=True)
        if ignored := settings.local_ignored():
            log.warning(ignored)  # credentials win: local mode is never on beside them
            settings = replace(settings, local=False)
        settings.check_can_serve(args.host)
        pack = load_pack(settings.pack_path)
        second_reader.shipped()  # read the second reader's weights now, not during the first check
        digest_config = DigestConfig.from_env(values)
        editors = group_editors(values) if settings.has_credentials else None
        telemetry = start_telemetry(values)  # Azure Monitor, only with APPLICATIONINSIGHTS_CONNECTION_STRING
    except (SettingsError, PackError, DigestConfigError, RegisterError, ValueError) as exc:
        print(f"socialdesk serve: {exc}", file=sys.stderr)
        return 2

    store = values.get("SOCIALDESK_STORE", "").strip() or "tinydb"

    async def open_chosen_register() -> Register:
        try:
            # Only the bot starts a new register; every other command needs one to exist.
            opened = await open_register(values, create=True)
        except OSError as exc:  # e.g. a data directory it may not write: the register's problem
            raise RegisterError(str(exc)) from exc
        return traced(opened, store, telemetry)  # a span per register call when telemetry is on

    app = create_app(settings, OpenOnStartup(open_chosen_register), pack, editors=editors)
    try:
        app.cleanup_ctx.append(digest_job_context(None, pack, settings, config=digest_config))
    except ValueError as exc:  # a send time outside the pack's monitored hours
        print(f"socialdesk serve: {exc}", file=sys.stderr)
        return 2
    mode = "local mode (no credentials, loopback only)" if not settings.has_credentials else "authenticated"

    async def announce(_: web.Application) -> None:
        log.info("Social Desk listening on http://%s:%d/api/messages, %s", args.host, args.port, mode)

    # After the register's context: announced only once the register is open.
    app.on_startup.append(announce)
    try:
        # The port first: a start that cannot listen (another `serve` has it) opens no register.
        listener = bind_listener(args.host, args.port)
    except OSError as exc:
        print(
            f"socialdesk serve: cannot listen on {args.host}:{args.port}: {exc.strerror or exc}",
            file=sys.stderr,
        )
        return 2
    log.info("opening the register (%s)", store)
    try:
        web.run_app(app, sock=listener, print=None)
    except RegisterError as exc:
        print(f"socialdesk serve: the register could not be opened: {exc}", file=sys.stderr)
        return 2
    finally:
        listener.close()
    return 0


def bind_listener(host: str, port: int) -> socket.socket:
    """A listening socket on `host`:`port` (OSError when the port is taken or the address is not ours)."""
    family, _, _, _, address = socket.getaddrinfo(
        host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
    )[0]
    # create_server sets SO_REUSEADDR, as aiohttp does: a restart need not wait for TIME_WAIT to pass.
    return socket.create_server(address, family=family, backlog=128)

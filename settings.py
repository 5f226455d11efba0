"""Settings for serving the bot, read once from the environment (and an optional `.env` file).

The Bot Framework names (`MicrosoftAppId`, `MicrosoftAppPassword`, `MicrosoftAppType`,
`MicrosoftAppTenantId`) are the ones Azure Bot Service and its tooling already use; everything else
is `SOCIALDESK_*`. `check_can_serve` decides whether a start is safe: a bot without credentials
accepts anyone's activities, so that is allowed only when asked for and only on a loopback address.
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from dotenv import dotenv_values

APP_TYPES = ("MultiTenant", "SingleTenant", "UserAssignedMSI")
DEFAULT_MAX_BODY = 256 * 1024  # Teams activities are a few KiB; a card submit well under 100 KiB.
# Turns in flight at once; more are answered 503 at once. A turn's latency under load grows with
# this bound times a turn's CPU (about 10-20 ms): 16 keeps admitted turns well inside Teams' 15 s on a
# small instance and leaves room for turns waiting on storage; a comms team rarely has more than a
# handful in flight (`make bench`, admission).
DEFAULT_MAX_TURNS = 16
TRUE_WORDS = frozenset({"1", "true", "yes", "on"})


class SettingsError(ValueError):
    """The settings cannot be used; the message says what to set."""


def _split(value: str | None) -> frozenset[str]:
    """A comma- or space-separated list (AAD object ids, tenant ids), lower-cased: GUIDs ignore case."""
    if not value:
        return frozenset()
    return frozenset(part.strip().lower() for part in value.replace(",", " ").split() if part.strip())


def _seconds(name: str, text: str, default: float) -> float:
    """A positive number of seconds from the setting `name`, or `default` when it is not set."""
    if not text:
        return default
    try:
        value = float(text)
    except ValueError as exc:
        raise SettingsError(f"{name} must be a number of seconds, not {text!r}") from exc
    if not 0 < value <= 3600:
        raise SettingsError(f"{name} must be between 0 and 3600 seconds, not {text!r}")
    return value


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def read_environment(
    environ: Mapping[str, str] | None = None, env_file: Path | None = None
) -> dict[str, str]:
    """The process environment (or `environ`) over an optional `.env` file: every setting's source.

    The register's settings (`SOCIALDESK_STORE`, `SOCIALDESK_TABLE_*`) are read from the same values
    by `register.factory`, so a `.env` file configures the store as it configures the bot.
    """
    values: dict[str, str] = {}
    file = env_file if env_file is not None else Path(".env")
    if file.is_file():
        values.update({k: v for k, v in dotenv_values(file).items() if v is not None})
    values.update(os.environ if environ is None else environ)
    return values


@dataclass(frozen=True)
class Settings:
    app_id: str = ""
    # Kept out of repr so that logging a Settings object (or a traceback showing one) leaks nothing.
    app_password: str = field(default="", repr=False)
    app_type: str = "MultiTenant"
    app_tenant_id: str = ""
    data_dir: Path = Path("data")
    editors: frozenset[str] = frozenset()
    tenants: frozenset[str] = frozenset()
    max_body_bytes: int = DEFAULT_MAX_BODY
    local: bool = False
    pack_path: Path | None = None
    # Seconds a turn's register calls may take in all: Teams gives up on a bot after 15.
    turn_deadline: float = 10.0
    # Where the channel's signing keys are published; only a private cloud (or a test) changes it.
    openid_metadata_url: str | None = None
    # Seconds allowed for fetching the channel's signing keys (OpenID metadata and JWKS together).
    auth_timeout: float = 5.0
    # Turns in flight at once (SOCIALDESK_MAX_TURNS); more get 503 with Retry-After.
    max_turns: int = DEFAULT_MAX_TURNS
    # Seconds to connect to an activity's service URL, and to wait for each answer from it.
    connector_connect_timeout: float = 3.0
    connector_read_timeout: float = 10.0
    # Seconds /readyz waits for the register's probe read before answering 503.
    ready_timeout: float = 2.0

    @property
    def has_credentials(self) -> bool:
        return bool(self.app_id)

    @property
    def allowed_tenants(self) -> frozenset[str]:
        """Tenants whose activities are accepted: the configured list, else the app's own tenant."""
        if self.tenants:
            return self.tenants
        return frozenset({self.app_tenant_id.lower()}) if self.app_tenant_id else frozenset()

    def is_editor(self, aad_object_id: str | None) -> bool:
        """Editors may record and change; everyone is an editor on a developer's own machine."""
        if not self.has_credentials:
            return True
        return aad_object_id is not None and aad_object_id.lower() in self.editors

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, env_file: Path | None = None) -> Settings:
        """Read settings; real environment variables win over a `.env` file (which is optional)."""
        values = read_environment(environ, env_file)

        def get(name: str, default: str = "") -> str:
            return values.get(name, default).strip()

        app_type = get("MicrosoftAppType") or "MultiTenant"
        if app_type not in APP_TYPES:
            raise SettingsError(f"MicrosoftAppType must be one of {', '.join(APP_TYPES)}, not {app_type!r}")
        max_body_text = get("SOCIALDESK_MAX_BODY") or str(DEFAULT_MAX_BODY)
        try:
            max_body = int(max_body_text)
        except ValueError as exc:
            raise SettingsError(
                f"SOCIALDESK_MAX_BODY must be a number of bytes, not {max_body_text!r}"
            ) from exc
        if max_body < 1024:
            raise SettingsError("SOCIALDESK_MAX_BODY must be at least 1024 bytes")
        turn_deadline = _seconds("SOCIALDESK_TURN_DEADLINE", get("SOCIALDESK_TURN_DEADLINE"), 10.0)
        max_turns_text = get("SOCIALDESK_MAX_TURNS") or str(DEFAULT_MAX_TURNS)
        if not max_turns_text.isdigit() or int(max_turns_text) < 1:
            raise SettingsError(
                f"SOCIALDESK_MAX_TURNS must be a whole number of turns, at least 1, not {max_turns_text!r}"
            )
        pack = get("SOCIALDESK_PACK")
        ready_timeout = _seconds("SOCIALDESK_READY_TIMEOUT", get("SOCIALDESK_READY_TIMEOUT"), 2.0)
        return cls(
            app_id=get("MicrosoftAppId"),
            app_password=get("MicrosoftAppPassword"),
            app_type=app_type,
            app_tenant_id=get("MicrosoftAppTenantId"),
            data_dir=Path(get("SOCIALDESK_DATA") or "data"),
            editors=_split(get("SOCIALDESK_EDITORS")),
            tenants=_split(get("SOCIALDESK_TENANTS")),
            max_body_bytes=max_body,
            turn_deadline=turn_deadline,
            max_turns=int(max_turns_text),
            local=get("SOCIALDESK_LOCAL").lower() in TRUE_WORDS,
            pack_path=Path(pack) if pack else None,
            openid_metadata_url=get("SOCIALDESK_OPENID_METADATA_URL") or None,
            ready_timeout=ready_timeout,
        )

    def local_ignored(self) -> str | None:
        """Why local mode was asked for and will not be on (credentials are set), or None.

        Credentials win: a `--local` (or `SOCIALDESK_LOCAL=1`) left beside a `MicrosoftAppId` never
        switches authentication off. The start says so in one line instead of deciding silently.
        """
        if not (self.local and self.has_credentials):
            return None
        return (
            "--local is ignored: MicrosoftAppId is set (in the environment or .env), so every request "
            "is authenticated and the Agents Playground and Emulator will get 401. For local mode, "
            "unset MicrosoftAppId."
        )

    def check_can_serve(self, host: str) -> None:
        """Raise SettingsError naming what is missing when serving on `host` would be unsafe."""
        if not self.has_credentials:
            if not self.local:
                raise SettingsError(
                    "MicrosoftAppId is not set: without it the bot would accept activities from anyone. "
                    "Set MicrosoftAppId, MicrosoftAppPassword and MicrosoftAppTenantId (or "
                    "SOCIALDESK_TENANTS), or for a developer's own machine run `socialdesk serve --local` "
                    "on 127.0.0.1."
                )
            if not is_loopback(host):
                raise SettingsError(
                    f"local mode (no MicrosoftAppId) only listens on a loopback address, not {host!r}: "
                    "use --host 127.0.0.1, or set MicrosoftAppId and MicrosoftAppPassword."
                )
            return
        missing = []
        if self.app_type != "UserAssignedMSI" and not self.app_password:
            missing.append("MicrosoftAppPassword")
        if self.app_type in ("SingleTenant", "UserAssignedMSI") and not self.app_tenant_id:
            missing.append("MicrosoftAppTenantId")
        if not self.allowed_tenants:
            missing.append("SOCIALDESK_TENANTS (or MicrosoftAppTenantId): the Trust's tenant id")
        if missing:
            raise SettingsError(f"MicrosoftAppId is set but these are missing: {', '.join(missing)}")

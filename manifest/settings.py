"""The settings that make the Teams app package one Trust's own, and how they are checked.

Each setting comes from a command-line flag or, failing that, an environment variable. Values are
checked here, before anything is built, so that a typo gives one clear sentence instead of a package
that Teams rejects at upload (or, worse, accepts with a dead privacy link).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from socialdesk_version import __version__


class SettingsError(ValueError):
    """A setting is missing or malformed; the message is one line, fit for a terminal."""


@dataclass(frozen=True)
class Setting:
    key: str  # the argparse destination and the key of `given`
    flag: str
    env: str
    label: str  # how an error message names it


APP_ID = Setting("app_id", "--app-id", "MicrosoftAppId", "bot app id")
TEAMS_APP_ID = Setting("teams_app_id", "--teams-app-id", "SOCIALDESK_TEAMS_APP_ID", "Teams app id")
DOMAIN = Setting("domain", "--domain", "SOCIALDESK_APP_DOMAIN", "domain")
VERSION = Setting("version", "--version", "SOCIALDESK_APP_VERSION", "app version")
DEVELOPER_NAME = Setting("developer_name", "--developer-name", "SOCIALDESK_DEVELOPER_NAME", "developer name")
WEBSITE_URL = Setting("website_url", "--website-url", "SOCIALDESK_WEBSITE_URL", "website URL")
PRIVACY_URL = Setting("privacy_url", "--privacy-url", "SOCIALDESK_PRIVACY_URL", "privacy URL")
TERMS_URL = Setting("terms_url", "--terms-url", "SOCIALDESK_TERMS_URL", "terms of use URL")

SETTINGS: tuple[Setting, ...] = (
    APP_ID,
    TEAMS_APP_ID,
    DOMAIN,
    VERSION,
    DEVELOPER_NAME,
    WEBSITE_URL,
    PRIVACY_URL,
    TERMS_URL,
)

DEFAULT_VERSION = __version__  # the package's own: versions agree everywhere
MAX_DEVELOPER_NAME = 32  # Teams' limit for developer.name
MAX_URL = 2048

_GUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_NIL_GUID = "00000000-0000-0000-0000-000000000000"
# Teams accepts only MAJOR.MINOR.PATCH, without pre-release or build suffixes.
_VERSION = re.compile(r"^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$")
_LABEL = re.compile(r"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$")


@dataclass(frozen=True)
class ManifestSettings:
    """Checked settings; `defaulted` names the settings that were derived rather than given."""

    bot_app_id: str
    teams_app_id: str
    domain: str
    version: str
    developer_name: str
    website_url: str
    privacy_url: str
    terms_url: str
    defaulted: tuple[str, ...] = ()


def resolve_settings(given: Mapping[str, str | None], environ: Mapping[str, str]) -> ManifestSettings:
    """Settings from flags (`given`, keyed by `Setting.key`) over environment variables, checked.

    Raises SettingsError naming the flag and the environment variable of the first bad setting.
    """
    raw = {s.key: _pick(s, given, environ) for s in SETTINGS}
    defaulted: list[str] = []

    bot_app_id = _guid(APP_ID, _required(APP_ID, raw))
    teams_app_id = bot_app_id
    if raw[TEAMS_APP_ID.key] is None:
        defaulted.append(TEAMS_APP_ID.key)
    else:
        teams_app_id = _guid(TEAMS_APP_ID, raw[TEAMS_APP_ID.key] or "")
    domain = _domain(_required(DOMAIN, raw))
    # A wildcard domain still names the Trust's site: the defaults below use its base.
    site = domain.removeprefix("*.")

    def or_default(setting: Setting, default: str) -> str:
        value = raw[setting.key]
        if value is None:
            defaulted.append(setting.key)
            return default
        return value

    version = _version(or_default(VERSION, DEFAULT_VERSION))
    developer_name = _developer_name(or_default(DEVELOPER_NAME, site), DEVELOPER_NAME.key in defaulted)
    website_url = _https_url(WEBSITE_URL, or_default(WEBSITE_URL, f"https://{site}/"))
    privacy_url = _https_url(PRIVACY_URL, or_default(PRIVACY_URL, f"https://{site}/privacy"))
    terms_url = _https_url(TERMS_URL, or_default(TERMS_URL, f"https://{site}/terms"))
    return ManifestSettings(
        bot_app_id=bot_app_id,
        teams_app_id=teams_app_id,
        domain=domain,
        version=version,
        developer_name=developer_name,
        website_url=website_url,
        privacy_url=privacy_url,
        terms_url=terms_url,
        defaulted=tuple(defaulted),
    )


def where(setting: Setting) -> str:
    """How the user sets it, for messages: "--app-id or MicrosoftAppId"."""
    return f"{setting.flag} or {setting.env}"


def _pick(setting: Setting, given: Mapping[str, str | None], environ: Mapping[str, str]) -> str | None:
    value = given.get(setting.key)
    if value is None:
        value = environ.get(setting.env)
    if value is None:
        return None
    value = value.strip()
    # An empty environment variable is a common leftover of templates: treat it as unset.
    return value or None


def _required(setting: Setting, raw: Mapping[str, str | None]) -> str:
    value = raw[setting.key]
    if value is None:
        raise SettingsError(f"missing {setting.label}: pass {setting.flag} or set {setting.env}")
    return value


def _guid(setting: Setting, value: str) -> str:
    guid = value.lower().removeprefix("{").removesuffix("}")
    if not _GUID.match(guid):
        raise SettingsError(
            f"{setting.label} {value!r} is not a GUID like 1b4e28ba-2fa1-11d2-883f-0016d3cca427 "
            f"({where(setting)})"
        )
    if guid == _NIL_GUID:
        raise SettingsError(f"{setting.label} is the nil GUID, not a real app id ({where(setting)})")
    return guid


def _domain(value: str) -> str:
    domain = value.lower().rstrip(".")
    if "://" in domain or "/" in domain or ":" in domain:
        raise SettingsError(
            f"domain {value!r} must be a host name like example.nhs.uk, without https://, a port or a path "
            f"({where(DOMAIN)})"
        )
    host = domain.removeprefix("*.")
    labels = host.split(".")
    if (
        len(host) > 253
        or len(labels) < 2
        or not all(_LABEL.match(label) for label in labels)
        or not labels[-1].isalpha()
    ):
        raise SettingsError(
            f"domain {value!r} is not a host name like example.nhs.uk or *.example.nhs.uk ({where(DOMAIN)})"
        )
    return domain


def _version(value: str) -> str:
    if not _VERSION.match(value):
        raise SettingsError(
            f"app version {value!r} must be MAJOR.MINOR.PATCH, for example 1.0.0 ({where(VERSION)})"
        )
    return value


def _developer_name(value: str, from_domain: bool) -> str:
    if len(value) > MAX_DEVELOPER_NAME and from_domain:
        raise SettingsError(
            f"developer name defaults to the domain, which is longer than {MAX_DEVELOPER_NAME} characters: "
            f"pass {DEVELOPER_NAME.flag} or set {DEVELOPER_NAME.env}"
        )
    if len(value) > MAX_DEVELOPER_NAME:
        raise SettingsError(
            f"developer name must be at most {MAX_DEVELOPER_NAME} characters, got {len(value)} "
            f"({where(DEVELOPER_NAME)})"
        )
    if not value.isprintable():
        raise SettingsError(f"developer name contains control characters ({where(DEVELOPER_NAME)})")
    return value


def _https_url(setting: Setting, value: str) -> str:
    problem = _url_problem(value)
    if problem:
        raise SettingsError(f"{setting.label} {value!r} {problem} ({where(setting)})")
    return value


def _url_problem(value: str) -> str | None:
    if len(value) > MAX_URL:
        return f"is longer than {MAX_URL} characters"
    if any(c.isspace() for c in value) or not value.isprintable():
        return "contains spaces or control characters"
    try:
        parts = urlsplit(value)
        host = parts.hostname
    except ValueError:
        return "is not a valid URL"
    if parts.scheme != "https":
        return "must start with https://"
    if not host or "." not in host:
        return "has no host name"
    return None

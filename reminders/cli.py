"""`socialdesk remind --once [--now ISO8601] [--dry-run]`: the daily digest for external schedulers.

Cron, an Azure Functions timer or a WebJob can call this every few minutes during the morning; it
sends only inside the day's window and only once per channel per day (claims in the register), so it
is safe beside the bot's own in-process job and a second instance. It prints one JSON object:

    {"now", "day", "monitored", "send", "reason"?, "digests": [{"conversation", "day", "blocks": [...]}],
     "outcomes": [{"conversation_id", "kind", ...}]}

`--dry-run` claims and sends nothing and lists what would be sent; each of its digests also says
`"already_sent": true|false` (whether the day's digest for that channel is already claimed). `--now`
runs as if it were that time (a time without a zone is the Trust's local time). The register is the
one the settings choose (`SOCIALDESK_STORE`, see `register.factory`), so this works against Azure
Table as well as TinyDB.
Exit status: 0 done, 1 a digest failed, 2 bad settings or arguments, or a register it cannot use.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import sys
from collections.abc import Awaitable, Callable, Mapping
from datetime import UTC, datetime
from typing import Any

from policy.pack import PackError, PolicyPack, load_pack
from register.base import Register, RegisterError
from reminders.config import DigestConfig, DigestConfigError
from reminders.schedule import check_send_time
from reminders.sender import Deliver, DigestRun, RunReport
from settings import Settings, SettingsError, read_environment

log = logging.getLogger(__name__)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--once", action="store_true", help="run once now and exit (required)")
    parser.add_argument("--now", help="act as if it were this time (ISO 8601; no zone means local time)")
    parser.add_argument("--dry-run", action="store_true", help="send and claim nothing; print what would go")


def parse_now(text: str | None, pack: PolicyPack) -> datetime:
    if not text:
        return datetime.now(UTC)
    moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=pack.timezone)


def build_delivery(settings: Settings, credentials_factory: Any = None) -> Deliver:
    """The bot's own adapter, credentials and Bot Connector clients, as `socialdesk serve` builds them.

    The clients are the bot's kept, quick-to-give-up ones (`dialogs.connector`): a conversation whose
    service URL does not answer fails within the connector timeouts, in one log line, instead of
    msrest's 100 s read and retries with backoff.
    """
    # Imported here so that a dry run needs no Bot Framework at all.
    from botbuilder.integration.aiohttp import CloudAdapter

    from app import KeptClientsAuthentication
    from dialogs.connector import ConnectorClients
    from dialogs.proactive import adapter_delivery

    connectors = ConnectorClients(settings.connector_connect_timeout, settings.connector_read_timeout)
    auth = KeptClientsAuthentication(settings, connectors, credentials_factory)
    return adapter_delivery(CloudAdapter(auth), settings.app_id)


async def remind_once(
    settings: Settings,
    config: DigestConfig,
    pack: PolicyPack,
    now: datetime,
    *,
    dry_run: bool,
    open_register: Callable[[], Awaitable[Register]],
    deliver: Deliver | None = None,
) -> RunReport:
    """One digest run; `open_register` is awaited here, in the run's own event loop."""
    register = await open_register()
    try:
        if not dry_run and deliver is None:
            deliver = build_delivery(settings)
        return await DigestRun(register, pack, config, deliver).run(now, dry_run=dry_run)
    finally:
        await register.close()


def opener(values: Mapping[str, str]) -> Callable[[], Awaitable[Register]]:
    """The register the settings choose, opened by `register.factory` when awaited."""

    async def open_chosen() -> Register:
        from register.factory import open_register

        return await open_register(values)

    return open_chosen


def _fail(message: str) -> int:
    print(f"socialdesk remind: {message}", file=sys.stderr)
    return 2


def run(args: argparse.Namespace) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    if not args.once:
        return _fail("use --once (the bot runs the digest itself while `socialdesk serve` is up)")
    try:
        values = read_environment()
        settings = Settings.from_env(values)
        config = DigestConfig.from_env(values)
        pack = load_pack(settings.pack_path)
        check_send_time(config.send_time, pack)
    except (SettingsError, DigestConfigError, PackError, ValueError) as exc:
        return _fail(str(exc))
    try:
        now = parse_now(args.now, pack)
    except ValueError as exc:
        return _fail(f"--now must be an ISO 8601 time such as 2026-12-22T09:00:00+00:00 ({exc})")
    if not args.dry_run and not settings.has_credentials and not settings.local:
        return _fail(
            "MicrosoftAppId is not set, so the digest cannot be sent to Teams. Set MicrosoftAppId and "
            "MicrosoftAppPassword (and MicrosoftAppTenantId), or use --dry-run."
        )
    try:
        report = asyncio.run(
            remind_once(settings, config, pack, now, dry_run=args.dry_run, open_register=opener(values))
        )
    except RegisterError as exc:
        return _fail(f"the register could not be used: {exc}")
    print(json.dumps(report.as_json(), ensure_ascii=False))
    return 1 if report.count("failed") else 0

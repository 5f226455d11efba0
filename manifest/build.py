"""`socialdesk manifest`: build the Teams app package (manifest.json, color.png, outline.png in a zip).

Settings come from flags or environment variables (see `manifest.settings`); the bot's command menu
comes from the command registry. Bad input ends with one line on stderr and exit status 2, and no
file is written.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from pathlib import Path

from dialogs import registry
from dialogs.registry import ALL_SCOPES, Command, Scope
from manifest.document import ManifestError, build_manifest
from manifest.package import committed_icons, package_bytes, write_package
from manifest.settings import DEFAULT_VERSION, SETTINGS, ManifestSettings, SettingsError, resolve_settings

# The module whose `load()` imports every command handler, so that they register themselves. Until it
# exists the registry is used as it is (holding whatever the running process has imported).
COMMANDS_MODULE = "dialogs.commands"

EXIT_BAD_INPUT = 2

_HELP = {
    "app_id": "the bot's Microsoft app id (a GUID)",
    "teams_app_id": "the Teams app's own id (a GUID); default: the bot's app id",
    "domain": "the Trust's domain for validDomains, e.g. example.nhs.uk",
    "version": f"the app version, MAJOR.MINOR.PATCH; default: {DEFAULT_VERSION}",
    "developer_name": "the publisher shown in Teams (at most 32 characters); default: the domain",
    "website_url": "https:// support page; default: https://DOMAIN/",
    "privacy_url": "https:// privacy notice; default: https://DOMAIN/privacy",
    "terms_url": "https:// terms of use; default: https://DOMAIN/terms",
}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    for setting in SETTINGS:
        parser.add_argument(
            setting.flag,
            dest=setting.key,
            metavar=setting.key.upper(),
            help=f"{_HELP[setting.key]} (environment: {setting.env})",
        )
    parser.add_argument("--out", required=True, type=Path, help="where to write the zip, e.g. app.zip")


def load_commands() -> None:
    """Import every command handler so it registers itself (the one place that knows how)."""
    try:
        commands_module = importlib.import_module(COMMANDS_MODULE)
    except ModuleNotFoundError as missing:
        if missing.name != COMMANDS_MODULE:
            raise
        return
    # Its `load()` imports each command module; without one, importing it is taken to be enough.
    load = getattr(commands_module, "load", None)
    if callable(load):
        load()


def menu_commands() -> dict[Scope, list[Command]]:
    """The bot's command menu per scope: what an editor may run there, less commands kept off menus.

    Editors' view, because one manifest serves everybody; the bot still checks each caller's rights.
    """
    load_commands()
    return {scope: [c for c in registry.available(scope, is_editor=True) if c.menu] for scope in ALL_SCOPES}


def run(args: argparse.Namespace) -> int:
    out: Path = args.out
    try:
        settings = resolve_settings({s.key: getattr(args, s.key) for s in SETTINGS}, os.environ)
        _check_out(out)
        menus = menu_commands()
        data = package_bytes(build_manifest(settings, menus), committed_icons())
    except (SettingsError, ManifestError) as problem:
        return _fail(str(problem))
    except OSError as problem:
        return _fail(f"cannot read the icons: {problem.strerror or problem}")
    try:
        write_package(data, out)
    except OSError as problem:
        return _fail(f"cannot write {out}: {problem.strerror or problem}")
    _report(settings, menus, out)
    return 0


def _check_out(out: Path) -> None:
    if out.suffix.lower() != ".zip":
        raise SettingsError(f"--out {out} must name a .zip file: Teams takes the package as a zip")
    if out.is_dir():
        raise SettingsError(f"--out {out} is a directory; name the zip file to write")
    if not out.parent.is_dir():
        raise SettingsError(f"--out {out}: directory {out.parent} does not exist")


def _fail(message: str) -> int:
    sys.stderr.write(f"socialdesk manifest: error: {message}\n")
    return EXIT_BAD_INPUT


def _report(settings: ManifestSettings, menus: dict[Scope, list[Command]], out: Path) -> None:
    for key in settings.defaulted:
        if key == "teams_app_id":
            continue  # using the bot's id for the app is the usual choice, not worth a note
        value = getattr(settings, key)
        sys.stderr.write(f"note: {key.replace('_', ' ')} not given, using {value}\n")
    if not any(menus.values()):
        sys.stderr.write("note: no bot commands are registered, so the manifest has no command menu\n")
    counts = ", ".join(f"{scope} {len(menus[scope])}" for scope in ALL_SCOPES)
    sys.stdout.write(
        f"wrote {out}: Teams app {settings.teams_app_id}, bot {settings.bot_app_id}, "
        f"version {settings.version}, domain {settings.domain}; menu commands: {counts}\n"
    )

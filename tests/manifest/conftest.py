"""Fixtures for the Teams app package tests: a private command registry and a clean environment."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from dialogs import registry
from dialogs.registry import Command
from manifest.build import load_commands
from manifest.settings import SETTINGS, ManifestSettings, resolve_settings

BOT_ID = "1b4e28ba-2fa1-11d2-883f-0016d3cca427"
DOMAIN = "example.nhs.uk"


@pytest.fixture
def private_registry(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Commands registered during the test vanish afterwards; real ones stay registered during it."""
    # Import the real command modules first, so that they register in the real registry (they
    # register only once per process) rather than in this test's copy.
    load_commands()
    monkeypatch.setattr(registry, "_COMMANDS", dict(registry._COMMANDS))
    yield


@pytest.fixture
def sample_commands(monkeypatch: pytest.MonkeyPatch) -> list[Command]:
    """A registry holding only known test commands, covering scopes, editors_only and menu=False."""
    load_commands()  # see private_registry: real commands must land in the real registry
    monkeypatch.setattr(registry, "_COMMANDS", {})

    @registry.command("help", title="Help")
    async def show_help() -> None:
        """Show what you can ask Social Desk here."""

    @registry.command("check", title="Check a post", usage="check <post text>")
    async def check() -> None:
        """Assess a public post against the social media policy."""

    @registry.command("reviews", title="Blocks due for review", scopes=("team",), editors_only=True)
    async def reviews() -> None:
        """List the blocks due for review."""

    @registry.command("debug", title="Debug", scopes=("personal",), menu=False)
    async def debug() -> None:
        """Not for the menu."""

    return registry.commands()


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """No setting leaks in from the machine running the tests."""
    for setting in SETTINGS:
        monkeypatch.delenv(setting.env, raising=False)


@pytest.fixture
def settings() -> ManifestSettings:
    return resolve_settings({"app_id": BOT_ID, "domain": DOMAIN}, {})

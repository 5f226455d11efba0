"""Fixtures for the end-to-end tests: the bot in local mode (tests/support/botfixtures.py), the Agents
Playground pointed at it, and a Chromium page on the Playground's web UI."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from playwright.async_api import Page, async_playwright

from tests.support.botfixtures import local_bot as local_bot
from tests.support.botfixtures import local_settings as local_settings
from tests.support.botfixtures import pack as pack
from tests.support.botfixtures import register as register
from tests.support.botserver import BotClient
from tests.support.chromium import CHROMIUM, launch_options
from tests.support.playground import running_playground, wait_until_up

WAIT_MS = 20_000


@pytest.fixture
def playground(local_bot: BotClient, tmp_path: Path) -> Iterator[str]:
    """The Playground pointed at the bot, working in a directory of the test's own; yields its URL."""
    workdir = tmp_path / "playground"
    workdir.mkdir()
    with running_playground(f"{local_bot.url}/api/messages", workdir) as url:
        yield url


@pytest.fixture
def chromium() -> Path:
    assert CHROMIUM.exists(), "Chromium is missing: run `make test-deps`"
    return CHROMIUM


@pytest.fixture
async def page(playground: str, chromium: Path) -> AsyncIterator[Page]:
    await wait_until_up(playground)
    async with async_playwright() as p:
        browser = await p.chromium.launch(**launch_options(chromium))
        page = await browser.new_page(viewport={"width": 1400, "height": 1000})
        page.set_default_timeout(WAIT_MS)
        await page.goto(playground)
        yield page
        await browser.close()

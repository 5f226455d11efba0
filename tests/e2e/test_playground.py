"""End to end with a real Teams-like client: the Microsoft 365 Agents Playground, driven in Chromium.

The bot runs in local mode (the Playground sends no token) on 127.0.0.1; the Playground's web UI is
operated like a person would: type a post, press the card's buttons, fill in the block form.
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import aiohttp
import pytest
from playwright.async_api import Page, async_playwright

from policy.pack import PolicyPack
from register.tinydb_store import TinyDBRegister
from settings import Settings
from tests.support.botserver import BotClient, serve

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
PLAYGROUND = ROOT / "node_modules" / ".bin" / "agentsplayground"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WAIT_MS = 20_000


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
async def bot(tmp_path: Path, register: TinyDBRegister, pack: PolicyPack) -> AsyncIterator[BotClient]:
    async with serve(Settings(local=True, data_dir=tmp_path), register, pack) as client:
        yield client


@pytest.fixture
def playground(bot: BotClient) -> Iterator[str]:
    """The Playground pointed at the bot; yields its web UI's URL. Stopped by its own process group."""
    assert PLAYGROUND.exists(), "node_modules is missing the Agents Playground: run `make test-deps`"
    port = _free_port()
    env = dict(os.environ, TEAMSAPPTESTER_BROWSER="none", APPLICATION_INSIGHTS_NO_STATSBEAT="true")
    command = [str(PLAYGROUND), "-e", f"{bot.url}/api/messages", "-c", "msteams", "-p", str(port)]
    process = subprocess.Popen(
        [*command, "--disable-telemetry"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=10)


async def _wait_until_up(url: str) -> None:
    async with aiohttp.ClientSession() as session:
        for _ in range(100):
            try:
                async with session.get(url) as response:
                    if response.status == 200:
                        return
            except aiohttp.ClientConnectionError:
                pass
            await asyncio.sleep(0.2)
    raise AssertionError(f"the Agents Playground did not start at {url}")


async def _say(page: Page, text: str) -> None:
    await page.get_by_role("textbox").last.click()
    await page.keyboard.type(text)
    await page.keyboard.press("Enter")


@pytest.fixture
def chromium() -> Path:
    assert CHROMIUM.exists(), "Chromium is missing: run `make test-deps`"
    return CHROMIUM


@pytest.fixture
async def page(playground: str, chromium: Path) -> AsyncIterator[Page]:
    await _wait_until_up(playground)
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS)
        page = await browser.new_page(viewport={"width": 1400, "height": 1000})
        page.set_default_timeout(WAIT_MS)
        await page.goto(playground)
        yield page
        await browser.close()


async def test_check_block_and_wording_in_the_playground(page: Page, register: TinyDBRegister):
    # Installed: the welcome card arrives first.
    await page.get_by_text("Hello, I'm Social Desk").first.wait_for()

    # Check a post: the assessment card with its buttons.
    await _say(page, "check @troll_99 on facebook: I know where the nurses park, watch your backs")
    record = page.get_by_role("button", name="Record a block").last
    await record.wait_for()

    # Record a block through the card: the form arrives pre-filled from the assessment.
    await record.click()
    submit = page.get_by_role("button", name="Record block").last
    await submit.wait_for()
    assert await page.get_by_placeholder("@handle").last.input_value() == "@troll_99"
    # Submitting without a rationale brings the form back with the message beside the field.
    await page.locator('input[type=checkbox][aria-label="Threatening, abusive or insulting"]').last.check()
    await submit.click()
    await page.get_by_text("Explain why the account is being blocked.").first.wait_for()
    await page.get_by_placeholder("Why blocking is necessary and proportionate here").last.fill(
        "A threat to staff at their cars; safety of staff comes first."
    )
    await page.get_by_role("button", name="Record block").last.click()
    await page.get_by_text("Block recorded").first.wait_for()
    [block] = await register.active_blocks()
    assert block.account == "@troll_99"
    assert "threatening_abusive_insulting" in block.criteria
    assert block.rationale.startswith("A threat to staff")

    # Fetch approved wording.
    await _say(page, "wording complaint")
    await page.get_by_text("complaints_pals · version").first.wait_for()

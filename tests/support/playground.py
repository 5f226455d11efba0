"""The Microsoft 365 Agents Playground (npm `@microsoft/m365agentsplayground`) as a test client.

It runs as its own process group, pointed at a bot in local mode, with its web UI on a free loopback
port. It writes its log (`devTools/m365agentsplayground.log`) into its working directory, so it is
started in a directory the caller gives (a test's temporary directory), never in the repository.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import aiohttp
from playwright.async_api import Page

from tests.support.botprocess import ROOT, free_port

PLAYGROUND = ROOT / "node_modules" / ".bin" / "agentsplayground"


@contextmanager
def running_playground(messages_url: str, workdir: Path) -> Iterator[str]:
    """The Playground talking to the bot at `messages_url`, run in `workdir`; yields its web UI's URL."""
    assert PLAYGROUND.exists(), "node_modules is missing the Agents Playground: run `make test-deps`"
    port = free_port()
    # Without APPLICATION_INSIGHTS_NO_STATSBEAT the bundled telemetry probes cloud metadata addresses.
    env = dict(os.environ, TEAMSAPPTESTER_BROWSER="none", APPLICATION_INSIGHTS_NO_STATSBEAT="true")
    command = [str(PLAYGROUND), "-e", messages_url, "-c", "msteams", "-p", str(port), "--disable-telemetry"]
    process = subprocess.Popen(
        command,
        cwd=workdir,
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


async def wait_until_up(url: str) -> None:
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


async def say(page: Page, text: str) -> None:
    """Type `text` into the chat's compose box and send it, as a person would."""
    await page.get_by_role("textbox").last.click()
    await page.keyboard.type(text)
    await page.keyboard.press("Enter")

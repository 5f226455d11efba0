"""Headless Debian Chromium for Playwright: where it is and the flags it runs with on these machines.

Playwright's own browser download does not work here, so every test that needs a browser launches
/usr/bin/chromium with these flags (no GPU, no QUIC, nothing that phones home), through Playwright's
sync API (the card checker's worker thread) or its async API (the end-to-end tests).
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from playwright.sync_api import Page

T = TypeVar("T")

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


def launch_options(chromium: Path = CHROMIUM) -> dict[str, Any]:
    """Keyword arguments for `playwright.chromium.launch` (sync or async API)."""
    return {"executable_path": str(chromium), "args": list(CHROMIUM_ARGS)}


class PageThread:
    """One headless Chromium page and the one thread that owns it. Playwright's sync objects belong
    to the thread that made them and must not run on a thread with a running asyncio loop, so every
    use of the page is run on that thread (`run`)."""

    def __init__(
        self, name: str, chromium: Path = CHROMIUM, prepare: Callable[[Page], None] | None = None
    ) -> None:
        if not chromium.is_file():
            raise FileNotFoundError(f"{chromium} is missing: install Debian's chromium (make test-deps)")
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix=name)
        self._thread.submit(self._start, chromium, prepare).result()

    def _start(self, chromium: Path, prepare: Callable[[Page], None] | None) -> None:
        from playwright.sync_api import sync_playwright

        self._playwright = sync_playwright().start()
        try:
            self._browser = self._playwright.chromium.launch(**launch_options(chromium))
            self.page = self._browser.new_page()
            if prepare is not None:
                prepare(self.page)
        except BaseException:
            self._playwright.stop()
            raise

    def run(self, work: Callable[..., T], *args: Any) -> T:
        """`work(*args)` on the page's thread, its result returned here."""
        return self._thread.submit(work, *args).result()

    def _stop(self) -> None:
        try:
            self._browser.close()
        finally:
            self._playwright.stop()

    def close(self) -> None:
        self.run(self._stop)
        self._thread.shutdown()

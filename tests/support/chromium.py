"""Headless Debian Chromium for Playwright: where it is and the flags it runs with on these machines.

Playwright's own browser download does not work here, so every test that needs a browser launches
/usr/bin/chromium with these flags (no GPU, no QUIC, nothing that phones home), through Playwright's
sync API (the card checker's worker thread) or its async API (the end-to-end tests).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

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

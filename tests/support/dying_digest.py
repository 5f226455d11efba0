"""A child process for the digest crash test: a digest run killed between claiming and sending.

    python -m tests.support.dying_digest NOW LEASE_SECONDS

Opens the register the environment chooses (`register.factory`), runs the day's digest at NOW as
`socialdesk remind --once` would, with claims of LEASE_SECONDS, and kills itself with SIGKILL when
the first digest is about to go to Teams: its claim is written, nothing is sent or settled.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from datetime import datetime, timedelta
from typing import Any

from policy.pack import load_pack
from register.factory import open_register
from register.model import Subscription
from reminders.config import DigestConfig
from reminders.sender import DigestRun
from settings import Settings


async def die(subscription: Subscription, card: dict[str, Any], summary: str) -> str | None:
    os.kill(os.getpid(), signal.SIGKILL)
    return None


async def run(now: datetime, lease: timedelta) -> None:
    register = await open_register()
    pack = load_pack(Settings(local=True).pack_path)
    config = DigestConfig(instance=f"doomed-{os.getpid()}", lease=lease)
    await DigestRun(register, pack, config, die).run(now)


if __name__ == "__main__":
    asyncio.run(run(datetime.fromisoformat(sys.argv[1]), timedelta(seconds=int(sys.argv[2]))))

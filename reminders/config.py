"""The digest's own settings, read from the environment (and an optional `.env`, like `settings.py`).

SOCIALDESK_DIGEST_TIME          local send time, HH:MM (default 09:00; must be within monitored hours)
SOCIALDESK_DIGEST_NOTHING_DUE   1/true/yes/on: post a short "nothing due" note instead of staying quiet
SOCIALDESK_INSTANCE             a name for this process in digest claims (default: host name and pid)
"""

from __future__ import annotations

import os
import socket
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import time, timedelta
from pathlib import Path

from dotenv import dotenv_values

from register.base import DIGEST_LEASE
from reminders.schedule import DEFAULT_SEND_TIME

TRUE_WORDS = frozenset({"1", "true", "yes", "on"})


class DigestConfigError(ValueError):
    """A digest setting cannot be used; the message names it."""


def default_instance() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


@dataclass(frozen=True)
class DigestConfig:
    send_time: time = DEFAULT_SEND_TIME
    notify_nothing_due: bool = False
    instance: str = ""
    # How long a claim on a channel's digest stands unsettled before another runner may take it over.
    lease: timedelta = DIGEST_LEASE

    @property
    def claimant(self) -> str:
        return self.instance or default_instance()

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, env_file: Path | None = None) -> DigestConfig:
        values: dict[str, str] = {}
        file = env_file if env_file is not None else Path(".env")
        if file.is_file():
            values.update({k: v for k, v in dotenv_values(file).items() if v is not None})
        values.update(os.environ if environ is None else environ)
        text = values.get("SOCIALDESK_DIGEST_TIME", "").strip()
        send_time = DEFAULT_SEND_TIME
        if text:
            try:
                send_time = time.fromisoformat(text)
            except ValueError as exc:
                raise DigestConfigError(
                    f"SOCIALDESK_DIGEST_TIME must be a time like 09:00, not {text[:20]!r}"
                ) from exc
        return cls(
            send_time=send_time.replace(tzinfo=None),
            notify_nothing_due=values.get("SOCIALDESK_DIGEST_NOTHING_DUE", "").strip().lower() in TRUE_WORDS,
            instance=values.get("SOCIALDESK_INSTANCE", "").strip(),
        )

"""Whether a person is an editor: the `SOCIALDESK_EDITORS` list, or the `SOCIALDESK_EDITORS_GROUP`
Entra ID group's members read through Microsoft Graph, remembered for a few minutes.

Failing closed: when the group's members cannot be read within the deadline (Graph down, slow, or
refusing), and what was read before has expired, nobody is an editor through the group and the person
is told why (`EditorsUnavailable`), rather than being told they are not an editor. The listed editors
still are. A member removed from the group stops being an editor when the cache expires.

One read at a time: people arriving together while the cache is empty or stale all wait on the same
Graph request.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

log = logging.getLogger(__name__)

DEFAULT_TTL = 300.0  # seconds a group's member list is trusted
DEFAULT_TIMEOUT = 5.0  # seconds a person waits for Graph before being told it could not be asked
UNAVAILABLE = (
    "Sorry, I couldn't check whether you're one of the communications team's editors: Microsoft Graph "
    "did not answer. Nothing was changed. Please try again in a minute; if it keeps happening, tell IT."
)

Monotonic = Callable[[], float]


class EditorsUnavailable(Exception):
    """The editors group could not be read: nobody may edit through it until it can."""

    def __init__(self) -> None:
        super().__init__(UNAVAILABLE)


@dataclass(frozen=True)
class _Members:
    ids: frozenset[str]
    read_at: float


class GroupEditors:
    """The members of the editors group, read by `fetch` and cached for `ttl` seconds."""

    def __init__(
        self,
        fetch: Callable[[], Awaitable[frozenset[str]]],
        *,
        ttl: float = DEFAULT_TTL,
        timeout: float = DEFAULT_TIMEOUT,
        clock: Monotonic = time.monotonic,
        close: Callable[[], Awaitable[None]] | None = None,
    ) -> None:
        self._fetch = fetch
        self._ttl = ttl
        self._timeout = timeout
        self._clock = clock
        self._close = close
        self._members: _Members | None = None
        self._reading: asyncio.Task[frozenset[str]] | None = None

    def _fresh(self) -> frozenset[str] | None:
        members = self._members
        if members is not None and self._clock() - members.read_at < self._ttl:
            return members.ids
        return None

    async def is_member(self, object_id: str) -> bool:
        """Whether `object_id` is in the group; EditorsUnavailable when that cannot be known now."""
        ids = self._fresh()
        if ids is None:
            ids = await self._read()
        return object_id.lower() in ids

    async def _fetch_and_keep(self) -> frozenset[str]:
        ids = await self._fetch()
        # Kept even when everyone who asked has stopped waiting: the next person is answered at once.
        self._members = _Members(ids, self._clock())
        return ids

    async def _read(self) -> frozenset[str]:
        if self._reading is None or self._reading.done():
            self._reading = asyncio.ensure_future(self._fetch_and_keep())
        try:
            # shield: a person who stops waiting leaves the read to finish for whoever asks next.
            return await asyncio.wait_for(asyncio.shield(self._reading), timeout=self._timeout)
        except TimeoutError:
            log.warning("editors group: Microsoft Graph did not answer within %s s", self._timeout)
            raise EditorsUnavailable() from None
        except Exception as exc:
            log.warning("editors group could not be read (%s)", type(exc).__name__)
            raise EditorsUnavailable() from exc

    async def close(self) -> None:
        if self._reading is not None and not self._reading.done():
            self._reading.cancel()
        if self._close is not None:
            await self._close()

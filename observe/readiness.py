"""`/readyz`: whether this instance can serve turns now, with the reason when it cannot.

`/healthz` is liveness (the process answers HTTP); readiness asks more: the policy pack is loaded and
the register answers a cheap read (one point read of a subscription that never exists) within a
deadline. A platform's load balancer stops sending traffic to an instance that is not ready, and its
health check restarts one that stays so; an unreachable register is then visible at once rather
than at the next person's click.

Only one probe read is in flight at a time: a register that hangs (a held file lock, a storage
service that accepts connections and never answers) makes every probe wait on the same read, so
frequent health checks cannot pile up worker threads or connections behind it.

The answer names what failed and never says more than the register's own user-safe message
(`RegisterError`) or the kind of failure: no paths of secrets, no connection strings, no tokens.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from policy.pack import PolicyPack
from register.base import Register, RegisterError

log = logging.getLogger(__name__)

# A conversation id no Teams conversation can have: the read finds nothing, cheaply, on any backend.
PROBE_CONVERSATION = "socialdesk:readiness-probe"
DEFAULT_TIMEOUT = 2.0


@dataclass(frozen=True)
class Readiness:
    """Each check's outcome: "ok" or why not."""

    checks: dict[str, str] = field(default_factory=dict)

    @property
    def ready(self) -> bool:
        return all(outcome == "ok" for outcome in self.checks.values())

    def body(self) -> dict[str, Any]:
        return {"status": "ready" if self.ready else "not ready", "checks": dict(self.checks)}


def pack_problem(pack: PolicyPack | None) -> str | None:
    """Why the pack cannot serve (None when it can): a pack without criteria or wording is not one."""
    if pack is None:
        return "the policy pack is not loaded"
    if not pack.criteria or not pack.wording:
        return "the policy pack has no criteria or no wording"
    return None


def failure_reason(error: BaseException) -> str:
    """What a failed read says to a caller: the register's own safe message, else only its kind."""
    if isinstance(error, RegisterError):
        return f"the register could not be read: {error}"
    return f"the register could not be read ({type(error).__name__})"


class ReadinessProbe:
    """Checks the register and the pack; one register read at a time, each within `timeout` seconds."""

    def __init__(self, timeout: float = DEFAULT_TIMEOUT) -> None:
        self.timeout = timeout
        self._inflight: asyncio.Task[object] | None = None

    async def _register_problem(self, register: Register | None) -> str | None:
        if register is None:
            return "the register is not open"
        if self._inflight is None or self._inflight.done():
            self._inflight = asyncio.ensure_future(register.get_subscription(PROBE_CONVERSATION))
        try:
            # shield: a probe that gives up leaves the read to finish for the next probe to share.
            await asyncio.wait_for(asyncio.shield(self._inflight), timeout=self.timeout)
        except TimeoutError:
            return f"the register did not answer within {self.timeout:g} s"
        except Exception as exc:
            log.warning("readiness: the register could not be read (%s)", type(exc).__name__)
            return failure_reason(exc)
        return None

    async def check(self, register: Register | None, pack: PolicyPack | None) -> Readiness:
        checks: dict[str, str] = {}
        checks["pack"] = pack_problem(pack) or "ok"
        checks["register"] = await self._register_problem(register) or "ok"
        return Readiness(checks)

    def close(self) -> None:
        """Stop a read still in flight (the application is stopping)."""
        if self._inflight is not None and not self._inflight.done():
            self._inflight.cancel()


def readyz_handler(
    probe: ReadinessProbe, register_of: Callable[[web.Application], Register | None], pack: PolicyPack | None
) -> Callable[[web.Request], Awaitable[web.Response]]:
    """GET /readyz: 200 when ready, 503 with the failing checks' reasons when not."""

    async def readyz(request: web.Request) -> web.Response:
        readiness = await probe.check(register_of(request.app), pack)
        return web.json_response(readiness.body(), status=200 if readiness.ready else 503)

    return readyz

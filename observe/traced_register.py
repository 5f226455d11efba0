"""A span around every register call, and the count of blocks recorded: one wrapper for every backend.

`traced(register, backend, telemetry)` wraps an open register when telemetry is on; without it the
register is used as it is, with nothing in between. Every public coroutine method of the register,
whichever backend and whatever methods it gains, runs inside a span `register.<method>` carrying the
method and backend names only (never its arguments or results: they hold handles, ids and people's
text), and a failure's class name.

A block counts as recorded when `add_block` returns a block decided at this call's time: a form sent
again after its block was recorded gets the first block back, decided earlier, and is not counted twice.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Awaitable, Callable
from typing import Any, cast

from observe.telemetry import Telemetry
from register.base import Register


class TracedRegister:
    """Delegates to the register it wraps, each coroutine method inside a span."""

    def __init__(self, inner: Register, backend: str, telemetry: Telemetry) -> None:
        self._inner = inner
        self._backend = backend
        self._telemetry = telemetry

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self._inner, name)
        if name.startswith("_") or not inspect.iscoroutinefunction(attribute):
            return attribute
        traced = self._traced(name, attribute)
        setattr(self, name, traced)  # built once per method
        return traced

    def _traced(self, name: str, method: Callable[..., Awaitable[Any]]) -> Callable[..., Awaitable[Any]]:
        telemetry, backend = self._telemetry, self._backend

        @functools.wraps(method)
        async def call(*args: Any, **kwargs: Any) -> Any:
            with telemetry.span(f"register.{name}", method=name, backend=backend):
                result = await method(*args, **kwargs)
            if name == "add_block" and _newly_recorded(result, args, kwargs):
                telemetry.block_recorded()
            return result

        return call


def _newly_recorded(block: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> bool:
    """Whether `add_block(new, actor, at)` recorded this block now (its decision time is `at`)."""
    at = kwargs.get("at", args[2] if len(args) > 2 else None)
    return at is not None and getattr(block, "decided_at", None) == at


def traced(register: Register, backend: str, telemetry: Telemetry) -> Register:
    """`register` with a span per call when `telemetry` records; `register` itself when it does not."""
    if not telemetry.enabled:
        return register
    return cast(Register, TracedRegister(register, backend, telemetry))

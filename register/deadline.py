"""A deadline for the register calls made on behalf of one piece of work (a Teams turn, say).

Teams gives a bot about 15 seconds to answer. The turn sets a deadline (`within`), and every request
the Azure Table register makes in that turn is bounded by what is left of it (see
`register.table_transport`): none starts after it, none waits past it, and the register answers
"cannot reach the register" instead. The deadline travels with the task (a context variable), so
turns running at once each have their own. Nested deadlines keep the earlier one.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_deadline: ContextVar[float | None] = ContextVar("register_deadline", default=None)


@contextmanager
def within(seconds: float) -> Iterator[None]:
    """Register calls made inside the block must finish within `seconds` of entering it."""
    ends = time.monotonic() + seconds
    current = _deadline.get()
    token = _deadline.set(ends if current is None else min(current, ends))
    try:
        yield
    finally:
        _deadline.reset(token)


def remaining() -> float | None:
    """Seconds left before the deadline (0 or less once it has passed), or None without one."""
    ends = _deadline.get()
    return None if ends is None else ends - time.monotonic()

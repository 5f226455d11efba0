"""Admission control: at most `limit` turns in flight; the rest are told at once to come back later.

Without a bound, a burst of requests shares the CPU until every one of them finishes near the end
of the burst, past Teams' 15 s timeout. With one, the admitted turns stay fast and the excess gets
503 with Retry-After straight away (the channel sends them again), which costs almost nothing.
Nothing waits in a queue: a waiting turn would only be answered later than the channel waits.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager


class Admission:
    """`with admission.admit() as admitted:` ... `if not admitted: answer 503`."""

    def __init__(self, limit: int) -> None:
        if limit < 1:
            raise ValueError("the limit of turns in flight must be at least 1")
        self.limit = limit
        self.in_flight = 0

    @contextmanager
    def admit(self) -> Iterator[bool]:
        # One event loop: no other coroutine runs between the check and the increment.
        if self.in_flight >= self.limit:
            yield False
            return
        self.in_flight += 1
        try:
            yield True
        finally:
            self.in_flight -= 1

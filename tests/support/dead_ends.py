"""Service URLs on 127.0.0.1 that give no answer: a closed port, and a port that accepts but never answers.

`closed_port()` holds a bound socket that never listens, so connecting is refused at once (and no other
test can take the port meanwhile). `silent_port()` listens but never accepts or reads: the kernel
completes the TCP handshake, then nothing ever comes back, as with a service that has hung.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import contextmanager


def _bound() -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    return sock


@contextmanager
def closed_port() -> Iterator[str]:
    with _bound() as sock:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}/"


@contextmanager
def silent_port() -> Iterator[str]:
    with _bound() as sock:
        sock.listen(64)
        yield f"http://127.0.0.1:{sock.getsockname()[1]}/"

"""The `register` fixture: every contract test runs once per register backend listed in BACKENDS.

To test another backend against the same contract, append one `Backend` to BACKENDS. `open` gets a
fresh per-test directory (a backend that keeps nothing on disk may ignore it, or derive a table
prefix from its name); calling `open` again with the same directory must reach the same data when
`persistent` is true.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from register.base import Register
from register.tinydb_store import open_tinydb_register
from tests.support.azurite import open_register_on_azurite


@dataclass(frozen=True)
class Backend:
    id: str
    open: Callable[[Path], Awaitable[Register]]
    persistent: bool


async def _tinydb_memory(_: Path) -> Register:
    return open_tinydb_register(None)


async def _tinydb_file(location: Path) -> Register:
    return open_tinydb_register(location / "data")


BACKENDS = [
    Backend("tinydb-memory", _tinydb_memory, persistent=False),
    Backend("tinydb-file", _tinydb_file, persistent=True),
    Backend("azure-table", open_register_on_azurite, persistent=True),
]


@pytest.fixture(params=BACKENDS, ids=[backend.id for backend in BACKENDS])
def backend(request: pytest.FixtureRequest) -> Backend:
    chosen: Backend = request.param
    return chosen


@pytest.fixture(params=[b for b in BACKENDS if b.persistent], ids=[b.id for b in BACKENDS if b.persistent])
def persistent_backend(request: pytest.FixtureRequest) -> Backend:
    chosen: Backend = request.param
    return chosen


@pytest.fixture
async def register(backend: Backend, tmp_path: Path) -> AsyncIterator[Register]:
    opened = await backend.open(tmp_path)
    yield opened
    await opened.close()

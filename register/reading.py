"""Opening an existing register to read it, for the governance commands (`verdicts`, `report`).

STORE is as for `socialdesk migrate` (`tinydb:PATH`, `azure-table[:URL or CONNECTION_STRING]`); without
it, the register the settings choose. A register that does not exist is refused, never started.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Awaitable, Callable
from typing import TypeVar

from register.base import Register
from register.factory import open_store, store_from_settings, store_from_spec

_T = TypeVar("_T")


def add_store_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--store", metavar="STORE", help="tinydb:PATH or azure-table[:URL]; default: the configured register"
    )


async def with_register(store: str | None, work: Callable[[Register], Awaitable[_T]]) -> _T:
    """Open the register, run `work` on it and close it, whatever happens."""
    values = os.environ
    choice = store_from_spec(store, values) if store else store_from_settings(values)
    register = await open_store(choice, values)
    try:
        return await work(register)
    finally:
        await register.close()

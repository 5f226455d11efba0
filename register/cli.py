"""`socialdesk migrate --from STORE --to STORE`: copy a register across backends and report the counts.

STORE is `tinydb:PATH`, `azure-table` (the table settings in the environment), `azure-table:URL`
(with the credential the settings choose) or `azure-table:CONNECTION_STRING` (development only: a
connection string on the command line stays in the shell's history). Running it again copies nothing
twice. Exit status: 0 done, 1 the register failed, 2 bad arguments. `print_report` runs and reports
the other register commands (`socialdesk repair`) the same way.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
from collections.abc import Coroutine
from typing import Any, Protocol

from register.base import RegisterError
from register.factory import open_store, store_from_spec
from register.migrate import MigrationReport, migrate

log = logging.getLogger(__name__)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--from",
        dest="source",
        required=True,
        metavar="STORE",
        help="the register to copy (tinydb:PATH, azure-table, azure-table:URL or CONNECTION_STRING)",
    )
    parser.add_argument(
        "--to",
        dest="target",
        required=True,
        metavar="STORE",
        help="where to copy it (the same forms as --from)",
    )


async def _copy(source_spec: str, target_spec: str) -> MigrationReport:
    values = os.environ
    source_choice = store_from_spec(source_spec, values)
    target_choice = store_from_spec(target_spec, values)
    if source_choice == target_choice:
        raise RegisterError("the source and the target are the same register")
    print(f"copying {source_choice.describe()} -> {target_choice.describe()}")
    source = await open_store(source_choice, values)
    try:
        # The target may be new: copying a register somewhere else is what migrate is for.
        target = await open_store(target_choice, values, create=True)
        try:
            return await migrate(source, target)
        finally:
            await target.close()
    finally:
        await source.close()


class Report(Protocol):
    def lines(self) -> list[str]: ...


def print_report(command: str, work: Coroutine[Any, Any, Report]) -> int:
    """Run a register command's work and print its report: 0, or its refusal in one line and 1."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        report = asyncio.run(work)
    except RegisterError as exc:
        print(f"socialdesk {command}: {exc}", file=sys.stderr)
        return 1
    for line in report.lines():
        print(line)
    return 0


def run(args: argparse.Namespace) -> int:
    return print_report("migrate", _copy(args.source, args.target))

"""`socialdesk verdicts --since DATE --out FILE.jsonl [--store STORE]`: the team's disagreements with
the engine as labelled test cases.

One JSON line per check made since DATE (midnight, London time) on which the team's verdict differs
from the recommendation, in the format of the Trust's evaluation files (`register.verdicts.labelled_case`):
`socialdesk assess FILE.jsonl` reads it as posts, and `score.py FILE.jsonl OUTPUT` scores the engine on
the team's own answers. Only the redacted text the register holds goes out.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import orjson

from register.base import Register, RegisterError
from register.reading import add_store_argument, with_register
from register.verdicts import disagreements, judged_checks, labelled_case

LONDON = ZoneInfo("Europe/London")


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date: write it as YYYY-MM-DD") from None


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--since", required=True, type=_day, metavar="DATE", help="from this day (London)")
    parser.add_argument("--out", required=True, type=Path, metavar="FILE.jsonl", help="where to write")
    add_store_argument(parser)


async def write_verdicts(register: Register, since: date, out: Path) -> int:
    """Write the disagreements since `since` to `out`; how many."""
    start = datetime.combine(since, datetime.min.time(), tzinfo=LONDON)
    cases = [labelled_case(j) for j in disagreements(judged_checks(await register.audit()), since=start)]
    body = b"".join(orjson.dumps(case) + b"\n" for case in cases)
    try:
        await asyncio.to_thread(out.write_bytes, body)
    except OSError as exc:
        raise RegisterError(f"cannot write {out}: {exc.strerror}") from exc
    return len(cases)


def run(args: argparse.Namespace) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        count = asyncio.run(with_register(args.store, lambda r: write_verdicts(r, args.since, args.out)))
    except RegisterError as exc:
        print(f"socialdesk verdicts: {exc}", file=sys.stderr)
        return 1
    print(f"wrote {count} disagreement(s) since {args.since.isoformat()} to {args.out}")
    return 0

"""`socialdesk report --month YYYY-MM --out DIR [--store STORE] [--now ISO]`: the monthly report.

Writes DIR/report.html (one printable page, charts inline) and DIR/figures.csv (the same figures, one
per line). The month defaults to the current one in London; `--now` sets the moment "overdue now" is
counted at (default: now).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
from datetime import UTC, datetime
from pathlib import Path

from policy.pack import PackError, PolicyPack, load_pack
from register.base import Register, RegisterError
from register.reading import add_store_argument, with_register
from report.build import month_figures
from report.document import figures_csv, report_html
from report.figures import Month


def _month(value: str) -> Month:
    try:
        return Month.parse(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _now(value: str) -> datetime:
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a time: write it as ISO 8601") from None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--month", type=_month, metavar="YYYY-MM", help="the month (default: this month, London)"
    )
    parser.add_argument("--out", required=True, type=Path, metavar="DIR", help="where to write")
    parser.add_argument("--now", type=_now, metavar="ISO", help="count overdue blocks as at this time")
    add_store_argument(parser)


async def write_report(register: Register, month: Month, pack: PolicyPack, now: datetime, out: Path) -> None:
    figures = await month_figures(register, month, pack, now)
    html = report_html(
        figures, trust=pack.trust, generated=now.astimezone(pack.timezone), pack_version=pack.version
    )
    csv_text = figures_csv(figures)

    def write() -> None:
        out.mkdir(parents=True, exist_ok=True)
        (out / "report.html").write_text(html, encoding="utf-8")
        # A byte-order mark, so that Excel reads the file as UTF-8.
        (out / "figures.csv").write_text(csv_text, encoding="utf-8-sig", newline="")

    try:
        await asyncio.to_thread(write)
    except OSError as exc:
        raise RegisterError(f"cannot write the report to {out}: {exc.strerror}") from exc


def run(args: argparse.Namespace) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        pack = load_pack(os.environ.get("SOCIALDESK_PACK") or None)
    except PackError as exc:
        print(f"socialdesk report: {exc}", file=sys.stderr)
        return 1
    now: datetime = args.now or datetime.now(UTC)
    month: Month = args.month or Month.of(now.astimezone(pack.timezone).date())
    try:
        asyncio.run(with_register(args.store, lambda r: write_report(r, month, pack, now, args.out)))
    except RegisterError as exc:
        print(f"socialdesk report: {exc}", file=sys.stderr)
        return 1
    print(f"wrote the report for {month.label} to {args.out / 'report.html'} and {args.out / 'figures.csv'}")
    return 0

"""`socialdesk evidence @handle [--platform P] --out DIR [--store STORE]`: the evidence pack for one
account (`register.evidence`) as DIR/evidence-HANDLE.html and DIR/evidence-HANDLE.csv.

The HTML is one self-contained file (styles inline, nothing fetched), readable on screen and printed
on A4; every text from the register is HTML-escaped. The CSV has audit.csv's columns
(`register.readable`) plus each criterion's policy clause, and opens with no formula run. Both state
the integrity check and the pack's version. Exit status 0 when written, 1 when the register cannot be
used or the files cannot be written, 2 for bad arguments.
"""

from __future__ import annotations

import argparse
import asyncio
import html
import logging
import os
import sys
from datetime import UTC, datetime
from pathlib import Path

from policy.pack import PackError, load_pack
from register import readable
from register.base import RegisterError
from register.evidence import PACK_VERSION, EvidencePack, gather
from register.export import write_csv
from register.factory import open_store, store_from_settings, store_from_spec

log = logging.getLogger(__name__)

CSV_COLUMNS = (*readable.COLUMNS, "policy clauses")

_STYLE = """
body { font: 11pt/1.45 "Segoe UI", Arial, sans-serif; color: #111; background: #fff; margin: 2em; }
h1 { font-size: 18pt; margin: 0 0 .3em; } h2 { font-size: 13pt; margin: 1.6em 0 .4em; }
table { border-collapse: collapse; width: 100%; } th, td { border: 1px solid #999; padding: .35em .5em;
  vertical-align: top; text-align: left; } th { background: #eee; }
dl.summary { display: grid; grid-template-columns: max-content 1fr; gap: .2em 1em; }
dl.summary dt { font-weight: 600; }
.entry { border-top: 1px solid #999; padding: .6em 0; break-inside: avoid; }
.entry h3 { font-size: 11pt; margin: 0 0 .2em; } .text { white-space: pre-wrap; overflow-wrap: anywhere;
  background: #f4f4f4; padding: .4em .6em; } .clause { font-style: italic; } .broken { font-weight: 700; }
p, dd, td { overflow-wrap: anywhere; }
@page { size: A4; margin: 15mm; } @media print { body { margin: 0; } }
"""


def file_stem(pack: EvidencePack) -> str:
    on = f"-{pack.platform}" if pack.platform else ""
    safe = "".join(c if c.isalnum() or c in "._-" else "_" for c in readable.handle(pack.account))
    return f"evidence-{safe}{on}"


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _entry_html(entry_number: int, pack: EvidencePack) -> str:
    entry = pack.entries[entry_number]
    row = entry.row
    facts: list[tuple[str, str]] = [("By", row["by"])]
    for name, column in (
        ("Platform", "platform"),
        ("Action recommended", "action"),
        ("Block", "block"),
        ("Follows", "follows"),
        ("Check", "check"),
        ("Reason or rationale", "reason or note"),
        ("Link", "link"),
    ):
        if row[column] and not (column == "check" and entry.event.kind != "assessed"):
            facts.append((name, row[column]))
    if row["change"]:
        facts.append((f"Changed: {row['change']}", f"{row['before'] or '(none)'} → {row['after']}"))
    parts = [
        '<section class="entry">',
        f"<h3>{entry_number + 1}. {_e(row['time (London)'])} — {_e(entry.label)}</h3>",
        "<dl class=summary>" + "".join(f"<dt>{_e(k)}</dt><dd>{_e(v)}</dd>" for k, v in facts) + "</dl>",
    ]
    if entry.criteria:
        parts.append("<p>Criteria (the policy's own words):</p><ul>")
        parts += [f"<li>{_e(c.title)}: <span class=clause>{_e(c.clause)}</span></li>" for c in entry.criteria]
        parts.append("</ul>")
    if row["text (redacted)"]:
        parts.append(f"<p>Text (redacted):</p><div class=text>{_e(row['text (redacted)'])}</div>")
    parts.append("</section>")
    return "\n".join(parts)


def render_html(pack: EvidencePack) -> str:
    """The pack as one self-contained, printable HTML document."""
    counts = pack.counts
    by_action = ", ".join(
        f"{action or 'unknown'}: {n}" for action, n in sorted(pack.checks_by_action.items())
    )
    verdict_class = "" if pack.integrity.intact else " class=broken"
    summary = [
        ("Account", pack.account),
        ("Platform", pack.platform or "all platforms"),
        ("Generated", f"{readable.london_time(pack.generated_at)} (London)"),
        ("Policy", pack.policy),
        ("Evidence pack version", PACK_VERSION),
        ("Posts checked", f"{counts['assessed']}" + (f" ({by_action})" if by_action else "")),
        ("Advice given", str(counts["advised"])),
        ("Blocks recorded", str(counts["block_created"])),
        (
            "Reviews",
            f"kept {counts['block_kept']}, snoozed {counts['block_snoozed']}, "
            f"lifted {counts['block_lifted']}",
        ),
    ]
    entries = [_entry_html(number, pack) for number in range(len(pack.entries))]
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en-GB"><head><meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{_e(pack.title)}</title><style>{_STYLE}</style></head><body>",
            f"<h1>{_e(pack.title)}</h1>",
            "<p>Everything the Social Desk register holds about this account, oldest first. Texts are "
            "stored redacted (patient identifiers and contact details masked); the full posts are not "
            "kept.</p>",
            "<dl class=summary>" + "".join(f"<dt>{_e(k)}</dt><dd>{_e(v)}</dd>" for k, v in summary) + "</dl>",
            "<h2>Integrity of the register</h2>",
            f"<p{verdict_class}>{_e(pack.integrity.verdict())}</p>",
            f"<h2>What happened, in order ({len(pack.entries)})</h2>",
            *(entries or ["<p>The register holds nothing about this account.</p>"]),
            "</body></html>",
            "",
        ]
    )


def csv_rows(pack: EvidencePack) -> list[list[str]]:
    """audit.csv's columns for each entry, then its criteria's clauses; the last rows state the
    integrity check and the pack's version."""
    found = []
    for entry in pack.entries:
        clauses = " | ".join(f"{c.title}: {c.clause}" for c in entry.criteria)
        found.append([entry.row[column] for column in readable.COLUMNS] + [clauses])
    blank = [""] * len(CSV_COLUMNS)
    found.append(["integrity", *blank[1:-1], pack.integrity.verdict()])
    found.append(["evidence pack version", *blank[1:-1], f"{PACK_VERSION}; {pack.policy}"])
    return found


def write_pack(pack: EvidencePack, directory: Path) -> tuple[Path, Path]:
    """Write the HTML and the CSV into `directory` (created if missing); their paths."""
    stem = file_stem(pack)
    page, table = directory / f"{stem}.html", directory / f"{stem}.csv"
    try:
        directory.mkdir(parents=True, exist_ok=True)
        partial = page.with_name(page.name + ".partial")
        partial.write_text(render_html(pack), encoding="utf-8")
        partial.replace(page)
        write_csv(table, CSV_COLUMNS, csv_rows(pack), raw=False)
    except OSError as exc:
        raise RegisterError(f"cannot write the evidence pack to {directory}: {exc.strerror}") from exc
    return page, table


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("handle", help="the account, e.g. @someone")
    parser.add_argument("--platform", help="only this platform's checks and blocks (e.g. facebook, x)")
    parser.add_argument("--out", required=True, type=Path, metavar="DIR", help="where to write")
    parser.add_argument(
        "--store", metavar="STORE", help="tinydb:PATH or azure-table[:URL]; default: the configured register"
    )


async def _evidence(args: argparse.Namespace) -> tuple[EvidencePack, Path, Path]:
    values = os.environ
    choice = store_from_spec(args.store, values) if args.store else store_from_settings(values)
    register = await open_store(choice, values)
    try:
        policy = load_pack(values.get("SOCIALDESK_PACK"))
        platform = args.platform.strip().lower() if args.platform else None
        pack = await gather(register, args.handle, policy, datetime.now(UTC), platform)
    finally:
        await register.close()
    page, table = await asyncio.to_thread(write_pack, pack, args.out)
    return pack, page, table


def run(args: argparse.Namespace) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        pack, page, table = asyncio.run(_evidence(args))
    except (RegisterError, PackError) as exc:
        print(f"socialdesk evidence: {exc}", file=sys.stderr)
        return 1
    print(f"wrote {len(pack.entries)} entries about {pack.account} to {page} and {table}")
    print(pack.integrity.verdict())
    return 0

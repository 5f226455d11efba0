"""The `socialdesk` command: one entry point whose subcommands live beside the code they drive.

Each subcommand module offers `add_arguments(parser)` and `run(args) -> int`; it is imported only
when used, so `socialdesk assess` does not load the Bot Framework.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from socialdesk_version import __version__

# name -> (module, one-line help)
SUBCOMMANDS: dict[str, tuple[str, str]] = {
    "assess": ("policy.cli", "assess posts against the Trust's social media policy"),
    "serve": ("app", "start the Teams bot (aiohttp) on 127.0.0.1:3978"),
    "remind": ("reminders.cli", "send (or preview) the daily block-review digests"),
    "manifest": ("manifest.build", "build the Teams app package (manifest and icons in a zip)"),
    "migrate": ("register.cli", "copy a register from one backend to another"),
    "export": ("register.export", "export the register and audit log as CSV"),
    "evidence": ("register.evidence_files", "write the evidence pack for one account (HTML and CSV)"),
    "audit": ("register.audit_cli", "verify the audit log holds every block's history, completing it"),
    "verdicts": ("register.verdicts_cli", "write the team's disagreements with the engine as labelled posts"),
    "report": ("report.cli", "write the monthly governance report (report.html and CSV)"),
    "repair": (
        "register.repair",
        "rebuild a damaged register (blocks, reviews, subscriptions) from its audit log",
    ),
}


def build_parser(chosen: str | None = None) -> argparse.ArgumentParser:
    """The parser; only the chosen subcommand's module is imported to add its arguments."""
    parser = argparse.ArgumentParser(
        prog="socialdesk",
        description="Social Desk: apply the Trust's social media policy from Teams and the command line.",
    )
    parser.add_argument("--version", action="version", version=f"socialdesk {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (module_name, help_text) in SUBCOMMANDS.items():
        p = sub.add_parser(name, help=help_text, description=help_text)
        if name == chosen:
            module = importlib.import_module(module_name)
            module.add_arguments(p)
            p.set_defaults(_module=module)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    chosen = next((a for a in args_list if not a.startswith("-")), None)
    parser = build_parser(chosen if chosen in SUBCOMMANDS else None)
    args = parser.parse_args(args_list)
    if getattr(args, "_module", None) is None:
        parser.print_help()
        return 2
    result: int = args._module.run(args)
    return result


if __name__ == "__main__":
    sys.exit(main())

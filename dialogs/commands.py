"""The modules that declare commands and card actions; importing them fills both registries."""

from __future__ import annotations

import importlib

MODULES = (
    "dialogs.check",
    "dialogs.block",
    "dialogs.advised",
    "dialogs.verdict",
    "dialogs.wording",
    "dialogs.hours",
    "dialogs.history",
    "dialogs.evidence",
    "dialogs.reviews",
    "dialogs.subscriptions",
    "dialogs.report",
    "dialogs.help",
)


def load() -> None:
    """Import every command module (once per process: Python caches modules, so this is idempotent)."""
    for name in MODULES:
        importlib.import_module(name)

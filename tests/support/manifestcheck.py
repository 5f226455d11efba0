"""Validate a Teams app manifest offline with Microsoft's `@microsoft/app-manifest` schemas.

`manifest_errors(manifest)` runs `validate_manifest.js` (beside this file) under Node and returns the
schema errors as strings; an empty list means the manifest is valid. It raises `ManifestCheckError`
when the check itself cannot run (no Node, no node_modules), so a broken set-up fails loudly instead of
passing as "no errors".
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

SCRIPT = Path(__file__).with_name("validate_manifest.js")
REPO = Path(__file__).resolve().parents[2]


class ManifestCheckError(RuntimeError):
    """The validator could not run; the manifest was not judged."""


def manifest_errors(manifest: Mapping[str, Any] | Path) -> list[str]:
    """Schema errors for a manifest given as a dict or as a path to manifest.json."""
    if isinstance(manifest, Path):
        return _run(manifest)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "manifest.json"
        path.write_text(json.dumps(manifest), encoding="utf-8")
        return _run(path)


def _run(path: Path) -> list[str]:
    node = shutil.which("node")
    if node is None:
        raise ManifestCheckError("node is not on PATH: run `make test-deps`")
    if not (REPO / "node_modules" / "@microsoft" / "app-manifest").is_dir():
        raise ManifestCheckError("node_modules/@microsoft/app-manifest is missing: run `make test-deps`")
    done = subprocess.run(
        [node, str(SCRIPT), str(path)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if done.returncode != 0:
        raise ManifestCheckError(f"validate_manifest.js failed: {done.stderr.strip()}")
    result = json.loads(done.stdout)
    errors = result["errors"]
    if not isinstance(errors, list) or not all(isinstance(e, str) for e in errors):
        raise ManifestCheckError(f"validate_manifest.js printed an unexpected result: {done.stdout!r}")
    return errors

"""The Teams app package format: manifest.json and the two icons at the root of one zip.

`package_bytes` is pure and reproducible (fixed timestamps, fixed order), so the same settings
always give the same zip; `write_package` puts it on disk without ever leaving half a file.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import tempfile
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from manifest.document import COLOR_ICON, OUTLINE_ICON

MANIFEST_FILE = "manifest.json"
ICONS_DIR = Path(__file__).parent
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest zip date: keeps builds byte-for-byte repeatable


def committed_icons(directory: Path = ICONS_DIR) -> dict[str, bytes]:
    """The icon files the manifest names, read from `directory` (the committed PNGs by default)."""
    return {name: (directory / name).read_bytes() for name in (COLOR_ICON, OUTLINE_ICON)}


def package_bytes(manifest: Mapping[str, Any], icons: Mapping[str, bytes]) -> bytes:
    """The zip: manifest.json first, then the icons, all at the root."""
    files = {MANIFEST_FILE: (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode()}
    files.update(icons)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return out.getvalue()


def write_package(data: bytes, out: Path) -> None:
    """Write `data` to `out` atomically: a temporary file beside it, then a rename.

    Raises OSError (for example, a missing directory or no permission) with nothing left behind.
    """
    handle, temporary = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        # mkstemp makes the file private; the package is no secret and is meant to be handed on.
        os.chmod(temporary, 0o644)
        os.replace(temporary, out)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise

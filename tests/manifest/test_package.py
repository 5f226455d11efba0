"""The zip: exactly manifest.json and the two icons at its root, written whole or not at all."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest

from manifest.document import build_manifest
from manifest.package import committed_icons, package_bytes, write_package
from manifest.settings import ManifestSettings


def test_zip_holds_exactly_the_manifest_and_two_icons_at_its_root(settings: ManifestSettings):
    manifest = build_manifest(settings, {})

    data = package_bytes(manifest, committed_icons())

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert sorted(archive.namelist()) == ["color.png", "manifest.json", "outline.png"]
        assert json.loads(archive.read("manifest.json")) == manifest
        assert archive.read("color.png") == committed_icons()["color.png"]


def test_same_input_gives_the_same_bytes(settings: ManifestSettings):
    manifest = build_manifest(settings, {})

    assert package_bytes(manifest, committed_icons()) == package_bytes(manifest, committed_icons())


def test_write_package_replaces_the_file_whole(tmp_path: Path):
    out = tmp_path / "app.zip"
    out.write_bytes(b"old")

    write_package(b"new package", out)

    assert out.read_bytes() == b"new package"
    assert [p.name for p in tmp_path.iterdir()] == ["app.zip"]


def test_write_package_failure_leaves_nothing(tmp_path: Path):
    out = tmp_path / "missing" / "app.zip"

    with pytest.raises(OSError):
        write_package(b"data", out)

    assert list(tmp_path.iterdir()) == []

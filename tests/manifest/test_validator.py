"""The offline manifest validator (tests/support/manifestcheck.py) really catches broken manifests."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from manifest.document import build_manifest
from manifest.settings import ManifestSettings
from tests.support.manifestcheck import manifest_errors


def _drop_developer(m: dict[str, Any]) -> None:
    del m["developer"]


def _bad_id(m: dict[str, Any]) -> None:
    m["id"] = "not-a-guid"


def _bad_bot_scope(m: dict[str, Any]) -> None:
    m["bots"][0]["scopes"] = ["everyone"]


def _long_short_description(m: dict[str, Any]) -> None:
    m["description"]["short"] = "x" * 81


def _eleven_menu_commands(m: dict[str, Any]) -> None:
    m["bots"][0]["commandLists"] = [
        {"scopes": ["personal"], "commands": [{"title": f"c{i}", "description": "d"} for i in range(11)]}
    ]


def _version_mismatch(m: dict[str, Any]) -> None:
    m["manifestVersion"] = "1.17"


def _unbundled_schema(m: dict[str, Any]) -> None:
    m["$schema"] = "https://example.com/schema.json"


@pytest.mark.parametrize(
    ("breakage", "expected"),
    [
        (_drop_developer, "must have required property 'developer'"),
        (_bad_id, "/id must match pattern"),
        (_bad_bot_scope, "/bots/0/scopes/0 must be equal to one of the allowed values"),
        (_long_short_description, "/description/short must NOT have more than 80 characters"),
        (_eleven_menu_commands, "/bots/0/commandLists/0/commands must NOT have more than 10 items"),
        (_version_mismatch, "/manifestVersion must be equal to constant"),
        (_unbundled_schema, "$schema is not a Teams schema bundled"),
    ],
    ids=[
        "missing-developer",
        "bad-id",
        "bad-scope",
        "long-description",
        "eleven-commands",
        "version",
        "schema",
    ],
)
def test_validator_reports_broken_manifests(
    settings: ManifestSettings, breakage: Callable[[dict[str, Any]], None], expected: str
):
    manifest = copy.deepcopy(build_manifest(settings, {}))
    breakage(manifest)

    errors = manifest_errors(manifest)

    assert any(expected in error for error in errors), errors


def test_validator_reads_a_manifest_file(settings: ManifestSettings, tmp_path: Path):
    path = tmp_path / "manifest.json"
    path.write_text(
        '{"$schema": "https://developer.microsoft.com/json-schemas/teams/v1.22/MicrosoftTeams.schema.json"}'
    )

    errors = manifest_errors(path)

    assert any("must have required property 'manifestVersion'" in error for error in errors), errors

"""What ships agrees with itself: one version everywhere, every setting in `.env.example`, and a
Dockerfile that hadolint passes, runs as a non-root user and checks readiness."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

from manifest.settings import resolve_settings
from socialdesk_version import __version__

ROOT = Path(__file__).resolve().parents[1]
HADOLINT = Path(sys.executable).with_name("hadolint")
SETTING = re.compile(r"\"((?:SOCIALDESK|Microsoft|APPLICATIONINSIGHTS)_?[A-Za-z_]+)\"")
SOURCES = ["app.py", "settings.py", "policy", "register", "reminders", "manifest", "editors", "observe"]


def test_every_place_names_the_same_version() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    manifest = resolve_settings({"app_id": "6a1f1c2e-0000-4000-8000-000000000b07", "domain": "x.example"}, {})
    cli = subprocess.run(
        [sys.executable, "-m", "socialdesk_cli", "--version"], cwd=ROOT, capture_output=True, text=True
    )
    changelog = re.search(r"^## \[?(\d+\.\d+\.\d+)", (ROOT / "CHANGELOG.md").read_text(), re.MULTILINE)

    assert changelog is not None
    assert {project["version"], manifest.version, cli.stdout.split()[-1], changelog.group(1)} == {__version__}


def test_env_example_names_every_setting_the_code_reads() -> None:
    read: set[str] = set()
    for source in SOURCES:
        path = ROOT / source
        for file in [path] if path.is_file() else sorted(path.rglob("*.py")):
            read.update(SETTING.findall(file.read_text()))
    example = (ROOT / ".env.example").read_text()
    listed = set(re.findall(r"^([A-Za-z_]+)=", example, re.MULTILINE))

    assert read, "no settings found: the pattern is wrong"
    assert sorted(read - listed) == []
    # No real values: the only non-empty ones are defaults and examples.
    assert "AccountKey" not in example
    assert re.search(r"^MicrosoftAppPassword=$", example, re.MULTILINE)


def test_the_dockerfile_passes_hadolint() -> None:
    result = subprocess.run([str(HADOLINT), "Dockerfile"], cwd=ROOT, capture_output=True, text=True)

    assert result.returncode == 0, result.stdout + result.stderr


def test_the_image_runs_socialdesk_as_a_non_root_user_and_checks_readiness() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text()
    runtime = "FROM " + dockerfile.rsplit("\nFROM ", 1)[1]  # the last stage is the image that runs

    assert re.search(r"^FROM python:3\.\d+-slim", runtime, re.MULTILINE)
    [user] = re.findall(r"^USER (\S+)", runtime, re.MULTILINE)
    assert user not in ("root", "0")
    healthcheck = re.search(r"^HEALTHCHECK .*$(?:\n .*$)*", runtime, re.MULTILINE)
    assert healthcheck is not None and "/readyz" in healthcheck.group(0)
    assert 'CMD ["socialdesk", "serve", "--host", "0.0.0.0"' in runtime
    assert "[dev]" not in dockerfile  # runtime dependencies only


def test_the_image_copies_every_package_the_wheel_needs() -> None:
    setuptools = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    packages = [pattern.rstrip("*") for pattern in setuptools["packages"]["find"]["include"]]
    copied = (ROOT / "Dockerfile").read_text()

    for name in packages:
        assert f"COPY {name}/ {name}/" in copied, name
    for module in setuptools["py-modules"]:
        assert f"{module}.py" in copied, module

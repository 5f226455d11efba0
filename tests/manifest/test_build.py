"""`socialdesk manifest`: the command line builds a valid package and refuses bad input clearly."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

import socialdesk_cli
from dialogs.registry import Command
from tests.manifest.conftest import BOT_ID, DOMAIN
from tests.support.manifestcheck import manifest_errors


def _main(*args: str) -> int:
    return socialdesk_cli.main(["manifest", *args])


def test_builds_a_valid_package(
    tmp_path: Path, clean_env: None, sample_commands: list[Command], capsys: pytest.CaptureFixture[str]
):
    out = tmp_path / "app.zip"

    status = _main("--app-id", BOT_ID, "--domain", DOMAIN, "--version", "1.4.0", "--out", str(out))

    assert status == 0
    with zipfile.ZipFile(out) as archive:
        assert sorted(archive.namelist()) == ["color.png", "manifest.json", "outline.png"]
        manifest = json.loads(archive.read("manifest.json"))
    assert manifest_errors(manifest) == []
    assert manifest["version"] == "1.4.0"
    assert manifest["bots"][0]["commandLists"][0]["commands"][0]["title"] == "help"
    captured = capsys.readouterr()
    assert f"wrote {out}" in captured.out
    assert "note: privacy url not given, using https://example.nhs.uk/privacy" in captured.err


def test_settings_can_come_from_the_environment(
    tmp_path: Path, clean_env: None, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
):
    monkeypatch.setenv("MicrosoftAppId", BOT_ID)
    monkeypatch.setenv("SOCIALDESK_APP_DOMAIN", DOMAIN)
    monkeypatch.setenv("SOCIALDESK_DEVELOPER_NAME", "Example NHS Trust")
    out = tmp_path / "app.zip"

    assert _main("--out", str(out)) == 0

    with zipfile.ZipFile(out) as archive:
        manifest = json.loads(archive.read("manifest.json"))
    assert manifest["bots"][0]["botId"] == BOT_ID
    assert manifest["validDomains"] == [DOMAIN]
    assert manifest["developer"]["name"] == "Example NHS Trust"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--app-id", "my-bot", "--domain", DOMAIN], "bot app id 'my-bot' is not a GUID"),
        (["--domain", DOMAIN], "missing bot app id: pass --app-id or set MicrosoftAppId"),
        (["--app-id", BOT_ID], "missing domain: pass --domain or set SOCIALDESK_APP_DOMAIN"),
        (["--app-id", BOT_ID, "--domain", "https://example.nhs.uk/"], "must be a host name"),
        (
            ["--app-id", BOT_ID, "--domain", DOMAIN, "--terms-url", "ftp://x.nhs.uk"],
            "must start with https://",
        ),
        (["--app-id", BOT_ID, "--domain", DOMAIN, "--version", "v1"], "must be MAJOR.MINOR.PATCH"),
    ],
    ids=["not-a-guid", "no-app-id", "no-domain", "bad-domain", "bad-url", "bad-version"],
)
def test_bad_input_exits_2_with_one_line_and_writes_nothing(
    tmp_path: Path, clean_env: None, capsys: pytest.CaptureFixture[str], args: list[str], message: str
):
    out = tmp_path / "app.zip"

    status = _main(*args, "--out", str(out))

    assert status == 2
    err = capsys.readouterr().err
    assert err.startswith("socialdesk manifest: error: ")
    assert message in err
    assert err.count("\n") == 1
    assert not out.exists()


@pytest.mark.parametrize(
    ("out_name", "message"),
    [
        ("existing-dir.zip", "is a directory"),
        ("a-file/app.zip", "does not exist"),
        ("no-such-dir/app.zip", "does not exist"),
        ("manifest.json", "must name a .zip file"),
    ],
    ids=["directory", "parent-is-a-file", "missing-parent", "not-a-zip"],
)
def test_unwritable_output_exits_2_and_leaves_nothing(
    tmp_path: Path, clean_env: None, capsys: pytest.CaptureFixture[str], out_name: str, message: str
):
    (tmp_path / "existing-dir.zip").mkdir()
    (tmp_path / "a-file").write_text("keep me")
    before = sorted(p.name for p in tmp_path.rglob("*"))

    status = _main("--app-id", BOT_ID, "--domain", DOMAIN, "--out", str(tmp_path / out_name))

    assert status == 2
    err = capsys.readouterr().err
    assert message in err
    assert err.count("\n") == 1
    assert sorted(p.name for p in tmp_path.rglob("*")) == before
    assert (tmp_path / "a-file").read_text() == "keep me"


def test_a_failed_build_keeps_the_previous_package(
    tmp_path: Path, clean_env: None, capsys: pytest.CaptureFixture[str]
):
    out = tmp_path / "app.zip"
    out.write_bytes(b"previous package")

    assert _main("--app-id", "nope", "--domain", DOMAIN, "--out", str(out)) == 2

    assert out.read_bytes() == b"previous package"


def test_too_many_menu_commands_is_a_clear_error(
    tmp_path: Path, clean_env: None, private_registry: None, capsys: pytest.CaptureFixture[str]
):
    from dialogs import registry

    for i in range(11):

        async def handler() -> None:
            """A command for the test."""

        registry.command(f"extra{i}", title=f"Extra {i}", scopes=("personal",))(handler)

    status = _main("--app-id", BOT_ID, "--domain", DOMAIN, "--out", str(tmp_path / "app.zip"))

    assert status == 2
    assert "personal command menu has" in capsys.readouterr().err
    assert not (tmp_path / "app.zip").exists()

"""Settings from the environment, and the rule for when the service may start."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

import app
from settings import DEFAULT_MAX_TURNS, Settings, SettingsError, is_loopback

PRODUCTION = {
    "MicrosoftAppId": "app-1",
    "MicrosoftAppPassword": "s3cret-value",
    "MicrosoftAppType": "SingleTenant",
    "MicrosoftAppTenantId": "Tenant-A",
}


def test_reads_bot_framework_and_socialdesk_names(tmp_path: Path):
    env = {
        **PRODUCTION,
        "SOCIALDESK_DATA": "/srv/socialdesk",
        "SOCIALDESK_EDITORS": "AAD-1, aad-2  aad-3",
        "SOCIALDESK_TENANTS": "tenant-a,tenant-b",
        "SOCIALDESK_MAX_BODY": "4096",
        "SOCIALDESK_MAX_TURNS": "8",
        "SOCIALDESK_LOCAL": "yes",
    }
    s = Settings.from_env(env, env_file=tmp_path / "missing.env")
    assert (s.app_id, s.app_password, s.app_type, s.app_tenant_id) == (
        "app-1",
        "s3cret-value",
        "SingleTenant",
        "Tenant-A",
    )
    assert s.data_dir == Path("/srv/socialdesk")
    assert s.max_turns == 8
    assert s.editors == {"aad-1", "aad-2", "aad-3"}
    assert s.allowed_tenants == {"tenant-a", "tenant-b"}
    assert s.max_body_bytes == 4096
    assert s.local is True


def test_defaults(tmp_path: Path):
    s = Settings.from_env({}, env_file=tmp_path / "missing.env")
    assert s.data_dir == Path("data")
    assert not s.has_credentials and not s.local
    assert s.app_type == "MultiTenant"
    assert s.max_turns == DEFAULT_MAX_TURNS


def test_allowed_tenants_default_to_the_apps_own(tmp_path: Path):
    s = Settings.from_env(PRODUCTION, env_file=tmp_path / "missing.env")
    assert s.allowed_tenants == {"tenant-a"}


def test_dotenv_file_is_read_and_the_environment_wins(tmp_path: Path):
    env_file = tmp_path / ".env"
    env_file.write_text("MicrosoftAppId=from-file\nSOCIALDESK_EDITORS=aad-file\n", encoding="utf-8")
    s = Settings.from_env({"MicrosoftAppId": "from-env"}, env_file=env_file)
    assert s.app_id == "from-env"
    assert s.editors == {"aad-file"}


def test_password_never_in_repr(tmp_path: Path):
    s = Settings.from_env(PRODUCTION, env_file=tmp_path / "missing.env")
    assert "s3cret-value" not in repr(s)
    assert "s3cret-value" not in repr(app.BotAuthConfig(s))


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("MicrosoftAppType", "Anonymous"),
        ("SOCIALDESK_MAX_BODY", "lots"),
        ("SOCIALDESK_MAX_BODY", "10"),
        ("SOCIALDESK_MAX_TURNS", "many"),
        ("SOCIALDESK_MAX_TURNS", "0"),
        ("SOCIALDESK_MAX_TURNS", "-3"),
    ],
    ids=[
        "app type",
        "max body not a number",
        "max body tiny",
        "max turns not a number",
        "max turns 0",
        "negative",
    ],
)
def test_bad_values_are_named(tmp_path: Path, name: str, value: str):
    with pytest.raises(SettingsError, match=name):
        Settings.from_env({name: value}, env_file=tmp_path / "missing.env")


def test_production_start_without_credentials_refuses_and_says_what_is_missing():
    with pytest.raises(SettingsError) as caught:
        Settings().check_can_serve("127.0.0.1")
    message = str(caught.value)
    assert "MicrosoftAppId" in message and "--local" in message


@pytest.mark.parametrize("host", ["0.0.0.0", "10.1.2.3", "bot.example.nhs.uk", "::"], ids=str)
def test_local_mode_refuses_non_loopback_hosts(host: str):
    with pytest.raises(SettingsError, match="loopback"):
        Settings(local=True).check_can_serve(host)


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1", "127.0.0.2"], ids=str)
def test_local_mode_allowed_on_loopback(host: str):
    Settings(local=True).check_can_serve(host)
    assert is_loopback(host)


@pytest.mark.parametrize(
    ("settings", "missing"),
    [
        (Settings(app_id="a", app_tenant_id="t"), "MicrosoftAppPassword"),
        (Settings(app_id="a", app_password="p", app_type="SingleTenant"), "MicrosoftAppTenantId"),
        (Settings(app_id="a", app_password="p"), "SOCIALDESK_TENANTS"),
    ],
    ids=["password", "tenant for single tenant", "allowed tenants"],
)
def test_partial_credentials_name_what_is_missing(settings: Settings, missing: str):
    with pytest.raises(SettingsError, match=missing):
        settings.check_can_serve("0.0.0.0")


def test_full_credentials_may_serve_anywhere():
    Settings(app_id="a", app_password="p", app_tenant_id="t").check_can_serve("0.0.0.0")
    Settings(app_id="a", app_type="UserAssignedMSI", app_tenant_id="t").check_can_serve("0.0.0.0")


def test_editors_are_configured_ids_and_everyone_in_local_mode():
    secured = Settings(app_id="a", editors=frozenset({"aad-1"}))
    assert secured.is_editor("AAD-1")
    assert not secured.is_editor("aad-2")
    assert not secured.is_editor(None)
    assert Settings(local=True).is_editor(None)


@pytest.mark.parametrize(
    ("argv", "expected"),
    [(["--host", "0.0.0.0", "--local"], "loopback"), ([], "MicrosoftAppId")],
    ids=["local on all interfaces", "no credentials, no --local"],
)
def test_serve_refuses_to_start_with_a_clear_message(
    argv: list[str],
    expected: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
):
    monkeypatch.chdir(tmp_path)  # no .env here
    for name in (*PRODUCTION, "SOCIALDESK_LOCAL"):
        monkeypatch.delenv(name, raising=False)
    parser = argparse.ArgumentParser()
    app.add_arguments(parser)
    assert app.run(parser.parse_args(argv)) == 2
    assert expected in capsys.readouterr().err
    assert not (tmp_path / "data").exists(), "nothing is created when the start is refused"


def test_the_turn_deadline_for_the_register_is_ten_seconds_unless_set(tmp_path: Path):
    missing = tmp_path / "missing.env"
    assert Settings.from_env({}, env_file=missing).turn_deadline == 10.0
    assert Settings.from_env({"SOCIALDESK_TURN_DEADLINE": "4.5"}, env_file=missing).turn_deadline == 4.5
    with pytest.raises(SettingsError, match="SOCIALDESK_TURN_DEADLINE"):
        Settings.from_env({"SOCIALDESK_TURN_DEADLINE": "0"}, env_file=missing)


def test_local_mode_beside_credentials_is_off_and_says_so():
    both = Settings(app_id="a", app_password="p", app_tenant_id="t", local=True)

    assert "MicrosoftAppId is set" in (both.local_ignored() or "")
    assert Settings(local=True).local_ignored() is None
    assert Settings(app_id="a", app_password="p", app_tenant_id="t").local_ignored() is None

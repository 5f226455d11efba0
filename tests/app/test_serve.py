"""`socialdesk serve` as a process: local mode on TinyDB by default (what `make run` starts), and
register or digest settings it cannot use reported in one line with exit status 2, no traceback."""

from __future__ import annotations

import json
import subprocess
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.support.activities import Teams
from tests.support.botprocess import BotProcess, child_environment, free_port, socialdesk_command
from tests.support.connector import Connector

# A closed port on loopback: nothing answers there.
UNREACHABLE = (
    "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=a2V5;"
    "TableEndpoint=http://127.0.0.1:9/devstoreaccount1;"
)


def test_local_mode_serves_on_tinydb_by_default_and_stops_cleanly(
    tmp_path: Path, connector: Connector
) -> None:
    data = tmp_path / "data"
    chat = Teams(connector.url)
    with BotProcess({"SOCIALDESK_DATA": str(data)}, tmp_path) as bot:
        request = urllib.request.Request(
            bot.url + "/api/messages",
            data=json.dumps(chat.message("wording")).encode(),
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            assert response.status == 201
        assert bot.stop() == 0, bot.log()
    assert [sent.conversation_id for sent in connector.posted()] == [chat.conversation_id]
    assert (data / "register.json").is_file()
    assert "opening the register (tinydb)" in bot.log()


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"SOCIALDESK_STORE": "azure-table"}, "neither SOCIALDESK_TABLE_ACCOUNT_URL"),
        ({"SOCIALDESK_STORE": "mongo"}, "SOCIALDESK_STORE must be one of tinydb, azure-table"),
        (
            {"SOCIALDESK_STORE": "azure-table", "SOCIALDESK_TABLE_CONNECTION_STRING": UNREACHABLE},
            "cannot reach the register",
        ),
        ({"SOCIALDESK_DIGEST_TIME": "07:00"}, "outside monitored hours"),
        ({"SOCIALDESK_DIGEST_TIME": "nine"}, "SOCIALDESK_DIGEST_TIME must be a time"),
    ],
    ids=["no-account-url", "unknown-store", "unreachable-store", "digest-before-hours", "digest-not-a-time"],
)
def test_unusable_settings_stop_the_start_with_one_clear_line(
    tmp_path: Path, values: dict[str, str], message: str
) -> None:
    env = child_environment({"SOCIALDESK_DATA": str(tmp_path / "data"), **values})
    command = socialdesk_command("serve", "--local", "--port", str(free_port()))
    result = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)

    assert result.returncode == 2, result.stderr
    assert message in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def _post_without_token(url: str, chat: Teams) -> int:
    request = urllib.request.Request(
        url + "/api/messages",
        data=json.dumps(chat.message("wording")).encode(),
        headers={"Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return int(response.status)
    except urllib.error.HTTPError as refused:
        return int(refused.code)


def test_local_mode_with_an_app_id_in_dotenv_says_once_that_credentials_win(
    tmp_path: Path, connector: Connector
) -> None:
    # A developer's .env from testing against Teams, then `make run`: authentication stays on.
    (tmp_path / ".env").write_text(
        "MicrosoftAppId=6a1f1c2e-0000-4000-8000-00000000a11d\n"
        "MicrosoftAppType=SingleTenant\n"
        "MicrosoftAppPassword=not-a-real-secret\n"
        "MicrosoftAppTenantId=6a1f1c2e-0000-4000-8000-000000007e11\n"
    )
    with BotProcess({"SOCIALDESK_DATA": str(tmp_path / "data")}, tmp_path) as bot:
        status = _post_without_token(bot.url, Teams(connector.url))
        log = bot.log(last=None)
    assert status == 401
    notices = [line for line in log.splitlines() if "--local is ignored" in line]
    assert len(notices) == 1, log
    assert "MicrosoftAppId is set" in notices[0]
    assert "not-a-real-secret" not in log
    assert "authenticated" in next(line for line in log.splitlines() if "listening on" in line)
    assert connector.posted() == []


def test_local_mode_without_an_app_id_says_nothing_about_credentials(tmp_path: Path) -> None:
    with BotProcess({"SOCIALDESK_DATA": str(tmp_path / "data")}, tmp_path) as bot:
        log = bot.log(last=None)
    assert "--local is ignored" not in log
    assert "local mode (no credentials, loopback only)" in log


def test_a_second_serve_on_a_busy_port_stops_before_opening_its_register(tmp_path: Path) -> None:
    with BotProcess({"SOCIALDESK_DATA": str(tmp_path / "first")}, tmp_path) as bot:
        second = tmp_path / "second"
        result = subprocess.run(
            socialdesk_command("serve", "--local", "--host", "127.0.0.1", "--port", str(bot.port)),
            cwd=tmp_path,
            env=child_environment({"SOCIALDESK_DATA": str(second)}),
            capture_output=True,
            text=True,
            timeout=120,
        )
        still_serving = urllib.request.urlopen(bot.url + "/healthz", timeout=10).status
    output = result.stdout + result.stderr
    assert result.returncode == 2, output
    assert f"cannot listen on 127.0.0.1:{bot.port}" in result.stderr
    assert "listening on" not in output
    assert "opening the register" not in output
    assert "Traceback" not in output
    assert not second.exists(), "the second register was opened (created) although it could not serve"
    assert still_serving == 200

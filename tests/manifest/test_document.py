"""The manifest document: valid against Microsoft's schema, and its command menu matches the registry."""

from __future__ import annotations

import dataclasses
import re

import pytest

from dialogs import registry
from dialogs.registry import ALL_SCOPES, Command, Scope
from manifest.build import menu_commands
from manifest.document import (
    CHECK_MESSAGE_COMMAND_ID,
    CHECK_POST_COMMAND_ID,
    MAX_MENU_COMMANDS,
    WORDING_COMMAND_ID,
    WORDING_QUERY_PARAMETER,
    ManifestError,
    build_manifest,
    command_lists,
)
from manifest.settings import ManifestSettings
from socialdesk_version import __version__
from tests.manifest.conftest import BOT_ID, DOMAIN
from tests.support.manifestcheck import manifest_errors


def _menus() -> dict[Scope, list[Command]]:
    return {s: [c for c in registry.available(s, is_editor=True) if c.menu] for s in ALL_SCOPES}


def test_built_manifest_passes_microsofts_schema(settings: ManifestSettings, sample_commands: list[Command]):
    manifest = build_manifest(settings, _menus())

    assert manifest_errors(manifest) == []


def test_manifest_without_any_commands_is_still_valid(settings: ManifestSettings):
    manifest = build_manifest(settings, {})

    assert "commandLists" not in manifest["bots"][0]
    assert manifest_errors(manifest) == []


def test_schema_version_is_at_least_1_19_and_matches_the_schema_url(settings: ManifestSettings):
    manifest = build_manifest(settings, {})

    major, minor = (int(part) for part in manifest["manifestVersion"].split("."))
    assert (major, minor) >= (1, 19)
    assert manifest["$schema"].endswith(f"/teams/v{manifest['manifestVersion']}/MicrosoftTeams.schema.json")


def test_settings_fill_ids_domain_and_developer(settings: ManifestSettings):
    manifest = build_manifest(settings, {})

    assert manifest["id"] == BOT_ID
    assert manifest["bots"][0]["botId"] == BOT_ID
    assert manifest["composeExtensions"][0]["botId"] == BOT_ID
    assert manifest["validDomains"] == [DOMAIN]
    assert manifest["version"] == __version__
    assert manifest["developer"] == {
        "name": DOMAIN,
        "websiteUrl": f"https://{DOMAIN}/",
        "privacyUrl": f"https://{DOMAIN}/privacy",
        "termsOfUseUrl": f"https://{DOMAIN}/terms",
    }


def test_a_separate_teams_app_id_is_used_for_the_app_only(settings: ManifestSettings):
    other = "0f8fad5b-d9cb-469f-a165-70867728950e"
    manifest = build_manifest(dataclasses.replace(settings, teams_app_id=other), {})

    assert manifest["id"] == other
    assert manifest["bots"][0]["botId"] == BOT_ID


def test_bot_scopes_are_personal_team_and_group_chat(settings: ManifestSettings):
    bot = build_manifest(settings, {})["bots"][0]

    assert sorted(bot["scopes"]) == ["groupChat", "personal", "team"]
    assert bot["isNotificationOnly"] is False


def test_descriptions_say_what_it_does_and_that_it_never_posts(settings: ManifestSettings):
    description = build_manifest(settings, {})["description"]

    assert "never posts" in description["short"].lower()
    full = description["full"].lower()
    assert "never posts" in full
    for does in ("recommend", "records", "review", "approved response wording"):
        assert does in full


def test_message_extension_commands(settings: ManifestSettings):
    commands = {c["id"]: c for c in build_manifest(settings, {})["composeExtensions"][0]["commands"]}

    assert set(commands) == {WORDING_COMMAND_ID, CHECK_MESSAGE_COMMAND_ID, CHECK_POST_COMMAND_ID}
    wording = commands[WORDING_COMMAND_ID]
    assert (wording["type"], wording["title"]) == ("query", "Approved wording")
    assert [p["name"] for p in wording["parameters"]] == [WORDING_QUERY_PARAMETER]
    check_message = commands[CHECK_MESSAGE_COMMAND_ID]
    assert (check_message["type"], check_message["title"]) == ("action", "Check against policy")
    assert check_message["context"] == ["message"]
    assert check_message["fetchTask"] is True
    check_post = commands[CHECK_POST_COMMAND_ID]
    assert (check_post["type"], check_post["title"]) == ("action", "Check a post")
    assert check_post["context"] == ["compose", "commandBox"]
    assert check_post["fetchTask"] is True


def test_command_lists_follow_the_registry_per_scope(
    settings: ManifestSettings, sample_commands: list[Command]
):
    lists = build_manifest(settings, _menus())["bots"][0]["commandLists"]

    by_scope = {tuple(entry["scopes"]): entry["commands"] for entry in lists}
    assert by_scope == {
        ("personal",): [
            {"title": "help", "description": "Show what you can ask Social Desk here."},
            {"title": "check", "description": "Assess a public post against the social media policy."},
        ],
        ("team",): [
            {"title": "help", "description": "Show what you can ask Social Desk here."},
            {"title": "check", "description": "Assess a public post against the social media policy."},
            # Editors-only commands say so in the menu, as in help (one registry drives both).
            {"title": "reviews", "description": "List the blocks due for review. (editors only)"},
        ],
        ("groupChat",): [
            {"title": "help", "description": "Show what you can ask Social Desk here."},
            {"title": "check", "description": "Assess a public post against the social media policy."},
        ],
    }


def test_command_lists_match_the_live_registry(settings: ManifestSettings, private_registry: None):
    menus = menu_commands()
    if not any(menus.values()):
        # No command modules exist yet: register two so the comparison has something to compare.
        @registry.command("help", title="Help")
        async def show_help() -> None:
            """Show what you can ask Social Desk here."""

        @registry.command("wording", title="Approved wording", scopes=("personal", "team"))
        async def wording() -> None:
            """Look up the Trust's approved response wording."""

        menus = menu_commands()

    lists = build_manifest(settings, menus)["bots"][0]["commandLists"]

    for scope in ALL_SCOPES:
        expected = [
            (c.name, c.labelled_description) for c in registry.available(scope, is_editor=True) if c.menu
        ]
        listed = [
            (c["title"], c["description"]) for e in lists if scope in e["scopes"] for c in e["commands"]
        ]
        assert listed == expected, scope
        assert len(listed) <= MAX_MENU_COMMANDS
        assert all(len(title) <= 32 and len(text) <= 128 for title, text in listed)


def _command(name: str, description: str = "Does a thing.") -> Command:
    async def handler() -> None:
        return None

    return Command(
        name=name,
        title=name.title(),
        description=description,
        usage=name,
        scopes=ALL_SCOPES,
        editors_only=False,
        handler=handler,
    )


def test_more_than_ten_menu_commands_in_a_scope_is_refused():
    menu = [_command(f"command{i}") for i in range(MAX_MENU_COMMANDS + 1)]

    with pytest.raises(ManifestError, match=r"team command menu has 11 commands .*at most 10"):
        command_lists({"team": menu})


@pytest.mark.parametrize(
    ("command", "problem"),
    [
        (_command("a" * 33), r"title must be 1 to 32 characters, got 33"),
        (_command("long", "x" * 129), r"description must be 1 to 128 characters, got 129"),
        (_command("empty", ""), r"description must be 1 to 128 characters, got 0"),
    ],
    ids=["title-too-long", "description-too-long", "description-empty"],
)
def test_menu_entries_over_teams_limits_are_refused(command: Command, problem: str):
    with pytest.raises(ManifestError, match=problem):
        command_lists({"personal": [command]})


def test_ten_menu_commands_fit():
    lists = command_lists({"groupChat": [_command(f"command{i}") for i in range(MAX_MENU_COMMANDS)]})

    assert [len(entry["commands"]) for entry in lists] == [MAX_MENU_COMMANDS]
    assert all(re.fullmatch(r"command\d", c["title"]) for c in lists[0]["commands"])

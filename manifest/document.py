"""The Teams app manifest as data: `build_manifest(settings, menus)` returns the manifest.json dict.

Everything here is pure: the settings are already checked (`manifest.settings`) and the bot's command
menus are passed in, so the same function serves the zip builder and the tests. The message-extension
command ids are constants so that the handlers in `dialogs/` can match on the same names.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from dialogs.registry import ALL_SCOPES, Command, Scope
from manifest.settings import ManifestSettings

SCHEMA_VERSION = "1.22"
SCHEMA_URL = (
    f"https://developer.microsoft.com/json-schemas/teams/v{SCHEMA_VERSION}/MicrosoftTeams.schema.json"
)

COLOR_ICON = "color.png"
OUTLINE_ICON = "outline.png"
ACCENT_COLOR = "#005EB8"  # NHS Blue, the same as the colour icon's background

SHORT_NAME = "Social Desk"
FULL_NAME = "Social Desk: social media policy assistant"
SHORT_DESCRIPTION = "Policy advice on public posts, block records and approved wording. Never posts."
FULL_DESCRIPTION = (
    "Social Desk helps the Trust's communications team apply its published social media policy. "
    "Paste a public post or comment (Facebook, X, Instagram, TikTok, LinkedIn) into a chat with Social "
    "Desk, or use 'Check against policy' on a message, and it recommends what to do: leave it, reply "
    "with approved wording, signpost the person privately to PALS or Complaints, hide it, escalate it "
    "now, restrict or block. Each recommendation shows the policy clauses it relies on, the evidence "
    "in the post and the wording to use. When the team decides to block someone, Social Desk records "
    "who decided, when, why and under which clauses, and every working morning it lists the blocks due "
    "for review in the team's channel so each can be kept, lifted or snoozed with a reason. Anyone on "
    "call can look up the Trust's approved response wording from a chat, a channel or the compose box."
    "\n\n"
    "What it does not do: Social Desk never posts, replies, hides, blocks or deletes anything on social "
    "media by itself, and it does not connect to or read the Trust's social media accounts. People "
    "make and carry out every decision; its recommendations are advice for the team to check against "
    "the policy."
)

# Message extensions. Teams sends these ids in composeExtension/query, fetchTask and submitAction.
WORDING_COMMAND_ID = "wording"
WORDING_QUERY_PARAMETER = "query"
CHECK_MESSAGE_COMMAND_ID = "checkMessage"
CHECK_POST_COMMAND_ID = "checkPost"

# Teams' documented limits for a bot's command menu (the schema alone allows longer text).
MAX_MENU_COMMANDS = 10
MAX_MENU_TITLE = 32
MAX_MENU_DESCRIPTION = 128


class ManifestError(ValueError):
    """The manifest cannot be built as asked (for example, a command menu over Teams' limits)."""


def build_manifest(settings: ManifestSettings, menus: Mapping[Scope, Sequence[Command]]) -> dict[str, Any]:
    """The manifest.json content for these settings and per-scope bot command menus."""
    bot: dict[str, Any] = {
        "botId": settings.bot_app_id,
        "scopes": list(ALL_SCOPES),
        "supportsFiles": False,
        "isNotificationOnly": False,
    }
    lists = command_lists(menus)
    if lists:
        bot["commandLists"] = lists
    return {
        "$schema": SCHEMA_URL,
        "manifestVersion": SCHEMA_VERSION,
        "version": settings.version,
        "id": settings.teams_app_id,
        "developer": {
            "name": settings.developer_name,
            "websiteUrl": settings.website_url,
            "privacyUrl": settings.privacy_url,
            "termsOfUseUrl": settings.terms_url,
        },
        "name": {"short": SHORT_NAME, "full": FULL_NAME},
        "description": {"short": SHORT_DESCRIPTION, "full": FULL_DESCRIPTION},
        "icons": {"color": COLOR_ICON, "outline": OUTLINE_ICON},
        "accentColor": ACCENT_COLOR,
        "bots": [bot],
        "composeExtensions": [compose_extension(settings.bot_app_id)],
        "validDomains": [settings.domain],
    }


def command_lists(menus: Mapping[Scope, Sequence[Command]]) -> list[dict[str, Any]]:
    """One `commandLists` entry per scope that has menu commands, in `ALL_SCOPES` order.

    A menu item's title is the command's name, not its display title: choosing an item types the
    title into the compose box and sends it to the bot, whose router matches on the first word.
    """
    lists: list[dict[str, Any]] = []
    for scope in ALL_SCOPES:
        entries = list(menus.get(scope, ()))
        if not entries:
            continue
        if len(entries) > MAX_MENU_COMMANDS:
            names = ", ".join(c.name for c in entries)
            raise ManifestError(
                f"the {scope} command menu has {len(entries)} commands ({names}); Teams shows at most "
                f"{MAX_MENU_COMMANDS}: register some with menu=False"
            )
        for entry in entries:
            _check_menu_entry(entry)
        lists.append(
            {
                "scopes": [scope],
                "commands": [{"title": c.name, "description": c.labelled_description} for c in entries],
            }
        )
    return lists


def compose_extension(bot_app_id: str) -> dict[str, Any]:
    """The message extension: a wording search and two policy checks, all served by the bot."""
    return {
        "botId": bot_app_id,
        "canUpdateConfiguration": False,
        "commands": [
            {
                "id": WORDING_COMMAND_ID,
                "type": "query",
                "title": "Approved wording",
                "description": "Find the Trust's approved response wording and insert it as a card",
                "context": ["compose", "commandBox"],
                "initialRun": False,
                "parameters": [
                    {
                        "name": WORDING_QUERY_PARAMETER,
                        "title": "Search approved wording",
                        "description": "Words about the situation, for example complaint or waiting time",
                        "inputType": "text",
                    }
                ],
            },
            {
                "id": CHECK_MESSAGE_COMMAND_ID,
                "type": "action",
                "title": "Check against policy",
                "description": "Assess this message's text against the social media policy",
                "context": ["message"],
                "fetchTask": True,
            },
            {
                "id": CHECK_POST_COMMAND_ID,
                "type": "action",
                "title": "Check a post",
                "description": "Paste a public post to get a recommendation grounded in the policy",
                "context": ["compose", "commandBox"],
                "fetchTask": True,
            },
        ],
    }


def _check_menu_entry(entry: Command) -> None:
    if not 0 < len(entry.name) <= MAX_MENU_TITLE:
        raise ManifestError(
            f"command {entry.name!r}: a menu title must be 1 to {MAX_MENU_TITLE} characters, "
            f"got {len(entry.name)}"
        )
    if not 0 < len(entry.labelled_description) <= MAX_MENU_DESCRIPTION:
        raise ManifestError(
            f"command {entry.name!r}: a menu description must be 1 to {MAX_MENU_DESCRIPTION} characters, "
            f"got {len(entry.labelled_description)}"
        )

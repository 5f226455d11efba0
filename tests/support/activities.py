"""Teams-shaped activities, as the Teams service posts them to a bot's /api/messages.

Shapes follow what Teams sends in each scope: personal chat (`conversationType: personal`), group
chat (`groupChat`) and a team channel (`channel`, with `channelData.team` and `channelData.channel`,
and the bot @mentioned in both text and entities). Invokes carry Action.Execute (`adaptiveCard/action`).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal

Scope = Literal["personal", "groupChat", "channel"]

BOT_ID = "28:socialdesk-bot"
BOT_NAME = "Social Desk"
TENANT = "72f988bf-0000-4000-8000-00000000a001"
OTHER_TENANT = "0d1e2f3a-0000-4000-8000-00000000b002"


@dataclass(frozen=True)
class User:
    id: str = "29:user-alex"
    name: str = "Alex Editor"
    aad_object_id: str = "aad-alex-0001"


EDITOR = User()
VIEWER = User(id="29:user-sam", name="Sam Viewer", aad_object_id="aad-sam-0002")


@dataclass
class Teams:
    """Builds activities for one conversation, pointing the bot back at the connector stand-in."""

    service_url: str
    scope: Scope = "personal"
    tenant: str = TENANT
    user: User = EDITOR
    conversation_id: str = field(default_factory=lambda: f"a:conv-{uuid.uuid4().hex[:10]}")

    def _base(self, kind: str) -> dict[str, Any]:
        conversation: dict[str, Any] = {
            "id": self.conversation_id,
            "conversationType": self.scope,
            "tenantId": self.tenant,
        }
        channel_data: dict[str, Any] = {"tenant": {"id": self.tenant}}
        if self.scope == "channel":
            conversation["isGroup"] = True
            conversation["id"] = f"19:channel-{self.conversation_id}@thread.tacv2;messageid=1"
            channel_data["team"] = {"id": "19:team-general@thread.tacv2", "name": "Comms"}
            channel_data["channel"] = {"id": "19:team-general@thread.tacv2", "name": "General"}
        elif self.scope == "groupChat":
            conversation["isGroup"] = True
        return {
            "type": kind,
            "id": f"f:{uuid.uuid4().hex}",
            "timestamp": datetime.now(UTC).isoformat().replace("+00:00", "Z"),
            "localTimestamp": datetime.now(UTC).isoformat(),
            "serviceUrl": self.service_url,
            "channelId": "msteams",
            "from": {"id": self.user.id, "name": self.user.name, "aadObjectId": self.user.aad_object_id},
            "conversation": conversation,
            "recipient": {"id": BOT_ID, "name": BOT_NAME},
            "channelData": channel_data,
            "locale": "en-GB",
        }

    def message(self, text: str, *, mention: bool | None = None) -> dict[str, Any]:
        """A message typed by the user; in group chats and channels the bot is @mentioned first."""
        activity = self._base("message")
        if mention is None:
            mention = self.scope != "personal"
        if mention:
            tag = f"<at>{BOT_NAME}</at>"
            activity["text"] = f"{tag} {text}"
            activity["entities"] = [
                {"type": "mention", "text": tag, "mentioned": {"id": BOT_ID, "name": BOT_NAME}}
            ]
        else:
            activity["text"] = text
        activity["textFormat"] = "plain"
        return activity

    def submit(self, data: dict[str, Any], reply_to_id: str = "activity-0") -> dict[str, Any]:
        """Action.Submit from a card: a message with `value` and no text."""
        activity = self._base("message")
        activity["value"] = data
        activity["replyToId"] = reply_to_id
        return activity

    def execute(self, verb: str, data: dict[str, Any], reply_to_id: str = "activity-0") -> dict[str, Any]:
        """Action.Execute: an `adaptiveCard/action` invoke; the card's inputs are merged into data."""
        activity = self._base("invoke")
        activity["name"] = "adaptiveCard/action"
        activity["replyToId"] = reply_to_id
        activity["value"] = {
            "action": {"type": "Action.Execute", "id": f"act-{verb}", "verb": verb, "data": data},
            "trigger": "manual",
        }
        return activity

    def installed(self, *, members: list[dict[str, Any]] | None = None) -> dict[str, Any]:
        """conversationUpdate for an install: the bot (and in personal chat, the user) added."""
        activity = self._base("conversationUpdate")
        if members is None:
            members = [{"id": BOT_ID, "name": BOT_NAME}]
            if self.scope == "personal":
                members.append({"id": self.user.id, "name": self.user.name})
        activity["membersAdded"] = members
        activity["channelData"]["eventType"] = "teamMemberAdded"
        return activity


def message_payload(html: str, *, author: User = VIEWER, subject: str | None = None) -> dict[str, Any]:
    """The `messagePayload` Teams sends with an action on a message: the message as HTML."""
    created = datetime.now(UTC).isoformat().replace("+00:00", "Z")
    return {
        "id": str(uuid.uuid4().int)[:13],
        "replyToId": None,
        "createdDateTime": created,
        "lastModifiedDateTime": created,
        "deleted": False,
        "messageType": "message",
        "subject": subject,
        "summary": None,
        "importance": "normal",
        "locale": "en-us",
        "linkToMessage": "https://teams.microsoft.com/l/message/19:chat/1",
        "from": {
            "user": {"id": author.aad_object_id, "displayName": author.name, "userIdentityType": "aadUser"}
        },
        "body": {"contentType": "html", "content": html},
        "attachmentLayout": "list",
        "attachments": [],
        "mentions": [],
        "reactions": [],
    }


@dataclass
class Extensions(Teams):
    """Message-extension invokes (`composeExtension/...`) as Teams posts them for one conversation."""

    def _invoke(self, name: str, value: Any, context: str | None) -> dict[str, Any]:
        activity = self._base("invoke")
        activity["name"] = name
        activity["value"] = value
        if context is not None:
            activity["channelData"]["source"] = {"name": context}
        return activity

    def query(
        self, command_id: str, text: str | None, *, parameter: str = "query", skip: int = 0, count: int = 25
    ) -> dict[str, Any]:
        """The search box: `text` typed (None: opened before anything is typed, an initial run)."""
        parameters = (
            [{"name": "initialRun", "value": "true"}]
            if text is None
            else [{"name": parameter, "value": text}]
        )
        value = {
            "commandId": command_id,
            "parameters": parameters,
            "queryOptions": {"skip": skip, "count": count},
        }
        return self._invoke("composeExtension/query", value, "compose")

    def fetch_task(
        self, command_id: str, *, context: str = "compose", payload: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        """An action command chosen: from the compose box, or from a message's menu (`payload`)."""
        value: dict[str, Any] = {
            "commandId": command_id,
            "commandContext": context,
            "context": {"theme": "default"},
        }
        if payload is not None:
            value["messagePayload"] = payload
        return self._invoke("composeExtension/fetchTask", value, context)

    def submit_action(
        self,
        command_id: str,
        data: Any,
        *,
        context: str = "compose",
        payload: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """A dialog submitted: `data` is the Action.Submit data merged with the card's inputs."""
        value: dict[str, Any] = {
            "commandId": command_id,
            "commandContext": context,
            "context": {"theme": "default"},
            "data": data,
        }
        if payload is not None:
            value["messagePayload"] = payload
        return self._invoke("composeExtension/submitAction", value, context)

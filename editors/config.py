"""Reading the editors-group settings and building `GroupEditors` for `socialdesk serve`.

    SOCIALDESK_EDITORS_GROUP          the Entra ID security group's object id (a GUID)
    SOCIALDESK_EDITORS_CACHE_SECONDS  how long its member list is trusted (default 300)
    SOCIALDESK_GRAPH_TIMEOUT          seconds to wait for Microsoft Graph (default 5)
    SOCIALDESK_GRAPH_URL              Graph's base URL (a national cloud's, or a test's stand-in)

The credential is `register.credentials.build_credential`'s: the managed identity in production.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping

from editors.membership import DEFAULT_TIMEOUT, DEFAULT_TTL, GroupEditors

GROUP = "SOCIALDESK_EDITORS_GROUP"


class EditorsConfigError(ValueError):
    """An editors setting cannot be used; the message names it."""


def _seconds(values: Mapping[str, str], name: str, default: float) -> float:
    text = (values.get(name) or "").strip()
    if not text:
        return default
    try:
        seconds = float(text)
    except ValueError:
        seconds = -1.0
    if not 0 < seconds <= 86400:
        raise EditorsConfigError(f"{name} must be a number of seconds (up to a day), not {text!r}")
    return seconds


def editors_group_id(values: Mapping[str, str]) -> str | None:
    """The group's object id, or None when no group is configured."""
    text = (values.get(GROUP) or "").strip()
    if not text:
        return None
    try:
        return str(uuid.UUID(text))
    except ValueError as exc:
        raise EditorsConfigError(f"{GROUP} must be the group's object id (a GUID), not {text!r}") from exc


def group_editors(values: Mapping[str, str]) -> GroupEditors | None:
    """The editors group the settings name, or None. Nothing is fetched until someone needs it."""
    group_id = editors_group_id(values)
    if group_id is None:
        return None
    ttl = _seconds(values, "SOCIALDESK_EDITORS_CACHE_SECONDS", DEFAULT_TTL)
    timeout = _seconds(values, "SOCIALDESK_GRAPH_TIMEOUT", DEFAULT_TIMEOUT)
    # Imported here: msgraph-sdk is large, and only a bot with an editors group needs it.
    from editors.graph import GRAPH_URL, GraphGroupMembers
    from register.credentials import build_credential

    credential = build_credential(values)
    graph_url = (values.get("SOCIALDESK_GRAPH_URL") or "").strip() or GRAPH_URL
    members = GraphGroupMembers(credential, group_id, graph_url)
    return GroupEditors(members.member_ids, ttl=ttl, timeout=timeout, close=credential.close)

"""Fixtures for the editors-group tests: the identity and Graph stand-ins on 127.0.0.1."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.support.botfixtures import connector as connector
from tests.support.botfixtures import connector_service as connector_service
from tests.support.botfixtures import pack as pack
from tests.support.botfixtures import register as register
from tests.support.botfixtures import tokens as tokens
from tests.support.graph_endpoint import GraphEndpoint
from tests.support.identity_endpoint import IdentityEndpoint
from tests.support.identity_endpoint import identity as identity

GROUP = "5e1f0a9c-0000-4000-8000-0000000e0d17"
CLIENT_ID = "0f0e0d0c-0000-4000-8000-00000000c1d0"


@pytest.fixture
async def graph(identity: IdentityEndpoint) -> AsyncIterator[GraphEndpoint]:
    async with GraphEndpoint(token=identity.token, group_id=GROUP) as endpoint:
        yield endpoint


def settings_for(graph: GraphEndpoint, **more: str) -> dict[str, str]:
    """What `socialdesk serve` would read: the group, the stand-in's URL, a user-assigned identity."""
    return {
        "SOCIALDESK_EDITORS_GROUP": GROUP,
        "SOCIALDESK_GRAPH_URL": graph.url,
        "SOCIALDESK_GRAPH_TIMEOUT": "20",
        "SOCIALDESK_MANAGED_IDENTITY_CLIENT_ID": CLIENT_ID,
        **more,
    }

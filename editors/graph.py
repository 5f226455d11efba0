"""The members of one Entra ID group, read through Microsoft Graph with `msgraph-sdk`.

One request lists the group's transitive user members (members of nested groups count), asking only
for their object ids: `GET /groups/{id}/transitiveMembers/graph.user?$select=id`, following
`@odata.nextLink` pages. That needs only the `GroupMember.Read.All` application permission, less than
a per-user `checkMemberGroups` (which also needs `User.Read.All`), and one call answers for everyone
until the cache in `editors.membership` expires.

The token comes from the caller's azure-identity credential (`register.credentials.build_credential`:
a managed identity in production). Only the Graph host the settings name is given the token.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from azure.core.credentials_async import AsyncTokenCredential
from kiota_abstractions.base_request_configuration import RequestConfiguration
from msgraph.generated.groups.item.transitive_members.graph_user.graph_user_request_builder import (
    GraphUserRequestBuilder,
)
from msgraph.graph_request_adapter import GraphRequestAdapter
from msgraph.graph_service_client import GraphServiceClient
from msgraph_core.authentication import AzureIdentityAuthenticationProvider

GRAPH_URL = "https://graph.microsoft.com/v1.0"
# A comms team's editors are tens of people; a group of more is a wrongly chosen group.
MAX_PAGES = 50


class GraphError(Exception):
    """Graph could not be asked or did not answer as documented; the message is safe to log."""


class GraphGroupMembers:
    """Reads the object ids of a group's user members (see the module docstring)."""

    def __init__(self, credential: AsyncTokenCredential, group_id: str, graph_url: str = GRAPH_URL) -> None:
        self.group_id = group_id
        base = graph_url.rstrip("/")
        parts = urlsplit(base)
        host = parts.hostname or ""
        # The token's audience is the Graph host itself (graph.microsoft.com, or a national cloud's).
        scope = f"{parts.scheme}://{parts.netloc}/.default"
        provider = AzureIdentityAuthenticationProvider(credential, scopes=[scope], allowed_hosts=[host])
        adapter = GraphRequestAdapter(provider)
        adapter.base_url = base
        self._client = GraphServiceClient(request_adapter=adapter)

    async def member_ids(self) -> frozenset[str]:
        """Every user member's object id, lower-cased. GraphError if Graph refuses or cannot be reached."""
        builder = self._client.groups.by_group_id(self.group_id).transitive_members.graph_user
        query = GraphUserRequestBuilder.GraphUserRequestBuilderGetQueryParameters(select=["id"], top=999)
        config = RequestConfiguration(query_parameters=query)
        found: set[str] = set()
        try:
            page = await builder.get(request_configuration=config)
            for _ in range(MAX_PAGES):
                if page is None:
                    break
                found.update(user.id.lower() for user in page.value or [] if user.id)
                if not page.odata_next_link:
                    return frozenset(found)
                page = await builder.with_url(page.odata_next_link).get()
        except Exception as exc:
            # httpx, kiota's APIError (403 without the permission, 404 for a wrong group id), a token
            # that could not be had: all mean "cannot say who the editors are".
            status = getattr(exc, "response_status_code", None)
            detail = f"HTTP {status}" if status else type(exc).__name__
            raise GraphError(f"Microsoft Graph did not list the editors group's members ({detail})") from exc
        if page is None:
            return frozenset(found)
        raise GraphError(f"the editors group has more than {MAX_PAGES} pages of members")

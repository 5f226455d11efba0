"""The editors group read through Microsoft Graph (msgraph-sdk, a managed-identity token), against the
Graph and identity stand-ins: members may edit; others, and everyone while Graph is down, slow or
refusing, may not; the member list is trusted for the configured time and then read again."""

from __future__ import annotations

import asyncio

import pytest

from editors.config import EditorsConfigError, group_editors
from editors.graph import GraphGroupMembers
from editors.membership import UNAVAILABLE, EditorsUnavailable, GroupEditors
from register.credentials import build_credential
from tests.editors.conftest import CLIENT_ID, GROUP, settings_for
from tests.support.graph_endpoint import GraphEndpoint
from tests.support.identity_endpoint import IdentityEndpoint

ALICE = "aaaaaaaa-0000-4000-8000-00000000a11c"
BOB = "bbbbbbbb-0000-4000-8000-000000000b0b"
OTHERS = ["c0000000-0000-4000-8000-00000000000" + str(n) for n in range(3)]


class FakeMonotonic:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def test_a_member_may_edit_and_someone_else_may_not(
    graph: GraphEndpoint, identity: IdentityEndpoint
) -> None:
    graph.members = {ALICE.upper(), *OTHERS}  # Graph's ids in any case; three pages of two
    editors = group_editors(settings_for(graph))
    assert editors is not None
    try:
        assert await editors.is_member(ALICE) is True
        assert await editors.is_member(BOB) is False
    finally:
        await editors.close()

    assert graph.requests == 2  # one listing, two pages, for both questions
    assert identity.requests[0].query["client_id"] == CLIENT_ID
    assert identity.requests[0].query["resource"].startswith("http://127.0.0.1:")


@pytest.mark.parametrize("trouble", ["down", "slow", "forbidden", "wrong-group"])
async def test_nobody_may_edit_through_the_group_when_graph_cannot_say(
    graph: GraphEndpoint, trouble: str
) -> None:
    graph.members = {ALICE}
    values = settings_for(graph)
    if trouble == "down":
        await graph.stop()
    elif trouble == "slow":
        graph.slow = True  # it never answers: the deadline ends the wait
        values["SOCIALDESK_GRAPH_TIMEOUT"] = "0.5"
    elif trouble == "forbidden":
        graph.status = 403
    else:
        values["SOCIALDESK_EDITORS_GROUP"] = "00000000-0000-4000-8000-000000000000"
    editors = group_editors(values)
    assert editors is not None
    try:
        with pytest.raises(EditorsUnavailable, match="couldn't check whether you're one of"):
            await editors.is_member(ALICE)
    finally:
        await editors.close()


async def test_the_member_list_is_trusted_until_it_expires_then_read_again(
    graph: GraphEndpoint, identity: IdentityEndpoint
) -> None:
    graph.members = {ALICE}
    clock = FakeMonotonic()
    credential = build_credential({"SOCIALDESK_MANAGED_IDENTITY_CLIENT_ID": CLIENT_ID})
    members = GraphGroupMembers(credential, GROUP, graph.url)
    editors = GroupEditors(members.member_ids, ttl=300, timeout=5, clock=clock, close=credential.close)
    try:
        assert await editors.is_member(ALICE) is True
        graph.members = {BOB}  # IT moves Alice out and Bob in
        clock.now += 299
        still = (await editors.is_member(ALICE), await editors.is_member(BOB))
        clock.now += 2
        after = (await editors.is_member(ALICE), await editors.is_member(BOB))
        await graph.stop()
        clock.now += 301
        with pytest.raises(EditorsUnavailable):  # an expired list is not used when Graph is down
            await editors.is_member(BOB)
    finally:
        await editors.close()

    assert (still, after) == ((True, False), (False, True))


async def test_people_asking_together_share_one_graph_read(graph: GraphEndpoint) -> None:
    graph.members = {ALICE}
    editors = group_editors(settings_for(graph, SOCIALDESK_GRAPH_TIMEOUT="30"))
    assert editors is not None
    try:
        answers = await asyncio.gather(*(editors.is_member(ALICE) for _ in range(5)))
    finally:
        await editors.close()

    assert answers == [True] * 5
    assert graph.requests == 1


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"SOCIALDESK_EDITORS_GROUP": "comms-editors"}, "must be the group's object id"),
        ({"SOCIALDESK_EDITORS_GROUP": GROUP, "SOCIALDESK_EDITORS_CACHE_SECONDS": "soon"}, "CACHE_SECONDS"),
        ({"SOCIALDESK_EDITORS_GROUP": GROUP, "SOCIALDESK_GRAPH_TIMEOUT": "0"}, "SOCIALDESK_GRAPH_TIMEOUT"),
    ],
    ids=["not-a-guid", "cache-not-a-number", "timeout-zero"],
)
def test_unusable_editors_settings_are_refused_by_name(values: dict[str, str], message: str) -> None:
    with pytest.raises(EditorsConfigError, match=message):
        group_editors(values)


def test_no_group_means_the_list_alone() -> None:
    assert group_editors({"SOCIALDESK_EDITORS": ALICE}) is None
    assert "Nothing was changed" in UNAVAILABLE

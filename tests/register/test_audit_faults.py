"""Every block write ends with exactly one audit event, whichever write or reply is lost.

A block and its audit event are two writes. Here the second one is lost at a fixed point: on TinyDB
the append fails (as a full disk or a dying process leaves it); on Azure Tables a proxy in front of
Azurite drops the request or its reply (`tests.support.table_proxy`). The retry of the same form or
change, the next change, or the next start must each complete it, once; and a retried Keep whose
first try landed is the editor's own, not "someone else acted first".
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from register.base import Conflict, Register, RegisterError
from register.model import Actor, NewBlock
from tests.support.azurite import azurite as azurite  # the session fixture
from tests.support.lost_writes import Faulty
from tests.support.lost_writes import azure_faulty as azure_faulty
from tests.support.lost_writes import faulty as faulty
from tests.support.lost_writes import proxy as proxy
from tests.support.lost_writes import tinydb_faulty as tinydb_faulty
from tests.support.table_proxy import TableProxy

EDITOR = Actor("Alex Smith", "11111111-aaaa-4bbb-8ccc-000000000001")
OTHER = Actor("Sam Jones", "22222222-aaaa-4bbb-8ccc-000000000002")
T0 = datetime(2026, 6, 1, 9, 30, tzinfo=UTC)
LATER = T0 + timedelta(hours=1)


def new_block(request_id: str = "form-1") -> NewBlock:
    return NewBlock(
        platform="x",
        account="@abuser",
        criteria=("threatening_abusive_insulting",),
        rationale="Threats against staff",
        evidence="[REDACTED]",
        review_due=date(2026, 12, 1),
        request_id=request_id,
    )


async def kinds(register: Register, block_id: str) -> list[str]:
    return [event.kind for event in await register.audit(block_id=block_id)]


async def test_a_block_whose_audit_write_is_lost_gets_it_from_the_retry_of_its_form(faulty: Faulty) -> None:
    register = await faulty.open()
    try:
        faulty.lose_every_try("block_created")
        with pytest.raises(RegisterError):
            await register.add_block(new_block(), EDITOR, T0)

        again = await register.add_block(new_block(), EDITOR, LATER)  # the editor presses Record again

        assert again.decided_at == T0  # the first try's block, confirmed now
        assert await kinds(register, again.id) == ["block_created"]
        [created] = await register.audit(block_id=again.id)
        assert (created.actor, created.at) == (EDITOR, T0)
    finally:
        await register.close()


async def test_a_block_whose_audit_write_is_lost_gets_it_at_the_next_start(faulty: Faulty) -> None:
    register = await faulty.open()
    faulty.lose_every_try("block_created")
    with pytest.raises(RegisterError):
        await register.add_block(new_block(), EDITOR, T0)
    [block] = await register.all_blocks()
    await register.close()

    restarted = await faulty.open()
    again = await faulty.open()  # a second start adds nothing more
    try:
        assert await kinds(restarted, block.id) == ["block_created"]
    finally:
        await restarted.close()
        await again.close()


@pytest.mark.parametrize("change", ["keep", "lift", "snooze"])
async def test_a_change_whose_audit_write_is_lost_is_completed_by_its_retry_not_refused(
    faulty: Faulty, change: str
) -> None:
    register = await faulty.open()
    try:
        block = await register.add_block(new_block(), EDITOR, T0)

        async def act() -> object:
            if change == "keep":
                return await register.keep_block(
                    block.id, block.revision, EDITOR, LATER, "still abusive", date(2027, 3, 1)
                )
            if change == "lift":
                return await register.lift_block(block.id, block.revision, EDITOR, LATER, "apologised")
            return await register.snooze_block(block.id, block.revision, EDITOR, LATER, date(2026, 12, 8))

        kind = {"keep": "block_kept", "lift": "block_lifted", "snooze": "block_snoozed"}[change]
        faulty.lose_every_try(kind)
        with pytest.raises(RegisterError):
            await act()
        retried = await act()  # the same card's button again: not "someone else acted first"

        assert retried == await register.get_block(block.id)
        assert await kinds(register, block.id) == ["block_created", kind]
    finally:
        await register.close()


async def test_a_lift_whose_audit_write_is_lost_gets_it_at_the_next_start(faulty: Faulty) -> None:
    register = await faulty.open()
    block = await register.add_block(new_block(), EDITOR, T0)
    faulty.lose_every_try("block_lifted")
    with pytest.raises(RegisterError):
        await register.lift_block(block.id, block.revision, EDITOR, LATER, "apologised")
    await register.close()

    restarted = await faulty.open()
    try:
        assert (await restarted.get_block(block.id)).status == "lifted"
        assert await kinds(restarted, block.id) == ["block_created", "block_lifted"]
    finally:
        await restarted.close()


async def test_the_next_change_appends_the_event_the_last_one_left(faulty: Faulty) -> None:
    register = await faulty.open()
    try:
        block = await register.add_block(new_block(), EDITOR, T0)
        faulty.lose_every_try("block_kept")
        with pytest.raises(RegisterError):
            await register.keep_block(
                block.id, block.revision, EDITOR, LATER, "still abusive", date(2027, 3, 1)
            )
        kept = await register.get_block(block.id)  # someone else opens the card afterwards

        await register.snooze_block(kept.id, kept.revision, OTHER, LATER, date(2027, 3, 8))

        assert await kinds(register, block.id) == ["block_created", "block_kept", "block_snoozed"]
    finally:
        await register.close()


async def test_someone_elses_change_to_the_same_revision_is_still_refused(faulty: Faulty) -> None:
    register = await faulty.open()
    try:
        block = await register.add_block(new_block(), EDITOR, T0)
        kept = await register.keep_block(
            block.id, block.revision, EDITOR, LATER, "still abusive", date(2027, 3, 1)
        )

        with pytest.raises(Conflict) as refused:
            await register.keep_block(
                block.id, block.revision, OTHER, LATER, "also abusive", date(2027, 4, 1)
            )
        with pytest.raises(Conflict):
            await register.lift_block(block.id, block.revision, EDITOR, LATER, "changed my mind")
        with pytest.raises(Conflict):  # the same person deciding otherwise on the old card
            await register.keep_block(block.id, block.revision, EDITOR, LATER, "changed", date(2027, 3, 1))
        again = await register.keep_block(
            block.id, block.revision, EDITOR, LATER, "still abusive", date(2027, 3, 1)
        )

        assert refused.value.current == kept
        assert again == kept
        assert await kinds(register, block.id) == ["block_created", "block_kept"]
    finally:
        await register.close()


# Azure Tables: the replies the proxy loses --------------------------------------------------------------


async def test_a_keep_whose_reply_is_lost_is_answered_as_the_editors_own(
    azure_faulty: Faulty, proxy: TableProxy
) -> None:
    register = await azure_faulty.open()
    try:
        block = await register.add_block(new_block(), EDITOR, T0)
        proxy.drop_reply("PUT", "blocks")  # the write lands; the SDK sends it again and gets 412

        kept = await register.keep_block(
            block.id, block.revision, EDITOR, LATER, "still abusive", date(2027, 3, 1)
        )

        assert kept == await register.get_block(block.id)
        assert kept.review_due == date(2027, 3, 1)
        assert await kinds(register, block.id) == ["block_created", "block_kept"]
        assert [m for m, path in proxy.seen if m == "PUT" and "blocks" in path] == ["PUT", "PUT"]
    finally:
        await register.close()


async def test_a_block_whose_insert_reply_is_lost_is_recorded_once_by_the_retry(
    azure_faulty: Faulty, proxy: TableProxy
) -> None:
    register = await azure_faulty.open()
    try:
        proxy.drop_reply("POST", "blocks")
        with pytest.raises(RegisterError):
            await register.add_block(new_block(), EDITOR, T0)

        block = await register.add_block(new_block(), EDITOR, LATER)

        assert block.decided_at == T0
        assert await kinds(register, block.id) == ["block_created"]
    finally:
        await register.close()


async def test_an_audit_write_whose_reply_is_lost_is_written_once_and_the_block_confirmed(
    azure_faulty: Faulty, proxy: TableProxy
) -> None:
    register = await azure_faulty.open()
    try:
        proxy.drop_reply("POST", "audit")

        block = await register.add_block(new_block(), EDITOR, T0)

        assert await kinds(register, block.id) == ["block_created"]
    finally:
        await register.close()

"""The Azure Table backend on a real Azurite: two instances at once, the append-only audit log, the
digest claim, long texts, awkward keys and failures shown as RegisterError (the shared contract is in
test_contract.py)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from azure.data.tables import TableEntity
from azure.data.tables.aio import TableClient

from register.azure_table import CHAIN_ATTEMPTS, AzureTableRegister, open_azure_table_register
from register.base import Conflict, RegisterError
from register.model import Actor, AuditEvent, Block, NewBlock, Subscription
from tests.support.azurite import DEV_KEY, Azurite, table_prefix_for
from tests.support.azurite import azurite as azurite  # the session fixture

EDITOR = Actor("Alex Smith", "11111111-aaaa-4bbb-8ccc-000000000001")
OTHER = Actor("Sam Jones", "22222222-aaaa-4bbb-8ccc-000000000002")
T0 = datetime(2026, 6, 1, 9, 30, tzinfo=UTC)


def new_block(account: str = "@abuser", evidence: str = "You [NAME] will regret [REDACTED]") -> NewBlock:
    return NewBlock(
        platform="facebook",
        account=account,
        criteria=("abusive",),
        rationale="Repeated threats towards staff",
        evidence=evidence,
        review_due=date(2026, 12, 1),
    )


async def _open(azurite: Azurite, prefix: str) -> AzureTableRegister:
    return await open_azure_table_register(connection_string=azurite.connection_string, table_prefix=prefix)


@pytest.fixture
async def two_instances(azurite: Azurite, tmp_path: Path) -> AsyncIterator[tuple[AzureTableRegister, ...]]:
    """Two registers with their own clients on the same tables, as two App Service instances are."""
    prefix = table_prefix_for(tmp_path)
    first = await _open(azurite, prefix)
    second = await _open(azurite, prefix)
    yield first, second
    await first.drop_tables()
    await first.close()
    await second.close()


async def test_keep_and_lift_on_two_instances_at_once_one_wins_and_the_other_sees_it(
    two_instances: tuple[AzureTableRegister, AzureTableRegister],
) -> None:
    first, second = two_instances
    block = await first.add_block(new_block(), EDITOR, T0)

    results = await asyncio.gather(
        first.keep_block(block.id, block.revision, EDITOR, T0, "still abusive", date(2027, 1, 1)),
        second.lift_block(block.id, block.revision, OTHER, T0, "apologised"),
        return_exceptions=True,
    )

    winners = [r for r in results if not isinstance(r, BaseException)]
    losers = [r for r in results if isinstance(r, Conflict)]
    assert len(winners) == 1 and len(losers) == 1
    assert losers[0].current == winners[0] == await second.get_block(block.id)
    assert len(await first.audit(block_id=block.id)) == 2  # created, and the winner's change only


async def test_a_change_between_read_and_write_is_refused_by_the_etag(
    two_instances: tuple[AzureTableRegister, AzureTableRegister], monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = two_instances
    block = await first.add_block(new_block(), EDITOR, T0)
    read_block = first._block_entity
    kept: list[Block] = []

    async def read_then_let_the_other_instance_act(block_id: str, doing: str) -> TableEntity:
        seen = await read_block(block_id, doing)
        if not kept:  # the other instance keeps the block after our read, before our write
            revision = str(seen.metadata["etag"])
            kept.append(await second.keep_block(block_id, revision, OTHER, T0, "keep", date(2027, 1, 1)))
        return seen

    monkeypatch.setattr(first, "_block_entity", read_then_let_the_other_instance_act)

    with pytest.raises(Conflict) as refused:
        await first.lift_block(block.id, block.revision, EDITOR, T0, "lift")

    assert refused.value.current == kept[0]
    assert (await second.get_block(block.id)).status == "active"
    assert [e.kind for e in await second.audit(block_id=block.id)] == ["block_created", "block_kept"]


async def test_the_revision_is_the_entity_etag(
    azurite: Azurite, two_instances: tuple[AzureTableRegister, AzureTableRegister], tmp_path: Path
) -> None:
    first, _ = two_instances
    block = await first.add_block(new_block(), EDITOR, T0)

    async with TableClient.from_connection_string(
        azurite.connection_string, table_prefix_for(tmp_path) + "blocks"
    ) as raw:
        entity = await raw.get_entity("block", block.id)

    assert block.revision == entity.metadata["etag"]
    assert "revision" not in entity


async def test_concurrent_digest_claims_on_two_instances_give_one_winner(
    two_instances: tuple[AzureTableRegister, AzureTableRegister],
) -> None:
    first, second = two_instances
    day = date(2026, 12, 1)

    results = await asyncio.gather(
        *(
            (first if n % 2 else second).claim_digest("19:channel@thread.tacv2", day, f"runner-{n}")
            for n in range(20)
        )
    )

    assert results.count(True) == 1


async def test_audit_appends_from_two_instances_are_all_kept_after_the_earlier_ones(
    two_instances: tuple[AzureTableRegister, AzureTableRegister],
) -> None:
    first, second = two_instances
    earlier = await first.append_audit("digest_sent", EDITOR, T0, details={"blocks": 1})

    await asyncio.gather(
        *(
            (first if n % 2 else second).append_audit(
                "digest_sent", EDITOR, T0 + timedelta(minutes=1), details={"n": n}
            )
            for n in range(30)
        )
    )
    events = await second.audit()

    assert events[0] == earlier
    assert sorted(e.details["n"] for e in events[1:]) == list(range(30))
    assert len({e.id for e in events}) == 31


async def test_more_appends_to_one_account_at_once_than_a_writer_has_attempts_are_all_kept(
    two_instances: tuple[AzureTableRegister, AzureTableRegister],
) -> None:
    first, second = two_instances
    many = 3 * CHAIN_ATTEMPTS

    await asyncio.gather(
        *(
            (first if n % 2 else second).append_audit(
                "advised", EDITOR, T0, account="@busy", details={"n": n}
            )
            for n in range(many)
        )
    )

    events = await first.audit()
    assert sorted(e.details["n"] for e in events) == list(range(many))
    assert all(result.intact for _, result in await second.verify_chain())


async def test_a_stored_audit_row_is_never_replaced(
    two_instances: tuple[AzureTableRegister, AzureTableRegister],
) -> None:
    first, second = two_instances
    original = AuditEvent("event-1", T0, "digest_sent", EDITOR, details={"blocks": 1})

    assert await first.import_event(original, 5) is True
    assert await second.import_event(replace(original, details={"blocks": 99}), 5) is False
    assert await first.audit() == [original]


async def test_saving_one_subscription_on_two_instances_at_once_audits_it_once(
    two_instances: tuple[AzureTableRegister, AzureTableRegister],
) -> None:
    first, second = two_instances
    channel = Subscription("19:a/b#c?d%e@thread.tacv2", {"conversation": {"id": "19:a/b#c?d%e"}})

    await asyncio.gather(first.save_subscription(channel), second.save_subscription(channel))

    assert [e.kind for e in await first.audit()] == ["subscribed"]
    assert await second.get_subscription(channel.conversation_id) == channel
    assert await first.subscriptions() == [channel]


async def test_texts_longer_than_a_table_property_come_back_whole(
    two_instances: tuple[AzureTableRegister, AzureTableRegister],
) -> None:
    first, second = two_instances
    evidence = "🙂 [NAME] " * 12_000  # about 120k characters, over the 64 KiB a property holds

    block = await first.add_block(new_block(evidence=evidence), EDITOR, T0)
    kept = await first.keep_block(block.id, block.revision, EDITOR, T0, "x" * 40_000, date(2027, 1, 1))

    assert (await second.get_block(block.id)).evidence == evidence
    assert await second.get_block(block.id) == kept


async def test_accounts_with_characters_keys_cannot_hold_are_kept_apart(
    two_instances: tuple[AzureTableRegister, AzureTableRegister],
) -> None:
    first, _ = two_instances
    await first.add_advice("@a/b", EDITOR, T0)
    await first.add_advice("@a%2Fb", EDITOR, T0 + timedelta(days=1))

    assert await first.advice_for("@a/b") == [T0]
    assert await first.advice_for("@a%2Fb") == [T0 + timedelta(days=1)]


async def test_an_unreachable_service_is_a_register_error_without_the_key() -> None:
    with pytest.raises(RegisterError) as failed:
        await open_azure_table_register(
            connection_string=(
                f"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={DEV_KEY};"
                "TableEndpoint=http://127.0.0.1:9/devstoreaccount1;"
            ),
            table_prefix="unreachable",
            retry_total=0,
        )

    assert "cannot reach the register" in str(failed.value)
    assert DEV_KEY not in str(failed.value)


async def test_a_wrong_account_key_is_a_register_error_about_credentials(azurite: Azurite) -> None:
    wrong = azurite.connection_string.replace(DEV_KEY, "d3Jvbmcga2V5" * 8)

    with pytest.raises(RegisterError) as failed:
        await open_azure_table_register(connection_string=wrong, table_prefix="wrongkey", retry_total=0)

    assert "credentials" in str(failed.value)
    assert "d3Jvbmcga2V5" not in str(failed.value)


@pytest.mark.parametrize(
    "arguments",
    [
        {"connection_string": "not a connection string"},
        {"account_url": "https://example.table.core.windows.net"},
        {},
        {"connection_string": "x", "account_url": "https://example.table.core.windows.net"},
        {"connection_string": "AccountName=a;AccountKey=secret-key;TableEndpoint=x", "table_prefix": "1bad"},
    ],
    ids=["garbled-connection-string", "url-without-credential", "nothing", "both", "bad-prefix"],
)
async def test_bad_arguments_are_refused_with_a_clear_message(arguments: dict[str, str]) -> None:
    with pytest.raises(RegisterError) as refused:
        await open_azure_table_register(**arguments)  # type: ignore[arg-type]

    assert "secret-key" not in str(refused.value)


def test_a_missing_azurite_fails_loudly_naming_make_test_deps(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr("tests.support.azurite.AZURITE_TABLE", tmp_path / "node_modules" / "missing")

    with pytest.raises(RuntimeError, match="make test-deps"):
        Azurite().start()

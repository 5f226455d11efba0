"""`socialdesk migrate`: registers copied TinyDB -> Azurite, Azurite -> TinyDB and TinyDB -> TinyDB, each
twice, with counts and no duplicates."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import cast

import pytest

from register.azure_table import AzureTableRegister
from register.base import Register, RegisterError
from register.migrate import Importer, MigrationReport, migrate
from register.model import Actor, Assessment, AuditEvent, Block, NewBlock, Subscription
from register.tinydb_store import TinyDBRegister, open_tinydb_register
from socialdesk_cli import main
from tests.support.azurite import Azurite, open_on_azurite, table_prefix_for
from tests.support.azurite import azurite as azurite  # the session fixture

EDITOR = Actor("Alex Smith", "11111111-aaaa-4bbb-8ccc-000000000001")
OTHER = Actor("Sam Jones", None)
T0 = datetime(2026, 6, 1, 9, 30, tzinfo=UTC)


def new_block(account: str, review_due: date = date(2026, 12, 1)) -> NewBlock:
    return NewBlock(
        platform="x",
        account=account,
        criteria=("abusive", "threatening"),
        rationale="Repeated threats towards staff",
        evidence="You [NAME] will regret [REDACTED]",
        review_due=review_due,
        link=None,
    )


async def fill(register: Register) -> list[Block]:
    """Blocks active, kept, snoozed and lifted; assessments, advice, a subscription and other events."""
    active = await register.add_block(new_block("@one"), EDITOR, T0)
    kept = await register.add_block(new_block("@two"), EDITOR, T0)
    kept = await register.keep_block(kept.id, kept.revision, OTHER, T0, "still abusive", date(2027, 3, 1))
    snoozed = await register.add_block(new_block("@two", date(2026, 7, 1)), OTHER, T0 + timedelta(hours=1))
    snoozed = await register.snooze_block(snoozed.id, snoozed.revision, EDITOR, T0, date(2026, 7, 2))
    lifted = await register.add_block(new_block("@three"), EDITOR, T0)
    lifted = await register.lift_block(lifted.id, lifted.revision, OTHER, T0, "account deleted")
    for n in range(3):
        await register.add_assessment(
            Assessment(
                "@poster", "x", T0 + timedelta(days=n), "[NAME] on ward [REDACTED]", "hide", ("confidential",)
            ),
            EDITOR,
        )
    await register.add_advice("@worried", OTHER, T0, note="pointed to PALS")
    await register.save_subscription(
        Subscription("19:channel@thread.tacv2", {"conversation": {"id": "19:c"}})
    )
    await register.append_audit("digest_sent", EDITOR, T0, details={"blocks": 2})
    return [active, kept, snoozed, lifted]


@pytest.fixture
async def tinydb_source(tmp_path: Path) -> AsyncIterator[tuple[TinyDBRegister, list[Block]]]:
    register = open_tinydb_register(tmp_path / "tinydb")
    blocks = await fill(register)
    yield register, blocks
    await register.close()


@pytest.fixture
async def azure_target(azurite: Azurite, tmp_path: Path) -> AsyncIterator[AzureTableRegister]:
    register = await open_on_azurite(tmp_path / "azure")
    yield register
    await register.drop_tables()
    await register.close()


def without_revision(block: Block) -> Block:
    return replace(block, revision="")


def assert_copied_then_skipped(first: MigrationReport, second: MigrationReport, events: int) -> None:
    """The first migration copied everything `fill` wrote; the second found every record already there."""
    assert (first.blocks.copied, first.blocks.skipped) == (4, 0)
    assert (first.audit_events.copied, first.audit_events.skipped) == (events, 0)
    assert (first.assessments.copied, first.advice.copied, first.subscriptions.copied) == (3, 1, 1)
    assert (second.blocks.copied, second.blocks.skipped) == (0, 4)
    assert (second.audit_events.copied, second.audit_events.skipped) == (0, events)
    assert (second.subscriptions.copied, second.subscriptions.skipped) == (0, 1)


async def assert_history_copied(source: Register, target: Register) -> None:
    """The accounts' history and the subscriptions `fill` wrote read back the same from the target."""
    assert await target.assessments_for("@poster") == await source.assessments_for("@poster")
    assert await target.advice_for("@worried") == [T0]
    assert await target.subscriptions() == await source.subscriptions()


async def test_migrating_twice_copies_everything_once(
    tinydb_source: tuple[TinyDBRegister, list[Block]], azure_target: AzureTableRegister
) -> None:
    source, blocks = tinydb_source
    events = await source.audit()

    first = await migrate(source, azure_target)
    second = await migrate(source, azure_target)

    assert_copied_then_skipped(first, second, events=len(events))
    assert await azure_target.audit() == events
    copied = {block.id: block for block in await azure_target.all_blocks()}
    assert {i: without_revision(b) for i, b in copied.items()} == {b.id: without_revision(b) for b in blocks}
    assert [b.id for b in await azure_target.active_blocks()] == [b.id for b in await source.active_blocks()]
    await assert_history_copied(source, azure_target)


async def test_copied_blocks_can_be_reviewed_in_the_new_register(
    tinydb_source: tuple[TinyDBRegister, list[Block]], azure_target: AzureTableRegister
) -> None:
    source, blocks = tinydb_source
    await migrate(source, azure_target)
    active = await azure_target.get_block(blocks[0].id)

    kept = await azure_target.keep_block(
        active.id, active.revision, EDITOR, T0, "still abusive", date(2027, 6, 1)
    )

    assert kept.review_due == date(2027, 6, 1)
    assert [e.kind for e in await azure_target.audit(block_id=active.id)] == ["block_created", "block_kept"]


class ReadOnlyRegister:
    """A register with no import methods: it lists what it holds (nothing) and records nothing."""

    def __init__(self) -> None:
        self.calls: list[str] = []

    def __getattr__(self, name: str) -> object:
        if name.startswith("import_"):
            raise AttributeError(name)

        async def record(*args: object, **kwargs: object) -> list[object]:
            self.calls.append(name)
            return []

        return record


async def test_a_register_without_import_methods_is_refused_as_a_target(
    tinydb_source: tuple[TinyDBRegister, list[Block]],
) -> None:
    source, _ = tinydb_source
    target = ReadOnlyRegister()

    with pytest.raises(RegisterError, match="cannot be a migration target"):
        await migrate(source, cast(Register, target))

    assert target.calls == []


async def test_every_backend_imports_each_record_once(register: Register) -> None:
    """Runs on each backend in conftest.BACKENDS: all of them can be a migration target."""
    assert isinstance(register, Importer)
    block = Block(
        id="0123456789abcdef0123456789abcdef",
        platform="x",
        account="@one",
        criteria=("abusive",),
        rationale="Repeated threats towards staff",
        evidence="[REDACTED]",
        link=None,
        decided_by=EDITOR,
        decided_at=T0,
        review_due=date(2026, 12, 1),
        status="lifted",
        revision="from-elsewhere",
        last_review="lifted by Sam Jones on 2026-06-02: apologised",
    )
    event = AuditEvent("e1", T0, "block_created", EDITOR, "@one", block.id, {"platform": "x"})
    subscription = Subscription("19:a", {"conversation": {"id": "19:a"}})

    assert [await register.import_block(block) for _ in range(2)] == [True, False]
    assert [await register.import_event(event, 0) for _ in range(2)] == [True, False]
    assert [await register.import_subscription(subscription) for _ in range(2)] == [True, False]

    [stored] = await register.all_blocks()
    assert without_revision(stored) == without_revision(block)
    assert await register.due_blocks(date(2027, 1, 1)) == []  # lifted, so never due
    assert await register.audit() == [event]
    assert await register.subscriptions() == [subscription]


# The other directions: Azurite -> TinyDB and TinyDB -> TinyDB -----------------------------------

Opener = Callable[[Path], Awaitable[Register]]


async def _open_tinydb(location: Path) -> Register:
    return open_tinydb_register(location)


async def _open_azure(location: Path) -> Register:
    return await open_on_azurite(location)


async def _dispose(register: Register) -> None:
    if isinstance(register, AzureTableRegister):
        await register.drop_tables()
    await register.close()


@pytest.mark.parametrize(
    "open_source",
    [_open_azure, _open_tinydb],
    ids=["azure-to-tinydb", "tinydb-to-tinydb"],
)
async def test_migrating_into_tinydb_twice_copies_everything_once(
    azurite: Azurite, tmp_path: Path, open_source: Opener
) -> None:
    source = await open_source(tmp_path / "source")
    target = open_tinydb_register(tmp_path / "target")
    try:
        blocks = await fill(source)
        events = await source.audit()

        first = await migrate(source, target)
        second = await migrate(source, target)

        assert_copied_then_skipped(first, second, events=len(events))
        assert await target.audit() == events
        copied = await target.all_blocks()
        assert [without_revision(b) for b in copied] == [
            without_revision(b) for b in await source.all_blocks()
        ]
        assert {b.id for b in copied} == {b.id for b in blocks}
        assert [b.id for b in await target.due_blocks(date(2026, 12, 1))] == [
            b.id for b in await source.due_blocks(date(2026, 12, 1))
        ]
        await assert_history_copied(source, target)
    finally:
        await _dispose(source)
        await target.close()


async def test_blocks_copied_into_tinydb_can_be_reviewed_and_survive_reopening(
    tinydb_source: tuple[TinyDBRegister, list[Block]], tmp_path: Path
) -> None:
    source, blocks = tinydb_source
    target = open_tinydb_register(tmp_path / "target")
    await migrate(source, target)
    copied = await target.get_block(blocks[0].id)

    kept = await target.keep_block(copied.id, copied.revision, EDITOR, T0, "still abusive", date(2027, 6, 1))
    await target.close()

    reopened = open_tinydb_register(tmp_path / "target")
    assert await reopened.get_block(kept.id) == kept
    assert [e.kind for e in await reopened.audit(block_id=kept.id)] == ["block_created", "block_kept"]
    assert len(await reopened.all_blocks()) == 4
    await reopened.close()


def use_azurite_tables(monkeypatch: pytest.MonkeyPatch, azurite: Azurite, location: Path) -> None:
    """Point the command's `azure-table` store at Azurite: the tables `open_on_azurite(location)` uses."""
    monkeypatch.setenv("SOCIALDESK_TABLE_PREFIX", table_prefix_for(location))
    monkeypatch.setenv("SOCIALDESK_TABLE_CONNECTION_STRING", azurite.connection_string)
    monkeypatch.delenv("SOCIALDESK_TABLE_ACCOUNT_URL", raising=False)


async def run_twice(arguments: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[list[int], str, str]:
    """`socialdesk` with `arguments`, twice: both exit statuses, and what each run printed."""
    statuses, printed = [], []
    for _ in range(2):
        # The command runs its own event loop, so it runs in a thread beside this test's loop.
        statuses.append(await asyncio.to_thread(main, arguments))
        printed.append(capsys.readouterr().out)
    return statuses, printed[0], printed[1]


async def test_the_command_copies_and_reports_counts_then_copies_nothing_again(
    azurite: Azurite, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    register = open_tinydb_register(tmp_path / "tinydb")
    await fill(register)
    await register.close()
    use_azurite_tables(monkeypatch, azurite, tmp_path / "azure")
    arguments = ["migrate", "--from", f"tinydb:{tmp_path / 'tinydb'}", "--to", "azure-table"]

    statuses, first, second = await run_twice(arguments, capsys)

    assert statuses == [0, 0]
    assert "blocks                         4 copied       0 already there" in first
    assert "blocks                         0 copied       4 already there" in second
    assert "subscriptions                  0 copied       1 already there" in second
    assert azurite.connection_string not in first + second  # the key is never printed
    target = await open_on_azurite(tmp_path / "azure")
    assert len(await target.all_blocks()) == 4
    await target.drop_tables()
    await target.close()


async def test_the_command_copies_one_tinydb_directory_into_another(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    register = open_tinydb_register(tmp_path / "old")
    await fill(register)
    events = await register.audit()
    await register.close()
    arguments = ["migrate", "--from", f"tinydb:{tmp_path / 'old'}", "--to", f"tinydb:{tmp_path / 'new'}"]

    statuses, first, second = await run_twice(arguments, capsys)

    assert statuses == [0, 0]
    assert "blocks                         4 copied       0 already there" in first
    assert f"{'audit events':<24} {len(events):>7} copied       0 already there" in first
    assert "blocks                         0 copied       4 already there" in second
    assert f"{'audit events':<24}       0 copied {len(events):>7} already there" in second
    copy = open_tinydb_register(tmp_path / "new")
    assert await copy.audit() == events
    assert len(await copy.all_blocks()) == 4
    await copy.close()


async def test_the_command_copies_azure_into_tinydb_and_copies_nothing_again(
    azurite: Azurite, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    source = await open_on_azurite(tmp_path / "azure")
    await fill(source)
    events = await source.audit()
    use_azurite_tables(monkeypatch, azurite, tmp_path / "azure")
    arguments = ["migrate", "--from", "azure-table", "--to", f"tinydb:{tmp_path / 'tinydb'}"]

    try:
        statuses, first, second = await run_twice(arguments, capsys)
    finally:
        await source.drop_tables()
        await source.close()

    assert statuses == [0, 0]
    assert "blocks                         4 copied       0 already there" in first
    assert "blocks                         0 copied       4 already there" in second
    assert azurite.connection_string not in first + second
    target = open_tinydb_register(tmp_path / "tinydb")
    assert await target.audit() == events
    assert len(await target.all_blocks()) == 4
    await target.close()


def test_the_command_explains_a_bad_store(capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["migrate", "--from", "sqlite:/tmp/x", "--to", "azure-table:UseDevelopmentStorage=true"])

    assert status == 1
    assert "unknown store 'sqlite'" in capsys.readouterr().err


def test_the_command_refuses_a_source_that_does_not_exist_and_creates_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    arguments = ["migrate", "--from", f"tinydb:{tmp_path / 'missing'}", "--to", f"tinydb:{tmp_path / 'new'}"]

    status = main(arguments)

    assert status == 1
    assert f"there is no register in {tmp_path / 'missing'} " in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []

"""Made-up blocks for the benchmarks, and a TinyDB register filled with them in one write.

The same editor, wording and id scheme in every bench, so that their figures describe the same data.
Filling the tables in one write (not by `add_block`) keeps set-up to seconds at 10,000 blocks.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from register.file_lock import ProcessLock
from register.json_storage import AtomicJSONStorage
from register.model import Actor, Assessment, AuditEvent, Block, NewBlock
from register.rows import assessment_details, block_row
from register.tinydb_store import TABLES_FILE

ACTOR = Actor("Bench Editor", "00000000-0000-4000-8000-0000000be4c4")
START = datetime(2025, 1, 1, tzinfo=UTC)
ACCOUNTS = 2_000


def assessed_event(n: int) -> AuditEvent:
    """The n-th of a long log's events: a check every 30 seconds, spread over ACCOUNTS accounts."""
    at = START + timedelta(seconds=30 * n)
    account = f"@account{n % ACCOUNTS}"
    assessed = Assessment(
        account, "x", at, "my neighbour [NAME] was on ward [REDACTED] yesterday", "hide", ()
    )
    return AuditEvent(f"{n:032x}", at, "assessed", ACTOR, account, None, assessment_details(assessed))


def new_block(number: int, review_due: date = date(2026, 12, 1)) -> NewBlock:
    """The `number`th block an editor submits: one of ACCOUNTS accounts, a link of its own."""
    return NewBlock(
        platform="facebook",
        account=f"@account{number % ACCOUNTS}",
        criteria=("abusive", "threatening"),
        rationale="Repeated threats towards staff after being advised of the complaints route",
        evidence="You [NAME] will regret this, I know where [REDACTED] parks",
        review_due=review_due,
        link=f"https://facebook.example/post/{number}",
    )


def recorded(new: NewBlock, number: int) -> Block:
    """`new` as the register holds it once recorded: id and revision from `number`, decided by ACTOR
    `number` minutes after START."""
    return Block(
        id=f"{number:032x}",
        platform=new.platform,
        account=new.account,
        criteria=new.criteria,
        rationale=new.rationale,
        evidence=new.evidence,
        link=new.link,
        decided_by=ACTOR,
        decided_at=START + timedelta(minutes=number),
        review_due=new.review_due,
        status="active",
        revision=f"{number:032x}",
    )


def write_tinydb_blocks(data_dir: Path, blocks: Iterable[Block]) -> None:
    """A new TinyDB register directory whose tables hold `blocks` and nothing else."""
    data_dir.mkdir(parents=True)
    rows = {str(n + 1): block_row(block) for n, block in enumerate(blocks)}
    AtomicJSONStorage(data_dir / TABLES_FILE, ProcessLock(None)).write({"blocks": rows})

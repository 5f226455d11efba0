"""The evidence pack for one account (`socialdesk evidence`): every check, advice, block, review and lift in
order, the policy's clauses, the integrity check and the pack version; nothing unredacted."""

from __future__ import annotations

import asyncio
import csv
import json
from datetime import UTC, date, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest

from policy.engine import assess
from policy.model import Post
from policy.pack import default_pack
from register.base import Register
from register.evidence import PACK_VERSION, gather
from register.evidence_files import CSV_COLUMNS, render_html, write_pack
from register.model import Actor, Assessment, NewBlock
from register.tinydb_store import AUDIT_FILE, open_tinydb_register
from socialdesk_cli import main

EDITOR = Actor("Alex Smith", "11111111-aaaa-4bbb-8ccc-000000000001")
LEAD = Actor("Sam Jones", "22222222-aaaa-4bbb-8ccc-000000000002")
T0 = datetime(2026, 6, 1, 9, 30, tzinfo=UTC)  # 10:30 in London
NHS_NUMBER = "943 476 5919"
PHONE = "07700 900123"
POST = f"You lot are useless idiots, I'll find where you live. Patient NHS number {NHS_NUMBER}, ring {PHONE}"


async def checked(register: Register, account: str, platform: str, text: str, at: datetime) -> str:
    """Check a post as the bot does: the engine redacts it, and only the redacted text is stored."""
    pack = default_pack()
    recommendation = assess(Post(id="p", text=text, at=at, author=account, platform=platform), [], at, pack)
    await register.add_assessment(
        Assessment(
            account, platform, at, recommendation.redacted, recommendation.action, recommendation.criteria
        ),
        EDITOR,
    )
    return recommendation.action


async def fill(register: Register) -> None:
    await checked(register, "@abuser", "facebook", POST, T0)
    await register.add_advice(
        "@abuser", EDITOR, T0 + timedelta(minutes=5), f"asked to call PALS, not {PHONE}"
    )
    new = NewBlock(
        "facebook",
        "@abuser",
        ("threatening_abusive_insulting",),
        f"Threats to staff after advice; quoted NHS number {NHS_NUMBER}",
        "useless idiots [REDACTED]",
        date(2026, 7, 1),
        link="https://facebook.example/post/1",
    )
    block = await register.add_block(new, EDITOR, T0 + timedelta(minutes=10))
    kept = await register.keep_block(
        block.id, block.revision, LEAD, T0 + timedelta(days=30), "still posting", date(2026, 8, 1)
    )
    await register.lift_block(block.id, kept.revision, LEAD, T0 + timedelta(days=61), "apologised in writing")
    await checked(register, "@abuser", "x", "you are all idiots", T0 + timedelta(days=62))
    await checked(register, "@someone_else", "facebook", "idiots", T0)


@pytest.fixture
async def register(tmp_path: Path) -> Register:
    opened = open_tinydb_register(tmp_path / "data")
    await fill(opened)
    return opened


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.tags: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def page_text(page: str) -> tuple[str, set[str]]:
    parser = _Text()
    parser.feed(page)
    return " ".join(" ".join(parser.parts).split()), parser.tags


async def test_the_pack_holds_everything_about_the_account_in_order(register: Register) -> None:
    pack = await gather(register, "Abuser", default_pack(), T0 + timedelta(days=70))
    await register.close()

    assert pack.account == "@abuser"
    assert [entry.label for entry in pack.entries] == [
        "Post checked",
        "Account advised",
        "Block recorded",
        "Block kept at review",
        "Block lifted",
        "Post checked",
    ]
    check, advice, block, kept, lifted, later = pack.entries
    assert advice.row["reason or note"].startswith("asked to call PALS")
    assert check.row["time (London)"] == "2026-06-01 10:30:00" and check.row["platform"] == "facebook"
    assert [c.id for c in block.criteria] == ["threatening_abusive_insulting"]
    clause = default_pack().criterion("threatening_abusive_insulting").clause
    assert block.criteria[0].clause == clause
    assert (block.row["by"], block.row["link"]) == ("Alex Smith", "https://facebook.example/post/1")
    assert block.row["reason or note"].startswith("Threats to staff after advice")
    assert (kept.row["by"], kept.row["before"], kept.row["after"]) == (
        "Sam Jones",
        "2026-07-01",
        "2026-08-01",
    )
    assert (lifted.row["follows"], lifted.row["reason or note"]) == (kept.event.id, "apologised in writing")
    assert later.row["platform"] == "x"
    assert pack.integrity.intact and pack.counts["assessed"] == 2


async def test_on_a_platform_only_its_checks_and_blocks_are_in_with_the_advice(register: Register) -> None:
    pack = await gather(register, "@abuser", default_pack(), T0, platform="x")
    await register.close()
    assert [entry.label for entry in pack.entries] == ["Account advised", "Post checked"]
    assert pack.title == "Evidence pack: @abuser on x"


async def test_the_files_state_the_integrity_check_and_version_and_hold_nothing_unredacted(
    register: Register, tmp_path: Path
) -> None:
    pack = await gather(register, "@abuser", default_pack(), T0 + timedelta(days=70))
    await register.close()
    page_path, table_path = write_pack(pack, tmp_path / "out")

    page = page_path.read_text(encoding="utf-8")
    text, tags = page_text(page)
    assert page_path.name == "evidence-abuser.html" and table_path.name == "evidence-abuser.csv"
    assert not tags & {"script", "link", "img", "iframe"} and "http://" not in page.split("<body>")[0]
    assert "@page" in page  # laid out for printing
    assert "Evidence pack: @abuser" in text and f"Evidence pack version {PACK_VERSION}" in text
    assert f"Audit chain intact: 7 events verified; fingerprint {pack.integrity.fingerprint}" in text
    assert "1. 2026-06-01 10:30:00 — Post checked" in text
    assert default_pack().criterion("threatening_abusive_insulting").clause in text
    assert "Sam Jones" in text and "apologised in writing" in text

    with table_path.open(newline="", encoding="utf-8-sig") as file:
        rows = list(csv.reader(file))
    assert tuple(rows[0]) == CSV_COLUMNS and len(rows) == 1 + 6 + 2
    assert rows[-2][0] == "integrity" and rows[-2][-1].startswith("Audit chain intact: 7 events")
    assert rows[-1][0] == "evidence pack version" and rows[-1][-1].startswith(f"{PACK_VERSION}; ")

    for written in (page, table_path.read_text(encoding="utf-8-sig")):
        for secret in (NHS_NUMBER, NHS_NUMBER.replace(" ", ""), PHONE, PHONE.replace(" ", "")):
            assert secret not in written
        assert "someone_else" not in written


def test_texts_are_escaped_not_run(tmp_path: Path) -> None:
    async def build() -> str:
        register = open_tinydb_register(None)
        await register.add_advice("@x", EDITOR, T0, "<script>alert(1)</script> & <b>bold</b>")
        pack = await gather(register, "@x", default_pack(), T0)
        await register.close()
        return render_html(pack)

    page = asyncio.run(build())
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;" in page


async def test_a_broken_chain_is_stated_in_the_pack(register: Register, tmp_path: Path) -> None:
    await register.close()
    path = tmp_path / "data" / AUDIT_FILE
    lines = path.read_text().splitlines()
    edited = json.loads(lines[1]) | {"actor": {"name": "Someone Else", "aad_object_id": None}}
    path.write_text("\n".join([lines[0], json.dumps(edited), *lines[2:]]) + "\n")
    reopened = open_tinydb_register(tmp_path / "data")
    pack = await gather(reopened, "@abuser", default_pack(), T0)
    await reopened.close()
    text, _ = page_text(render_html(pack))
    assert "Audit chain BROKEN" in text and "event 2" in text


async def test_the_command_writes_the_pack(
    register: Register, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    await register.close()
    arguments = ["evidence", "@abuser", "--platform", "facebook", "--out", str(tmp_path / "out")]
    status = await asyncio.to_thread(main, [*arguments, "--store", f"tinydb:{tmp_path / 'data'}"])
    out = capsys.readouterr().out
    assert status == 0
    assert "wrote 5 entries about @abuser" in out and "Audit chain intact" in out
    assert (tmp_path / "out" / "evidence-abuser-facebook.html").is_file()


def test_the_command_refuses_a_missing_register_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(
        ["evidence", "@abuser", "--out", str(tmp_path / "out"), "--store", f"tinydb:{tmp_path / 'none'}"]
    )
    err = capsys.readouterr().err
    assert (
        status == 1 and err.startswith("socialdesk evidence: there is no register") and err.count("\n") == 1
    )
    assert not (tmp_path / "out").exists()

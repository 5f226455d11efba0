"""`socialdesk verdicts`: the team's disagreements as labelled posts, on every backend (the `register`
fixture of conftest.py), scored by the Trust's own `score.py` on what `socialdesk assess` makes of them."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from register.base import Register
from register.model import Actor, Assessment, NewBlock
from register.tinydb_store import open_tinydb_register
from register.verdicts import record_verdict
from register.verdicts_cli import write_verdicts
from socialdesk_cli import main
from tests.support.azurite import azurite as azurite  # the session fixture

REPO = Path(__file__).resolve().parents[2]
SCORER = REPO.parent / "shared" / "eval" / "score.py"
EDITOR = Actor("Alex Smith", "11111111-aaaa-4bbb-8ccc-000000000001")
T0 = datetime(2026, 11, 2, 10, 0, tzinfo=UTC)
THREAT = "I know where the nurses park, watch your backs"


def check(check_id: str, text: str, action: str, criteria: tuple[str, ...], at: datetime) -> Assessment:
    return Assessment("@poster", "x", at, text, action, criteria, check_id=check_id, pack_version="2026.1")


async def fill(register: Register) -> None:
    """Four checks: one the team overruled with Not right?, one it left, one it agreed with by a block,
    and one from before the date asked for."""
    await register.add_assessment(
        check("aaaa000001", THREAT, "hide", ("threatening_abusive_insulting",), T0), EDITOR
    )
    await record_verdict(
        register,
        check_id="aaaa000001",
        account="@poster",
        source="not_right",
        actor=EDITOR,
        at=T0 + timedelta(minutes=5),
        action="escalate",
        criteria=("aggressive_violent", "safety_risk"),
        note="A threat to staff: Security first",
    )
    await register.add_assessment(check("aaaa000002", "Your parking is a joke", "hide", (), T0), EDITOR)
    await record_verdict(
        register, check_id="aaaa000002", account="@poster", source="left", actor=EDITOR, at=T0
    )
    await register.add_assessment(
        check("aaaa000003", "spam spam", "block", ("repetitive_unwanted",), T0), EDITOR
    )
    await register.add_block(
        NewBlock(
            "x", "@poster", ("repetitive_unwanted",), "spam", "spam", date(2027, 1, 1), check_id="aaaa000003"
        ),
        EDITOR,
        T0,
    )
    early = T0 - timedelta(days=30)
    await register.add_assessment(check("aaaa000004", THREAT, "no_action", (), early), EDITOR)
    await record_verdict(
        register, check_id="aaaa000004", account="@poster", source="advised", actor=EDITOR, at=early
    )


async def test_disagreements_since_the_date_are_written_as_labelled_posts(
    register: Register, tmp_path: Path
) -> None:
    await fill(register)
    out = tmp_path / "verdicts.jsonl"

    assert await write_verdicts(register, date(2026, 11, 1), out) == 2

    first, second = (json.loads(line) for line in out.read_text(encoding="utf-8").splitlines())
    assert first["id"] == "aaaa000001" and first["text"] == THREAT and first["author"] == "@poster"
    assert first["platform"] == "x" and first["at"] == T0.isoformat()
    assert first["expect"] == {
        "action_any": ["escalate"],
        "criteria_all": ["aggressive_violent", "safety_risk"],
        "criteria_none": ["threatening_abusive_insulting"],
        "forbid": [],
        "wording_any": [],
    }
    assert first["engine"] == {
        "action": "hide",
        "criteria": ["threatening_abusive_insulting"],
        "pack_version": "2026.1",
    }
    assert first["verdict"]["note"] == "A threat to staff: Security first"
    assert "Alex" not in out.read_text(encoding="utf-8")  # who said it stays in the register
    assert second["id"] == "aaaa000002" and second["expect"]["action_any"] == ["no_action", "reply"]


@pytest.mark.skipif(
    not SCORER.exists(), reason="../shared/eval/score.py (the Trust's scorer) is not beside this checkout"
)
def test_the_cli_output_is_scored_by_the_trusts_scorer(tmp_path: Path) -> None:
    async def filled() -> None:
        register = open_tinydb_register(tmp_path / "data")
        await fill(register)
        await register.close()

    asyncio.run(filled())
    labelled = tmp_path / "verdicts.jsonl"

    status = main(
        [
            "verdicts",
            "--since",
            "2026-11-01",
            "--out",
            str(labelled),
            "--store",
            f"tinydb:{tmp_path / 'data'}",
        ]
    )

    assert status == 0
    assessed = subprocess.run(
        [sys.executable, "-m", "socialdesk_cli", "assess", str(labelled)],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    output = tmp_path / "assessed.jsonl"
    output.write_text(assessed.stdout, encoding="utf-8")
    scored = subprocess.run(
        [sys.executable, str(SCORER), str(labelled), str(output), "--verbose"],
        capture_output=True,
        text=True,
    )
    figures = scored.stdout.strip().splitlines()[-1]
    assert figures.startswith("posts=2 missing=0 "), scored.stdout + scored.stderr


def test_a_date_that_is_not_one_is_refused_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["verdicts", "--since", "last week", "--out", str(tmp_path / "v.jsonl")])
    assert exit_info.value.code == 2
    assert "is not a date: write it as YYYY-MM-DD" in capsys.readouterr().err


def test_a_missing_register_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status = main(
        [
            "verdicts",
            "--since",
            "2026-11-01",
            "--out",
            str(tmp_path / "v.jsonl"),
            "--store",
            f"tinydb:{tmp_path}",
        ]
    )
    assert status == 1
    assert "there is no register" in capsys.readouterr().err
    assert not (tmp_path / "v.jsonl").exists()

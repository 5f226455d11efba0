"""Killing a writer mid-burst loses nothing it confirmed, and leaves a register that opens."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from register.tinydb_store import open_tinydb_register

REPO = Path(__file__).resolve().parents[2]


def burst_then_kill(data_dir: Path, confirmations: int) -> list[str]:
    """Run the block writer until it confirms `confirmations` blocks, SIGKILL it; every id it printed."""
    writer = subprocess.Popen(
        [sys.executable, "-m", "tests.support.block_writer", str(data_dir)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert writer.stdout is not None
    confirmed: list[str] = []
    try:
        while len(confirmed) < confirmations:
            line = writer.stdout.readline()
            assert line, f"writer stopped early: {writer.stderr.read() if writer.stderr else ''}"
            confirmed.append(line.strip())
    finally:
        os.kill(writer.pid, signal.SIGKILL)
        writer.wait()
    # Lines already in the pipe when the kill landed were confirmations too.
    confirmed.extend(line.strip() for line in writer.stdout if line.strip())
    writer.stdout.close()
    if writer.stderr:
        writer.stderr.close()
    assert writer.returncode == -signal.SIGKILL
    return confirmed


async def test_every_confirmed_block_survives_repeated_kills(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    confirmed: list[str] = []

    for confirmations in (5, 23, 41, 12):
        confirmed += burst_then_kill(data_dir, confirmations)

        register = open_tinydb_register(data_dir)
        try:
            held = {block.id for block in await register.active_blocks()}
            created = {event.block_id for event in await register.audit() if event.kind == "block_created"}
        finally:
            await register.close()
        assert set(confirmed) <= held
        assert set(confirmed) <= created
        assert not list(data_dir.glob(".register.json.*.tmp")), "unfinished temp files were not cleared"

    assert len(confirmed) >= 5 + 23 + 41 + 12

"""A child process that races others to claim the daily digest, for the cross-process claim test.

    python -m tests.support.digest_claimer DATA_DIR NAME DAYS

Opens the register, prints "ready", waits for a line on stdin (so that every racer starts together),
then claims conversation "19:race" for DAYS consecutive days and prints the results as a JSON list.
"""

from __future__ import annotations

import asyncio
import json
import sys
from datetime import date, timedelta
from pathlib import Path

from register.tinydb_store import open_tinydb_register

FIRST_DAY = date(2026, 12, 1)


async def race(data_dir: Path, name: str, days: int) -> list[bool]:
    register = open_tinydb_register(data_dir)
    print("ready", flush=True)
    sys.stdin.readline()
    results = [
        await register.claim_digest("19:race", FIRST_DAY + timedelta(days=n), name) for n in range(days)
    ]
    await register.close()
    return results


if __name__ == "__main__":
    won = asyncio.run(race(Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])))
    print(json.dumps(won), flush=True)

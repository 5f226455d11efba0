"""Recording blocks over HTTP through whole bot processes: 1 and 2 instances sharing one Azurite.

Each instance is a real `socialdesk serve --local` process on 127.0.0.1 with the register on Azure
Table Storage (Azurite, tables of its own per run). The load is the "Record a block" form submitted
as Teams sends it (an Action.Execute invoke), spread evenly over the instances with a fixed number
in flight. Reported per setting: submit latency (median, p99) and blocks per second; the baseline is
one instance on TinyDB, measured in the same run. The register's block count is checked afterwards.

On a small machine the load generator, Azurite and the instances share the same cores, so the
2-instance figure shows that a second instance adds no contention in the register, not how far
scaling goes on separate hosts. A submit is CPU-bound in the bot process: in botbuilder 4.17.1 about
half of a turn's CPU goes on the two connector clients the adapter builds per turn (msrest computes
its retry status list with a quadratic scan each time), which is why a second process helps.
"""

from __future__ import annotations

import asyncio
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import aiohttp

from bench.stats import ratio, summary
from policy.pack import default_pack
from register.factory import open_register
from tests.support.activities import Teams
from tests.support.azurite import Azurite
from tests.support.botprocess import BotProcess
from tests.support.connector import ConnectorServer

WARM_UP = 20
SUBMISSIONS = 400
CONCURRENT = 16
CONVERSATIONS = 10
RATIONALE = "Threats against named staff after two warnings; hiding has not stopped them."


def _forms(first: int, count: int) -> list[dict[str, Any]]:
    pack = default_pack()
    review = (datetime.now(UTC) + timedelta(days=30)).date().isoformat()
    return [
        {
            "platform": "facebook",
            "account": f"@bench{n:05d}",
            "link": "",
            "criteria": pack.criteria[0].id,
            "rationale": RATIONALE,
            "evidence": "[redacted]",
            "review_due": review,
        }
        for n in range(first, first + count)
    ]


async def _submit(
    urls: list[str], forms: list[dict[str, Any]], service_url: str
) -> tuple[list[float], float]:
    """Submit every form, alternating instances; each submit's seconds, and the whole batch's."""
    chats = [Teams(service_url) for _ in range(CONVERSATIONS)]
    gate = asyncio.Semaphore(CONCURRENT)
    samples: list[float] = []

    async def one(session: aiohttp.ClientSession, number: int, form: dict[str, Any]) -> None:
        activity = chats[number % CONVERSATIONS].execute("block.submit", form)
        async with gate:
            start = time.perf_counter()
            async with session.post(urls[number % len(urls)] + "/api/messages", json=activity) as response:
                body = await response.read()
                if response.status != 200 or b"Block recorded" not in body:
                    raise RuntimeError(f"a submit was refused ({response.status}): {body[:300]!r}")
            samples.append(time.perf_counter() - start)

    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=120)) as session:
        started = time.perf_counter()
        await asyncio.gather(*(one(session, n, form) for n, form in enumerate(forms)))
        return samples, time.perf_counter() - started


async def _count_blocks(values: dict[str, str]) -> int:
    register = await open_register(values)
    try:
        return len(await register.active_blocks())
    finally:
        await register.close()


def _measure(
    values: dict[str, str], instances: int, root: Path, service_url: str
) -> tuple[list[float], float]:
    """Latencies and blocks per second with `instances` processes on the register `values` choose."""
    root.mkdir(parents=True, exist_ok=True)
    bots: list[BotProcess] = []
    try:
        for number in range(instances):
            name = f"instance-{instances}-{number}"
            env = values | {"SOCIALDESK_DATA": str(root / "tinydb"), "SOCIALDESK_INSTANCE": name}
            bots.append(BotProcess(env, root, name).start())
        urls = [bot.url for bot in bots]
        asyncio.run(_submit(urls, _forms(0, WARM_UP), service_url))
        samples, elapsed = asyncio.run(_submit(urls, _forms(WARM_UP, SUBMISSIONS), service_url))
    finally:
        for bot in bots:
            bot.stop()
    recorded = asyncio.run(_count_blocks(values | {"SOCIALDESK_DATA": str(root / "tinydb")}))
    if recorded != WARM_UP + SUBMISSIONS:
        raise RuntimeError(f"{recorded} blocks in the register, {WARM_UP + SUBMISSIONS} submitted")
    return samples, SUBMISSIONS / elapsed


def run() -> list[str]:
    lines: list[str] = []
    with (
        tempfile.TemporaryDirectory(prefix="socialdesk-bench-") as tmp,
        Azurite() as azurite,
        ConnectorServer() as connector,
    ):
        root = Path(tmp)
        tinydb, tinydb_rate = _measure({}, 1, root / "tinydb-1", connector.url)
        rates: dict[int, float] = {}
        medians: dict[int, float] = {}
        for instances in (1, 2):
            values = {
                "SOCIALDESK_STORE": "azure-table",
                "SOCIALDESK_TABLE_CONNECTION_STRING": azurite.connection_string,
                "SOCIALDESK_TABLE_PREFIX": f"instances{instances}",
            }
            samples, rates[instances] = _measure(
                values, instances, root / f"azure-{instances}", connector.url
            )
            label = (
                f"record a block over HTTP, {instances} instance(s) on azure-table, {CONCURRENT} in flight"
            )
            medians[instances] = statistics.median(samples)
            lines.append(summary(label, samples))
            lines.append(f"  throughput: {rates[instances]:.0f} blocks/s")
        lines.append(summary("  baseline: 1 instance on tinydb", tinydb))
        lines.append(f"  baseline throughput: {tinydb_rate:.0f} blocks/s")
        lines.append(f"  2 instances / 1 instance on azure-table (throughput): {ratio(rates[2], rates[1])}")
        lines.append(
            "  azure-table / tinydb, 1 instance (median latency): "
            f"{ratio(medians[1], statistics.median(tinydb))}"
        )
    return lines

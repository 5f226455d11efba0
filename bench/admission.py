"""Load shedding: 500 concurrent authenticated `check` requests, with and without admission control.

The bot runs in a process of its own (as in production, the load generator is elsewhere), with
credentials: every request carries a channel token signed by the local key server, checked against
the keys the bot fetched and cached, and every reply goes to the Bot Connector stand-in. 500 clients
send a `check` at once; a client turned away with 503 waits the Retry-After (plus a little jitter, as
a channel spreads its retries) and sends again until its turn is admitted, so none is lost.

Reported, all from the same run:
- the baseline: one `check` at a time on an idle bot, and the same burst with no bound on turns in
  flight (every turn shares the CPU until the end of the burst);
- with the bound: the latency of admitted requests (send to answer, the attempt that got in), the
  latency of the 503s, how many attempts the clients made, and how many never got in (target 0);
- the floor: the same 500 requests sent at once to a bare aiohttp server that answers every one 503
  straight away, in a process of its own. It is what accepting 500 connections at once and answering
  them costs on this machine, with this client, before the bot does anything; the first wave's 503s
  are reported beside it;
- medians and p99s, and ratios against the baselines (targets: admitted p99 under 2 s, 503s under
  50 ms).
"""

from __future__ import annotations

import asyncio
import multiprocessing
import random
import statistics
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp

from bench.stats import ms, percentile, ratio, summary
from settings import DEFAULT_MAX_TURNS
from tests.support.activities import Teams
from tests.support.botfixtures import APP_ID, secured_settings
from tests.support.botprocess import free_port
from tests.support.connector import ConnectorServer
from tests.support.tokens import TokenService

BURST = 500
SEQUENTIAL = 100
WARM_UP = 20
MAX_ATTEMPTS = 50
UNBOUNDED = 1_000_000
POSTS = (
    "Waited six hours in A&E again, this place is a joke and the managers are useless",
    "When is visiting time on the children's ward at the weekend?",
    "You lot are a disgrace, absolute idiots the lot of you",
    "Thank you to the staff on ward 4, my dad was looked after brilliantly",
)


def _serve(port: int, metadata_url: str, max_turns: int, data_dir: str) -> None:
    """The child process: the real application with credentials, on 127.0.0.1:port."""
    import logging

    from aiohttp import web

    from app import OpenOnStartup, create_app
    from policy.pack import default_pack
    from register.base import Register
    from register.tinydb_store import open_tinydb_register
    from tests.support.botfixtures import APP_PASSWORD
    from tests.support.tokens import LocalCredentialFactory

    logging.basicConfig(level=logging.ERROR)

    async def opener() -> Register:
        return open_tinydb_register(Path(data_dir))

    # Outbound tokens are signed by a key service of the child's own: the connector stand-in does not
    # check them, and the parent's private keys stay in the parent.
    tokens = TokenService()
    settings = secured_settings(tokens, openid_metadata_url=metadata_url, max_turns=max_turns)
    factory = LocalCredentialFactory(APP_ID, APP_PASSWORD, tokens)
    app = create_app(settings, OpenOnStartup(opener), default_pack(), credentials_factory=factory)
    # A backlog for the whole burst: the kernel's default queue would turn connects into SYN retries.
    web.run_app(app, host="127.0.0.1", port=port, print=None, access_log=None, backlog=2048)


def _serve_floor(port: int) -> None:
    """The floor's child process: nothing but an immediate 503 (and the health check)."""
    from aiohttp import web

    async def busy(_: web.Request) -> web.Response:
        return web.json_response({"error": "busy"}, status=503, headers={"Retry-After": "1"})

    async def healthy(_: web.Request) -> web.Response:
        return web.json_response({"status": "ok"})

    app = web.Application()
    app.router.add_post("/api/messages", busy)
    app.router.add_get("/healthz", healthy)
    web.run_app(app, host="127.0.0.1", port=port, print=None, access_log=None, backlog=2048)


@dataclass
class Burst:
    admitted: list[float] = field(default_factory=list)
    refused: list[float] = field(default_factory=list)
    refused_first: list[float] = field(default_factory=list)  # 503s to the first wave, all sent at once
    attempts: int = 0
    lost: int = 0
    statuses: dict[int, int] = field(default_factory=dict)


async def _wait_healthy(session: aiohttp.ClientSession, url: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            async with session.get(url + "/healthz") as response:
                if response.status == 200:
                    return
        except aiohttp.ClientError:
            pass
        await asyncio.sleep(0.1)
    raise RuntimeError("the bot process did not start")


class Load:
    def __init__(
        self, url: str, session: aiohttp.ClientSession, tokens: TokenService, service_url: str
    ) -> None:
        self.url = url + "/api/messages"
        self.session = session
        self.service_url = service_url
        self.token = tokens.sign(audience=APP_ID, service_url=service_url)

    async def post(self, n: int) -> tuple[int, float, float]:
        """One attempt: (status, seconds, Retry-After)."""
        text = f"check @author{n % 50} on facebook: {POSTS[n % len(POSTS)]}"
        activity = Teams(self.service_url).message(text)
        headers = {"Authorization": f"Bearer {self.token}"}
        start = time.perf_counter()
        async with self.session.post(self.url, json=activity, headers=headers) as response:
            await response.read()
            elapsed = time.perf_counter() - start
            return response.status, elapsed, float(response.headers.get("Retry-After", "1"))

    async def until_admitted(self, n: int, burst: Burst, jitter: random.Random) -> None:
        for attempt in range(MAX_ATTEMPTS):
            status, elapsed, retry_after = await self.post(n)
            burst.attempts += 1
            burst.statuses[status] = burst.statuses.get(status, 0) + 1
            if status != 503:
                if status == 201:
                    burst.admitted.append(elapsed)
                else:
                    burst.lost += 1
                return
            (burst.refused_first if attempt == 0 else burst.refused).append(elapsed)
            await asyncio.sleep(retry_after + jitter.uniform(0, 0.5))
        burst.lost += 1


async def _burst(load: Load) -> Burst:
    burst = Burst()
    jitter = random.Random(10)
    await asyncio.gather(*(load.until_admitted(n, burst, jitter) for n in range(BURST)))
    return burst


async def _floor(tokens: TokenService, service_url: str) -> list[float]:
    """Seconds to each 503 of a bare server, all 500 requests sent at once (one attempt each)."""
    port = free_port()
    child = multiprocessing.get_context("spawn").Process(target=_serve_floor, args=(port,), daemon=True)
    child.start()
    try:
        async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as session:
            url = f"http://127.0.0.1:{port}"
            await _wait_healthy(session, url)
            load = Load(url, session, tokens, service_url)
            answers = await asyncio.gather(*(load.post(n) for n in range(BURST)))
            return [elapsed for status, elapsed, _ in answers if status == 503]
    finally:
        child.terminate()
        child.join(20)


async def _with_bot(
    max_turns: int, metadata_url: str, tokens: TokenService, service_url: str, work: str
) -> tuple[list[float], Burst]:
    """Sequential turns on the idle bot, then the burst, against a fresh bot process."""
    port = free_port()
    data_dir = tempfile.mkdtemp(dir=work)
    child = multiprocessing.get_context("spawn").Process(
        target=_serve, args=(port, metadata_url, max_turns, data_dir), daemon=True
    )
    child.start()
    try:
        connector = aiohttp.TCPConnector(limit=0)  # the clients' own pool must not queue the burst
        async with aiohttp.ClientSession(connector=connector) as session:
            url = f"http://127.0.0.1:{port}"
            await _wait_healthy(session, url)
            load = Load(url, session, tokens, service_url)
            sequential: list[float] = []
            for n in range(WARM_UP + SEQUENTIAL):
                status, elapsed, _ = await load.post(n)
                if status != 201:
                    raise RuntimeError(f"a check on the idle bot answered {status}")
                if n >= WARM_UP:
                    sequential.append(elapsed)
            return sequential, await _burst(load)
    finally:
        child.terminate()
        child.join(20)


def _report(name: str, burst: Burst) -> list[str]:
    lines = [summary(f"{name}: admitted, send to answer", burst.admitted)]
    if burst.refused_first:
        lines.append(
            summary(f"{name}: 503 to the first wave (all {BURST} sent at once)", burst.refused_first)
        )
    if burst.refused:
        lines.append(summary(f"{name}: 503 to retries, send to answer", burst.refused))
    statuses = dict(sorted(burst.statuses.items()))
    lines.append(
        f"{name}: {BURST} clients, {burst.attempts} attempts, statuses {statuses}, "
        f"never admitted {burst.lost} (target 0)"
    )
    return lines


async def _measure() -> list[str]:
    with tempfile.TemporaryDirectory() as work, TokenService() as tokens, ConnectorServer() as stand_in:
        idle, unbounded = await _with_bot(UNBOUNDED, tokens.metadata_url, tokens, stand_in.url, work)
        stand_in.clear()
        _, bounded = await _with_bot(DEFAULT_MAX_TURNS, tokens.metadata_url, tokens, stand_in.url, work)
        floor = await _floor(tokens, stand_in.url)
    idle_median = statistics.median(idle)
    admitted_median = statistics.median(bounded.admitted)
    admitted_p99 = percentile(bounded.admitted, 99)
    refused = bounded.refused_first + bounded.refused
    lines = [
        summary("baseline: one authenticated check at a time, idle bot", idle),
        *_report("baseline: no bound on turns in flight", unbounded),
        *_report(f"SOCIALDESK_MAX_TURNS={DEFAULT_MAX_TURNS} (the default)", bounded),
        f"admitted / idle: median {ratio(admitted_median, idle_median)}, "
        f"p99 {ratio(admitted_p99, percentile(idle, 99))}",
        f"admitted / unbounded: median {ratio(admitted_median, statistics.median(unbounded.admitted))}, "
        f"p99 {ratio(admitted_p99, percentile(unbounded.admitted, 99))} "
        f"(target: admitted p99 under 2 s; it was {ms(admitted_p99)})",
    ]
    lines.append(summary(f"floor: a bare server answering all {BURST} at once with 503", floor))
    if bounded.refused_first:
        first = statistics.median(bounded.refused_first)
        lines.append(
            f"503 to the first wave / floor: median {ratio(first, statistics.median(floor))}, "
            f"p99 {ratio(percentile(bounded.refused_first, 99), percentile(floor, 99))}"
        )
    if refused:
        lines.append(
            f"503 / idle check: median {ratio(statistics.median(refused), idle_median)} "
            f"(target: 503s under 50 ms; all 503s: median {ms(statistics.median(refused))}, "
            f"p99 {ms(percentile(refused, 99))})"
        )
    return lines


def run() -> list[str]:
    return asyncio.run(_measure())


if __name__ == "__main__":
    for line in run():
        print(line, flush=True)

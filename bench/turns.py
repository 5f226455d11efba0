"""Per-turn latency over HTTP: `check` beside a trivial echo turn through the same stack, same run.

Both turns go the whole way: an HTTP POST to /api/messages on 127.0.0.1, the app's checks, the
Bot Framework adapter, the bot, and the reply POSTed back to a Bot Connector stand-in (in its own
thread, as the real connector is another service). `check` adds the policy engine, the author's
history from the TinyDB register (on disk), the redacted write and the assessment card. The echo
turn exists only here, in a bench-only subclass of the bot. Turns alternate so both see the same
conditions; the target is check within 1.3x of echo.
"""

from __future__ import annotations

import asyncio
import resource
import statistics
import tempfile
import time
from pathlib import Path

from botbuilder.core import TurnContext

from bench.stats import peak_rss_mib, percentile, ratio, summary
from dialogs.bot import SocialDeskBot
from policy.pack import default_pack
from register.tinydb_store import open_tinydb_register
from settings import Settings
from tests.support.activities import Teams
from tests.support.botserver import serve
from tests.support.connector import ConnectorServer

WARM_UP = 20
SAMPLES = 300
AUTHORS = 40
POSTS = (
    "Thank you to the staff on ward 4, my dad was looked after brilliantly",
    "Waited six hours in A&E again, this place is a joke and the managers are useless",
    "When is visiting time on the children's ward at the weekend?",
    "My mum's operation was cancelled twice, who do I complain to about her care?",
    "You lot are a disgrace, absolute idiots the lot of you",
    "Is the car park free for blue badge holders?",
)


class EchoBot(SocialDeskBot):
    """The real bot, plus an `echo` turn that replies with its text: the baseline for `check`."""

    async def on_message_activity(self, turn_context: TurnContext) -> None:
        text = turn_context.activity.text or ""
        if text.startswith("echo "):
            await turn_context.send_activity(text[5:])
            return
        await super().on_message_activity(turn_context)


def _rss_mib() -> float:
    """Resident memory now (Linux /proc), in MiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def _measure() -> list[str]:
    pack = default_pack()
    with tempfile.TemporaryDirectory() as tmp, ConnectorServer() as connector:
        register = open_tinydb_register(Path(tmp) / "data")
        settings = Settings(local=True, data_dir=Path(tmp) / "data")
        rss_before = _rss_mib()
        async with serve(settings, register, pack, bot_class=EchoBot) as bot:
            teams = Teams(connector.url)
            echo: list[float] = []
            check: list[float] = []
            for i in range(WARM_UP + SAMPLES):
                post = POSTS[i % len(POSTS)]
                check_text = f"check @author{i % AUTHORS} on facebook: {post}"
                for text, samples in ((f"echo {post}", echo), (check_text, check)):
                    activity = teams.message(text)
                    start = time.perf_counter()
                    reply = await bot.post(activity)
                    elapsed = time.perf_counter() - start
                    if reply.status != 201:
                        raise RuntimeError(f"turn failed with HTTP {reply.status}: {reply.text[:200]}")
                    if i >= WARM_UP:
                        samples.append(elapsed)
                if i % 50 == 0:
                    connector.clear()
            rss_after = _rss_mib()
        await register.close()
    return [
        summary("echo turn (HTTP in, adapter, reply to connector)", echo),
        summary("check turn (+ engine, register history and write, card)", check),
        f"check / echo: median {ratio(statistics.median(check), statistics.median(echo))}, "
        f"p99 {ratio(percentile(check, 99), percentile(echo, 99))} "
        "(target: median within 1.3x)",
        f"resident memory: {rss_before:.1f} MiB before serving, {rss_after:.1f} MiB after "
        f"{2 * (WARM_UP + SAMPLES)} turns; peak {peak_rss_mib():.1f} MiB",
    ]


def run() -> list[str]:
    return asyncio.run(_measure())

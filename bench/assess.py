"""Benchmark: 10,000 posts through `assess`, beside the cost of reading and writing the same JSON lines.

Per-post latency is measured around each post's assessment and output (wall clock and this process's
CPU time); the baseline loop parses and serialises the same lines without assessing. One core, in
this process.
"""

from __future__ import annotations

import json
import random
import statistics
import time
from datetime import UTC, datetime, timedelta

from bench.stats import ms, peak_rss_mib, percentile, ratio
from policy.cli import assess_stream
from policy.pack import default_pack

POSTS = 10_000
TEXTS = (
    "What are the visiting hours on the children's ward?",
    "Thank you to the amazing team in the Cancer Centre ❤️",
    "Why has my mum's operation been cancelled again? I want to complain",
    "You lot are a shower of useless morons",
    "Vaccines cause autism and the NHS hides it",
    "Patient NHS no. 943 476 5919 please update her address",
    "Earn £300 a day from home, click my bio",
    "I know which gym you go to, see you soon",
    "Where do I park for the Treatment Centre?",
    "The cuts are killing our NHS. Fund it properly.",
)

FILLER = (
    "today again really the ward staff car park morning please honestly still waiting thanks team".split()
)


def make_lines(count: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    start = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
    lines = []
    for i in range(count):
        at = start + timedelta(minutes=i)
        if i % 50 == 49:
            lines.append(
                json.dumps({"type": "advised", "author": f"@user{rng.randrange(500)}", "at": at.isoformat()})
            )
            continue
        # Every text is different, so no cache can answer a post it has not read before.
        filler = " ".join(rng.choice(FILLER) for _ in range(rng.randrange(3, 12)))
        text = f"{rng.choice(TEXTS)} {filler} #{i}"
        post = {"id": f"b{i}", "text": text, "author": f"@user{rng.randrange(500)}", "at": at.isoformat()}
        lines.append(json.dumps(post, ensure_ascii=False))
    return lines


def run() -> list[str]:
    pack = default_pack()
    lines = make_lines(POSTS)
    now = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)

    def clock() -> datetime:
        return now

    # Baseline: the same lines read and written, nothing assessed.
    base_start = time.perf_counter()
    for line in lines:
        json.dumps(json.loads(line))
    baseline = time.perf_counter() - base_start

    # Warm the lexicon once so compiling it is not counted against the first post.
    list(assess_stream(lines[:1], pack, clock))
    per_post: list[float] = []
    per_post_cpu: list[float] = []
    last, last_cpu = time.perf_counter(), time.process_time()
    start = last
    for result in assess_stream(lines, pack, clock):
        json.dumps(result, ensure_ascii=False)
        now_t, now_cpu = time.perf_counter(), time.process_time()
        per_post.append(now_t - last)
        per_post_cpu.append(now_cpu - last_cpu)
        last, last_cpu = now_t, now_cpu
    total = time.perf_counter() - start
    assessed = len(per_post)
    base_per_line = baseline / len(lines)
    return [
        f"posts: {assessed} (plus {len(lines) - assessed} advice events)",
        f"assess: {assessed / total:,.0f} posts/s; per post median={ms(statistics.median(per_post))} "
        f"p99={ms(percentile(per_post, 99))}",
        f"baseline (read+write JSON only): {len(lines) / baseline:,.0f} lines/s; "
        f"per line {ms(base_per_line)}",
        # CPU time is what this process used: steadier than wall time on a shared, busy machine.
        f"assess CPU time per post: median={ms(statistics.median(per_post_cpu))} "
        f"p99={ms(percentile(per_post_cpu, 99))}",
        f"engine cost per post (median minus baseline): {ms(statistics.median(per_post) - base_per_line)}; "
        f"median ratio vs baseline {ratio(statistics.median(per_post), base_per_line)}",
        f"peak resident memory: {peak_rss_mib():.1f} MiB",
    ]

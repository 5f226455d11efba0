"""Benchmark: what an account's history costs `socialdesk assess`, beside the same lines without authors.

    1,000 authors       100,000 lines, one a minute, each post from one of 1,000 accounts (about 100
                        posts each over ten weeks), advice to one of them every 50th line
    one author          10,000 lines, one a minute, every post from the same account (60 in any hour),
                        advice every 50th line
    baseline            the same lines with the author taken off every post: nothing has history

Texts are the assess bench's: every one different, so no cache answers a post it has not read. Each
stream runs in a fresh process, so that the engine's caches are cold alike for the stream and its
baseline. Per-post latency is measured around each post's assessment and output, as in bench/assess.py.
The target: within 1.5x of the baseline (the history used to make the cost grow with the square of
the stream: 163 s against 5.4 s for the 1,000 authors, and 472 s for the one author).
"""

from __future__ import annotations

import json
import multiprocessing
import random
import statistics
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, datetime, timedelta

from bench.assess import FILLER, TEXTS
from bench.stats import ms, percentile, ratio

STREAMS = {
    # name: (lines, accounts)
    "1,000 authors": (100_000, 1_000),
    "one author": (10_000, 1),
}
TARGET_RATIO = 1.5


def make_lines(count: int, accounts: int, with_authors: bool, seed: int = 11) -> list[str]:
    """The stream; without authors, the same lines with "author" left off every post."""
    rng = random.Random(seed)
    start = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
    lines = []
    for i in range(count):
        at = (start + timedelta(minutes=i)).isoformat()
        author = f"@user{rng.randrange(accounts)}"
        if i % 50 == 49:
            lines.append(json.dumps({"type": "advised", "author": author, "at": at}))
            continue
        filler = " ".join(rng.choice(FILLER) for _ in range(rng.randrange(3, 12)))
        post = {"id": f"h{i}", "text": f"{rng.choice(TEXTS)} {filler} #{i}", "at": at}
        if with_authors:
            post["author"] = author
        lines.append(json.dumps(post, ensure_ascii=False))
    return lines


def time_stream(count: int, accounts: int, with_authors: bool) -> tuple[list[float], float]:
    """Per-post seconds and the total, for one stream (run in its own process)."""
    from policy.cli import assess_stream
    from policy.pack import default_pack

    pack = default_pack()
    lines = make_lines(count, accounts, with_authors)
    now = datetime(2027, 3, 1, 12, 0, tzinfo=UTC)

    def clock() -> datetime:
        return now

    # Compile the lexicon on a post that is not in the stream, so the first post does not pay for it.
    list(assess_stream([json.dumps({"id": "warm", "text": "Where do I park?"})], pack, clock))
    per_post: list[float] = []
    last = start = time.perf_counter()
    for result in assess_stream(lines, pack, clock):
        json.dumps(result, ensure_ascii=False)
        now_t = time.perf_counter()
        per_post.append(now_t - last)
        last = now_t
    return per_post, time.perf_counter() - start


def _in_fresh_process(count: int, accounts: int, with_authors: bool) -> tuple[list[float], float]:
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        return pool.submit(time_stream, count, accounts, with_authors).result()


def run() -> list[str]:
    report = []
    for name, (count, accounts) in STREAMS.items():
        with_history, total = _in_fresh_process(count, accounts, True)
        baseline, base_total = _in_fresh_process(count, accounts, False)
        median, base_median = statistics.median(with_history), statistics.median(baseline)
        verdict = "within" if total / base_total <= TARGET_RATIO else "NOT within"
        report += [
            f"{name}: {len(with_history):,} posts in {total:.1f} s; per post median={ms(median)} "
            f"p99={ms(percentile(with_history, 99))}",
            f"  baseline (same lines, no authors): {base_total:.1f} s; per post median={ms(base_median)} "
            f"p99={ms(percentile(baseline, 99))}",
            f"  ratio: total {ratio(total, base_total)}, median {ratio(median, base_median)} "
            f"({verdict} the {TARGET_RATIO}x target)",
        ]
    return report


if __name__ == "__main__":
    for line in run():
        print(line)

"""Small helpers every benchmark uses: timing samples, medians and percentiles, peak memory."""

from __future__ import annotations

import resource
import statistics
import time
from collections.abc import Callable, Iterable


def percentile(samples: list[float], pct: float) -> float:
    """The pct-th percentile (nearest rank) of samples."""
    ordered = sorted(samples)
    rank = max(0, min(len(ordered) - 1, round(pct / 100 * len(ordered) + 0.5) - 1))
    return ordered[rank]


def time_each(fn: Callable[[], object], repeat: int) -> list[float]:
    """Seconds taken by each of `repeat` calls of fn."""
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return samples


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.3f} ms"


def summary(name: str, samples: Iterable[float]) -> str:
    values = list(samples)
    return f"{name}: n={len(values)} median={ms(statistics.median(values))} p99={ms(percentile(values, 99))}"


def ratio(candidate: float, baseline: float) -> str:
    return f"{candidate / baseline:.2f}x" if baseline > 0 else "n/a"


def peak_rss_mib() -> float:
    """Peak resident memory of this process so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

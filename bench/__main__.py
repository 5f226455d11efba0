"""Run every benchmark: `python -m bench` (or `make bench`). Each prints medians beside its baseline."""

from __future__ import annotations

import importlib
import sys

# Each module offers run() -> list[str]: the lines of its report.
BENCHES = (
    "bench.assess",
    "bench.history",
    "bench.register",
    "bench.chain",
    "bench.turns",
    "bench.admission",
    "bench.digest",
    "bench.report",
    "bench.azure",
    "bench.instances",
)


def main() -> int:
    for name in BENCHES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        print(f"## {name.removeprefix('bench.')}", flush=True)
        for line in module.run():
            print(line, flush=True)
        print(flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

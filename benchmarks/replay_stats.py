"""What the replay panel's statistics cost: ``ReplayMemory.stats`` and ``histograms``.

The panel asks for them a few times a second during a run, on the training thread; this
reports their time per call on a full memory of the notebook's size (50,000 CartPole
transitions) and of a large one.

    python -m benchmarks.replay_stats [--calls 20] [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
import time

import numpy as np

from dqn_lab.core.replay import ReplayMemory


def full_memory(capacity: int, state_size: int = 4, seed: int = 0) -> ReplayMemory:
    """A memory filled with random transitions (two actions, as CartPole)."""
    rng = np.random.default_rng(seed)
    mem = ReplayMemory(capacity, state_size)
    mem.states[:] = rng.standard_normal((capacity, state_size))
    mem.next_states[:] = rng.standard_normal((capacity, state_size))
    mem.actions[:] = rng.integers(0, 2, capacity)
    mem.rewards[:] = 1.0
    mem.pos, mem.full, mem.total_added = 0, True, capacity
    return mem


def per_call_ms(fn, calls: int) -> float:
    fn()  # first call outside the timing (page faults, caches)
    started = time.perf_counter()
    for _ in range(calls):
        fn()
    return (time.perf_counter() - started) / calls * 1000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=20, help="calls per figure (default 20)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    rows = {}
    for capacity in (50_000, 1_000_000):
        mem = full_memory(capacity)
        rows[capacity] = dict(
            stats_ms=round(per_call_ms(lambda m=mem: m.stats(2), args.calls), 2),
            histograms_ms=round(per_call_ms(mem.histograms, args.calls), 2),
            nbytes=mem.nbytes,
        )
    if args.json:
        print(json.dumps(rows))
    else:
        for capacity, row in rows.items():
            print(
                f"{capacity:>9,} transitions ({row['nbytes'] / 2**20:.1f} MiB): stats "
                f"{row['stats_ms']} ms, histograms {row['histograms_ms']} ms per call"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())

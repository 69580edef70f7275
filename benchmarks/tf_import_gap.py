"""How long importing TensorFlow on a background thread stops the main (GUI) thread.

Each round starts a fresh interpreter in which one thread loads TensorFlow the way the app
does (``dqn_lab.core.tf_loader``) while the main thread sleeps 1 ms at a time and records its
longest wake-up gap: it needs the GIL to wake up, as the GUI's event loop does to run any
Python slot. Rounds alternate with and without the shared-library preload, so the two are
compared side by side on the same machine load.

    python -m benchmarks.tf_import_gap [--rounds 3] [--json]

The test suite checks the behaviour (the libraries are preloaded and reused, TensorFlow's
objects frozen); this script measures the effect and reports it, never asserts it.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

LOAD_WHILE_SLEEPING = r"""
import gc, json, sys, threading, time
sys.path.insert(0, sys.argv[1])
preload = sys.argv[2] == "1"
from dqn_lab.core import tf_loader

if not preload:
    tf_loader.preload_shared_libraries = lambda: []

def load():
    tf_loader.load_tensorflow()

gc.disable()   # as in the app: collections run on a GUI timer, not here
thread = threading.Thread(target=load)
started = time.perf_counter()
thread.start()
longest, last = 0.0, time.perf_counter()
while thread.is_alive():
    time.sleep(0.001)
    now = time.perf_counter()
    longest, last = max(longest, now - last), now
print(json.dumps(dict(longest_gap_ms=longest * 1000,
                      import_s=time.perf_counter() - started)))
"""


def measure(preload: bool) -> dict:
    """One fresh interpreter: the longest main-thread gap and the import's duration."""
    out = subprocess.run(
        [sys.executable, "-c", LOAD_WHILE_SLEEPING, str(ROOT), "1" if preload else "0"],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="rounds of each (default 3)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    results: dict[str, list[dict]] = {"preload": [], "no_preload": []}
    for _ in range(args.rounds):
        results["preload"].append(measure(True))
        results["no_preload"].append(measure(False))
    summary = {
        key: dict(
            gaps_ms=[round(r["longest_gap_ms"], 1) for r in rows],
            median_gap_ms=round(statistics.median(r["longest_gap_ms"] for r in rows), 1),
            median_import_s=round(statistics.median(r["import_s"] for r in rows), 2),
        )
        for key, rows in results.items()
    }
    if args.json:
        print(json.dumps(summary))
    else:
        for key, row in summary.items():
            print(
                f"{key:>10}: longest main-thread gap {row['gaps_ms']} ms "
                f"(median {row['median_gap_ms']} ms); import {row['median_import_s']} s"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())

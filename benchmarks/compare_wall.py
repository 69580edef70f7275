"""Wall time of ``main.py compare`` in one or more source trees, one after the other.

Each tree is a DQN Lab checkout with its own ``.venv``; the command is the same for all of
them (``--parallel`` is the flag both the old per-seed engine and the population engine take):

    python -m benchmarks.compare_wall --tree /path/to/old --tree . \\
        [--agents naive,dqn] [--seeds 5] [--episodes 500] [--parallel 2] [--json]

Reports per tree the wall time of the whole command (TensorFlow start-up of every worker
included), the runs done and each configuration's mean of the last 100 training episodes.
Figures depend on the machine and its load; read the ratio of trees measured in one run.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def run_tree(tree: Path, agents: str, seeds: int, episodes: int, parallel: int) -> dict:
    """One ``compare`` in ``tree`` with its own interpreter and a throw-away data folder."""
    python = tree / ".venv" / "bin" / "python"
    with tempfile.TemporaryDirectory(prefix="dqnlab-compare-wall-") as data:
        cmd = [str(python), "main.py", "compare", "--agents", agents, "--seeds", str(seeds)]
        cmd += ["--episodes", str(episodes), "--parallel", str(parallel), "--json", "--quiet"]
        started = time.perf_counter()
        proc = subprocess.run(
            cmd,
            cwd=tree,
            capture_output=True,
            text=True,
            env={**_env(), "XDG_DATA_HOME": data},
        )
        wall = time.perf_counter() - started
    out = dict(tree=str(tree), wall_s=round(wall, 1), exit_code=proc.returncode)
    try:
        summary = json.loads(proc.stdout.strip().splitlines()[-1])
    except (IndexError, ValueError):
        return dict(out, error=proc.stderr.strip()[-500:])
    out["configurations"] = {
        label: dict(
            runs_done=entry["runs_done"],
            runs_total=entry["runs_total"],
            mean_last_100=entry["mean_last_100"]["mean"],
            statuses=[r["status"] for r in entry["runs"]],
        )
        for label, entry in summary.items()
    }
    return out


def _env() -> dict:
    import os

    return dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--tree", action="append", type=Path, required=True)
    p.add_argument("--agents", default="naive,dqn")
    p.add_argument("--seeds", type=int, default=5)
    p.add_argument("--episodes", type=int, default=500)
    p.add_argument("--parallel", type=int, default=2)
    p.add_argument("--json", action="store_true")
    args = p.parse_args(argv)
    results = [
        run_tree(t.resolve(), args.agents, args.seeds, args.episodes, args.parallel)
        for t in args.tree
    ]
    for r in results:
        print(
            f"{r['tree']}: {r['wall_s']:.1f} s (exit {r['exit_code']})"
            + "".join(
                f"; {label} {c['runs_done']}/{c['runs_total']} done, mean last 100 "
                f"{c['mean_last_100']:.1f}"
                for label, c in r.get("configurations", {}).items()
                if c["mean_last_100"] is not None
            )
            + (f"; error: {r['error']}" if "error" in r else ""),
            flush=True,
        )
    if len(results) > 1 and results[-1]["wall_s"]:
        print(f"ratio first / last: {results[0]['wall_s'] / results[-1]['wall_s']:.2f}x")
    if args.json:
        print(json.dumps(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Ablation of the ``seed-fixed`` preset: which of its changes to the notebook matter?

    nice -n 5 python -m benchmarks.learning_ablation [--seeds 0-9] [--out DIR]

Every configuration below trains the notebook's 32-32 network for its budget (500 episodes
of at most 200 steps on CartPole-v0) for every seed, as one population
(:func:`dqn_lab.core.population.train_population`, K = number of seeds) in its own process.
It reports, per configuration, the mean over seeds of the mean of the last 100 episodes, the
worst seed's, and how many seeds pass the notebook's check (last-100 mean >= 195).

The configurations turn the candidate changes on and off one at a time:
``notebook`` has none, ``fixed`` has all of the preset's, ``fixed - X`` all but X, ``+ X``
only X. Learning figures, not timings: the machine's load does not change them.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

# The candidate changes to the notebook's values, each as the settings it sets.
CHANGES = {
    "bootstrap": {"truncation_as_terminal": False},  # the time limit is not a terminal state
    "gamma": {"gamma": 0.99},  # a discount below 1
    "huber": {"loss": "huber"},  # Huber loss instead of MSE
    "alpha": {"alpha": 0.0005},  # half the notebook's learning rate
    "alpha-quarter": {"alpha": 0.00025},  # a quarter of it
    "double": {"double_dqn": True},  # double DQN's targets
    "clip": {"grad_clip": 10.0},  # gradient-norm clip
    "sync": {"target_model_update_interval": 500},  # a twice as frequent target sync
    "sync100": {"target_model_update_interval": 100},  # a target sync every 100 steps
    "batch": {"batch_size": 64},  # a larger mini-batch
    "explore": {"epsilon_decay": 0.003},  # epsilon reaches its minimum 6x sooner
    # the learning rate anneals linearly to 1e-5 over 25,000 steps after the replay start
    "anneal": {"alpha_schedule": "linear", "alpha_min": 1e-5, "alpha_decay_steps": 25_000},
    "anneal60": {"alpha_schedule": "linear", "alpha_min": 1e-5, "alpha_decay_steps": 60_000},
    "soft": {"target_update": "soft", "tau": 0.01},  # soft target updates, tau 0.01 per update
    "sync50": {"target_model_update_interval": 50},  # a target sync every 50 steps
    "torchinit": {"init": "torch"},  # PyTorch-style uniform initialisation
    # a 100x lower learning rate while the last 10 (or 5) training episodes average >= 195
    "hold": {"solved_rate_factor": 0.01, "solved_window": 10},
    "hold5": {"solved_rate_factor": 0.01, "solved_window": 5},
    "hold001": {"solved_rate_factor": 0.001, "solved_window": 10},  # 1000x lower
    "hold20": {"solved_rate_factor": 0.01, "solved_window": 20},  # a window of 20 episodes
    # after a fall, a 10x lower rate for 5 episodes before the full rate (with hold or hold5)
    "fallback5": {"solved_fallback_episodes": 5},
    # tried on seeds 0-49 against late starters and drifting policies (README, "On 100 seeds")
    "start1000": {"start_replay_step": 1000},  # learning starts 45 episodes sooner
    "start1500": {"start_replay_step": 1500},
    "slowexp": {"epsilon_decay": 0.00025},  # epsilon decays half as fast
    "batch128": {"batch_size": 128},
    "g98": {"gamma": 0.98},
    "g995": {"gamma": 0.995},
    # the notebook's alpha at first, annealed to the preset's over 20,000 steps
    "annealA": {
        "alpha": 0.001,
        "alpha_schedule": "linear",
        "alpha_min": 0.00025,
        "alpha_decay_steps": 20_000,
    },
    "mem10k": {"memory_size": 10_000},  # old transitions leave sooner
    "fastexp": {"epsilon_decay": 0.001},  # epsilon decays twice as fast
    "grad2": {"gradient_steps": 2},  # two updates per environment step
    "mem100k": {"memory_size": 100_000},  # the memory holds the whole run
    "dueling": {"dueling": True},  # a dueling head on the same 32-32 layers
}

#: The preset's changes (the ``fixed`` configuration); see README, "Learning".
FIXED: tuple[str, ...] = ("gamma", "alpha-quarter", "sync100", "double", "hold001")

#: The configurations of the published table (a name is read by :func:`changes_of`).
CONFIGS = [
    "notebook",
    "fixed",
    "fixed - gamma",
    "fixed - alpha-quarter",
    "fixed - sync100",
    "fixed - double",
    "fixed - hold001",
    "fixed + bootstrap",
    "fixed + batch",
    "fixed + anneal",
    "+ bootstrap + gamma",
    "+ alpha + sync",
]


def changes_of(name: str) -> tuple[str, ...]:
    """'notebook', 'fixed', or either followed by '+ X' / '- X' terms (a bare '+ X ...'
    starts from the notebook)."""
    words = name.split()
    changes = list(FIXED) if words and words[0] == "fixed" else []
    if words and words[0] in ("fixed", "notebook"):
        words = words[1:]
    for sign, change in zip(words[::2], words[1::2]):
        if change not in CHANGES or sign not in "+-":
            raise SystemExit(f"unknown configuration term {sign} {change!r}")
        if sign == "+":
            changes.append(change)
        elif change in changes:
            changes.remove(change)
    return tuple(changes)


def settings_of(changes: tuple[str, ...]) -> dict:
    out: dict = {}
    for name in changes:
        out.update(CHANGES[name])
    return out


def run_config(name: str, seeds: list[int], out: Path) -> None:
    """Train configuration ``name`` for every seed as one population; write its JSON."""
    from dqn_lab.core.population import train_population
    from dqn_lab.core.presets import preset

    config = preset("seed").replace(**settings_of(changes_of(name)))
    results = train_population(config, seeds, eval_episodes=0)
    rows = [
        dict(
            seed=r["seed"],
            mean_last_100=r["mean_last_100"],
            solved=r["solved"],
            env_steps=r["env_steps"],
        )
        for r in results
    ]
    out.write_text(
        json.dumps(dict(name=name, settings=settings_of(changes_of(name)), members=rows), indent=1)
    )


def table(folder: Path, names: list[str]) -> str:
    lines = [
        "| configuration | settings | mean of last 100 (mean over seeds) | worst seed | passes |",
        "|---|---|---|---|---|",
    ]
    for name in names:
        path = folder / f"{_file(name)}.json"
        if not path.exists():
            lines.append(f"| {name} | | (not run) | | |")
            continue
        data = json.loads(path.read_text())
        means = [m["mean_last_100"] for m in data["members"]]
        passes = sum(m["solved"] for m in data["members"])
        settings = ", ".join(f"{k}={v}" for k, v in data["settings"].items()) or "-"
        lines.append(
            f"| {name} | {settings} | {sum(means) / len(means):.1f} | "
            f"{min(means):.1f} | {passes}/{len(means)} |"
        )
    return "\n".join(lines)


def _file(name: str) -> str:
    return "".join(ch if ch.isalnum() else "_" for ch in name).strip("_") or "x"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", default="0,1,2,3,4,5,6,7,8,9")
    parser.add_argument("--out", default="benchmarks/ablation_results")
    parser.add_argument("--one", help="run one configuration (used by the parent)")
    parser.add_argument(
        "--only",
        help="configuration names to run, separated by ';' (e.g. 'fixed - double;+ alpha')",
    )
    parser.add_argument("--table", action="store_true", help="only print the table")
    args = parser.parse_args(argv)
    from dqn_lab.core.population import parse_seeds

    seeds = parse_seeds(args.seeds)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    if args.one:
        run_config(args.one, seeds, out / f"{_file(args.one)}.json")
        return 0
    names = [n.strip() for n in args.only.split(";")] if args.only else list(CONFIGS)
    if not args.table:
        procs = [
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "benchmarks.learning_ablation",
                    "--one",
                    name,
                    "--seeds",
                    args.seeds,
                    "--out",
                    str(out),
                ]
            )
            for name in names
        ]
        for proc in procs:
            proc.wait()
    print(table(out, names))
    return 0


if __name__ == "__main__":
    sys.exit(main())

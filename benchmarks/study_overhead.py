"""Engine overhead per trial: what Optuna and its storage add to a trial, next to its training.

For each storage (a journal file; PostgreSQL on a throw-away server started here when the
Debian binaries are installed) it runs ``--trials`` trials of the real tune objective with a
stand-in for training (no TensorFlow: only the engine's work is left: ask, suggest, the
per-seed reports and user attributes, the heartbeat thread of a journal trial, tell), then
one real trial of ``--seeds`` seeds (trained as one population) of ``--episodes`` episodes on
the same engine. The report is the overhead per trial in milliseconds and as a share of the
real trial's time.

    python -m benchmarks.study_overhead [--trials 30] [--seeds 3] [--episodes 50] [--json]

Figures depend on the machine and its load; measure side by side in one run.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

PG_BIN = Path(os.environ.get("DQN_LAB_PG_BIN", "/usr/lib/postgresql/15/bin"))


@contextlib.contextmanager
def temporary_postgres():
    """A PostgreSQL server on 127.0.0.1 and a free port in a temporary folder; its URL.

    Run as 'postgres' through runuser when we are root. Raises RuntimeError with the reason
    when the server binaries are missing. Stopped and deleted on exit.
    """
    if not (PG_BIN / "initdb").exists():
        raise RuntimeError(
            f"PostgreSQL server binaries not found in {PG_BIN} "
            f"(apt-get install postgresql, or set DQN_LAB_PG_BIN)"
        )
    as_root = os.geteuid() == 0
    if as_root and shutil.which("runuser") is None:
        raise RuntimeError("running as root without runuser: cannot start PostgreSQL")
    prefix = ["runuser", "-u", "postgres", "--"] if as_root else []
    folder = Path(tempfile.mkdtemp(prefix="dqnlab-pg-"))
    data = folder / "data"
    if as_root:
        shutil.chown(folder, "postgres", "postgres")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]

    def run(*cmd):
        return subprocess.run(
            [*prefix, *cmd], check=True, capture_output=True, text=True, timeout=120
        )

    started = False
    try:
        run(str(PG_BIN / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8")
        run(
            str(PG_BIN / "pg_ctl"),
            "-D",
            str(data),
            "-l",
            str(folder / "server.log"),
            "-w",
            "-o",
            f"-p {port} -k {folder} -c listen_addresses=127.0.0.1",
            "start",
        )
        started = True
        run(
            str(PG_BIN / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "dqnlab"
        )
        yield f"postgresql://postgres@127.0.0.1:{port}/dqnlab"
    finally:
        if started:
            subprocess.run(
                [*prefix, str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"],
                capture_output=True,
                timeout=120,
            )
        shutil.rmtree(folder, ignore_errors=True)


def _no_training(config, seeds, report, *, eval_episodes, eval_seed, **_):
    """The objective's calls without training: one report per seed, as a real trial makes."""
    from dqn_lab.core.study import SeedResult

    out = []
    for i, seed in enumerate(seeds):
        r = SeedResult(int(seed), 10.0 + i, (10.0,) * eval_episodes, 10.0, 1, 10, 0.0)
        out.append(r)
        report(i, r)
    return out


def measure(storage_text: str, name: str, trials: int, seeds: int, episodes: int) -> dict:
    """Engine-only seconds per trial, and one real trial's seconds, on one storage."""
    import optuna

    from dqn_lab.core.config import Config
    from dqn_lab.core.study import (
        StudySettings,
        create_or_load,
        limit_tensorflow_threads,
        make_pruner,
        make_sampler,
        open_storage,
        parse_search,
        tune_objective,
    )

    base = Config(episodes=episodes)
    settings = StudySettings(
        "tune",
        base,
        parse_search(["alpha=0.0001:0.01:log", "gamma=0.9:1.0"]),
        tuple(42 + i for i in range(seeds)),
        eval_episodes=10,
        pruner="none",
    )
    storage = open_storage(storage_text)
    create_or_load(storage, name, settings)
    study = optuna.load_study(
        study_name=name,
        storage=storage,
        sampler=make_sampler("tpe", settings.space),
        pruner=make_pruner("none"),
    )
    started = time.perf_counter()
    study.optimize(tune_objective(settings, train=_no_training), n_trials=trials)
    engine_s = (time.perf_counter() - started) / trials
    limit_tensorflow_threads()
    started = time.perf_counter()
    study.optimize(tune_objective(settings), n_trials=1)
    real_s = time.perf_counter() - started
    return dict(
        storage=storage_text.split("://")[0] if "://" in storage_text else "journal",
        engine_ms_per_trial=round(engine_s * 1000, 1),
        real_trial_s=round(real_s, 2),
        overhead_share=round(engine_s / real_s, 5),
        trials_measured=trials,
        seeds=seeds,
        episodes=episodes,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--trials", type=int, default=30)
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--episodes", type=int, default=50)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    rows = []
    with tempfile.TemporaryDirectory(prefix="dqnlab-bench-") as folder:
        rows.append(
            measure(
                str(Path(folder) / "bench.journal"), "bench", args.trials, args.seeds, args.episodes
            )
        )
    try:
        with temporary_postgres() as url:
            rows.append(measure(url, "bench", args.trials, args.seeds, args.episodes))
    except RuntimeError as exc:
        print(f"PostgreSQL skipped: {exc}")
    for r in rows:
        print(
            f"{r['storage']:>10}: engine {r['engine_ms_per_trial']:8.1f} ms per trial "
            f"({r['seeds']} seed reports); a real trial ({r['seeds']} x {r['episodes']} "
            f"episodes) {r['real_trial_s']:.1f} s; overhead {100 * r['overhead_share']:.2f}%"
        )
    if args.json:
        print(json.dumps(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Training in the app against the same run headless, the whole run, on a loaded machine.

Run ``python -m benchmarks.app_priority`` (``--json`` for one JSON line). Each run is a
fresh process under the offscreen Qt platform training the notebook's DQN for
``--env-steps`` environment steps (seed 42, so every run plays the same episodes):

* **headless**: the core ``Trainer`` alone (what the CLI runs);
* **app, <mode>**: the whole app (every panel docked and shown at 1280 x 720, the viewport
  watching) started with the ``--training-priority`` it would get from View > Training
  priority: ``normal`` (the training thread at the window's priority) or ``lower`` (nice +5,
  the window first). A 10 ms ``QTimer`` probe records the event loop's gaps.

The figure is the whole run: from Start (the agent's build included) to the run's end, so
TensorFlow's start, the XLA compile and every episode count. ``--load N`` starts N
processes that spin on a CPU at normal priority for the whole benchmark (what a busy machine
looks like; 0 for none). Runs alternate, their order rotating every round, and the medians
are reported with each round's figures: compare the ratios, not the absolute times.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROBE_MS = 10
MODES = ("normal", "lower")


def bench_config(env_steps: int):
    from dqn_lab.core.config import Config

    return Config().replace(episodes=100_000, max_env_steps=env_steps)


def child_headless(args) -> dict:
    from dqn_lab.core.records import RunFinished
    from dqn_lab.core.training import Trainer, TrainingControl

    t0 = time.monotonic()
    trainer = Trainer(bench_config(args.env_steps), TrainingControl())
    summary: dict = {}
    for ev in trainer.run():
        if isinstance(ev, RunFinished):
            summary = dict(ev.summary)
    trainer.close()
    return dict(wall_s=round(time.monotonic() - t0, 2), env_steps=summary.get("env_steps"))


def child_app(args) -> dict:
    from PySide6.QtCore import QElapsedTimer, QObject, QSettings, QTimer, Slot

    from dqn_lab.gui.app import make_application, start_warm_up

    app = make_application([])
    from dqn_lab.gui.main_window import MainWindow

    tmp = tempfile.TemporaryDirectory()
    settings = QSettings(str(Path(tmp.name) / "s.ini"), QSettings.Format.IniFormat)
    settings.setValue("training/priority", args.mode)
    window = MainWindow(bench_config(args.env_steps), settings=settings)
    window.resize(1280, 720)
    window.show()
    warm_up = start_warm_up()  # as the app does after its first paint
    gaps: list[float] = []
    clock = QElapsedTimer()
    result: dict = {}

    def tick() -> None:
        now = clock.nsecsElapsed() / 1e6
        if result.get("last") is not None:
            gaps.append(now - result["last"])
        result["last"] = now

    class Receiver(QObject):  # on the GUI thread, so the worker's signal is queued here
        @Slot(object)
        def finished(self, summary) -> None:
            result.update(wall_s=time.monotonic() - t0, env_steps=summary.get("env_steps"))
            app.quit()

    receiver = Receiver()

    def start() -> None:
        nonlocal t0
        clock.start()
        timer.start()
        t0 = time.monotonic()
        window.start()
        window.model.session.worker.finished.connect(receiver.finished)

    t0 = 0.0
    timer = QTimer()
    timer.setInterval(PROBE_MS)
    timer.timeout.connect(tick)
    QTimer.singleShot(500, start)  # a user presses Start on a window that is already up
    app.exec()
    timer.stop()
    window.model.dirty = False  # nothing to ask about on close
    window.close()
    warm_up.join(timeout=30)
    tmp.cleanup()
    gaps = gaps or [0.0]
    return dict(
        wall_s=round(result.get("wall_s", float("nan")), 2),
        env_steps=result.get("env_steps"),
        max_gap_ms=round(max(gaps), 1),
        p99_gap_ms=round(statistics.quantiles(gaps, n=100)[98], 1) if len(gaps) > 100 else None,
        gaps_over_50ms=sum(g > 50 for g in gaps),
    )


def spin(_index: int) -> None:  # a CPU-bound neighbour
    while True:
        pass


def run_child(kind: str, mode: str, args) -> dict:
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        SDL_VIDEODRIVER="dummy",
        SDL_AUDIODRIVER="dummy",
        TF_CPP_MIN_LOG_LEVEL="3",
        PYGAME_HIDE_SUPPORT_PROMPT="1",
    )
    cmd = [sys.executable, "-m", "benchmarks.app_priority", "--child", kind, "--mode", mode]
    cmd += ["--env-steps", str(args.env_steps), "--timeout-s", str(args.timeout_s)]
    out = subprocess.run(
        cmd, capture_output=True, text=True, cwd=ROOT, env=env, timeout=args.timeout_s + 120
    )
    lines = [x for x in out.stdout.splitlines() if x.startswith("{")]
    if out.returncode != 0 or not lines:
        raise RuntimeError(f"{kind} child failed ({out.returncode}):\n{out.stderr[-2000:]}")
    return json.loads(lines[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--child", choices=("headless", "app"), help=argparse.SUPPRESS)
    parser.add_argument("--mode", choices=MODES, default="normal", help=argparse.SUPPRESS)
    parser.add_argument("--env-steps", type=int, default=12_000, help="length of every run")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--load", type=int, default=2, help="CPU-bound neighbours to start")
    parser.add_argument("--modes", default=",".join(MODES), help="app modes to compare")
    parser.add_argument("--timeout-s", type=float, default=900.0)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if args.child:
        child = child_headless if args.child == "headless" else child_app
        print(json.dumps(child(args)), flush=True)
        return 0
    kinds = [("headless", "")] + [("app", m) for m in args.modes.split(",")]
    load = [multiprocessing.Process(target=spin, args=(i,), daemon=True) for i in range(args.load)]
    for p in load:
        p.start()
    rounds: list[dict] = []
    try:
        for r in range(args.rounds):
            order = kinds[r % len(kinds) :] + kinds[: r % len(kinds)]
            row = {}
            for kind, mode in order:
                name = kind if kind == "headless" else f"app-{mode}"
                row[name] = run_child(kind, mode or "normal", args)
                if not args.json:
                    print(f"round {r + 1} {name}: {row[name]}", flush=True)
            rounds.append(row)
    finally:
        for p in load:
            p.terminate()
            p.join()
    names = list(rounds[0])
    medians = {
        n: dict(
            wall_s=statistics.median(x[n]["wall_s"] for x in rounds),
            **(
                dict(
                    max_gap_ms=statistics.median(x[n]["max_gap_ms"] for x in rounds),
                    speed_vs_headless=statistics.median(
                        x["headless"]["wall_s"] / x[n]["wall_s"] for x in rounds
                    ),
                )
                if n != "headless"
                else {}
            ),
        )
        for n in names
    }
    report = dict(env_steps=args.env_steps, load=args.load, medians=medians, rounds=rounds)
    if args.json:
        print(json.dumps(report))
    else:
        for n, m in medians.items():
            extra = ""
            if "speed_vs_headless" in m:
                extra = (
                    f"  {100 * m['speed_vs_headless']:.0f}% of headless,"
                    f" longest gap {m['max_gap_ms']:.0f} ms"
                )
            print(f"median {n:12s} {m['wall_s']:7.1f} s{extra}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

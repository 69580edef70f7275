"""The timings the test suite checks only as behaviour, measured and reported here.

Tests never assert wall-clock time (the machine is shared, and a loaded machine made them
fail); they check what the code does. How fast it does it is reported by this script:

* ``hostile``: refusing each file of the hostile-bundle corpus (``tests/test_hostile_bundles``)
  and randomly mutated bundles: the longest and median time per refusal;
* ``plots``: one refresh and one paint of the learning curves with 20,000 episodes;
* ``shutdown``: stopping three training children of a :class:`dqn_lab.core.run_manager.RunManager`;
* ``compare``: the compare view's event-loop gaps while two children train, and how long
  closing it takes.

    python -m benchmarks.suite_timings [--only hostile,plots,shutdown,compare] [--json]

Needs the test extra (pytest) for the hostile corpus, and runs Qt offscreen.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np  # noqa: E402

from dqn_lab.core.config import Config  # noqa: E402

SECTIONS = ("hostile", "plots", "shutdown", "compare")


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 1)


def hostile(mutations: int = 200) -> dict:
    """Time to refuse each corpus file and ``mutations`` randomly mutated bundles."""
    import zipfile

    from dqn_lab.core.persistence import BundleError, read_bundle, save_bundle
    from dqn_lab.core.training import Trainer
    from tests import test_hostile_bundles as corpus

    with tempfile.TemporaryDirectory() as folder:
        trainer = Trainer(
            Config().replace(episodes=3, batch_size=8, start_replay_step=16, memory_size=500)
        )
        list(trainer.run())
        path = Path(folder) / "orig.dqnlab"
        save_bundle(path, trainer)
        trainer.close()
        with zipfile.ZipFile(path) as zf:
            members = {name: zf.read(name) for name in zf.namelist()}
        original = (path.read_bytes(), read_bundle(path), members)
        target = Path(folder) / "hostile.dqnlab"

        def refusal_s(data: bytes) -> float:
            target.write_bytes(data)
            started = time.perf_counter()
            try:
                read_bundle(target)
            except BundleError:
                pass
            return time.perf_counter() - started

        cases = {name: refusal_s(build(original)) for name, (build, _) in corpus.CORPUS.items()}
        rng = np.random.default_rng(1)
        mutated = [refusal_s(corpus.mutate(original[0], rng)) for _ in range(mutations)]
    slowest = max(cases, key=cases.__getitem__)
    return dict(
        corpus_files=len(cases),
        corpus_max_ms=_ms(cases[slowest]),
        corpus_slowest=slowest,
        corpus_median_ms=_ms(statistics.median(cases.values())),
        mutations=mutations,
        mutation_max_ms=_ms(max(mutated)),
        mutation_median_ms=_ms(statistics.median(mutated)),
    )


def plots(episodes: int = 20_000) -> dict:
    """One refresh and one paint of the learning curves holding ``episodes`` episodes."""
    from PySide6.QtWidgets import QApplication

    from dqn_lab.core.environment import env_info
    from dqn_lab.core.records import EpisodeEnd
    from dqn_lab.gui.plots_panel import PlotsPanel

    app = QApplication.instance() or QApplication([])
    panel = PlotsPanel()
    panel.resize(700, 450)
    panel.start_run(Config(), env_info("CartPole-v0"))
    panel.show()
    rng = np.random.default_rng(2)

    def episode(i: int, score: float) -> EpisodeEnd:
        return EpisodeEnd(
            episode=i,
            score=score,
            steps=int(score),
            epsilon=0.5,
            loss=float(rng.random() + 0.01),
            mean_q=2.0 * i,
            steps_per_s=1000.0,
            env_steps=200 * (i + 1),
            mean_100=float("nan"),
            elapsed_s=float(i),
        )

    for i, s in enumerate(rng.integers(8, 201, episodes)):
        panel.add_episode(episode(i, float(s)))
    panel.refresh()
    panel.grab()  # the first paint builds the caches
    panel.add_episode(episode(episodes, 200.0))
    started = time.perf_counter()
    panel.refresh()
    refresh = time.perf_counter() - started
    started = time.perf_counter()
    panel.grab()
    paint = time.perf_counter() - started
    panel.close()
    app.processEvents()
    return dict(episodes=episodes, refresh_ms=_ms(refresh), paint_ms=_ms(paint))


def shutdown(children: int = 3) -> dict:
    """Time for ``RunManager.shutdown`` to stop ``children`` training processes."""
    from dqn_lab.core.run_manager import RunManager

    manager = RunManager(parallel=children, eval_episodes=0)
    for seed in range(42, 42 + children):
        manager.add("dqn", Config(episodes=100_000, seed=seed))
    manager.poll()
    time.sleep(1.0)
    started = time.perf_counter()
    manager.shutdown(timeout=3.0)
    took = time.perf_counter() - started
    return dict(
        children=children, shutdown_ms=_ms(took), left_running=len(manager.alive_processes())
    )


def compare(seconds: float = 3.0) -> dict:
    """Event-loop gaps of the compare view while two children train; then its close time."""
    from PySide6.QtCore import QElapsedTimer, QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from dqn_lab.core.run_manager import RUNNING
    from dqn_lab.gui.compare_view import CompareView

    app = QApplication.instance() or QApplication([])
    view = CompareView(parallel=2, eval_episodes=0)
    view.resize(1100, 800)
    view.show()
    try:
        long = Config(episodes=100_000, start_replay_step=64)
        view.queue_comparison({"dqn": long, "naive": long.replace(agent="naive")}, [42])
        first, second = view.manager.records
        clock = QElapsedTimer()
        clock.start()
        while not (
            first.status == second.status == RUNNING
            and len(first.episodes) > 2
            and len(second.episodes) > 2
        ):
            if clock.elapsed() > 120_000:
                raise RuntimeError("the two runs did not start within 120 s")
            app.processEvents()
            time.sleep(0.01)
        # Probe every 5 ms: wall clock and the GUI thread's CPU time at each tick.
        ticks: list[tuple[float, float]] = []
        probe = QTimer()
        probe.setInterval(5)
        probe.timeout.connect(lambda: ticks.append((time.perf_counter(), time.thread_time())))
        probe.start()
        loop = QEventLoop()
        QTimer.singleShot(int(seconds * 1000), loop.quit)
        loop.exec()  # the children train while the view polls and redraws
        probe.stop()
        gaps = sorted((b[0] - a[0], b[1] - a[1]) for a, b in zip(ticks, ticks[1:]))
        started = time.perf_counter()
        view.close()
        closed = time.perf_counter() - started
    finally:
        view.shutdown()
    return dict(
        ticks=len(ticks),
        max_gap_ms=_ms(gaps[-1][0]),
        max_gap_busy_ms=_ms(gaps[-1][1]),
        p99_gap_ms=_ms(gaps[int(0.99 * len(gaps))][0]),
        max_busy_ms=_ms(max(b for _, b in gaps)),
        close_ms=_ms(closed),
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--only",
        default=",".join(SECTIONS),
        help=f"comma-separated sections (default: {','.join(SECTIONS)})",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    chosen = [s.strip() for s in args.only.split(",") if s.strip()]
    unknown = sorted(set(chosen) - set(SECTIONS))
    if unknown:
        parser.error(f"unknown section(s) {', '.join(unknown)}; choose from {', '.join(SECTIONS)}")
    measures = {"hostile": hostile, "plots": plots, "shutdown": shutdown, "compare": compare}
    results = {name: measures[name]() for name in chosen}
    if args.json:
        print(json.dumps(results))
    else:
        for name, row in results.items():
            print(f"{name}: " + ", ".join(f"{k} {v}" for k, v in row.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())

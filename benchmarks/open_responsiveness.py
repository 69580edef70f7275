"""Does opening a large run freeze the window? Event-loop gaps while the app opens a bundle.

Writes a legal ``.dqnlab`` bundle with ``--episodes`` episodes of statistics and ``--changes``
live setting changes (a short real run whose manifest is then grown), opens it in the real
main window (offscreen, every panel docked, 1400 x 900) through File > Open's code path, and
records the gaps of a 10 ms ``QTimer`` probe from the moment Open is called until the run is
shown and every panel has drawn it (the window's timer, one second). Reading and checking the
file runs off the GUI thread (``gui/jobs.py``), which also turns the statistics into columns;
its progress and Cancel are in the status bar (no dialog: a dialog's ``setValue`` runs a
nested event loop). What remains on the GUI thread is showing the run in the panels, in steps
over several event-loop turns (``FileActions._opened``; the curves a turn after their axes).

The longest gap is split into the time the file was read (the job) and the time the run was
shown and drawn; ``--baseline`` opens a 100-episode bundle in the same rounds, so what the
window costs whatever the file's size is measured side by side.

Run: ``python -m benchmarks.open_responsiveness [--episodes 100000] [--changes 100000]
[--rounds 3] [--baseline] [--json]``. On a shared machine compare rounds run side by side
(``--baseline``) and the GUI thread's CPU slices, not single gaps.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import argparse
import copy
import gc
import json
import statistics
import tempfile
import time
from pathlib import Path


def make_bundle(path: Path, episodes: int, changes: int) -> None:
    """A real 3-episode run whose statistics and history are grown to the given sizes."""
    from dqn_lab.core.bundle_format import write_bundle
    from dqn_lab.core.config import Config
    from dqn_lab.core.persistence import bundle_contents
    from dqn_lab.core.training import Trainer

    trainer = Trainer(
        Config().replace(episodes=3, batch_size=8, start_replay_step=64, memory_size=500)
    )
    for _ in trainer.run():
        pass
    manifest, arrays = bundle_contents(trainer)
    trainer.close()
    write_bundle(path, grown_manifest(manifest, episodes, changes), arrays)


def grown_manifest(manifest: dict, episodes: int, changes: int, losses_from: int = 0) -> dict:
    """A copy of a real run's ``manifest`` with ``episodes`` statistics rows (no loss before
    episode ``losses_from``, as before the replay starts) and ``changes`` live changes spread
    over them: legal, what a long run with many changes writes."""
    manifest = copy.deepcopy(manifest)
    steps = manifest["counters"]["env_steps"]
    manifest["statistics"] = [
        dict(
            episode=i,
            score=float(10 + i % 50),
            steps=10,
            epsilon=0.5,
            loss=None if i < losses_from else 0.1,
            mean_q=1.0,
            env_steps=min(steps, i),
            wall_s=i * 0.01,
        )
        for i in range(episodes)
    ]
    manifest["counters"]["episodes"] = episodes
    manifest["config"]["episodes"] = max(episodes, manifest["config"]["episodes"])
    every = max(1, episodes // max(changes, 1))
    manifest["history"] = [
        dict(
            env_steps=min(steps, i),
            episode=min(episodes, i * every),
            key="gamma",
            old=0.99,
            new=0.98,
        )
        for i in range(changes)
    ]
    return manifest


def event_starts(app) -> tuple[object, list[float]]:
    """An application-wide event filter and the GUI thread's CPU time at the start of every
    event it sees: the CPU from one start to the next is what handling an event took."""
    from PySide6.QtCore import QObject

    starts: list[float] = []

    class Starts(QObject):
        def eventFilter(self, _obj, _event) -> bool:  # noqa: N802 - Qt name
            starts.append(time.thread_time())
            return False

    spy = Starts()
    app.installEventFilter(spy)
    return spy, starts


def p99(gaps: list[float]) -> float | None:
    """The 99th percentile of ``gaps``, interpolated (None for fewer than 20 of them)."""
    return round(statistics.quantiles(gaps, n=100)[98], 1) if len(gaps) >= 20 else None


def measure_open(path: Path, settings_path: Path) -> dict:
    """Open ``path`` in a fresh main window; the probe's gaps until it has been drawn."""
    from PySide6.QtCore import QEventLoop, QSettings, QTimer

    from dqn_lab.gui.app import make_application
    from dqn_lab.gui.main_window import MainWindow

    _app = make_application([])  # kept alive while the window lives
    window = MainWindow(settings=QSettings(str(settings_path), QSettings.Format.IniFormat))
    window.resize(1400, 900)
    window.show()
    # The window has drawn itself before the user opens a file: its first layout and paint
    # are not the open's.
    shown = QEventLoop()
    QTimer.singleShot(1000, shown.quit)
    shown.exec()
    # The app's start-up freezes every object alive once TensorFlow is imported, its window
    # included (``core.tf_loader``), so its collections never walk the window. This process
    # imported TensorFlow before building a fresh window per round: freeze it likewise, or
    # the window's young objects make a garbage collection during the open (30-50 ms on the
    # GUI thread) that the app does not have.
    gc.freeze()
    ticks: list[float] = []
    cpu: list[float] = []  # the GUI thread's CPU time at each tick
    probe = QTimer()
    probe.setInterval(10)
    probe.timeout.connect(lambda: (ticks.append(time.monotonic()), cpu.append(time.thread_time())))
    done: list[bool] = []
    loaded: list[float] = []  # when the read job ended (the rest is the GUI thread's)
    window.files.jobs.busy_changed.connect(
        lambda busy: loaded.append(time.monotonic()) if not busy else None
    )
    loop = QEventLoop()
    window.files.open_finished.connect(lambda ok: (done.append(bool(ok)), loop.quit()))
    spy, starts = event_starts(_app)
    probe.start()
    start, start_cpu = time.monotonic(), time.thread_time()
    window.files.open(str(path))
    QTimer.singleShot(300_000, loop.quit)
    loop.exec()
    opened = time.monotonic()
    # The window's own ~30 Hz timer draws the panels, the slow ones taking turns (as in the
    # app; a forced redraw of all of them at once would be one long stall the app never
    # has); in this second every panel draws the opened run at least once.
    settle = QEventLoop()
    QTimer.singleShot(1000, settle.quit)
    settle.exec()
    probe.stop()
    _app.removeEventFilter(spy)
    window.close()
    marks = [start, *ticks]
    gaps = [(b - a) * 1000 for a, b in zip(marks, marks[1:])]
    cpu_marks = [start_cpu, *cpu]
    slices = [(b - a) * 1000 for a, b in zip(cpu_marks, cpu_marks[1:])]
    split = loaded[0] if loaded else opened
    reading = [(b - a) * 1000 for a, b in zip(marks, marks[1:]) if b <= split]
    showing = [(b - a) * 1000 for a, b in zip(marks, marks[1:]) if b > split]
    return dict(
        opened=bool(done and done[0]),
        open_s=round(opened - start, 2),
        longest_gap_ms=round(max(gaps, default=0.0), 1),
        longest_reading_gap_ms=round(max(reading, default=0.0), 1),
        longest_showing_gap_ms=round(max(showing, default=0.0), 1),
        # What the GUI thread itself computed between two ticks (waiting for a CPU or the
        # GIL on a busy machine is not in it): the work the window did in one go.
        longest_gui_cpu_ms=round(max(slices, default=0.0), 1),
        # ... and in one event (a paint, a timer, a queued signal: nested ones included).
        longest_event_cpu_ms=round(
            1000 * max((b - a for a, b in zip(starts, starts[1:])), default=0.0), 1
        ),
        gaps_over_50ms=sum(g > 50 for g in gaps),
        p99_gap_ms=p99(gaps),
        # Per phase (the showing one is ~1 s of ~10 ms ticks: its p99 is near its maximum).
        p99_reading_gap_ms=p99(reading),
        p99_showing_gap_ms=p99(showing),
        reading_gaps_over_50ms=sum(g > 50 for g in reading),
        showing_gaps_over_50ms=sum(g > 50 for g in showing),
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--episodes", type=int, default=100_000)
    parser.add_argument("--changes", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--baseline",
        action="store_true",
        help="also open a 100-episode, 10-change bundle in each round (the window's own cost)",
    )
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "large.dqnlab"
        make_bundle(path, args.episodes, args.changes)
        size_mb = path.stat().st_size / 1e6
        small = Path(folder) / "small.dqnlab"
        if args.baseline:
            make_bundle(small, 100, 10)
        rounds, baseline = [], []
        for i in range(args.rounds):  # side by side: the machine's load changes
            rounds.append(measure_open(path, Path(folder) / f"s{i}.ini"))
            if args.baseline:
                baseline.append(measure_open(small, Path(folder) / f"b{i}.ini"))
    result = dict(
        episodes=args.episodes,
        changes=args.changes,
        bundle_mb=round(size_mb, 2),
        load_average=round(os.getloadavg()[0], 1),
        rounds=rounds,
        baseline=baseline,
    )
    if args.json:
        print(json.dumps(result))
    else:
        print(
            f"{args.episodes} episodes, {args.changes} changes, {size_mb:.1f} MB "
            f"(load average {result['load_average']})"
        )
        for name, runs in (("large", rounds), ("100 episodes", baseline)):
            for r in runs:
                print(
                    f"  {name}: opened={r['opened']} in {r['open_s']} s; longest event-loop "
                    f"gap {r['longest_gap_ms']} ms (reading {r['longest_reading_gap_ms']}, "
                    f"showing {r['longest_showing_gap_ms']}), {r['gaps_over_50ms']} gaps > "
                    f"50 ms ({r['reading_gaps_over_50ms']} reading, "
                    f"{r['showing_gaps_over_50ms']} showing), p99 {r['p99_gap_ms']} ms "
                    f"(reading {r['p99_reading_gap_ms']}, showing {r['p99_showing_gap_ms']}); "
                    f"GUI thread's CPU: longest slice {r['longest_gui_cpu_ms']} ms, event "
                    f"{r['longest_event_cpu_ms']} ms"
                )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""GUI responsiveness: time to the first window, event-loop stalls, training speed, memory.

Run ``python benchmarks/gui_responsiveness.py`` (``--json`` for one JSON line). Each
measurement runs in a fresh process under the offscreen Qt platform:

* **startup**: wall time from starting the process to the window being shown with the
  event loop running (and whether TensorFlow was already imported: it must not be);
* **headless**: the core ``Trainer`` alone (what the CLI runs) at the seed's settings;
* **gui**: the whole app (every panel docked and visible at 1400 x 900, the viewport
  watching the live weights) training the same config in its own event loop. A 10 ms
  ``QTimer`` probe records the gaps of the GUI event loop; each gap over 50 ms is split with
  the GUI thread's schedstat into time on a CPU and time runnable but waiting for one:
  'os' (mostly waiting for a CPU: the machine's load), 'busy' (mostly the GUI's own work)
  or 'blocked' (mostly asleep with work to do: waiting for the GIL). RSS is sampled every
  second.

Headless and app runs alternate for ``--rounds`` rounds (the order flips every round, as
the load drifts) and the medians are reported, with each round's figures. Both training
runs use the same seed, so they play the same episodes: the speed compared is the
worker-side time between env step ``--from-step`` and ``--from-step + --steps`` (after
replay and the XLA compile have started). Gaps while the agent is built (TensorFlow import)
and during warm-up (first XLA compile) are reported apart. The offscreen platform paints
into memory, so a real display adds some GUI work. On a shared machine the figures vary
with the load (printed). ``--seeds N`` trains N seeds at once (a population: the window's
"Seeds" control; headless, the same population without a window); its steps are each
member's (the members step together). ``--switch-interval``, ``--refresh-ms``, ``--hide`` and
``--pause-viewport`` are knobs for experiments.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: benchmarks/ is not a package root
    sys.path.insert(0, str(ROOT))
from benchmarks.probe_tools import (  # noqa: E402
    median,
    rss_mb,
    schedstat_ns,
    speed,
    split_gap,
    summarize_rss,
    thread_cpu_s,
    watch_for_stalls,
)

PROBE_MS = 10


def bench_config(episodes: int = 100_000):
    from dqn_lab.core.config import Config

    return Config().replace(episodes=episodes)  # the seed's DQN: one update per step


def child_startup(_args) -> dict:
    from PySide6.QtCore import QSettings, QTimer

    from dqn_lab.gui.app import make_application

    app = make_application([])
    from dqn_lab.gui.main_window import MainWindow

    with tempfile.TemporaryDirectory() as tmp:
        window = MainWindow(
            settings=QSettings(str(Path(tmp) / "s.ini"), QSettings.Format.IniFormat)
        )
        window.show()
        result: dict = {}

        def shown() -> None:  # runs once the event loop is up and the window painted
            result.update(
                shown_s=time.monotonic() - START,
                visible=window.isVisible(),
                tensorflow_imported="tensorflow" in sys.modules,
            )
            print(json.dumps(result), flush=True)
            window.close()
            app.quit()

        QTimer.singleShot(0, shown)
        app.exec()
    return result


def child_headless_population(args) -> dict:
    """The population alone (``--seeds N``): member 0's steps, as the window's progress."""
    from dqn_lab.core.population_run import PopulationRun, seeds_from

    config = bench_config()
    t0 = time.monotonic()
    run = PopulationRun(config, seeds_from(config.seed, args.seeds))
    run.compile_ahead()
    build_s = time.monotonic() - t0
    marks, rss = [], []
    end = args.from_step + args.steps
    started = time.monotonic()
    last = [0.0]

    def tick() -> bool:
        now = time.monotonic() - started
        if now - last[0] >= 0.05:
            last[0] = now
            steps = run.population.env_steps[0]
            marks.append((now, steps))
            if not rss or now - rss[-1][0] >= 1.0:
                rss.append((now, rss_mb()))
            return steps > end
        return False

    for _ in run.episodes(tick):
        pass
    run.close()
    return dict(
        build_s=round(build_s, 2), steps_per_s=speed(marks, args.from_step, args.steps), rss_mb=rss
    )


def child_headless(args) -> dict:
    from dqn_lab.core.records import Progress
    from dqn_lab.core.training import Trainer, TrainingControl

    if args.seeds > 1:
        return child_headless_population(args)

    control = TrainingControl()
    t0 = time.monotonic()
    trainer = Trainer(bench_config(), control)
    build_s = time.monotonic() - t0
    marks, rss = [], []
    end = args.from_step + args.steps
    for ev in trainer.run():
        if isinstance(ev, Progress):
            marks.append((ev.elapsed_s, ev.env_steps))
            if not rss or ev.elapsed_s - rss[-1][0] >= 1.0:
                rss.append((ev.elapsed_s, rss_mb()))
            if ev.env_steps > end:
                control.stop()
    trainer.close()
    return dict(
        build_s=round(build_s, 2), steps_per_s=speed(marks, args.from_step, args.steps), rss_mb=rss
    )


def child_gui(args) -> dict:
    from PySide6.QtCore import QElapsedTimer, QEventLoop, QObject, QSettings, QTimer, Slot

    from dqn_lab.gui.app import make_application

    app = make_application([])
    from dqn_lab.gui import dock_layout
    from dqn_lab.gui import worker as worker_module

    if args.switch_interval:  # an experiment: another GIL switch interval during the run
        if hasattr(worker_module, "SWITCH_INTERVAL_S"):
            worker_module.SWITCH_INTERVAL_S = args.switch_interval
        else:
            sys.setswitchinterval(args.switch_interval)
    from dqn_lab.gui.main_window import MainWindow

    for item in args.refresh_ms:  # an experiment: another cadence for a panel
        name, ms = item.split("=")
        dock_layout.REFRESH_INTERVAL_MS[name] = int(ms)
    tmp = tempfile.TemporaryDirectory()
    window = MainWindow(
        bench_config(),
        settings=QSettings(str(Path(tmp.name) / "s.ini"), QSettings.Format.IniFormat),
    )
    window.resize(1400, 900)
    window.controls.seeds_spin.setValue(args.seeds)  # 1: one run; N: a population
    window.show()
    for name in args.hide:  # an experiment: what a panel costs
        window.docks[name].hide()
    viewport = window.docks.get("ViewportPanel")
    if args.pause_viewport and viewport is not None:  # shown, but not watching
        viewport.widget().start_run = lambda *a, _orig=viewport.widget().start_run: (  # noqa: B008
            _orig(*a),
            viewport.widget().pause(),
        )
    end = args.from_step + args.steps
    long_s = args.long_s

    class Probe(QObject):
        def __init__(self) -> None:
            super().__init__()
            self.clock = QElapsedTimer()
            self.clock.start()
            self.last = None
            self.last_wall: float | None = None  # perf_counter of the last tick (watchdog)
            # Gaps by phase: building the agent (TensorFlow import), warm-up (replay start,
            # XLA compile), the measured training, and after it.
            self.phase = "build"
            self.gaps: dict[str, list[float]] = dict(build=[], warmup=[], measured=[], after=[])
            # Measured gaps over 50 ms: (wall, on CPU, waiting for a CPU) in ms.
            self.long_split: list[tuple[float, float, float]] = []
            self.other_long: list[tuple] = []  # (phase, step, cause, wall, CPU, waiting)
            self.marks: list[tuple[float, int]] = []
            self.rss: list[tuple[float, float]] = []
            self.done = False
            self.cpu: dict[str, int] = {}
            self.long_gaps: list[tuple] = []
            self.cpu0: dict[str, float] = {}
            self.t0 = 0.0

        @Slot()
        def tick(self) -> None:
            now = self.clock.nsecsElapsed() / 1e9
            run, wait = schedstat_ns()
            if self.last is not None:
                gap = (now - self.last[0]) * 1000
                self.gaps[self.phase].append(gap)
                if gap > 50 and self.phase == "measured":
                    self.long_split.append(
                        (
                            round(gap, 1),
                            round((run - self.last[1]) / 1e6, 1),
                            round((wait - self.last[2]) / 1e6, 1),
                        )
                    )
                elif gap > 50:  # before or after the measured steps: cause and phase
                    split = (
                        round(gap, 1),
                        round((run - self.last[1]) / 1e6, 1),
                        round((wait - self.last[2]) / 1e6, 1),
                    )
                    self.other_long.append(
                        (
                            self.phase,
                            self.marks[-1][1] if self.marks else 0,
                            split_gap(*split),
                            *split,
                        )
                    )
                if gap > 1000:  # a long stall: say when (a hint for whoever chases it)
                    self.long_gaps.append(
                        (
                            round(now, 1),
                            round(gap),
                            self.phase,
                            self.marks[-1][1] if self.marks else 0,
                        )
                    )
            self.last = (now, run, wait)
            self.last_wall = time.perf_counter()

        @Slot(object)
        def finished(self, _summary) -> None:
            QTimer.singleShot(0, app.quit)  # after the window has handled it too

        @Slot(object)
        def ready(self, _info) -> None:
            self.phase = "warmup"

        @Slot(object)
        def progress(self, ev) -> None:
            self.marks.append((ev.elapsed_s, ev.env_steps))
            if not self.rss or ev.elapsed_s - self.rss[-1][0] >= 1.0:
                self.rss.append((ev.elapsed_s, rss_mb()))
            if self.phase == "warmup" and ev.env_steps >= args.from_step:
                self.phase = "measured"
                self.cpu0, self.t0 = thread_cpu_s(), time.monotonic()
            stop_at = end if not long_s else None
            if (stop_at is not None and ev.env_steps > stop_at) or (
                long_s and ev.elapsed_s > long_s
            ):
                self.done, self.phase = True, "after"
                cpu, wall = thread_cpu_s(), time.monotonic() - self.t0
                self.cpu = {
                    k: round(1000 * (v - self.cpu0.get(k, 0.0)) / wall)
                    for k, v in cpu.items()
                    if v - self.cpu0.get(k, 0.0) > 0.01 * wall
                }
                window.stop()

    # A user presses Start on a window that is already up: let its first paint (~100 ms
    # of pyqtgraph setting up fonts and axes) happen before the probe starts counting.
    settle = QEventLoop()
    QTimer.singleShot(500, settle.quit)
    settle.exec()
    probe = Probe()
    stalls = watch_for_stalls(probe) if args.watchdog else []
    timer = QTimer()
    timer.setInterval(PROBE_MS)
    timer.timeout.connect(probe.tick)
    timer.start()
    window.start()
    worker = window.model.session.worker
    worker.ready.connect(probe.ready)  # queued: both live on the GUI thread
    worker.progress.connect(probe.progress)
    deadline = time.monotonic() + args.timeout_s
    # The app's own event loop (a Python loop around processEvents would wake the GUI
    # thread every millisecond and take the GIL from training each time).
    worker.finished.connect(probe.finished)
    QTimer.singleShot(int(args.timeout_s * 1000), app.quit)
    app.exec()
    timer.stop()
    panels = sorted(window.docks)
    visible = sorted(n for n, d in window.docks.items() if not d.widget().visibleRegion().isEmpty())
    window.close()
    tmp.cleanup()
    gaps = probe.gaps["measured"] or [0.0]
    causes = [split_gap(*g) for g in probe.long_split]
    not_os = [g[0] for g, cause in zip(probe.long_split, causes) if cause != "os"]
    return dict(
        steps_per_s=speed(probe.marks, args.from_step, args.steps),
        max_gap_ms=round(max(gaps), 1),
        p99_gap_ms=round(statistics.quantiles(gaps, n=100)[98], 1) if len(gaps) > 100 else None,
        gaps_over_50ms=sum(g > 50 for g in gaps),
        ticks=len(gaps),
        gaps_over_50ms_by_cause={c: causes.count(c) for c in sorted(set(causes))},
        max_gap_not_os_ms=max(not_os, default=None),
        long_gap_split=sorted(probe.long_split, reverse=True)[:8],
        other_long_gaps=probe.other_long,
        switch_interval_s=sys.getswitchinterval(),
        build_max_gap_ms=round(max(probe.gaps["build"] or [0.0]), 1),
        warmup_max_gap_ms=round(max(probe.gaps["warmup"] or [0.0]), 1),
        long_gaps=probe.long_gaps,
        stalls=stalls,
        cpu_ms_per_s=probe.cpu,
        rss_mb=probe.rss,
        panels=panels,
        visible_panels=visible,
        timed_out=time.monotonic() >= deadline,
    )


CHILDREN = {"startup": child_startup, "headless": child_headless, "gui": child_gui}
START = time.monotonic()


def run_child(kind: str, args: argparse.Namespace) -> tuple[dict, float]:
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        SDL_VIDEODRIVER="dummy",
        SDL_AUDIODRIVER="dummy",
        TF_CPP_MIN_LOG_LEVEL="3",
        PYGAME_HIDE_SUPPORT_PROMPT="1",
        PYTHONPATH=str(ROOT),
    )
    cmd = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--child",
        kind,
        "--from-step",
        str(args.from_step),
        "--steps",
        str(args.steps),
        "--long-s",
        str(args.long_s),
        "--timeout-s",
        str(args.timeout_s),
        "--switch-interval",
        str(args.switch_interval),
        *[f"--refresh-ms={x}" for x in args.refresh_ms],
        *[f"--hide={x}" for x in args.hide],
        *(["--pause-viewport"] if args.pause_viewport else []),
        *(["--watchdog"] if args.watchdog else []),
        "--seeds",
        str(args.seeds),
    ]
    t0 = time.monotonic()
    proc = subprocess.Popen(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT, env=env
    )
    first_line_s = None
    lines = []
    for line in proc.stdout:
        if first_line_s is None and line.startswith("{"):
            first_line_s = time.monotonic() - t0
        lines.append(line)
    proc.wait(timeout=args.timeout_s + 120)
    if proc.returncode != 0:
        raise RuntimeError(f"{kind} child failed ({proc.returncode}):\n{proc.stderr.read()}")
    results = [json.loads(x) for x in lines if x.startswith("{")]
    return results[-1], first_line_s or float("nan")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--child", choices=CHILDREN, help=argparse.SUPPRESS)
    parser.add_argument(
        "--from-step",
        type=int,
        default=3000,
        help="measure speed from this env step (after replay starts)",
    )
    parser.add_argument("--steps", type=int, default=20000, help="env steps measured")
    parser.add_argument(
        "--rounds",
        type=int,
        default=3,
        help="headless and app runs, alternated; medians are reported",
    )
    parser.add_argument(
        "--long-s",
        type=float,
        default=0.0,
        help="instead: run the GUI this many seconds (memory over time)",
    )
    parser.add_argument("--startup-runs", type=int, default=3)
    parser.add_argument("--timeout-s", type=float, default=600.0)
    parser.add_argument(
        "--switch-interval",
        type=float,
        default=0.0,
        help="experiment: this GIL switch interval (s) in the app instead of the app's own",
    )
    parser.add_argument(
        "--refresh-ms",
        action="append",
        default=[],
        metavar="PANEL=MS",
        help="experiment: redraw PANEL every MS ms (dock_layout's table)",
    )
    parser.add_argument(
        "--hide",
        action="append",
        default=[],
        metavar="PANEL",
        help="experiment: hide this panel's dock (e.g. ViewportPanel)",
    )
    parser.add_argument(
        "--pause-viewport",
        action="store_true",
        help="experiment: the viewport stays shown but does not watch",
    )
    parser.add_argument(
        "--watchdog",
        action="store_true",
        help="experiment: print what each thread ran when the GUI was >= 45 ms late",
    )
    parser.add_argument(
        "--seeds",
        type=int,
        default=1,
        help="train this many seeds at once (a population; steps are per member)",
    )
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(CHILDREN[args.child](args)), flush=True)
        return 0
    log = (lambda *a: None) if args.json else print
    out: dict = dict(
        platform="offscreen",
        config="seed preset (DQN, CartPole-v0, 1 update per step)",
        seeds=args.seeds,
        from_step=args.from_step,
        steps=args.steps,
        load_average=os.getloadavg()[0] if hasattr(os, "getloadavg") else None,
    )
    startups = []
    for _ in range(args.startup_runs):
        result, wall = run_child("startup", args)
        startups.append(wall)
        out["tensorflow_imported_at_show"] = result["tensorflow_imported"]
    if startups:
        out["window_shown_s"] = dict(min=round(min(startups), 2), max=round(max(startups), 2))
        log(
            f"window shown after {min(startups):.2f}-{max(startups):.2f} s from process "
            f"start (TensorFlow imported by then: {out['tensorflow_imported_at_show']})"
        )
    rounds = []
    for i in range(1 if args.long_s else max(1, args.rounds)):
        headless = None
        if not args.long_s and i % 2 == 0:
            headless, _ = run_child("headless", args)
        gui, _ = run_child("gui", args)
        if not args.long_s and i % 2 == 1:  # alternate the order: load drifts
            headless, _ = run_child("headless", args)
        h = headless["steps_per_s"] if headless else None
        ratio = gui["steps_per_s"] / h if h and gui["steps_per_s"] else None
        rounds.append(dict(headless=h, gui=gui, ratio=ratio))
        log(
            f"round {i + 1}: headless {h or 0:.0f} steps/s, app {gui['steps_per_s'] or 0:.0f} "
            f"steps/s"
            + (f" ({100 * ratio:.0f} %)" if ratio else "")
            + f"; probe gaps p99 {gui['p99_gap_ms']} ms, max {gui['max_gap_ms']} ms, "
            f"{gui['gaps_over_50ms']} > 50 ms {gui['gaps_over_50ms_by_cause']}, max not "
            f"from the OS {gui['max_gap_not_os_ms']} ms; GUI CPU "
            f"{gui['cpu_ms_per_s'].get('gui (main)')} ms/s; load "
            f"{os.getloadavg()[0]:.1f}"
        )
    last = rounds[-1]["gui"]
    out.update({f"gui_{k}": v for k, v in last.items() if k not in ("rss_mb",)})
    out.update({f"gui_{k}": v for k, v in summarize_rss(last["rss_mb"]).items()})
    out["rounds"] = [
        dict(
            headless=r["headless"],
            gui=r["gui"]["steps_per_s"],
            ratio=r["ratio"],
            p99_gap_ms=r["gui"]["p99_gap_ms"],
            max_gap_ms=r["gui"]["max_gap_ms"],
            max_gap_not_os_ms=r["gui"]["max_gap_not_os_ms"],
            gaps_over_50ms=r["gui"]["gaps_over_50ms"],
        )
        for r in rounds
    ]
    out["headless_steps_per_s"] = median([r["headless"] for r in rounds])
    out["gui_steps_per_s"] = median([r["gui"]["steps_per_s"] for r in rounds])
    out["gui_vs_headless"] = median([r["ratio"] for r in rounds])
    for key in ("p99_gap_ms", "max_gap_ms"):
        out[f"gui_{key}_median"] = median([r["gui"][key] for r in rounds])
    log(
        f"median of {len(rounds)}: headless {out['headless_steps_per_s']} env steps/s, in "
        f"the app {out['gui_steps_per_s']}"
        + (
            f" ({100 * out['gui_vs_headless']:.0f} % of headless, median of the rounds' ratios)"
            if out["gui_vs_headless"]
            else ""
        )
    )
    log(
        f"GUI event loop while training (last round): max gap {last['max_gap_ms']} ms (probe "
        f"every {PROBE_MS} ms), p99 {last['p99_gap_ms']} ms, {last['gaps_over_50ms']} gaps > "
        f"50 ms of {last['ticks']}; longest gaps (wall, on CPU, waiting for a CPU) ms: "
        f"{last['long_gap_split']}; max gap while the agent is built (TensorFlow import) "
        f"{last['build_max_gap_ms']} ms, during warm-up (XLA compile, first steps) "
        f"{last['warmup_max_gap_ms']} ms; GIL switch interval {last['switch_interval_s']} s"
    )
    log(f"CPU ms per second while measured, by thread: {last['cpu_ms_per_s']}")
    if last["other_long_gaps"]:
        log(
            f"gaps > 50 ms outside the measured steps (phase, env step, cause, wall, on CPU, "
            f"waiting for a CPU): {last['other_long_gaps']}"
        )
    for stall in last["stalls"]:
        log(f"late {stall['late_ms']} ms ({stall['phase']}):")
        for name, stack in stall["threads"].items():
            log(f"    {name}: {stack}")
    if "gui_rss_start_mb" in out:
        log(
            f"RSS {out['gui_rss_start_mb']} -> {out['gui_rss_end_mb']} MiB over "
            f"{out['gui_rss_span_s']} s ({out['gui_rss_growth_mb_per_min']} MiB/min)"
        )
    if args.json:
        print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())

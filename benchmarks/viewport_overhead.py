"""Does watching slow training down? Training env steps/s with and without the viewport.

Three cases, at the seed's settings on CartPole-v0 (one gradient update per env step), each
timed over ``steps`` env steps once replay has started (so XLA compilation is excluded):

* ``headless``: the core ``Trainer`` loop on the main thread, no Qt at all;
* ``thread``: the same loop on a Python thread while the main thread runs a Qt event loop;
* ``thread_viewport``: the same, while a shown ``ViewportPanel`` watches the latest weights
  (handed over every 0.5 s, as the worker's snapshots are) at 1x speed, ~30 frames per second.

The viewport's cost is ``thread_viewport`` against ``thread``; against ``headless`` it also
includes the cost of running training on a thread beside a Qt event loop. The cases are
interleaved ``repeats`` times (in rotating order) and medians are reported. Wall-clock rates
swing with the machine's load (it is printed); the viewport's GUI-thread CPU time per frame
(``time.thread_time``) does not, and on an idle multi-core machine it bounds what the viewport
can take from training (the GIL it holds). The benchmark ends an episode's frame at once
(no end-of-episode pause), so every tick draws a new frame: the worst case.
With ``--paired N`` it instead trains once and switches the viewport on in every other
window (N windows of ``--window-s`` seconds): the rate in an "on" window against the mean of
its two "off" neighbours is steady even when the load drifts, and its median is the overhead.
Run: ``python -m benchmarks.viewport_overhead [--steps 6000] [--repeats 3] [--json]`` or
``python -m benchmarks.viewport_overhead --paired 21``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import threading
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

from dqn_lab.core.config import Config  # noqa: E402
from dqn_lab.core.records import Progress  # noqa: E402
from dqn_lab.core.training import Trainer  # noqa: E402

SNAPSHOT_S = 0.5


def _config() -> Config:
    return Config(episodes=100_000, seed=42)


def _timed_run(
    trainer: Trainer, warmup: int, steps: int, publish=None, window: dict | None = None
) -> float:
    """Env steps/s of ``trainer`` between ``warmup`` and ``warmup + steps`` env steps;
    ``window['on']`` is true while the measurement runs."""
    window = {} if window is None else window
    t0 = s0 = None
    last_publish = 0.0
    try:
        for ev in trainer.run():
            if not isinstance(ev, Progress):
                continue
            now = time.perf_counter()
            if publish is not None and now - last_publish >= SNAPSHOT_S:
                last_publish = now
                publish(trainer)
            if t0 is None and ev.env_steps >= warmup:
                t0, s0 = now, ev.env_steps
                window["on"] = True
            elif t0 is not None and ev.env_steps >= s0 + steps:
                window["on"] = False
                trainer.control.stop()
                return (ev.env_steps - s0) / (now - t0)
    finally:
        trainer.close()
    raise RuntimeError("The run ended before the measurement did.")


def headless(steps: int) -> dict:
    config = _config()
    trainer = Trainer(config)
    return dict(steps_per_s=_timed_run(trainer, config.start_replay_step + 300, steps))


def on_thread(steps: int, viewport: bool) -> dict:
    """Train on a thread; the main thread runs Qt (and a viewport that watches, if asked)."""
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    config = _config()
    latest: dict = {}
    result: dict = {}

    def publish(trainer: Trainer) -> None:  # the worker's snapshot: a frozen policy
        latest.update(policy=trainer.agent.policy, env_id=config.env_id, episode=trainer.episode)

    def train() -> None:
        try:
            trainer = Trainer(config)
            result["steps_per_s"] = _timed_run(
                trainer, config.start_replay_step + 300, steps, publish, window
            )
        except Exception as exc:  # noqa: BLE001 - reported in the result
            result["error"] = f"{type(exc).__name__}: {exc}"

    panel = None
    window = {"on": False}
    seen = dict(busy_s=0.0, wall_s=0.0, frames=0, steps=0, last=None)
    if viewport:
        import dqn_lab.gui.viewport as viewport
        from dqn_lab.core.environment import env_info

        viewport.END_HOLD_S = 0.0  # the worst case: a new frame on every tick
        panel = viewport.ViewportPanel()
        panel.resize(700, 500)
        panel.show()
        panel.start_run(config, env_info(config.env_id))
        tick = panel.tick

        def timed_tick(dt=None):  # the GUI thread's CPU time on the viewport,
            cpu = time.thread_time()  # counted only while the training is measured
            frames = panel.frames_rendered
            n = tick(dt)
            panel.view.repaint()  # paint now, so the cost is counted here
            end = time.perf_counter()
            if window["on"]:
                if seen["last"] is not None:
                    seen["wall_s"] += end - seen["last"]
                seen["busy_s"] += time.thread_time() - cpu
                seen["frames"] += panel.frames_rendered - frames
                seen["steps"] += n
            seen["last"] = end if window["on"] else None
            return n

        panel._timer.timeout.disconnect()
        panel._timer.timeout.connect(timed_tick)
    loop = QEventLoop()
    feed = QTimer()
    feed.setInterval(int(SNAPSHOT_S * 1000))
    if panel is not None:
        feed.timeout.connect(lambda: latest and panel.set_snapshot(dict(latest)))
    watcher = QTimer()
    watcher.setInterval(50)
    thread = threading.Thread(target=train, name="benchmark-training")
    watcher.timeout.connect(lambda: thread.is_alive() or loop.quit())
    thread.start()
    feed.start()
    watcher.start()
    loop.exec()
    thread.join()
    feed.stop()
    watcher.stop()
    if panel is not None:
        wall = max(seen["wall_s"], 1e-9)
        result.update(
            viewport_frames_per_s=round(seen["frames"] / wall, 1),
            viewport_steps_per_s=round(seen["steps"] / wall, 1),
            gui_cpu_fraction=round(seen["busy_s"] / wall, 4),
            gui_cpu_ms_per_frame=round(1000 * seen["busy_s"] / max(1, seen["frames"]), 2),
        )
        panel.shutdown()
        panel.deleteLater()
        app.processEvents()
    return result


def paired(windows: int = 16, window_s: float = 2.0) -> dict:
    """One training run on a thread; the viewport watches in every other ``window_s`` window.

    Windows next to each other see nearly the same machine load, so the ratio of training
    rates with and without the viewport in neighbouring windows is far steadier than
    rates of separate runs on a busy machine.
    """
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    import dqn_lab.gui.viewport as viewport
    from dqn_lab.core.environment import env_info

    app = QApplication.instance() or QApplication([])
    config = _config()
    samples: list[tuple[float, int]] = []
    latest: dict = {}
    state = {"measuring": False, "stop": False}

    def train() -> None:
        trainer = Trainer(config)
        warmup, last_publish = config.start_replay_step + 300, 0.0
        try:
            for ev in trainer.run():
                if not isinstance(ev, Progress):
                    continue
                now = time.perf_counter()
                if now - last_publish >= SNAPSHOT_S:
                    last_publish = now
                    latest.update(
                        policy=trainer.agent.policy, env_id=config.env_id, episode=trainer.episode
                    )
                if ev.env_steps >= warmup:
                    state["measuring"] = True
                    samples.append((now, ev.env_steps))
                if state["stop"]:
                    trainer.control.stop()
        finally:
            trainer.close()

    viewport.END_HOLD_S = 0.0
    panel = viewport.ViewportPanel()
    panel.resize(700, 500)
    panel.show()
    panel.start_run(config, env_info(config.env_id))
    edges: list[tuple[float, bool]] = []  # (start time, viewport on)
    loop = QEventLoop()
    thread = threading.Thread(target=train, name="benchmark-training")

    def step_windows() -> None:
        if latest:
            panel.set_snapshot(dict(latest))
        if not state["measuring"]:
            return
        if not edges or time.perf_counter() - edges[-1][0] >= window_s:
            if len(edges) == windows:
                state["stop"] = True
                panel.pause()
                loop.quit()
                return
            on = len(edges) % 2 == 1  # off, on, off, on, ...
            panel.play() if on else panel.pause()
            edges.append((time.perf_counter(), on))

    timer = QTimer()
    timer.setInterval(50)
    timer.timeout.connect(step_windows)
    thread.start()
    timer.start()
    loop.exec()
    timer.stop()
    thread.join()
    end = edges[-1][0] + window_s if edges else 0.0
    rates: list[tuple[bool, float | None]] = []  # one per window, None if no samples
    for i, (start, on) in enumerate(edges):
        stop = edges[i + 1][0] if i + 1 < len(edges) else end
        inside = [(t, n) for t, n in samples if start + 0.2 <= t <= stop]
        (t0, n0), (t1, n1) = (inside[0], inside[-1]) if len(inside) >= 2 else ((0, 0), (0, 0))
        rates.append((on, (n1 - n0) / (t1 - t0) if t1 > t0 else None))
    ratios = [
        rates[i][1] / ((rates[i - 1][1] + rates[i + 1][1]) / 2)
        for i in range(1, len(rates) - 1)
        if rates[i][0] and None not in (rates[i - 1][1], rates[i][1], rates[i + 1][1])
    ]
    frames = panel.view.frames_painted
    panel.shutdown()
    panel.deleteLater()
    app.processEvents()
    return dict(
        windows=len(rates),
        window_s=window_s,
        rates=" ".join(f"{'ON' if on else 'off'}:{r or 0:.0f}" for on, r in rates),
        load_avg_1min=round(os.getloadavg()[0], 1),
        on_vs_neighbours=[round(r, 3) for r in ratios],
        median_overhead=round(1 - statistics.median(ratios), 4) if ratios else None,
        frames_painted=frames,
    )


def run_benchmark(steps: int = 6000, repeats: int = 3, log=print) -> dict:
    cases = {
        "headless": lambda: headless(steps),
        "thread": lambda: on_thread(steps, viewport=False),
        "thread_viewport": lambda: on_thread(steps, viewport=True),
    }
    runs: dict[str, list[dict]] = {k: [] for k in cases}
    names = list(cases)
    load_before = os.getloadavg()[0]
    for r in range(repeats):
        for name in names[r % 3 :] + names[: r % 3]:  # rotate the order: no case first
            out = cases[name]()
            out["load_avg_1min"] = round(os.getloadavg()[0], 1)
            runs[name].append(out)
            if log:
                log(f"repeat {r + 1} {name}: {out}")
    med = {
        k: statistics.median(o["steps_per_s"] for o in v if "steps_per_s" in o)
        for k, v in runs.items()
    }
    cpu = [
        o["gui_cpu_ms_per_frame"] for o in runs["thread_viewport"] if "gui_cpu_ms_per_frame" in o
    ]
    return dict(
        steps=steps,
        repeats=repeats,
        cpus=os.cpu_count(),
        load_avg_1min=(round(load_before, 1), round(os.getloadavg()[0], 1)),
        settings="seed preset, CartPole-v0, one update per step; shared machine",
        viewport_gui_cpu_ms_per_frame=statistics.median(cpu) if cpu else None,
        median_steps_per_s={k: round(v, 1) for k, v in med.items()},
        viewport_overhead_vs_thread=round(1 - med["thread_viewport"] / med["thread"], 4),
        viewport_overhead_vs_headless=round(1 - med["thread_viewport"] / med["headless"], 4),
        runs=runs,
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=6000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--json", action="store_true", help="print only the JSON result")
    parser.add_argument(
        "--paired",
        type=int,
        default=0,
        metavar="WINDOWS",
        help="instead: one run, the viewport on in every other window",
    )
    parser.add_argument("--window-s", type=float, default=2.0, help="window of --paired")
    args = parser.parse_args(argv)
    if args.paired:
        print(json.dumps(paired(args.paired, args.window_s), indent=2))
        return
    result = run_benchmark(args.steps, args.repeats, log=None if args.json else print)
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(json.dumps({k: v for k, v in result.items() if k != "runs"}, indent=2))


if __name__ == "__main__":
    main()

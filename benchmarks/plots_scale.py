"""How long the learning curves take to take in and redraw a long run with many live changes.

Feeds ``--episodes`` episodes and ``--changes`` live changes (spread evenly over the
episodes) into a shown ``PlotsPanel`` one by one, as a run does (``add_episode``/
``mark_change``, then ``refresh()``), then times:

* ``feed``: the add and mark calls (``feed_at_once``: the same data as an opened file gives
  it, one ``show_history`` call, in a second panel);
* ``first``: the first ``refresh()`` and paint (``grab()``), which hands the curves over;
* ``repaint``: the median of ``--repeats`` repaints without new data;
* ``pan``: the median of repaints after moving the episode range (what changes in view).

The same is done without changes as the baseline, so the cost of the marks shows as a
ratio measured in the same process. Offscreen Qt; wall-clock figures depend on the
machine's load (printed).
Run: ``python -m benchmarks.plots_scale [--episodes 100000] [--changes 100000] [--json]``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication  # noqa: E402

from dqn_lab.core.config import Config  # noqa: E402
from dqn_lab.core.environment import env_info  # noqa: E402
from dqn_lab.core.training import EpisodeEnd, SettingsChanged  # noqa: E402


def measure(episodes: int, changes: int, repeats: int) -> dict[str, float]:
    from dqn_lab.gui.plots_panel import PlotsPanel

    info = env_info("CartPole-v0")
    panel = PlotsPanel()
    panel.resize(1000, 520)
    panel.start_run(Config(episodes=max(episodes, 1)), info)
    panel.show()
    QApplication.processEvents()
    every = max(1, episodes // changes) if changes else 0
    start = time.perf_counter()
    for i in range(episodes):
        panel.add_episode(
            EpisodeEnd(
                i,
                float(10 + i % 190),
                10 + i % 190,
                0.1,
                0.5,
                i / 100,
                2000.0,
                100 * i,
                100.0,
                float(i),
            )
        )
        if every and i % every == 0 and len(panel.marks) < changes:
            panel.mark_change(SettingsChanged(100 * i, i, (("alpha", 0.001, 0.002),)))
    feed = time.perf_counter() - start
    at_once = feed_at_once(episodes, changes)
    start = time.perf_counter()
    panel.refresh()
    panel.grab()
    first = time.perf_counter() - start
    repaints, pans = [], []
    for k in range(repeats):
        start = time.perf_counter()
        panel.grab()
        repaints.append(time.perf_counter() - start)
        lo = episodes * (k % 4) / 8
        panel.score_plot.setXRange(lo, lo + episodes / 2, padding=0)
        start = time.perf_counter()
        panel.grab()
        pans.append(time.perf_counter() - start)
    panel.close()
    panel.deleteLater()
    QApplication.processEvents()
    return dict(
        episodes=episodes,
        changes=len(panel.marks),
        feed_s=feed,
        feed_at_once_s=at_once,
        first_s=first,
        repaint_ms=1000 * statistics.median(repaints),
        pan_ms=1000 * statistics.median(pans),
        lines_drawn=max(item.drawn for item in panel.mark_items),
        labels=len(panel.mark_labels.labels),
    )


def feed_at_once(episodes: int, changes: int) -> float:
    """Seconds for one ``show_history`` of the same episodes and changes (an opened file)."""
    from dqn_lab.gui.plots_panel import PlotsPanel
    from dqn_lab.gui.run_history import RunHistory

    every = max(1, episodes // changes) if changes else 0
    stats = [
        dict(
            episode=i,
            score=float(10 + i % 190),
            steps=10 + i % 190,
            epsilon=0.1,
            loss=0.5,
            mean_q=i / 100,
            env_steps=100 * i,
            wall_s=float(i),
        )
        for i in range(episodes)
    ]
    rows = [
        dict(env_steps=100 * i, episode=i, key="alpha", old=0.001, new=0.002)
        for i in range(0, episodes, every or episodes + 1)
    ][:changes]
    history = RunHistory.from_manifest(stats, rows)  # the open job does this off the GUI
    panel = PlotsPanel()
    panel.start_run(Config(episodes=max(episodes, 1)), env_info("CartPole-v0"))
    start = time.perf_counter()
    panel.show_history(history)
    seconds = time.perf_counter() - start
    panel.deleteLater()
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--episodes", type=int, default=100_000)
    parser.add_argument("--changes", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=9)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    _app = QApplication.instance() or QApplication([])
    result = dict(
        load=os.getloadavg()[0],
        marks=measure(args.episodes, args.changes, args.repeats),
        baseline=measure(args.episodes, 0, args.repeats),
    )
    m, b = result["marks"], result["baseline"]
    result["repaint_ratio"] = m["repaint_ms"] / b["repaint_ms"]
    result["pan_ratio"] = m["pan_ms"] / b["pan_ms"]
    if args.json:
        print(json.dumps(result, indent=2))
        return
    print(f"load average {result['load']:.1f}")
    for name, r in (("with changes", m), ("no changes", b)):
        print(
            f"{name:>13}: {r['episodes']:,} episodes, {r['changes']:,} changes: feed "
            f"{r['feed_s']:.2f} s (at once {1000 * r['feed_at_once_s']:.1f} ms), "
            f"first refresh+paint {r['first_s']:.2f} s, repaint "
            f"{r['repaint_ms']:.1f} ms, pan {r['pan_ms']:.1f} ms "
            f"({r['lines_drawn']} lines, {r['labels']} labels drawn)"
        )
    print(
        f"repaint with/without changes: {result['repaint_ratio']:.2f}x, "
        f"pan: {result['pan_ratio']:.2f}x"
    )


if __name__ == "__main__":
    main()

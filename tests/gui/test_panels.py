"""The data panels: what they store and draw, headless, without TensorFlow."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtWidgets import QGraphicsItem

from dqn_lab.core.config import Config
from dqn_lab.core.environment import env_info
from dqn_lab.core.model import NumpyPolicy
from dqn_lab.core.records import EpisodeEnd, Progress, SettingsChanged
from dqn_lab.core.replay import ReplayMemory
from dqn_lab.gui.network_panel import NetworkPanel
from dqn_lab.gui.plot_axes import (
    LogAxis,
    SparseAxis,
    episode_range,
    extent,
    linear_range,
    log_range,
    merge,
    nice_ceil,
)
from dqn_lab.gui.plots_panel import MEAN_WINDOW, PlotsPanel
from dqn_lab.gui.policy_map import ANGLE_LIMIT, GRID, PolicyMapPanel
from dqn_lab.gui.replay_panel import ReplayPanel
from dqn_lab.gui.run_panel import RunPanel

ROOT = Path(__file__).resolve().parents[2]
SHAPES = [(4, 32), (32,), (32, 32), (32,), (32, 2), (2,)]


@pytest.fixture
def info():
    return env_info("CartPole-v0")


@pytest.fixture
def policy():
    rng = np.random.default_rng(3)
    return NumpyPolicy(tuple(rng.normal(0, 0.5, s).astype(np.float32) for s in SHAPES))


def make_panel(qtbot, cls, info, config=None):
    panel = cls()
    qtbot.addWidget(panel)
    panel.resize(700, 450)
    panel.start_run(config or Config(), info)
    return panel


def episode(i: int, score: float, epsilon: float = 0.5, loss: float = 1.0) -> EpisodeEnd:
    return EpisodeEnd(
        episode=i,
        score=score,
        steps=int(score),
        epsilon=epsilon,
        loss=loss,
        mean_q=2.0 * i,
        steps_per_s=1000.0 + i,
        env_steps=200 * (i + 1),
        mean_100=float("nan"),
        elapsed_s=float(i),
    )


def memory_with(n: int, capacity: int) -> ReplayMemory:
    rng = np.random.default_rng(0)
    mem = ReplayMemory(capacity, 4)
    for i in range(n):
        s = rng.normal(0, 0.1, 4)
        mem.add(s, i % 3 == 0, s + 0.01, 1.0, i % 20 == 19)
    return mem


def snapshot(mem: ReplayMemory, policy, kind="dqn") -> dict:
    return dict(
        replay=mem.stats(2),
        histograms=mem.histograms(),
        policy=policy,
        counters=dict(step=mem.total_added, updates=100, epsilon=0.2, sync_pending=False),
        kind=kind,
        env_id="CartPole-v0",
        env_steps=mem.total_added,
        episode=12,
    )


# -- the base class -------------------------------------------------------------------------
def test_base_panel_methods_are_documented_no_ops(qtbot, info, policy):
    panel = make_panel(qtbot, RunPanel, info)
    panel.add_episode(episode(0, 10.0))
    panel.add_progress(Progress(10, 0, 10, 1.0, 100.0, 0.1))
    panel.mark_change(SettingsChanged(10, 0, (("alpha", 0.001, 0.01),)))
    panel.set_snapshot({"policy": policy})
    panel.set_evaluation(0, [1.0])
    panel.refresh()
    assert isinstance(RunPanel.title, str)
    for name in (
        "start_run",
        "add_episode",
        "add_progress",
        "mark_change",
        "set_snapshot",
        "set_evaluation",
        "refresh",
    ):
        assert getattr(RunPanel, name).__doc__, name


# -- plots ----------------------------------------------------------------------------------
def test_plots_show_the_episodes_after_refresh(qtbot, info):
    panel = make_panel(qtbot, PlotsPanel, info)
    scores = [10.0, 20.0, 30.0, 25.0]
    for i, s in enumerate(scores):
        panel.add_episode(episode(i, s, epsilon=1.0 - 0.1 * i, loss=0.5 + i))
    assert panel.score_curve.xData is None  # nothing drawn before refresh
    panel.refresh()
    # xData/yData: the arrays given to setData (getData is the clipped, downsampled view).
    # Episodes count from 1 on the axis, as the header and the status line count them.
    np.testing.assert_array_equal(panel.score_curve.xData, [1, 2, 3, 4])
    np.testing.assert_array_equal(panel.score_curve.yData, scores)
    np.testing.assert_allclose(panel.eps_curve.yData, [1.0, 0.9, 0.8, 0.7])
    np.testing.assert_allclose(panel.q_curve.yData, [0, 2, 4, 6])
    np.testing.assert_allclose(panel.speed_curve.yData, [1000, 1001, 1002, 1003])
    np.testing.assert_allclose(panel.loss_curve.yData, [0.5, 1.5, 2.5, 3.5])
    assert "episode 4" in panel.status.full_text()


def test_the_plots_header_shows_the_learning_rate_and_when_the_solved_gate_lowers_it(qtbot, info):
    panel = make_panel(qtbot, PlotsPanel, info)
    panel.add_progress(Progress(600, 3, 40, 0.5, 100.0, 1.0, 0.00137, ""))
    panel.refresh()  # before replay starts (step 2,000) the header says so, not the rate
    assert "collecting: learning starts at step 2,000" in panel.status.full_text()
    assert "α" not in panel.status.full_text()
    panel.add_progress(Progress(2600, 3, 40, 0.5, 100.0, 1.0))  # a record without the rate
    panel.refresh()
    assert "α" not in panel.status.full_text() and "collecting" not in panel.status.full_text()
    panel.add_progress(Progress(2700, 3, 140, 0.5, 100.0, 1.1, 0.00137, ""))
    panel.refresh()
    assert "α 0.00137" in panel.status.full_text() and "solved" not in panel.status.full_text()
    panel.add_progress(Progress(2800, 4, 10, 0.01, 100.0, 1.2, 1.37e-05, "solved"))
    panel.refresh()
    assert "α 1.37e-05 (lowered: recent episodes pass)" in panel.status.full_text()
    panel.add_progress(Progress(2900, 5, 10, 0.01, 100.0, 1.3, 1.37e-04, "fallback"))
    panel.refresh()
    assert "α 0.000137 (lowered after a slip)" in panel.status.full_text()


def test_a_long_plots_header_is_elided_and_never_widens_the_panel(qtbot, info):
    """A run's header (episode, score, mean, solved, steps, speed, ε, α) made the panel
    ask for ~900 px, and with it the window, wider than a laptop screen."""
    panel = make_panel(qtbot, PlotsPanel, info)
    panel.show()
    for i in range(120):
        panel.add_episode(episode(i, 200.0))
    panel.add_progress(Progress(24_000, 120, 40, 0.01, 2950.0, 10.0, 1.37e-05, "solved"))
    panel.refresh()
    full = panel.status.full_text()
    assert full.endswith("α 1.37e-05 (lowered: recent episodes pass)")
    assert panel.minimumSizeHint().width() < 300
    panel.resize(400, 450)
    qtbot.waitUntil(lambda: panel.status.text() != full, timeout=2000)
    assert panel.status.text().endswith("…") and full.startswith(panel.status.text()[:-1])
    assert panel.status.toolTip() == full  # the whole line, on hover
    # A tooltip on screen follows the header as the run goes on.
    from PySide6.QtGui import QCursor
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QToolTip

    QTest.mouseMove(panel.status)
    qtbot.waitUntil(panel.status.underMouse, timeout=2000)
    QToolTip.showText(QCursor.pos(), panel.status.toolTip(), panel.status)
    assert QToolTip.isVisible() and QToolTip.text() == full
    panel.add_progress(Progress(24_512, 121, 60, 0.01, 2950.0, 10.2, 1.37e-04, "fallback"))
    panel.refresh()
    assert QToolTip.text() == panel.status.full_text() != full
    assert QToolTip.text().endswith("(lowered after a slip)")
    QToolTip.hideText()
    full = panel.status.full_text()
    panel.resize(1600, 450)
    qtbot.waitUntil(lambda: panel.status.text() == full, timeout=2000)
    assert panel.status.toolTip() == ""


def shown_plots(qtbot, info) -> PlotsPanel:
    """A shown 900 x 560 learning-curves panel, started for a 300-episode run."""
    panel = PlotsPanel()
    qtbot.addWidget(panel)
    panel.resize(900, 560)
    panel.show()
    panel.start_run(Config(episodes=300), info)
    panel.refresh()
    return panel


def test_the_grid_is_drawn_at_the_ticks_and_the_axes_stay_strips(qtbot, info):
    """Each plot shows faint grid lines at its episode ticks; the axes no longer span the
    plot (their grid made each axis a plot-sized pixmap, repainted on every range change)."""
    from PySide6.QtCore import QPointF

    panel = shown_plots(qtbot, info)
    plot, vb = panel.score_plot, panel.score_plot.vb
    axis = plot.getAxis("bottom")
    assert axis.boundingRect().height() < 0.5 * vb.height()  # a strip under the plot
    image = panel.view.grab().toImage()
    (x_lo, x_hi), (y_lo, y_hi) = vb.viewRange()
    ticks = sorted(v for _, values in axis.tickValues(x_lo, x_hi, vb.width()) for v in values)
    inner = [v for v in ticks if x_lo < v < x_hi][1:-1]
    assert len(inner) >= 2
    y = (y_lo + y_hi) / 2

    def pixel(v: float):
        p = panel.view.mapFromScene(vb.mapViewToScene(QPointF(v, y)))
        return {image.pixelColor(p.x() + dx, p.y()).rgb() for dx in (-1, 0, 1)}

    for a, b in zip(inner, inner[1:]):
        background = pixel((a + b) / 2)  # between two ticks: no line
        assert len(background) == 1
        assert pixel(a) - background, f"no grid line at episode {a}"


def test_moving_mean_is_the_mean_of_the_last_100_scores(qtbot, info):
    panel = make_panel(qtbot, PlotsPanel, info)
    rng = np.random.default_rng(1)
    scores = rng.integers(8, 201, 350).astype(float)
    for i, s in enumerate(scores):
        panel.add_episode(episode(i, s))
    panel.refresh()
    expected = [scores[max(0, i - MEAN_WINDOW + 1) : i + 1].mean() for i in range(len(scores))]
    np.testing.assert_allclose(panel.mean_curve.yData, expected, rtol=1e-12)


def test_threshold_line_at_the_solved_score(qtbot, info):
    panel = make_panel(qtbot, PlotsPanel, info)
    # Before the first episode: the run's length and the score up to the threshold.
    (x0, x1), (y0, y1) = panel.score_plot.vb.viewRange()
    assert x0 <= 0 and x1 == pytest.approx(Config().episodes, rel=0.05)
    assert y0 < 0 < 195 < y1 < 300
    assert not panel.score_plot.getAxis("left").autoSIPrefix  # no "score (x0.001)"
    assert panel.threshold_line.isVisible()
    assert panel.threshold_line.value() == 195.0
    assert "195" in panel.threshold_line.label.toPlainText()
    no_threshold = info.__class__(**{**info.__dict__, "reward_threshold": None})
    panel.start_run(Config(), no_threshold)
    assert not panel.threshold_line.isVisible()


def test_live_changes_are_marked_and_evaluations_drawn(qtbot, info):
    panel = make_panel(qtbot, PlotsPanel, info)
    for i in range(30):
        panel.add_episode(episode(i, 10.0 + i))
    panel.mark_change(SettingsChanged(2000, 12, (("alpha", 0.001, 0.01),)))
    panel.mark_change(
        SettingsChanged(3000, 20, (("gamma", 1.0, 0.99), ("epsilon_decay", 0.0005, 0.001)))
    )
    panel.set_evaluation(19, [100.0, 150.0, 200.0])
    panel.refresh()
    assert panel.marks == [
        (12, "alpha 0.001→0.01"),
        (20, "gamma 1→0.99\nepsilon_decay 0.0005→0.001"),
    ]
    panel.show()
    panel.grab()  # paints the marks
    # Drawn at the first episode with the new values, counted from 1 (the 13th and 21st).
    np.testing.assert_array_equal(panel.change_marks.x, [13, 21])
    assert [item.drawn for item in panel.mark_items] == [2] * len(panel.plots)
    # Over the run's 500 episodes the two labels would overlap: one label for both.
    assert [text for _, text, _, _ in panel.mark_labels.labels] == ["2 changes"]
    panel.score_plot.setXRange(8, 26, padding=0)  # zoomed in: each has its label
    panel.grab()
    labels = panel.mark_labels.labels
    assert labels[0][1] == "Learning rate 0.001→0.01"  # the settings' labels
    assert labels[1][1].startswith("Gamma 1→0.99")  # long ones elided, whole in the tip
    assert panel.change_marks.describe(*labels[1][2:]) == (
        "episode 21: Gamma 1→0.99, Epsilon decay 0.0005→0.001"
    )
    assert labels[0][0].right() <= labels[1][0].left()  # one row, no overlap
    # Another change at the same episode joins its mark, as an opened run shows them (a new
    # user read "3 changes" live and "2 changes" once the run was opened again).
    panel.mark_change(SettingsChanged(3000, 20, (("alpha", 0.01, 0.002),)))
    assert len(panel.change_marks) == 2 and len(panel.marks) == 2
    assert panel.marks[-1] == (20, "gamma 1→0.99\nepsilon_decay 0.0005→0.001\nalpha 0.01→0.002")
    # The labels sit in their own row above the score plot: they never hide a curve.
    strip = panel.mark_labels.sceneBoundingRect()
    assert strip.height() > 0
    assert strip.bottom() <= panel.score_plot.vb.sceneBoundingRect().top() + 1
    ex, ey = panel.eval_points.getData()
    np.testing.assert_allclose(ex, [19])
    np.testing.assert_allclose(ey, [150])
    panel.start_run(Config(), info)  # a new run forgets marks and evaluations
    panel.refresh()
    panel.grab()
    assert panel.marks == [] and len(panel.change_marks) == 0
    assert [item.drawn for item in panel.mark_items] == [0] * len(panel.plots)
    assert panel.mark_labels.labels == [] and panel.mark_labels.maximumHeight() == 0
    assert len(panel.eval_points.getData()[0]) == 0


def test_plots_draw_20000_episodes_downsampled(qtbot, info):
    # How long a refresh and a paint take is reported by benchmarks/suite_timings.py
    # (--only plots); the test checks what keeps them cheap.
    panel = make_panel(qtbot, PlotsPanel, info)
    panel.show()
    rng = np.random.default_rng(2)
    for i, s in enumerate(rng.integers(8, 201, 20_000)):
        panel.add_episode(episode(i, float(s), loss=float(rng.random() + 0.01)))
    panel.refresh()
    panel.grab()  # first paint builds the caches
    panel.add_episode(episode(20_000, 200.0))
    panel.refresh()
    assert len(panel.score_curve.xData) == 20_001
    panel.grab()
    # Downsampling ('peak') and clip-to-view: far fewer points are drawn than stored.
    curve = panel.score_curve
    assert curve.opts["autoDownsample"] and curve.opts["clipToView"]
    assert curve.opts["downsampleMethod"] == "peak"
    assert len(curve.getData()[0]) <= 20_001 // 4


def test_plot_ranges_are_round_and_move_only_when_outgrown(qapp):
    assert [nice_ceil(v) for v in (0.7, 1.0, 1.1, 11.5, 999, 1001)] == [0.8, 1, 1.2, 12, 1000, 1200]
    assert linear_range(8, 200, None) == (0, 200)  # a CartPole score
    assert linear_range(-200, -100, None) == (-200, -100)  # MountainCar
    assert linear_range(0.0, 1.3, None) == (0, 1.5)  # not 1.5000000000000002
    assert linear_range(0, 9, (0, 10)) == (0, 10)  # still covered: unchanged
    assert linear_range(0, 10.1, (0, 10)) == (0, 20)  # outgrown: room to grow
    assert linear_range(float("nan"), float("nan"), (0, 1)) == (0, 1)
    assert log_range(0.013, 1.005, None) == (-2, 1)  # whole decades
    assert log_range(518, 99_494, None) == (2, 5)
    assert log_range(0.0, 1.0, None) is None  # nothing positive to show
    assert episode_range(0, 320, None) == (0, 400)
    assert episode_range(0, 399, (0, 400)) == (0, 400)
    assert episode_range(50, 60, None) == (50, 65)  # a continued run
    assert episode_range(0, 260, (0, 250), end=300) == (0, 300)  # not past the run's end
    assert episode_range(0, 310, (0, 300), end=300) == (0, 400)  # unless the data is
    assert extent(np.array([np.nan, -1.0, 3.0]), positive=True) == (3.0, 3.0)
    sparse = SparseAxis("left")  # a short axis: labels >= 20 px apart
    assert sparse.tickValues(-0.06, 1.06, 54)[0] == (0.5, [0.0, 0.5, 1.0])
    assert sparse.tickValues(0, 200, 130)[0] == (50, [0, 50, 100, 150, 200])
    axis = LogAxis("left")  # a short log axis labels fewer decades
    assert axis.logTickValues(-4.0, 1.0, 60, None)[0][1] == [-4, -2, 0]
    assert axis.logTickValues(-1.0, 1.0, 200, None)[0][1] == [-1, 0, 1]
    assert axis.logTickStrings([-2, 0, 3.0, 6.0], 1, 1) == ["0.01", "1", "1k", "1M"]
    assert merge((1.0, float("nan")), (0.0, 2.0)) == (0.0, 2.0)


def test_plots_follow_the_run_with_few_range_changes(qtbot, info):
    panel = make_panel(qtbot, PlotsPanel, info)
    panel.show()
    x_ranges, q_ranges = set(), set()
    axis = panel.score_plot.getAxis("bottom")
    for i in range(2000):
        panel.add_episode(
            EpisodeEnd(
                i,
                float(10 + i % 190),
                50,
                max(0.01, 1 - i / 500),
                0.1,
                i / 20,
                2000.0,
                50 * i,
                100.0,
                float(i),
            )
        )
        if i % 10 == 9:
            panel.refresh()
            x_ranges.add(panel.ranges.x)
            q_ranges.add(panel.ranges.y[panel.q_plot])
    # Auto-range would move every axis at each of the 200 redraws; these move about once
    # per doubling (episodes 10 -> 2000, mean Q 0.45 -> 100).
    assert len(x_ranges) <= 14 and len(q_ranges) <= 10, (x_ranges, q_ranges)
    while panel.ranges.waiting:  # a new episode range reaches one plot per redraw
        panel.refresh()
    x0, x1 = panel.score_plot.vb.viewRange()[0]
    assert x0 <= 0 and 1999 <= x1 <= 1.5 * 1999
    for plot in panel.plots:  # the episode axis is shared
        assert plot.vb.viewRange()[0] == pytest.approx([x0, x1])
    lo, hi = panel.q_plot.vb.viewRange()[1]
    assert lo <= 0 and 1999 / 20 <= hi <= 2 * 1999 / 20
    assert panel.ranges.y[panel.eps_plot] == (0, 1)  # epsilon: always 0 to 1
    lo, hi = panel.eps_plot.vb.viewRange()[1]
    assert lo < 0 and 1 < hi < 1.5  # plus a few pixels for labels
    # An episode inside the ranges repaints the curves from cached axes (no new ticks).
    panel.grab()
    picture = axis.picture
    panel.add_episode(episode(2000, 100.0))
    panel.refresh()
    panel.grab()
    assert axis.picture is picture
    assert axis.cacheMode() == QGraphicsItem.CacheMode.DeviceCoordinateCache


def test_outgrown_ranges_move_one_plot_per_redraw(qtbot, info):
    """A new range repaints its axis and grid, and a new episode range does so in every
    plot: one plot takes its new ranges (episodes and values together) per redraw."""
    panel = make_panel(qtbot, PlotsPanel, info)
    for i in range(10):
        panel.add_episode(episode(i, 10.0))
    panel.refresh()  # first ranges: all at once
    first = (panel.ranges.x, dict(panel.ranges.y))
    assert None not in first[1].values() and first[0] is not None

    def shown():
        return [tuple(map(tuple, p.vb.viewRange())) for p in panel.plots]

    panel.add_episode(EpisodeEnd(40, 500.0, 500, 0.5, 1e4, 1e3, 1e7, 0, 0.0, 0.0))
    moved = []
    for _ in range(6):  # every plot's episodes; score, loss, mean Q and speed values
        before = shown()
        panel.refresh()  # the main window's timer, no new data
        moved.append([b != a for b, a in zip(before, shown())])
    # The score plot first, then one plot per redraw, top to bottom.
    assert [row.index(True) if any(row) else None for row in moved] == [0, 1, 2, 3, 4, None]
    assert [sum(row) for row in moved] == [1, 1, 1, 1, 1, 0]
    assert not panel.ranges.waiting
    assert panel.ranges.x[1] >= 40 and panel.ranges.y[panel.score_plot][1] >= 500
    x0, x1 = panel.score_plot.vb.viewRange()[0]
    for plot in panel.plots:  # the episode axis is shared again
        assert plot.vb.viewRange()[0] == pytest.approx([x0, x1])


def test_a_spread_range_change_finishes_on_its_own_and_a_resize_keeps_the_axes_aligned(qtbot, info):
    """The plots left behind take their ranges on the panel's short timer, without waiting
    for its next refresh; resizing the window gives every plot the same episode range (the
    margin depends on the plots' width)."""
    panel = make_panel(qtbot, PlotsPanel, info)
    panel.resize(900, 500)
    panel.show()
    for i in range(10):
        panel.add_episode(episode(i, 10.0))
    panel.refresh()
    for i in range(10, 300):
        panel.add_episode(episode(i, float(i)))
    panel.refresh()  # one plot now, the others on the timer
    assert panel.ranges.waiting
    qtbot.waitUntil(lambda: not panel.ranges.waiting, timeout=5000)

    def x_ranges():
        return [tuple(p.vb.viewRange()[0]) for p in panel.plots]

    assert len(set(x_ranges())) == 1 and x_ranges()[0][1] >= 299
    for size in ((1200, 700), (700, 420)):
        panel.resize(*size)
        qtbot.waitUntil(lambda size=size: panel.width() == size[0], timeout=5000)
        ranges = x_ranges()
        assert len(set(ranges)) == 1, ranges


def test_zooming_a_plot_stops_following_and_its_a_button_follows_again(qtbot, info):
    panel = make_panel(qtbot, PlotsPanel, info)
    for i in range(50):
        panel.add_episode(episode(i, 10.0 + i))
    panel.refresh()
    plot = panel.q_plot
    plot.vb.setRange(xRange=(5, 10), yRange=(1, 2), padding=0)
    plot.vb.sigRangeChangedManually.emit([True, True])  # what a mouse drag emits
    assert not plot.following
    for i in range(50, 500):
        panel.add_episode(episode(i, 10.0 + i % 100))
    panel.refresh()
    assert np.allclose(plot.vb.viewRange(), [[5, 10], [1, 2]])  # the user's view stays
    assert panel.score_plot.vb.viewRange()[0] == pytest.approx([5, 10])
    plot.autoBtnClicked()  # "A": follow the run again
    assert plot.following
    x0, x1 = panel.score_plot.vb.viewRange()[0]
    assert x0 <= 0 and x1 >= 499
    assert plot.vb.viewRange()[1][1] >= 2 * 499  # mean Q of episode 499: 998
    panel.start_run(Config(), info)  # a new run follows everything
    assert all(p.following for p in panel.plots)


# -- replay memory --------------------------------------------------------------------------
def test_replay_panel_shows_fill_actions_and_histograms(qtbot, info, policy):
    panel = make_panel(qtbot, ReplayPanel, info)
    mem = memory_with(12_345, 50_000)
    panel.set_snapshot(snapshot(mem, policy))
    panel.refresh()
    assert "12,345 / 50,000 transitions" in panel.fill_text.text()
    assert "MB" in panel.fill_text.text()
    assert panel.fill_bar.value() == round(1000 * 12_345 / 50_000)
    assert not panel.naive_note.isVisibleTo(panel)
    left, right = (label.text() for _, label in panel.action_bars)
    assert left.startswith("push left") and right.startswith("push right")
    counts = mem.stats(2)["action_counts"]
    assert f"({counts[1]:,})" in right
    assert panel.total_label.text() == "12,345"
    assert panel.terminal_label.text() == "5.00 %"
    counts0, edges0 = mem.histograms()[0]
    np.testing.assert_allclose(panel.hist_curves[0].yData, counts0)
    np.testing.assert_allclose(panel.hist_curves[0].xData, edges0)
    assert "pole angle [rad]" in panel.hist_plots[2].titleLabel.text


def test_replay_panel_explains_the_naive_memory(qtbot, info, policy):
    config = Config().replace(agent="naive")
    panel = make_panel(qtbot, ReplayPanel, info, config)
    panel.set_snapshot(snapshot(memory_with(100, 32), policy, kind="naive"))
    panel.refresh()
    assert panel.naive_note.isVisibleTo(panel)
    assert "only the last mini-batch" in panel.naive_note.text()
    assert "32 / 32 transitions" in panel.fill_text.text()


# -- network --------------------------------------------------------------------------------
def test_network_table_lists_layers_and_parameter_counts(qtbot, info, policy):
    panel = make_panel(qtbot, NetworkPanel, info)
    table = panel.table
    rows = {table.item(r, 0).text(): table.item(r, 3).text() for r in range(table.rowCount())}
    assert rows == {
        "states": "0",
        "action_mask": "0",
        "hidden_1": "160",
        "hidden_2": "1,056",
        "q_values": "66",
        "masked_q": "0",
    }
    assert "1,282" in panel.total_label.text()
    panel.set_snapshot(
        dict(policy=policy, counters=dict(step=500, updates=400, epsilon=0.3, sync_pending=True))
    )
    panel.refresh()
    rms = float(table.item(2, 4).text())
    assert rms == pytest.approx(np.sqrt(np.mean(policy.weights[0] ** 2)), abs=1e-3)
    assert "400 gradient updates" in panel.counters_label.text()
    panel.show_architecture(Config().replace(dueling=True, hidden_sizes=(64,)), info)
    names = [table.item(r, 0).text() for r in range(table.rowCount())]
    assert names == [
        "states",
        "action_mask",
        "hidden_1",
        "value",
        "advantage",
        "q_values",
        "masked_q",
    ]
    assert panel.diagram.grab().width() > 0


# -- policy map -----------------------------------------------------------------------------
def test_policy_map_is_the_argmax_over_the_grid(qtbot, info, policy):
    panel = make_panel(qtbot, PolicyMapPanel, info)
    panel.min_interval_s = 0.0
    panel.set_snapshot(dict(policy=policy, episode=3, env_steps=100))
    panel.refresh()
    states = panel.states
    assert states.shape == (GRID * GRID, 4)
    np.testing.assert_allclose(states[:, :2], 0.0)  # cart at rest in the middle
    assert states[:, 2].min() == pytest.approx(-0.21) and states[:, 3].max() == 2.0
    q = policy.q_values(states)
    expected = np.argmax(q, axis=1).reshape(GRID, GRID)
    np.testing.assert_array_equal(panel.actions, expected)
    np.testing.assert_allclose(panel.max_q, q.max(axis=1).reshape(GRID, GRID), rtol=1e-6)
    # Row = angular velocity (y), column = pole angle (x).
    row, col = 7, 41
    assert panel.actions[row, col] == policy.act(
        np.array([0, 0, panel.xs[col], panel.ys[row]], dtype=np.float32)
    )
    colours = panel.action_image.image
    assert colours.shape == (GRID, GRID, 3)
    assert (colours[expected == 0] == colours[expected == 0][0]).all()
    assert panel.limit_lines[1].value() == pytest.approx(ANGLE_LIMIT)
    assert "pole angle [rad]" in panel.plot.getAxis("bottom").labelText


def test_policy_map_recomputes_at_most_every_interval(qtbot, info, policy):
    panel = make_panel(qtbot, PolicyMapPanel, info)
    panel.set_snapshot(dict(policy=policy))
    panel.refresh()
    first = panel.actions
    assert first is not None
    other = NumpyPolicy(tuple(-w for w in policy.weights))
    panel.set_snapshot(dict(policy=other))
    panel.refresh()  # within 2 s: keeps the old map
    assert panel.actions is first
    panel._computed_at -= panel.min_interval_s
    panel.refresh()
    np.testing.assert_array_equal(
        panel.actions, np.argmax(other.q_values(panel.states), axis=1).reshape(GRID, GRID)
    )


def test_policy_map_mode_toggle(qtbot, info, policy):
    panel = make_panel(qtbot, PolicyMapPanel, info)
    panel.show()
    panel.compute(policy)
    assert panel.action_image.isVisible() and not panel.colorbar.isVisible()
    panel.mode.setCurrentText("max Q")
    assert not panel.action_image.isVisible() and panel.colorbar.isVisible()
    assert panel.colorbar.levels() == pytest.approx((panel.max_q.min(), panel.max_q.max()))


def test_every_panel_renders(qtbot, info, policy, tmp_path):
    mem = memory_with(500, 1000)
    for cls in (PlotsPanel, ReplayPanel, NetworkPanel, PolicyMapPanel):
        panel = make_panel(qtbot, cls, info)
        panel.show()
        for i in range(50):
            panel.add_episode(episode(i, 10.0 + i))
        panel.set_snapshot(snapshot(mem, policy))
        panel.refresh()
        image = panel.grab().toImage()
        path = tmp_path / f"{cls.__name__}.png"
        assert image.save(str(path)) and path.stat().st_size > 1000
        assert image.width() >= 600 and image.height() >= 400


def test_many_qt_calls_do_not_exhaust_none():
    """PySide6 6.12.0 on Python 3.11 dropped a reference to None per void call and aborted
    the GUI within minutes (none_dealloc); pyproject pins pyside6<6.12. Guard against it."""
    script = (
        "import gui\n"
        "from PySide6.QtWidgets import QApplication, QLabel\n"
        "app = QApplication([])\n"
        "label = QLabel()\n"
        "for _ in range(100_000):\n"
        "    label.setText('x')\n"
        "print('survived')\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=str(ROOT),
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "survived" in result.stdout


def test_policy_map_other_envs_use_the_first_two_features(qtbot, policy):
    info = env_info("MountainCar-v0")  # 2 features, 3 actions
    panel = make_panel(qtbot, PolicyMapPanel, info)
    assert (panel.xi, panel.yi) == (0, 1)
    assert panel.xs[0] == pytest.approx(-1.2) and panel.ys[-1] == pytest.approx(0.07)
    assert not any(line.isVisible() for line in panel.limit_lines)
    rng = np.random.default_rng(5)
    shapes = [(2, 8), (8,), (8, 3), (3,)]
    small = NumpyPolicy(tuple(rng.normal(0, 1, s).astype(np.float32) for s in shapes))
    panel.compute(small)
    np.testing.assert_array_equal(
        panel.actions, np.argmax(small.q_values(panel.states), axis=1).reshape(GRID, GRID)
    )
    assert "action 2" in panel.legend.text()
    panel.min_interval_s = 0.0
    panel.set_snapshot(dict(policy=policy))  # a CartPole network: wrong size
    panel.refresh()
    assert "Cannot evaluate this network" in panel.info_label.text()


def test_progress_updates_the_status_without_redrawing_curves(qtbot, info):
    panel = make_panel(qtbot, PlotsPanel, info)
    panel.add_episode(episode(0, 20.0))
    panel.refresh()
    calls = []
    panel.score_curve.sigPlotChanged.connect(lambda *_: calls.append(1))
    panel.add_progress(
        Progress(
            env_steps=1234,
            episode=1,
            episode_step=7,
            epsilon=0.25,
            steps_per_s=987.0,
            elapsed_s=3.0,
        )
    )
    panel.refresh()
    assert calls == []
    assert "1,234 env steps, ε 0.250" in panel.status.full_text()
    assert "steps/s" not in panel.status.full_text()  # one speed: the status line's
    panel.refresh()  # nothing new: nothing to do
    assert calls == []
    panel.add_episode(episode(1, 30.0))  # a new episode does redraw
    panel.refresh()
    assert calls


def test_a_new_run_resets_the_replay_plots_without_rebuilding_them(qtbot, info, policy):
    panel = make_panel(qtbot, ReplayPanel, info)
    plots, bars = list(panel.hist_plots), list(panel.action_bars)
    panel.set_snapshot(snapshot(memory_with(500, 1000), policy))
    panel.refresh()
    assert panel.hist_curves[0].yData.sum() > 0
    panel.start_run(Config(), info)  # the next run, same environment
    assert panel.hist_plots == plots and panel.action_bars == bars
    assert all(curve.yData.sum() == 0 for curve in panel.hist_curves)
    assert all(label.text().endswith(": –") for _, label in panel.action_bars)


@pytest.mark.parametrize("cls", [PolicyMapPanel, ReplayPanel])
def test_a_starting_run_does_not_resize_the_plots(qtbot, info, policy, cls):
    """Texts that gain lines when a run starts would shrink the plots, and every resize
    redraws them (a stall just as training begins)."""
    panel = cls()
    qtbot.addWidget(panel)
    panel.resize(440, 300)
    panel.show()
    qtbot.waitExposed(panel)
    if hasattr(panel, "prepare_for"):  # the window's preview before a run
        panel.prepare_for(Config(), info)
    qtbot.wait(20)
    view = panel.view if cls is PolicyMapPanel else panel.hist_view
    before = view.size()
    panel.start_run(Config(), info)
    if hasattr(panel, "min_interval_s"):
        panel.min_interval_s = 0.0
    panel.set_snapshot(snapshot(memory_with(1500, 50_000), policy))
    panel.refresh()
    qtbot.wait(50)
    assert view.size() == before


def test_the_status_line_keeps_its_layout_while_the_digits_change(qtbot, info):
    from dqn_lab.core.records import Progress
    from dqn_lab.gui.status import RunStatus

    status = RunStatus()
    qtbot.addWidget(status)
    status.reset(Config(), info)
    status.show()
    widths = []
    for steps, speed, t in (
        (9_000, 2_950.0, 4.0),
        (10_000, 980.0, 4.0),
        (10_500, 2_990.0, 4.0),
        (11_000, 985.0, 4.0),
    ):
        status.add_progress(Progress(steps, 3, 10, 0.5, speed, t))
        status.refresh()
        qtbot.wait(5)
        widths.append((status.steps_label.width(), status.speed_label.width()))
    # No time passed between the events: the speed is the first one's, not a jump.
    assert status.speed_label.text() == "2,950 steps/s"
    # Widths only grow to the widest text so far: no re-layout when a digit goes away.
    assert widths[2:] == [widths[1]] * 2, widths


def test_new_status_numbers_of_the_same_width_ask_the_window_for_no_layout(qtbot, info):
    """The status line refreshes ~30 times a second while a run trains: a label whose size
    could change made every new text re-lay out the whole window (its docks included)."""
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QMainWindow

    from dqn_lab.core.records import Progress
    from dqn_lab.gui.status import RunStatus

    class Requests(QObject):
        """Counts the LayoutRequest events of the objects it filters."""

        def __init__(self):
            super().__init__()
            self.count = 0

        def eventFilter(self, obj, event):  # noqa: N802 - Qt API
            if event.type() == QEvent.Type.LayoutRequest:
                self.count += 1
            return False

    window = QMainWindow()
    qtbot.addWidget(window)
    status = RunStatus()
    window.statusBar().addPermanentWidget(status)
    status.reset(Config(), info)
    window.show()
    qtbot.waitExposed(window)
    status.add_progress(Progress(10_000, 3, 10, 0.5, 2_000.0, 4.0))
    status.refresh()
    qtbot.wait(20)  # the first texts size the labels: one re-layout
    requests = Requests()
    for target in (window, window.statusBar(), status):
        target.installEventFilter(requests)
    texts = []
    for i, steps in enumerate((10_111, 10_222, 10_333, 10_444), start=1):
        status.add_progress(Progress(steps, 3, 10, 0.5, 2_000.0, 4.0 + i))
        status.refresh()
        qtbot.wait(10)
        texts.append(status.steps_label.text())
    assert texts == ["10,111 steps", "10,222 steps", "10,333 steps", "10,444 steps"]
    assert requests.count == 0
    # A longer text still gets its room.
    status.add_progress(Progress(1_000_000, 3, 10, 0.5, 2_000.0, 9.0))
    status.refresh()
    qtbot.wait(10)
    label = status.steps_label
    assert label.width() >= label.fontMetrics().horizontalAdvance(label.text())


def test_a_settings_preview_keeps_the_memory_on_show(qtbot, info, policy):
    """After a run (or File > Open), editing a setting previews the next run's network; the
    replay panel keeps showing the memory it has until Start."""
    panel = make_panel(qtbot, ReplayPanel, info)
    panel.set_snapshot(snapshot(memory_with(500, 1000), policy))
    panel.refresh()
    counts = panel.hist_curves[0].yData.copy()
    label = panel.action_bars[0][1].text()
    panel.prepare_for(Config().replace(episodes=900), info)
    np.testing.assert_array_equal(panel.hist_curves[0].yData, counts)
    assert panel.action_bars[0][1].text() == label and counts.sum() > 0


def test_100000_episodes_and_changes_draw_a_bounded_number_of_items(qtbot, info):
    """Issue 16: a legal file with 100,000 episodes and as many live changes opens; the
    marks' drawing is bounded by the plots' width, not by the number of changes."""
    panel = make_panel(qtbot, PlotsPanel, info, Config(episodes=100_000))
    panel.show()
    items_before = len(panel.view.scene().items())
    n = 100_000
    for i in range(n):
        panel.add_episode(episode(i, float(10 + i % 190)))
        panel.mark_change(SettingsChanged(i, i, (("alpha", 0.001, 0.002 + i % 7 / 1000),)))
    panel.refresh()
    image = panel.grab().toImage()
    assert not image.isNull()
    assert len(panel.score_curve.xData) == n and len(panel.change_marks) == n
    # The same graphics items as before the data: the marks add none per change.
    assert len(panel.view.scene().items()) == items_before
    width = panel.score_plot.vb.width()
    for item in panel.mark_items:
        assert 0 < item.drawn <= width / 4 + 1  # one line per 4 px at most
    assert 0 < len(panel.mark_labels.labels) <= 20  # labels of overlapping groups merged
    assert panel.mark_labels.labels[0][1].endswith("changes")
    # Downsampled and clipped: the score curve draws far fewer points than it holds.
    assert len(panel.score_curve.getData()[0]) < n / 10


def test_the_status_line_smooths_the_speed_and_estimates_the_time_left(qtbot, info):
    """Issue 13 item 8: 20 Hz progress with rates jumping between 11 and 969 steps/s."""
    from dqn_lab.gui.status import RunStatus

    status = RunStatus()
    qtbot.addWidget(status)
    status.refresh()
    texts = [status.episode_label.text(), status.speed_label.text(), status.time_label.text()]
    assert texts == ["", "", ""]  # at launch: no "Episode 0/0"
    config = Config(episodes=200, max_steps=200)
    status.reset(config, info)
    assert status.episode_label.text() == "200 episodes"
    panel = make_panel(qtbot, PlotsPanel, info, config)
    steps, shown = 0, []
    rng = np.random.default_rng(4)
    for k in range(1, 201):  # 10 s at 20 Hz, ~490 steps/s
        burst = int(rng.choice([1, 48]))  # 20 or 960 steps/s for 50 ms
        steps += burst
        ev = Progress(steps, 3, 10, 0.5, burst / 0.05, 0.05 * k)
        status.add_progress(ev)
        panel.add_progress(ev)
        if k > 60:
            shown.append(status.speed)
    mean_rate = steps / 10.0
    assert min(shown) > 0.6 * mean_rate and max(shown) < 1.4 * mean_rate
    status.refresh()
    panel.refresh()
    # one speed on screen: the curves' header shows none since their smoothings differed
    assert status.speed_label.text() and "steps/s" not in panel.status.full_text()
    # Time left: the episodes left times the recent episodes' length, at the shown speed.
    for i in range(10):
        status.add_episode(EpisodeEnd(i, 20.0, 20, 0.5, 1.0, 1.0, 500.0, steps, 20.0, 10.0))
    for i in range(10, 20):  # the agent learned: 200-step episodes
        status.add_episode(EpisodeEnd(i, 200.0, 200, 0.5, 1.0, 1.0, 500.0, steps, 20.0, 10.0))
    expected = 180 * (10 * 20 + 10 * 200) / 20 / status.speed
    assert status.remaining_s() == pytest.approx(expected)
    status.set_state("Running")
    status.refresh()
    assert status.episode_label.text() == "Episode 20/200"
    assert status.time_label.text().startswith("10 s elapsed, ~")  # and the time left
    status.set_state("Stopped")  # a stopped run has nothing left to train
    assert status.time_label.text() == "10 s elapsed"


def test_a_new_environment_is_shown_by_every_panel_before_start(make_window, qtbot):
    """Issue 13 item 5: switching to Acrobot updates the curves, viewport and policy map at
    once (no CartPole-v0, no 195, no cart, no old run's lines)."""
    from dqn_lab.gui.viewport import ViewportPanel

    window = make_window()
    panels = {type(p).__name__: p for p in window.panels}
    plots, viewport, pmap = (
        panels["PlotsPanel"],
        panels["ViewportPanel"],
        panels["PolicyMapPanel"],
    )
    assert isinstance(viewport, ViewportPanel)
    qtbot.waitUntil(lambda: pmap.states is not None, timeout=5000)  # the first preview
    pmap.set_snapshot(
        dict(
            policy=NumpyPolicy(
                tuple(np.random.default_rng(0).normal(0, 0.5, s).astype(np.float32) for s in SHAPES)
            ),
            episode=3,
            env_steps=100,
        )
    )
    pmap.min_interval_s = 0.0
    pmap.refresh()  # an old CartPole map with its boundary
    assert pmap.boundary.data is not None
    window.settings_panel.edit("env_id", "Acrobot-v1")
    qtbot.waitUntil(lambda: viewport.session.env_id == "Acrobot-v1", timeout=5000)
    assert "Acrobot-v1" in plots.status.full_text() and "CartPole" not in plots.status.full_text()
    assert plots.threshold_line.value() == -100.0  # Acrobot's reward threshold
    assert "-100" in plots.threshold_line.label.toPlainText()
    assert not viewport.session.frames.cartpole  # Gymnasium's Acrobot picture
    assert pmap.info.env_id == "Acrobot-v1" and pmap.boundary.data is None
    assert pmap.actions is None and not any(line.isVisible() for line in pmap.limit_lines)
    assert "cos" in pmap.plot.getAxis("bottom").labelText  # Acrobot's feature names


@pytest.mark.parametrize("screen", [(1400, 900), (1280, 720), (1024, 700)])
def test_the_window_fits_a_laptop_screen(make_window, qtbot, screen):
    """Issue 13 item 2: usable at 1280x720 and 1024x700 (and at 1400x900, the README
    screenshots' size); the default layout (and View > Reset layout, which calls the same
    function) stays within the available screen."""
    from PySide6.QtCore import QRect

    from dqn_lab.gui.dock_layout import default_sizes

    window = make_window()
    qtbot.waitUntil(lambda: not window._layout_pending, timeout=5000)
    minimum = window.minimumSizeHint().expandedTo(window.minimumSize())
    assert minimum.width() <= 1024 and minimum.height() <= 700, minimum
    window.resize(1400, 900)  # as on a large screen, then a laptop's
    available = QRect(0, 0, *screen)
    default_sizes(window, window.settings_width, window.docks, available)
    qtbot.wait(50)
    frame = window.frameGeometry()
    assert frame.width() <= screen[0] and frame.height() <= screen[1]
    docks = {"Settings": window.settings_dock, **window.docks}
    plots = docks["PlotsPanel"].widget()
    assert plots.height() >= 250  # the curves keep a usable height
    assert plots.score_plot.vb.height() >= 60  # the score plot is not crushed
    for name in ("Settings", "PlotsPanel", "ViewportPanel", "PolicyMapPanel"):
        dock = docks[name]
        assert dock.width() >= 200 and dock.height() >= 200, (name, dock.size())
        assert dock.width() >= dock.minimumSizeHint().width(), name
    # The settings show their fields whole (no sideways scrolling) at both sizes.
    settings = window.settings_panel
    assert not settings._scroll.horizontalScrollBar().isVisible()
    # One tab bar per group of tabs: Qt's stale copy no longer shows over the viewport.
    from PySide6.QtWidgets import QTabBar

    bars = [b for b in window.findChildren(QTabBar) if b.isVisible() and b.parent() is window]
    assert sorted(b.tabText(0) for b in bars) == ["Policy map", "Viewport"]
    policy_bar = next(b for b in bars if b.tabText(0) == "Policy map")
    policy_bar.setCurrentIndex(1)  # the remaining bar still switches tabs
    qtbot.waitUntil(lambda: docks["NetworkPanel"].widget().isVisible(), timeout=2000)
    # The viewport's wrapped score line and its readout sit below the picture, never over
    # it (a short dock laid both over the picture's bottom).
    viewport = docks["ViewportPanel"].widget()
    viewport.score_label.setText(
        "<b>Agent</b>: 12 episodes, last 500, best 500, mean 312.5 &nbsp;·&nbsp; "
        "<b>You</b>: 3 episodes, last 41, best 77, mean 52.0"
    )
    viewport.readout.setText(
        "Episode 2, step 1, score 1. State: cart position 0.008, cart velocity -0.149, pole "
        "angle 0.024, pole angular velocity 0.331. Chosen action: push right. Q values: "
        "push left 0.050, push right 0.070."
    )
    rows = [viewport.view, viewport.readout, viewport.score_label]

    score = viewport.score_label

    def stacked() -> bool:  # and the score line has the height of its two lines
        return score.height() >= score.heightForWidth(score.width()) > 20 and all(
            a.geometry().bottom() < b.geometry().top() for a, b in zip(rows, rows[1:])
        )

    qtbot.waitUntil(stacked, timeout=2000)
    frame = window.frameGeometry()
    assert frame.width() <= screen[0] and frame.height() <= screen[1]


def test_the_settings_keep_their_width_when_the_window_is_resized_by_hand(make_window, qtbot):
    """A new user's report: after making the window smaller by hand, the settings scrolled
    sideways (Qt gave them their share of the narrowing), and after making it larger again
    they took the whole widening (341 -> 638 px). They follow the default layout's width
    until the user drags the separator, and keep the dragged width from then on."""
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtTest import QTest

    from dqn_lab.gui.dock_layout import default_settings_width

    window = make_window()
    qtbot.waitUntil(lambda: not window._layout_pending, timeout=5000)
    window.resize(1400, 900)
    window.reset_layout()
    dock, bar = window.settings_dock, window.settings_panel._scroll.horizontalScrollBar()
    plots = window.docks["PlotsPanel"]

    def settled(width: int) -> bool:
        return dock.width() == width and not bar.isVisible()

    wide = dock.width()
    assert wide == default_settings_width(window, dock)
    for size in ((1024, 700), (1400, 900)):
        window.resize(*size)
        qtbot.waitUntil(lambda: settled(default_settings_width(window, dock)), timeout=3000)
        # the learning curves took the change
        assert dock.width() + plots.width() > window.width() - 20
    assert dock.width() == wide

    # The user drags the separator 80 px to the right: that width is theirs to keep.
    y = dock.geometry().center().y()
    start = QPoint((dock.geometry().right() + plots.geometry().left()) // 2, y)
    QTest.mouseMove(window, start)  # the cursor over the separator
    QTest.mousePress(window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    for dx in (20, 40, 60, 80):
        QTest.mouseMove(window, start + QPoint(dx, 0))
        qtbot.wait(20)  # the window moves the separator on a timer
    QTest.mouseRelease(
        window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start + QPoint(80, 0)
    )
    qtbot.waitUntil(lambda: dock.width() >= wide + 60, timeout=3000)
    dragged = dock.width()
    for size in ((1200, 800), (1500, 900)):
        window.resize(*size)
        qtbot.waitUntil(lambda: settled(dragged), timeout=3000)
    window.reset_layout()  # View > Reset layout: the default width again
    qtbot.waitUntil(lambda: settled(default_settings_width(window, dock)), timeout=3000)


def test_the_settings_width_survives_resets_hidden_docks_and_a_restored_layout(
    make_window, qtbot, settings
):
    """A review of the width keeper: a second Reset layout, the learning curves closed,
    the right side's docks hidden and shown again, and a restored layout each made the
    settings lose their width (or take Qt's as the user's) at the next resize."""
    from PySide6.QtCore import Qt

    from dqn_lab.gui import app_state
    from dqn_lab.gui.dock_layout import default_settings_width

    window = make_window()
    qtbot.waitUntil(lambda: not window._layout_pending, timeout=5000)
    dock, bar = window.settings_dock, window.settings_panel._scroll.horizontalScrollBar()

    def at_rule() -> bool:
        return dock.width() == default_settings_width(window, dock) and not bar.isVisible()

    window.resize(1400, 900)
    for _ in range(3):  # every reset follows the rule (it alternated)
        window.reset_layout()
        qtbot.waitUntil(at_rule, timeout=3000)
        qtbot.wait(20)  # the layout's later passes leave it there
        assert at_rule() and window.settings_width.user_width is None
    window.resize(1100, 800)
    qtbot.waitUntil(at_rule, timeout=3000)
    # The learning curves closed: the viewport (one of two columns) is the partner.
    plots = window.docks["PlotsPanel"]
    plots.hide()
    window.resize(1300, 800)
    qtbot.waitUntil(at_rule, timeout=3000)
    # Every dock of the right side hidden (the settings fill the window), then shown.
    right = [d for d in window.docks.values() if d.isVisible()]
    for d in right:
        d.hide()
    qtbot.wait(20)
    for d in (*right, plots):
        d.show()
    qtbot.waitUntil(at_rule, timeout=3000)
    assert window.settings_width.user_width is None
    # A press on a label, which the label passes on to the window, is not a separator drag.
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QLabel

    label = window.settings_panel.findChildren(QLabel)[3]
    QTest.mousePress(label, Qt.MouseButton.LeftButton)
    window.resize(1200, 800)
    qtbot.waitUntil(at_rule, timeout=3000)
    QTest.mouseRelease(label, Qt.MouseButton.LeftButton)
    # A restored layout keeps the width it had when saved, through a resize.
    window.resize(1400, 900)
    qtbot.waitUntil(at_rule, timeout=3000)
    window.resizeDocks([dock, plots], [460, plots.width() - 110], Qt.Orientation.Horizontal)
    qtbot.waitUntil(lambda: dock.width() > 420, timeout=3000)
    saved = dock.width()
    app_state.save_window(settings, window)
    window.close()
    # (restoreGeometry cannot give the offscreen platform's small screen a 1400 px window)
    from dqn_lab.gui.main_window import MainWindow

    again = MainWindow(settings=settings)
    qtbot.addWidget(again)
    again.resize(1400, 900)
    again.show()
    qtbot.waitUntil(lambda: again.settings_width.user_width is not None, timeout=5000)
    assert again.settings_width.user_width == again.settings_dock.width() == saved
    again.resize(1024, 700)
    qtbot.waitUntil(lambda: again.settings_dock.width() == saved, timeout=3000)


@pytest.mark.parametrize(
    "hidden, dueling", [((32, 32), False), ((64, 64, 32), True), ((16,) * 6, True)]
)
def test_the_network_diagram_never_cuts_a_box_off(qtbot, info, hidden, dueling):
    """Issue 13 cosmetic: at any dock width every box lies inside the diagram (a narrow
    panel scrolls instead)."""
    panel = NetworkPanel()
    qtbot.addWidget(panel)
    panel.show_architecture(Config(hidden_sizes=hidden, dueling=dueling), info)
    for width in (300, 436, 600):
        panel.resize(width, 300)
        panel.show()
        qtbot.wait(10)
        diagram = panel.diagram
        rects = diagram.box_rects()
        assert len(rects) == len(diagram.rows)
        for name, rect in rects.items():
            assert 0 <= rect.left() and rect.right() <= diagram.width(), (width, name)
        assert diagram.width() >= diagram.minimumWidth()


def test_the_plot_menus_grid_options_show_and_hide_the_grid(qtbot, info):
    """Right-click > Plot Options > Grid drives the drawn grid lines."""
    panel = shown_plots(qtbot, info)
    plot = panel.score_plot
    ctrl = plot.ctrl
    assert ctrl.xGridCheck.isChecked() and ctrl.yGridCheck.isChecked()
    panel.view.grab()
    assert plot.grid._lines  # drawn at first
    ctrl.xGridCheck.setChecked(False)
    ctrl.yGridCheck.setChecked(False)
    panel.view.grab()
    assert plot.grid._lines == []  # the user hid them
    assert plot.getAxis("bottom").grid is False  # not the axes' own grid instead
    ctrl.yGridCheck.setChecked(True)
    panel.view.grab()
    lines = [line for _, group in plot.grid._lines for line in group]
    assert lines and all(line.y1() == line.y2() for line in lines)  # horizontal ones only


def test_a_new_run_never_shows_the_previous_runs_curves(qtbot, info):
    """Starting (or opening) a run clears the curves at once: a panel painted before its
    next refresh shows empty axes, not the old run's data on the new ones."""
    panel = make_panel(qtbot, PlotsPanel, info)
    for i in range(50):
        panel.add_episode(episode(i, 20.0 + i))
    panel.refresh()
    assert len(panel.score_curve.xData) == 50
    panel.start_run(Config(episodes=20), info)
    panel.grab()  # painted before any refresh
    for curve in (panel.score_curve, panel.mean_curve, panel.speed_curve):
        assert curve.xData is None or len(curve.xData) == 0


def test_a_wrapping_label_shown_later_asks_only_for_the_height_of_its_real_width(qtbot):
    """A hidden label keeps Qt's default width (100 px): its lines at that width are many,
    and asking for their height when first shown made the window grow and stay grown."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QDockWidget, QLabel, QMainWindow, QVBoxLayout, QWidget

    from dqn_lab.gui.labels import WrappingLabel

    window = QMainWindow()
    qtbot.addWidget(window)
    window.setCentralWidget(QLabel("central"))
    dock, inner = QDockWidget("dock"), QWidget()
    layout = QVBoxLayout(inner)
    picture = QWidget()
    picture.setMinimumSize(300, 120)  # the dock's width is settled before the label shows
    layout.addWidget(picture)
    label = WrappingLabel(inner)
    label.setText("Evaluation: 10 greedy episodes, mean 500.0, min 500, max 500 over the seeds.")
    label.hide()
    layout.addWidget(label)
    dock.setWidget(inner)
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
    window.resize(900, 200)
    window.show()
    qtbot.waitExposed(window)
    label.show()
    qtbot.waitUntil(lambda: label.width() > 150, timeout=2000)
    qtbot.wait(50)
    assert label.height() >= label.heightForWidth(label.width())  # its lines fit
    assert label.minimumSizeHint().height() == label.heightForWidth(label.width())
    assert window.height() == 200  # it had room: the window did not grow


def test_a_long_axis_label_is_cut_with_an_ellipsis_in_a_short_plot(qtbot, info):
    """A new user's report: at 1024x700 the policy map's vertical axis label lost letters at
    both ends ("ole angular velocity"). It is cut at its end with "…", whole in the
    tooltip, and whole again in a tall plot."""
    from dqn_lab.gui.policy_map import PolicyMapPanel

    panel = make_panel(qtbot, PolicyMapPanel, info)
    panel.resize(360, 240)
    panel.show()
    axis = panel.plot.getAxis("left")
    full = axis.full_label
    assert full == "pole angular velocity [rad/s]"
    qtbot.waitUntil(lambda: axis.labelText != full, timeout=3000)
    assert axis.labelText.endswith("…") and full.startswith(axis.labelText[:-1])
    assert axis.label.boundingRect().width() <= axis.size().height()  # fits its axis
    assert axis.toolTip() == full
    panel.resize(500, 700)
    qtbot.waitUntil(lambda: axis.labelText == full, timeout=3000)
    assert axis.toolTip() == ""


def test_the_german_window_fits_1024x700_with_usable_panels(german, make_window, qtbot):
    """German labels are longer: at 1024x700 the policy map's one-line hint (388 px) left
    the viewport 223 px, its controls in six rows and the score plot ~30 px tall. The hint
    is elided and the map's top row wraps: every panel keeps a usable size and the top
    row's widgets do not overlap."""
    window = make_window()
    qtbot.waitUntil(lambda: not window._layout_pending, timeout=5000)
    minimum = window.minimumSizeHint().expandedTo(window.minimumSize())
    assert minimum.width() <= 1024 and minimum.height() <= 700, minimum
    window.resize(1024, 700)
    window.reset_layout()
    viewport = window.docks["ViewportPanel"]
    plots = window.docks["PlotsPanel"].widget()
    qtbot.waitUntil(lambda: viewport.width() >= 300, timeout=3000)
    assert plots.score_plot.vb.height() >= 60
    # The curves end inside their dock (a long legend or title pushed them past its edge).
    for item in (plots.score_plot, plots.loss_plot, plots.speed_plot, plots.legend):
        assert item.sceneBoundingRect().right() <= plots.view.width() + 1, item
    # The legend's last entry ("greedy Evaluation (Mittel, Min–Max)") was cut at the edge:
    # every label's text fits its cell.
    for _, label in plots.legend.items:
        assert label.item.boundingRect().width() <= label.boundingRect().width() + 1
    # A six-digit memory with its unit ("100000 Erfahrungen", cut to "100000 Erfahru") and
    # every other number show whole, and the settings do not scroll sideways.
    from PySide6.QtWidgets import QAbstractSpinBox

    window.settings_panel.editors["memory_size"].input.setValue(100_000)
    # "Voreinstellung: Eigene, aus Notebook (geändert)" wraps beside its button, not under it
    label, button = window.settings_panel.preset_label, window.settings_panel.reset_button
    qtbot.waitUntil(lambda: "Eigene" in label.text(), timeout=2000)
    qtbot.waitUntil(lambda: label.height() >= label.heightForWidth(label.width()), timeout=2000)
    assert label.geometry().right() < button.geometry().left()
    assert button.width() >= button.sizeHint().width()
    for name, editor in window.settings_panel.editors.items():
        if isinstance(editor.input, QAbstractSpinBox):
            edit = editor.input.lineEdit()
            assert edit.fontMetrics().horizontalAdvance(edit.text()) < edit.width() - 4, name
    assert not window.settings_panel._scroll.horizontalScrollBar().isVisible()
    policy = window.docks["PolicyMapPanel"].widget()
    top = [policy.mode, policy.legend, policy.stack.toggle]
    boxes = [
        w.geometry().translated(w.parentWidget().mapTo(policy, w.parentWidget().rect().topLeft()))
        for w in top
    ]
    for i, a in enumerate(boxes):
        assert a.right() < policy.width(), top[i]
        for b in boxes[i + 1 :]:
            assert not a.intersects(b), (a, b)


def test_a_window_not_yet_framed_fits_the_screen_with_its_frame(qtbot, monkeypatch):
    """A new user's report: on a 1280x800 screen the window was 1280x800 plus the window
    manager's frame, its status line below the screen's edge. Before the frame is known
    it is estimated; once known, the frame itself counts (fitted again after show)."""
    from PySide6.QtCore import QRect
    from PySide6.QtWidgets import QMainWindow

    from dqn_lab.gui import dock_layout

    monkeypatch.setattr(dock_layout.QGuiApplication, "platformName", lambda: "xcb")
    window = QMainWindow()
    qtbot.addWidget(window)
    window.resize(1400, 900)
    dock_layout.fit_to_screen(window, QRect(0, 0, 1280, 800))
    frame_w, frame_h = dock_layout.DECORATION
    assert window.width() + frame_w <= 1280 and window.height() + frame_h <= 800
    assert window.height() >= 800 - frame_h - 1  # no smaller than it must be


def test_compare_and_study_windows_close_with_ctrl_w(make_window, qtbot):
    """A new user's report: only the window manager's Alt+F4 closed them. Ctrl+W closes
    them; while their work runs (closing cancels it) it asks first, as the title bar's
    close button does."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    window = make_window()
    controls = window.controls
    controls.open_compare()
    controls.open_study()
    for other in (controls.compare_window, controls.study_window):
        qtbot.waitExposed(other)
        other.activateWindow()
        qtbot.waitUntil(other.isActiveWindow, timeout=3000)
        asked = []
        other.work_running = lambda: True
        other.ask_close = lambda asked=asked: asked.append(1) or False  # "No": work goes on
        QTest.keyClick(other, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
        assert asked == [1] and other.isVisible()
        other.ask_close = lambda asked=asked: asked.append(2) or True
        QTest.keyClick(other, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda other=other: not other.isVisible(), timeout=3000)
        assert asked == [1, 2]  # asked once: the close it confirmed does not ask again
        other.work_running = lambda: False
    assert controls.compare_window.windowTitle() == "Compare runs"


def test_the_plots_tick_labels_use_the_german_decimal_comma(german, make_window):
    """A new user's report: the German window showed "0,95" in the settings but "-0.1" and
    "0.01" on the plots' axes and "max. Q -13.4 … 69.8" under the policy map."""
    window = make_window()
    policy = window.docks["PolicyMapPanel"].widget()
    axes = [
        window.plots_panel.eps_plot.getAxis("left"),
        window.plots_panel.score_plot.getAxis("bottom"),
        policy.plot.getAxis("bottom"),
    ]
    for axis in axes:
        assert axis.tickStrings([-0.1, 0.5], 1.0, 0.1) == ["-0,1", "0,5"], axis
    loss = window.plots_panel.loss_plot.getAxis("left")  # log: 10^-2 is "0,01"
    assert loss.tickStrings([-2.0, 0.0], 1.0, 1.0) == ["0,01", "1"]


def test_the_german_toolbar_keeps_seeds_in_view_at_1280_px(german, make_window, qtbot):
    """A new user's report: at 1280 px in German "Seeds" (several seeds at once, only on
    the toolbar) was hidden in the toolbar's overflow menu."""
    window = make_window()
    window.resize(1280, 800)
    seeds = window.controls.seeds_spin
    qtbot.waitUntil(lambda: window.width() == 1280, timeout=3000)
    qtbot.waitUntil(seeds.isVisible, timeout=3000)
    box = seeds.parentWidget()
    bar = box.parentWidget()
    assert box.geometry().right() <= bar.width()
    assert window.controls.dueling_action.text() == "Dueling-Kopf"  # the menu's whole name


def test_the_speed_shown_early_in_a_run_is_its_average_not_its_fast_start():
    """A new user's report: "48,956 steps/s" at 2 s and 6,957 steps (about 3,500/s): the
    steps before replay (~50,000/s) stayed in the smoothed speed for seconds."""
    from dqn_lab.gui.status import RateMeter

    meter = RateMeter()
    meter.update(2000, 0.04, reported=50_000.0)  # before replay: fast
    steps, t = 2000, 0.04
    while t < 2.0:  # then 2,500 steps/s, an event every 50 ms
        steps, t = steps + 125, t + 0.05
        shown = meter.update(steps, t)
    assert abs(shown - steps / t) < 0.2 * (steps / t)  # about the run's average so far
    while t < 20.0:  # and later the recent speed, whatever the start was
        steps, t = steps + 125, t + 0.05
        shown = meter.update(steps, t)
    assert abs(shown - 2500) < 50

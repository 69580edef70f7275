"""Learning curves: score with its 100-episode mean, epsilon, loss, mean Q and speed.

Data is kept in column-major NumPy tables that double their capacity when full (amortised
O(1) per episode); ``refresh()`` hands views of them to ``setData`` only when something
changed. Downsampling ('peak') and clip-to-view keep 10,000+ episodes cheap to draw.

The redraw runs on the GUI thread while training holds the GIL most of the time, so it is
kept small (measured with ``benchmarks/gui_responsiveness.py``): the plots follow the run
with coarse round ranges (:mod:`dqn_lab.gui.plot_axes`) instead of auto-ranging every frame, so
the axes keep their ticks and each axis (with its grid) is repainted from a cached pixmap;
only the curves are drawn anew. Panning or zooming a plot stops it following the run; its
"A" button (bottom left) follows again.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QLocale, Qt, QTimer
from PySide6.QtWidgets import QGraphicsItem, QHBoxLayout, QVBoxLayout

from dqn_lab.core.config import Config, fmt
from dqn_lab.core.environment import EnvInfo
from dqn_lab.core.training import EpisodeEnd, Progress, SettingsChanged
from dqn_lab.gui.change_marks import ChangeMarks, MarkLabels, MarkLines
from dqn_lab.gui.i18n import change_label, number, translate
from dqn_lab.gui.labels import ElidedLabel
from dqn_lab.gui.plot_axes import (
    LogAxis,
    Range,
    RunPlot,
    RunRanges,
    SparseAxis,
    extent,
    linear_range,
    log_range,
    merge,
)
from dqn_lab.gui.plot_table import PlotOrTable, cell_text
from dqn_lab.gui.run_history import RunHistory, window_means
from dqn_lab.gui.run_panel import COLORS, RunPanel, palette_colors, style_plot

MEAN_WINDOW = 100
# Columns of the episode table (an opened run's RunHistory.curves have the same).
EPISODE, SCORE, MEAN100, EPSILON, LOSS, MEAN_Q, SPEED = range(7)
# The table keeps the run's 0-based episode indices; the axes, the table view and the texts
# count from 1, as the header, the status line and Compare do: index i is drawn at i + 1.
FIRST_EPISODE = 1
TITLE_HEIGHT = 18
MIN_HEIGHT = 230  # the panel's least height (the score plot stays ~80 px tall)
# Between two plots taking their new ranges: each step redraws one plot's axes and grid
# (~5-10 ms), and the event loop serves input and paints in between.
RANGE_STEP_MS = 40
ROW_STRETCH = (0, 0, 5, 2, 4)  # legend, change labels, score, epsilon and loss, mean Q
# and speed


def change_text(changes) -> str:
    """``alpha 0.001→0.01``, one line per setting of a live change (the config's names)."""
    return "\n".join(f"{key} {fmt(old)}→{fmt(new)}" for key, old, new in changes)


def table_headers() -> list[str]:
    """The table view's column headers (the episode table's columns)."""
    return [
        translate("Plots", "Episode"),
        translate("Plots", "Score"),
        translate("Plots", "Mean of last 100"),
        "Epsilon",
        translate("Plots", "Loss"),
        translate("Plots", "Mean Q"),
        translate("Plots", "Steps/s"),
    ]


class ChangeList(Sequence):
    """(episode, ``change_text``) of an opened run's changes and then the live ones: a
    sequence whose opened entries are formatted when read (there may be 100,000)."""

    def __init__(self, history: RunHistory, live: list[tuple[int, str]]) -> None:
        self._history, self._live = history, live

    def __len__(self) -> int:
        return self._history.change_count + len(self._live)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(len(self)))]
        n = self._history.change_count
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError(i)
        if i >= n:
            return self._live[i - n]
        ev = self._history.change(i)
        return ev.episode, change_text(ev.changes)

    def __eq__(self, other) -> bool:
        return isinstance(other, Sequence) and list(self) == list(other)


class GrowingTable:
    """A (columns, n) float64 table that doubles its capacity when full."""

    def __init__(self, columns: int, capacity: int = 1024) -> None:
        self._data = np.full((columns, capacity), np.nan)
        self.n = 0
        self._shared = False  # _data is another object's array (see extend)

    def append(self, row: tuple[float, ...]) -> None:
        if self.n == self._data.shape[1] or self._shared:
            self._reserve(self.n + 1)
        self._data[:, self.n] = row
        self.n += 1

    def extend(self, columns) -> None:
        """Append ``columns`` (one array of k values per column) at once; an empty table
        takes a (columns, k) float64 array as it is (copied before it would be changed)."""
        if self.n == 0 and isinstance(columns, np.ndarray) and columns.dtype == np.float64:
            self._data, self.n, self._shared = columns, columns.shape[1], True
            return
        k = len(columns[0])
        self._reserve(self.n + k)
        for j, values in enumerate(columns):
            self._data[j, self.n : self.n + k] = values
        self.n += k

    def _reserve(self, rows: int) -> None:
        if rows > self._data.shape[1] or self._shared:
            bigger = np.empty((self._data.shape[0], max(rows, 2 * self.n, 1024)))
            bigger[:, : self.n] = self._data[:, : self.n]
            self._data, self._shared = bigger, False

    def column(self, j: int) -> np.ndarray:
        """A contiguous view of column ``j`` (valid until the next append)."""
        return self._data[j, : self.n]

    def clear(self) -> None:
        self.n = 0
        if self._shared:  # never write into the array it was given
            self._data, self._shared = np.full((self._data.shape[0], 1024), np.nan), False


class PlotsPanel(RunPanel):
    """Linked plots over the episode axis, with live-change marks and evaluation points."""

    title = "Learning curves"

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.status = ElidedLabel(translate("Plots", "No run yet."))
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.view = pg.GraphicsLayoutWidget()
        self.view.setAccessibleName(translate("Plots", "Learning curves"))
        # The plotted values as a table: what a screen reader can read.
        self.stack = PlotOrTable(
            self.view, table_headers(), self._table_columns, translate("Plots", "Learning curves")
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(2)  # the table toggle makes the top row taller than the label
        self.stack.toggle.setAutoRaise(True)
        top = QHBoxLayout()
        top.addWidget(self.status, 1)
        top.addWidget(self.stack.toggle)
        layout.addLayout(top)
        layout.addWidget(self.stack, 1)
        # The curves keep a usable height however small the window: the panels below
        # (which scroll) give way first.
        self.setMinimumHeight(MIN_HEIGHT)

        self.table = GrowingTable(7)
        self._cumsum = GrowingTable(1)  # running sum of scores for the moving mean
        self._history = RunHistory.empty()  # an opened or continued run's earlier changes
        self._live_marks: list[tuple[int, str]] = []  # changes since (see ``marks``)
        self.change_marks = ChangeMarks()  # all of them, sorted, for drawing (gui.change_marks)
        self.evaluations: list[tuple[int, list[float]]] = []
        self.threshold: float | None = None
        self.replay_start = 0  # the env step DQN starts learning at (start_run)
        self._progress: Progress | None = None
        self._syncing = False
        self._dirty = self._marks_dirty = self._eval_dirty = self._status_dirty = False
        self._extents: dict[int, Range] = {}  # (min, max) of each column so far
        self._seen = 0  # table rows in the extents
        # Drawings over the score plot fed from elsewhere (gui.population_plot): each has
        # refresh() -> bool (drawn) and merged_extent(range) for the score axis.
        self.overlays: list = []
        # The curves' turn after the axes' (see refresh): a timer a frame or so later, so
        # the event loop paints the axes and runs other timers in between.
        self._curves_next = QTimer(self)
        self._curves_next.setSingleShot(True)
        self._curves_next.setInterval(20)
        self._curves_next.timeout.connect(self.refresh)
        # Outgrown ranges reach one plot per step (gui.plot_axes.RunRanges): the steps after
        # a refresh's first come on this timer, not at the panel's next refresh 500 ms on.
        self._ranges_next = QTimer(self)
        self._ranges_next.setSingleShot(True)
        self._ranges_next.setInterval(RANGE_STEP_MS)
        self._ranges_next.timeout.connect(self._update_ranges)
        self._history_shown = False  # show_history gave rows the curves have not drawn
        self._build_plots()
        self._apply_theme()

    # -- construction ---------------------------------------------------------------------
    def _build_plots(self) -> None:
        v = self.view
        # The legend sits in its own row above the score plot, so it never hides a curve.
        self.legend = pg.LegendItem(colCount=4, labelTextSize="8pt", horSpacing=12, frame=False)
        self.legend.layout.setContentsMargins(0, 0, 0, 0)
        v.addItem(self.legend, row=0, col=0, colspan=2)
        v.ci.setContentsMargins(2, 2, 2, 2)  # the dock is short: every pixel for the plots
        v.ci.setSpacing(2)

        def add_plot(row, col, colspan=1, **kwargs) -> RunPlot:
            plot = RunPlot(**kwargs)
            v.addItem(plot, row=row, col=col, colspan=colspan)
            return plot

        self.score_plot = add_plot(2, 0, colspan=2)
        self.score_plot.setLabel("left", translate("Plots", "score"))
        self.eps_plot = add_plot(3, 0, axisItems={"left": SparseAxis("left")})
        self.loss_plot = add_plot(3, 1, axisItems={"left": LogAxis("left")})
        self.q_plot = add_plot(4, 0, axisItems={"left": SparseAxis("left")})
        self.speed_plot = add_plot(4, 1, axisItems={"left": LogAxis("left")})
        for plot, title in (
            (self.eps_plot, "Epsilon"),
            (self.loss_plot, translate("Plots", "Loss (log scale)")),
            (self.q_plot, translate("Plots", "Mean Q of taken actions")),
            (self.speed_plot, translate("Plots", "Env steps per second (log scale)")),
        ):
            plot.setTitle(title, size="9pt")
            # pyqtgraph makes a title's width its minimum: a long one (German) widened the
            # plots past a narrow dock's edge, which cut them off
            plot.titleLabel.setMinimumWidth(0)
            plot.layout.setRowFixedHeight(0, TITLE_HEIGHT)  # pyqtgraph's 30 px is roomy
            plot.titleLabel.setMaximumHeight(TITLE_HEIGHT)
        # Stretch shares out the height above the plots' (small) preferred heights: the
        # score plot gets about as much as both rows of small plots together (the bottom
        # row also holds the episode axis).
        for row, stretch in enumerate(ROW_STRETCH):
            v.ci.layout.setRowStretchFactor(row, stretch)
        self.plots = [self.score_plot, self.eps_plot, self.loss_plot, self.q_plot, self.speed_plot]
        for plot in self.plots:
            plot.setPreferredHeight(60)
            plot.setDownsampling(auto=True, mode="peak")
            plot.setClipToView(True)
            plot.getAxis("left").setWidth(52)
            # The panel sets the ranges (see the module docstring), never pyqtgraph.
            plot.disableAutoRange()
            for name in ("left", "bottom"):  # "score (x0.001)" helps nobody
                plot.getAxis(name).enableAutoSIPrefix(False)
            for name in ("left", "bottom"):
                axis = plot.getAxis(name)
                # Ticks, labels and grid are repainted from a pixmap until they change.
                axis.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
            # pyqtgraph's setXLink maps ranges by screen position, which splits the range
            # between side-by-side plots; share the episode range explicitly instead.
            plot.sigXRangeChanged.connect(self._sync_x)
        # Loss spans decades; speed drops ~50x once learning starts: both on log axes.
        for plot in (self.loss_plot, self.speed_plot):
            plot.setLogMode(y=True)
        for plot in self.plots[1:]:  # ~50 px tall: label the major ticks only
            plot.getAxis("left").setStyle(maxTextLevel=0)
        for plot in (self.q_plot, self.speed_plot):
            plot.setLabel("bottom", translate("Plots", "episode"))
        for plot in (self.eps_plot, self.loss_plot):  # the row below labels the episodes
            plot.getAxis("bottom").setStyle(showValues=False)

        def curve(plot, color, width=1.0, name=None):
            # 'peak' downsampling keeps each bin's min and max: 2 bins per pixel lose nothing
            # visible (pyqtgraph's default draws 5 per pixel, 2.5x the lines to draw).
            item = plot.plot(
                [], [], pen=pg.mkPen(color, width=width), connect="finite", autoDownsampleFactor=2.0
            )
            if name:
                self.legend.addItem(item, name)
            return item

        self.score_curve = curve(self.score_plot, COLORS["blue"], 1.0, translate("Plots", "score"))
        self.mean_curve = curve(
            self.score_plot,
            COLORS["orange"],
            2.5,
            translate("Plots", "mean of last {0}").format(MEAN_WINDOW),
        )
        self.eps_curve = curve(self.eps_plot, COLORS["purple"], 1.5)
        self.loss_curve = curve(self.loss_plot, COLORS["red"], 1.2)
        self.q_curve = curve(self.q_plot, COLORS["green"], 1.2)
        self.speed_curve = curve(self.speed_plot, COLORS["brown"], 1.2)
        self.threshold_line = pg.InfiniteLine(
            angle=0,
            movable=False,
            pen=pg.mkPen(COLORS["green"], width=1.5, style=Qt.PenStyle.DashLine),
            label="",
            labelOpts=dict(position=0.01, anchors=[(0, 0), (0, 0)]),
        )
        self.threshold_line.setVisible(False)
        self.score_plot.addItem(self.threshold_line, ignoreBounds=False)
        self.legend.addItem(
            pg.PlotDataItem(pen=self.threshold_line.pen), translate("Plots", "solved threshold")
        )
        self.eval_bars = pg.ErrorBarItem(
            x=np.zeros(0), y=np.zeros(0), beam=0, pen=pg.mkPen(COLORS["pink"], width=2)
        )
        self.eval_points = pg.ScatterPlotItem(
            symbol="d", size=10, brush=pg.mkBrush(COLORS["pink"]), pen=pg.mkPen("k", width=0.5)
        )
        self.score_plot.addItem(self.eval_bars)
        self.score_plot.addItem(self.eval_points)
        self.legend.addItem(
            self.eval_points, translate("Plots", "greedy evaluation (mean, min–max)")
        )
        # Change marks: one line item per plot, their labels in a strip above the score
        # plot (row 1), so a label never hides a curve.
        pen = pg.mkPen(COLORS["grey"], width=1, style=Qt.PenStyle.DashLine)
        self.mark_items = [MarkLines(self.change_marks, pen) for _ in self.plots]
        for plot, item in zip(self.plots, self.mark_items):
            plot.addItem(item, ignoreBounds=True)
        self.mark_labels = MarkLabels(self.change_marks, self.score_plot)
        v.addItem(self.mark_labels, row=1, col=0, colspan=2)
        self.ranges = RunRanges(
            self.plots,
            {
                self.score_plot: linear_range,
                self.eps_plot: linear_range,
                self.loss_plot: log_range,
                self.q_plot: linear_range,
                self.speed_plot: log_range,
            },
        )
        self._show_empty()

    def _sync_x(self, view: pg.ViewBox, x_range: tuple[float, float]) -> None:
        """A panned or zoomed episode range goes to every plot at once (the run's own
        range reaches them one plot per step, see ``RunRanges``)."""
        if self._syncing or self.ranges.applying:
            return
        self._syncing = True
        try:
            for plot in self.plots:
                if plot.getViewBox() is not view:
                    plot.setXRange(*x_range, padding=0)
        finally:
            self._syncing = False

    def _apply_theme(self) -> None:
        fg, bg = palette_colors(self)
        self.view.setBackground(bg)
        for plot in self.plots:
            style_plot(plot, fg)
            plot.grid.set_color(fg)
        self.legend.setLabelTextColor(fg)
        for _, label in self.legend.items:
            label.setText(label.text, color=fg)  # setLabelTextColor does not re-render
        label = self.threshold_line.label
        label.setColor(COLORS["green"])
        # On the background's colour: a solved run's mean curve runs along the line, under
        # the label, which stays readable over it.
        backdrop = pg.mkColor(bg)
        backdrop.setAlpha(215)
        label.fill = pg.mkBrush(backdrop)
        label.update()
        self.mark_labels.set_colors(fg, bg)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt name
        super().resizeEvent(event)
        self._fit_legend()

    def _fit_legend(self) -> None:
        """As many legend columns as fit the panel's width (4 to 1): a legend wider than a
        narrow dock (German at 1024x700, or wide settings) pushed the plots past the dock's
        right edge, which cut them off."""
        spacing = self.legend.layout.horizontalSpacing()
        # The text's own width: a laid-out label is stretched to its column's width.
        pairs = [
            sample.boundingRect().width() + spacing + label.item.boundingRect().width()
            for sample, label in self.legend.items
        ]
        room = self.width() - 30  # less the panel's margins and the axis' inset

        def width(columns: int) -> float:  # item i goes into column i % columns
            widest = [max(pairs[j::columns], default=0.0) for j in range(columns)]
            return sum(widest) + spacing * (columns - 1)

        columns = 4
        while columns > 1 and width(columns) > room:
            columns -= 1
        if columns != self.legend.columnCount:
            self.legend.setColumnCount(columns)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt name
        if event.type() == QEvent.Type.PaletteChange:
            self._apply_theme()
        super().changeEvent(event)

    def add_overlay(self, overlay) -> None:
        """Draw ``overlay`` at this panel's cadence; its values widen the score axis."""
        self.overlays.append(overlay)

    # -- data in --------------------------------------------------------------------------
    def start_run(self, config: Config, info: EnvInfo) -> None:
        """Clear the curves, marks and evaluations; show the env's solved threshold."""
        self.table.clear()
        self._cumsum.clear()
        # The previous run's curves go now: a panel shown before its next refresh (an opened
        # run's panels paint a turn after taking it) must not draw them on the new axes.
        for item in self._curves():
            item.setData([], [])
        self._history = RunHistory.empty()
        self._live_marks.clear()
        self.change_marks.clear()
        self.evaluations.clear()
        self._progress = None
        self._extents, self._seen = {}, 0
        self.ranges.reset(end=float(config.episodes))
        self.threshold = info.reward_threshold
        # DQN learns from this step on; before it the header says so (a short run can end
        # before it, with epsilon at 1 and no loss, which looked like a broken run)
        self.replay_start = config.start_replay_step if config.agent == "dqn" else 0
        if self.threshold is None:
            self.threshold_line.setVisible(False)
        else:
            self.threshold_line.setVisible(True)  # a hidden label ignores setFormat
            self.threshold_line.setPos(self.threshold)
            self.threshold_line.label.setFormat(
                translate("Plots", "solved: mean ≥ {0}").format(fmt(self.threshold))
            )
        self.status.setText(
            translate("Plots", "{0} on {1}: waiting for the first episode…").format(
                config.agent.upper(), info.env_id
            )
        )
        self._show_empty(config.episodes, self.threshold)
        self._dirty = self._marks_dirty = self._eval_dirty = True

    def prepare_for(self, config: Config, info: EnvInfo) -> None:
        """Before a run (the window's preview): the environment, length and solved threshold
        of ``config`` at once. A shown run (finished or opened) stays until the next Start."""
        if self.table.n or len(self.change_marks) or self.evaluations:
            return
        self.start_run(config, info)
        threshold = (
            ""
            if info.reward_threshold is None
            else translate("Plots", ", solved at a mean of {0}").format(fmt(info.reward_threshold))
        )
        self.status.setText(
            translate("Plots", "{0} on {1}: {2} episodes{3}. Press Start to train.").format(
                config.agent.upper(), info.env_id, number(config.episodes), threshold
            )
        )

    def add_episode(self, ev: EpisodeEnd) -> None:
        """Append one episode; the moving mean is computed here from the stored scores."""
        n = self.table.n
        total = (self._cumsum.column(0)[-1] if n else 0.0) + ev.score
        self._cumsum.append((total,))
        first = self._cumsum.column(0)[n - MEAN_WINDOW] if n >= MEAN_WINDOW else 0.0
        mean = (total - first) / min(n + 1, MEAN_WINDOW)
        self.table.append(
            (ev.episode, ev.score, mean, ev.epsilon, ev.loss, ev.mean_q, ev.steps_per_s)
        )
        # The header's steps and epsilon: an episode's end is newer than the last progress
        # (throttled) when the run ends with it.
        p = self._progress
        if p is not None and ev.env_steps > p.env_steps:
            self._progress = replace(
                p,
                env_steps=ev.env_steps,
                episode=ev.episode + 1,
                episode_step=0,
                epsilon=ev.epsilon,
                elapsed_s=ev.elapsed_s,
            )
        self._dirty = True

    def add_progress(self, ev: Progress) -> None:
        """Keep the latest progress for the header (the curves need not redraw)."""
        self._progress = ev
        self._status_dirty = True

    def show_history(self, history: RunHistory) -> None:
        """An opened (or continued) run's episodes and changes at once: a few array
        operations, whatever their number; the change texts are made when shown."""
        if len(history):
            n = self.table.n
            if n == 0:  # the usual case: the history's columns are the curves' table
                self._cumsum.extend(history.sums[np.newaxis])
                self.table.extend(history.curves)
            else:  # after episodes of its own: the sums and means go on from them
                totals = np.cumsum(np.concatenate([self._cumsum.column(0)[-1:], history.score]))
                sums = np.concatenate([self._cumsum.column(0), totals[1:]])
                columns = list(history.curves)
                columns[MEAN100] = window_means(sums, n)
                self._cumsum.extend([totals[1:]])
                self.table.extend(columns)
            self._dirty = self._history_shown = True
        if history.change_count:
            self._history = history
            self.change_marks.set_block(
                history.change_episode + FIRST_EPISODE,
                lambda i: change_label(history.change(i).changes),
            )
            self._marks_dirty = True
        if "episodes" in history.latest:
            self.ranges.end = float(history.latest["episodes"])

    def mark_change(self, ev: SettingsChanged) -> None:
        """Remember a live change; ``refresh`` draws it as a labelled vertical line."""
        live = self._live_marks
        if live and live[-1][0] == ev.episode:  # the same episode: one mark, as when opened
            live[-1] = (ev.episode, live[-1][1] + "\n" + change_text(ev.changes))
        else:
            live.append((ev.episode, change_text(ev.changes)))
        # Drawn with the settings' labels, as the settings panel names them.
        self.change_marks.add(ev.episode + FIRST_EPISODE, change_label(ev.changes))
        self._marks_dirty = True
        for key, _, new in ev.changes:
            if key == "episodes":
                self.ranges.end = float(new)

    @property
    def marks(self) -> ChangeList:
        """(episode, text) of every change, in the order given."""
        return ChangeList(self._history, self._live_marks)

    def set_evaluation(self, episode: int, scores: list[float]) -> None:
        if scores:
            self.evaluations.append((episode, [float(s) for s in scores]))
            self._eval_dirty = True

    # -- drawing --------------------------------------------------------------------------
    def has_news(self) -> bool:
        return (
            self._dirty
            or self._eval_dirty
            or self._marks_dirty
            or self._status_dirty
            or self.ranges.waiting
            or any(overlay.has_news() for overlay in self.overlays)
        )

    def refresh(self) -> None:
        ranges_may_grow = self._dirty or self._eval_dirty
        for overlay in self.overlays:
            ranges_may_grow = overlay.refresh() or ranges_may_grow
        if self._marks_dirty:
            self._draw_marks()
        if self._eval_dirty:
            self._draw_evaluations()
        if self._dirty and self._history_shown:
            # An opened (or continued) run's rows at once: the new ranges (every axis and
            # grid redrawn) now, the curves and change marks at the next turn; painted in
            # one go they held the event loop for about twice as long. The old curves go at
            # once, so they are never seen on the new axes.
            self._history_shown = False
            for marks in (*self.mark_items, self.mark_labels):
                marks.hold(True)
            for item in self._curves():
                item.setData([], [])
            self._update_extents()
            self._curves_next.start()
        elif self._dirty:
            for marks in (*self.mark_items, self.mark_labels):
                marks.hold(False)
            t = self.table
            x = t.column(EPISODE) + FIRST_EPISODE
            self.score_curve.setData(x, t.column(SCORE))
            self.mean_curve.setData(x, t.column(MEAN100))
            self.eps_curve.setData(x, t.column(EPSILON))
            loss = t.column(LOSS)
            # Log axis: a zero or negative loss cannot be drawn; leave a gap, not -inf.
            self.loss_curve.setData(x, np.where(loss > 0, loss, np.nan))
            self.q_curve.setData(x, t.column(MEAN_Q))
            speed = t.column(SPEED)
            self.speed_curve.setData(x, np.where(speed > 0, speed, np.nan))
            self._update_extents()
            self.stack.refresh()
            self.status.setText(self._status_text())
            self._dirty = self._status_dirty = False
        elif self._status_dirty:
            self.status.setText(self._status_text())
            self._status_dirty = False
        if ranges_may_grow or self.ranges.waiting:
            self._update_ranges()

    def _update_ranges(self) -> None:
        """Widen the ranges the data outgrew (one plot per call); the next call on a timer
        while plots are left."""
        if not (self.table.n and self._extents):
            return
        e = self._extents
        x = self.table.column(EPISODE)
        self.ranges.update(
            (float(x[0]) + FIRST_EPISODE, float(x[-1]) + FIRST_EPISODE),
            {
                self.score_plot: self._score_extent(),
                self.eps_plot: merge(e[EPSILON], (0.0, 1.0)),
                self.loss_plot: e[LOSS],
                self.q_plot: e[MEAN_Q],
                self.speed_plot: e[SPEED],
            },
        )
        if self.ranges.waiting:
            self._ranges_next.start()

    def _curves(self) -> tuple:
        return (
            self.score_curve,
            self.mean_curve,
            self.eps_curve,
            self.loss_curve,
            self.q_curve,
            self.speed_curve,
        )

    def _table_columns(self) -> list[np.ndarray]:
        """The plotted values, one array per column of :func:`table_headers`."""
        columns = [self.table.column(j) for j in range(7)]
        columns[EPISODE] = columns[EPISODE] + FIRST_EPISODE
        return columns

    # -- ranges (gui.plot_axes.RunRanges) --------------------------------------------------
    def _show_empty(self, episodes: float = 100.0, top: float | None = None) -> None:
        """Plain frames before the first episode: the run's length, the score up to the
        solved threshold, typical loss, Q and speed."""
        self.ranges.show_empty(
            (0, max(episodes, 1)),
            {
                self.score_plot: linear_range(0, top or 100, None),
                self.eps_plot: (0, 1),
                self.loss_plot: (-3, 0),
                self.q_plot: (0, 10),
                self.speed_plot: (2, 5),
            },
        )

    def _update_extents(self) -> None:
        """Fold the rows added since the last call into the per-column extents."""
        t = self.table
        for j in (SCORE, MEAN100, EPSILON, LOSS, MEAN_Q, SPEED):
            new = extent(t.column(j)[self._seen :], positive=j in (LOSS, SPEED))
            self._extents[j] = merge(self._extents.get(j, new), new)
        self._seen = t.n

    def _score_extent(self) -> Range:
        lo, hi = merge(self._extents[SCORE], self._extents[MEAN100])
        for overlay in self.overlays:
            lo, hi = overlay.merged_extent((lo, hi))
        extra = [self.threshold] if self.threshold is not None else []
        for _, scores in self.evaluations:
            extra += [min(scores), max(scores)]
        return merge((lo, hi), (min(extra), max(extra))) if extra else (lo, hi)

    def _status_text(self) -> str:
        t, p = self.table, self._progress
        parts = []
        if t.n:
            last = int(t.column(EPISODE)[-1])
            parts.append(
                translate("Plots", "episode {0}: score {1}, mean of last {2} {3}").format(
                    number(last + FIRST_EPISODE),
                    cell_text(t.column(SCORE)[-1]),
                    min(t.n, MEAN_WINDOW),
                    QLocale().toString(float(t.column(MEAN100)[-1]), "f", 1),
                )
            )
            if self.threshold is not None and t.n >= MEAN_WINDOW:
                solved = np.flatnonzero(t.column(MEAN100)[MEAN_WINDOW - 1 :] >= self.threshold)
                if solved.size:
                    parts.append(
                        translate("Plots", "solved at episode {0}").format(
                            number(
                                int(t.column(EPISODE)[solved[0] + MEAN_WINDOW - 1]) + FIRST_EPISODE
                            )
                        )
                    )
        if p is not None:
            parts.append(
                translate("Plots", "{0} env steps, ε {1}").format(
                    number(p.env_steps),
                    QLocale().toString(float(p.epsilon), "f", 3),
                )
            )
            if p.env_steps < self.replay_start:
                parts.append(
                    translate("Plots", "collecting: learning starts at step {0}").format(
                        number(self.replay_start)
                    )
                )
            elif math.isfinite(p.learning_rate):
                rate = QLocale().toString(float(p.learning_rate), "g", 3)
                parts.append(
                    translate("Plots", "α {0} (lowered: recent episodes pass)").format(rate)
                    if p.rate_gate == "solved"
                    else translate("Plots", "α {0} (lowered after a slip)").format(rate)
                    if p.rate_gate == "fallback"
                    else translate("Plots", "α {0}").format(rate)
                )
        return " · ".join(parts) if parts else self.status.full_text()

    def _draw_marks(self) -> None:
        """The marks changed: the line items and the label strip repaint (their cost
        depends on the plots' width, not on the number of marks)."""
        for item in self.mark_items:
            item.changed()
        self.mark_labels.changed()
        self._marks_dirty = False

    def _draw_evaluations(self) -> None:
        if self.evaluations:
            x = np.array([e for e, _ in self.evaluations], dtype=float)
            s = [np.asarray(v) for _, v in self.evaluations]
            mean = np.array([v.mean() for v in s])
            low = mean - np.array([v.min() for v in s])
            high = np.array([v.max() for v in s]) - mean
        else:
            x = mean = low = high = np.zeros(0)
        self.eval_bars.setData(x=x, y=mean, top=high, bottom=low)
        self.eval_points.setData(x=x, y=mean)
        self._eval_dirty = False

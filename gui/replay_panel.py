"""What is in the replay memory: fill, action balance, rewards, terminals, state distribution.

Fed by the worker's ~2 Hz snapshot (``snap['replay']`` from ``ReplayMemory.stats`` and
``snap['histograms']`` from ``ReplayMemory.histograms``); widgets update in ``refresh()``.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP, QEvent, Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from dqn_lab.core.config import Config
from dqn_lab.core.environment import EnvInfo
from dqn_lab.core.training import SettingsChanged
from dqn_lab.gui.dock_layout import scrolling
from dqn_lab.gui.i18n import decimal, number, signed, size_text, translate
from dqn_lab.gui.labels import wrapped_tip
from dqn_lab.gui.plot_table import PlotOrTable, histogram_columns
from dqn_lab.gui.progress_bar import ProgressBar
from dqn_lab.gui.run_history import RunHistory
from dqn_lab.gui.run_panel import (
    COLORS,
    RunPanel,
    action_names,
    feature_label,
    palette_colors,
    style_plot,
)
from dqn_lab.gui.status import set_growing_text

NAIVE_NOTE = QT_TRANSLATE_NOOP(
    "Replay",
    "<b>Naive agent</b> (the notebook's "
    "<i>AdvancedQAgent</i>): its memory is only the "
    "last mini-batch, {batch} transitions, so every update learns from the most "
    "recent, strongly correlated steps.",
)
NAIVE_TIP = QT_TRANSLATE_NOOP(
    "Replay",
    "DQN's large replay memory, sampled at random, breaks "
    "these correlations; its "
    "target network keeps the targets still between syncs.",
)


HIST_HEADERS = (
    QT_TRANSLATE_NOOP("Replay", "Feature"),
    QT_TRANSLATE_NOOP("Replay", "Bin from"),
    QT_TRANSLATE_NOOP("Replay", "Bin to"),
    QT_TRANSLATE_NOOP("Replay", "Transitions"),
)
#: The settings the panel's text shows, followed when they change live.
SHOWN_SETTINGS = frozenset({"batch_size", "train_freq", "start_replay_step"})


class ReplayPanel(RunPanel):
    """Fill level, action balance, rewards, terminals, sample ages and state histograms."""

    title = "Replay memory"

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.info: EnvInfo | None = None
        self.config: Config | None = None
        self.batch_size = 0
        self._snap: dict | None = None
        self._dirty = False

        self.naive_note = QLabel()
        self.naive_note.setWordWrap(True)
        self.naive_note.setToolTip(wrapped_tip(translate("Replay", NAIVE_TIP)))
        self.naive_note.setFrameShape(QLabel.Shape.StyledPanel)
        self.naive_note.setMargin(6)
        self.naive_note.hide()
        self.fill_bar = ProgressBar()
        self.fill_bar.setRange(0, 1000)
        self.fill_bar.setTextVisible(False)
        self.fill_text = QLabel(translate("Replay", "No run yet."))

        self.actions_box = QGroupBox(translate("Replay", "Action balance"))
        self.actions_layout = QGridLayout(self.actions_box)
        self._action_names: list[str] = []
        self.action_bars: list[tuple[ProgressBar, QLabel]] = []

        numbers = QGroupBox(translate("Replay", "Contents"))
        form = QFormLayout(numbers)
        self.total_label, self.reward_label = QLabel("–"), QLabel("–")
        self.terminal_label, self.age_label = QLabel("–"), QLabel("–")
        self.sampling_label = QLabel("–")
        self.sampling_label.setWordWrap(True)
        # Two-line values have two lines from the start: growing when the run starts would
        # re-lay out every dock (and redraw every plot) just as training begins.
        # The numbers' widths only grow (set_growing_text), so the histograms beside them are
        # not squeezed and redrawn back and forth as they change.
        for label in (self.sampling_label, self.age_label):
            label.setMinimumHeight(2 * label.fontMetrics().lineSpacing())
        form.addRow(translate("Replay", "Sampling:"), self.sampling_label)
        # Short labels leave the histograms room in a ~600 px dock; tooltips say more.
        form.addRow(translate("Replay", "Added:"), self.total_label)
        form.addRow(translate("Replay", "Mean reward:"), self.reward_label)
        form.addRow(translate("Replay", "Terminal:"), self.terminal_label)
        self.total_label.setToolTip(
            translate("Replay", "Transitions added in total (the memory keeps the newest ones).")
        )
        self.terminal_label.setToolTip(
            translate("Replay", "Share of stored transitions that end an episode.")
        )
        form.addRow(translate("Replay", "Sample ages:"), self.age_label)
        self.age_label.setToolTip(
            translate(
                "Replay",
                "How many transitions were added after the oldest and the newest stored sample.",
            )
        )

        self.hist_view = pg.GraphicsLayoutWidget()
        self.hist_plots: list[pg.PlotItem] = []
        self.hist_curves: list[pg.PlotDataItem] = []
        self._hist_titles: list[str] = []  # the features the plots were built for
        hist_box = QGroupBox(translate("Replay", "State distribution in memory"))
        # The histograms as a table (accessibility): "Table" switches (gui.plot_table).
        self.hist_stack = PlotOrTable(
            self.hist_view,
            [translate("Replay", h) for h in HIST_HEADERS],
            lambda: histogram_columns(self._hist_titles, (self._snap or {}).get("histograms", [])),
            translate("Replay", "State distribution in memory"),
            short=True,
        )
        self.hist_stack.table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents  # whole names and numbers; scrolls if narrow
        )
        hist_layout = QVBoxLayout(hist_box)
        hist_layout.addWidget(self.hist_stack.toggle, 0, Qt.AlignmentFlag.AlignRight)
        hist_layout.addWidget(self.hist_stack)

        left = QVBoxLayout()
        left.addWidget(self.actions_box)
        left.addWidget(numbers)
        left.addStretch(1)
        columns = QHBoxLayout()
        columns.addLayout(left, 0)
        columns.addWidget(hist_box, 1)
        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(6, 6, 6, 6)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        # A small dock scrolls instead of keeping the whole window large.
        outer.addWidget(scrolling(content, min_width=220, min_height=140))
        layout.addWidget(self.naive_note)
        layout.addWidget(self.fill_text)
        layout.addWidget(self.fill_bar)
        layout.addLayout(columns, 1)
        self._apply_theme()

    # -- data in --------------------------------------------------------------------------
    def start_run(self, config: Config, info: EnvInfo) -> None:
        """Rebuild the action bars and histograms for ``info``; show the naive note if so."""
        self.info = info
        self.config = config
        self.batch_size = config.batch_size
        self._snap = None
        self._show_kind(config.agent)
        self._build_actions(action_names(info))
        self._build_histograms(info)
        self.fill_bar.setValue(0)
        capacity = config.batch_size if config.agent == "naive" else config.memory_size
        self.fill_text.setText(
            translate("Replay", "0 / {0} transitions: waiting for the first snapshot…").format(
                number(capacity)
            )
        )
        for label in (self.total_label, self.reward_label, self.terminal_label, self.age_label):
            label.setText("–")
        self.sampling_label.setText(self._sampling_text(config.agent, 0))

    def prepare_for(self, config: Config, info: EnvInfo) -> None:
        """Before a run (the window's preview): build the plots for ``info`` now, so Start
        only has to reset them (and show the naive agent's note or not, as it will). An
        opened agent's or a finished run's memory stays shown until the next Start."""
        if self._snap is not None:
            return
        self.batch_size = config.batch_size
        self._show_kind(config.agent)
        self._build_actions(action_names(info))
        self._build_histograms(info)

    def mark_change(self, ev: SettingsChanged) -> None:
        """Follow live changes of the settings this panel's text shows (batch size, training
        interval, replay start); other changes cost nothing (an opened run may hold 100,000)."""
        changes = {k: new for k, _, new in ev.changes if k in SHOWN_SETTINGS}
        if self.config is not None and changes:
            try:
                self.config = self.config.replace(**changes)
            except ValueError:
                pass  # the trainer validated it; a mismatch only affects this text
            self.batch_size = self.config.batch_size
            self._dirty = self._snap is not None

    def show_history(self, history: RunHistory) -> None:
        """An opened or continued run's changes: only the last value of each shown setting
        matters (one step, however many changes)."""
        for key, value in history.latest.items():
            if key in SHOWN_SETTINGS:
                self.mark_change(SettingsChanged(0, 0, ((key, None, value),)))

    def set_snapshot(self, snap: dict) -> None:
        if "replay" in snap:
            self._snap = snap
            self._dirty = True

    # -- construction ---------------------------------------------------------------------
    def _show_kind(self, kind: str) -> None:
        self.naive_note.setText(
            translate("Replay", NAIVE_NOTE).format(
                batch=self.batch_size or translate("Replay", "batch size")
            )
        )
        self.naive_note.setVisible(kind == "naive")

    def _build_actions(self, names: list[str]) -> None:
        if names == self._action_names and self.action_bars:  # same actions: just reset
            for (bar, label), name in zip(self.action_bars, names):
                bar.setValue(0)
                label.setText(f"{name}: –")
            return
        for bar, label in self.action_bars:
            bar.deleteLater()
            label.deleteLater()
        self.action_bars = []
        for i, name in enumerate(names):
            bar = ProgressBar()
            bar.setRange(0, 1000)
            bar.setTextVisible(False)
            bar.setMaximumHeight(14)
            label = QLabel(f"{name}: –")
            self.actions_layout.addWidget(label, 2 * i, 0)
            self.actions_layout.addWidget(bar, 2 * i + 1, 0)
            self.action_bars.append((bar, label))
        self._action_names = names

    def _build_histograms(self, info: EnvInfo) -> None:
        titles = [feature_label(info, i) for i in range(info.state_size)]
        if titles == self._hist_titles and self.hist_plots:
            # Same features: keep the plots (building them takes ~100 ms of the GUI thread
            # just as the run starts); only forget the previous run's counts.
            fg, _ = palette_colors(self)
            for plot, curve, title in zip(self.hist_plots, self.hist_curves, titles):
                curve.setData([0, 1], [0])
                plot.setTitle(title, size="8pt", color=fg)  # as _refresh_histograms does
            return
        self._hist_titles = titles
        self.hist_view.clear()
        self.hist_plots, self.hist_curves = [], []
        fg, _ = palette_colors(self)
        cols = 2 if info.state_size <= 4 else 3
        # Room for every title ("cart velocity [m/s]", "θ1 angular velocity") in its
        # column; a narrower dock scrolls (gui.dock_layout.scrolling) instead of cutting it.
        font = QFont(self.font())
        font.setPointSizeF(8)  # the titles' size
        widest = max(QFontMetrics(font).horizontalAdvance(t) for t in titles)
        self.hist_view.setMinimumWidth(cols * (widest + 8))
        for i in range(info.state_size):
            plot = self.hist_view.addPlot(row=i // cols, col=i % cols)
            plot.setTitle(feature_label(info, i), size="8pt")
            plot.hideAxis("left")
            plot.setMouseEnabled(x=False, y=False)
            plot.hideButtons()
            curve = plot.plot(
                [0, 1],
                [0],
                stepMode="center",
                fillLevel=0,
                brush=pg.mkBrush(COLORS["blue"] + "a0"),
                pen=pg.mkPen(COLORS["blue"]),
            )
            style_plot(plot, fg)
            self.hist_plots.append(plot)
            self.hist_curves.append(curve)

    def _apply_theme(self) -> None:
        fg, bg = palette_colors(self)
        self.hist_view.setBackground(bg)
        for plot in self.hist_plots:
            style_plot(plot, fg)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt name
        if event.type() == QEvent.Type.PaletteChange:
            self._apply_theme()
        super().changeEvent(event)

    # -- drawing --------------------------------------------------------------------------
    def has_news(self) -> bool:
        return self._dirty and self._snap is not None

    def refresh(self) -> None:
        if not self.has_news():
            return
        self._dirty = False
        snap, stats = self._snap, self._snap["replay"]
        if "kind" in snap:
            self._show_kind(snap["kind"])
        size, capacity = int(stats["size"]), int(stats["capacity"])
        self.fill_bar.setValue(round(1000 * stats["fill"]))
        self.fill_text.setText(
            translate("Replay", "{0} / {1} transitions ({2} % full), {3}").format(
                number(size),
                number(capacity),
                decimal(100 * stats["fill"], 1),
                size_text(int(stats["nbytes"])),
            )
        )
        self._refresh_actions(stats["action_counts"])
        set_growing_text(self.total_label, number(int(stats["total_added"])))
        set_growing_text(self.reward_label, decimal(stats["mean_reward"], 3))
        set_growing_text(self.terminal_label, f"{decimal(100 * stats['terminal_fraction'], 2)} %")
        set_growing_text(
            self.age_label,
            translate("Replay", "oldest {0}, newest {1}\n(transitions ago)").format(
                number(int(stats["oldest_age"])), number(int(stats["newest_age"]))
            ),
        )
        step = int(snap.get("counters", {}).get("step", stats["total_added"]))
        self.sampling_label.setText(self._sampling_text(snap.get("kind", ""), step))
        self._refresh_histograms(snap.get("histograms") or [], stats)
        self.hist_stack.refresh()

    def _sampling_text(self, kind: str, step: int) -> str:
        c = self.config
        if c is None:
            return "–"
        # Two short lines: the label has room for two (longer text was cut off).
        every = (
            translate("Replay", "every step")
            if c.train_freq == 1
            else translate("Replay", "every {0} steps").format(c.train_freq)
        )
        if kind == "naive":
            return translate("Replay", "the last {0} in order,\n{1}").format(c.batch_size, every)
        start = c.start_replay_step
        state = (
            translate("Replay", "collecting ({0} / {1})").format(number(step), number(start))
            if step < start
            else translate("Replay", "learning")
        )
        return translate("Replay", "{0} at random {1};\n{2}").format(c.batch_size, every, state)

    def _refresh_actions(self, counts: list[int]) -> None:
        total = max(sum(counts), 1)
        for i, (bar, label) in enumerate(self.action_bars):
            n = counts[i] if i < len(counts) else 0
            bar.setValue(round(1000 * n / total))
            share = decimal(100 * n / total, 1)
            set_growing_text(label, f"{self._action_names[i]}: {share} % ({number(n)})")

    def _refresh_histograms(self, histograms: list, stats: dict) -> None:
        info = self.info
        for i, (plot, curve) in enumerate(zip(self.hist_plots, self.hist_curves)):
            if i < len(histograms):
                counts, edges = histograms[i]
                curve.setData(np.asarray(edges, dtype=float), np.asarray(counts, dtype=float))
            mean, std = stats["state_mean"][i], stats["state_std"][i]
            name = feature_label(info, i) if info is not None else f"x{i}"
            plot.setTitle(
                f"{name}<br>μ {signed(mean, 3)} ± {decimal(std, 3)}",
                size="8pt",
                color=palette_colors(self)[0],
            )

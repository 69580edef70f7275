"""Compare runs: queue configurations x seeds in worker processes; curves, band and table.

A thin view over :class:`core.run_manager.RunManager` (child processes, no threads here)
and :mod:`core.compare` (the numbers). A 50 ms ``QTimer`` polls the manager without
blocking; the plot and the summary rows are redrawn at most every 400 ms and only when
something changed. Closing the view (or the application) cancels and joins every child.
"""

from __future__ import annotations

import os
import time

import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QColor, QFont, QIcon, QPixmap
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox, QFileDialog,
                               QHBoxLayout, QHeaderView, QLabel, QMenu, QProgressBar,
                               QPushButton, QSpinBox, QSplitter, QTableWidget,
                               QTableWidgetItem, QToolButton, QVBoxLayout, QWidget)

from core.compare import (BAND_LABELS, LESSON_SEEDS, comparison_configs, curves,
                          lesson_configs, run_curve, seeds_from, summarize, table_rows,
                          write_curves_csv, write_results_csv)
from core.config import AGENTS, Config, ConfigError
from core.presets import builtin_presets
from core.run_manager import ACTIVE, CANCELLED, DONE, ENDED, FAILED, QUEUED, RunManager
from gui.run_panel import COLORS, palette_colors, style_plot

POLL_MS = 50
REDRAW_S = 0.4
HEADERS = ("Configuration", "Seed", "Progress", "Episodes", "Mean last 100",
           "Episodes to pass", "Greedy eval", "Wall s", "Steps/s")
LABEL_COLORS = {"naive": COLORS["orange"], "dqn": COLORS["blue"]}
BAR_STYLE = ("QProgressBar {{ border: 1px solid rgba(128, 128, 128, 110); border-radius: 3px; "
             "text-align: center; }} "
             "QProgressBar::chunk {{ background: rgba({r}, {g}, {b}, 85); border-radius: 2px; }}")
OTHER_COLORS = [COLORS[k] for k in ("green", "purple", "red", "brown", "pink", "cyan")]


class CompareView(QWidget):
    """Naive vs DQN (or any configurations) over several seeds, side by side."""

    title = "Compare runs"

    def __init__(self, parent: QWidget | None = None, parallel: int | None = None,
                 eval_episodes: int = 10) -> None:
        super().__init__(parent)
        self.setWindowTitle("DQN Lab — compare runs")
        cores = os.cpu_count() or 1
        # Children run at a lower priority so the GUI keeps the CPU when it needs it.
        self.manager = RunManager(parallel or cores, eval_episodes=eval_episodes, nice=5)
        self._layout_ids: tuple[int, ...] = ()
        self._rows: list[tuple[str, object]] = []    # ('run', record) or ('all', label)
        self._bars: dict[int, QProgressBar] = {}
        self._dirty = True
        self._last_redraw = 0.0
        self._curve_cache: tuple | None = None
        self._options: tuple | None = None           # (align, band, smooth) drawn
        self._drawn: dict = {}                        # run_id -> episodes drawn; 'means'
        self._run_items: dict[int, pg.PlotDataItem] = {}
        self._mean_items: dict[str, tuple] = {}
        self._threshold_line: pg.InfiniteLine | None = None
        self._colors: dict[str, str] = {}
        self._build(cores)
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self.poll)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)
        self.redraw()

    # -- construction -----------------------------------------------------------------------
    def _build(self, cores: int) -> None:
        seed_config = builtin_presets()["seed"][1]
        self.lesson_button = QPushButton(f"Naive vs DQN, {LESSON_SEEDS} seeds")
        self.lesson_button.setToolTip(
            f"The notebook's lesson: the naive agent and DQN with the seed's settings "
            f"({seed_config.episodes} episodes on {seed_config.env_id}), seeds 42 to "
            f"{41 + LESSON_SEEDS}.")
        self.lesson_button.clicked.connect(lambda: self.run_lesson())
        self.agent_boxes = {a: QCheckBox(a) for a in AGENTS}
        for box in self.agent_boxes.values():
            box.setChecked(True)
        self.preset_combo = QComboBox()
        self.preset_combo.addItems(list(builtin_presets()))
        self.seeds_spin = _spin(1, 100, LESSON_SEEDS, "Seeds per configuration: 42, 43, ...")
        self.episodes_spin = _spin(1, 100_000, seed_config.episodes, "Episodes per run")
        self.parallel_spin = _spin(1, max(8, cores), self.manager.parallel,
                                   f"Runs at once, each in its own process ({cores} cores)")
        self.parallel_spin.valueChanged.connect(self._set_parallel)
        self.queue_button = QPushButton("Queue runs")
        self.queue_button.clicked.connect(self._queue_from_controls)

        self.align_combo = QComboBox()
        self.align_combo.addItem("by episode", "episode")
        self.align_combo.addItem("by env step", "env_steps")
        self.band_combo = QComboBox()
        for key, text in BAND_LABELS.items():
            self.band_combo.addItem(text, key)
        self.smooth_spin = _spin(1, 100, 10, "Each run's score is averaged over this many "
                                             "episodes before the mean across seeds")
        self.runs_box = QCheckBox("each run")
        self.runs_box.setChecked(True)
        for signal in (self.align_combo.currentIndexChanged, self.band_combo.currentIndexChanged,
                       self.smooth_spin.valueChanged, self.runs_box.toggled):
            signal.connect(self._options_changed)
        self.cancel_button = QPushButton("Cancel selected")
        self.cancel_button.clicked.connect(self.cancel_selected)
        self.cancel_all_button = QPushButton("Cancel all")
        self.cancel_all_button.clicked.connect(self.cancel_all)
        self.clear_button = QPushButton("Clear finished")
        self.clear_button.clicked.connect(self.clear_finished)
        self.export_button = QToolButton()
        self.export_button.setText("Export")
        self.export_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.export_button)
        menu.addAction("Results table (CSV)…", lambda: self._export("results"))
        menu.addAction("Mean curves (CSV)…", lambda: self._export("curves"))
        menu.addAction("Plot (PNG)…", lambda: self._export("png"))
        self.export_button.setMenu(menu)

        plan = QHBoxLayout()
        plan.addWidget(self.lesson_button)
        plan.addSpacing(12)
        for box in self.agent_boxes.values():
            plan.addWidget(box)
        for text, widget in (("Preset", self.preset_combo), ("Seeds", self.seeds_spin),
                             ("Episodes", self.episodes_spin),
                             ("Parallel", self.parallel_spin)):
            plan.addWidget(QLabel(text))
            plan.addWidget(widget)
        plan.addWidget(self.queue_button)
        plan.addStretch(1)
        view = QHBoxLayout()
        for text, widget in (("Align", self.align_combo), ("Band", self.band_combo),
                             ("Smooth", self.smooth_spin)):
            view.addWidget(QLabel(text))
            view.addWidget(widget)
        view.addWidget(self.runs_box)
        view.addStretch(1)
        for widget in (self.cancel_button, self.cancel_all_button, self.clear_button,
                       self.export_button):
            view.addWidget(widget)

        fg, bg = palette_colors(self)
        self.plot_widget = pg.PlotWidget(background=bg)
        self.plot = self.plot_widget.getPlotItem()
        self.plot.showGrid(x=False, y=False)
        self.plot.setDownsampling(auto=True, mode="peak")
        self.plot.setClipToView(True)
        self.plot.setLabel("left", "score")
        self.legend = self.plot.addLegend(offset=(10, 36))
        style_plot(self.plot, fg)

        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.plot_widget)
        splitter.addWidget(self.table)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        self.status = QLabel("Queue a comparison: the lesson button runs the notebook's "
                             "naive agent against DQN over five seeds.")
        self.status.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(plan)
        layout.addLayout(view)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.status)

    # -- queueing ---------------------------------------------------------------------------
    def run_lesson(self, episodes: int | None = None, **changes) -> None:
        """Queue the seed's lesson: naive vs DQN, seeds 42..46, the seed's settings."""
        configs = {k: c.replace(**changes) for k, c in lesson_configs(episodes).items()}
        self.queue_comparison(configs, seeds_from(42, LESSON_SEEDS))

    def queue_comparison(self, configs: dict[str, Config], seeds: list[int]) -> None:
        """Queue every configuration (by name) with every seed and start polling."""
        self.manager.add_comparison(configs, seeds)
        self._set_status(f"Queued {len(configs) * len(seeds)} runs: {', '.join(configs)} x "
                         f"seeds {seeds[0]}..{seeds[-1]}.")
        self._dirty = True
        self.poll()
        self.timer.start()

    def _queue_from_controls(self) -> None:
        agents = [a for a, box in self.agent_boxes.items() if box.isChecked()]
        try:
            if not agents:
                raise ConfigError("Tick at least one agent to compare.")
            base = builtin_presets()[self.preset_combo.currentText()][1]
            configs = comparison_configs(agents, base, episodes=self.episodes_spin.value())
        except ConfigError as exc:
            self._set_status(str(exc), error=True)
            return
        self.queue_comparison(configs, seeds_from(base.seed, self.seeds_spin.value()))

    def _set_parallel(self, value: int) -> None:
        self.manager.parallel = value

    # -- cancelling and closing -------------------------------------------------------------
    def selected_run_ids(self) -> list[int]:
        ids = []
        for index in self.table.selectionModel().selectedRows():
            kind, item = self._rows[index.row()]
            ids += [item.run_id] if kind == "run" else [
                r.run_id for r in self.manager.records if r.label == item]
        return ids

    def cancel_selected(self) -> None:
        for run_id in self.selected_run_ids():
            self.manager.cancel(run_id)
        self.poll()

    def cancel_all(self) -> None:
        self.manager.cancel_all()
        self.poll()

    def clear_finished(self) -> None:
        self.manager.clear_ended()
        self._dirty = True
        self.poll()

    def shutdown(self) -> None:
        """Cancel every run and join every child process (idempotent)."""
        self.timer.stop()
        self.manager.shutdown(timeout=2.0)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt name
        self.shutdown()
        super().closeEvent(event)

    # -- polling and drawing ----------------------------------------------------------------
    def poll(self) -> None:
        """Read the children's messages (never blocks); redraw at most every 400 ms."""
        changed = self.manager.poll()
        if tuple(r.run_id for r in self.manager.records) != self._layout_ids:
            self._rebuild_rows()
        for rec in changed:
            self._update_bar(rec)
        if changed:
            self._dirty = True
        now = time.monotonic()
        if self._dirty and now - self._last_redraw >= REDRAW_S:
            self.redraw()
        if not self.manager.busy and not self._dirty:
            self.timer.stop()

    def _options_changed(self) -> None:
        self._dirty = True
        self.redraw()

    def redraw(self) -> None:
        """Curves, summary rows and status line from the manager's records."""
        self._dirty, self._last_redraw = False, time.monotonic()
        records = self.manager.records
        self._draw_plot(records)
        if records and len(self._rows) == len(records) + len({r.label for r in records}):
            for row, cells in enumerate(table_rows(summarize(records))):
                kind = self._rows[row][0]
                for col, text in enumerate(cells):
                    if col != 2 or kind == "all":
                        self._set_text(row, col, text)
        counts = {s: sum(r.status in s for r in records)
                  for s in ((QUEUED,), ACTIVE, (DONE,), (CANCELLED,), (FAILED,))}
        if records:
            self._set_status(f"{counts[ACTIVE]} running, {counts[(QUEUED,)]} queued, "
                             f"{counts[(DONE,)]} done, {counts[(CANCELLED,)]} cancelled, "
                             f"{counts[(FAILED,)]} failed. Mean and band over finished runs; "
                             f"thin lines: each run.", error=bool(counts[(FAILED,)]))

    def _color(self, label: str) -> str:
        if label not in self._colors:
            self._colors[label] = LABEL_COLORS.get(label) or OTHER_COLORS[
                len([k for k in self._colors if k not in LABEL_COLORS]) % len(OTHER_COLORS)]
        return self._colors[label]

    def _draw_plot(self, records) -> None:
        """Update the persistent plot items (setData only where something changed)."""
        align_by, band = self.align_combo.currentData(), self.band_combo.currentData()
        smooth, show_runs = self.smooth_spin.value(), self.runs_box.isChecked()
        options = (align_by, band, smooth)
        if options != self._options:
            self._options, self._drawn = options, {}
            self.plot.setLabel("bottom", "episode" if align_by == "episode"
                               else "environment steps")
            self.plot.setTitle(f"Score ({smooth}-episode mean), mean across seeds with "
                               f"{BAND_LABELS[band]} band")
            style_plot(self.plot, palette_colors(self)[0])
        # Thin lines: every run with data (live), redrawn when it has new episodes.
        shown = {r.run_id: r for r in records if r.episodes and show_runs
                 and r.status not in (CANCELLED, FAILED)}
        for run_id in set(self._run_items) - set(shown):
            self.plot.removeItem(self._run_items.pop(run_id))
            self._drawn.pop(run_id, None)
        for run_id, rec in shown.items():
            item = self._run_items.get(run_id)
            if item is None:
                color = QColor(self._color(rec.label))
                color.setAlpha(70)
                item = self._run_items[run_id] = self.plot.plot(pen=pg.mkPen(color, width=1))
                item.setZValue(-10)
            if self._drawn.get(run_id) != len(rec.episodes):
                self._drawn[run_id] = len(rec.episodes)
                item.setData(*run_curve(rec, align_by, smooth))
        # Mean and band of each configuration over its finished runs.
        means = self._mean_curves(records, align_by, band, smooth)
        if self._drawn.get("means") is not means:
            self._drawn["means"] = means
            for label in set(self._mean_items) - set(means):
                for item in self._mean_items.pop(label):
                    self.plot.removeItem(item)
                self.legend.removeItem(label)
            for label, (x, mean, low, high, n) in means.items():
                if label not in self._mean_items:
                    self._mean_items[label] = self._add_mean_items(label)
                line, lo, hi, _fill = self._mean_items[label]
                lo.setData(x, low)
                hi.setData(x, high)
                line.setData(x, mean)
                self.legend.removeItem(line)
                self.legend.addItem(line, f"{label}: mean of {n} run{'s' * (n != 1)}")
        threshold = next((r.summary.get("threshold") for r in records
                          if r.summary and r.summary.get("threshold")), None)
        if threshold is not None and self._threshold_line is None:
            self._threshold_line = pg.InfiniteLine(threshold, angle=0, pen=pg.mkPen(
                COLORS["green"], width=1, style=Qt.PenStyle.DashLine),
                label=f"pass: 100-episode mean ≥ {threshold:g}",
                labelOpts=dict(position=0.02, color=COLORS["green"], anchors=[(0, 1), (0, 1)]))
            self.plot.addItem(self._threshold_line)

    def legend_texts(self) -> list[str]:
        """The legend's entries, top to bottom."""
        return [label.text for _, label in self.legend.items]

    def _add_mean_items(self, label: str) -> tuple:
        color, edge, fill = (QColor(self._color(label)) for _ in range(3))
        edge.setAlpha(110)
        fill.setAlpha(50)
        lo = self.plot.plot(pen=pg.mkPen(edge, width=1))
        hi = self.plot.plot(pen=pg.mkPen(edge, width=1))
        band = pg.FillBetweenItem(lo, hi, brush=fill)
        self.plot.addItem(band)
        line = self.plot.plot(pen=pg.mkPen(color, width=2.5))
        for item in (lo, hi, band):
            item.setZValue(-5)
        return line, lo, hi, band

    def _mean_curves(self, records, align_by: str, band: str, smooth: int) -> dict:
        """Mean and band per configuration, cached until the finished runs or options change."""
        key = (align_by, band, smooth, tuple(r.run_id for r in records if r.status == DONE))
        if self._curve_cache is None or self._curve_cache[0] != key:
            out = {}
            for label, c in curves(records, align_by, smooth).items():
                mean, low, high = c.band(band, n_boot=1000)
                out[label] = (c.x, mean, low, high, len(c.run_ids))
            self._curve_cache = (key, out)
        return self._curve_cache[1]

    # -- the table --------------------------------------------------------------------------
    def _rebuild_rows(self) -> None:
        records = self.manager.records
        self._layout_ids = tuple(r.run_id for r in records)
        labels = list(dict.fromkeys(r.label for r in records))
        self._rows = [row for label in labels for row in
                      [("run", r) for r in records if r.label == label] + [("all", label)]]
        self.table.clearContents()
        self.table.setRowCount(len(self._rows))
        self._bars = {}
        bold = QFont(self.table.font())
        bold.setBold(True)
        for row, (kind, item) in enumerate(self._rows):
            label = item.label if kind == "run" else item
            pix = QPixmap(10, 10)
            pix.fill(QColor(self._color(label)))
            self._cell(row, 0).setIcon(QIcon(pix))
            self._cell(row, 0).setText(label)
            if kind == "run":
                bar = QProgressBar()
                bar.setRange(0, 1000)
                bar.setTextVisible(True)
                self.table.setCellWidget(row, 2, bar)
                self._bars[item.run_id] = bar
                self._update_bar(item)
            else:
                for col in range(len(HEADERS)):
                    self._cell(row, col).setFont(bold)
        self._dirty = True

    def _set_text(self, row: int, col: int, text: str) -> None:
        item = self._cell(row, col)
        if item.text() != text:
            item.setText(text)

    def _cell(self, row: int, col: int) -> QTableWidgetItem:
        item = self.table.item(row, col)
        if item is None:
            item = QTableWidgetItem()
            if col >= 3:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.setItem(row, col, item)
        return item

    def _update_bar(self, rec) -> None:
        bar = self._bars.get(rec.run_id)
        if bar is None:
            return
        text = rec.describe()
        bar.setValue(int(1000 * rec.fraction) if rec.status not in (QUEUED,) else 0)
        if bar.format() != text:
            bar.setFormat(text)
            bar.setToolTip(rec.error or text)
        color = QColor({FAILED: COLORS["red"], CANCELLED: COLORS["grey"]}.get(
            rec.status, self._color(rec.label)))
        style = BAR_STYLE.format(r=color.red(), g=color.green(), b=color.blue())
        if bar.styleSheet() != style:
            bar.setStyleSheet(style)

    # -- export -----------------------------------------------------------------------------
    def export_results_csv(self, path: str) -> None:
        write_results_csv(path, summarize(self.manager.records))

    def export_curves_csv(self, path: str) -> None:
        align_by, band = self.align_combo.currentData(), self.band_combo.currentData()
        write_curves_csv(path, curves(self.manager.records, align_by, self.smooth_spin.value()),
                         align_by, band)

    def export_png(self, path: str) -> None:
        if not self.plot_widget.grab().save(str(path)):
            raise ConfigError(f"Cannot write the image {path}.")

    def _export(self, what: str) -> None:
        title, filt, method = {
            "results": ("Export results table", "CSV (*.csv)", self.export_results_csv),
            "curves": ("Export mean curves", "CSV (*.csv)", self.export_curves_csv),
            "png": ("Export plot", "PNG image (*.png)", self.export_png)}[what]
        path, _ = QFileDialog.getSaveFileName(self, title, "", filt)
        if not path:
            return
        try:
            method(path)
        except (ConfigError, OSError) as exc:
            self._set_status(str(exc), error=True)
        else:
            self._set_status(f"Wrote {path}.")

    def _set_status(self, text: str, error: bool = False) -> None:
        style = f"color: {COLORS['red']};" if error else ""
        if self.status.text() != text:
            self.status.setText(text)
        if self.status.styleSheet() != style:
            self.status.setStyleSheet(style)


def _spin(low: int, high: int, value: int, tip: str) -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(low, high)
    spin.setValue(value)
    spin.setToolTip(tip)
    spin.setKeyboardTracking(False)
    return spin

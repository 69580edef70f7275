"""Compare runs: queue configurations x seeds as a compare study; curves, band and table.

A thin view over :class:`dqn_lab.core.run_manager.RunManager` (an Optuna compare study per queued
comparison, run by local ``main.py worker`` processes; no threads here) and
:mod:`dqn_lab.core.compare` (the numbers). A 50 ms ``QTimer`` polls the manager without
blocking; the plot and the summary rows are redrawn at most every 400 ms and only when
something changed. Closing the view (or the application) cancels and joins every child.
"""

from __future__ import annotations

import math
import os
import time

import numpy as np
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QColor, QFont, QIcon, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from dqn_lab.core.compare import (
    BAND_LABELS,
    DASH,
    curves,
    summarize,
    write_curves_csv,
    write_results_csv,
)
from dqn_lab.core.config import AGENTS, Config, ConfigError
from dqn_lab.core.presets import builtin_presets, preset
from dqn_lab.core.run_manager import (
    ACTIVE,
    CANCELLED,
    DONE,
    EVALUATING,
    FAILED,
    LESSON_SEEDS,
    QUEUED,
    RUNNING,
    STARTING,
    RunManager,
    comparison_configs,
    lesson_configs,
    seeds_from,
)
from dqn_lab.core.stats import MIN_SEEDS
from dqn_lab.core.study import EVAL_SEED, StudyError
from dqn_lab.gui.close_guard import CloseGuard
from dqn_lab.gui.compare_plot import ComparePlot
from dqn_lab.gui.i18n import (
    decimal,
    error_text,
    grouped,
    number,
    preset_text,
    protocol_label,
    translate,
)
from dqn_lab.gui.labels import wrapped_tip
from dqn_lab.gui.plot_table import PlotOrTable
from dqn_lab.gui.preset_actions import load_presets
from dqn_lab.gui.progress_bar import ProgressBar
from dqn_lab.gui.run_panel import COLORS

POLL_MS = 50
REDRAW_S = 0.4
HEADERS = (
    QT_TRANSLATE_NOOP("Compare", "Configuration"),
    QT_TRANSLATE_NOOP("Compare", "Seed"),
    QT_TRANSLATE_NOOP("Compare", "Progress"),
    QT_TRANSLATE_NOOP("Compare", "Episodes"),
    QT_TRANSLATE_NOOP("Compare", "Mean last 100"),
    QT_TRANSLATE_NOOP("Compare", "Episodes to pass"),
    QT_TRANSLATE_NOOP("Compare", "Greedy eval"),
    QT_TRANSLATE_NOOP("Compare", "Wall s"),
    QT_TRANSLATE_NOOP("Compare", "Steps/s"),
)
BANDS = (QT_TRANSLATE_NOOP("Compare", "min-max"), QT_TRANSLATE_NOOP("Compare", "bootstrap 95% CI"))
BAR_STYLE = (
    "QProgressBar {{ border: 1px solid rgba(128, 128, 128, 110); border-radius: 3px; "
    "text-align: center; margin: 2px; }} "
    "QProgressBar::chunk {{ background: rgba({r}, {g}, {b}, 60); border-radius: 2px; }}"
)


def curve_headers() -> list[str]:
    """The mean curves table's columns."""
    return [
        translate("Compare", "Configuration"),
        translate("Compare", "Episode or step"),
        translate("Compare", "Mean score"),
        translate("Compare", "Band low"),
        translate("Compare", "Band high"),
    ]


def configuration_name(agent: str, preset_name: str) -> str:
    """A configuration's name in the Compare window, "dqn (Notebook, fixed)": runs are
    grouped and averaged by name, so the preset is part of it."""
    return f"{agent} ({preset_text(preset_name)})"


class CompareView(CloseGuard, QWidget):
    """Naive vs DQN (or any configurations) over several seeds, side by side."""

    title = "Compare runs"

    def __init__(
        self,
        parent: QWidget | None = None,
        parallel: int | None = None,
        eval_episodes: int = 10,
        storage_dir: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(translate("Compare", "Compare runs"))  # Qt adds " — DQN Lab"
        cores = os.cpu_count() or 1
        # Each comparison is a compare study (one journal file in the studies folder); its
        # workers run at a lower priority so the GUI keeps the CPU when it needs it.
        self.manager = RunManager(
            parallel or cores,
            eval_episodes=eval_episodes,
            nice=5,
            storage_dir=storage_dir or studies_folder(),
        )
        self.guard_close(
            lambda: self.manager.busy,
            translate(
                "Compare", "Runs are still queued or running. Cancel them and close the window?"
            ),
        )
        self._layout_ids: tuple[int, ...] = ()
        self._export_folder = ""  # where the last export went
        self._rows: list[tuple[str, object]] = []  # ('run', record) or ('all', label)
        self._bars: dict[int, ProgressBar] = {}
        self._dirty = True
        self._last_redraw = 0.0
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
        self.lesson_button = _button(
            translate("Compare", "Naive vs DQN, {0} seeds").format(LESSON_SEEDS),
            lambda: self.run_lesson(),
        )
        self.lesson_button.setToolTip(
            wrapped_tip(
                translate(
                    "Compare",
                    "The notebook's lesson: the naive agent and DQN "
                    "with the seed's settings ({0} episodes on {1}), seeds 42 to {2}.",
                ).format(seed_config.episodes, seed_config.env_id, 41 + LESSON_SEEDS)
            )
        )
        self.agent_boxes = {a: QCheckBox(a) for a in AGENTS}
        for box in self.agent_boxes.values():
            box.setChecked(True)
        self.preset_combo = QComboBox()
        self.fill_presets()
        self.seeds_spin = _spin(
            1, 100, LESSON_SEEDS, translate("Compare", "Seeds per configuration: 42, 43, ...")
        )
        self.episodes_spin = _spin(
            1, 100_000, seed_config.episodes, translate("Compare", "Episodes per run")
        )
        self.parallel_spin = _spin(
            1,
            max(8, cores),
            self.manager.parallel,
            translate(
                "Compare",
                "Worker processes, each training one configuration's seeds together ({0} cores)",
            ).format(cores),
        )
        self.parallel_spin.valueChanged.connect(self._set_parallel)
        self.queue_button = _button(translate("Compare", "Queue runs"), self._queue_from_controls)

        self.align_combo = QComboBox()
        self.align_combo.addItem(translate("Compare", "by episode"), "episode")
        self.align_combo.addItem(translate("Compare", "by env step"), "env_steps")
        self.band_combo = QComboBox()
        for key, text in BAND_LABELS.items():
            self.band_combo.addItem(translate("Compare", text), key)
        self.smooth_spin = _spin(
            1,
            100,
            20,
            translate(
                "Compare",
                "Each run's score is averaged over this many episodes before the mean across seeds",
            ),
        )
        self.runs_box = QCheckBox(translate("Compare", "each run"))
        self.runs_box.setChecked(True)
        for signal in (
            self.align_combo.currentIndexChanged,
            self.band_combo.currentIndexChanged,
            self.smooth_spin.valueChanged,
            self.runs_box.toggled,
        ):
            signal.connect(self._options_changed)
        self.cancel_button = _button(translate("Compare", "Cancel selected"), self.cancel_selected)
        self.cancel_button.setToolTip(
            wrapped_tip(
                translate(
                    "Compare",
                    "Cancel the selected seeds: each stops alone, its results so far kept, while "
                    "its configuration's other seeds train on. A summary row cancels every seed "
                    "of its configuration.",
                )
            )
        )
        self.cancel_all_button = _button(translate("Compare", "Cancel all"), self.cancel_all)
        self.clear_button = _button(translate("Compare", "Clear finished"), self.clear_finished)
        self.open_button = _button(translate("Compare", "Open…"), self.open_comparison_dialog)
        self.open_button.setToolTip(
            wrapped_tip(
                translate(
                    "Compare",
                    "Show a comparison from its study file (compare-….journal in the studies "
                    "folder): one run before, or run by the CLI's compare.",
                )
            )
        )
        self.export_button = QToolButton()
        self.export_button.setText(translate("Compare", "Export"))
        self.export_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.export_button)
        menu.addAction(
            translate("Compare", "Results table (CSV)…"), lambda: self._export("results")
        )
        menu.addAction(translate("Compare", "Mean curves (CSV)…"), lambda: self._export("curves"))
        menu.addAction(translate("Compare", "Plot (PNG)…"), lambda: self._export("png"))
        self.export_button.setMenu(menu)
        self.plot = ComparePlot(self)
        # The mean curves as a table (what a screen reader can read).
        self.plot_stack = PlotOrTable(
            self.plot, curve_headers(), self._curve_columns, translate("Compare", "Mean curves")
        )
        plan = _row(
            self.lesson_button,
            12,
            *self.agent_boxes.values(),
            translate("Compare", "Preset"),
            self.preset_combo,
            translate("Compare", "Seeds"),
            self.seeds_spin,
            translate("Compare", "Episodes"),
            self.episodes_spin,
            translate("Compare", "Parallel"),
            self.parallel_spin,
            self.queue_button,
            None,
        )
        view = _row(
            translate("Compare", "Align"),
            self.align_combo,
            translate("Compare", "Band"),
            self.band_combo,
            translate("Compare", "Smooth"),
            self.smooth_spin,
            self.runs_box,
            self.plot_stack.toggle,
            None,
            self.cancel_button,
            self.cancel_all_button,
            self.clear_button,
            self.open_button,
            self.export_button,
        )

        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels([translate("Compare", h) for h in HEADERS])
        self.protocol = protocol_label(self.manager.eval_episodes, EVAL_SEED)
        self.table.horizontalHeaderItem(6).setToolTip(
            wrapped_tip(translate("Compare", "Greedy evaluation of the {0}.").format(self.protocol))
        )
        # What each column holds; a configuration's row shows "mean ± sample standard
        # deviation" over its finished seeds.
        for column, tip in (
            (3, QT_TRANSLATE_NOOP("Compare", "Training episodes finished")),
            (
                4,
                QT_TRANSLATE_NOOP(
                    "Compare",
                    "Mean score of the last 100 training episodes (the notebook's check); a "
                    "configuration's row: mean ± standard deviation over its seeds",
                ),
            ),
            (
                5,
                QT_TRANSLATE_NOOP(
                    "Compare",
                    "The first episode whose 100-episode mean reaches the threshold (a dash: "
                    "not reached); a configuration's row: how many seeds passed, and their "
                    "median",
                ),
            ),
            (7, QT_TRANSLATE_NOOP("Compare", "Seconds the run trained")),
            (8, QT_TRANSLATE_NOOP("Compare", "Environment steps per second of the run")),
        ):
            self.table.horizontalHeaderItem(column).setToolTip(
                wrapped_tip(translate("Compare", tip))
            )
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.plot_stack)
        splitter.addWidget(self.table)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([600, 360])
        self.status = QLabel(
            translate(
                "Compare",
                "Queue a comparison: the lesson button runs the "
                "notebook's naive agent against DQN over five seeds.",
            )
        )
        self.status.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(plan)
        layout.addLayout(view)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.status)

    def fill_presets(self) -> None:
        """The shipped presets, then the user's (saved from the main window or a study),
        titles shown and names as the items' data; the choice is kept where it still is."""
        chosen = self.preset_combo.currentData()
        self.preset_combo.clear()
        for name in load_presets()[0]:
            self.preset_combo.addItem(preset_text(name), name)
        index = self.preset_combo.findData(chosen) if chosen else -1
        self.preset_combo.setCurrentIndex(max(index, 0))

    def showEvent(self, event) -> None:  # noqa: N802 - Qt name
        self.fill_presets()  # a preset saved since the window was made is offered too
        super().showEvent(event)

    # -- queueing ---------------------------------------------------------------------------
    def run_lesson(self, episodes: int | None = None, **changes) -> None:
        """Queue the seed's lesson: naive vs DQN, seeds 42..46, the seed's settings."""
        # named as the form names them: the same settings queued there join these
        configs = {
            configuration_name(k, "seed"): c.replace(**changes)
            for k, c in lesson_configs(episodes).items()
        }
        for box in self.agent_boxes.values():  # the controls show the plan that was queued
            box.setChecked(True)
        self.preset_combo.setCurrentIndex(self.preset_combo.findData("seed"))
        self.seeds_spin.setValue(LESSON_SEEDS)
        self.episodes_spin.setValue(next(iter(configs.values())).episodes)
        self.queue_comparison(configs, seeds_from(42, LESSON_SEEDS))

    def open_comparison(self, storage: str, name: str) -> bool:
        """Show comparison ``name`` of ``storage`` (a journal file or a database URL) with
        its runs as they ended; the status says why when it cannot be read."""
        try:
            records = self.manager.open_comparison(storage, name)
        except (StudyError, ConfigError) as exc:
            self._set_status(error_text(exc), error=True)
            return False
        self._dirty = True
        self.poll()
        self.timer.start()
        self._set_status(
            translate("Compare", "Opened comparison {0}: {1} runs.").format(
                name, number(len(records))
            )
        )
        return True

    def open_comparison_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            translate("Compare", "Open a comparison"),
            studies_folder(),
            translate("Compare", "Study journals (*.journal)"),
        )
        if path:
            self.open_comparison(path, os.path.splitext(os.path.basename(path))[0])

    def queue_comparison(self, configs: dict[str, Config], seeds: list[int]) -> None:
        """Queue every configuration (by name) with every seed and start polling (a storage
        that cannot be written or settings that are not valid: the status says why)."""
        try:
            records = self.manager.add_comparison(configs, seeds)
        except (StudyError, ConfigError) as exc:
            self._set_status(error_text(exc), error=True)
            return
        labels = dict.fromkeys(r.label for r in records)  # as queued (a taken name numbered)
        self._set_status(
            translate("Compare", "Queued {0} runs: {1} x seeds {2}..{3}.").format(
                len(records), ", ".join(labels), seeds[0], seeds[-1]
            )
        )
        self._dirty = True
        self.poll()
        self.timer.start()

    def _queue_from_controls(self) -> None:
        agents = [a for a, box in self.agent_boxes.items() if box.isChecked()]
        try:
            if not agents:
                raise ConfigError(translate("Compare", "Tick at least one agent to compare."))
            name = self.preset_combo.currentData()
            base = preset(name)
            configs = comparison_configs(agents, base, episodes=self.episodes_spin.value())
            configs = {configuration_name(agent, name): c for agent, c in configs.items()}
        except ConfigError as exc:
            self._set_status(error_text(exc), error=True)
            return
        self.queue_comparison(configs, seeds_from(base.seed, self.seeds_spin.value()))

    def _set_parallel(self, value: int) -> None:
        self.manager.parallel = value

    # -- cancelling and closing -------------------------------------------------------------
    def selected_run_ids(self) -> list[int]:
        ids = []
        for index in self.table.selectionModel().selectedRows():
            kind, item = self._rows[index.row()]
            ids += (
                [item.run_id]
                if kind == "run"
                else [r.run_id for r in self.manager.records if r.label == item]
            )
        return ids

    def cancel_selected(self) -> None:
        for run_id in self.selected_run_ids():
            self.manager.cancel(run_id)
        self._cancelled()

    def cancel_all(self) -> None:
        self.manager.cancel_all()
        self._cancelled()

    def _cancelled(self) -> None:
        for rec in self.manager.records:  # queued runs are cancelled at once
            self._update_bar(rec)
        self._dirty = True
        self.poll()

    def clear_finished(self) -> None:
        self.manager.clear_ended()
        self._dirty = True
        self.poll()

    def shutdown(self) -> None:
        """Cancel every run and join every child process (idempotent); the rows show them
        cancelled (reopened, the window had shown them "running" with no worker left)."""
        self.timer.stop()
        self.manager.shutdown(timeout=2.0)
        for rec in self.manager.records:
            self._update_bar(rec)
        self.redraw()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt name
        if not self.close_allowed(event):
            return
        self.shutdown()
        super().closeEvent(event)

    # -- polling and drawing ----------------------------------------------------------------
    def poll(self) -> None:
        """Read the children's messages (never blocks); redraw at most every 400 ms."""
        changed = self.manager.poll()
        rebuilt = tuple(r.run_id for r in self.manager.records) != self._layout_ids
        if rebuilt:
            self._rebuild_rows()
        for rec in changed:
            self._update_bar(rec)
        if changed:
            self._dirty = True
        if rebuilt or (self._dirty and time.monotonic() - self._last_redraw >= REDRAW_S):
            self.redraw()
        if not self.manager.busy and not self._dirty:
            self.timer.stop()

    def _options_changed(self) -> None:
        self._dirty = True
        self.redraw()

    def _curve_columns(self) -> list[np.ndarray]:
        """The plotted mean curves, one row per point: configuration, x, mean, band."""
        parts: list[list] = [[], [], [], [], []]
        for label, (line, lo, hi, _fill) in self.plot.mean_items.items():
            x, mean = line.getData()
            if x is None:
                continue
            parts[0] += [label] * len(x)
            for j, values in enumerate((x, mean, lo.getData()[1], hi.getData()[1]), 1):
                parts[j] += list(values)
        return [np.array(parts[0], dtype=object), *(np.array(p, dtype=float) for p in parts[1:])]

    def redraw(self) -> None:
        """Curves, summary rows and status line from the manager's records."""
        self._dirty, self._last_redraw = False, time.monotonic()
        records = self.manager.records
        self.plot.update_curves(
            records,
            self.align_combo.currentData(),
            self.band_combo.currentData(),
            self.smooth_spin.value(),
            self.runs_box.isChecked(),
        )
        self.plot_stack.refresh()
        if records and len(self._rows) == len(records) + len({r.label for r in records}):
            rows = []
            for label, entry in summarize(records).items():  # the summary row heads its group
                group = display_rows(label, entry)
                rows += group[-1:] + group[:-1]
            for row, cells in enumerate(rows):
                kind = self._rows[row][0]
                for col, text in enumerate(cells):
                    if col != 2 or kind == "all":
                        self._set_text(row, col, text)
        counts = {
            s: sum(r.status in s for r in records)
            for s in ((QUEUED,), ACTIVE, (DONE,), (CANCELLED,), (FAILED,))
        }
        if records:
            warning = few_seeds_text(
                min((len(e["runs"]) for e in summarize(records).values()), default=0)
            )
            self._set_status(
                translate(
                    "Compare",
                    "{0} running, {1} queued, {2} done, {3} cancelled, {4} "
                    "failed. Mean and band over finished runs; thin lines: each run "
                    "(cancelled ones up to where they stopped). Greedy eval: {5}.",
                ).format(
                    counts[ACTIVE],
                    counts[(QUEUED,)],
                    counts[(DONE,)],
                    counts[(CANCELLED,)],
                    counts[(FAILED,)],
                    self.protocol,
                )
                + (" " + translate("Compare", "Note: {0}.").format(warning) if warning else ""),
                error=bool(counts[(FAILED,)]),
            )

    # -- the table --------------------------------------------------------------------------
    def _rebuild_rows(self) -> None:
        records = self.manager.records
        self._layout_ids = tuple(r.run_id for r in records)
        labels = list(dict.fromkeys(r.label for r in records))
        self._rows = [
            row
            for label in labels
            for row in [("all", label)] + [("run", r) for r in records if r.label == label]
        ]
        self.table.clearContents()
        self.table.setRowCount(len(self._rows))
        self._bars = {}
        bold = QFont(self.table.font())
        bold.setBold(True)
        for row, (kind, item) in enumerate(self._rows):
            label = item.label if kind == "run" else item
            pix = QPixmap(10, 10)
            pix.fill(QColor(self.plot.color(label)))
            self._cell(row, 0).setIcon(QIcon(pix))
            self._cell(row, 0).setText(label)
            if kind == "run":
                bar = ProgressBar()
                bar.setRange(0, 1000)
                bar.setTextVisible(True)
                self.table.setCellWidget(row, 2, bar)
                self._bars[item.run_id] = bar
                self._update_bar(item)
            else:
                tint = QColor(self.plot.color(label))
                tint.setAlpha(28)
                for col in range(len(HEADERS)):
                    self._cell(row, col).setFont(bold)
                    self._cell(row, col).setBackground(tint)
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
        text = describe_record(rec)
        bar.setValue(int(1000 * rec.fraction) if rec.status not in (QUEUED,) else 0)
        if bar.format() != text:
            bar.setFormat(text)
            bar.setToolTip(wrapped_tip(rec.error or text))
        color = QColor(
            {FAILED: COLORS["red"], CANCELLED: COLORS["grey"]}.get(
                rec.status, self.plot.color(rec.label)
            )
        )
        style = BAR_STYLE.format(r=color.red(), g=color.green(), b=color.blue())
        if bar.styleSheet() != style:
            bar.setStyleSheet(style)

    # -- export -----------------------------------------------------------------------------
    def export_results_csv(self, path: str) -> None:
        write_results_csv(path, summarize(self.manager.records))

    def export_curves_csv(self, path: str) -> None:
        align_by, band = self.align_combo.currentData(), self.band_combo.currentData()
        write_curves_csv(
            path, curves(self.manager.records, align_by, self.smooth_spin.value()), align_by, band
        )

    def export_png(self, path: str) -> None:
        if not self.plot.grab().save(str(path)):
            raise ConfigError(translate("Compare", "Cannot write the image {0}.").format(path))

    def _export(self, what: str) -> None:
        title, filt, method = {
            "results": (
                translate("Compare", "Export results table"),
                "CSV (*.csv)",
                self.export_results_csv,
            ),
            "curves": (
                translate("Compare", "Export mean curves"),
                "CSV (*.csv)",
                self.export_curves_csv,
            ),
            "png": (
                translate("Compare", "Export plot"),
                translate("Compare", "PNG image (*.png)"),
                self.export_png,
            ),
        }[what]
        # A name to start from, in the folder of the last export (the home folder first).
        name = {"results": "results.csv", "curves": "mean-curves.csv", "png": "compare.png"}[what]
        if self.manager.plans:  # the comparison's own name: compare-<date>-<time>-...
            name = f"{self.manager.plans[-1].name}-{name}"
        start = os.path.join(self._export_folder or os.path.expanduser("~"), name)
        path, _ = QFileDialog.getSaveFileName(self, title, start, filt)
        if not path:
            return
        self._export_folder = os.path.dirname(path)
        try:
            method(path)
        except (ConfigError, OSError) as exc:
            self._set_status(error_text(exc), error=True)
        else:
            self._set_status(translate("Compare", "Wrote {0}.").format(path))

    def _set_status(self, text: str, error: bool = False) -> None:
        style = f"color: {COLORS['red']};" if error else ""
        if self.status.text() != text:
            self.status.setText(text)
        if self.status.styleSheet() != style:
            self.status.setStyleSheet(style)


def studies_folder() -> str:
    """The folder for study files: the CLI's (:func:`dqn_lab.core.study.data_dir`), so a
    study started here is the one ``main.py tune`` and ``worker`` find by name (the app's
    own data folder, "DQN Lab/dqn-lab", was another)."""
    from dqn_lab.core.study import data_dir

    return str(data_dir())


def _button(text: str, slot) -> QPushButton:
    button = QPushButton(text)
    button.clicked.connect(slot)
    return button


def _row(*items) -> QHBoxLayout:
    """A row of widgets; a str is a label, an int a spacing, None the stretch."""
    row = QHBoxLayout()
    for item in items:
        if item is None:
            row.addStretch(1)
        elif isinstance(item, int):
            row.addSpacing(item)
        else:
            row.addWidget(QLabel(item) if isinstance(item, str) else item)
    return row


def _spin(low: int, high: int, value: int, tip: str) -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(low, high)
    spin.setValue(value)
    spin.setToolTip(wrapped_tip(tip))
    spin.setKeyboardTracking(False)
    return spin


def describe_record(rec) -> str:
    """A run's one-line progress (core's ``RunRecord.describe``) in the interface language."""
    n, total = len(rec.episodes), rec.config.episodes
    if rec.status == QUEUED:
        return translate("Compare", "queued")
    if rec.status == STARTING:
        return translate("Compare", "starting (loading TensorFlow)")
    if rec.status == RUNNING:
        rate = rec.progress.get("steps_per_s", 0.0)
        return translate("Compare", "episode {0}/{1}, {2} steps/s").format(
            number(n), number(total), number(rate)
        )
    if rec.status == EVALUATING:
        return translate("Compare", "greedy evaluation")
    if rec.status == CANCELLED:
        return translate("Compare", "cancelled after {0} episodes").format(number(n))
    if rec.status == FAILED:
        first = rec.error.splitlines()[0] if rec.error else translate("Compare", "unknown error")
        return translate("Compare", "failed: {0}").format(first)
    wall = rec.summary.get("wall_s", 0.0) if rec.summary else 0.0
    return translate("Compare", "done: {0} episodes in {1} s").format(number(n), decimal(wall, 1))


def display_rows(label: str, entry: dict) -> list[tuple[str, ...]]:
    """core.compare.table_rows of one configuration (each run, then its summary row) in the
    interface language: its words translated, numbers with the locale's separators (in
    English exactly core's cells)."""
    rows: list[tuple[str, ...]] = [
        (
            label,
            str(r["seed"]),
            r["status"],  # not shown: the progress bar sits in this column
            str(r["episodes"]),
            _num(r["mean_last_100"]),
            str(r["episodes_to_pass"] or DASH),
            _num(r["eval_mean"]),
            _num(r["wall_s"]),
            _num(r["steps_per_s"], 0),
        )
        for r in entry["runs"]
    ]
    med = entry["episodes_to_pass_median"]
    passed = translate("Compare", "{0}/{1} passed").format(entry["passed"], entry["runs_done"])
    if med is not None:
        passed = translate("Compare", "{0}, median {1}").format(passed, f"{med:.0f}")
    rows.append(
        (
            label,
            translate("Compare", "all"),
            translate("Compare", "{0}/{1} done").format(entry["runs_done"], entry["runs_total"]),
            "",
            _spread(entry["mean_last_100"]),
            passed,
            _spread(entry["eval_mean"]),
            _num(entry["wall_s"]["mean"]),
            _num(entry["steps_per_s"]["mean"], 0),
        )
    )
    return rows


def _num(value, digits: int = 1) -> str:
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return DASH
    return grouped(value, digits)


def _spread(s: dict, digits: int = 1) -> str:
    if s["mean"] is None:
        return DASH
    if s["n"] > 1:
        return f"{decimal(s['mean'], digits)} ± {decimal(s['std'], digits)}"
    return decimal(s["mean"], digits)


def few_seeds_text(n: int) -> str:
    """core.stats.few_seeds_warning in the interface language (empty from MIN_SEEDS on)."""
    if n >= MIN_SEEDS:
        return ""
    text = (
        translate("Compare", "only 1 seed: below {1} the mean and its interval are fragile")
        if n == 1
        else translate("Compare", "only {0} seeds: below {1} the mean and its interval are fragile")
    )
    return text.format(n, MIN_SEEDS)

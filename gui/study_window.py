"""The Study window: tune settings with Optuna, watch the trials live, take the best into a run.

A thin view over :mod:`dqn_lab.core.study`: the storage is the single source of truth. Start
makes (or continues) a tune study and starts local ``main.py worker`` processes on it; any
machine can join with ``main.py worker --storage URL --study NAME``. A ``QTimer`` reads the
trials back from the storage (never blocking on training: the workers are other processes), so
the window works while the main window trains. Each setting is "fixed" (the current value), a
range (low, high, log) or a list of choices, validated by the core against the setting's limits;
errors are one red line, never a traceback. A trial maximises the chosen objective: its seeds'
final greedy score, or the area under their periodic evaluation curves (which needs the
settings' "Evaluate every" above 0); each trial shows its seeds' median first passing
evaluation and the mean share of later evaluations that still pass, when they were evaluated.
"""

from __future__ import annotations

import math
import os
import shlex
import subprocess
import sys

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from dqn_lab.core.config import FIELD_TYPES, FIELDS, Config, ConfigError
from dqn_lab.core.study import (
    EVAL_OBJECTIVES,
    EVAL_SEED,
    NOT_SEARCHABLE,
    PRUNERS,
    REQUEUED_NOTES,
    SAMPLERS,
    TARGET_ATTR,
    Param,
    StudyError,
    StudySettings,
    best_trial,
    check_objective,
    create_or_load,
    default_storage,
    importance,
    make_param,
    make_sampler,
    open_storage,
    pending_count,
    recover_stale_trials,
    shares,
    spawn_worker,
    trial_config,
    trial_record,
)
from dqn_lab.gui.close_guard import CloseGuard
from dqn_lab.gui.i18n import (
    config_text,
    decimal,
    error_text,
    field_label,
    number,
    protocol_label,
    setting_text,
    translate,
    value_text,
)
from dqn_lab.gui.labels import wrapped_tip
from dqn_lab.gui.plot_table import PlotOrTable
from dqn_lab.gui.run_panel import COLORS, palette_colors, style_plot

POLL_MS = 500
MODES = ("fixed", "range", "choices")
MODE_NAMES = {
    "fixed": QT_TRANSLATE_NOOP("Study", "fixed"),
    "range": QT_TRANSLATE_NOOP("Study", "range"),
    "choices": QT_TRANSLATE_NOOP("Study", "choices"),
}
# Optuna's trial states as the table shows them.
STATE_NAMES = {
    "COMPLETE": QT_TRANSLATE_NOOP("Study", "complete"),
    "RUNNING": QT_TRANSLATE_NOOP("Study", "running"),
    "WAITING": QT_TRANSLATE_NOOP("Study", "waiting"),
    "PRUNED": QT_TRANSLATE_NOOP("Study", "pruned"),
    "FAIL": QT_TRANSLATE_NOOP("Study", "failed"),
    "STOPPED": QT_TRANSLATE_NOOP("Study", "stopped"),  # failed by its stopped worker
}
SPACE_HEADERS = (
    QT_TRANSLATE_NOOP("Study", "Setting"),
    QT_TRANSLATE_NOOP("Study", "Current"),
    QT_TRANSLATE_NOOP("Study", "Mode"),
    QT_TRANSLATE_NOOP("Study", "Low"),
    QT_TRANSLATE_NOOP("Study", "High"),
    QT_TRANSLATE_NOOP("Study", "Log"),
    QT_TRANSLATE_NOOP("Study", "Choices"),
)
BEST_HEADERS = (
    QT_TRANSLATE_NOOP("Study", "Trial"),
    QT_TRANSLATE_NOOP("Study", "Value"),
    QT_TRANSLATE_NOOP("Study", "Best so far"),
)
TRIAL_HEADERS = (
    QT_TRANSLATE_NOOP("Study", "Trial"),
    QT_TRANSLATE_NOOP("Study", "State"),
    QT_TRANSLATE_NOOP("Study", "Value (95% CI)"),
    QT_TRANSLATE_NOOP("Study", "Seeds done"),
    QT_TRANSLATE_NOOP("Study", "First pass (median)"),
    QT_TRANSLATE_NOOP("Study", "Pass rate after"),
    QT_TRANSLATE_NOOP("Study", "Parameters"),
    QT_TRANSLATE_NOOP("Study", "Note"),
)
PARAMS_COLUMN = TRIAL_HEADERS.index("Parameters")
# The periodic evaluations' figures of a trial (core.study.set_protocol_attrs), as the trial
# table and the "Best so far" table show them.
PROTOCOL_HEADERS = (
    QT_TRANSLATE_NOOP("Study", "First pass (median)"),
    QT_TRANSLATE_NOOP("Study", "Pass rate after"),
)
PROTOCOL_TIPS = (
    QT_TRANSLATE_NOOP(
        "Study",
        "Median over the trial's seeds of the environment step of the first periodic "
        "evaluation that reached the threshold (a seed that never passed counts as later than "
        "any; - when the median falls on one); k/n: seeds that passed",
    ),
    QT_TRANSLATE_NOOP(
        "Study",
        "Mean over the seeds that passed of the share of their later periodic evaluations "
        "that still reached the threshold",
    ),
)
# What a tune study maximises (core.study.OBJECTIVES), as the objective box names them.
OBJECTIVE_NAMES = {
    "final": QT_TRANSLATE_NOOP("Study", "final policy"),
    "evals": QT_TRANSLATE_NOOP("Study", "evaluation curve"),
    "passes": QT_TRANSLATE_NOOP("Study", "passing evaluations"),
}
OBJECTIVE_TIPS = {
    "final": QT_TRANSLATE_NOOP(
        "Study",
        "final: maximise the mean greedy score of each seed's final policy (Evaluation "
        "episodes below)",
    ),
    "evals": QT_TRANSLATE_NOOP(
        "Study",
        "evals: maximise the area under each seed's periodic evaluation curve: the mean over "
        "the run's evaluations (Evaluate every, Evaluation episodes of the settings) of "
        "min(mean / threshold, 1), which rewards learning fast and staying solved",
    ),
    "passes": QT_TRANSLATE_NOOP(
        "Study",
        "passes: maximise the share of each seed's periodic evaluations (Evaluate every, "
        "Evaluation episodes of the settings) whose mean reaches the threshold: learning fast "
        "and staying solved, counted strictly (an evaluation just under the threshold is a miss)",
    ),
}


def first_pass_text(record: dict) -> str:
    """A trial's median first pass as the window shows it: "12,288 (2/3 seeds)", "- (0/3
    seeds)" when the median falls on a seed that never passed, "-" without the figures (no
    periodic evaluations, or a study made before they were stored)."""
    passed = record.get("eval_passed")
    if passed is None:
        return "-"
    median = record.get("first_eval_pass_step_median")
    steps = "-" if median is None else number(median)
    return translate("Study", "{0} ({1}/{2} seeds)").format(
        steps, passed, len(record.get("seeds") or [])
    )


def pass_rate_text(record: dict) -> str:
    """A trial's mean pass rate after the first pass in percent ("85%"), or "-"."""
    rate = record.get("eval_pass_rate_after_mean")
    if rate is None:
        return "-"
    return translate("Study", "{0}%").format(decimal(100 * rate, 0))


def _shown_value(value: object) -> str:
    """A setting's current value as the window shows it: yes/no, a decimal comma in German."""
    if isinstance(value, bool):
        return translate("Study", "yes") if value else translate("Study", "no")
    return setting_text(value)  # "constant" as the settings show it ("konstant")


def _range_value(text: str) -> str:
    """A typed range end for the core: a decimal comma ("0,0005") read as a point."""
    return text.strip().replace(",", ".")


class StudyWindow(CloseGuard, QWidget):
    """Search settings over seeds with Optuna; live trials, best so far, importance."""

    open_trial = Signal(object)  # a Config: the selected trial's settings, to open as a run
    preset_saved = Signal(str)  # the path of a preset saved from the best trial

    def __init__(
        self,
        config: Config | None = None,
        parent: QWidget | None = None,
        storage_dir: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(translate("Study", "Study — tune settings over seeds"))
        self.guard_close(
            lambda: self.busy,
            translate(
                "Study",
                "Local workers are still running trials. Stop them and close the window? "
                "Their running trials are queued again.",
            ),
        )
        self.config = config or Config()
        self.storage_dir = storage_dir
        self.study = None
        self.settings: StudySettings | None = None
        self.storage_text = ""
        self.processes: list = []
        self._shown: tuple = ()
        self._importance_for = -1
        self._opened = False  # the window shows a study opened from its storage
        self._built = False
        self._build()
        self._built = True
        self._objective_changed()
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self.refresh)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)

    # -- construction -----------------------------------------------------------------------
    def _build(self) -> None:
        self.space_table = QTableWidget(0, len(SPACE_HEADERS))
        self.space_table.setHorizontalHeaderLabels([translate("Study", h) for h in SPACE_HEADERS])
        self.space_table.verticalHeader().setVisible(False)
        self.space_table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.space_table.horizontalHeader().setStretchLastSection(True)
        self.rows: dict[str, dict] = {}
        for name, f in FIELDS.items():
            if name in NOT_SEARCHABLE:
                continue
            self._add_space_row(name, f)
        self.set_config(self.config)

        self.seeds_spin = _spin(
            1,
            100,
            3,
            translate(
                "Study",
                "Seeds trained per trial; its value is the mean of their final greedy evaluations",
            ),
        )
        self.trials_spin = _spin(
            0, 10_000, 20, translate("Study", "Trials to run now (0 only creates the study)")
        )
        self.workers_spin = _spin(
            1,
            64,
            min(2, os.cpu_count() or 1),
            translate("Study", "Local worker processes on this machine"),
        )
        self.eval_spin = _spin(
            0,
            1000,
            10,
            translate("Study", "Greedy evaluation episodes of each seed's final policy"),
        )
        self.objective_combo = QComboBox()
        for key, name in OBJECTIVE_NAMES.items():
            self.objective_combo.addItem(translate("Study", name), key)
            self.objective_combo.setItemData(
                self.objective_combo.count() - 1,
                wrapped_tip(translate("Study", OBJECTIVE_TIPS[key])),
                Qt.ItemDataRole.ToolTipRole,
            )
        self.objective_combo.setToolTip(
            wrapped_tip(
                "\n".join(translate("Study", OBJECTIVE_TIPS[key]) for key in OBJECTIVE_NAMES)
            )
        )
        self.objective_combo.currentIndexChanged.connect(self._objective_changed)
        # What an evaluation objective (evals, passes) measures with the current settings, or
        # why it cannot.
        self.objective_hint = QLabel("")
        self.objective_hint.setWordWrap(True)
        self.objective_hint.hide()
        self.sampler_combo = QComboBox()
        self.sampler_combo.addItems(SAMPLERS)
        self.pruner_combo = QComboBox()
        self.pruner_combo.addItems(PRUNERS)
        self.name_edit = QLineEdit("tune")
        self.name_edit.setToolTip(
            translate("Study", "Study name: starting again with the same name continues it")
        )
        self.storage_edit = QLineEdit()
        self.storage_edit.setPlaceholderText(
            translate(
                "Study",
                "default: a file in the app's data folder, or an Optuna URL (postgresql://…)",
            )
        )
        self.storage_edit.setToolTip(self.storage_edit.placeholderText())  # shown whole
        self.start_button = _button(translate("Study", "Start"), self.start)
        self.stop_button = _button(translate("Study", "Stop workers"), self.stop_workers)
        self.open_button = _button(translate("Study", "Open study…"), self.open_study_dialog)
        self.open_trial_button = _button(
            translate("Study", "Open trial as a run"), self.open_selected_trial
        )
        self.preset_button = _button(
            translate("Study", "Save best as preset…"), self.save_preset_dialog
        )
        form = QFormLayout()
        form.addRow(translate("Study", "Seeds per trial"), self.seeds_spin)
        form.addRow(translate("Study", "New trials"), self.trials_spin)
        form.addRow(translate("Study", "Local workers"), self.workers_spin)
        form.addRow(translate("Study", "Objective"), self.objective_combo)
        form.addRow(translate("Study", "Evaluation episodes"), self.eval_spin)
        form.addRow(translate("Study", "Sampler"), self.sampler_combo)
        form.addRow(translate("Study", "Pruner"), self.pruner_combo)
        form.addRow(translate("Study", "Study"), self.name_edit)
        form.addRow(translate("Study", "Storage"), self.storage_edit)
        buttons = QHBoxLayout()
        for b in (self.start_button, self.stop_button, self.open_button):
            buttons.addWidget(b)
        side = QVBoxLayout()
        side.addLayout(form)
        side.addLayout(buttons)
        side.addWidget(self.objective_hint)
        side.addStretch(1)
        top = QHBoxLayout()
        top.addWidget(self.space_table, 3)
        top.addLayout(side, 1)
        top_widget = QWidget()
        top_widget.setLayout(top)

        self.trial_table = QTableWidget(0, len(TRIAL_HEADERS))
        self.trial_table.setHorizontalHeaderLabels([translate("Study", h) for h in TRIAL_HEADERS])
        self.trial_table.verticalHeader().setVisible(False)
        self.trial_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.trial_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.trial_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.trial_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # The note (an error, a retry) takes the room left: a long one had squeezed the
        # parameters to "ame". Cut with "…", whole in its tooltip.
        header.setSectionResizeMode(PARAMS_COLUMN, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(TRIAL_HEADERS.index("Note"), QHeaderView.ResizeMode.Stretch)
        for name, tip in zip(PROTOCOL_HEADERS, PROTOCOL_TIPS):
            item = self.trial_table.horizontalHeaderItem(TRIAL_HEADERS.index(name))
            if item is not None:
                item.setToolTip(wrapped_tip(translate("Study", tip)))
        fg, bg = palette_colors(self)
        self.plot = pg.PlotWidget(background=bg)
        self.plot.setLabel("bottom", translate("Study", "trial"))
        self.plot.setLabel("left", translate("Study", "value"))
        style_plot(self.plot.getPlotItem(), fg)
        for axis in ("left", "bottom"):  # an evals value in [0, 1] is not "x0.001" units
            self.plot.getAxis(axis).enableAutoSIPrefix(False)
        self.points = pg.ScatterPlotItem(
            size=7, brush=pg.mkBrush(COLORS["blue"]), pen=pg.mkPen(None)
        )
        self.best_line = self.plot.plot(pen=pg.mkPen(COLORS["green"], width=2), stepMode=None)
        self.plot.addItem(self.points)
        self.importance_label = QLabel(
            translate("Study", "Parameter importance: after two finished trials.")
        )
        self.importance_label.setWordWrap(True)
        self.protocol_label = QLabel("")
        self.protocol_label.setWordWrap(True)
        self.parallel = pg.PlotWidget(background=bg)
        self.parallel.setTitle(
            translate(
                "Study", "Each finished trial, scaled to its ranges (colour: value, dark = low)"
            ),
            size="9pt",
        )
        self.parallel.getPlotItem().hideAxis("left")
        self.parallel.setMouseEnabled(x=False, y=False)
        style_plot(self.parallel.getPlotItem(), fg)
        self.parallel_lines: list = []
        # Each plot can be read as a table (accessibility; gui.plot_table).
        self._records: list[dict] = []
        self.plot_stack = PlotOrTable(
            self.plot,
            [translate("Study", h) for h in (*BEST_HEADERS, *PROTOCOL_HEADERS)],
            self._best_columns,
            translate("Study", "Best so far"),
        )
        # Its text columns (first pass, pass rate) are read whole, not squeezed to the tab.
        best_header = self.plot_stack.table.horizontalHeader()
        best_header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        best_header.setStretchLastSection(True)
        self.parallel_stack = PlotOrTable(
            self.parallel,
            [],
            self._parallel_columns,
            translate("Study", "Parallel coordinates"),
        )
        self.tabs = QTabWidget()
        self.tabs.addTab(self.plot_stack, translate("Study", "Best so far"))
        self.tabs.addTab(self.parallel_stack, translate("Study", "Parallel coordinates"))
        corner = QWidget()
        table_buttons = QHBoxLayout(corner)
        table_buttons.setContentsMargins(0, 0, 0, 2)
        table_buttons.addWidget(self.plot_stack.toggle)
        table_buttons.addWidget(self.parallel_stack.toggle)
        self.parallel_stack.toggle.hide()
        self.tabs.setCornerWidget(corner)
        self.tabs.currentChanged.connect(self._show_table_toggle)
        right = QVBoxLayout()
        right.addWidget(self.tabs, 1)
        right.addWidget(self.protocol_label)
        right.addWidget(self.importance_label)
        right_widget = QWidget()
        right_widget.setLayout(right)
        bottom = QSplitter(Qt.Orientation.Horizontal)
        bottom.addWidget(self.trial_table)
        bottom.addWidget(right_widget)
        bottom.setSizes([700, 400])
        trial_buttons = QHBoxLayout()
        trial_buttons.addWidget(self.open_trial_button)
        trial_buttons.addWidget(self.preset_button)
        trial_buttons.addStretch(1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(top_widget)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(bottom, 1)
        lower_layout.addLayout(trial_buttons)
        splitter.addWidget(lower)
        splitter.setSizes([370, 430])
        self._start_text = translate(
            "Study", "Choose a range or choices for the settings to search, then Start."
        )
        self._objective_shown: str | None = None  # the objective's problem the status shows
        self.status = QLabel(self._start_text)
        self.status.setWordWrap(True)
        # selectable: it shows the line that lets another machine join the study
        self.status.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.status)

    def _add_space_row(self, name: str, f) -> None:
        row = self.space_table.rowCount()
        self.space_table.insertRow(row)
        label = QTableWidgetItem(config_text(f.metadata.get("label") or name))
        label.setToolTip(name)
        label.setFlags(label.flags() & ~Qt.ItemFlag.ItemIsEditable)
        self.space_table.setItem(row, 0, label)
        # The current value follows the main window's settings (what "fixed" trains with);
        # read-only here: an edit in this cell changed nothing (a new user's report).
        current = QTableWidgetItem("")
        current.setFlags(current.flags() & ~Qt.ItemFlag.ItemIsEditable)
        current.setToolTip(translate("Study", "Change it in the main window's settings."))
        self.space_table.setItem(row, 1, current)
        mode = QComboBox()
        kind = FIELD_TYPES[name]
        for key in MODES if kind in (int, float) else ("fixed", "choices"):
            mode.addItem(translate("Study", MODE_NAMES[key]), key)
        low, high, log = QLineEdit(), QLineEdit(), QCheckBox()
        choices = QLineEdit()
        choices.setPlaceholderText(
            translate("Study", "e.g. {0}").format(
                ", ".join(f.metadata["choices"]) if f.metadata["choices"] else "v1, v2"
            )
        )

        # What a mode uses is editable, the rest greyed ("fixed" trains with the current
        # value: a range typed beside it did nothing)
        def follow_mode(_=0, mode=mode, low=low, high=high, log=log, choices=choices) -> None:
            key = mode.currentData()
            for w in (low, high, log):
                w.setEnabled(key == "range")
            choices.setEnabled(key == "choices")

        mode.currentIndexChanged.connect(follow_mode)
        follow_mode()
        lim = f.metadata
        if lim["low"] is not None:
            low.setToolTip(translate("Study", "at least {0}").format(value_text(lim["low"])))
            high.setToolTip(translate("Study", "at most {0}").format(value_text(lim["high"])))
        widgets: tuple[tuple[int, QWidget], ...] = (
            (2, mode),
            (3, low),
            (4, high),
            (5, log),
            (6, choices),
        )
        for col, widget in widgets:
            self.space_table.setCellWidget(row, col, widget)
        self.rows[name] = dict(row=row, mode=mode, low=low, high=high, log=log, choices=choices)

    def set_config(self, config: Config) -> None:
        """Start from ``config`` (the main window's current settings)."""
        self.config = config
        for name, w in self.rows.items():
            value = getattr(config, name)
            current = self.space_table.item(w["row"], 1)
            if current is not None:  # shown in the interface's way (the edits take core's)
                current.setText(_shown_value(value))
            if FIELD_TYPES[name] not in (int, float):
                continue  # a setting without a range leaves its (disabled) ends empty
            if w["mode"].currentData() == "fixed" or not w["low"].text():
                w["low"].setText(value_text(value))  # a decimal comma in German
                w["high"].setText(value_text(value))
        if self._built:
            self._objective_changed()

    def follow_config(self, config: Config) -> None:
        """The main window's settings changed: new studies start from them (a study opened
        from its storage keeps showing its own)."""
        if not self._opened:
            self.set_config(config)

    # -- the objective ----------------------------------------------------------------------
    def objective(self) -> str:
        """The chosen objective (core.study.OBJECTIVES)."""
        return self.objective_combo.currentData()

    def objective_problem(self) -> str | None:
        """Why the chosen objective cannot measure the current settings, or None."""
        if self.objective() not in EVAL_OBJECTIVES:
            return None
        if self.config.eval_every <= 0:
            return translate(
                "Study",
                "The objective “{0}” needs periodic evaluations: set “{1}” above 0 in the main "
                "window's settings (it is 0 now), or choose the final-policy objective.",
            ).format(
                translate("Study", OBJECTIVE_NAMES[self.objective()]), field_label("eval_every")
            )
        try:
            check_objective(self.objective(), self.config)
        except StudyError as exc:  # e.g. an environment without a reward threshold
            return error_text(exc)
        return None

    def _objective_changed(self) -> None:
        """Show what the chosen objective measures; a problem goes to the status line in
        full (red) and, short, under the buttons, before anything starts."""
        evals = self.objective() in EVAL_OBJECTIVES
        self.eval_spin.setEnabled(not evals)  # both skip the final evaluation
        self.objective_hint.setVisible(evals)
        problem = self.objective_problem()
        if self._objective_shown is not None and self.status.text() == self._objective_shown:
            self._set_status(self._start_text)  # the problem is gone (or another objective)
        self._objective_shown = problem
        if problem is not None:
            self._set_status(problem, error=True)
        if not evals:
            return
        if problem is None:
            hint = translate(
                "Study",
                "Every {0} environment steps, {1} greedy episodes (the final evaluation is "
                "skipped).",
            ).format(number(self.config.eval_every), number(self.config.eval_episodes))
        elif self.config.eval_every <= 0:
            hint = translate("Study", "Needs “{0}” above 0 (main window's settings).").format(
                field_label("eval_every")
            )
        else:
            hint = problem
        self.objective_hint.setText(hint)
        self.objective_hint.setToolTip(
            wrapped_tip(problem or translate("Study", OBJECTIVE_TIPS[self.objective()]))
        )
        self.objective_hint.setStyleSheet(f"color: {COLORS['red']};" if problem else "")

    # -- the plan -------------------------------------------------------------------------
    def set_mode(
        self,
        name: str,
        mode: str,
        low=None,
        high=None,
        log: bool = False,
        choices: list | None = None,
    ) -> None:
        """Set one setting's row as a user would (used by tests and 'open study')."""
        w = self.rows[name]
        w["mode"].setCurrentIndex(w["mode"].findData(mode))
        if low is not None:
            w["low"].setText(str(low))
        if high is not None:
            w["high"].setText(str(high))
        w["log"].setChecked(bool(log))
        if choices is not None:
            w["choices"].setText(", ".join(str(c) for c in choices))

    def search_space(self) -> dict[str, Param]:
        """The rows as a validated search space (:class:`StudyError` names the problem)."""
        space = {}
        for name, w in self.rows.items():
            mode = w["mode"].currentData()
            if mode == "range":
                space[name] = make_param(
                    name,
                    low=_range_value(w["low"].text()),
                    high=_range_value(w["high"].text()),
                    log=w["log"].isChecked(),
                )
            elif mode == "choices":
                values = [v.strip() for v in w["choices"].text().split(",") if v.strip()]
                if not values:
                    raise StudyError(
                        translate("Study", "Give the choices of {0}, separated by commas.").format(
                            field_label(name)
                        )
                    )
                space[name] = make_param(name, choices=values)
        if not space:
            raise StudyError(
                translate("Study", "Choose a range or choices for at least one setting.")
            )
        return space

    def plan(self) -> StudySettings:
        problem = self.objective_problem()
        if problem is not None:
            raise StudyError(problem)
        space = self.search_space()
        make_sampler(self.sampler_combo.currentText(), space)
        base = self.config
        seeds = tuple(base.seed + i for i in range(self.seeds_spin.value()))
        return StudySettings(
            "tune",
            base,
            space,
            seeds,
            self.eval_spin.value(),
            EVAL_SEED,
            self.sampler_combo.currentText(),
            self.pruner_combo.currentText(),
            objective=self.objective(),
        )

    def _storage_text(self, name: str) -> str:
        text = self.storage_edit.text().strip()
        return text or default_storage(name, self.storage_dir or _studies_folder())

    # -- starting, opening, stopping ------------------------------------------------------
    def start(self) -> None:
        """Create or continue the study and start the local workers on it."""
        try:
            name = self.name_edit.text().strip()
            settings = self.plan()
            storage_text = self._storage_text(name)
            study, settings = create_or_load(open_storage(storage_text), name, settings)
        except (StudyError, ConfigError) as exc:
            self._set_status(error_text(exc), error=True)
            return
        self._attach(study, settings, storage_text)
        trials = self.trials_spin.value()
        if trials:
            target = max(pending_count(study) + trials, int(study.user_attrs.get(TARGET_ATTR, 0)))
            study.set_user_attr(TARGET_ATTR, target)
            for n in shares(trials, self.workers_spin.value()):
                self.processes.append(spawn_worker(storage_text, name, n, quiet=True, nice=5))
        self._set_status(
            translate(
                "Study",
                "Study {0}: {1} trial(s) on {2} local worker(s); storage {3}. More workers "
                "can join from a terminal (on another machine, with its own Python) with: {4}",
            ).format(
                name,
                number(trials),
                len(self.processes),
                storage_text,
                # This Python and the installed package: the line works from any folder
                # ("python main.py" needed the project folder and its venv). Quoted for the
                # shell: a folder may have spaces; the line is pasted.
                shell_line(
                    [
                        sys.executable,
                        "-m",
                        "dqn_lab",
                        "worker",
                        "--storage",
                        storage_text,
                        "--study",
                        name,
                    ]
                ),
            )
        )
        self.refresh()

    def open_study(self, storage_text: str, name: str) -> bool:
        """Show an existing study (its own settings); True when it could be read."""
        try:
            study, settings = create_or_load(open_storage(storage_text, create=False), name, None)
        except (StudyError, ConfigError) as exc:
            self._set_status(error_text(exc), error=True)
            return False
        if settings.kind != "tune":
            self._set_status(
                translate("Study", "Study {0} is a comparison; open it in Compare runs.").format(
                    name
                ),
                error=True,
            )
            return False
        self.name_edit.setText(name)
        self.storage_edit.setText(storage_text)
        self.set_config(settings.base)
        for row_name, _w in self.rows.items():
            p = settings.space.get(row_name)
            if p is None:
                self.set_mode(row_name, "fixed")
            elif p.kind == "categorical":
                self.set_mode(row_name, "choices", choices=list(p.choices))
            else:
                self.set_mode(row_name, "range", p.low, p.high, p.log)
        self.seeds_spin.setValue(len(settings.seeds))
        self.eval_spin.setValue(settings.eval_episodes)
        self.sampler_combo.setCurrentText(settings.sampler)
        self.pruner_combo.setCurrentText(settings.pruner)
        self.objective_combo.setCurrentIndex(self.objective_combo.findData(settings.objective))
        self._opened = True
        self._attach(study, settings, storage_text)
        n = len(study.trials)
        opened = (
            translate("Study", "Opened study {0} (1 trial).")
            if n == 1
            else translate("Study", "Opened study {0} ({1} trials).")
        )
        self._set_status(opened.format(name, number(n)))
        self.refresh()
        return True

    def open_study_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            translate("Study", "Open a study file"),
            self.storage_dir or _studies_folder(),
            translate("Study", "Study journals (*.journal)"),
        )
        if path:
            self.open_study(path, os.path.splitext(os.path.basename(path))[0])

    def _attach(self, study, settings: StudySettings, storage_text: str) -> None:
        self.study, self.settings, self.storage_text = study, settings, storage_text
        self._shown, self._importance_for = (), -1
        self.plot.setTitle(
            translate("Study", "Trial values (dots) and best so far (line)"), size="9pt"
        )
        b = settings.base
        if settings.objective == "passes":
            value = translate(
                "Study",
                "Value of a trial: mean over its {0} seed(s) of the share of its evaluations "
                "(every {1} environment steps {2} greedy episodes) whose mean reaches the "
                "threshold (1 = solved from the first evaluation on).",
            ).format(len(settings.seeds), number(b.eval_every), number(b.eval_episodes))
        elif settings.objective == "evals":
            value = translate(
                "Study",
                "Value of a trial: mean over its {0} seed(s) of the area under the evaluation "
                "curve: every {1} environment steps {2} greedy episodes, each evaluation's mean "
                "/ threshold capped at 1, averaged over the run (1 = solved from the first "
                "evaluation on).",
            ).format(len(settings.seeds), number(b.eval_every), number(b.eval_episodes))
        else:
            value = translate(
                "Study", "Value of a trial: mean over its {0} seed(s) of the {1}."
            ).format(
                len(settings.seeds), protocol_label(settings.eval_episodes, settings.eval_seed)
            )
        objective = translate("Study", OBJECTIVE_NAMES[settings.objective])
        self.protocol_label.setText(
            translate("Study", "Objective: {0}.").format(objective) + " " + value
        )
        self.timer.start()

    def stop_workers(self) -> None:
        """Stop this window's local workers; their running trials are failed and queued
        again at once (they showed "running" until another worker found them stale)."""
        stopped = len([p for p in self.processes if p.poll() is None])
        self._end_processes()
        if self.study is None or not stopped:
            return
        try:
            requeued = recover_stale_trials(self.study)
        except Exception as exc:  # noqa: BLE001 - a storage gone away: say it, keep the window
            self._set_status(
                translate("Study", "Cannot read the study: {0}").format(error_text(exc)),
                error=True,
            )
            return
        self._set_status(
            translate(
                "Study", "Stopped {0} local worker(s); {1} running trial(s) queued again."
            ).format(stopped, len(requeued))
        )
        self.refresh()

    def _end_processes(self) -> None:
        for p in self.processes:
            if p.poll() is None:
                p.terminate()
        for p in self.processes:
            try:
                p.wait(timeout=5)
            except Exception:  # noqa: BLE001 - a worker that ignores SIGTERM is killed
                p.kill()
                p.wait(timeout=5)
        self.processes = []

    @property
    def busy(self) -> bool:
        return any(p.poll() is None for p in self.processes)

    def shutdown(self) -> None:
        """Stop the polling and the local workers; their running trials are queued again."""
        self.timer.stop()
        stopped = self.busy
        self._end_processes()
        if stopped and self.study is not None:
            try:
                recover_stale_trials(self.study)
            except Exception:  # noqa: BLE001 - closing: the next worker or window recovers them
                pass

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt name
        if not self.close_allowed(event):
            return
        self.shutdown()
        super().closeEvent(event)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt name
        # Opened again: the trials as the storage has them now (closed mid-study, the
        # table had kept "running" for trials whose workers it had stopped).
        self.refresh()
        super().showEvent(event)

    # -- reading the study ----------------------------------------------------------------
    def refresh(self) -> None:
        """Read the trials from the storage and update the table, plot and importance."""
        if self.study is None:
            return
        try:
            trials = self.study.get_trials(deepcopy=False)
        except Exception as exc:  # noqa: BLE001 - a storage gone away: say it, keep the window
            self._set_status(
                translate("Study", "Cannot read the study: {0}").format(error_text(exc)),
                error=True,
            )
            return
        records = [trial_record(t) for t in trials]
        key = tuple((r["number"], r["state"], len(r["seeds"]), r["value"]) for r in records)
        if key != self._shown:
            self._shown = key
            self._records = records
            self._fill_table(records)
            self._draw(records)
            self._draw_parallel(records)
            self.plot_stack.refresh()
            self.parallel_stack.model.headers = self._parallel_headers()
            self.parallel_stack.refresh()
        done = sum(r["state"] == "COMPLETE" for r in records)
        if done != self._importance_for:
            self._importance_for = done
            self._show_importance()
        self.processes = [p for p in self.processes if p.poll() is None] or []
        if not self.busy and not any(r["state"] in ("RUNNING", "WAITING") for r in records):
            best = best_trial(self.study)
            if best is not None and self.status.styleSheet() == "":
                self._set_status(
                    translate("Study", "{0} trials; best: trial {1}, value {2} with {3}.").format(
                        len(records),
                        best.number,
                        decimal(best.value, self._digits()),
                        dict(best.params),
                    )
                )

    def _fill_table(self, records: list[dict]) -> None:
        selected = self.selected_trial_number()
        self.trial_table.setRowCount(len(records))
        for row, r in enumerate(records):
            stats = r["stats"] or {}
            d = self._digits()
            value = "—" if r["value"] is None else decimal(r["value"], d)
            if stats.get("ci_low") is not None and len(r["seeds"]) > 1:
                value = translate("Study", "{0} [{1}, {2}]").format(  # value [CI low, high]
                    value, decimal(stats["ci_low"], d), decimal(stats["ci_high"], d)
                )
            params = ", ".join(
                f"{k}={v:.4g}" if isinstance(v, float) else f"{k}={v}"
                for k, v in r["params"].items()
            )
            note = r["error"] or (
                translate("Study", "retry of trial {0}").format(r["retry_of"])
                if r["retry_of"] is not None
                else ""
            )
            state = r["state"]
            if state == "FAIL" and note in REQUEUED_NOTES:  # stopped, not failed: said so
                state, note = "STOPPED", translate("Study", "its worker stopped; queued again")
            seeds_total = len(self.settings.seeds) if self.settings else 0
            cells = (
                str(r["number"]),
                translate("Study", STATE_NAMES[state]) if state in STATE_NAMES else state.lower(),
                value,
                f"{len(r['seeds'])}/{seeds_total}",
                first_pass_text(r),
                pass_rate_text(r),
                params,
                note,
            )
            for col, text in enumerate(cells):
                item = self.trial_table.item(row, col)
                if item is None:
                    item = QTableWidgetItem()
                    self.trial_table.setItem(row, col, item)
                if item.text() != text:
                    item.setText(text)
                    item.setToolTip(text)
        if selected is not None and selected < len(records):
            self.trial_table.selectRow(selected)

    def _digits(self) -> int:
        """Decimals of a trial's value: an evals or passes value is a share in [0, 1], a final
        one a score."""
        return 3 if self.settings is not None and self.settings.objective in EVAL_OBJECTIVES else 1

    def _draw(self, records: list[dict]) -> None:
        done = [
            (r["number"], r["value"])
            for r in records
            if r["state"] == "COMPLETE" and r["value"] is not None
        ]
        if not done:
            self.points.setData([], [])
            self.best_line.setData([], [])
            return
        x = [n for n, _ in done]
        y = [v for _, v in done]
        best, run = [], -math.inf
        for v in y:
            run = max(run, v)
            best.append(run)
        self.points.setData(x, y)
        self.best_line.setData(x, best)

    def _draw_parallel(self, records: list[dict]) -> None:
        """One polyline per finished trial over its parameters (scaled 0..1; log ranges on a
        log scale; choices by position) and, last, its value."""
        for item in self.parallel_lines:
            self.parallel.removeItem(item)
        self.parallel_lines = []
        space = list(self.settings.space.values()) if self.settings else []
        done = [r for r in records if r["state"] == "COMPLETE" and r["value"] is not None]
        if not space or not done:
            return
        values = [r["value"] for r in done]
        lo, hi = min(values), max(values)
        axis = self.parallel.getPlotItem().getAxis("bottom")
        axis.setTicks(
            [
                [(i, p.name) for i, p in enumerate(space)]
                + [(len(space), translate("Study", "value"))]
            ]
        )
        self.parallel.setXRange(-0.4, len(space) + 0.4, padding=0)
        self.parallel.setYRange(-0.05, 1.05, padding=0)
        cmap = pg.colormap.get("viridis")
        for r in done:
            ys = [_unit(p, r["params"].get(p.name)) for p in space]
            ys.append((r["value"] - lo) / (hi - lo) if hi > lo else 0.5)
            color = cmap.map(ys[-1], mode="qcolor")
            item = self.parallel.plot(list(range(len(ys))), ys, pen=pg.mkPen(color, width=2))
            self.parallel_lines.append(item)

    # -- the plots as tables ---------------------------------------------------------------
    def _show_table_toggle(self, index: int) -> None:
        self.plot_stack.toggle.setVisible(index == 0)
        self.parallel_stack.toggle.setVisible(index == 1)

    def _finished(self) -> list[dict]:
        return [r for r in self._records if r["state"] == "COMPLETE" and r["value"] is not None]

    def _best_columns(self) -> list[np.ndarray]:
        """Trial, value and best so far: the points and the line of the "Best so far" plot;
        then each trial's first pass and pass rate after, as the trial table shows them."""
        done = self._finished()
        values = np.array([r["value"] for r in done], dtype=float)
        return [
            np.array([r["number"] for r in done], dtype=float),
            values,
            np.maximum.accumulate(values) if len(values) else values,
            np.array([first_pass_text(r) for r in done], dtype=object),
            np.array([pass_rate_text(r) for r in done], dtype=object),
        ]

    def _parallel_headers(self) -> list[str]:
        space = list(self.settings.space) if self.settings else []
        return [translate("Study", "Trial"), *space, translate("Study", "value")]

    def _parallel_columns(self) -> list[np.ndarray]:
        """Trial, each searched setting's value and the trial's value: the parallel
        coordinates' lines in the settings' own units (choices as text)."""
        self.parallel_stack.model.headers = self._parallel_headers()
        done = self._finished()
        space = list(self.settings.space) if self.settings else []
        columns = [np.array([r["number"] for r in done], dtype=float)]
        for name in space:
            values = [r["params"].get(name) for r in done]
            numeric = all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values)
            columns.append(
                np.array(values, dtype=float)
                if numeric
                else np.array(["" if v is None else str(v) for v in values], dtype=object)
            )
        columns.append(np.array([r["value"] for r in done], dtype=float))
        return columns

    def _show_importance(self) -> None:
        values = importance(self.study)
        if not values:
            self.importance_label.setText(
                translate(
                    "Study",
                    "Parameter importance (optuna.importance): after two finished trials with "
                    "different values.",
                )
            )
            return
        self.importance_label.setText(
            translate("Study", "Parameter importance (optuna.importance): {0}").format(
                ", ".join(f"{k} {decimal(v, 2)}" for k, v in values.items())
            )
        )

    # -- trial actions --------------------------------------------------------------------
    def selected_trial_number(self) -> int | None:
        rows = self.trial_table.selectionModel().selectedRows()
        if not rows:
            return None
        item = self.trial_table.item(rows[0].row(), 0)
        return int(item.text()) if item is not None else None

    def open_selected_trial(self) -> Config | None:
        """Emit the selected trial's settings (or the best trial's) as a Config."""
        if self.study is None:
            self._set_status(translate("Study", "Start or open a study first."), error=True)
            return None
        number = self.selected_trial_number()
        trial = best_trial(self.study) if number is None else self.study.trials[number]
        if trial is None or not trial.params:
            self._set_status(translate("Study", "Select a trial with parameters."), error=True)
            return None
        try:
            config = trial_config(self.settings, trial)
        except StudyError as exc:
            self._set_status(error_text(exc), error=True)
            return None
        self.open_trial.emit(config)
        self._set_status(
            translate("Study", "Opened trial {0}'s settings as a run.").format(trial.number)
        )
        return config

    def save_best_as_preset(self, name: str, folder=None) -> str | None:
        from dqn_lab.core.presets import save_user_preset

        best = best_trial(self.study) if self.study is not None else None
        if best is None:
            self._set_status(translate("Study", "The study has no finished trial yet."), error=True)
            return None
        try:
            path = save_user_preset(
                name,
                trial_config(self.settings, best),
                f"Best trial {best.number} of study {self.study.study_name} (value "
                f"{best.value:.{self._digits()}f}; {self.settings.protocol()}).",
                folder=folder,
            )
        except (ConfigError, StudyError, OSError) as exc:
            self._set_status(error_text(exc), error=True)
            return None
        self.preset_saved.emit(str(path))
        self._set_status(
            translate("Study", "Saved the best trial as preset {0} ({1}).").format(name, path)
        )
        return str(path)

    def save_preset_dialog(self) -> None:
        dialog = QInputDialog(self)
        dialog.setWindowTitle(translate("Study", "Save best as preset"))
        dialog.setLabelText(translate("Study", "Preset name:"))
        if self.study is not None:  # a name to start from: the study's
            dialog.setTextValue(f"{self.study.study_name}-best")
        # wide enough for its title (a window manager cut it to "Save b…")
        dialog.resize(max(dialog.sizeHint().width(), 420), dialog.sizeHint().height())
        if dialog.exec() and dialog.textValue().strip():
            self.save_best_as_preset(dialog.textValue().strip())

    def _set_status(self, text: str, error: bool = False) -> None:
        self.status.setText(text)
        self.status.setStyleSheet(f"color: {COLORS['red']};" if error else "")


def _unit(p: Param, value) -> float:
    """A parameter's value placed on 0..1 within its range or list of choices."""
    if value is None:
        return 0.5
    if p.kind == "categorical":
        return p.choices.index(value) / max(1, len(p.choices) - 1) if value in p.choices else 0.5
    low, high = float(p.low or 0.0), float(p.high or 1.0)
    if p.log:
        return (math.log(value) - math.log(low)) / (math.log(high) - math.log(low))
    return (value - low) / (high - low)


def shell_line(args: list[str]) -> str:
    """``args`` as one command line to paste into this system's shell."""
    return subprocess.list2cmdline(args) if os.name == "nt" else shlex.join(args)


def _studies_folder() -> str:
    from dqn_lab.gui.compare_view import studies_folder

    return studies_folder()


def _button(text: str, slot) -> QPushButton:
    button = QPushButton(text)
    button.clicked.connect(slot)
    return button


def _spin(low: int, high: int, value: int, tip: str) -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(low, high)
    spin.setValue(value)
    spin.setToolTip(wrapped_tip(tip))
    return spin

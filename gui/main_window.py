"""The main window: docks for every panel, run controls, and what reaches the panels.

The window owns at most one :class:`TrainingSession` (worker + thread + control). Its
worker's signals (routed by :class:`gui.run_signals.RunSignals`), evaluations and opened
files only store data in the panels; a single ~30 Hz ``QTimer`` redraws the status line
and lets each visible panel redraw at its cadence (``dock_layout.REFRESH_INTERVAL_MS``).
Nothing here imports TensorFlow: the worker builds the agent on its own thread, so the
window shows at once.
"""

from __future__ import annotations

import sys
import time
import traceback
from pathlib import Path
from typing import Any, Callable

from PySide6.QtCore import QSettings, Qt, QTimer, Slot
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QDockWidget, QMainWindow, QMessageBox, QWidget

from core.config import Config, ConfigError
from core.environment import env_info
from gui import app_state
from gui.dock_layout import (default_sizes, hint_toolbar, load_panels, make_dock, place_docks,
                             refresh_interval_s)
from gui.file_actions import FileActions
from gui.idle_evaluation import IdleEvaluation
from gui.preset_actions import PresetActions, load_presets
from gui.run_controls import RunControls
from gui.run_signals import RunSignals
from gui.settings_panel import SettingsPanel
from gui.status import RunStatus
from gui.worker import TrainingSession

REFRESH_MS = 33
SLOW_PANEL_S = 0.1    # panels redrawn this rarely or rarer take turns (one per tick)
HINT = ("Press <b>Start</b> (Ctrl+R) to train the notebook's DQN on CartPole-v0 with its exact "
        "settings. Tune the sliders on the left (live ones also during a run), Space pauses, "
        "Esc stops, Ctrl+E evaluates the greedy policy.")


class MainWindow(QMainWindow):
    """DQN Lab's window; ``trainer_factory`` lets tests replace the core Trainer.

    Without a ``config`` it shows the settings of the last session (or the seed's);
    ``preset_dir`` is the folder of the user's presets (default: the config folder).
    """

    def __init__(self, config: Config | None = None, settings: QSettings | None = None,
                 trainer_factory: Callable | None = None,
                 preset_dir: Path | None = None) -> None:
        super().__init__()
        self.resize(1400, 900)
        self.qsettings = settings or QSettings()
        self.trainer_factory = trainer_factory
        self.presets, builtin, preset_errors = load_presets(preset_dir)
        start_config, preset_name, note = (
            app_state.load_last_config(self.qsettings, self.presets) if config is None
            else (config, "custom", None))
        self.session: TrainingSession | None = None
        self.summary: dict | None = None
        self.info = None
        self.run_config: Config | None = None    # the config of the current/last run
        self.last_snapshot: dict | None = None
        self.changes: list = []                  # SettingsChanged events of the current run
        self.error_box: QMessageBox | None = None
        self.idle_eval = IdleEvaluation(self)    # evaluations when no run is active
        self.run_signals = RunSignals(self)      # the current run's worker -> panels
        self._panel_errors: set[str] = set()
        self._next_refresh: dict[QWidget, float] = {}

        self.settings_panel = SettingsPanel(self.presets.get(preset_name, start_config),
                                            preset_name)
        if start_config != self.settings_panel.config:
            self.settings_panel.set_config(start_config)
        self.settings_panel.live_change.connect(self._send_live_change)
        self.settings_panel.config_changed.connect(self._config_changed)
        self.panels, problems = load_panels()
        self.status = RunStatus()
        self.statusBar().addPermanentWidget(self.status)   # messages use the left
        self.controls = c = RunControls(self, self.settings_panel, self.presets, self.qsettings)
        for action, slot in ((c.start_action, self.start), (c.pause_action, self.toggle_pause),
                             (c.stop_action, self.stop), (c.reset_action, self.reset),
                             (c.eval_action, self.evaluate)):
            action.triggered.connect(slot)
        self.files = FileActions(self, self.qsettings)
        c.quit_action.triggered.connect(self.files.quit)
        self.preset_ui = PresetActions(self, builtin, preset_errors, preset_dir)
        self._build_docks()
        self._build_hint()
        self._update_actions()
        for message in problems:
            print(f"dqn-lab: panel not loaded: {message}", file=sys.stderr)
            self.statusBar().showMessage(f"A panel could not be loaded: {message}", 10_000)
        if note:
            self.statusBar().showMessage(note, 20_000)
        for panel in self.panels:   # the viewport's own evaluations go onto the curves
            if hasattr(panel, "evaluated"):
                panel.evaluated.connect(self._on_viewport_evaluated)

        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self.refresh)
        self.timer.start()
        self._restore_layout()
        QTimer.singleShot(0, self.preview_architecture)   # after the window is up

    # -- construction -----------------------------------------------------------------------
    def _build_docks(self) -> None:
        self.setDockNestingEnabled(True)
        placeholder = QWidget()            # every view is a dock; the centre stays empty
        placeholder.setMaximumSize(0, 0)
        self.setCentralWidget(placeholder)
        menu = self.controls.view_menu
        self.settings_dock = make_dock(self, self.settings_panel, "Settings", menu)
        self.docks: dict[str, QDockWidget] = {
            type(p).__name__: make_dock(self, p, getattr(p, "title", ""), menu)
            for p in self.panels}
        menu.addSeparator()
        menu.addAction("Reset layout", self.reset_layout)
        place_docks(self, self.settings_dock, self.docks)
        self._layout_pending = True   # sizes are set once the window has its size

    def reset_layout(self) -> None:
        """Every dock back where it started, visible and docked."""
        for dock in (self.settings_dock, *self.docks.values()):
            dock.setFloating(False)
            dock.show()
        place_docks(self, self.settings_dock, self.docks)
        self._default_sizes()

    def _default_sizes(self) -> None:
        self._layout_pending = False
        default_sizes(self, self.settings_dock, self.docks)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt name
        super().showEvent(event)
        if self._layout_pending:
            QTimer.singleShot(0, self._default_sizes)

    def _build_hint(self) -> None:
        self.hint_bar = hint_toolbar(HINT, self._dismiss_hint)
        self.addToolBarBreak()
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.hint_bar)
        self.hint_bar.setVisible(not self.qsettings.value("hint_seen", False, type=bool))

    def _dismiss_hint(self) -> None:
        self.hint_bar.hide()
        self.qsettings.setValue("hint_seen", True)

    def _restore_layout(self) -> None:
        if app_state.restore_window(self.qsettings, self):
            self._layout_pending = False
        self.hint_bar.setVisible(not self.qsettings.value("hint_seen", False, type=bool))

    # -- settings -------------------------------------------------------------------------
    def choose_preset(self, name: str) -> None:
        self.controls.choose_preset(name)

    @Slot(object)
    def _config_changed(self, config: Config) -> None:
        if not (self.session is not None and self.session.running):
            self.status.set_total(config.episodes)
        if self.session is None:
            self.preview_architecture()
        self._update_actions()

    def preview_architecture(self) -> None:
        """Before a run: show the network the settings describe (no TensorFlow needed)."""
        config = self.settings_panel.config
        try:
            info = env_info(config.env_id)
        except ConfigError as exc:
            self.statusBar().showMessage(str(exc), 10_000)
            return
        for panel in self.panels:
            if hasattr(panel, "show_architecture"):
                panel.show_architecture(config, info)
            if hasattr(panel, "prepare_for"):        # build plots now, not at Start
                panel.prepare_for(config, info)

    @Slot(object)
    def _send_live_change(self, changes: dict) -> None:
        if self.session is not None and self.session.running:
            self.session.change(**changes)

    def _update_actions(self) -> None:
        running = self.session is not None and self.session.running
        self.controls.set_state(running, running and self.session.paused,
                                running or (self.last_snapshot is not None
                                            and not self.idle_eval.busy))

    # -- run control ------------------------------------------------------------------------
    def start(self) -> None:
        """Start a new run with the panel's settings (or resume a paused one)."""
        if self.session is not None and self.session.running:
            if self.session.paused:
                self.toggle_pause()
            return
        config = self.settings_panel.config
        factory = self.files.plan_start(config)   # a new run, or the opened one continued
        if factory is None:
            return
        self._end_session()
        self.session = session = TrainingSession(config, self, factory)
        self.run_signals.attach(session.worker)
        self.summary, self.changes = None, []
        self.status.reset(config, None)
        self.status.set_state("Loading TensorFlow and building the agent…")
        self.settings_panel.set_running(True)
        if self.hint_bar.isVisible():
            self._dismiss_hint()
        session.hold_until_shown()   # released by run_signals once the run is drawn
        session.start()
        self._update_actions()

    def toggle_pause(self) -> None:
        session = self.session
        if session is None or not session.running:
            return
        if session.paused:
            session.resume()
            self.status.set_state("Running")
        else:
            session.pause()
            self.status.set_state("Paused")
        self._update_actions()

    def stop(self) -> None:
        if self.session is not None and self.session.running:
            self.session.stop()
            self.status.set_state("Stopping…")

    def reset(self) -> None:
        """Stop any run and clear its data; the settings stay."""
        self._stop_evaluation()
        self._end_session()
        self.summary, self.last_snapshot, self.run_config, self.changes = None, None, None, []
        self.files.reset()
        config = self.settings_panel.config
        try:
            self.info = env_info(config.env_id)
        except ConfigError:
            self.info = None
        if self.info is not None:
            self._each("start_run", config, self.info)
            self.preview_architecture()
        self.status.reset(config, self.info)
        self.status.set_state("Ready")
        self._update_actions()

    def evaluate(self) -> None:
        """10 greedy episodes: on the worker during a run, else on a short-lived thread."""
        if self.session is not None and self.session.running:
            self.files.evaluate_run(self.session)
            self.statusBar().showMessage("Evaluating the greedy policy…", 3000)
            return
        snap = self.last_snapshot
        config = self.run_config or self.settings_panel.config
        if snap is not None and self.idle_eval.start(
                snap, config.max_steps, (self._on_evaluation, self.files.evaluated_after_run),
                self._on_error, self._update_actions):
            self.statusBar().showMessage("Evaluating the greedy policy…", 3000)
            self._update_actions()

    def _stop_evaluation(self) -> None:
        self.idle_eval.stop()

    def _end_session(self) -> None:
        if self.session is not None:
            self.session.shutdown()
            self.session.deleteLater()
            self.session = None
            self.settings_panel.set_running(False)

    # -- panels, evaluations and errors (GUI thread) ----------------------------------------
    def _each(self, method: str, *args: Any) -> None:
        """Call ``method`` on every panel."""
        for panel in self.panels:
            self._call(panel, method, *args)

    def _call(self, panel: QWidget, method: str, *args: Any) -> None:
        """A failing panel is reported once (stderr and status bar), never fatal."""
        try:
            getattr(panel, method)(*args)
        except Exception as exc:  # noqa: BLE001
            key = f"{type(panel).__name__}.{method}"
            if key not in self._panel_errors:
                self._panel_errors.add(key)
                traceback.print_exc()
                self.statusBar().showMessage(f"{key} failed: {exc}", 10_000)

    @Slot(object)
    def _on_evaluation(self, result: tuple) -> None:
        episode, scores = result
        self._each("set_evaluation", episode, scores)
        mean = sum(scores) / len(scores)
        self.statusBar().showMessage(f"Greedy evaluation after episode {episode}: mean "
                                     f"{mean:.1f} over {len(scores)} episodes", 15_000)

    @Slot(list)
    def _on_viewport_evaluated(self, scores: list) -> None:
        episode = (self.last_snapshot or {}).get("episode", self.status.episodes_done)
        for panel in self.panels:
            if panel is not self.sender():
                self._call(panel, "set_evaluation", episode, scores)

    @Slot(str, str)
    def _on_error(self, message: str, details: str) -> None:
        title = ("Evaluation failed" if message.startswith("Evaluation failed") else
                 "The run stopped with an error")
        self.show_error(title, message, details)

    def show_error(self, title: str, message: str, details: str = "") -> None:
        """A readable, non-blocking error dialog; the traceback goes under 'Show Details'."""
        box = QMessageBox(QMessageBox.Icon.Critical, title, message,
                          QMessageBox.StandardButton.Ok, self)
        if details:
            box.setDetailedText(details)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.error_box = box
        box.open()

    # -- redraw and shutdown ----------------------------------------------------------------
    @Slot()
    def refresh(self, force: bool = False) -> None:
        """The ~30 Hz tick: the status line, and each visible panel at its own cadence.

        The slow panels (redrawn every few hundred ms) take turns, one per tick: due at the
        same moment, their redraws (~5-30 ms each) would add up to one long stall.
        """
        now = time.monotonic()
        slow_drawn = False
        for panel in self.panels:
            due = 0.0 if force else self._next_refresh.get(panel, 0.0)
            # visibleRegion: a dock behind another tab is "visible" but moved off-screen.
            if now < due or not panel.isVisible() or panel.visibleRegion().isEmpty():
                continue
            interval = refresh_interval_s(panel)
            if interval >= SLOW_PANEL_S and not force:
                if slow_drawn:
                    continue        # still due: drawn at the next tick
                slow_drawn = True
            self._next_refresh[panel] = now + interval
            self._call(panel, "refresh")
        self.status.refresh()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt name
        # The user closed the window (Quit asks in files.quit; code closes without asking).
        if event.spontaneous() and not self.files.resolve_unsaved():
            event.ignore()
            return
        app_state.save_session(self.qsettings, self, self.settings_panel)
        self.hide()          # gone at once, even if the run needs a moment to stop
        self.timer.stop()
        self._stop_evaluation()
        self._end_session()
        for panel in self.panels:
            if hasattr(panel, "shutdown"):
                panel.shutdown()
        self.controls.shutdown()
        super().closeEvent(event)

"""The main window: docks for every panel, the menus and toolbar, and the redraw timer.

The window owns one :class:`dqn_lab.gui.run_model.RunModel` (the run on screen: its training
session, data and file) and binds the widgets to it: the panels subscribe to the model
through :class:`dqn_lab.gui.run_panel.RunPanel`, the status line and the actions follow the
model's signals, and the run actions call the model. A single ~30 Hz ``QTimer`` redraws the
status line and lets each visible panel redraw at its cadence
(``dock_layout.REFRESH_INTERVAL_MS``). Nothing here imports TensorFlow: the worker builds the
agent on its own thread, so the window shows at once.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP, QSettings, Qt, QTimer, Slot
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QDockWidget, QMainWindow, QMessageBox, QScrollArea, QWidget

from dqn_lab.core.config import Config
from dqn_lab.gui import app_state
from dqn_lab.gui.dock_layout import (
    FRAMED_MS,
    SideDockWidth,
    default_sizes,
    fit_to_screen,
    hint_toolbar,
    load_panels,
    make_dock,
    place_docks,
    refresh_interval_s,
)
from dqn_lab.gui.file_actions import FileActions
from dqn_lab.gui.i18n import translate
from dqn_lab.gui.population_plot import PopulationPlot
from dqn_lab.gui.preset_actions import PresetActions, load_presets
from dqn_lab.gui.run_controls import RunControls
from dqn_lab.gui.run_model import RunModel
from dqn_lab.gui.settings_panel import SettingsPanel
from dqn_lab.gui.status import RunStatus
from dqn_lab.gui.training_priority import add_priority_menu

REFRESH_MS = 33
SLOW_PANEL_S = 0.1  # panels redrawn this rarely or rarer take turns (one per tick)
PAINT_LATER_MS = 1  # a slow panel paints its new data after this timer (see _paint_later)
PAINT_HELD = "dqnlab_paint_held"  # the property marking a child _paint_later holds
HINT = QT_TRANSLATE_NOOP(
    "MainWindow",
    "Press <b>Start</b> (Ctrl+R) to train with the settings on the left (live ones also "
    "change a run). Space pauses, Esc stops, Ctrl+E evaluates the greedy policy.",
)


class MainWindow(QMainWindow):
    """DQN Lab's window; ``trainer_factory`` lets tests replace the core Trainer.

    Without a ``config`` it shows the settings of the last session (or the notebook's);
    ``preset_dir`` is the folder of the user's presets (default: the config folder).
    """

    def __init__(
        self,
        config: Config | None = None,
        settings: QSettings | None = None,
        trainer_factory: Callable | None = None,
        preset_dir: Path | None = None,
    ) -> None:
        super().__init__()
        self.resize(1400, 900)
        self.qsettings = settings or QSettings()
        self.presets, builtin, preset_errors = load_presets(preset_dir)
        start_config, preset_name, note = (
            app_state.load_last_config(self.qsettings, self.presets)
            if config is None
            else (config, "custom", None)
        )
        self.error_box: QMessageBox | None = None
        self.notice_box: QMessageBox | None = None
        self._next_refresh: dict[QWidget, float] = {}
        self._running_shown = False  # what the settings panel was last told

        self.settings_panel = SettingsPanel(
            self.presets.get(preset_name, start_config), preset_name
        )
        if start_config != self.settings_panel.config:
            self.settings_panel.set_config(start_config)
        self.panels, problems = load_panels()
        self.status = RunStatus()
        self.statusBar().addPermanentWidget(self.status)  # messages use the left
        self.model = model = RunModel(self.status, trainer_factory, self)
        for panel in self.panels:
            model.attach(panel)
        model.changed.connect(self.update_actions)
        model.state_changed.connect(self.status.set_state)
        model.message.connect(self.statusBar().showMessage)
        # A long message is cut at the window's edge: whole in the status bar's tooltip.
        self.statusBar().messageChanged.connect(self.statusBar().setToolTip)
        model.error.connect(self.show_error)
        model.notice.connect(self.show_notice)
        model.change_rejected.connect(self.settings_panel.show_rejection)
        model.run_ready.connect(lambda: self.refresh(force=True))
        self.settings_panel.live_change.connect(model.change)
        self.settings_panel.config_changed.connect(self._config_changed)

        self.controls = c = RunControls(self, self.settings_panel, self.presets, self.qsettings)
        add_priority_menu(
            c.view_menu, self.qsettings, lambda nice: setattr(model, "training_nice", nice)
        )
        for action, slot in (
            (c.start_action, self.start),
            (c.pause_action, self.toggle_pause),
            (c.stop_action, self.stop),
            (c.reset_action, self.reset),
            (c.eval_action, self.evaluate),
        ):
            action.triggered.connect(slot)
        # A population of seeds: its members on the score plot, the Member choice.
        # The learning curves' panel (None if it failed to load).
        self.plots_panel = next((p for p in self.panels if hasattr(p, "add_overlay")), None)
        self.population_plot = (
            PopulationPlot(self.plots_panel) if self.plots_panel is not None else None
        )
        if self.population_plot is not None:
            model.population_started.connect(self.population_plot.start)
            model.member_episodes.connect(self.population_plot.add)
        model.population_started.connect(c.set_members)
        model.member_selected.connect(c.show_member)
        c.member_chosen.connect(model.select_member)
        self.files = FileActions(self, model, c, self.qsettings)
        c.quit_action.triggered.connect(self.files.quit)
        self.preset_ui = PresetActions(self, builtin, preset_errors, preset_dir)
        self._build_docks()
        self.files.watch_drops([self, *self.panels, self.settings_panel])
        self._build_hint()
        self.update_actions()
        for message in problems:
            print(f"dqn-lab: panel not loaded: {message}", file=sys.stderr)
            self.statusBar().showMessage(
                translate("MainWindow", "A panel could not be loaded: {0}").format(message), 10_000
            )
        if note:
            self.statusBar().showMessage(note, 20_000)

        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self.refresh)
        self.timer.start()
        self._restore_layout()
        QTimer.singleShot(0, self.preview)  # after the window is up

    # -- construction -----------------------------------------------------------------------
    def _build_docks(self) -> None:
        self.setDockNestingEnabled(True)
        placeholder = QWidget()  # every view is a dock; the centre stays empty
        placeholder.setMaximumSize(0, 0)
        self.setCentralWidget(placeholder)
        menu = self.controls.view_menu
        self.settings_dock = make_dock(
            self, self.settings_panel, translate("Panels", "Settings"), menu
        )
        self.docks: dict[str, QDockWidget] = {
            type(p).__name__: make_dock(self, p, translate("Panels", p.title), menu)
            for p in self.panels
        }
        menu.addSeparator()
        menu.addAction(translate("MainWindow", "Reset layout"), self.reset_layout)
        place_docks(self, self.settings_dock, self.docks)
        self.settings_width = SideDockWidth(self, self.settings_dock)
        self._layout_pending = True  # sizes are set once the window has its size
        # Tab skips what shows no focus and takes no keys: the scroll areas (their fields
        # take the focus) and the plots (the mouse reads them; "Show as table" the keyboard).
        for view in (*self.findChildren(QScrollArea), *self.findChildren(pg.GraphicsView)):
            view.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    def reset_layout(self) -> None:
        """Every dock back where it started, visible and docked."""
        for dock in (self.settings_dock, *self.docks.values()):
            dock.setFloating(False)
            dock.show()
        place_docks(self, self.settings_dock, self.docks)
        self._default_sizes()

    def _default_sizes(self) -> None:
        self._layout_pending = False
        default_sizes(self, self.settings_width, self.docks)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt name
        super().showEvent(event)
        if self._layout_pending:
            QTimer.singleShot(0, self._default_sizes)
            # and again once the window manager has framed the window (its frame counts)
            QTimer.singleShot(FRAMED_MS, self, lambda: fit_to_screen(self))
        elif self.settings_width.target() is None:  # a restored layout: keep its width
            QTimer.singleShot(0, self.settings_width.keep_current)

    def _build_hint(self) -> None:
        self.hint_bar = hint_toolbar(translate("MainWindow", HINT), self._dismiss_hint)
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
        self.model.settings_changed(config)
        self.update_actions()

    def preview(self) -> None:
        """No run active: the panels preview the settings (no TensorFlow needed)."""
        if not self.model.running:
            self.model.preview(self.settings_panel.config)

    @Slot()
    def update_actions(self) -> None:
        model = self.model
        self.controls.set_state(model.running, model.paused, model.can_evaluate)
        if model.running != self._running_shown:
            self._running_shown = model.running
            self.settings_panel.set_running(model.running)
        if hasattr(self, "preset_ui"):  # built: a file being opened holds what conflicts
            self.files.hold_actions()

    # -- run control ------------------------------------------------------------------------
    def start(self) -> None:
        """Start a new run with the panel's settings (or resume a paused one).

        A run trained since its last save is not dropped without asking.
        """
        model = self.model
        if model.running:
            model.resume()
            return
        if self.settings_panel.has_rejected_edits:  # it would train with other values
            self.statusBar().showMessage(
                translate(
                    "MainWindow", "Correct the red settings (or Reset to preset) before Start."
                ),
                15_000,
            )
            return
        if not self.files.resolve_unsaved():
            return
        seeds = self.controls.seeds()
        log_folder = self.files.log_folder()  # several seeds: a subfolder per seed
        if model.start(self.settings_panel.config, log_folder, seeds) and self.hint_bar.isVisible():
            self._dismiss_hint()

    def toggle_pause(self) -> None:
        self.model.toggle_pause()

    def stop(self) -> None:
        self.model.stop()

    def reset(self) -> None:
        """Stop any run and clear its data (after asking about an unsaved one); the settings
        stay."""
        if not self.files.resolve_unsaved():
            return
        self.model.reset(self.settings_panel.config)

    def evaluate(self) -> None:
        """10 greedy episodes: on the worker during a run, else on a short-lived thread."""
        self.model.evaluate()

    # -- dialogs ------------------------------------------------------------------------------
    @Slot(str, str, str)
    def show_error(self, title: str, message: str, details: str = "") -> None:
        """A readable, non-blocking error dialog; the traceback goes under 'Show Details'."""
        self.error_box = self._box(QMessageBox.Icon.Critical, title, message, details)

    @Slot(str, str)
    def show_notice(self, title: str, text: str) -> None:
        """A non-blocking dialog for something the user must read (not an error)."""
        self.notice_box = self._box(QMessageBox.Icon.Information, title, text)

    def _box(self, icon: QMessageBox.Icon, title: str, text: str, details: str = "") -> QMessageBox:
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, self)
        if details:
            box.setDetailedText(details)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        return box

    # -- redraw and shutdown ----------------------------------------------------------------
    @Slot()
    def refresh(self, force: bool = False) -> None:
        """The ~30 Hz tick: the status line, and each visible panel at its own cadence.

        The slow panels (redrawn every few hundred ms) take turns, one per tick: due at the
        same moment, their redraws would add up to one long stall. While a run trains, a slow
        panel that has something new takes it with its painting held and paints it in a
        later turn of the event loop (``_paint_later``): together, the learning curves'
        update and their paint after an axis change held the window for 45-70 ms with a
        5-seed population training.
        """
        now = time.monotonic()
        slow_drawn = False
        for panel in self.panels:
            due = 0.0 if force else self._next_refresh.get(panel, 0.0)
            # visibleRegion: a dock behind another tab is "visible" but moved off-screen;
            # a panel whose painting is held (an opened run being shown) is drawn later.
            if (
                now < due
                or not panel.isVisible()
                or panel.visibleRegion().isEmpty()
                or not panel.updatesEnabled()
            ):
                continue
            interval = refresh_interval_s(panel)
            slow = interval >= SLOW_PANEL_S and not force
            if slow:
                if slow_drawn:
                    continue  # still due: drawn at the next tick
                slow_drawn = True
            self._next_refresh[panel] = now + interval
            # Held only while a run trains and the panel has something new: releasing the
            # hold repaints the panel's widgets whole.
            if slow and self.model.running and panel.has_news():
                self._paint_later(panel)
            self.model.call_view(panel, lambda p: p.refresh(), "refresh")
        self.status.refresh()

    def _paint_later(self, panel: QWidget) -> None:
        """Hold the painting of ``panel``'s widgets for this turn; they paint in a later one.

        Qt paints what a turn changed right after it, in the same pass of the event loop;
        released by a timer, the paint waits until the loop has seen the input and the
        timers that came due meanwhile. (A zero timer would not: Qt posts it as an event,
        handled before any of those.) The panel's own updates stay as they are, which an
        opened run being shown holds and releases by itself (``FileActions``): a child
        released while its panel is held paints when the panel does. Only the children
        held here are released (marked with a property, looked up again at the release),
        so a child the panel switched off itself stays off, and one deleted meanwhile is
        simply gone.
        """
        for child in self._direct_children(panel):
            if child.updatesEnabled():
                child.setUpdatesEnabled(False)
                child.setProperty(PAINT_HELD, True)
        QTimer.singleShot(PAINT_LATER_MS, panel, lambda: self._release_paint(panel))

    def _release_paint(self, panel: QWidget) -> None:
        for child in self._direct_children(panel):
            if child.property(PAINT_HELD):
                child.setProperty(PAINT_HELD, None)
                child.setUpdatesEnabled(True)

    @staticmethod
    def _direct_children(panel: QWidget) -> list[QWidget]:
        return panel.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly)

    def may_close(self) -> bool:
        """Ask before closing ends work: a comparison or study still running (their own
        questions), then an unsaved run; False when the user keeps something."""
        return self.controls.may_end_work() and self.files.resolve_unsaved()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt name
        # The user closed the window (Quit asks in files.quit; code, Ctrl+C in the terminal
        # included, closes without asking: an unsaved run is not saved).
        if event.spontaneous() and not self.may_close():
            event.ignore()
            return
        app_state.save_session(self.qsettings, self, self.settings_panel)
        self.hide()  # gone at once, even if the run needs a moment to stop
        self.timer.stop()
        self.files.shutdown()
        self.model.shutdown()
        for panel in self.panels:
            panel.shutdown()
        self.controls.shutdown()
        super().closeEvent(event)

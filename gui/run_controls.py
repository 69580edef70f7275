"""The main window's menus and toolbar: run actions, agent, environment, preset and seed.

Beside the seed, "Seeds" (1 = one run, as ever; N = seed, seed + 1, ... trained at once as one
population) and, while a population is on screen, "Member" (which seed the panels show and
Save writes). Neither is a setting of the run: they say how many runs of it to train.

The agent, environment, preset and seed controls are a second view of the settings panel's
config: they edit through the panel (one validation path) and are refreshed from its
``config_changed`` with signals blocked, so there are no feedback loops. The run actions
(Start, Pause, Stop, Reset, Evaluate) are created here and connected by the window; the
"Compare runs" window is opened (and shut down) from here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QEvent, QObject, QSettings, Qt, Signal, Slot
from PySide6.QtGui import QAction, QActionGroup, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QSpinBox,
    QToolBar,
    QWidget,
)

from dqn_lab.core.config import ENVIRONMENTS, FIELDS, Config
from dqn_lab.gui.about import AboutDialog
from dqn_lab.gui.compare_view import CompareView
from dqn_lab.gui.dock_layout import show_within_screen
from dqn_lab.gui.i18n import add_language_menu, choice_text, preset_text, translate
from dqn_lab.gui.labels import wrapped_tip
from dqn_lab.gui.settings_panel import SettingsPanel
from dqn_lab.gui.theme import add_theme_menu

AGENTS = {"naive": "Naive deep Q agent", "dqn": "DQN"}
MAX_SEEDS = 16  # a population's size in the window (the CLI takes any list)

W = TypeVar("W", bound=QWidget)


def agent_names() -> dict[str, str]:
    """AGENTS in the interface language."""
    return {"naive": translate("RunControls", "Naive deep Q agent"), "dqn": "DQN"}


def preset_tip() -> str:
    return translate("RunControls", "Load the settings of the preset '{}'")


class RunControls(QObject):
    """Builds the menu bar and toolbar of ``window``; see the module docstring."""

    member_chosen = Signal(int)  # the user chose a population member to show

    def __init__(
        self,
        window: QMainWindow,
        panel: SettingsPanel,
        presets: dict[str, Config],
        qsettings: QSettings | None = None,
    ) -> None:
        super().__init__(window)
        self.window, self.panel, self.presets = window, panel, presets
        a = self.make_action
        self.start_action = a(
            translate("RunControls", "Start"),
            "Ctrl+R",
            translate("RunControls", "Start a new run, or resume a paused one"),
        )
        self.pause_action = a(
            translate("RunControls", "Pause"),
            "Space",
            translate("RunControls", "Pause or resume the run"),
        )
        self.stop_action = a(
            translate("RunControls", "Stop"),
            "Esc",
            translate("RunControls", "Stop the run (its results stay)"),
        )
        self.reset_action = a(
            translate("RunControls", "Reset"),
            "Ctrl+Shift+R",
            translate("RunControls", "Stop and clear the run's data, ready for a new run"),
        )
        self.eval_action = a(
            translate("RunControls", "Evaluate"),
            "Ctrl+E",
            translate("RunControls", "Play 10 greedy episodes with the current policy"),
        )
        self.quit_action = a(
            translate("RunControls", "Quit"), "Ctrl+Q", translate("RunControls", "Close DQN Lab")
        )
        self.compare_action = a(
            translate("RunControls", "Compare runs…"),
            None,
            translate(
                "RunControls",
                "Naive vs DQN (or any settings) over several seeds, in background processes",
            ),
        )
        self.double_action = a(
            translate("RunControls", "Double DQN"),
            None,
            translate(
                "RunControls",
                "The online network chooses the next action, the target network "
                "values it (DQN only)",
            ),
            True,
        )
        self.dueling_action = a(
            translate("RunControls", "Dueling head"),
            None,
            translate("RunControls", "Split Q into a state value and action advantages"),
            True,
        )
        # The toolbar's button shows its short name (the menu the whole one), so the German
        # toolbar keeps Seeds in view at 1280 px.
        self.dueling_action.setIconText(translate("RunControls", "Dueling"))
        self.double_action.triggered.connect(lambda on: self.edit(double_dqn=on))
        self.dueling_action.triggered.connect(lambda on: self.edit(dueling=on))
        self.compare_window: QWidget | None = None
        self.compare_action.triggered.connect(self.open_compare)
        self.study_action = a(
            translate("RunControls", "Study (tune settings)…"),
            None,
            translate(
                "RunControls",
                "Search settings over several seeds with Optuna, in background processes",
            ),
        )
        self.study_window: QWidget | None = None
        self.study_action.triggered.connect(self.open_study)
        self.agent_actions = self._radio(
            agent_names(), self.choose_agent, translate("RunControls", "Train the {}")
        )
        self.env_actions = self._radio(
            {e: e for e in ENVIRONMENTS},
            lambda e: self.edit(env_id=e),
            translate("RunControls", "Train on {}"),
        )
        self.preset_actions = self._radio(
            {p: preset_text(p) for p in presets}, self.choose_preset, preset_tip()
        )
        self.run_actions = (
            self.start_action,
            self.pause_action,
            self.stop_action,
            self.reset_action,
            self.eval_action,
        )
        self._build_menus()
        self._add_extras(qsettings)
        self._build_toolbar()
        panel.config_changed.connect(self.sync)
        self.sync(panel.config)
        window.menuBar().installEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt name
        """Esc stops a run even when a menu was just closed with Esc.

        The menu bar keeps the keyboard focus then, and takes the next Esc for itself (to
        leave its keyboard mode) before any shortcut sees it. While a run can be stopped,
        it leaves that mode and the Stop shortcut gets the key.
        """
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and self.stop_action.isEnabled()
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Escape
            and event.modifiers() == Qt.KeyboardModifier.NoModifier
        ):
            menubar = self.window.menuBar()
            menubar.setActiveAction(None)
            menubar.clearFocus()
            return True  # not accepted: the shortcut map handles the key
        return super().eventFilter(obj, event)

    # -- construction -----------------------------------------------------------------------
    def make_action(
        self, text: str, shortcut: str | None, tip: str, checkable: bool = False
    ) -> QAction:
        """A window action with its shortcut, and a tooltip and status tip that say it."""
        action = QAction(text, self.window)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.setToolTip(wrapped_tip(f"{tip} ({shortcut})" if shortcut else tip))
        action.setStatusTip(tip)
        action.setCheckable(checkable)
        return action

    def _radio(
        self, items: dict[str, str], slot: Callable[[str], None], tip: str = "{}"
    ) -> dict[str, QAction]:
        group = QActionGroup(self)
        actions = {}
        for key, text in items.items():
            action = QAction(text, group)
            action.setCheckable(True)
            action.setToolTip(wrapped_tip(tip.format(text)))
            action.setStatusTip(tip.format(text))
            action.triggered.connect(lambda _=False, k=key: slot(k))
            actions[key] = action
        return actions

    def _build_menus(self) -> None:
        menu = self.window.menuBar()
        self.file_menu = menu.addMenu(translate("RunControls", "&File"))
        self.file_menu.addAction(self.quit_action)
        self.run_menu = menu.addMenu(translate("RunControls", "&Run"))
        self.run_menu.addActions(list(self.run_actions))
        self.run_menu.addSeparator()
        self.run_menu.addAction(self.compare_action)
        self.run_menu.addAction(self.study_action)
        agent_menu = menu.addMenu(translate("RunControls", "&Agent"))
        agent_menu.addActions(list(self.agent_actions.values()))
        agent_menu.addSeparator()
        agent_menu.addActions([self.double_action, self.dueling_action])
        menu.addMenu(translate("RunControls", "&Environment")).addActions(
            list(self.env_actions.values())
        )
        self.preset_menu = menu.addMenu(translate("RunControls", "&Preset"))
        self.preset_menu.addActions(list(self.preset_actions.values()))
        self.view_menu = menu.addMenu(translate("RunControls", "&View"))
        self.help_menu = menu.addMenu(translate("RunControls", "&Help"))

    def _add_extras(self, qsettings: QSettings | None) -> None:
        """The Theme submenu and the About dialog."""
        app = QApplication.instance()
        if app is not None:
            add_theme_menu(self.view_menu, app, qsettings)
            if qsettings is not None:
                add_language_menu(self.view_menu, qsettings, self.window)
            self.view_menu.addSeparator()
        action = self.help_menu.addAction(translate("RunControls", "About DQN Lab"))
        action.triggered.connect(lambda: AboutDialog(self.window).exec())

    def _build_toolbar(self) -> None:
        bar = self.toolbar = QToolBar(translate("RunControls", "Run controls"))
        bar.setObjectName("run_toolbar")
        bar.setMovable(False)
        bar.addActions(list(self.run_actions))
        bar.addSeparator()
        self.agent_combo = self._combo(
            bar,
            translate("RunControls", "Agent"),
            {agent: choice_text(agent) for agent in AGENTS},
            self.choose_agent,
            translate(
                "RunControls", "The learning agent: the notebook's naive deep Q agent or DQN"
            ),
        )
        bar.addAction(self.double_action)
        bar.addAction(self.dueling_action)
        bar.addSeparator()
        self.env_combo = self._combo(
            bar,
            translate("RunControls", "Environment"),
            {e: e for e in ENVIRONMENTS},
            lambda e: self.edit(env_id=e),
            translate("RunControls", "The Gymnasium environment to train on"),
        )
        self.preset_combo = self._combo(
            bar,
            translate("RunControls", "Preset"),
            {p: preset_text(p) for p in (*self.presets, "custom")},
            self.choose_preset,
            translate(
                "RunControls",
                "Load a preset: the notebook's values (seed), tuned values, or your own",
            ),
        )
        seed_tip = translate(
            "RunControls",
            "Seed of Python, NumPy, TensorFlow and the "
            "environment: the same seed gives the same run",
        )
        self.seed_spin = QSpinBox()
        self.seed_spin.setRange(
            int(FIELDS["seed"].metadata["low"]), int(FIELDS["seed"].metadata["high"])
        )
        self.seed_spin.setKeyboardTracking(False)
        # As wide as a seed of 7 digits needs (its size hint is much wider; a longer seed
        # scrolls in the field), so the toolbar keeps Seeds in view at 1280 px in German.
        digits = self.seed_spin.fontMetrics().horizontalAdvance("8" * 7)
        self.seed_spin.setMaximumWidth(digits + 36)
        self.seed_spin.valueChanged.connect(lambda v: self.edit(seed=v))
        self._labelled(bar, translate("RunControls", "Seed"), self.seed_spin, seed_tip)
        self._build_population_controls(bar)
        self.window.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)

    def _build_population_controls(self, bar: QToolBar) -> None:
        """The "Seeds" (how many runs at once) and "Member" (which one the panels show) controls."""
        tip = translate(
            "RunControls",
            "How many seeds to train at once: 1 trains one run; N trains the seeds "
            "seed, seed + 1, … together (one population, one update for all), and the "
            "score plot shows each seed, their mean and its min–max band",
        )
        self.seeds_spin = QSpinBox()
        self.seeds_spin.setRange(1, MAX_SEEDS)
        self._labelled(bar, translate("RunControls", "Seeds"), self.seeds_spin, tip)
        member_tip = translate(
            "RunControls",
            "The seed that the viewport, policy map, network and curves show, and that "
            "Save writes (File > Save all seeds writes every one)",
        )
        # In the menu bar's free right end, so the toolbar still fits a 1280 px window; its
        # items say "Member: seed 42".
        self.member_combo = QComboBox()
        self.member_combo.setToolTip(wrapped_tip(member_tip))
        self.member_combo.setAccessibleName(translate("RunControls", "Member"))
        self.member_combo.activated.connect(self.member_chosen.emit)
        self.member_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.set_members([])

    def seeds(self) -> list[int]:
        """The seeds Start trains: the settings' seed, then the next ones."""
        from dqn_lab.core.population_run import seeds_from

        return seeds_from(self.panel.config.seed, self.seeds_spin.value())

    @Slot(object)
    def set_members(self, seeds: list[int]) -> None:
        """The population on screen (the Member choice), or none ([]): hidden."""
        combo = self.member_combo
        combo.blockSignals(True)
        combo.clear()
        for seed in seeds:
            combo.addItem(translate("RunControls", "Member: seed {0}").format(seed), seed)
        combo.blockSignals(False)
        # In the corner only while shown: even hidden, it would make the menu bar taller.
        bar, corner = self.window.menuBar(), Qt.Corner.TopRightCorner
        if len(seeds) > 1:
            if bar.cornerWidget(corner) is not combo:
                bar.setCornerWidget(combo, corner)
            combo.show()
        else:
            combo.hide()
            if bar.cornerWidget(corner) is combo:
                bar.setCornerWidget(None, corner)

    @Slot(int)
    def show_member(self, k: int) -> None:
        if 0 <= k < self.member_combo.count() and k != self.member_combo.currentIndex():
            self.member_combo.blockSignals(True)
            self.member_combo.setCurrentIndex(k)
            self.member_combo.blockSignals(False)

    @staticmethod
    def _combo(
        bar: QToolBar, label: str, items: dict[str, str], slot: Callable[[str], None], tip: str
    ) -> QComboBox:
        combo = QComboBox()
        for key, text in items.items():
            combo.addItem(text, key)
        combo.activated.connect(lambda i: slot(combo.itemData(i)))
        return RunControls._labelled(bar, label, combo, tip)

    @staticmethod
    def _labelled(bar: QToolBar, label: str, widget: W, tip: str) -> W:
        """``widget`` with its label in front, added to ``bar`` as one item: when the window
        is too narrow the toolbar moves both into its overflow menu, never a label alone."""
        box = QWidget()
        box.setToolTip(wrapped_tip(tip))
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        text = QLabel(f" {label} ")
        text.setBuddy(widget)
        row.addWidget(text)
        row.addWidget(widget)
        widget.setToolTip(wrapped_tip(tip))
        widget.setAccessibleName(label)
        bar.addWidget(box)
        return widget

    def open_compare(self) -> None:
        """The run comparison view, in a window of its own (created on first use)."""
        if self.compare_window is None:
            self.compare_window = CompareView(self.window)
            self.compare_window.setWindowFlag(Qt.WindowType.Window)
            self.compare_window.resize(1200, 800)
        show_within_screen(self.compare_window)
        self.compare_window.raise_()

    def open_study(self) -> None:
        """The Study window (gui/study_window.py), starting from the current settings; its
        "Open trial as a run" fills the settings panel."""
        if self.study_window is None:
            from dqn_lab.gui.study_window import StudyWindow

            self.study_window = StudyWindow(self.panel.config, self.window)
            self.study_window.setWindowFlag(Qt.WindowType.Window)
            self.study_window.resize(1200, 850)
            self.study_window.open_trial.connect(self.panel.set_config)
            self.panel.config_changed.connect(self.study_window.follow_config)
        show_within_screen(self.study_window)
        self.study_window.raise_()

    def may_end_work(self) -> bool:
        """Before the main window closes: the Compare and Study windows whose runs or
        workers are still going each ask their question (shown on top); False when the
        user keeps one going."""
        for window in (self.compare_window, self.study_window):
            if window is not None and window.work_running():
                window.show()
                window.raise_()
                if not window.ask_close():
                    return False
        return True

    def shutdown(self) -> None:
        """Cancel the comparison's runs and close its window (the main window closes)."""
        if self.compare_window is not None:
            self.compare_window.shutdown()
            self.compare_window.close()
        if self.study_window is not None:
            self.study_window.shutdown()
            self.study_window.close()

    def set_presets(self, presets: dict[str, Config]) -> None:
        """Show ``presets`` (built-in and the user's) in the Preset menu and the combo box."""
        self.presets = presets
        old = list(self.preset_actions.values())
        first = (
            self.preset_menu.actions()[len(old)]
            if len(self.preset_menu.actions()) > len(old)
            else None
        )
        for action in old:
            self.preset_menu.removeAction(action)
        if old and old[0].actionGroup() is not None:
            old[0].actionGroup().deleteLater()
        self.preset_actions = self._radio(
            {p: preset_text(p) for p in presets}, self.choose_preset, preset_tip()
        )
        self.preset_menu.insertActions(first, list(self.preset_actions.values()))
        combo = self.preset_combo
        combo.blockSignals(True)
        combo.clear()
        for name in (*presets, "custom"):
            combo.addItem(preset_text(name), name)
        combo.blockSignals(False)
        self.sync(self.panel.config)

    # -- edits ------------------------------------------------------------------------------
    def edit(self, **changes: Any) -> None:
        self.panel.edit_many(changes)

    def choose_agent(self, kind: str) -> None:
        changes: dict[str, Any] = dict(agent=kind)
        if kind == "naive" and self.panel.config.double_dqn:
            changes["double_dqn"] = False
            self.window.statusBar().showMessage(
                translate(
                    "RunControls", "Double DQN turned off: the naive agent has no target network."
                ),
                8000,
            )
        self.edit(**changes)

    def choose_preset(self, name: str) -> None:
        if name in self.presets:
            self.panel.set_config(self.presets[name], name)

    @Slot(object)
    def sync(self, config: Config) -> None:
        """Show ``config`` in the toolbar and menus without re-triggering edits."""
        preset = self.panel.preset_name if config == self.panel.preset_config else "custom"
        for combo, key in (
            (self.agent_combo, config.agent),
            (self.env_combo, config.env_id),
            (self.preset_combo, preset),
        ):
            combo.blockSignals(True)
            if combo.findData(key) < 0:
                combo.addItem(key, key)
            combo.setCurrentIndex(combo.findData(key))
            combo.blockSignals(False)
        for actions, key in (
            (self.agent_actions, config.agent),
            (self.env_actions, config.env_id),
            (self.preset_actions, preset),
        ):
            for k, action in actions.items():
                action.setChecked(k == key)
        self.double_action.setChecked(config.double_dqn)
        self.dueling_action.setChecked(config.dueling)
        self.seed_spin.blockSignals(True)
        self.seed_spin.setValue(config.seed)
        self.seed_spin.blockSignals(False)
        self.double_action.setEnabled(self.seed_spin.isEnabled() and config.agent == "dqn")

    def set_state(self, running: bool, paused: bool, can_evaluate: bool) -> None:
        """Enable what makes sense now; settings that fix the run are locked while it runs."""
        # One "Resume" while paused (the Pause action); Start is for a new run.
        self.start_action.setEnabled(not running)
        self.pause_action.setEnabled(running)
        self.pause_action.setText(
            translate("RunControls", "Resume") if paused else translate("RunControls", "Pause")
        )
        self.stop_action.setEnabled(running)
        self.eval_action.setEnabled(can_evaluate)
        for w in (
            self.agent_combo,
            self.env_combo,
            self.preset_combo,
            self.seed_spin,
            self.seeds_spin,
        ):
            w.setEnabled(not running)
        for action in (
            self.dueling_action,
            *self.agent_actions.values(),
            *self.env_actions.values(),
            *self.preset_actions.values(),
        ):
            action.setEnabled(not running)
        self.double_action.setEnabled(not running and self.panel.config.agent == "dqn")

"""The File menu: open, save, recent files, drag and drop, autosave and logging options, and
the unsaved-run question.

The run's file state (its path, the contents to save, dirty or not) lives in the run model
(:mod:`dqn_lab.gui.run_model`); this module is its menu and its dialogs.

Opening reads and checks a ``.dqnlab`` bundle off the GUI thread
(:class:`dqn_lab.gui.jobs.JobRunner`, its progress and Cancel in the status bar, no dialog;
what would conflict with it is disabled meanwhile: ``read_bundle``,
``policy_from_bundle`` and the episode events, NumPy and JSON only, no TensorFlow), then shows
it: its curves, its network, its policy in the viewport; Evaluate plays it greedily and Start
continues it.

Saving during a run writes at the next safe point on the training thread; after a run, the
final state the run left in memory is written with ``write_bundle``. Every failure is shown
in a dialog and the run stays in memory, so it can be saved elsewhere.

Every path that would drop a run trained since its last save asks first
(:meth:`FileActions.resolve_unsaved`: Save / Discard / Cancel): Open, Start, Reset, Quit and
closing the window. The dialogs go through ``ask_*`` methods, which tests replace.
"""

from __future__ import annotations

import traceback
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QSettings, QSignalBlocker, QTimer, Signal, Slot
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox, QWidget

from dqn_lab.core.bundle_format import SUFFIX, LoadCancelled, read_bundle
from dqn_lab.core.environment import env_info
from dqn_lab.core.persistence import load_warnings, policy_from_bundle
from dqn_lab.core.presets import preset_of
from dqn_lab.core.recording import Cancelled
from dqn_lab.gui import app_state
from dqn_lab.gui.bundle_view import bundle_snapshot, episodes_done, summary_text
from dqn_lab.gui.i18n import message_text, translate
from dqn_lab.gui.jobs import JobRunner
from dqn_lab.gui.labels import wrapped_tip
from dqn_lab.gui.run_history import RunHistory
from dqn_lab.gui.run_model import OpenedBundle, RunModel
from dqn_lab.gui.status import LoadProgress

FILTER = f"DQN Lab agents (*{SUFFIX});;All files (*)"
READ_SHARE = 0.9  # of the open's progress bar: reading the file; the rest is showing it
# Between two steps of showing an opened run: a frame or so, so that the event loop paints
# the last step's changes and handles input in a turn of their own, not in the next step's.
SHOW_STEP_MS = 20


def file_filter() -> str:
    """FILTER in the interface language."""
    return translate("FileActions", "DQN Lab agents (*{0});;All files (*)").format(SUFFIX)


def bundle_paths(event: QDropEvent) -> list[str]:
    """Local ``.dqnlab`` files in a drag (or drop) event."""
    mime = event.mimeData()
    if mime is None or not mime.hasUrls():
        return []
    return [
        u.toLocalFile()
        for u in mime.urls()
        if u.isLocalFile() and u.toLocalFile().lower().endswith(SUFFIX)
    ]


def shown(text: str) -> str:
    """``text`` from a file (names, versions, messages) with control characters escaped, so
    a crafted file cannot change what a label or the terminal shows."""
    return "".join(
        c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text
    )


def read_opened(path: Path, progress, should_stop) -> OpenedBundle:
    """Read, check and unpack the bundle at ``path`` (a job: runs off the GUI thread).

    Everything the panels show is made here, their statistics and changes as columns
    (:class:`RunHistory`), so showing the run on the GUI thread takes a few array operations.
    """
    reading = shown(translate("Files", "Reading {0}…").format(path.name))
    progress(0.0, reading)
    try:  # the read reports its progress and stops at Cancel between chunks
        bundle = read_bundle(path, lambda f, _m: progress(0.7 * f, reading), should_stop)
    except LoadCancelled:
        raise Cancelled() from None
    if should_stop():
        raise Cancelled()
    progress(0.7, translate("Files", "Checking the agent…"))
    policy = policy_from_bundle(bundle)
    info = env_info(bundle.config.env_id)
    snapshot = bundle_snapshot(bundle, policy)
    if should_stop():
        raise Cancelled()
    progress(0.85, translate("Files", "Reading its statistics…"))
    history = RunHistory.from_manifest(bundle.manifest["statistics"], bundle.manifest["history"])
    progress(1.0, "")
    return OpenedBundle(path, bundle, info, snapshot, history, tuple(load_warnings(bundle)))


class FileActions(QObject):
    """The File menu of ``window`` (a :class:`dqn_lab.gui.main_window.MainWindow`) for ``model``."""

    open_finished = Signal(bool)  # after every open(): True when the bundle is shown

    def __init__(self, window, model: RunModel, controls, qsettings: QSettings) -> None:
        super().__init__(window)
        self.window, self.model, self.qs = window, model, qsettings
        model.data_dir = app_state.app_data_dir()
        a = controls.make_action
        self.open_action = a(
            translate("FileActions", "Open…"),
            "Ctrl+O",
            translate(
                "FileActions", "Open a saved agent (.dqnlab) to watch, evaluate or train further"
            ),
        )
        self.save_action = a(
            translate("FileActions", "Save"),
            "Ctrl+S",
            translate(
                "FileActions",
                "Save the run's agent, statistics and replay "
                "memory (during a run: at the next safe point)",
            ),
        )
        self.save_as_action = a(
            translate("FileActions", "Save As…"),
            "Ctrl+Shift+S",
            translate("FileActions", "Save the run under a new name"),
        )
        self.save_all_action = a(
            translate("FileActions", "Save all seeds…"),
            None,
            translate(
                "FileActions",
                "A run of several seeds: save every seed's agent into a folder, one "
                "bundle each (during a run: at the next safe point)",
            ),
        )
        self.save_all_action.triggered.connect(self.save_all)
        self.autosave_action = a(
            translate("FileActions", "Autosave best agent"),
            None,
            translate(
                "FileActions",
                "When a greedy evaluation beats the best so far, "
                "save that agent as '<run>-best.dqnlab' beside the last save (or in "
                "the app's data folder)",
            ),
            True,
        )
        self.log_action = a(translate("FileActions", "Log runs to folder…"), None, "", True)
        self.open_action.triggered.connect(self.open_dialog)
        self.save_action.triggered.connect(self.save)
        self.save_as_action.triggered.connect(self.save_as)
        self.autosave_action.toggled.connect(self._autosave_toggled)
        self.autosave_action.setChecked(app_state.flag(qsettings, app_state.AUTOSAVE_BEST))
        model.autosave_best = self.autosave_action.isChecked()
        self.log_action.setChecked(
            app_state.flag(qsettings, app_state.LOG_ENABLED) and bool(self.log_folder_setting())
        )
        self.log_action.toggled.connect(self._log_toggled)
        self._show_log_tip()
        self.recent_menu = QMenu(translate("FileActions", "Open &Recent"), window)
        self.recent_menu.setToolTipsVisible(True)
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        menu = controls.file_menu
        first = menu.actions()[0] if menu.actions() else None
        for item in (
            self.open_action,
            self.recent_menu,
            self.save_action,
            self.save_as_action,
            self.save_all_action,
            None,
            self.autosave_action,
            self.log_action,
            None,
        ):
            if item is None:
                menu.insertSeparator(first)
            elif isinstance(item, QMenu):
                menu.insertMenu(first, item)
            else:
                menu.insertAction(first, item)
        self._fill_recent()
        self._opening = Path()
        self.jobs = JobRunner(window, "dqn-lab-open")
        self.jobs.done.connect(self._opened)
        self.jobs.failed.connect(self._open_failed)
        self.jobs.cancelled.connect(self._open_cancelled)
        # The open's progress in the status bar, left of the run's status (no dialog: its
        # nested event loop held the window); a temporary message would hide a normal widget.
        self.progress = LoadProgress()
        window.statusBar().insertPermanentWidget(0, self.progress)
        self.progress.cancel_requested.connect(self.cancel_open)
        self.jobs.progress.connect(
            lambda _kind, f, step: self.progress.set_progress(READ_SHARE * f, step)
        )
        self.loading = False  # from open() until the run is shown, or the open ended
        self._held = False  # held_actions are disabled
        self._steps: list = []  # what is left to show of an opened file (see _opened)
        self._cancel_asked = False
        model.changed.connect(self.update_title)
        model.changed.connect(
            lambda: self.save_all_action.setEnabled(self.model.population is not None)
        )
        self.save_all_action.setEnabled(False)
        model.saved.connect(self._remember)
        window.setAcceptDrops(True)
        self.update_title()

    def watch_drops(self, roots: list[QWidget]) -> None:
        """Children that take drops themselves (plots, text fields) would swallow a bundle."""
        for root in roots:
            for widget in (root, *root.findChildren(QWidget)):
                if widget.acceptDrops():
                    widget.installEventFilter(self)

    # -- dialogs (tests replace these) --------------------------------------------------------
    def ask_open_path(self) -> str:
        path, _ = QFileDialog.getOpenFileName(
            self.window,
            translate("FileActions", "Open agent"),
            app_state.last_folder(self.qs),
            file_filter(),
        )
        return path

    def ask_save_path(self) -> str:
        start = Path(app_state.last_folder(self.qs)) / f"{self.model.run_name()}{SUFFIX}"
        path, _ = QFileDialog.getSaveFileName(
            self.window, translate("FileActions", "Save agent"), str(start), file_filter()
        )
        if path and not path.lower().endswith(SUFFIX):
            path += SUFFIX
        return path

    def ask_unsaved(self) -> str:
        """'save', 'discard' or 'cancel' for a run trained since its last save."""
        b = QMessageBox.StandardButton
        population = self.model.population
        text = (
            translate(
                "FileActions",
                "The run of {0} seeds is not saved (or only the seed shown is). Save every "
                "seed into a folder before the run is closed or replaced?",
            ).format(population.size)
            if population is not None and population.size > 1
            else translate(
                "FileActions",
                "The run has trained since it was last saved. Save it before it is "
                "closed or replaced?",
            )
            if self.model.path is not None
            else translate(
                "FileActions",
                "The run has not been saved. Save it before it is closed or replaced?",
            )
        )
        if self.model.paused:  # resolve_unsaved holds a training run while it asks
            text += " " + translate("FileActions", "Training waits meanwhile.")
        answer = QMessageBox.question(
            self.window,
            translate("FileActions", "Unsaved run"),
            text,
            b.Save | b.Discard | b.Cancel,
            b.Save,
        )
        return {b.Save: "save", b.Discard: "discard"}.get(answer, "cancel")

    def ask_log_folder(self) -> str:
        start = self.log_folder_setting() or app_state.last_folder(self.qs)
        return QFileDialog.getExistingDirectory(
            self.window, translate("FileActions", "Log runs to folder"), start
        )

    # -- options --------------------------------------------------------------------------------
    def _autosave_toggled(self, on: bool) -> None:
        self.qs.setValue(app_state.AUTOSAVE_BEST, on)
        self.model.autosave_best = on

    def log_folder_setting(self) -> str:
        return str(self.qs.value(app_state.LOG_FOLDER, "") or "")

    def log_folder(self) -> str | None:
        """The folder new runs are logged into, or None when logging is off."""
        return (self.log_folder_setting() or None) if self.log_action.isChecked() else None

    def _log_toggled(self, on: bool) -> None:
        if on:
            folder = self.ask_log_folder()
            if not folder:
                with QSignalBlocker(self.log_action):
                    self.log_action.setChecked(False)
                return
            self.qs.setValue(app_state.LOG_FOLDER, folder)
        self.qs.setValue(app_state.LOG_ENABLED, self.log_action.isChecked())
        self._show_log_tip()

    def _show_log_tip(self) -> None:
        folder = self.log_folder()
        tip = (
            translate(
                "FileActions",
                "Each run writes statistics.csv and TensorBoard files into a new folder inside {0}",
            ).format(folder)
            if folder
            else translate(
                "FileActions",
                "Write each run's statistics.csv and TensorBoard files into a "
                "new folder inside a folder you choose",
            )
        )
        self.log_action.setToolTip(wrapped_tip(tip))
        self.log_action.setStatusTip(tip)

    # -- open ---------------------------------------------------------------------------------
    def open_dialog(self) -> None:
        path = self.ask_open_path()
        if path:
            self.open(path)

    def open(self, path: str | Path) -> bool:
        """Start reading the agent saved in ``path`` off the GUI thread; False (with a
        message) when it cannot start. ``open_finished`` follows every call."""
        if self.model.running:
            return self._refuse(
                translate("FileActions", "Stop the run before opening another agent.")
            )
        if self.loading:
            return self._refuse(
                translate("FileActions", "Another agent is being opened: wait or cancel it.")
            )
        if not self.resolve_unsaved():
            return self._refuse("")
        path = Path(path)
        # Loading before the read starts: a Cancel as soon as it runs must find it loading.
        self._opening, self._cancel_asked = path, False
        self.progress.begin(shown(translate("FileActions", "Opening {0}…").format(path.name)))
        self._set_loading(True)
        # No label: no progress dialog (see JobRunner.start); the status bar shows it.
        if not self.jobs.start("open", lambda progress, stop: read_opened(path, progress, stop)):
            self._set_loading(False)
            return self._refuse(
                translate("FileActions", "Another agent is being opened: wait or cancel it.")
            )
        return True

    def cancel_open(self) -> None:
        """Stop opening the file (the read stops at its next check); the run on screen stays."""
        if self.loading:
            self._cancel_asked = True
            self.jobs.cancel()

    def _set_loading(self, on: bool) -> None:
        """While a file opens, what would conflict with it is disabled (see hold_actions)."""
        self.loading = on
        if not on:
            self.progress.end()
        self.window.update_actions()

    def held_actions(self) -> list:
        """What a file being opened would conflict with: another open, a run, saving, the
        settings (the opened run replaces them) and the presets."""
        c, presets = self.window.controls, self.window.preset_ui
        return [
            self.open_action,
            self.recent_menu,
            self.save_action,
            self.save_as_action,
            self.save_all_action,
            c.start_action,
            c.reset_action,
            c.eval_action,
            c.double_action,
            c.dueling_action,
            *c.agent_actions.values(),
            *c.env_actions.values(),
            *c.preset_actions.values(),
            c.agent_combo,
            c.env_combo,
            c.preset_combo,
            c.seed_spin,
            c.seeds_spin,
            presets.save_action,
            presets.delete_action,
            self.window.settings_panel,
            *self._viewport_jobs(),
        ]

    def _viewport_jobs(self) -> list:
        """The viewport's Evaluate and Record (their results would go to the opened run)."""
        dock = self.window.docks.get("ViewportPanel")
        controls = getattr(dock.widget(), "controls", None) if dock is not None else None
        if controls is None or not hasattr(controls, "eval_button"):
            return []
        return [controls.eval_button, controls.record_button]

    def hold_actions(self) -> None:
        """Disable ``held_actions`` while a file opens; after, enable this menu's own (the run
        controls follow the run's state, set just before by the window's update_actions)."""
        if self.loading:
            self._held = True
            for item in self.held_actions():
                item.setEnabled(False)
            return
        if not self._held:
            return
        self._held = False
        for item in (
            self.open_action,
            self.save_action,
            self.save_as_action,
            self.window.controls.reset_action,  # always enabled, the rest follow the run
            self.window.preset_ui.save_action,
            self.window.preset_ui.delete_action,
            self.window.settings_panel,
        ):
            item.setEnabled(True)
        self.save_all_action.setEnabled(self.model.population is not None)
        self.recent_menu.setEnabled(bool(app_state.recent_files(self.qs)))
        viewport = self.window.docks.get("ViewportPanel")
        evaluation = getattr(viewport.widget(), "evaluation", None) if viewport else None
        for button in self._viewport_jobs():  # enabled unless its own job runs
            button.setEnabled(evaluation is None or not evaluation.busy)

    def _refuse(self, text: str) -> bool:
        if text:
            self.window.statusBar().showMessage(text, 10_000)
        self.open_finished.emit(False)
        return False

    @Slot(str, object)
    def _opened(self, kind: str, opened: OpenedBundle) -> None:
        """The file was read: show it in steps, one per event-loop turn (each redraws a
        part of the window; at once they held the window for over 100 ms)."""
        if self._cancel_asked:  # Cancel came as the read ended: the run on screen stays
            self._open_cancelled(kind)
            return
        self.progress.no_cancel()  # from here on the opened run replaces the one shown
        self.progress.set_progress(READ_SHARE)
        # The panels take the run with their painting held, and paint it in turns of their
        # own: a repaint runs in the turn of the code that asked for it, and the panels'
        # new run and their first paint of it together held the window for over 50 ms.
        plots = [p for p in self.window.panels if p is self.window.plots_panel]
        others = [p for p in self.window.panels if p is not self.window.plots_panel]
        self._steps = [
            lambda: self._show_held(opened),
            lambda: self._release(others),
            lambda: self._release(plots),  # the slowest to paint: a turn of its own
            # The settings show the saved run's own (Episodes too: never changed in silence).
            # Under the preset it was trained with (it read "Custom"), if any.
            lambda: self.window.settings_panel.set_config(
                opened.bundle.config,
                preset_of(opened.bundle.config, self.window.presets) or "custom",
            ),
            lambda: self._finish_open(opened),
        ]
        self._step_count = len(self._steps)
        QTimer.singleShot(SHOW_STEP_MS, self._next_step)  # not in the turn that ends the read

    def _show_held(self, opened: OpenedBundle) -> None:
        """The opened run into the model and its panels, none of them painting yet (the
        window's timer leaves a held panel alone, see ``MainWindow.refresh``)."""
        for panel in self.window.panels:  # a failure is released by _next_step
            panel.setUpdatesEnabled(False)
        self.model.show_opened(opened, opened.bundle.config)

    @staticmethod
    def _release(panels) -> None:
        """``panels`` paint again, in the window's next paint (re-enabled updates ask for it)."""
        for panel in panels:
            panel.setUpdatesEnabled(True)

    def _next_step(self) -> None:
        if not self._steps:  # the window closed meanwhile
            return
        step = self._steps.pop(0)
        try:
            step()
        except Exception as exc:  # noqa: BLE001 - shown; the window must not stay held
            self._steps = []
            self._release(self.window.panels)
            self._set_loading(False)
            self.window.show_error(
                translate("FileActions", "Cannot open the agent"),
                shown(f"{self._opening.name}: {exc}"),
                traceback.format_exc(),
            )
            self.open_finished.emit(False)
            return
        if self._steps:
            done = 1.0 - len(self._steps) / self._step_count
            self.progress.set_progress(READ_SHARE + (1.0 - READ_SHARE) * done)
            QTimer.singleShot(SHOW_STEP_MS, self._next_step)

    def _finish_open(self, opened: OpenedBundle) -> None:
        bundle, path = opened.bundle, opened.path
        self._remember(path)
        done, total = episodes_done(bundle), bundle.config.episodes
        # What to do next comes first: a long status message is cut at the window's edge.
        more = (
            translate("FileActions", "{0} of {1} episodes done, Start continues training").format(
                done, total
            )
            if done < total
            else translate(
                "FileActions", "all {0} episodes done, set Episodes above {0} to train further"
            ).format(done)
        )
        notes = " ".join(map(message_text, opened.warnings))
        self.window.statusBar().showMessage(
            shown(
                translate("FileActions", "Opened {0} ({1}). {2}. {3}")
                .format(path.name, more, summary_text(bundle), notes)
                .strip()
            ),
            20_000,
        )
        self._set_loading(False)
        self.open_finished.emit(True)  # the window's timer draws the panels, in turns

    @Slot(str, str, str)
    def _open_failed(self, _kind: str, message: str, details: str) -> None:
        path = self._opening
        if not path.exists():
            app_state.remove_recent(self.qs, str(path.resolve()))
        if path.name not in message:
            message = f"{path.name}: {message}"
        self.window.statusBar().clearMessage()  # an earlier open's line is not about this one
        self._set_loading(False)
        self.window.show_error(
            translate("FileActions", "Cannot open the agent"), shown(message), details
        )
        self.open_finished.emit(False)

    @Slot(str)
    def _open_cancelled(self, _kind: str) -> None:
        self._set_loading(False)
        self.window.statusBar().showMessage(
            shown(
                translate("FileActions", "Opening {0} was cancelled.").format(self._opening.name)
            ),
            10_000,
        )
        self.open_finished.emit(False)

    # -- save ---------------------------------------------------------------------------------
    def save(self) -> bool:
        if self.model.path is None:
            return self.save_as()
        return self.model.save_to(self.model.path)

    def save_as(self) -> bool:
        path = self.ask_save_path()
        return bool(path) and self.model.save_to(path)

    def ask_folder(self) -> str:
        return QFileDialog.getExistingDirectory(
            self.window,
            translate("FileActions", "Save all seeds into folder"),
            app_state.last_folder(self.qs),
        )

    def save_all(self) -> bool:
        """Every seed of the population on screen into a chosen folder."""
        folder = self.ask_folder()
        return bool(folder) and self._save_all_into(folder)

    def _save_all_into(self, folder: str) -> bool:
        """Save every seed into ``folder``, asking first when files of theirs are there
        (a 500-episode agent had been replaced by a 20-episode seed without a word)."""
        population = self.model.population
        if population is None:
            return False
        there = [
            name
            for name in (population.file_name(k, SUFFIX) for k in range(population.size))
            if (Path(folder) / name).exists()
        ]
        return (not there or self.ask_replace(folder, there)) and self.model.save_all_members(
            folder
        )

    def ask_replace(self, folder: str, names: list[str]) -> bool:
        b = QMessageBox.StandardButton
        return (
            QMessageBox.question(
                self.window,
                translate("FileActions", "Replace files?"),
                translate("FileActions", "{0} holds {1} already. Replace them?").format(
                    folder, ", ".join(names)
                ),
                b.Yes | b.No,
                b.No,
            )
            == b.Yes
        )

    def _remember(self, path: str | Path) -> None:
        app_state.add_recent(self.qs, path)
        app_state.set_last_folder(self.qs, path)
        self._fill_recent()
        self.update_title()

    # -- the unsaved-run question ---------------------------------------------------------
    def resolve_unsaved(self) -> bool:
        """Ask about a run trained since its last save; True when it may be replaced."""
        model = self.model
        if not model.dirty:
            return True
        # The run waits while the user decides: what is saved is the run they were asked
        # about (it trained on behind the question and the file dialog), and a cancel
        # lets it go on.
        held = model.running and not model.paused and not model.stopping
        if held:
            model.pause()
        replaceable = self._resolve_unsaved()
        if held and not replaceable:
            model.resume()
        return replaceable

    def _resolve_unsaved(self) -> bool:
        model = self.model
        answer = self.ask_unsaved()
        if answer != "save":
            return answer == "discard"
        population = model.population
        if population is not None and population.size > 1:  # every seed, not the one shown
            folder = self.ask_folder()
            if not folder:
                return False
            if model.running:
                model.stop_and_keep()
            return self._save_all_into(folder)
        path = str(model.path) if model.path else self.ask_save_path()
        if not path:
            return False
        if model.running:  # stop at once; keep its end state
            model.stop_and_keep()
        if model.contents is None:
            self.window.show_error(
                translate("FileActions", "Cannot save the run"),
                translate(
                    "FileActions",
                    "The run ended before its state could be kept; nothing was written.",
                ),
            )
            return False
        return model.write(path, model.contents)

    def quit(self) -> None:
        """The Quit action: ask about running comparisons and studies and an unsaved run
        (``MainWindow.may_close``), then close the window."""
        if self.window.may_close():
            self.model.dirty = False
            self.window.close()

    def shutdown(self) -> None:
        """Cancel a bundle being read and join its thread."""
        self.jobs.shutdown()
        if self._steps:  # closed while an opened run was being shown: nothing stays held
            self._steps = []
            self._release(self.window.panels)
        self.loading = False

    # -- recent files, drag and drop, title -----------------------------------------------
    def _fill_recent(self) -> None:
        menu = self.recent_menu
        menu.clear()
        files = app_state.recent_files(self.qs)
        for i, path in enumerate(files, 1):
            action = menu.addAction(f"&{i} {Path(path).name}")
            action.setToolTip(path)
            action.setStatusTip(path)
            action.triggered.connect(lambda _=False, p=path: self.open(p))
        if files:
            menu.addSeparator()
            menu.addAction(translate("FileActions", "Clear recent files"), self._clear_recent)
        menu.setEnabled(bool(files))

    def _clear_recent(self) -> None:
        app_state.clear_recent(self.qs)
        self._fill_recent()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt name
        kind = event.type()
        if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove, QEvent.Type.Drop):
            paths = bundle_paths(event)
            if not paths:
                return False
            event.acceptProposedAction()
            if kind == QEvent.Type.Drop:
                self.open(paths[0])
            return True
        return super().eventFilter(obj, event)

    @Slot()
    def update_title(self) -> None:
        model, w = self.model, self.window
        name = (
            model.path.name
            if model.path
            else (
                translate("FileActions", "unsaved run")
                if model.contents is not None or model.dirty
                else ""
            )
        )
        w.setWindowTitle(f"{name}[*] — DQN Lab" if name else "DQN Lab")
        w.setWindowModified(model.dirty)

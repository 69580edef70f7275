"""The File menu: open, save, recent files, drag and drop, the unsaved-run prompt.

An opened ``.dqnlab`` bundle is read and checked on the GUI thread without TensorFlow
(``read_bundle``, ``policy_from_bundle``) and shown at once: its curves, its network, its
policy in the viewport; Evaluate plays it greedily. Start continues it: the worker builds
the trainer from the bundle on its own thread (see :mod:`gui.run_files`).

Saving during a run is a ``control.request`` that writes at the next safe point on the
training thread. After a run, its thread has ended and the trainer with it; the run's final
state was copied at its end (:class:`gui.run_hooks.RunHooks`), and is written here with
``write_bundle`` (NumPy only). Every failure is a ``BundleError`` shown in a dialog; the
run stays in memory, so nothing is lost.

The dialogs go through ``ask_*`` methods, which tests replace.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QSettings, Qt
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QApplication, QFileDialog, QMenu, QMessageBox, QWidget

from core.bundle_format import SUFFIX, BundleError, read_bundle
from core.config import ConfigError
from core.environment import env_info
from core.persistence import load_warnings, policy_from_bundle
from gui import app_state
from gui.bundle_view import (bundle_snapshot, change_events, continue_config, episode_events,
                             summary_text)
from gui.run_files import RunFiles

FILTER = f"DQN Lab agents (*{SUFFIX});;All files (*)"


def bundle_paths(event: QDropEvent) -> list[str]:
    """Local ``.dqnlab`` files in a drag (or drop) event."""
    mime = event.mimeData()
    if mime is None or not mime.hasUrls():
        return []
    return [u.toLocalFile() for u in mime.urls()
            if u.isLocalFile() and u.toLocalFile().lower().endswith(SUFFIX)]


class FileActions(RunFiles):
    """The File menu of ``window`` (a :class:`gui.main_window.MainWindow`)."""

    def __init__(self, window, qsettings: QSettings) -> None:
        super().__init__(window, qsettings)
        c = window.controls
        a = c._action
        self.open_action = a("Open…", "Ctrl+O", "Open a saved agent (.dqnlab) to watch, "
                             "evaluate or train further")
        self.save_action = a("Save", "Ctrl+S", "Save the run's agent, statistics and replay "
                             "memory (during a run: at the next safe point)")
        self.save_as_action = a("Save As…", "Ctrl+Shift+S", "Save the run under a new name")
        self.open_action.triggered.connect(self.open_dialog)
        self.save_action.triggered.connect(self.save)
        self.save_as_action.triggered.connect(self.save_as)
        self.recent_menu = QMenu("Open &Recent", window)
        self.recent_menu.setToolTipsVisible(True)
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        menu = c.file_menu
        first = menu.actions()[0] if menu.actions() else None
        for item in (self.open_action, self.recent_menu, self.save_action,
                     self.save_as_action, None, self.autosave_action, self.log_action, None):
            if item is None:
                menu.insertSeparator(first)
            elif isinstance(item, QMenu):
                menu.insertMenu(first, item)
            else:
                menu.insertAction(first, item)
        self._fill_recent()
        window.setAcceptDrops(True)
        # Children that take drops themselves (plots, text fields) would swallow a bundle.
        for root in (window, *window.panels, window.settings_panel):
            for widget in (root, *root.findChildren(QWidget)):
                if widget.acceptDrops():
                    widget.installEventFilter(self)
        self.update_title()

    # -- dialogs (tests replace these) --------------------------------------------------------
    def ask_open_path(self) -> str:
        path, _ = QFileDialog.getOpenFileName(self.window, "Open agent",
                                              app_state.last_folder(self.qs), FILTER)
        return path

    def ask_save_path(self) -> str:
        start = Path(app_state.last_folder(self.qs)) / f"{self.run_name()}{SUFFIX}"
        path, _ = QFileDialog.getSaveFileName(self.window, "Save agent", str(start), FILTER)
        if path and not path.lower().endswith(SUFFIX):
            path += SUFFIX
        return path

    def ask_unsaved(self) -> str:
        """'save', 'discard' or 'cancel' for a run trained since its last save."""
        b = QMessageBox.StandardButton
        answer = QMessageBox.question(
            self.window, "Unsaved run",
            "The run has trained since it was last saved. Save it before closing it?",
            b.Save | b.Discard | b.Cancel, b.Save)
        return {b.Save: "save", b.Discard: "discard"}.get(answer, "cancel")

    # -- open ---------------------------------------------------------------------------------
    def open_dialog(self) -> None:
        path = self.ask_open_path()
        if path:
            self.open(path)

    def open(self, path: str | Path) -> bool:
        """Show the agent saved in ``path``; False (with a message) if it cannot be used."""
        w = self.window
        if w.session is not None and w.session.running:
            w.statusBar().showMessage("Stop the run before opening another agent.", 10_000)
            return False
        if not self.resolve_unsaved():
            return False
        path = Path(path)
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            bundle = read_bundle(path)
            policy = policy_from_bundle(bundle)
            snapshot = bundle_snapshot(bundle, policy)
            info = env_info(bundle.config.env_id)
        except (BundleError, ConfigError, ValueError) as exc:
            QApplication.restoreOverrideCursor()
            w.show_error("Cannot open the agent", str(exc))
            if not path.exists():
                app_state.remove_recent(self.qs, str(path.resolve()))
            return False
        QApplication.restoreOverrideCursor()
        self._show(bundle, info, snapshot)
        self.loaded, self.contents = bundle, (bundle.manifest, bundle.arrays)
        self.current_path, self.dirty, self.best_mean = path.resolve(), False, float("-inf")
        self._remember(path)
        notes = " ".join(load_warnings(bundle))
        w.statusBar().showMessage(f"Opened {path.name}: {summary_text(bundle)}. Start "
                                  f"continues training. {notes}", 20_000)
        return True

    def _show(self, bundle, info, snapshot: dict) -> None:
        """Put the bundle's run into the window as if it had just run."""
        w = self.window
        w._stop_evaluation()
        w._end_session()
        w.settings_panel.set_config(continue_config(bundle), "custom")
        w.info, w.run_config, w.summary, w.changes = info, bundle.config, None, []
        w._each("start_run", bundle.config, info)
        w.status.reset(continue_config(bundle), info)
        self.show_statistics(bundle)
        w.last_snapshot = snapshot
        for panel in w.panels:   # the viewport plays it as "loaded agent", not live weights
            if hasattr(panel, "set_policy"):
                w._call(panel, "set_policy", snapshot["policy"], bundle.config.env_id)
            else:
                w._call(panel, "set_snapshot", snapshot)
        w.status.set_state("Opened")
        w._update_actions()
        w.refresh(force=True)

    def show_statistics(self, bundle) -> None:
        """The bundle's episodes and live changes, into the panels and the status line."""
        w = self.window
        for ev in episode_events(bundle.manifest["statistics"]):
            w.status.add_episode(ev)
            w._each("add_episode", ev)
        for ev in change_events(bundle.manifest["history"]):
            w._each("mark_change", ev)

    # -- save ---------------------------------------------------------------------------------
    def save(self) -> bool:
        if self.current_path is None:
            return self.save_as()
        return self.save_to(self.current_path)

    def save_as(self) -> bool:
        path = self.ask_save_path()
        return bool(path) and self.save_to(path)

    def after_save(self, path: Path, what: str) -> None:
        self.current_path = Path(path).resolve()
        self._remember(path)
        self.window.statusBar().showMessage(f"Saved {what} to {path}", 15_000)

    def _remember(self, path: str | Path) -> None:
        app_state.add_recent(self.qs, path)
        app_state.set_last_folder(self.qs, path)
        self._fill_recent()
        self.update_title()

    # -- closing --------------------------------------------------------------------------
    def resolve_unsaved(self) -> bool:
        """Ask about a run trained since its last save; True when it may be replaced."""
        if not self.dirty:
            return True
        answer = self.ask_unsaved()
        if answer != "save":
            return answer == "discard"
        path = str(self.current_path) if self.current_path else self.ask_save_path()
        if not path:
            return False
        w = self.window
        if w.session is not None and w.session.running:   # stop at once; keep its end state
            hooks = self.hooks
            w._end_session()
            w.status.set_state("Stopped")
            w._update_actions()
            self.contents = hooks.final if hooks is not None else self.contents
        if self.contents is None:
            w.show_error("Cannot save the run", "The run ended before its state could be "
                         "kept; nothing was written.")
            return False
        return self.write(path, self.contents)

    def quit(self) -> None:
        """The Quit action: ask about an unsaved run, then close the window."""
        if self.resolve_unsaved():
            self.dirty = False
            self.window.close()

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
            menu.addAction("Clear recent files", self._clear_recent)
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

    def update_title(self) -> None:
        w = self.window
        name = self.current_path.name if self.current_path else (
            "unsaved run" if self.contents is not None or self.dirty else "")
        w.setWindowTitle(f"{name}[*] — DQN Lab" if name else "DQN Lab")
        w.setWindowModified(self.dirty)

"""The current run's worker signals on the GUI thread: into the panels, the status line, the files.

:class:`RunSignals` connects a new run's :class:`gui.worker.TrainingWorker` to the main
window: the run's environment and config when it is built, its progress, episodes, live
setting changes, policy snapshots, and its end. The handlers only store data (the window's
timer redraws), and each one first drops signals of a stale worker: one whose run has
already been replaced or reset, whose queued signals may still arrive. Evaluations and
errors go to the window's own handlers, which also serve evaluations from elsewhere.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Slot

from core.config import fmt


SHOWN_DELAY_MS = 50   # after ``ready``: time for the window to paint the new run


class RunSignals(QObject):
    """The worker-signal handlers of ``window`` (a :class:`gui.main_window.MainWindow`)."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window

    def attach(self, worker) -> None:
        """Route ``worker``'s signals (the current run's) to the window."""
        w = self.window
        worker.ready.connect(self._on_ready)
        worker.progress.connect(self._on_progress)
        worker.episodes.connect(self._on_episodes)
        worker.settings_changed.connect(self._on_settings_changed)
        worker.change_rejected.connect(w.settings_panel.show_rejection)
        worker.snapshot.connect(self._on_snapshot)
        worker.evaluation.connect(w._on_evaluation)
        worker.errored.connect(w._on_error)
        worker.finished.connect(self._on_finished)

    def _from_session(self) -> bool:
        """True for signals of the current run's worker (not a stale, already ended one)."""
        session = self.window.session
        return session is not None and self.sender() is session.worker

    @Slot(object)
    def _on_ready(self, ready: dict) -> None:
        if not self._from_session():
            return
        w = self.window
        session = w.session
        try:
            w.info, w.run_config = ready["info"], ready["config"]
            w._each("start_run", ready["config"], ready["info"])
            w.status.reset(ready["config"], ready["info"])
            w.files.run_ready(ready["config"])
            w.status.set_state("Paused" if session.paused else "Running")
            # Every panel draws the new run now, and training waits until that is on
            # screen (a paint pass follows the posted updates within a frame): the window's
            # heaviest redraw of the run then does not compete for the GIL with training.
            w.refresh(force=True)
        finally:   # released even if showing the run failed (the error is reported)
            QTimer.singleShot(SHOWN_DELAY_MS, session.shown)

    @Slot(object)
    def _on_progress(self, ev) -> None:
        if not self._from_session():
            return
        self.window.status.add_progress(ev)
        self.window._each("add_progress", ev)

    @Slot(object)
    def _on_episodes(self, episodes: tuple) -> None:
        if not self._from_session():
            return
        w = self.window
        for ev in episodes:
            w.status.add_episode(ev)
            w._each("add_episode", ev)
            w.files.episode_done()

    @Slot(object)
    def _on_settings_changed(self, ev) -> None:
        if not self._from_session():
            return
        w = self.window
        w.changes.append(ev)
        w._each("mark_change", ev)
        if any(key == "episodes" for key, _, _ in ev.changes):
            w.status.set_total(dict((k, v) for k, _, v in ev.changes)["episodes"])
        text = ", ".join(f"{k} {fmt(old)} → {fmt(new)}" for k, old, new in ev.changes)
        w.statusBar().showMessage(f"Episode {ev.episode}: {text}", 8000)

    @Slot(object)
    def _on_snapshot(self, snap: dict) -> None:
        if not self._from_session():
            return
        self.window.last_snapshot = snap
        self.window._each("set_snapshot", snap)

    @Slot(object)
    def _on_finished(self, summary: dict | None) -> None:
        if not self._from_session():
            return
        w = self.window
        w.summary = summary
        w.settings_panel.set_running(False)
        if summary is None:
            w.status.set_state("Failed")
        else:
            w.status.set_state("Stopped" if summary.get("stopped") else "Finished")
        if w.session is not None:
            w.session.shutdown()   # the thread is quitting already; this only joins it
        w.files.run_finished()
        w._update_actions()

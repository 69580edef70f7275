"""The run side of the File menu: what can be saved, continuing an opened agent, autosave, logs.

:class:`RunFiles` keeps the state of the shown run with respect to files: the path it was
opened from or last saved to, its saveable contents (an opened bundle, or the final state
a finished run left behind), whether it trained since it was saved, and the best greedy
evaluation so far. For each run it builds the worker's trainer factory through
:class:`gui.run_hooks.RunHooks` (logging, saving and the final state on the training
thread); an opened agent is continued by a factory that restores it from the bundle on the
training thread (TensorFlow never runs on the GUI thread).
"""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, QSignalBlocker
from PySide6.QtWidgets import QFileDialog

from core.bundle_format import SUFFIX, Bundle, BundleError, write_bundle
from core.config import Config
from core.persistence import SaveResult
from core.records import EVAL_SEED, SettingsChanged
from core.training import TrainingControl
from gui import app_state
from gui.bundle_view import episodes_done, fixed_differences, live_differences
from gui.run_hooks import Factory, RunHooks
from gui.worker import EVAL_EPISODES


def new_trainer(config: Config, control: TrainingControl):
    from core.training import Trainer   # builds the agent (TensorFlow) on this thread

    return Trainer(config, control)


def continue_factory(bundle: Bundle) -> Factory:
    """A factory that restores ``bundle``'s run and applies the panel's live settings."""
    def build(config: Config, control: TrainingControl):
        from core.persistence import restore_trainer

        trainer = restore_trainer(bundle, control)
        changes = live_differences(config, trainer.config)
        if changes:
            trainer.apply_changes(changes)   # recorded in the run's history
        return trainer

    return build


class RunFiles(QObject):
    """Saving and continuing the window's run; :class:`gui.file_actions.FileActions` adds
    the menu, the dialogs and opening."""

    def __init__(self, window, qs: QSettings) -> None:
        super().__init__(window)
        self.window, self.qs = window, qs
        self.current_path: Path | None = None   # opened from or last saved to
        self.contents: tuple[dict, dict] | None = None   # (manifest, arrays) to write
        self.loaded: Bundle | None = None       # opened and not yet continued
        self.continuing: Bundle | None = None   # being continued by the current run
        self.dirty = False                      # trained since the last save
        self.best_mean = float("-inf")
        self.hooks: RunHooks | None = None
        self.data_dir = app_state.app_data_dir()
        a = window.controls._action
        self.autosave_action = a(
            "Autosave best agent", None, "When a greedy evaluation beats the best so far, "
            "save that agent as '<run>-best.dqnlab' beside the last save (or in the app's "
            "data folder)", True)
        self.autosave_action.setChecked(app_state.flag(qs, app_state.AUTOSAVE_BEST))
        self.autosave_action.toggled.connect(
            lambda on: qs.setValue(app_state.AUTOSAVE_BEST, on))
        self.log_action = a("Log runs to folder…", None, "", True)
        self.log_action.setChecked(app_state.flag(qs, app_state.LOG_ENABLED)
                                   and bool(self.log_folder_setting()))
        self.log_action.toggled.connect(self._log_toggled)
        self._show_log_tip()

    # -- logging option ---------------------------------------------------------------------
    def ask_log_folder(self) -> str:
        start = self.log_folder_setting() or app_state.last_folder(self.qs)
        return QFileDialog.getExistingDirectory(self.window, "Log runs to folder", start)

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
        tip = (f"Each run writes statistics.csv and TensorBoard files into a new folder "
               f"inside {folder}" if folder else "Write each run's statistics.csv and "
               "TensorBoard files into a new folder inside a folder you choose")
        self.log_action.setToolTip(tip)
        self.log_action.setStatusTip(tip)

    # -- names --------------------------------------------------------------------------------
    def run_name(self) -> str:
        """The saved file's name, or agent-env-seed for a run never saved."""
        if self.current_path is not None:
            stem = self.current_path.stem
            return stem[:-len("-best")] if stem.endswith("-best") else stem
        c = self.window.run_config or self.window.settings_panel.config
        return re.sub(r"[^A-Za-z0-9._-]", "_", f"{c.agent}-{c.env_id}-seed{c.seed}")

    def best_path(self) -> Path:
        folder = self.current_path.parent if self.current_path is not None else self.data_dir
        return folder / f"{self.run_name()}-best{SUFFIX}"

    # -- a run's life ---------------------------------------------------------------------
    def plan_start(self, config: Config) -> Factory | None:
        """The trainer factory for Start: continue the opened agent, or a new run.

        None (with a status message) when the opened run already has the episodes asked for.
        """
        w = self.window
        base = w.trainer_factory or new_trainer
        bundle, note = self.loaded, ""
        if bundle is not None:
            fixed = fixed_differences(config, bundle.config)
            done = episodes_done(bundle)
            if fixed:
                note = (f"Starting a new run: {', '.join(fixed)} differ(s) from the opened "
                        f"agent's, so it cannot continue.")
                bundle = None
            elif config.episodes <= done:
                w.statusBar().showMessage(
                    f"The opened run already has {done} episodes: set Episodes above {done} "
                    f"to continue it, or Reset to start a new run.", 15_000)
                return None
            else:
                base = continue_factory(bundle)
                note = f"Continuing the opened run from episode {done}."
        self.loaded, self.continuing = None, bundle
        if bundle is None:   # a new run is not the opened file's
            self.current_path, self.contents = None, None
        self.dirty, self.best_mean = False, float("-inf")
        # Parentless: dropped with the next run (it may hold the last run's final state).
        self.hooks = hooks = RunHooks(self.log_folder(), self.run_name())
        hooks.message.connect(self._show_message)
        hooks.saved.connect(self._on_saved)
        hooks.evaluation.connect(w._on_evaluation)
        hooks.errored.connect(w._on_error)
        if note:
            w.statusBar().showMessage(note, 10_000)
        self.update_title()
        return hooks.wrap(base)

    def _show_message(self, text: str) -> None:
        self.window.statusBar().showMessage(text, 15_000)

    def run_ready(self, config: Config) -> None:
        """A continued run is built: its earlier curves first, then a mark for new settings."""
        bundle, self.continuing = self.continuing, None
        if bundle is None:
            return
        self.show_statistics(bundle)
        changes = tuple((k, getattr(bundle.config, k), v)
                        for k, v in live_differences(config, bundle.config).items())
        if changes:
            c = bundle.manifest["counters"]
            ev = SettingsChanged(int(c["env_steps"]), int(c["episodes"]), changes)
            self.window.changes.append(ev)
            self.window._each("mark_change", ev)

    def episode_done(self) -> None:
        if not self.dirty:
            self.dirty = True
            self.update_title()

    def run_finished(self) -> None:
        """The run's thread has ended: keep what it left for saving."""
        hooks = self.hooks
        if hooks is not None and hooks.final is not None:
            self.contents = hooks.final
            self.best_mean = max(self.best_mean, hooks.best_mean)
        self.update_title()

    def reset(self) -> None:
        """The run's data was cleared: nothing to save, no file."""
        self.current_path = self.contents = self.loaded = self.continuing = None
        self.dirty, self.best_mean = False, float("-inf")
        self.update_title()

    # -- saving ---------------------------------------------------------------------------
    def save_to(self, path: str | Path) -> bool:
        """Save the run to ``path``: at the next safe point during a run, else at once."""
        w = self.window
        if w.session is not None and w.session.running and self.hooks is not None:
            self.hooks.save(w.session.control, path)
            w.statusBar().showMessage(f"Saving to {path} at the next safe point…", 10_000)
            return True
        if self.contents is None:
            w.statusBar().showMessage("Nothing to save yet: train a run or open an agent "
                                      "first.", 10_000)
            return False
        return self.write(path, self.contents)

    def write(self, path: str | Path, contents: tuple[dict, dict], best: bool = False) -> bool:
        """Write kept contents (GUI thread, NumPy only); a failure is shown, nothing lost."""
        try:
            size = write_bundle(path, *contents)
        except BundleError as exc:
            self.window.show_error("Autosave of the best agent failed" if best else
                                   "Saving failed", str(exc))
            return False
        episodes = contents[0]["counters"]["episodes"]
        if best:
            self.window.statusBar().showMessage(
                f"New best greedy mean: the agent after {episodes} episodes is saved to "
                f"{path}", 15_000)
        else:
            self.dirty = False
            self.after_save(Path(path), f"{episodes} episodes ({size / 1e6:.1f} MB)")
        return True

    def _on_saved(self, result: SaveResult | BundleError, kind: str) -> None:
        if isinstance(result, BundleError):
            self.window.show_error("Autosave of the best agent failed" if kind == "best"
                                   else "Saving failed", str(result))
        elif kind == "best":
            self.window.statusBar().showMessage(
                f"New best greedy mean: the agent after {result.episode} episodes is saved "
                f"to {result.path}", 15_000)
        else:
            self.dirty = False
            note = " (inside an episode: continuing starts a new one)" \
                if result.mid_episode else ""
            self.after_save(result.path, f"{result.episode} episodes "
                                         f"({result.bytes / 1e6:.1f} MB){note}")

    def after_save(self, path: Path, what: str) -> None:
        """Overridden by FileActions (recent files, title)."""
        self.current_path = Path(path).resolve()
        self.update_title()

    def update_title(self) -> None:
        """Overridden by FileActions."""

    def show_statistics(self, bundle: Bundle) -> None:
        """Overridden by FileActions."""

    # -- autosave of the best agent -------------------------------------------------------
    def autosave_on(self) -> bool:
        return self.autosave_action.isChecked()

    def _best_folder_ready(self) -> bool:
        folder = self.best_path().parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            self.window.show_error("Autosave of the best agent failed",
                                   f"Cannot create {folder}: {exc.strerror or exc}.")
            return False
        return True

    def evaluate_run(self, session) -> None:
        """Evaluate during a run; with autosave, save a new best on the training thread."""
        if self.autosave_on() and self.hooks is not None and self._best_folder_ready():
            self.hooks.evaluate_and_keep_best(session.control, self.best_path(),
                                              EVAL_EPISODES, EVAL_SEED)
        else:
            session.evaluate()

    def evaluated_after_run(self, result: tuple) -> None:
        """An evaluation of the finished (or opened) agent: autosave it if it is the best."""
        _, scores = result
        if not (self.autosave_on() and scores and self.contents is not None):
            return
        mean = sum(scores) / len(scores)
        if mean > self.best_mean and self._best_folder_ready():
            self.best_mean = mean
            self.write(self.best_path(), self.contents, best=True)

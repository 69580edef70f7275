"""What a run does on its training thread besides training: logging, saving, the final state.

:class:`RunHooks` wraps the worker's trainer factory (``TrainingSession(..., factory)``), so
without changing the worker it runs on the training thread, where TensorFlow lives:

* a :class:`dqn_lab.core.run_log.RunLogger` fed every event (``statistics.csv`` + TensorBoard);
* at the end of the run, a copy of the whole agent state in memory
  (``dqn_lab.core.persistence.bundle_contents``: NumPy arrays and JSON values), so the run can still
  be saved with ``write_bundle`` on the GUI thread after its thread has ended;
* requests queued through ``control.request``: saving during a run, and "evaluate greedily,
  and save if this is the best agent so far" (exactly the evaluated weights).

Results come back through Qt signals (queued to the GUI thread); nothing here touches a
widget.
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from dqn_lab.core.config import Config
from dqn_lab.core.persistence import BundleError, bundle_contents, save_bundle, save_request
from dqn_lab.core.population_run import PopulationLog
from dqn_lab.core.run_log import RunLogError, RunLogger, new_run_dir
from dqn_lab.core.training import TrainingControl
from dqn_lab.gui.i18n import error_text, message_text, translate
from dqn_lab.gui.worker import evaluate_trainer

Factory = Callable[[Config, TrainingControl], Any]


class HookedTrainer:
    """A trainer whose ``run()`` also logs each event and keeps the final state in memory."""

    def __init__(self, trainer, hooks: RunHooks) -> None:
        self._trainer = trainer
        self._hooks = hooks

    def __getattr__(self, name: str) -> Any:
        return getattr(self._trainer, name)

    def run(self):
        trainer, hooks = self._trainer, self._hooks
        logger = hooks.open_logger(trainer.config)
        try:
            for event in trainer.run():
                if logger is not None:
                    warning = logger.handle(event)
                    if warning:
                        hooks.message.emit(message_text(warning))
                yield event
            hooks.capture(trainer)
        finally:
            if logger is not None:
                logger.close()


class RunHooks(QObject):
    """One run's training-thread helpers; see the module docstring."""

    message = Signal(str)  # for the status bar (log folder, log failures)
    saved = Signal(object, str)  # SaveResult or BundleError, and "save" or "best"
    evaluation = Signal(object)  # (episode, scores, ends), like the worker's
    errored = Signal(str, str)

    def __init__(
        self, log_folder: str | None = None, label: str = "", parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.log_folder = log_folder
        self.label = label
        self.log_dir: Path | None = None
        self.best_mean = float("-inf")  # read and written on the training thread only
        self._lock = threading.Lock()
        self._final: tuple[dict, dict] | None = None

    # -- the factory --------------------------------------------------------------------
    def wrap(self, factory: Factory) -> Factory:
        """``factory`` whose trainer logs, keeps its final state and can save."""

        def build(config: Config, control: TrainingControl) -> HookedTrainer:
            return HookedTrainer(factory(config, control), self)

        return build

    def open_logger(self, config: Config) -> RunLogger | None:
        if not self.log_folder:
            return None
        self.log_dir = new_run_dir(self.log_folder, self.label)
        try:
            logger = RunLogger(self.log_dir, config)
        except RunLogError as exc:
            self.message.emit(
                translate("RunHooks", "This run is not logged: {0}").format(error_text(exc))
            )
            return None
        for warning in logger.warnings:
            self.message.emit(warning)
        self.message.emit(translate("RunHooks", "Logging this run to {0}").format(self.log_dir))
        return logger

    def open_population_log(self, run) -> HookedPopulationLog | None:
        """A population's log (``core.population_run.PopulationLog``: one solo-format log per
        member, ``seed-S/``, in a new run folder), or None when logging is off or the
        folder cannot be used (the status bar says why). On the training thread."""
        if not self.log_folder:
            return None
        self.log_dir = new_run_dir(self.log_folder, self.label)
        try:
            log = PopulationLog(self.log_dir, run)
        except RunLogError as exc:
            self.message.emit(
                translate("RunHooks", "This run is not logged: {0}").format(error_text(exc))
            )
            return None
        for warning in log.warnings:
            self.message.emit(warning)
        self.message.emit(
            translate("RunHooks", "Logging this run's {0} seeds to {1} (a folder per seed)").format(
                run.size, self.log_dir
            )
        )
        return HookedPopulationLog(log, self)

    def capture(self, trainer) -> None:
        """Keep a copy of the agent's whole state (on the training thread, at the end)."""
        try:
            contents = bundle_contents(trainer, include_memory=True)
        except Exception as exc:  # noqa: BLE001 - the run itself succeeded
            message = translate("RunHooks", "The finished run cannot be kept for saving: {0}")
            self.errored.emit(message.format(error_text(exc)), traceback.format_exc())
            return
        with self._lock:
            self._final = contents

    @property
    def final(self) -> tuple[dict, dict] | None:
        """(manifest, arrays) of the ended run for ``write_bundle``, or None."""
        with self._lock:
            return self._final

    # -- requests (queued through the control; run on the training thread) -----------------
    def save(self, control: TrainingControl, path: str | Path) -> None:
        control.request(save_request(path, True, lambda result: self.saved.emit(result, "save")))

    def evaluate_and_keep_best(
        self, control: TrainingControl, path: str | Path, episodes: int, seed: int
    ) -> None:
        """Evaluate greedily; if the mean beats the best so far, save these exact weights."""

        def request(trainer) -> None:
            scores, ends = evaluate_trainer(trainer, episodes, seed, control, self.errored)
            if not scores:
                return
            self.evaluation.emit((trainer.episode, scores, ends))
            mean = sum(scores) / len(scores)
            if mean > self.best_mean:
                self.best_mean = mean
                try:
                    result = save_bundle(path, trainer)
                except BundleError as exc:
                    self.saved.emit(exc, "best")
                else:
                    self.saved.emit(result, "best")

        control.request(request)


class HookedPopulationLog:
    """A :class:`PopulationLog` whose write failures reach the status bar (once each)."""

    def __init__(self, log: PopulationLog, hooks: RunHooks) -> None:
        self.log = log
        self._hooks = hooks

    def _say(self, warning) -> None:
        if warning:
            self._hooks.message.emit(message_text(warning))

    def episode(self, k: int, event) -> None:
        self._say(self.log.episode(k, event))

    def settings_changed(self, event) -> None:
        self._say(self.log.settings_changed(event))

    def finished(self, summary: dict) -> None:
        self._say(self.log.finished(summary))

    def close(self) -> None:
        self.log.close()

"""Greedy evaluation of the last policy when no run is active, on a short-lived thread."""

from __future__ import annotations

from typing import Callable, Iterable

from PySide6.QtCore import QObject, QThread, Slot

from gui.worker import EvaluationWorker, start_in_thread


class IdleEvaluation(QObject):
    """At most one :class:`EvaluationWorker` at a time; ``stop()`` joins its thread."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.job: tuple[QThread, EvaluationWorker] | None = None
        self._done: Callable[[], None] | None = None

    @property
    def busy(self) -> bool:
        return self.job is not None

    def start(self, snapshot: dict, max_steps: int | None,
              on_result: Iterable[Callable[[tuple], None]],
              on_error: Callable[[str, str], None], on_done: Callable[[], None]) -> bool:
        """Evaluate ``snapshot['policy']``; False when one is already running."""
        if self.job is not None:
            return False
        worker = EvaluationWorker(snapshot["policy"], snapshot["env_id"], snapshot["episode"],
                                  max_steps)
        for slot in on_result:
            worker.evaluation.connect(slot)
        worker.errored.connect(on_error)
        worker.finished.connect(self._finished)
        self._done = on_done
        self.job = (start_in_thread(worker, "dqn-lab-evaluation"), worker)
        return True

    @Slot()
    def _finished(self) -> None:
        self.stop()
        if self._done is not None:
            self._done()

    def stop(self) -> None:
        """Stop the evaluation (if any) and wait for its thread."""
        if self.job is not None:
            thread, worker = self.job
            worker.control.stop()
            thread.quit()
            thread.wait()
            self.job = None

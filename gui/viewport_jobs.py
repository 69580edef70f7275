"""One background job at a time for the viewport: greedy evaluation or a GIF/MP4 export.

A :class:`JobRunner` runs ``fn(progress, should_stop)`` on a ``QThread`` (the functions of
``core.recording``), shows a ``QProgressDialog`` with a Cancel button, and reports the result
or a one-line error through signals. Cancelling sets a plain flag that the job polls (a busy
thread runs no queued slots); the thread always ends by itself, and :meth:`shutdown` waits
for it.
"""

from __future__ import annotations

import time
from typing import Callable

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from core.recording import Cancelled

CANCELLED = "Cancelled."


class _Job(QObject):
    """Runs ``fn(progress, should_stop)`` on its thread; the GUI sets ``cancelled``."""

    progress = Signal(float, str)
    done = Signal(object)
    failed = Signal(str)
    finished = Signal()

    def __init__(self, fn: Callable) -> None:
        super().__init__()
        self._fn = fn
        self.cancelled = False
        self._last_progress = 0.0

    def _report(self, fraction: float, message: str) -> None:
        now = time.monotonic()                  # at most ~20 progress signals per second
        if now - self._last_progress >= 0.05 or fraction >= 1.0:
            self._last_progress = now
            self.progress.emit(fraction, message)

    @Slot()
    def run(self) -> None:
        try:
            result = self._fn(self._report, lambda: self.cancelled)
        except Cancelled:
            self.failed.emit(CANCELLED)
        except Exception as exc:  # noqa: BLE001 - shown to the user, never a traceback
            self.failed.emit(f"{type(exc).__name__}: {exc}")
        else:
            self.done.emit(result)
        finally:
            self.finished.emit()


class JobRunner(QObject):
    """Runs one job at a time on a QThread, with a progress dialog over ``parent``."""

    done = Signal(str, object)      # (job kind, result)
    failed = Signal(str)            # a sentence for the status line, or CANCELLED
    busy_changed = Signal(bool)

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self._parent = parent
        self._job: _Job | None = None
        self._thread: QThread | None = None
        self._dialog: QProgressDialog | None = None
        self._kind = ""

    @property
    def busy(self) -> bool:
        return self._job is not None

    def start(self, kind: str, fn: Callable, label: str) -> bool:
        """Run ``fn(progress, should_stop)``; False if another job is still running."""
        if self._job is not None:
            return False
        thread, job = QThread(self), _Job(fn)
        job.moveToThread(thread)
        thread.started.connect(job.run)
        job.done.connect(self._done)
        job.failed.connect(self.failed)
        job.progress.connect(self._progress)
        job.finished.connect(thread.quit)
        thread.finished.connect(self._ended)
        self._job, self._thread, self._kind = job, thread, kind
        dialog = QProgressDialog(label, "Cancel", 0, 1000, self._parent)
        dialog.setWindowTitle("DQN Lab")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(400)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(self.cancel)
        self._dialog = dialog
        self.busy_changed.emit(True)
        thread.start()
        return True

    def cancel(self) -> None:
        if self._job is not None:
            self._job.cancelled = True

    @Slot(object)
    def _done(self, result: object) -> None:
        self.done.emit(self._kind, result)

    @Slot(float, str)
    def _progress(self, fraction: float, message: str) -> None:
        if self._dialog is not None:
            self._dialog.setValue(int(fraction * 1000))
            self._dialog.setLabelText(message)

    @Slot()
    def _ended(self) -> None:
        thread, job, dialog = self._thread, self._job, self._dialog
        self._thread = self._job = self._dialog = None
        if thread is not None:
            thread.wait()
            thread.deleteLater()
        if job is not None:
            job.deleteLater()
        if dialog is not None:
            dialog.close()
            dialog.deleteLater()
        self.busy_changed.emit(False)

    def shutdown(self) -> None:
        """Cancel a running job and wait until its thread has ended."""
        if self._job is not None and self._thread is not None:
            self._job.cancelled = True
            self._thread.quit()
            self._thread.wait()
            self._ended()

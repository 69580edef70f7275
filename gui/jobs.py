"""Short background jobs on a ``QThread``: one runner for every job that is not the training run.

A job is a plain function ``fn(progress, should_stop) -> result`` (the shape of
``dqn_lab.core.recording``'s functions): it reports ``progress(fraction, message)`` and polls
``should_stop()``. :class:`JobRunner` runs one job at a time on a thread of its own,
following superqt's ``create_worker``: a busy thread runs no queued slots, so cancelling
sets a plain flag the job polls; every exception is emitted (``failed`` with the message and
the traceback), never swallowed, and reported once the thread has ended;
:meth:`JobRunner.shutdown` cancels and joins the thread (the window calls it when it closes).

Jobs today: the greedy evaluation when no run is active (the run model), the viewport's
Evaluate and Record (with the progress dialog), and reading a bundle that the user opens (the
File menu: no dialog, its progress is shown in the status bar).
"""

from __future__ import annotations

import time
import traceback
from collections.abc import Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QObject, Qt, QThread, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from dqn_lab.core.messages import Message
from dqn_lab.core.recording import Cancelled
from dqn_lab.gui.i18n import error_text, message_text, translate
from dqn_lab.gui.worker import lower_this_thread_priority

CANCELLED = QT_TRANSLATE_NOOP("Jobs", "Cancelled.")  # shown as translate("Jobs", CANCELLED)
PROGRESS_INTERVAL_S = 0.05  # at most ~20 progress signals a second reach the GUI thread


class _Job(QObject):
    """Runs ``fn(progress, should_stop)`` on its thread; the GUI thread sets ``cancelled``."""

    progress = Signal(float, str)
    done = Signal(object)
    failed = Signal(str, str)  # message, traceback
    cancelled_signal = Signal()
    finished = Signal()

    def __init__(self, fn: Callable) -> None:
        super().__init__()
        self._fn = fn
        self.cancelled = False
        self._last_progress = 0.0

    def _report(self, fraction: float, message: str = "") -> None:
        now = time.monotonic()
        if now - self._last_progress >= PROGRESS_INTERVAL_S or fraction >= 1.0:
            self._last_progress = now
            if isinstance(message, Message):  # a core progress text: in the interface language
                message = message_text(message)
            self.progress.emit(float(fraction), message)

    @Slot()
    def run(self) -> None:
        # Reading a large file is seconds of Python: on a busy machine the GUI thread must
        # not wait behind it for a CPU.
        lower_this_thread_priority()
        try:
            result = self._fn(self._report, lambda: self.cancelled)
        except Cancelled:
            self.cancelled_signal.emit()
        except Exception as exc:  # noqa: BLE001 - emitted: the GUI shows it, never a crash
            text = error_text(exc)  # a core error in the interface language
            self.failed.emit(text if text else type(exc).__name__, traceback.format_exc())
        else:
            if self.cancelled:  # finished after Cancel: the result is not wanted
                self.cancelled_signal.emit()
            else:
                self.done.emit(result)
        finally:
            self.finished.emit()


class JobRunner(QObject):
    """One job at a time on a QThread, optionally with a progress dialog over ``parent``.

    Signals carry the job's ``kind`` (a name given to :meth:`start`), so one runner serves
    several kinds of job and its owner tells the results apart.
    """

    done = Signal(str, object)  # kind, result
    failed = Signal(str, str, str)  # kind, message, traceback
    cancelled = Signal(str)  # kind
    busy_changed = Signal(bool)
    progress = Signal(str, float, str)  # kind, fraction, message (at most ~20 a second)

    def __init__(self, parent: QObject | None = None, thread_name: str = "dqn-lab-job") -> None:
        super().__init__(parent)
        self._parent_widget = parent if isinstance(parent, QWidget) else None
        self._thread_name = thread_name
        self._job: _Job | None = None
        self._thread: QThread | None = None
        self._dialog: QProgressDialog | None = None
        self._kind = ""
        self._outcome: tuple | None = None  # (signal, args) to emit when the thread ends
        self._in_progress = False  # inside the dialog's setValue (see _progress)

    @property
    def busy(self) -> bool:
        return self._job is not None

    @property
    def kind(self) -> str:
        """The running job's kind ('' when idle)."""
        return self._kind if self._job is not None else ""

    @property
    def dialog(self) -> QProgressDialog | None:
        """The running job's progress dialog (None without a label or when idle)."""
        return self._dialog

    def start(
        self, kind: str, fn: Callable, label: str | None = None, dialog_after_ms: int = 400
    ) -> bool:
        """Run ``fn(progress, should_stop)``; False if another job is still running.

        With a ``label``, a window-modal progress dialog with a Cancel button appears if the
        job takes longer than ``dialog_after_ms``. Its ``setValue`` runs a nested event loop
        that can hold the window for most of a second, so a job that must keep the window
        responsive (opening a file) passes no label and shows ``progress`` itself.
        """
        if self._job is not None:
            return False
        thread, job = QThread(self), _Job(fn)
        thread.setObjectName(self._thread_name)
        job.moveToThread(thread)
        thread.started.connect(job.run)
        job.done.connect(self._done)
        job.failed.connect(self._failed)
        job.cancelled_signal.connect(self._cancelled)
        job.progress.connect(self._progress)
        # Direct: the thread quits from itself, so a GUI thread blocked in wait() is fine.
        job.finished.connect(thread.quit, Qt.ConnectionType.DirectConnection)
        thread.finished.connect(self._ended)
        self._job, self._thread, self._kind = job, thread, kind
        if label is not None:
            dialog = QProgressDialog(
                label, translate("Jobs", "Cancel"), 0, 1000, self._parent_widget
            )
            dialog.setWindowTitle("DQN Lab")
            dialog.setWindowModality(Qt.WindowModality.WindowModal)
            dialog.setMinimumDuration(dialog_after_ms)
            dialog.setAutoClose(False)
            dialog.setAutoReset(False)
            dialog.canceled.connect(self.cancel)
            self._dialog = dialog
        self.busy_changed.emit(True)
        thread.start()
        return True

    def cancel(self) -> None:
        """Ask the running job to stop (it ends at its next ``should_stop()``)."""
        if self._job is not None:
            self._job.cancelled = True

    # The outcome is reported once the thread has ended, so the runner is idle (``busy``
    # False) when its owner hears of it, and may start the next job from the handler.
    @Slot(object)
    def _done(self, result: object) -> None:
        self._report(self.done, self._kind, result)

    @Slot(str, str)
    def _failed(self, message: str, details: str) -> None:
        self._report(self.failed, self._kind, message, details)

    @Slot()
    def _cancelled(self) -> None:
        self._report(self.cancelled, self._kind)

    def _report(self, signal, *args) -> None:
        if self._job is None:  # ended already (shutdown joined the thread)
            signal.emit(*args)
        else:
            self._outcome = (signal, args)

    @Slot(float, str)
    def _progress(self, fraction: float, message: str) -> None:
        if self._job is not None:
            self.progress.emit(self._kind, fraction, message)
        dialog = self._dialog
        if dialog is None or self._in_progress:
            return
        # A shown modal QProgressDialog processes events in setValue: the job may end (and
        # its dialog close) in there, so the dialog is deleted only once setValue returned.
        self._in_progress = True
        try:
            if message:
                dialog.setLabelText(message)
            dialog.setValue(int(fraction * 1000))
        finally:
            self._in_progress = False
            if self._dialog is not dialog:
                dialog.deleteLater()

    @Slot()
    def _ended(self) -> None:
        thread, job, dialog = self._thread, self._job, self._dialog
        if thread is None:
            return
        self._thread = self._job = self._dialog = None
        thread.wait()
        thread.deleteLater()
        if job is not None:
            job.deleteLater()
        if dialog is not None:
            dialog.close()
            if not self._in_progress:  # else deleted when its setValue returns
                dialog.deleteLater()
        self.busy_changed.emit(False)
        outcome, self._outcome = self._outcome, None
        if outcome is not None:
            signal, args = outcome
            signal.emit(*args)

    def shutdown(self) -> None:
        """Cancel a running job and wait until its thread has ended."""
        if self._job is not None and self._thread is not None:
            self._job.cancelled = True
            self._thread.wait()
            self._ended()

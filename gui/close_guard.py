"""Closing a window whose work stops with it (the Compare and Study windows).

Both cancel their runs or stop their workers when they close. :class:`CloseGuard` gives such a
window Ctrl+W, as its title bar's close button, and asks before either of them ends work that
is still going; a close from the program (the main window quitting, tests) does not ask.
"""

from __future__ import annotations

from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QMessageBox, QWidget


class CloseGuard:
    """Mixin for a ``QWidget`` window: call :meth:`guard_close` in ``__init__`` and
    :meth:`close_allowed` first in ``closeEvent``. ``work_running`` (a callable) and
    :meth:`ask_close` (the question) may be replaced, as tests do."""

    def guard_close(self, busy, question: str) -> None:
        """Ctrl+W closes the window; while ``busy()``, a close by the user asks
        ``question`` (yes closes)."""
        self.work_running, self._question, self._confirmed = busy, question, False
        QShortcut(QKeySequence("Ctrl+W"), self, self._close_by_key)

    def ask_close(self) -> bool:
        window: QWidget = self  # type: ignore[assignment]
        b = QMessageBox.StandardButton
        return QMessageBox.question(window, window.windowTitle(), self._question) == b.Yes

    def _close_by_key(self) -> None:
        if self.work_running() and not self.ask_close():
            return
        self._confirmed = True
        self.close()  # type: ignore[attr-defined]

    def close_allowed(self, event: QCloseEvent) -> bool:
        """False (the event ignored) when the user closed the window while it was busy and
        did not confirm."""
        confirmed, self._confirmed = self._confirmed, False
        if event.spontaneous() and not confirmed and self.work_running() and not self.ask_close():
            event.ignore()
            return False
        return True

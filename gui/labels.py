"""Labels that keep their panel's layout sound: a one-line label elided to any width
(:class:`ElidedLabel`), and a word-wrapped label that claims the height its lines need
(:class:`WrappingLabel`)."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QLabel, QSizePolicy


class ElidedLabel(QLabel):
    """``QLabel`` for a line that can outgrow its panel (the learning curves' header).

    A plain label asks for its whole text's width as its minimum: a long header (episode,
    score, mean, speed, epsilon and learning rate) made the panel, and with it the window,
    wider than a laptop's screen while a run was shown. This one may shrink to nothing;
    ``setText`` keeps the full text (:meth:`full_text`), shows what fits, cut at the end
    with "…", and puts the full text in the tooltip while it is cut.
    """

    def __init__(self, text: str = "", parent=None) -> None:
        super().__init__(parent)
        self._full = ""
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setText(text)

    def full_text(self) -> str:
        """The text as set, before eliding."""
        return self._full

    def setText(self, text: str) -> None:  # noqa: N802 - Qt name
        self._full = text
        self._fit()

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt name
        return QSize(0, super().minimumSizeHint().height())

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt name
        return QSize(self.fontMetrics().horizontalAdvance(self._full), super().sizeHint().height())

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt name
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        shown = self.fontMetrics().elidedText(
            self._full, Qt.TextElideMode.ElideRight, max(self.contentsRect().width(), 0)
        )
        if shown != super().text():
            super().setText(shown)
        tip = self._full if shown != self._full else ""
        if tip != self.toolTip():  # a new tooltip costs an event: only on change
            self.setToolTip(tip)
        if self.accessibleDescription() != self._full:  # a screen reader reads it whole
            self.setAccessibleDescription(self._full)


class WrappingLabel(QLabel):
    """A word-wrapped ``QLabel`` whose minimum height is its text's height at its width.

    Qt's layouts take a label's minimum height from one line, not from its wrapped lines:
    in a short dock, the viewport's two-line score line and readout were laid out over the
    bottom of the picture. This label's minimum is the height of its lines at its current
    width, asked again when the width or the text changes, so the layout makes room (or
    the dock cannot get that short).
    """

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt name
        hint = super().minimumSizeHint()
        if self.width() > 0:
            hint.setHeight(max(hint.height(), self.heightForWidth(self.width())))
        return hint

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt name
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.updateGeometry()  # the lines, and so the minimum height, may change

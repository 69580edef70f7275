"""Labels that keep their panel's layout sound: a one-line label elided to any width
(:class:`ElidedLabel`), a word-wrapped label that claims the height its lines need
(:class:`WrappingLabel`), and tooltips that wrap (:func:`wrapped_tip`)."""

from __future__ import annotations

import html

from PySide6 import QtGui
from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QCursor
from PySide6.QtWidgets import QLabel, QSizePolicy, QToolTip

LONG_TIP = 100  # characters: a plain tooltip longer than this shows wrapped


def wrapped_tip(text: str) -> str:
    """``text`` as a tooltip that wraps: Qt shows a plain-text tooltip on one line however
    long it is (the longest settings' help reached ~1,900 px in German), and rich text
    wrapped at about 80 characters. Short texts stay plain."""
    if len(text) <= LONG_TIP or QtGui.Qt.mightBeRichText(text):  # rich text wraps already
        return text
    return "<p>" + html.escape(text, quote=False).replace("\n", "<br>") + "</p>"


class ElidedLabel(QLabel):
    """``QLabel`` for a line that can outgrow its panel (the learning curves' header).

    A plain label asks for its whole text's width as its minimum: a long header (episode,
    score, mean, speed, epsilon and learning rate) made the panel, and with it the window,
    wider than a laptop's screen while a run was shown. This one may shrink to nothing;
    ``setText`` keeps the full text (:meth:`full_text`), shows what fits, cut at the end
    with "…", and puts the full text in the tooltip while it is cut (a tooltip on screen
    follows the text) and in the accessible description. ``text()`` is what is shown.
    """

    def __init__(self, text: str = "", parent=None) -> None:
        super().__init__(parent)
        self._full = ""
        self.setTextFormat(Qt.TextFormat.PlainText)  # eliding counts plain characters
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setText(text)

    def full_text(self) -> str:
        """The text as set, before eliding."""
        return self._full

    def setText(self, text: str) -> None:  # noqa: N802 - Qt name
        self._full = text
        self._fit()

    def clear(self) -> None:
        self.setText("")

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt name
        return QSize(0, super().minimumSizeHint().height())

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt name
        super().resizeEvent(event)
        self._fit()

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt name
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:  # a style sheet or the app's font
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
            if QToolTip.isVisible() and self.underMouse():  # the shown tooltip follows
                if tip:
                    QToolTip.showText(QCursor.pos(), tip, self)
                else:
                    QToolTip.hideText()
        if self.accessibleDescription() != self._full:  # a screen reader reads it whole
            self.setAccessibleDescription(self._full)


class WrappingLabel(QLabel):
    """A word-wrapped ``QLabel`` whose minimum height is its text's height at the width
    it is given (a vertical layout's, or its own in a row).

    Qt's layouts take a label's minimum height from one line, not from its wrapped lines:
    in a short dock, the viewport's two-line score line and readout were laid out over the
    bottom of the picture. This label's minimum is the height of its lines at the width its
    layout gives it, asked again when that width or the text changes, so the layout makes
    room (or the dock cannot get that short). The width is the layout's, not the label's
    own: a label never laid out (hidden until now) has Qt's default 100 px, whose many
    lines made the window grow when it was first shown.

    In a row (``in_row``: a toolbar, whose layout gives the label the width the other
    items leave) the width is the label's own, and its minimum width is ``min_width``: a
    wrapped label's own minimum is the height of its text at its narrowest, which made the
    first-view hint's toolbar, and the window, 100 px taller.
    """

    def __init__(self, parent=None, in_row: bool = False, min_width: int = 0) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self._in_row, self._min_width = in_row, min_width

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt name
        hint = super().minimumSizeHint()
        if self._in_row:
            return QSize(self._min_width, self._row_height())
        width = self._layout_width()
        if width > 0:
            hint.setHeight(max(hint.height(), self.heightForWidth(width)))
        return hint

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt name
        hint = super().sizeHint()
        if self._in_row:
            hint.setHeight(self._row_height())
        return hint

    def _row_height(self) -> int:
        """In a row: the height of the lines at the label's width (one line before it has
        one)."""
        if not self.testAttribute(Qt.WidgetAttribute.WA_Resized) or self.width() <= 0:
            return self.fontMetrics().lineSpacing() + self.contentsMargins().top() * 2
        return self.heightForWidth(self.width())

    def _layout_width(self) -> int:
        """The width of the parent's layout (a vertical one gives its items all of it), or
        0 before that layout has a geometry."""
        parent = self.parentWidget()
        layout = parent.layout() if parent is not None else None
        if layout is None or layout.geometry().isEmpty():
            return 0
        return layout.contentsRect().width()

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt name
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.updateGeometry()  # the lines, and so the minimum height, may change

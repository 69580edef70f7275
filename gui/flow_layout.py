"""A layout that lays its items out in a row and wraps them onto more rows when the row is
too narrow (Qt's "Flow Layout" example), for the viewport's controls in a narrow dock:
groups of controls in a flow, each group a flow of its own that wraps only when it is
wider than the dock."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QWidget, QWidgetItem


class FlowLayout(QLayout):
    """Items left to right at their size hints, wrapped onto a new row where the next one
    would not fit. Its height depends on its width (``heightForWidth``); its minimum width
    is its widest item's, so a dock can be as narrow as one item.

    A widget laid out by it claims the rows' height at its width as its minimum height
    (Qt's box layouts give a height-for-width child only its ``minimumSize``, one row here,
    so a short dock would lay the rows over the widgets below).
    """

    def __init__(self, parent: QWidget | None = None, spacing: int = 6, row_gap: int = 2) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self.setSpacing(spacing)  # between the items of a row
        self.row_gap = row_gap  # between rows
        self.setContentsMargins(0, 0, 0, 0)

    # -- QLayout ---------------------------------------------------------------------------
    def addItem(self, item: QLayoutItem) -> None:  # noqa: N802 - Qt name
        self._items.append(item)

    def addWidget(self, widget: QWidget) -> None:  # noqa: N802 - Qt name
        self.addChildWidget(widget)
        self.addItem(QWidgetItem(widget))

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 - Qt name
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 - Qt name
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:  # noqa: N802 - Qt name
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt name
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt name
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802 - Qt name
        super().setGeometry(rect)
        self._arrange(rect, move=True)
        parent = self.parentWidget()
        if parent is not None and parent.layout() is self:  # (not a nested layout's parent)
            # the rows' height at this width (see the class docstring)
            need = self.heightForWidth(rect.width())
            if parent.minimumHeight() != need:
                parent.setMinimumHeight(need)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt name
        """Every item in one row."""
        shown = [i for i in self._items if not i.isEmpty()]
        width = sum(i.sizeHint().width() for i in shown) + self.spacing() * max(len(shown) - 1, 0)
        height = max((i.sizeHint().height() for i in shown), default=0)
        m = self.contentsMargins()
        return QSize(width + m.left() + m.right(), height + m.top() + m.bottom())

    def minimumSize(self) -> QSize:  # noqa: N802 - Qt name
        """The widest item's minimum width (an item that wraps itself, a group of controls
        in a flow of its own, may be narrower than its row); one row's height (the rows'
        height is per width)."""
        size = QSize()
        for item in self._items:
            if not item.isEmpty():
                size = size.expandedTo(item.minimumSize())
        m = self.contentsMargins()
        return size + QSize(m.left() + m.right(), m.top() + m.bottom())

    # -- arrangement -----------------------------------------------------------------------
    def _arrange(self, rect: QRect, move: bool) -> int:
        """Place the items in ``rect`` (or only measure, ``move=False``); the height used."""
        m = self.contentsMargins()
        area = rect.adjusted(m.left(), m.top(), -m.right(), -m.bottom())
        x, y, row_height = area.x(), area.y(), 0
        gap = self.spacing()
        for item in self._items:
            if item.isEmpty():
                continue
            hint = item.sizeHint()
            width = min(hint.width(), area.width())  # a wider one wraps itself
            height = item.heightForWidth(width) if item.hasHeightForWidth() else hint.height()
            if x > area.x() and x + width > area.right() + 1:  # wrap
                x, y, row_height = area.x(), y + row_height + self.row_gap, 0
            if move:
                item.setGeometry(QRect(QPoint(x, y), QSize(width, height)))
            x += width + gap
            row_height = max(row_height, height)
        return y + row_height - rect.y() + m.bottom()

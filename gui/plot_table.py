"""A plot's values as a table (accessibility: a screen reader cannot read a curve).

:class:`ColumnsModel` shows columns of NumPy arrays (the ones a plot draws) in a
``QTableView``; :class:`PlotOrTable` holds a plot widget and that table in a stack, with a
"Show as table" toggle that switches between them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QLocale, QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStackedWidget,
    QTableView,
    QToolButton,
    QWidget,
)


def cell_text(value: float) -> str:
    """A table cell: six significant digits in the interface's locale; NaN as empty."""
    if not np.isfinite(value):
        return ""
    return QLocale().toString(float(value), "g", 6)


class ColumnsModel(QAbstractTableModel):
    """Read-only rows of ``columns()`` (equal-length arrays; numbers, or text in an object
    array) under ``headers``."""

    def __init__(
        self, headers: Sequence[str], columns: Callable[[], Sequence[np.ndarray]], parent=None
    ) -> None:
        super().__init__(parent)
        self.headers = list(headers)
        self._columns_of = columns
        self._columns: list[np.ndarray] = []

    def reload(self) -> None:
        """Take the current values (call when the plot's data changed)."""
        self.beginResetModel()
        self._columns = [np.asarray(c) for c in self._columns_of()]
        self.endResetModel()

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802, B008 - Qt's signature
        return 0 if parent.isValid() or not self._columns else len(self._columns[0])

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802, B008 - Qt's signature
        return 0 if parent.isValid() else len(self.headers)

    def value(self, row: int, column: int) -> float | str:
        """The value in a cell: a number, or the text of a text column."""
        value = self._columns[column][row]
        return value if isinstance(value, str) else float(value)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.AccessibleTextRole,
        ):
            return None
        value = self.value(index.row(), index.column())
        return value if isinstance(value, str) else cell_text(value)

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,  # noqa: N802 - Qt name
        role: int = Qt.ItemDataRole.DisplayRole,
    ):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.headers[section] if section < len(self.headers) else None
        return None


class PlotOrTable(QStackedWidget):
    """``plot`` or a table of its values; ``toggle`` (a checkable "Show as table" button)
    switches between them. ``refresh()`` reloads the table while it is shown."""

    def __init__(
        self,
        plot: QWidget,
        headers: Sequence[str],
        columns: Callable[[], Sequence[np.ndarray]],
        name: str,
        short: bool = False,
    ) -> None:
        """``short``: the toggle says "Table" (a narrow panel), its tooltip the rest."""
        super().__init__()
        self.plot = plot
        self.model = ColumnsModel(headers, columns, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setAccessibleName(
            QCoreApplication.translate("PlotTable", "{0} as a table").format(name)
        )
        self.addWidget(plot)
        self.addWidget(self.table)
        self.toggle = QToolButton()
        self.toggle.setText(
            QCoreApplication.translate("PlotTable", "Table")
            if short
            else QCoreApplication.translate("PlotTable", "Show as table")
        )
        self.toggle.setCheckable(True)
        self.toggle.setToolTip(
            QCoreApplication.translate(
                "PlotTable",
                "Show the plotted values as a table (for screen readers and exact numbers)",
            )
        )
        self.toggle.setAccessibleName(QCoreApplication.translate("PlotTable", "Show as table"))
        self.toggle.toggled.connect(self.show_table)

    def show_table(self, on: bool) -> None:
        if on:
            self.model.reload()
        self.setCurrentWidget(self.table if on else self.plot)

    def refresh(self) -> None:
        if self.currentWidget() is self.table:
            self.model.reload()


def histogram_columns(names: Sequence[str], histograms: Sequence) -> list[np.ndarray]:
    """Table columns of histograms (a plot per feature): feature, bin from, bin to, count;
    ``histograms`` holds ``(counts, edges)`` per feature, as ``ReplayMemory.histograms``."""
    feature: list[str] = []
    low: list[float] = []
    high: list[float] = []
    count: list[float] = []
    for name, (counts, edges) in zip(names, histograms):
        counts, edges = np.asarray(counts, dtype=float), np.asarray(edges, dtype=float)
        feature += [name] * len(counts)
        low += list(edges[:-1])
        high += list(edges[1:])
        count += list(counts)
    return [np.array(feature, dtype=object), np.array(low), np.array(high), np.array(count)]

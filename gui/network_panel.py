"""The Q network: a layer table with parameter counts and a plot_model-style diagram.

Built from ``dqn_lab.core.model.describe_architecture`` (no TensorFlow needed). The snapshot's
frozen ``NumpyPolicy`` adds the RMS of each layer's weights, so one can watch them move.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QT_TRANSLATE_NOOP, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPen, QPolygonF
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dqn_lab.core.config import Config
from dqn_lab.core.environment import EnvInfo
from dqn_lab.core.model import describe_architecture
from dqn_lab.gui.dock_layout import scrolling
from dqn_lab.gui.i18n import decimal, number, translate
from dqn_lab.gui.run_panel import COLORS, RunPanel

HEADERS = (
    QT_TRANSLATE_NOOP("Network", "Layer"),
    QT_TRANSLATE_NOOP("Network", "Kind"),
    QT_TRANSLATE_NOOP("Network", "Output shape"),
    QT_TRANSLATE_NOOP("Network", "Parameters"),
    QT_TRANSLATE_NOOP("Network", "Weight RMS"),
)
KIND_COLORS = {"Input": COLORS["blue"], "Dense": COLORS["orange"], "Multiply": COLORS["green"]}


def shape_text(shape: tuple[int, ...]) -> str:
    """Keras' ``(None, 32)`` notation (batch dimension first)."""
    return "(None, " + ", ".join(str(s) for s in shape) + ")"


MARGIN = 6.0  # around the diagram
MIN_BOX_W = 64.0  # a box's least width; the diagram's minimum width follows from it
MIN_GAP = 12.0  # least room between two columns (for the arrows)


class NetworkDiagram(QWidget):
    """Boxes and arrows like Keras ``plot_model``, left to right: states → Dense … → masked_q.

    The main chain runs along the top row; the second input (action_mask) and the dueling
    value stream sit in a row below the box they feed or branch from.
    """

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.rows: list[dict] = []
        self.setMinimumSize(400, 150)

    def set_rows(self, rows: list[dict]) -> None:
        self.rows = rows
        # Wide enough for every column's box at its least width: a narrow panel scrolls
        # (gui.dock_layout.scrolling) instead of cutting the last boxes off.
        n = len(self._columns()) if rows else 0
        self.setMinimumWidth(max(400, int(2 * MARGIN + n * MIN_BOX_W + (n - 1) * MIN_GAP)))
        self.update()

    def _columns(self) -> list[tuple[dict, dict | None]]:
        """(top row, bottom row) boxes per column, left to right."""
        by_name = {r["name"]: r for r in self.rows}
        columns: list[tuple[dict, dict | None]] = [(by_name["states"], None)]
        columns += [(r, None) for r in self.rows if r["name"].startswith("hidden_")]
        if "value" in by_name:
            columns.append((by_name["advantage"], by_name["value"]))
        columns.append((by_name["q_values"], None))
        columns.append((by_name["masked_q"], by_name["action_mask"]))
        return columns

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt name
        if not self.rows:
            return
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        fg = pal.color(pal.ColorRole.Text)
        base = pal.color(pal.ColorRole.Base)
        rects = self.box_rects()
        boxes = [(rects[r["name"]], r) for r in self.rows if r["name"] in rects]
        p.setFont(self._fitting_font(boxes))
        for rect, row in boxes:
            self._box(p, rect, row, fg, base)
        p.setPen(QPen(fg, 1.3))
        for a, b in self._edges():
            if a in rects and b in rects:
                self._arrow(p, rects[a], rects[b])
        p.end()

    def box_rects(self) -> dict[str, QRectF]:
        """Where each layer's box goes at the widget's size (columns left to right)."""
        columns = self._columns()
        margin, n = MARGIN, len(columns)
        room = (self.width() - 2 * margin - n * MIN_BOX_W) / max(n - 1, 1)
        gap = max(MIN_GAP, min(18.0, room))
        w = (self.width() - 2 * margin - gap * (n - 1)) / n
        w = max(MIN_BOX_W, min(w, 160.0))
        h = max(40.0, min((self.height() - 2 * margin - gap) / 2, 72.0))
        left = max(margin, (self.width() - n * w - (n - 1) * gap) / 2)
        top = max(margin, (self.height() - 2 * h - gap) / 2)
        rects: dict[str, QRectF] = {}
        for i, (upper, lower) in enumerate(columns):
            x = left + i * (w + gap)
            rects[upper["name"]] = QRectF(x, top, w, h)
            if lower is not None:
                rects[lower["name"]] = QRectF(x, top + h + gap, w, h)
        return rects

    def _edges(self) -> list[tuple[str, str]]:
        names = [r["name"] for r in self.rows]
        hidden = [n for n in names if n.startswith("hidden_")]
        chain = ["states", *hidden]
        edges = list(zip(chain, chain[1:]))
        if "value" in names:
            edges += [
                (chain[-1], "value"),
                (chain[-1], "advantage"),
                ("value", "q_values"),
                ("advantage", "q_values"),
            ]
        else:
            edges.append((chain[-1], "q_values"))
        edges += [("q_values", "masked_q"), ("action_mask", "masked_q")]
        return edges

    @staticmethod
    def _lines(row: dict) -> list[str]:
        lines = [row["name"], row["kind"], shape_text(row["shape"])]
        if row["params"]:
            lines.append(translate("Network", "{0} params").format(number(row["params"])))
        return lines

    def _fitting_font(self, boxes: list[tuple[QRectF, dict]]) -> QFont:
        """The largest font (9 pt down to 6 pt) whose text fits every box."""
        font = QFont(self.font())
        size = 9.0
        while size > 6.0:
            font.setPointSizeF(size)
            m = QFontMetricsF(font)
            if all(
                max(m.horizontalAdvance(t) for t in self._lines(row)) <= rect.width() - 6
                and len(self._lines(row)) * m.height() <= rect.height() - 2
                for rect, row in boxes
            ):
                break
            size -= 0.5
        return font

    def _box(self, p: QPainter, rect: QRectF, row: dict, fg: QColor, base: QColor) -> None:
        kind = row["kind"].split()[0]
        tint = QColor(KIND_COLORS.get(kind, COLORS["purple"]))
        fill = QColor(
            *(round(0.75 * c1 + 0.25 * c2) for c1, c2 in zip(base.getRgb()[:3], tint.getRgb()[:3]))
        )
        p.setPen(QPen(tint, 1.6))
        p.setBrush(fill)
        p.drawRoundedRect(rect, 5, 5)
        p.setPen(fg)
        # Lines the smallest font cannot fit are elided, never cut at the box's edge.
        m = p.fontMetrics()
        lines = [
            m.elidedText(t, Qt.TextElideMode.ElideRight, int(rect.width() - 6))
            for t in self._lines(row)
        ]
        p.drawText(rect, Qt.AlignmentFlag.AlignCenter, "\n".join(lines))

    @staticmethod
    def _arrow(p: QPainter, a: QRectF, b: QRectF) -> None:
        if abs(a.center().x() - b.center().x()) < 1:  # same column: vertical
            up = b.center().y() < a.center().y()
            start = QPointF(a.center().x(), a.top() if up else a.bottom())
            end = QPointF(b.center().x(), b.bottom() if up else b.top())
        else:  # next column: to the right
            start = QPointF(a.right(), a.center().y())
            end = QPointF(b.left(), b.center().y())
        v = end - start
        d = v / max((v.x() ** 2 + v.y() ** 2) ** 0.5, 1e-9)
        path = QPainterPath(start)
        path.lineTo(end - d * 6)
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawPath(path)
        n = QPointF(-d.y(), d.x())
        p.setBrush(p.pen().color())
        p.drawPolygon(QPolygonF([end, end - d * 7 + n * 4, end - d * 7 - n * 4]))


class NetworkPanel(RunPanel):
    """Layer table (shapes, parameter counts, weight RMS) beside the drawn diagram."""

    title = "Network"

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.rows: list[dict] = []
        self._policy = None
        self._counters: dict | None = None
        self._dirty = False
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels([translate("Network", h) for h in HEADERS])
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(22)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setToolTip(
            translate(
                "Network",
                "RMS(W): root mean square of the layer's kernel weights in the latest snapshot.",
            )
        )
        self.table.setAccessibleName(translate("Network", "Network layers"))
        self.total_label = QLabel(translate("Network", "No network yet."))
        self.total_label.setWordWrap(True)
        self.counters_label = QLabel("")
        self.diagram = NetworkDiagram()
        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(6, 6, 6, 6)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        # A small dock scrolls instead of keeping the whole window large.
        outer.addWidget(scrolling(content, min_width=220, min_height=140))
        layout.addWidget(self.diagram, 1)
        layout.addWidget(self.table)
        layout.addWidget(self.total_label)
        layout.addWidget(self.counters_label)

    def start_run(self, config: Config, info: EnvInfo) -> None:
        self.show_architecture(config, info)

    def show_architecture(self, config: Config, info: EnvInfo) -> None:
        """Show the network of ``config`` on ``info`` (also usable before a run starts)."""
        self.rows = describe_architecture(
            info.state_size, info.action_size, tuple(config.hidden_sizes), config.dueling
        )
        self._policy, self._counters = None, None
        self.table.setRowCount(len(self.rows))
        for i, row in enumerate(self.rows):
            params = number(row["params"])  # "16,512" / German "16.512"
            cells = (row["name"], row["kind"], shape_text(row["shape"]), params, "–")
            for j, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if j >= 3:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(i, j, item)
        total = sum(r["params"] for r in self.rows)
        hidden = " × ".join(str(h) for h in config.hidden_sizes) or translate("Network", "none")
        head = (
            translate("Network", "dueling V + A")
            if config.dueling
            else translate("Network", "one linear Q per action")
        )
        self.total_label.setText(
            translate(
                "Network",
                "<b>Total parameters: {0}</b> (all trainable; the target "
                "network is a copy). Hidden layers: {1}; head: {2}; loss {3}. The mask keeps only "
                "the taken action's Q in the loss.",
            ).format(number(total), hidden, head, config.loss.upper())
        )
        self.counters_label.setText("")
        self.diagram.set_rows(self.rows)
        # Show every row without a scroll bar or an empty area under them.
        self.table.setFixedHeight(
            self.table.horizontalHeader().sizeHint().height()
            + 22 * len(self.rows)
            + 2 * self.table.frameWidth()
        )

    def set_snapshot(self, snap: dict) -> None:
        self._policy = snap.get("policy", self._policy)
        self._counters = snap.get("counters", self._counters)
        self._dirty = True

    def has_news(self) -> bool:
        return self._dirty and bool(self.rows)

    def refresh(self) -> None:
        if not self.has_news():
            return
        self._dirty = False
        if self._policy is not None:
            self._show_weight_rms(self._policy.weights)
        c = self._counters
        if c:
            sync = translate("Network", ", target sync pending") if c.get("sync_pending") else ""
            self.counters_label.setText(
                translate("Network", "{0} gradient updates after {1} steps; ε {2}{3}").format(
                    number(int(c.get("updates", 0))),
                    number(int(c.get("step", 0))),
                    decimal(float(c.get("epsilon", 0)), 3),
                    sync,
                )
            )

    def _show_weight_rms(self, weights: tuple[np.ndarray, ...]) -> None:
        """RMS of each Dense layer's kernel, in the order of the table's trainable rows."""
        dense = [i for i, r in enumerate(self.rows) if r["params"] > 0]
        kernels = weights[0::2]
        for row, kernel in zip(dense, kernels):
            rms = float(np.sqrt(np.mean(np.square(kernel))))
            self.table.item(row, 4).setText(decimal(rms, 3))

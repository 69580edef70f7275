"""Live-change marks on the learning curves, drawn at a cost that does not grow with their
number.

A run may record thousands of live setting changes (a file may hold 100,000). One
``InfiniteLine`` with a label per change and plot made every repaint walk all of them, so
the marks are kept in one sorted array and each repaint asks :class:`ChangeMarks` for the
changes in view, grouped into buckets a few pixels wide (binary search per bucket edge: the
cost depends on the plot's width, not on the number of changes). Every plot has one
:class:`MarkLines` item; the score plot's labels sit in a one-row strip
(:class:`MarkLabels`) above the plot, so they never hide a curve: one label per group of
changes that would otherwise overlap ("12 changes"), elided, the full text as a tooltip.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter
from PySide6.QtWidgets import QGraphicsLayout

from dqn_lab.gui.i18n import number, translate
from dqn_lab.gui.labels import wrapped_tip
from dqn_lab.gui.plot_axes import ViewFilling

MIN_PX = 4  # marks closer than this many pixels are drawn as one line
LABEL_GAP_PX = 8  # least room between two labels
MAX_LABEL_PX = 220  # longer label texts are elided ("…"); the tooltip has them whole
TOOLTIP_LINES = 12  # changes listed in one tooltip


class ChangeMarks:
    """Episodes (sorted) and texts of the live changes of a run; an episode is the number
    of the first episode played with the new values, counted from 1 as the axes count.

    An opened run's changes come as one block (:meth:`set_block`: an array of episodes and a
    function that makes the text of change ``i``), formatted only when a label or tooltip
    shows them; the changes of a running run are added one by one (:meth:`add`).
    """

    def __init__(self) -> None:
        self.clear()

    def __len__(self) -> int:
        return len(self._block_x) + len(self._episodes)

    def clear(self) -> None:
        self._block_x = np.zeros(0)
        self._block_text: Callable[[int], str] = str
        self._episodes: list[float] = []
        self._texts: list[str] = []
        self._x = np.zeros(0)  # all episodes, sorted (a cache)
        self._order: np.ndarray | None = None  # sorted position -> index, None: in order
        self._stale = False

    def set_block(self, episodes: np.ndarray, text: Callable[[int], str]) -> None:
        """The changes at ``episodes`` (``text(i)`` describes change ``i``), replacing an
        earlier block; the ones added one by one stay."""
        self._block_x = np.asarray(episodes, dtype=float)
        self._block_text = text
        self._stale = True

    def add(self, episode: float, text: str) -> None:
        """A live change at ``episode``; one at the same episode as the last joins its mark
        (an opened run's changes are one mark per episode: the count stays the same)."""
        if self._episodes and self._episodes[-1] == float(episode):
            self._texts[-1] += "\n" + text
        else:
            self._episodes.append(float(episode))
            self._texts.append(text)
        self._stale = True

    @property
    def x(self) -> np.ndarray:
        """The episodes in ascending order (rebuilt once after changes, not per repaint)."""
        if self._stale:
            x = np.concatenate([self._block_x, np.asarray(self._episodes, dtype=float)])
            if x.size > 1 and bool(np.any(x[1:] < x[:-1])):  # recorded out of order
                self._order = np.argsort(x, kind="stable")
                x = x[self._order]
            else:
                self._order = None
            self._x, self._stale = x, False
        return self._x

    def text(self, i: int) -> str:
        """The text of the ``i``-th change in episode order."""
        self.x  # noqa: B018 - brings the order up to date
        j = i if self._order is None else int(self._order[i])
        n = len(self._block_x)
        return self._block_text(j) if j < n else self._texts[j - n]

    def groups(
        self, lo: float, hi: float, width_px: float, min_px: float = MIN_PX
    ) -> list[tuple[float, int, int]]:
        """The changes in [lo, hi] as (episode of the first, first index, end index) per
        bucket of ``min_px`` pixels of a view ``width_px`` wide, empty buckets left out."""
        x = self.x
        if not x.size or not (hi > lo) or width_px <= 0 or not math.isfinite(hi - lo):
            return []
        buckets = max(1, int(width_px / min_px))
        edges = np.linspace(lo, hi, buckets + 1)
        edges[-1] = np.nextafter(hi, math.inf)  # hi itself belongs to the last bucket
        idx = np.searchsorted(x, edges, side="left")
        starts, ends = idx[:-1], idx[1:]
        full = np.flatnonzero(ends > starts)
        return [(float(x[starts[k]]), int(starts[k]), int(ends[k])) for k in full]

    def describe(self, first: int, end: int) -> str:
        """Tooltip text of the changes ``first``..``end - 1``."""
        lines = []
        for i in range(first, min(end, first + TOOLTIP_LINES)):
            lines.append(
                translate("Marks", "episode {0}: {1}").format(
                    number(int(self.x[i])), self.text(i).replace("\n", ", ")
                )
            )
        if end - first > TOOLTIP_LINES:
            lines.append(
                translate("Marks", "… and {0} more").format(number(end - first - TOOLTIP_LINES))
            )
        return "\n".join(lines)


class MarkLines(ViewFilling):
    """The vertical lines of the changes in view of one plot (one item for all of them)."""

    def __init__(self, marks: ChangeMarks, pen) -> None:
        super().__init__()
        self.marks, self.pen = marks, pen
        self.drawn = 0  # lines drawn by the last paint (for tests)
        self.held = False  # drawn later (see hold)
        self.setZValue(20)

    def hold(self, on: bool) -> None:
        """Draw nothing until released: a view repainting its axes draws the marks later."""
        if on != self.held:
            self.held = on
            self.update()

    def changed(self) -> None:
        """The marks changed: repaint."""
        self.update()

    def paint(self, p: QPainter, *args) -> None:
        rect, vb = self.viewRect(), self.getViewBox()
        self.drawn = 0
        if rect is None or vb is None or not len(self.marks) or self.held:
            return
        groups = self.marks.groups(rect.left(), rect.right(), vb.width())
        p.setPen(self.pen)
        top, bottom = rect.top(), rect.bottom()
        p.drawLines([QLineF(x, top, x, bottom) for x, _, _ in groups])  # one call
        self.drawn = len(groups)


class MarkLabels(pg.GraphicsWidget):
    """A one-row strip above a plot with the labels of the changes in its view."""

    def __init__(self, marks: ChangeMarks, plot: pg.PlotItem) -> None:
        super().__init__()
        self.marks, self.plot = marks, plot
        self.fg, self.bg = QColor("black"), QColor("white")
        self.labels: list[tuple[QRectF, str, int, int]] = []  # as last painted
        self.held = False  # drawn later (see hold); its height is kept
        self.setAcceptHoverEvents(True)
        self._fit_height()
        plot.vb.sigXRangeChanged.connect(lambda *_: self.update())
        plot.vb.sigResized.connect(lambda *_: self.update())

    def _fit_height(self) -> None:
        # Empty until there are marks: the strip takes no room from the plots.
        h = QFontMetricsF(self.font()).height() + 2 if len(self.marks) else 0.0
        if h == self.maximumHeight() == self.minimumHeight():
            return
        self.setMinimumHeight(h)
        self.setMaximumHeight(h)
        # The plots below move now, not at the layout's posted request: that came after the
        # curves were painted and painted them all again (a second full repaint of a large
        # opened run, in the same event-loop turn).
        layout = self.parentLayoutItem()
        if isinstance(layout, QGraphicsLayout):
            layout.activate()

    def set_colors(self, fg: str, bg: str) -> None:
        self.fg, self.bg = QColor(fg), QColor(bg)
        self.update()

    def changed(self) -> None:
        self._fit_height()
        self.update()

    def hold(self, on: bool) -> None:
        """Draw no labels until released (the strip keeps its height)."""
        if on != self.held:
            self.held = on
            self.update()

    def _x_map(self) -> tuple[float, float] | None:
        """(a, b) so that an episode x is at a * x + b in this strip's coordinates."""
        vb = self.plot.vb
        (lo, hi), _ = vb.viewRange()
        if not hi > lo:
            return None
        p0 = self.mapFromScene(vb.mapViewToScene(QPointF(lo, 0)))
        p1 = self.mapFromScene(vb.mapViewToScene(QPointF(hi, 0)))
        a = (p1.x() - p0.x()) / (hi - lo)
        return a, p0.x() - a * lo

    def layout_labels(self) -> list[tuple[QRectF, str, int, int]]:
        """(rectangle, text, first, end) of every label: one row, groups merged where their
        labels would overlap."""
        m = self._x_map()
        if m is None or not len(self.marks):
            return []
        a, b = m
        vb = self.plot.vb
        (lo, hi), _ = vb.viewRange()
        metrics = QFontMetricsF(self.font())
        height, width = self.size().height(), self.size().width()
        left_edge, right_edge = b + a * lo, min(b + a * hi, width)

        def label_width(first: int, end: int) -> float:
            return min(metrics.horizontalAdvance(self._text(first, end)), MAX_LABEL_PX) + 4

        out: list[list] = []  # [start px, first, end, width]
        for x, first, end in self.marks.groups(lo, hi, vb.width()):
            w = label_width(first, end)
            # Right of its line, or left of it where the view ends.
            start = max(left_edge, min(a * x + b, right_edge - w))
            if out and start < out[-1][0] + out[-1][3] + LABEL_GAP_PX:
                g = out[-1]  # would overlap the label on its left: join it
                g[2] = end
                g[3] = label_width(g[1], g[2])
                g[0] = max(left_edge, min(g[0], right_edge - g[3]))
            else:
                out.append([start, first, end, w])
        return [
            (
                QRectF(start, 0, w, height),
                metrics.elidedText(
                    self._text(first, end), Qt.TextElideMode.ElideRight, MAX_LABEL_PX
                ),
                first,
                end,
            )
            for start, first, end, w in out
        ]

    def _text(self, first: int, end: int) -> str:
        if end - first == 1:
            return self.marks.text(first).replace("\n", ", ")
        return translate("Marks", "{0} changes").format(number(end - first))

    def paint(self, p: QPainter, *args) -> None:
        self.labels = [] if self.held else self.layout_labels()
        if not self.labels:
            return
        fill = QColor(self.bg)
        fill.setAlpha(230)
        for rect, text, _, _ in self.labels:
            p.fillRect(rect, fill)
            p.setPen(self.fg)
            p.drawText(
                rect.adjusted(2, 0, 0, 0),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                text,
            )

    def hoverMoveEvent(self, event) -> None:  # noqa: N802 - Qt
        x = event.pos().x()
        for rect, _, first, end in self.labels:
            if rect.left() <= x <= rect.right():
                self.setToolTip(wrapped_tip(self.marks.describe(first, end)))
                return
        self.setToolTip("")

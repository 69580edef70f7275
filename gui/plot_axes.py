"""Axes of the learning curves: ranges that follow a run in coarse steps, a log axis with
plain-number ticks, and the plot items and :class:`RunRanges` that set those ranges.

Auto-ranging a plot every frame moves its axes a little every frame, and pyqtgraph then
regenerates and repaints the axis ticks, labels and grid: most of a redraw's cost. These
ranges cover the data like auto-range does, but snap to round numbers with some room to
grow, so they change only every ~25-50 % of growth (a handful of times in a whole run) and
between those changes only the curves repaint.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QLineF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPen

from dqn_lab.gui.i18n import local_decimals

Range = tuple[float, float]

#: Mantissas of the round numbers an episode axis may end at.
NICE = (1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0)
#: Mantissas of tick-like steps for value axes.
STEPS = (1.0, 2.0, 2.5, 5.0, 10.0)
MIN_EPISODES = 10  # the episode axis spans at least this many episodes
X_ROOM = 1.25  # room to grow once the episode axis has to widen
Y_ROOM = 0.5  # and a value axis, as a fraction of the data's span
LOG_LABEL_PX = 14  # least height per decade label on a log axis
EDGE_PX = 8  # room around a range, so the labels at its ends are drawn
MIN_LABEL_GAP_PX = 20  # least distance between two labelled ticks of a short axis


def _round_up(v: float, mantissas: tuple[float, ...]) -> float:
    """The smallest ``m * 10**k`` (``m`` in ``mantissas``) that is >= ``v`` > 0."""
    scale = 10.0 ** math.floor(math.log10(v))
    for m in mantissas:
        if m * scale >= v * (1 - 1e-9):
            return m * scale
    return 10 * scale


def nice_ceil(v: float) -> float:
    """``v`` rounded up to 1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 times a power of ten."""
    return _round_up(v, NICE)


def _covers(current: Range | None, lo: float, hi: float) -> bool:
    return current is not None and current[0] <= lo and hi <= current[1]


def episode_range(
    first: float, last: float, current: Range | None, end: float | None = None
) -> Range:
    """The episode axis: from ``first`` to a round span past ``last``, but not past ``end``
    (the run's last episode) unless the data is; ``current`` while it still covers them."""
    if _covers(current, first, last):
        return current
    stop = first + nice_ceil(X_ROOM * max(last - first, MIN_EPISODES))
    if end is not None and first < end and last <= end:
        stop = min(stop, end)
    return first, stop


def linear_range(lo: float, hi: float, current: Range | None) -> Range | None:
    """A value axis covering [lo, hi] on round steps; ``current`` while it still does.

    When the data outgrows ``current``, the new range leaves ``Y_ROOM`` of the data's span
    free on the side it grew, so a steadily growing curve (mean Q) moves the axis only
    every ~50 %. ``current`` (or None) when there is nothing finite to show.
    """
    if not (math.isfinite(lo) and math.isfinite(hi)):
        return current
    if _covers(current, lo, hi):
        return current
    if current is not None:
        room = Y_ROOM * (hi - lo)
        lo, hi = (lo - room if lo < current[0] else lo), (hi + room if hi > current[1] else hi)
    span = hi - lo if hi > lo else max(abs(hi), 1.0)
    step = _round_up(span / 5, STEPS)
    low, high = math.floor(lo / step) * step, math.ceil(hi / step) * step
    if high <= low:
        high = low + step
    return float(f"{low:.12g}"), float(f"{high:.12g}")  # 1.2, not 1.2000000000000002


def log_range(lo: float, hi: float, current: Range | None) -> Range | None:
    """A log axis (values in decades, as pyqtgraph's log mode wants them) covering the
    positive values [lo, hi] in whole decades; ``current`` while it still does."""
    if not (lo > 0 and hi > 0 and math.isfinite(lo) and math.isfinite(hi)):
        return current
    a, b = math.log10(lo), math.log10(hi)
    if _covers(current, a, b):
        return current
    low, high = math.floor(a), math.ceil(b)
    return float(low), float(high if high > low else low + 1)


def extent(values: np.ndarray, positive: bool = False) -> Range:
    """(min, max) of the finite values (only the positive ones if ``positive``); NaNs when
    there are none."""
    if positive:
        values = values[values > 0]
    values = values[np.isfinite(values)]
    if not values.size:
        return math.nan, math.nan
    return float(values.min()), float(values.max())


def merge(a: Range, b: Range) -> Range:
    """The union of two extents (NaN sides are ignored)."""
    return float(np.fmin(a[0], b[0])), float(np.fmax(a[1], b[1]))


def short_number(v: float) -> str:
    """``2k``, ``150k``, ``1.5M``, ``0.01``: tick labels that fit a narrow axis."""
    for suffix, size in (("M", 1e6), ("k", 1e3)):
        if abs(v) >= size:
            return f"{v / size:.3g}{suffix}"
    return f"{v:.3g}"


def localize_ticks(axis: pg.AxisItem) -> None:
    """Tick labels of ``axis`` with the interface's decimal sign ("0,5" in German, as the
    settings show numbers; pyqtgraph formats them with Python's "0.5"). Once per axis."""
    if getattr(axis, "_localized", False):
        return
    plain = axis.tickStrings  # linear or log (pyqtgraph calls logTickStrings from it)
    axis.tickStrings = lambda values, scale, spacing: local_decimals(plain(values, scale, spacing))
    axis._localized = True


class LogAxis(pg.AxisItem):
    """A log axis with ticks at 1, 2 and 5 per decade, labelled as plain numbers."""

    def logTickValues(self, minVal, maxVal, size, stdTicks):  # noqa: N802,N803 - pyqtgraph
        lo, hi = int(np.floor(minVal)), int(np.ceil(maxVal))
        # A short axis labels every 2nd (3rd, ...) decade only, so labels never overlap.
        step = max(1, math.ceil((maxVal - minVal) * LOG_LABEL_PX / size)) if size > 0 else 1
        levels: list[list[float]] = [[], [], []]
        for decade in range(lo, hi + 1):
            for m in (1,) if step > 1 else range(1, 10):
                v = decade + float(np.log10(m))
                if minVal <= v <= maxVal:
                    level = (0 if decade % step == 0 else 2) if m == 1 else 1 if m in (2, 5) else 2
                    levels[level].append(v)
        return [(None, level) for level in levels]

    def logTickStrings(self, values, scale, spacing):  # noqa: N802 - pyqtgraph
        return [short_number(10**v) for v in values]


class SparseAxis(pg.AxisItem):
    """A linear axis whose labelled ticks are at least MIN_LABEL_GAP_PX apart (pyqtgraph's
    spacing crowds 6 labels into a 50 px axis), with unlabelled minor ticks between."""

    def tickSpacing(self, minVal, maxVal, size):  # noqa: N802,N803 - pyqtgraph
        span = abs(maxVal - minVal)
        if span == 0 or size <= 0:
            return super().tickSpacing(minVal, maxVal, size)
        step = _round_up(span * MIN_LABEL_GAP_PX / size, STEPS)
        mantissa = round(step / 10.0 ** math.floor(math.log10(step)), 3)
        return [(step, 0), (step / (4 if mantissa == 2 else 5), 0)]


class FittedLabelAxis(pg.AxisItem):
    """An axis whose label is cut with "…" to the axis' length, whole in its tooltip.

    pyqtgraph centres a label on its axis whatever its length: a vertical label longer
    than a short plot (the policy map's "pole angular velocity [rad/s]" at 1024x700) lost
    letters at both ends ("ole angular velocity"). Plain-text labels without units."""

    def setLabel(self, text=None, units=None, unitPrefix=None, **kwargs):  # noqa: N802,N803
        self.full_label = text or ""
        super().setLabel(text, units, unitPrefix, **kwargs)
        self._fit_label()

    def resizeEvent(self, ev=None):  # noqa: N802 - Qt name
        self._fit_label()
        super().resizeEvent(ev)

    def _fit_label(self) -> None:
        full = getattr(self, "full_label", "")
        if self.label is None or not full:
            return
        along = (
            self.size().height() if self.orientation in ("left", "right") else self.size().width()
        )
        metrics = QFontMetrics(self.label.font())
        # less the text item's margins and the space pyqtgraph puts after the text
        room = along - 2 * self.label.document().documentMargin() - metrics.horizontalAdvance(" ")
        shown = metrics.elidedText(full, Qt.TextElideMode.ElideRight, max(int(room) - 1, 0))
        self.setToolTip(full if shown != full else "")
        if shown != self.labelText:
            self.labelText = shown
            self._updateLabel()


def axis_length_px(axis: pg.AxisItem) -> float:
    """The length in pixels pyqtgraph's ``AxisItem`` chooses its ticks for: its span, plus
    the 1 px it adds at either end (``generateDrawSpecs``); the views are not scaled."""
    size = axis.geometry()
    return (size.height() if axis.orientation in ("left", "right") else size.width()) + 2.0


class ViewFilling(pg.GraphicsObject):
    """An item that draws over its whole view and follows its range (grid, change marks)."""

    def viewRangeChanged(self) -> None:  # noqa: N802 - pyqtgraph
        self.prepareGeometryChange()
        self.update()

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt
        rect = self.viewRect()
        return QRectF() if rect is None else rect


class GridLines(ViewFilling):
    """A plot's grid: faint lines at its axes' ticks, drawn in its view.

    pyqtgraph's own grid (``showGrid``) is drawn by the axes, which makes every axis as large
    as its plot: with the axes' pixmap cache, each range change filled and blended one
    plot-sized pixmap per axis (most of the learning curves' repaint when an opened run set
    their ranges). Here the axes stay strips and the grid is a few lines per tick level.
    """

    def __init__(self, plot: pg.PlotItem, alpha: float = 0.2) -> None:
        super().__init__()
        self.plot, self.alpha = plot, alpha
        self.x_on = self.y_on = True  # vertical lines at the x ticks, horizontal at the y's
        self.color = QColor("black")
        self.setZValue(-1000)  # behind the curves
        self._key: tuple | None = None  # what the lines below were made for
        self._lines: list[tuple[QPen, list[QLineF]]] = []

    def set_color(self, color: str) -> None:
        self.color = QColor(color)
        self.update()

    def set_shown(self, x: bool, y: bool, alpha: float) -> None:
        """Which lines are drawn, and how opaque (0 to 1) the major ones are."""
        self.x_on, self.y_on, self.alpha = x, y, alpha
        self._key = None
        self.update()

    def paint(self, p: QPainter, *args) -> None:
        rect, vb = self.viewRect(), self.getViewBox()
        if rect is None or vb is None or rect.width() <= 0 or rect.height() <= 0:
            return
        # The curves repaint the view often; the lines change only with the range or size.
        key = (
            rect.getCoords(),
            axis_length_px(self.plot.getAxis("bottom")),
            axis_length_px(self.plot.getAxis("left")),
            self.color.rgba(),
        )
        if key != self._key:
            self._key, self._lines = key, self._make_lines(rect)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        for pen, lines in self._lines:
            p.setPen(pen)
            p.drawLines(lines)

    def _make_lines(self, rect: QRectF) -> list[tuple[QPen, list[QLineF]]]:
        left, right = rect.left(), rect.right()
        top, bottom = rect.top(), rect.bottom()
        out = []
        for name, lo, hi, shown in (
            ("bottom", left, right, self.x_on),
            ("left", top, bottom, self.y_on),
        ):
            if not shown:
                continue
            axis = self.plot.getAxis(name)
            # The axis's own ticks: the same range and length in pixels as it asks with.
            pixels = axis_length_px(axis)
            for level, (_spacing, values) in enumerate(axis.tickValues(lo, hi, pixels)):
                ticks = [v for v in values if min(lo, hi) <= v <= max(lo, hi)]
                if not ticks:
                    continue
                # Fainter per level and where ticks crowd, as pyqtgraph's grid fades them.
                crowd = min(max(0.05 * pixels / (len(ticks) + 1), 0.0), 1.0)
                color = QColor(self.color)
                color.setAlphaF(min(self.alpha * crowd / (level + 1), 1.0))
                pen = QPen(color)
                pen.setCosmetic(True)
                if name == "bottom":
                    out.append((pen, [QLineF(v, top, v, bottom) for v in ticks]))
                else:
                    out.append((pen, [QLineF(left, v, right, v) for v in ticks]))
        return out


class RunPlot(pg.PlotItem):
    """A plot whose ranges the panel sets while it follows the run.

    Panning or zooming with the mouse hands the range to the user (``on_manual``); the "A"
    button, shown on hover while the plot does not follow, calls ``on_follow``.
    """

    GRID_ALPHA = 0.2

    def __init__(self, **kwargs) -> None:
        self.following = True
        self.on_follow = self.on_manual = lambda *_: None
        self.grid: GridLines | None = None
        super().__init__(**kwargs)
        self.vb.sigRangeChangedManually.connect(lambda mask: self.on_manual(self, mask))
        self.grid = GridLines(self, self.GRID_ALPHA)
        self.addItem(self.grid, ignoreBounds=True)
        # The context menu's Grid options drive these lines (not the axes' own grid).
        ctrl = self.ctrl
        for box in (ctrl.xGridCheck, ctrl.yGridCheck):
            box.setChecked(True)
        ctrl.gridAlphaSlider.setValue(round(self.GRID_ALPHA * ctrl.gridAlphaSlider.maximum()))

    def updateGrid(self, *_args) -> None:  # noqa: N802 - pyqtgraph
        ctrl = self.ctrl
        if self.grid is not None:
            self.grid.set_shown(
                ctrl.xGridCheck.isChecked(),
                ctrl.yGridCheck.isChecked(),
                ctrl.gridAlphaSlider.value() / max(ctrl.gridAlphaSlider.maximum(), 1),
            )

    def updateButtons(self) -> None:  # noqa: N802 - pyqtgraph
        try:
            self.autoBtn.setVisible(
                bool(
                    self.mouseHovering
                    and not self.buttonsHidden
                    and not getattr(self, "following", True)
                )
            )
        except RuntimeError:  # the plot was deleted
            pass

    def autoBtnClicked(self) -> None:  # noqa: N802 - pyqtgraph
        self.on_follow(self)
        self.autoBtn.hide()


class RunRanges:
    """The ranges of run plots that share the episode axis.

    :meth:`update` takes the data's extents and widens the outgrown ranges in round steps. A
    new range redraws its axis and grid, and a new episode range does so in every plot, so
    the changes are spread: at most ``limit`` plots take theirs per call (the episode range
    and the plot's own values together), first ranges all at once. Until every plot has
    taken it the plots below the first show the previous episode range for a redraw or
    more. Panning or zooming a plot hands that axis to the user until the plot's "A" button
    follows the run again.
    """

    def __init__(
        self,
        plots: list[RunPlot],
        fits: dict[RunPlot, Callable[[float, float, Range | None], Range | None]],
    ) -> None:
        self.plots, self.fits = plots, fits
        self.end: float | None = None  # the run's last episode: x stops there
        self.x: Range | None = None  # the episode range the plots follow (or move to)
        self.x_shown: dict[RunPlot, Range | None] = dict.fromkeys(plots)  # what each shows
        self.y: dict[RunPlot, Range | None] = dict.fromkeys(plots)
        self.follow_x = True
        self.follow_y = dict.fromkeys(plots, True)
        self.waiting = False  # outgrown ranges left for the next update
        # True while a plot takes the episode range from here: the panel's own sharing of
        # a panned range (PlotsPanel._sync_x) leaves the other plots alone meanwhile.
        self.applying = False
        self._extents: tuple[Range, dict[RunPlot, Range]] | None = None
        self._empty: tuple[Range | None, dict[RunPlot, Range]] = (None, {})  # before data
        for plot in plots:
            plot.on_manual, plot.on_follow = self.taken, self.follow
            plot.vb.sigResized.connect(lambda _vb, plot=plot: self._resized(plot))

    def reset(self, end: float | None) -> None:
        """A new run: forget the data, follow everything."""
        self._extents, self.end = None, end
        self.follow()

    def follow(self, plot: RunPlot | None = None) -> None:
        """Follow the run again: the episode axis and ``plot``'s values (all if None)."""
        self.follow_x, self.x = True, None
        self.x_shown = dict.fromkeys(self.plots)  # whatever they show, all move at once
        for p in [plot] if plot is not None else self.plots:
            self.follow_y[p], self.y[p] = True, None
        self._show_following()
        if self._extents is not None:
            self.update(*self._extents, limit=None)

    def taken(self, plot: RunPlot, mask) -> None:
        """The user panned or zoomed ``plot``: stop following the run on that axis."""
        if mask[0]:
            self.follow_x = False
            self.x_shown = dict.fromkeys(self.plots)  # the user's range, in every plot
        if mask[1]:
            self.follow_y[plot] = False
        self._show_following()

    def _show_following(self) -> None:
        for plot in self.plots:
            plot.following = self.follow_x and self.follow_y[plot]
            plot.updateButtons()

    def update(self, x: Range, y: dict[RunPlot, Range], limit: int | None = 1) -> bool:
        """Widen what the extents ``x`` (first and last episode) and ``y`` outgrew, in the
        plots that follow; True (also in ``waiting``) when changes were left for later."""
        self._extents = (x, y)
        if self.follow_x:
            self.x = episode_range(x[0], x[1], self.x, self.end)
        first, later = [], []
        for plot in self.plots:
            new_x = self.follow_x and self.x is not None and self.x_shown[plot] != self.x
            new_y = None
            if self.follow_y[plot] and plot in y:
                fit = self.fits[plot](*y[plot], self.y[plot])
                new_y = fit if fit is not None and fit != self.y[plot] else None
            if new_x or new_y is not None:
                # A first range is drawn with everything else at once; later ones are spread.
                is_first = (new_x and self.x_shown[plot] is None) or (
                    new_y is not None and self.y[plot] is None
                )
                (first if is_first else later).append((plot, new_x, new_y))
        for plot, new_x, new_y in first + later[:limit]:
            if new_y is not None:
                self.y[plot] = new_y
            self.show(plot, x=new_x, y=new_y is not None)
        self.waiting = limit is not None and len(later) > limit
        return self.waiting

    def show(self, plot: RunPlot, x: bool = True, y: bool = True) -> None:
        """Show the ranges ``plot`` follows, with EDGE_PX pixels of room around them (a
        label at the end of a range is drawn only if it fits inside the axis)."""
        empty_x, empty_y = self._empty
        x_range, y_range = self.x or empty_x, self.y[plot] or empty_y.get(plot)
        if x and self.follow_x and x_range:
            self._set_x(plot, x_range, self._padding(None))
            self.x_shown[plot] = self.x
        if y and self.follow_y[plot] and y_range:
            plot.setYRange(*y_range, padding=self._padding(plot))

    def _resized(self, plot: RunPlot) -> None:
        """A new size changes the episode axis's margin (from the narrowest plot's width):
        every plot takes the episode range it shows again with it, so the axes stay aligned."""
        self.show(plot, x=False)
        if not self.follow_x:
            return
        pad = self._padding(None)
        for p in self.plots:
            shown = self.x_shown[p] or (self._empty[0] if self.x is None else None)
            if shown:
                self._set_x(p, shown, pad)

    def _set_x(self, plot: RunPlot, x_range: Range, padding: float) -> None:
        """``plot`` alone takes ``x_range`` (the panel's sharing of a panned range waits)."""
        self.applying = True
        try:
            plot.setXRange(*x_range, padding=padding)
        finally:
            self.applying = False

    def _padding(self, plot: RunPlot | None) -> float:
        """EDGE_PX as a fraction of ``plot``'s height (of the narrowest width if None)."""
        size = (
            min(p.vb.width() for p in self.plots)
            if plot is None  # x is shared
            else plot.vb.height()
        )
        return EDGE_PX / size if size > 4 * EDGE_PX else 0.0

    def show_empty(self, x: Range, y: dict[RunPlot, Range]) -> None:
        """Frames for plots without data (the data then sets its own ranges)."""
        self._empty = (x, y)
        for plot in self.plots:
            self.show(plot)

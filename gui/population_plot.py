"""A population on the score plot: every seed's scores faintly, their mean and a band.

:class:`PopulationPlot` draws over the learning curves' score plot
(:class:`dqn_lab.gui.plots_panel.PlotsPanel`, through its ``add_overlay`` hook) while a run of
several seeds is on screen: each member's episode scores as a faint line, and over the
episodes that every member has finished, the mean across the members of each member's mean of
its last 100 episodes (the solo run's orange curve) with the min-max band of those means. The
chosen member keeps the panel's own curves (blue score, orange mean).

It stores rows in (members, capacity) tables that double when full and, like the panel,
only draws in ``refresh()`` (the panel's cadence): the faint lines of members with new
episodes and the mean and band of the episodes completed since the last draw.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QGraphicsPathItem

from dqn_lab.gui.i18n import translate
from dqn_lab.gui.plot_axes import Range, extent, merge
from dqn_lab.gui.run_panel import COLORS

MEAN_WINDOW = 100  # as the panel's "mean of last 100"
BAND_COLOR = COLORS["purple"]


def faint(color: str, alpha: int) -> QColor:
    c = QColor(color)
    c.setAlpha(alpha)
    return c


class PopulationPlot:
    """The population overlay of ``panel``'s score plot; see the module docstring."""

    def __init__(self, panel) -> None:
        self.panel = panel
        self.plot = panel.score_plot
        self.size = 0
        self.items: list = []
        self.member_curves: list[pg.PlotDataItem] = []
        self._legend: list[pg.GraphicsObject] = []
        self._alloc(0, 1024)
        panel.add_overlay(self)

    def _alloc(self, members: int, capacity: int) -> None:
        self.scores = np.full((members, capacity), np.nan)
        self.means = np.full((members, capacity), np.nan)
        self._sums = np.zeros((members, capacity))  # running sums of each member's scores
        self.n = np.zeros(members, dtype=int)
        self.stats = np.full((3, capacity), np.nan)  # mean, low, high over the members
        self.complete = 0  # episodes that every member has finished (and the stats cover)
        self._changed: set[int] = set()
        self._seen = np.zeros(members, dtype=int)  # rows folded into the extent
        self._extent: Range | None = None

    # -- data in --------------------------------------------------------------------------
    def start(self, seeds: list[int]) -> None:
        """A new run: a population of ``seeds`` (2 or more), or nothing to draw ([])."""
        for item in self.items:
            self.plot.removeItem(item)
        for item in self._legend:
            self.panel.legend.removeItem(item)
        self.items, self.member_curves, self._legend = [], [], []
        self.size = len(seeds) if len(seeds) > 1 else 0
        self._alloc(self.size, 1024)
        if not self.size:
            return
        member_pen = pg.mkPen(faint(COLORS["grey"], 90), width=1)
        for _ in range(self.size):
            curve = pg.PlotDataItem([], [], pen=member_pen, connect="finite")
            curve.setZValue(-10)  # under the chosen member's curves
            self.member_curves.append(curve)
        edge = pg.mkPen(faint(BAND_COLOR, 120), width=1)
        brush = pg.mkBrush(faint(BAND_COLOR, 55))
        self.low = pg.PlotDataItem([], [], pen=edge)
        self.high = pg.PlotDataItem([], [], pen=edge)
        # The band is one filled polygon (high forwards, low backwards), redrawn when the
        # members complete episodes; pyqtgraph's FillBetweenItem crashed here (offscreen,
        # while TensorFlow was loading on the training thread).
        self.band = QGraphicsPathItem()
        self.band.setPen(pg.mkPen(None))
        self.band.setBrush(brush)
        self.band.setZValue(-20)
        self._band_sample = pg.PlotDataItem([], [], pen=edge, fillLevel=0, fillBrush=brush)
        self.mean_curve = pg.PlotDataItem(
            [], [], pen=pg.mkPen(BAND_COLOR, width=2.5), connect="finite"
        )
        self.mean_curve.setZValue(5)
        self.items = [*self.member_curves, self.low, self.high, self.band, self.mean_curve]
        for item in self.items:
            self.plot.addItem(item)
        legend = self.panel.legend
        legend.addItem(
            self.mean_curve,
            translate("PopulationPlot", "mean of {0} seeds (each seed's mean of last {1})").format(
                self.size, MEAN_WINDOW
            ),
        )
        legend.addItem(self._band_sample, translate("PopulationPlot", "min–max of the seeds"))
        self._legend = [self.mean_curve, self._band_sample]

    def add(self, items) -> None:
        """Store finished episodes: ``(member, EpisodeEnd)`` pairs, in order per member."""
        if not self.size:
            return
        for k, ev in items:
            if not 0 <= k < self.size:
                continue
            i = self.n[k]
            if i == self.scores.shape[1]:
                self._grow()
            total = (self._sums[k, i - 1] if i else 0.0) + ev.score
            self._sums[k, i] = total
            first = self._sums[k, i - MEAN_WINDOW] if i >= MEAN_WINDOW else 0.0
            self.scores[k, i] = ev.score
            self.means[k, i] = (total - first) / min(i + 1, MEAN_WINDOW)
            self.n[k] = i + 1
            self._changed.add(k)

    def _grow(self) -> None:
        cap = self.scores.shape[1]

        def bigger(a: np.ndarray, fill: float) -> np.ndarray:
            b = np.full((a.shape[0], 2 * cap), fill, dtype=a.dtype)
            b[:, :cap] = a
            return b

        self.scores = bigger(self.scores, np.nan)
        self.means = bigger(self.means, np.nan)
        self._sums = bigger(self._sums, 0.0)
        self.stats = bigger(self.stats, np.nan)

    # -- drawing --------------------------------------------------------------------------
    def has_news(self) -> bool:
        return bool(self.size and self._changed)

    def refresh(self) -> bool:
        """Draw what changed since the last call; True when something was drawn."""
        if not self.has_news():
            return False
        for k in sorted(self._changed):
            n = self.n[k]
            self.member_curves[k].setData(np.arange(1, n + 1, dtype=float), self.scores[k, :n])
            new = extent(self.scores[k, self._seen[k] : n])
            self._extent = new if self._extent is None else merge(self._extent, new)
            self._seen[k] = n
        self._changed.clear()
        done, complete = self.complete, int(self.n.min())
        if complete > done:
            block = self.means[:, done:complete]
            self.stats[0, done:complete] = block.mean(axis=0)
            self.stats[1, done:complete] = block.min(axis=0)
            self.stats[2, done:complete] = block.max(axis=0)
            self.complete = complete
            x = np.arange(1, complete + 1, dtype=float)  # episodes count from 1
            self.mean_curve.setData(x, self.stats[0, :complete])
            low, high = self.stats[1, :complete], self.stats[2, :complete]
            self.low.setData(x, low)
            self.high.setData(x, high)
            path = pg.arrayToQPath(
                np.concatenate([x, x[::-1]]), np.concatenate([high, low[::-1]]), connect="all"
            )
            path.closeSubpath()
            self.band.setPath(path)
        return True

    def extent(self) -> Range | None:
        """(min, max) of every member's scores so far (the score plot's range covers them)."""
        return self._extent

    def merged_extent(self, other: Range) -> Range:
        return other if self._extent is None else merge(other, self._extent)

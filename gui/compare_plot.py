"""The compare view's plot: each run live, and per configuration the mean with a band.

Plot items persist between redraws and only get ``setData`` when their data changed (a
run's new episodes; the mean curves when a run finishes or an option changes), so a redraw
during training costs a few milliseconds on the GUI thread.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from dqn_lab.core.compare import BAND_LABELS, curves, run_curve
from dqn_lab.core.run_manager import DONE, RunRecord
from dqn_lab.gui.i18n import translate
from dqn_lab.gui.run_panel import COLORS, palette_colors, style_plot

LABEL_COLORS = {"naive": COLORS["orange"], "dqn": COLORS["blue"]}
LABEL_DASHES = {"naive": Qt.PenStyle.DashLine, "dqn": Qt.PenStyle.SolidLine}
OTHER_DASHES = (Qt.PenStyle.DotLine, Qt.PenStyle.DashDotLine, Qt.PenStyle.DashDotDotLine)
OTHER_COLORS = [COLORS[k] for k in ("green", "purple", "red", "brown", "pink", "cyan")]


class ComparePlot(pg.PlotWidget):
    """Score curves of many runs: thin per-run lines, a bold mean and a band per configuration."""

    def __init__(self, parent=None) -> None:
        fg, bg = palette_colors(parent) if parent is not None else ("#1d2329", "#ffffff")
        super().__init__(parent, background=bg)
        self.plot = self.getPlotItem()
        self.plot.setDownsampling(auto=True, mode="peak")
        self.plot.setClipToView(True)
        self.plot.setLabel("left", translate("Compare", "score"))
        self.legend = self.plot.addLegend(offset=(10, 36))
        style_plot(self.plot, fg)
        self.colors: dict[str, str] = {}
        self._options: tuple | None = None  # (align, band, smooth) drawn
        self._drawn: dict = {}  # run_id -> episodes drawn; 'means' -> dict
        self._run_items: dict[int, pg.PlotDataItem] = {}
        self.mean_items: dict[str, tuple] = {}  # label -> (mean, low, high, fill)
        self._threshold_line: pg.InfiniteLine | None = None
        self._cache: tuple | None = None

    def _agent_style(self, label: str) -> str | None:
        """The agent whose own colour and line ``label`` takes: the first configuration of
        the naive agent, or of DQN ("dqn (Notebook)"), named after it; None for others."""
        agent = label.split(" ")[0]
        if agent not in LABEL_COLORS:
            return None
        first = next((k for k in self.colors if k.split(" ")[0] == agent), label)
        return agent if first == label else None

    def color(self, label: str) -> str:
        """A configuration's colour: the first naive one orange, the first DQN one blue,
        others from the palette."""
        if label not in self.colors:
            agent = self._agent_style(label)
            others = len([k for k in self.colors if self._agent_style(k) is None])
            self.colors[label] = (
                LABEL_COLORS[agent] if agent else OTHER_COLORS[others % len(OTHER_COLORS)]
            )
        return self.colors[label]

    def dash(self, label: str) -> Qt.PenStyle:
        """A configuration's line style: DQN solid, naive dashed (their first configuration
        each), others dotted and so on."""
        self.color(label)  # its place among the configurations
        agent = self._agent_style(label)
        if agent:
            return LABEL_DASHES[agent]
        others = [k for k in self.colors if self._agent_style(k) is None]
        return OTHER_DASHES[others.index(label) % len(OTHER_DASHES)]

    def legend_texts(self) -> list[str]:
        """The legend's entries, top to bottom."""
        return [label.text for _, label in self.legend.items]

    def update_curves(
        self, records: list[RunRecord], align_by: str, band: str, smooth: int, show_runs: bool
    ) -> None:
        """Bring the plot up to date with ``records`` (setData only where something changed)."""
        if (align_by, band, smooth) != self._options:
            self._options, self._drawn = (align_by, band, smooth), {}
            self.plot.setLabel(
                "bottom",
                translate("Compare", "episode")
                if align_by == "episode"
                else translate(
                    "Compare",
                    "environment steps (means over the range that every finished run reached)",
                ),
            )
            self.plot.setTitle(
                translate(
                    "Compare", "Score ({0}-episode mean), mean across seeds with {1} band"
                ).format(smooth, translate("Compare", BAND_LABELS[band]))
            )
            style_plot(self.plot, palette_colors(self)[0])
        # Thin lines: every run with data (live), redrawn when it has new episodes. A cancelled
        # or failed run keeps its partial curve, as the table keeps its partial numbers.
        shown = {r.run_id: r for r in records if r.episodes and show_runs}
        for run_id in set(self._run_items) - set(shown):
            self.plot.removeItem(self._run_items.pop(run_id))
            self._drawn.pop(run_id, None)
        for run_id, rec in shown.items():
            item = self._run_items.get(run_id)
            if item is None:
                color = QColor(self.color(rec.label))
                color.setAlpha(60)
                item = self._run_items[run_id] = self.plot.plot(pen=pg.mkPen(color, width=1))
                item.setZValue(-10)
            if self._drawn.get(run_id) != len(rec.episodes):
                self._drawn[run_id] = len(rec.episodes)
                item.setData(*run_curve(rec, align_by, smooth))
        # Mean and band of each configuration over its finished runs.
        means = self._mean_curves(records, align_by, band, smooth)
        if self._drawn.get("means") is not means:
            self._drawn["means"] = means
            self._draw_means(means)
        threshold = next(
            (
                r.summary.get("threshold")
                for r in records
                if r.summary and r.summary.get("threshold")
            ),
            None,
        )
        if threshold is not None and self._threshold_line is None:
            self._threshold_line = pg.InfiniteLine(
                threshold,
                angle=0,
                pen=pg.mkPen(COLORS["green"], width=1, style=Qt.PenStyle.DashLine),
                label=translate("Compare", "pass: 100-episode mean ≥ {0}").format(f"{threshold:g}"),
                labelOpts=dict(position=0.02, color=COLORS["green"], anchors=[(0, 1), (0, 1)]),
            )
            self.plot.addItem(self._threshold_line)

    def _draw_means(self, means: dict) -> None:
        for label in set(self.mean_items) - set(means):
            line, *rest = self.mean_items.pop(label)
            self.legend.removeItem(line)
            for item in (line, *rest):
                self.plot.removeItem(item)
        for label, (x, mean, low, high, n) in means.items():
            if label not in self.mean_items:
                self.mean_items[label] = self._add_mean_items(label)
            line, lo, hi, _fill = self.mean_items[label]
            lo.setData(x, low)
            hi.setData(x, high)
            line.setData(x, mean)
            self.legend.removeItem(line)
            runs = (
                translate("Compare", "mean of 1 run")
                if n == 1
                else translate("Compare", "mean of {0} runs").format(n)
            )
            self.legend.addItem(line, f"{label}: {runs}")

    def _add_mean_items(self, label: str) -> tuple:
        color, edge, fill = (QColor(self.color(label)) for _ in range(3))
        edge.setAlpha(110)
        fill.setAlpha(50)
        lo = self.plot.plot(pen=pg.mkPen(edge, width=1))
        hi = self.plot.plot(pen=pg.mkPen(edge, width=1))
        band = pg.FillBetweenItem(lo, hi, brush=fill)
        self.plot.addItem(band)
        # A dash pattern per configuration too: colour is not the only way to tell them apart.
        line = self.plot.plot(pen=pg.mkPen(color, width=2.5, style=self.dash(label)))
        for item in (lo, hi, band):
            item.setZValue(-5)
        return line, lo, hi, band

    def _mean_curves(self, records, align_by: str, band: str, smooth: int) -> dict:
        """Mean and band per configuration, cached until the finished runs or options change."""
        key = (align_by, band, smooth, tuple(r.run_id for r in records if r.status == DONE))
        if self._cache is None or self._cache[0] != key:
            out = {}
            for label, c in curves(records, align_by, smooth).items():
                mean, low, high = c.band(band, n_boot=1000)
                out[label] = (c.x, mean, low, high, len(c.run_ids))
            self._cache = (key, out)
        return self._cache[1]

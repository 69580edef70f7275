"""The learned policy over a 2-D slice of the state space: greedy action and max Q.

For CartPole the slice is pole angle x pole angular velocity with the cart at rest in the
middle (the other features 0); for other environments the first two features. The grid
(60 x 60 states) goes through the snapshot's frozen ``NumpyPolicy`` in a few batched calls,
at most every ``min_interval_s`` seconds however often snapshots arrive.
"""

from __future__ import annotations

import math
import time

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP, QEvent, QPointF, QRectF, Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from dqn_lab.core.config import Config
from dqn_lab.core.environment import EnvInfo
from dqn_lab.gui.flow_layout import FlowLayout
from dqn_lab.gui.i18n import decimal, feature_text, number, signed, translate
from dqn_lab.gui.labels import ElidedLabel
from dqn_lab.gui.plot_axes import FittedLabelAxis
from dqn_lab.gui.plot_table import PlotOrTable
from dqn_lab.gui.run_panel import (
    COLORS,
    RunPanel,
    action_names,
    feature_label,
    palette_colors,
    style_plot,
)

GRID = 60
# Batches of at most 240 states: OpenBLAS multithreads larger products, and with the
# training thread busy that took ~25 ms for the 3,600 grid states instead of ~1 ms.
CHUNK = 240
ANGLE_LIMIT = 12 * 2 * math.pi / 360  # CartPole's failure angle: 12 degrees in radians
CARTPOLE_BOUNDS = ((-0.21, 0.21), (-2.0, 2.0))
ACTION_COLORS = (
    COLORS["blue"],
    COLORS["orange"],
    COLORS["green"],
    COLORS["red"],
    COLORS["purple"],
    COLORS["brown"],
    COLORS["pink"],
    COLORS["grey"],
    COLORS["olive"],
    COLORS["cyan"],
)
MODES = ("greedy action", "max Q")
MODE_TEXTS = (
    QT_TRANSLATE_NOOP("PolicyMap", "greedy action"),
    QT_TRANSLATE_NOOP("PolicyMap", "max Q"),
)


def slice_axes(info: EnvInfo) -> tuple[int, int, tuple[float, float], tuple[float, float]]:
    """Feature indices (x, y) of the slice and their bounds."""
    if info.env_id.startswith("CartPole") and info.state_size == 4:
        return 2, 3, *CARTPOLE_BOUNDS
    xi, yi = 0, min(1, info.state_size - 1)

    def bounds(i: int) -> tuple[float, float]:
        lo, hi = max(info.low[i], -3.0), min(info.high[i], 3.0)
        return (lo, hi) if hi > lo else (-3.0, 3.0)

    return xi, yi, bounds(xi), bounds(yi)


def action_rgb(actions: np.ndarray) -> np.ndarray:
    """(H, W) action indices to an (H, W, 3) uint8 image in the action colours."""
    table = np.array(
        [[int(c[i : i + 2], 16) for i in (1, 3, 5)] for c in ACTION_COLORS], dtype=np.uint8
    )
    return np.ascontiguousarray(table[actions % len(table)])


class PolicyMapPanel(RunPanel):
    """Greedy action regions or max Q over a grid, with a colour bar and the failure limits."""

    title = "Policy map"

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.min_interval_s = 2.0
        self.info: EnvInfo | None = None
        self._policy = None
        self._policy_time = 0.0
        self._computed_at = -math.inf
        self._snap_label = ""
        self._action_legend = self._q_legend = ""
        self.xs = self.ys = self.states = None
        self.q: np.ndarray | None = None  # (GRID*GRID, actions)
        self.actions: np.ndarray | None = None  # (GRID rows = y, GRID cols = x)
        self.max_q: np.ndarray | None = None

        self.mode = QComboBox()
        for mode in MODES:
            self.mode.addItem(translate("PolicyMap", mode), mode)
        self.mode.setToolTip(
            translate(
                "PolicyMap", "Colour the slice by the greedy action or by the largest Q value."
            )
        )
        self.mode.setAccessibleName(translate("PolicyMap", "Show"))
        self.mode.currentIndexChanged.connect(self._show_mode)
        self.legend = QLabel()
        self.legend.setWordWrap(True)  # a narrow dock wraps the action names, not cuts them
        self.info_label = QLabel(translate("PolicyMap", "No run yet."))
        self.info_label.setWordWrap(True)
        # Room for three lines from the start: a label that grows when the run starts
        # shrinks the map, and a resized map redraws its image and axes.
        self.info_label.setMinimumHeight(3 * self.info_label.fontMetrics().lineSpacing())
        # One line cut with "…" in a narrow dock (whole in its tooltip): a plain label's
        # whole text set the dock's minimum width (388 px in German, which left the viewport
        # 223 px at 1024x700).
        self.hover_label = ElidedLabel(
            translate("PolicyMap", "Point at the map to read the Q values of a state.")
        )
        # The top row wraps in a narrow dock: "Show:" with its choice, the legend (which
        # wraps between action names) and the table toggle.
        top_box = QWidget()
        top = FlowLayout(top_box, spacing=12)
        show = QWidget()
        show_row = QHBoxLayout(show)
        show_row.setContentsMargins(0, 0, 0, 0)
        show_row.addWidget(QLabel(translate("PolicyMap", "Show:")))
        show_row.addWidget(self.mode)
        top.addWidget(show)
        top.addWidget(self.legend)

        self.view = pg.PlotWidget(
            axisItems={name: FittedLabelAxis(name) for name in ("bottom", "left")}
        )
        self.plot = self.view.getPlotItem()
        self.plot.setMenuEnabled(False)
        for name in ("bottom", "left"):
            self.plot.getAxis(name).enableAutoSIPrefix(False)
        self.action_image = pg.ImageItem(axisOrder="row-major")
        self.q_image = pg.ImageItem(axisOrder="row-major")
        self.plot.addItem(self.q_image)
        self.plot.addItem(self.action_image)
        self.boundary = pg.IsocurveItem(
            level=0.0, pen=pg.mkPen("w", width=1.5), axisOrder="row-major"
        )
        self.boundary.setParentItem(self.q_image)
        self.colorbar = pg.ColorBarItem(
            colorMap="viridis", interactive=False, width=14, label=translate("PolicyMap", "max Q")
        )
        self.colorbar.setImageItem(self.q_image, insert_in=self.plot)
        self.limit_lines = [
            pg.InfiniteLine(
                pos=s * ANGLE_LIMIT,
                angle=90,
                movable=False,
                pen=pg.mkPen(COLORS["red"], width=1.5, style=Qt.PenStyle.DashLine),
            )
            for s in (-1, 1)
        ]
        for line in self.limit_lines:
            self.plot.addItem(line)
        self.view.scene().sigMouseMoved.connect(self._hover)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(top_box)
        # The grid's Q values as a table (the map's colours are not readable by everyone).
        self.stack = PlotOrTable(
            self.view, [], self._table_columns, translate("PolicyMap", "Policy map"), short=True
        )
        self.stack.toggle.setAutoRaise(True)
        top.addWidget(self.stack.toggle)
        # The mode names show whole; the legend beside them wraps instead.
        self.mode.setMinimumWidth(self.mode.sizeHint().width())
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.hover_label)
        layout.addWidget(self.info_label)
        self._apply_theme()
        self._show_mode()

    # -- data in --------------------------------------------------------------------------
    def start_run(self, config: Config, info: EnvInfo) -> None:
        """Set up the slice and the grid of states for ``info``; forget the old policy."""
        self.info = info
        xi, yi, (x0, x1), (y0, y1) = slice_axes(info)
        self.xi, self.yi = xi, yi
        self.xs, self.ys = np.linspace(x0, x1, GRID), np.linspace(y0, y1, GRID)
        grid_x, grid_y = np.meshgrid(self.xs, self.ys)  # rows = y, columns = x
        self.states = np.zeros((GRID * GRID, info.state_size), dtype=np.float32)
        self.states[:, xi] = grid_x.ravel()
        self.states[:, yi] = grid_y.ravel()
        self._policy, self.q, self.actions, self.max_q = None, None, None, None
        self._computed_at = -math.inf
        dx, dy = self.xs[1] - self.xs[0], self.ys[1] - self.ys[0]
        self._rect = QRectF(x0 - dx / 2, y0 - dy / 2, x1 - x0 + dx, y1 - y0 + dy)
        for image in (self.action_image, self.q_image):
            image.clear()
        self.boundary.setData(None)  # the old run's decision boundary goes too
        self.plot.setLabel("bottom", feature_label(info, xi))
        self.plot.setLabel("left", feature_label(info, yi))
        self.plot.setRange(xRange=(x0, x1), yRange=(y0, y1), padding=0)
        cartpole = info.env_id.startswith("CartPole") and (xi, yi) == (2, 3)
        for line in self.limit_lines:
            line.setVisible(cartpole)
        names = action_names(info)
        # A narrow dock wraps between actions, never inside an action's name.
        self._action_legend = "  ".join(
            f"<span style='white-space:nowrap'><span style='color:"
            f"{ACTION_COLORS[i % len(ACTION_COLORS)]}'>■</span> {n}</span>"
            for i, n in enumerate(names)
        )
        self._q_legend = (
            translate("PolicyMap", "line: decision boundary Q({0}) = Q({1})").format(*names)
            if len(names) == 2
            else ""
        )
        self.stack.model.headers = [
            feature_label(info, xi),
            feature_label(info, yi),
            *(f"Q({n})" for n in names),
            translate("PolicyMap", "greedy action"),
        ]
        self.stack.model.reload()
        self._show_mode()
        others = [
            feature_text(info.feature_names[i]) for i in range(info.state_size) if i not in (xi, yi)
        ]
        fixed = (
            f"{', '.join(others)} = 0" if others else translate("PolicyMap", "no other features")
        )
        limit = translate("PolicyMap", "; dashed red: the ±12° failure angle") if cartpole else ""
        self._slice_text = translate("PolicyMap", "Slice: {0}{1}.").format(fixed, limit)
        self.info_label.setText(
            self._slice_text
            + " "
            + translate("PolicyMap", "Waiting for the first network snapshot…")
        )

    def prepare_for(self, config: Config, info: EnvInfo) -> None:
        """Before a run (the window's preview): a new environment gets its own empty slice
        at once (the old run's map and lines go); the same environment keeps its map."""
        if self.info is not None and self.info.env_id == info.env_id:
            return
        self.start_run(config, info)
        self.info_label.setText(self._slice_text + " " + translate("PolicyMap", "No network yet."))

    def set_snapshot(self, snap: dict) -> None:
        policy = snap.get("policy")
        if policy is not None:
            self._policy = policy
            self._policy_time = time.monotonic()
            self._snap_label = translate("PolicyMap", "after {0} episodes, {1} env steps").format(
                number(int(snap.get("episode", 0))), number(int(snap.get("env_steps", 0)))
            )

    # -- computing and drawing ------------------------------------------------------------
    def has_news(self) -> bool:
        if self._policy is None or self.states is None:
            return False
        now = time.monotonic()
        return (
            self._policy_time > self._computed_at and now - self._computed_at >= self.min_interval_s
        )

    def refresh(self) -> None:
        """Recompute the grid when a newer policy arrived and ``min_interval_s`` passed."""
        if not self.has_news():
            return
        now = time.monotonic()
        self._computed_at = now
        try:
            self.compute(self._policy)
        except ValueError as exc:  # e.g. a network for another environment's state size
            self.info_label.setText(
                self._slice_text
                + " "
                + translate("PolicyMap", "Cannot evaluate this network on the slice: {0}").format(
                    exc
                )
            )

    def compute(self, policy) -> None:
        """Q values of the whole grid in a few batched calls; update both images."""
        q = np.concatenate(
            [policy.q_values(self.states[i : i + CHUNK]) for i in range(0, len(self.states), CHUNK)]
        ).astype(np.float64)
        self.q = q
        self.actions = np.argmax(q, axis=1).reshape(GRID, GRID)
        self.max_q = q.max(axis=1).reshape(GRID, GRID)
        self.action_image.setImage(action_rgb(self.actions), autoLevels=False, levels=(0, 255))
        lo, hi = float(self.max_q.min()), float(self.max_q.max())
        self.q_image.setImage(self.max_q, autoLevels=False)
        self.colorbar.setLevels((lo, hi if hi > lo else lo + 1e-6))
        for image in (self.action_image, self.q_image):
            image.setRect(self._rect)  # after setImage: the scale depends on the size
        if q.shape[1] == 2:  # the decision boundary Q(a1) = Q(a0), drawn in both modes
            self.boundary.setData((q[:, 1] - q[:, 0]).reshape(GRID, GRID))
        else:
            self.boundary.setData(None)
        share = np.bincount(self.actions.ravel(), minlength=q.shape[1]) / self.actions.size
        names = action_names(self.info) if self.info else []
        shares = ", ".join(f"{n} {100 * s:.0f} %" for n, s in zip(names, share))
        self.info_label.setText(
            self._slice_text
            + " "
            + translate("PolicyMap", "Network {0}; greedy: {1}; max Q {2} … {3}.").format(
                self._snap_label, shares, decimal(lo, 1), decimal(hi, 1)
            )
        )
        self.stack.refresh()

    def _table_columns(self) -> list[np.ndarray]:
        """The grid as rows: x, y, each action's Q value and the greedy action's number."""
        if self.q is None or self.xs is None:
            return [np.zeros(0) for _ in self.stack.model.headers]
        grid_x, grid_y = np.meshgrid(self.xs, self.ys)
        return [grid_x.ravel(), grid_y.ravel(), *self.q.T, self.actions.ravel()]

    def _show_mode(self) -> None:
        actions = self.mode.currentData() == MODES[0]
        self.legend.setText(self._action_legend if actions else self._q_legend)
        self.action_image.setVisible(actions)
        self.colorbar.setVisible(not actions)
        self.boundary.setParentItem(self.action_image if actions else self.q_image)

    def _hover(self, pos: QPointF) -> None:
        if self.q is None or not self.plot.sceneBoundingRect().contains(pos):
            return
        p = self.plot.getViewBox().mapSceneToView(pos)
        col = int(np.clip(np.searchsorted(self.xs, p.x()), 0, GRID - 1))
        row = int(np.clip(np.searchsorted(self.ys, p.y()), 0, GRID - 1))
        if not (self.xs[0] <= p.x() <= self.xs[-1] and self.ys[0] <= p.y() <= self.ys[-1]):
            return
        q = self.q[row * GRID + col]
        names = action_names(self.info)
        values = ", ".join(f"{n} {decimal(v, 2)}" for n, v in zip(names, q))
        self.hover_label.setText(
            f"{feature_text(self.info.feature_names[self.xi])} {signed(self.xs[col], 3)}, "
            f"{feature_text(self.info.feature_names[self.yi])} {signed(self.ys[row], 2)}: "
            f"Q = {values} → "
            f"{names[int(np.argmax(q))]}"
        )

    def _apply_theme(self) -> None:
        fg, bg = palette_colors(self)
        self.view.setBackground(bg)
        style_plot(self.plot, fg)
        self.boundary.setPen(pg.mkPen(fg, width=1.5))
        axis = self.colorbar.getAxis("right") if hasattr(self.colorbar, "getAxis") else None
        if axis is not None:
            axis.setPen(fg)
            axis.setTextPen(fg)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt name
        if event.type() == QEvent.Type.PaletteChange:
            self._apply_theme()
        super().changeEvent(event)

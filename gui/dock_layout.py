"""Where the panels go: loading the installed panels, their docks and the default layout.

Every view is a ``QDockWidget`` (rearrangeable; the window saves and restores the
arrangement with ``QSettings``). At 1400 x 900 the default keeps every panel at or above
its minimum width: settings on the left, the learning curves on top, and below them the
viewport (tabbed with the replay memory) beside the policy map (tabbed with the network).
"""

from __future__ import annotations

import importlib
import traceback
from typing import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QDockWidget, QLabel, QMainWindow, QMenu, QSizePolicy, QToolBar,
                               QWidget)

# (module, class) of every data panel, in dock order; those not installed are skipped.
PANELS = (("gui.plots_panel", "PlotsPanel"), ("gui.viewport", "ViewportPanel"),
          ("gui.replay_panel", "ReplayPanel"), ("gui.network_panel", "NetworkPanel"),
          ("gui.policy_map", "PolicyMapPanel"))

# How often the main window's ~30 Hz tick lets a panel redraw, in ms; the status line and
# the viewport (its own timer) stay at 30 Hz. The GUI thread's Python work (pyqtgraph paints
# in Python, and QPainter calls keep the GIL) holds the GIL the training thread needs. Since
# the learning curves follow the run with coarse ranges and cached axes, a redraw costs
# ~3-5 ms (~11 ms when an axis moves); measured in one run, alternating 2 s windows, curves at
# 5 Hz still trained ~4 % slower than at 2 Hz, so they stay at 2 Hz. Snapshot views get new
# data at ~2 Hz anyway. A panel's own ``refresh_interval_ms`` attribute takes precedence.
REFRESH_INTERVAL_MS = {"PlotsPanel": 500, "ReplayPanel": 500, "NetworkPanel": 500,
                       "PolicyMapPanel": 500}
DEFAULT_REFRESH_MS = 33


def refresh_interval_s(panel: QWidget) -> float:
    """Seconds between two ``refresh()`` calls of ``panel`` (see REFRESH_INTERVAL_MS)."""
    ms = getattr(panel, "refresh_interval_ms", None) or REFRESH_INTERVAL_MS.get(
        type(panel).__name__, DEFAULT_REFRESH_MS)
    return ms / 1000


def load_panels(names: tuple[tuple[str, str], ...] = PANELS
                ) -> tuple[list[QWidget], list[str]]:
    """Instantiate every panel that is installed; a message for each one that failed."""
    panels, problems = [], []
    for module_name, class_name in names:
        try:
            cls = getattr(importlib.import_module(module_name), class_name)
            panels.append(cls())
        except ModuleNotFoundError as exc:
            if exc.name != module_name:      # not "not written yet": a real problem
                problems.append(f"{class_name}: {exc}")
        except Exception as exc:  # noqa: BLE001 - one broken panel must not stop the app
            problems.append(f"{class_name}: {type(exc).__name__}: {exc}")
            traceback.print_exc()
    return panels, problems


def make_dock(window: QMainWindow, widget: QWidget, title: str, view_menu: QMenu
              ) -> QDockWidget:
    """A dock (named for ``saveState``) holding ``widget``, with a View menu toggle."""
    # Fix the minimum width at the empty panel's: text that grows with the data (long
    # labels) must not widen the docks, and so the whole window, during a run.
    widget.setMinimumWidth(widget.minimumSizeHint().width())
    dock = QDockWidget(title, window)
    dock.setObjectName(f"dock_{type(widget).__name__}")
    dock.setWidget(widget)
    view_menu.addAction(dock.toggleViewAction())
    return dock


def place_docks(window: QMainWindow, settings: QDockWidget,
                docks: dict[str, QDockWidget]) -> None:
    """The default arrangement (see the module docstring); missing panels are skipped."""
    window.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, settings)
    for dock in docks.values():
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
    d = docks.get
    columns = [[x for x in pair if x] for pair in ((d("ViewportPanel"), d("ReplayPanel")),
                                                   (d("PolicyMapPanel"), d("NetworkPanel")))]
    columns = [c for c in columns if c]
    top = d("PlotsPanel")
    # Split before tabifying (a tabbed dock cannot be split), rows before columns.
    if top is not None and columns:
        window.splitDockWidget(top, columns[0][0], Qt.Orientation.Vertical)
    if len(columns) == 2:
        window.splitDockWidget(columns[0][0], columns[1][0], Qt.Orientation.Horizontal)
    for column in columns:
        for other in column[1:]:
            window.tabifyDockWidget(column[0], other)
        column[0].raise_()


def default_sizes(window: QMainWindow, settings: QDockWidget,
                  docks: dict[str, QDockWidget]) -> None:
    """Split sizes for the window's current size (call once it is shown)."""
    window.resizeDocks([settings], [350], Qt.Orientation.Horizontal)
    plots, left, right = docks.get("PlotsPanel"), docks.get("ViewportPanel"), \
        docks.get("PolicyMapPanel")
    if plots is not None and left is not None:
        height = window.height() - window.menuBar().height() - 120
        window.resizeDocks([plots, left], [int(height * 0.52), int(height * 0.48)],
                           Qt.Orientation.Vertical)
    if left is not None and right is not None:
        window.resizeDocks([left, right], [600, 440], Qt.Orientation.Horizontal)


def hint_toolbar(text: str, on_dismiss: Callable[[], None]) -> QToolBar:
    """A one-line toolbar with ``text`` and a "Got it" button (the first-view hint)."""
    bar = QToolBar("Hint")
    bar.setObjectName("hint_toolbar")
    bar.setMovable(False)
    label = QLabel(text)
    label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    label.setMinimumWidth(120)   # a narrow window clips the hint instead of growing
    label.setToolTip(text)
    label.setStyleSheet("padding: 4px;")
    bar.addWidget(label)
    bar.addAction("Got it", on_dismiss)
    return bar

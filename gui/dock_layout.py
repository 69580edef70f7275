"""Where the panels go: loading the installed panels, their docks and the default layout.

Every view is a ``QDockWidget`` (rearrangeable; the window saves and restores the
arrangement with ``QSettings``). At 1400 x 900 the default keeps every panel at or above
its minimum width: settings on the left, the learning curves on top, and below them the
viewport (tabbed with the replay memory) beside the policy map (tabbed with the network).
"""

from __future__ import annotations

import importlib
import traceback
from collections.abc import Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QEvent, QObject, QRect, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDockWidget,
    QMainWindow,
    QMenu,
    QScrollArea,
    QSizePolicy,
    QTabBar,
    QToolBar,
    QWidget,
)

from dqn_lab.gui.i18n import translate
from dqn_lab.gui.labels import WrappingLabel, wrapped_tip

# (module, class) of every data panel, in dock order; those not installed are skipped.
PANELS = (
    ("dqn_lab.gui.plots_panel", "PlotsPanel"),
    ("dqn_lab.gui.viewport", "ViewportPanel"),
    ("dqn_lab.gui.replay_panel", "ReplayPanel"),
    ("dqn_lab.gui.network_panel", "NetworkPanel"),
    ("dqn_lab.gui.policy_map", "PolicyMapPanel"),
)

# How often the main window's ~30 Hz tick lets a panel redraw, in ms; the status line and
# the viewport (its own timer) stay at 30 Hz. The GUI thread's Python work (pyqtgraph paints
# in Python, and QPainter calls keep the GIL) holds the GIL the training thread needs. Since
# the learning curves follow the run with coarse ranges and cached axes, a redraw costs
# ~3-5 ms (~11 ms when an axis moves); measured in one run, alternating 2 s windows, curves at
# 5 Hz still trained ~4 % slower than at 2 Hz, so they stay at 2 Hz. Snapshot views get new
# data at ~2 Hz anyway. A panel's own ``refresh_interval_ms`` attribute takes precedence.
# The panels' titles (their class attribute ``title``), translated when docked.
TITLES = (
    QT_TRANSLATE_NOOP("Panels", "Learning curves"),
    QT_TRANSLATE_NOOP("Panels", "Viewport"),
    QT_TRANSLATE_NOOP("Panels", "Replay memory"),
    QT_TRANSLATE_NOOP("Panels", "Network"),
    QT_TRANSLATE_NOOP("Panels", "Policy map"),
    QT_TRANSLATE_NOOP("Panels", "Compare runs"),
)
REFRESH_INTERVAL_MS = {
    "PlotsPanel": 500,
    "ReplayPanel": 500,
    "NetworkPanel": 500,
    "PolicyMapPanel": 500,
}
DEFAULT_REFRESH_MS = 33
DOCK_TITLE_PX = 18  # about one dock title bar
PLOTS_SHARE = 0.58  # of the docks' height for the learning curves in the default layout


def refresh_interval_s(panel: QWidget) -> float:
    """Seconds between two ``refresh()`` calls of ``panel`` (see REFRESH_INTERVAL_MS)."""
    ms = getattr(panel, "refresh_interval_ms", None) or REFRESH_INTERVAL_MS.get(
        type(panel).__name__, DEFAULT_REFRESH_MS
    )
    return ms / 1000


def load_panels(names: tuple[tuple[str, str], ...] = PANELS) -> tuple[list[QWidget], list[str]]:
    """Instantiate every panel that is installed; a message for each one that failed."""
    panels, problems = [], []
    for module_name, class_name in names:
        try:
            cls = getattr(importlib.import_module(module_name), class_name)
            panels.append(cls())
        except ModuleNotFoundError as exc:
            if exc.name != module_name:  # not "not written yet": a real problem
                problems.append(f"{class_name}: {exc}")
        except Exception as exc:  # noqa: BLE001 - one broken panel must not stop the app
            problems.append(f"{class_name}: {type(exc).__name__}: {exc}")
            traceback.print_exc()
    return panels, problems


def make_dock(window: QMainWindow, widget: QWidget, title: str, view_menu: QMenu) -> QDockWidget:
    """A dock (named for ``saveState``) holding ``widget``, with a View menu toggle."""
    # Fix the minimum width at the empty panel's: text that grows with the data (long
    # labels) must not widen the docks, and so the whole window, during a run.
    widget.setMinimumWidth(widget.minimumSizeHint().width())
    dock = QDockWidget(title, window)
    dock.setObjectName(f"dock_{type(widget).__name__}")
    dock.setWidget(widget)
    view_menu.addAction(dock.toggleViewAction())
    return dock


def place_docks(window: QMainWindow, settings: QDockWidget, docks: dict[str, QDockWidget]) -> None:
    """The default arrangement (see the module docstring); missing panels are skipped."""
    window.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, settings)
    for dock in docks.values():
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
    d = docks.get
    columns = [
        [x for x in pair if x]
        for pair in (
            (d("ViewportPanel"), d("ReplayPanel")),
            (d("PolicyMapPanel"), d("NetworkPanel")),
        )
    ]
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


#: A window manager's frame (width, height) before it is known: borders and a title bar.
DECORATION = (8, 40)
FRAMED_MS = 300  # by then a window manager has put its frame around a new window


def show_within_screen(window: QWidget) -> None:
    """Show ``window`` within its screen, frame included: its size fitted now (with the
    frame estimated; where it goes is the window manager's choice) and its size and place
    once the window manager has framed it (a 1280x800 window on a 1280x800 screen had its
    status line below the screen's edge)."""
    window.show()
    fit_to_screen(window, move=False)
    QTimer.singleShot(FRAMED_MS, window, lambda: fit_to_screen(window))


def fit_to_screen(window: QWidget, available: QRect | None = None, move: bool = True) -> None:
    """Make the window, with its frame, no larger than the screen's available area (the
    desktop without panels and docks) and (with ``move``) move it inside; ``available``
    defaults to the window's screen. Never smaller than the window's minimum size."""
    if available is None:
        screen = window.screen()
        # The offscreen platform (tests, rendering) has no real screen: its made-up
        # 800x800 is no limit for a window whose size the caller chose.
        if screen is None or QGuiApplication.platformName() == "offscreen":
            return
        available = screen.availableGeometry()
    frame, inner = window.frameGeometry(), window.geometry()
    extra_w, extra_h = frame.width() - inner.width(), frame.height() - inner.height()
    if extra_h == 0 and QGuiApplication.platformName() != "offscreen":
        extra_w, extra_h = DECORATION  # not framed yet: the window manager frames it later
    width = max(min(window.width(), available.width() - extra_w), window.minimumWidth())
    height = max(min(window.height(), available.height() - extra_h), window.minimumHeight())
    if (width, height) != (window.width(), window.height()):
        window.resize(width, height)
    x = min(max(frame.x(), available.x()), available.right() + 1 - width - extra_w)
    y = min(max(frame.y(), available.y()), available.bottom() + 1 - height - extra_h)
    if move and window.isVisible() and (x, y) != (frame.x(), frame.y()):
        window.move(max(x, available.x()), max(y, available.y()))


def split_sizes(total: int, share: float, first_min: int, second_min: int) -> tuple[int, int]:
    """``total`` pixels split ``share`` : ``1 - share``, each part at least its minimum
    (the first one wins when both cannot)."""
    first = max(int(total * share), first_min)
    second = max(total - first, second_min)
    first = max(total - second, first_min)
    return first, second


class SideDockWidth(QObject):
    """Keeps a side dock at the width it was given when the window is resized by hand.

    Qt's main-window layout splits a change of the window's width between the dock areas
    by their current sizes; with the empty centre of this window, the settings dock took
    its share of a narrowing (below its fields' width, so that it scrolled sideways) and all
    of a widening (341 px became 638 px after 1400 -> 1024 -> 1400). Like the side bars of
    an IDE, the dock now keeps its width and the other side takes the change.

    The width kept is given three ways, and only so: the default layout's rule for the
    window's width (:meth:`follow`, also View > Reset layout), a restored layout's width
    (:meth:`keep_current`, once the window shows), or the user dragging the separator (a
    mouse press and release on the window that changed the dock's width); Qt resizing the
    dock for other reasons (docks hidden or shown) does not change it. The width is applied
    again after the window is resized and when a dock is shown, hidden, floated or moved. A
    dock that is floating, hidden, or shares its side with every other dock is left to Qt.
    """

    def __init__(self, window: QMainWindow, dock: QDockWidget) -> None:
        super().__init__(window)
        self.window, self.dock = window, dock
        self.user_width: int | None = None  # dragged or restored; None: follow the rule
        self.rule: Callable[[], int] | None = None  # the width for the window's width
        self._pressed_width: int | None = None  # the dock's width when a drag began
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)  # once the layout has followed the change
        self._timer.timeout.connect(self.apply)
        window.installEventFilter(self)
        for other in window.findChildren(QDockWidget):
            other.visibilityChanged.connect(self._later)
            other.topLevelChanged.connect(self._later)
            other.dockLocationChanged.connect(self._later)

    def _later(self, *_args) -> None:
        self._timer.start()

    def follow(self, rule: Callable[[], int]) -> None:
        """Give the dock ``rule()``'s width now and whenever the window is resized, until
        the user gives it a width of their own."""
        self.rule, self.user_width = rule, None
        self.apply()

    def keep_current(self) -> None:
        """Keep the width the dock has now (a restored layout's, once the window shows)."""
        self.window.layout().activate()
        if self._docked(self.dock):
            self.user_width = self.dock.width()

    def target(self) -> int | None:
        """The width the dock should have: the user's (or a restored layout's), the rule's,
        or None (nothing given yet)."""
        if self.user_width is not None:
            return self.user_width
        return self.rule() if self.rule is not None else None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt name
        if watched is not getattr(self, "window", None):  # (or torn down)
            return False
        kind = event.type()
        if kind == QEvent.Type.Resize:
            self._timer.start()
        elif kind == QEvent.Type.MouseButtonPress:
            # On the window itself, not a press a child passed on: a separator.
            if self.window.childAt(event.position().toPoint()) is None:
                self._pressed_width = self.dock.width()
        elif kind == QEvent.Type.MouseButtonRelease and self._pressed_width is not None:
            if self.dock.width() != self._pressed_width and self._docked(self.dock):
                self.user_width = self.dock.width()  # the user dragged the separator
            self._pressed_width = None
        return False

    @staticmethod
    def _docked(dock: QDockWidget) -> bool:
        return dock.isVisible() and not dock.isFloating()

    def partner(self) -> QDockWidget | None:
        """A docked dock on the window's other side, which takes the change of width."""
        area = self.window.dockWidgetArea(self.dock)
        sides = {Qt.DockWidgetArea.LeftDockWidgetArea, Qt.DockWidgetArea.RightDockWidgetArea}
        if area not in sides or not self._docked(self.dock):
            return None
        others = [
            other
            for other in self.window.findChildren(QDockWidget)
            if other is not self.dock
            and self._docked(other)
            and not other.visibleRegion().isEmpty()  # not a tab in the background
            and self.window.dockWidgetArea(other) in sides - {area}
        ]
        # The topmost (the learning curves in the default layout): a dock in a group of
        # tabs moves the group's other docks with it.
        return min(others, key=lambda d: (d.y(), d.x()), default=None)

    def apply(self) -> None:
        """The dock at its target width, as far as the other side's minimum allows."""
        self.window.layout().activate()  # resizes Qt still owes, before measuring
        target, partner = self.target(), self.partner()
        if target is None or partner is None:
            return
        ask = target
        for _ in range(2):  # the second pass takes off what the separator took
            if self.dock.width() == target:
                break
            # Both sides, by the difference: with one, Qt hands the rest back to the dock;
            # the partner may be one of several docks on its side.
            change = ask - self.dock.width()
            self.window.resizeDocks(
                [self.dock, partner],
                [ask, partner.width() - change],
                Qt.Orientation.Horizontal,
            )
            self.window.layout().activate()
            ask += target - self.dock.width()


def default_settings_width(window: QMainWindow, settings: QDockWidget) -> int:
    """The default layout's width of the settings dock: a quarter of the window, at most
    350 px, but never less than their fields' width (a narrow window, longer labels)."""
    panel = settings.widget()
    # (plus the dock's frame and the separator, which resizeDocks counts in)
    fields = panel.fields_width() + 12 if hasattr(panel, "fields_width") else 0
    return max(min(350, int(window.width() * 0.25)), fields, settings.minimumSizeHint().width())


def default_sizes(
    window: QMainWindow,
    settings: SideDockWidth,
    docks: dict[str, QDockWidget],
    available: QRect | None = None,
) -> None:
    """The window within the screen (``fit_to_screen``), then split sizes for its size
    (call once it is shown; View > Reset layout calls it too).

    Settings get :func:`default_settings_width`, and keep following it as the window is resized
    until the user gives them a width of their own; the learning curves get PLOTS_SHARE of
    the height, at least their minimum, and the panels below the rest.
    """
    fit_to_screen(window, available)
    plots, left, right = (
        docks.get("PlotsPanel"),
        docks.get("ViewportPanel"),
        docks.get("PolicyMapPanel"),
    )
    rule = lambda: default_settings_width(window, settings.dock)  # noqa: E731 - a rule kept by name
    if plots is not None and left is not None:
        height = dock_area_height(window)
        top, bottom = split_sizes(
            height, PLOTS_SHARE, plots.minimumSizeHint().height(), left.minimumSizeHint().height()
        )
        window.resizeDocks([plots, left], [top, bottom], Qt.Orientation.Vertical)
    if left is not None and right is not None:
        width = window.width() - rule()
        a, b = split_sizes(
            width, 0.58, left.minimumSizeHint().width(), right.minimumSizeHint().width()
        )
        window.resizeDocks([left, right], [a, b], Qt.Orientation.Horizontal)
    settings.follow(rule)  # last: the splits above move it
    # Once the layout has applied the sizes (the next event loop pass).
    QTimer.singleShot(0, window, lambda: hide_stale_tab_bars(window))


def hide_stale_tab_bars(window: QMainWindow) -> int:
    """Hide tab bars Qt left behind; the number hidden.

    ``tabifyDockWidget`` for a second group of tabs leaves a copy of that group's tab bar
    (Qt 6.x) that the layout never moves again: after the default sizes it showed over
    the viewport's bottom edge. A tab bar in use sits right below a shown dock whose title
    is its current tab; the rest are hidden (Qt shows a bar again when it reuses it).
    """
    shown = [d for d in window.findChildren(QDockWidget) if d.isVisible() and not d.isFloating()]
    hidden = 0
    for bar in window.findChildren(QTabBar):
        if bar.parent() is not window or not bar.isVisible() or bar.count() == 0:
            continue
        title = bar.tabText(bar.currentIndex())
        g = bar.geometry()
        in_use = any(
            d.windowTitle() == title
            and abs(d.geometry().bottom() + 1 - g.top()) <= 4
            and abs(d.geometry().left() - g.left()) <= 4
            for d in shown
        )
        if not in_use:
            bar.hide()
            hidden += 1
    return hidden


def dock_area_height(window: QMainWindow) -> int:
    """The height the docks share: the window less its menu, tool and status bars."""
    used = window.menuBar().height() if window.menuBar().isVisible() else 0
    for bar in window.findChildren(QToolBar):
        if (
            bar.isVisible()
            and not bar.isFloating()
            and bar.parent() is window
            and window.toolBarArea(bar)
            in (Qt.ToolBarArea.TopToolBarArea, Qt.ToolBarArea.BottomToolBarArea)
        ):
            used += bar.height()
    status = window.statusBar()
    if status.isVisible():
        used += status.height()
    return max(window.height() - used - 2 * DOCK_TITLE_PX, 0)


def scrolling(content: QWidget, min_width: int = 0, min_height: int = 0) -> QScrollArea:
    """``content`` in a frameless scroll area that may be smaller than it (down to
    ``min_width`` x ``min_height``): a narrow or short dock scrolls instead of forcing the
    whole window to stay large. Scroll bars show only when needed."""
    area = QScrollArea()
    area.setWidget(content)
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    area.setMinimumSize(min_width, min_height)
    return area


def hint_toolbar(text: str, on_dismiss: Callable[[], None]) -> QToolBar:
    """A toolbar with ``text`` (wrapped in a narrow window) and a "Got it" button (the
    first-view hint)."""
    bar = QToolBar(translate("MainWindow", "Hint"))
    bar.setObjectName("hint_toolbar")
    bar.setMovable(False)
    label = WrappingLabel(in_row=True, min_width=120)  # a narrow window wraps the hint
    label.setText(text)
    label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    label.setToolTip(wrapped_tip(text))
    label.setStyleSheet("padding: 4px;")
    bar.addWidget(label)
    bar.addAction(translate("MainWindow", "Got it"), on_dismiss)
    return bar

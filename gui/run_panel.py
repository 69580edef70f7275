"""The panels' one interface to a run: what the run model feeds them and when they redraw.

:class:`RunPanel` is the whole contract between a data panel and the shell. The run model
(:mod:`dqn_lab.gui.run_model`) calls ``prepare_for``/``start_run``/``add_episodes``/``set_*``/
``mark_change``/``show_history``/``show_opened`` on every panel (always on the GUI thread),
and the main window calls :meth:`RunPanel.refresh` on every visible panel from a single ~30 Hz
``QTimer``. Panels only store data in those methods and redraw in ``refresh()`` when
something changed (pyqtgraph's pattern: a GUI timer calls ``setData``; the data source never
drives the redraw). Every method is a no-op here, so a panel overrides only what it shows.
A panel that runs greedy evaluations of its own emits :attr:`RunPanel.evaluated`.
"""

from __future__ import annotations

from collections.abc import Sequence

import pyqtgraph as pg
from PySide6.QtCore import Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QWidget

from dqn_lab.core.config import Config
from dqn_lab.core.environment import EnvInfo
from dqn_lab.core.records import EpisodeEnd, Progress, SettingsChanged
from dqn_lab.gui.i18n import action_text, feature_text
from dqn_lab.gui.plot_axes import localize_ticks
from dqn_lab.gui.run_history import RunHistory


class RunPanel(QWidget):
    """A dockable view of one aspect of a run; subclasses override what they need."""

    #: Tab / dock title shown by the main window.
    title: str = "Run"

    #: Scores of a greedy evaluation the panel ran itself; the model puts them on the run.
    evaluated = Signal(list)

    def prepare_for(self, config: Config, info: EnvInfo) -> None:
        """No run is active: preview what a run of ``config`` on ``info`` will show."""

    def show_architecture(self, config: Config, info: EnvInfo) -> None:
        """No run is active: show the network that ``config`` describes (no TensorFlow)."""

    def start_run(self, config: Config, info: EnvInfo) -> None:
        """Forget the previous run's data and prepare for a new run of ``config`` on ``info``."""

    def add_episode(self, ev: EpisodeEnd) -> None:
        """Store one finished episode (score, epsilon, loss, mean Q, speed)."""

    def add_episodes(self, events: Sequence[EpisodeEnd]) -> None:
        """Store finished episodes in order (a worker batch, or an opened run's thousands);
        a panel that can store them at once overrides this."""
        for ev in events:
            self.add_episode(ev)

    def show_history(self, history: RunHistory) -> None:
        """Store an opened (or continued) run's earlier episodes and live changes at once
        (:class:`dqn_lab.gui.run_history.RunHistory`: columns, up to 100,000 of each).

        A panel that draws them overrides this with a batched version; here, a panel that
        follows episodes or changes gets them one by one, and any other costs nothing."""
        cls = type(self)
        if cls.add_episode is not RunPanel.add_episode or (
            cls.add_episodes is not RunPanel.add_episodes
        ):
            self.add_episodes(history.events())
        if cls.mark_change is not RunPanel.mark_change:
            for ev in history.changes():
                self.mark_change(ev)

    def add_progress(self, ev: Progress) -> None:
        """Store the throttled (~20 Hz) progress of the running episode."""

    def mark_change(self, ev: SettingsChanged) -> None:
        """Record a live hyperparameter change applied at ``ev.episode``."""

    def set_snapshot(self, snap: dict) -> None:
        """Store the worker's ~2 Hz snapshot.

        Keys: ``replay`` (``ReplayMemory.stats`` dict), ``histograms`` (list of
        (counts, edges) per state feature), ``policy`` (a frozen ``NumpyPolicy``),
        ``counters`` (step, updates, epsilon, sync_pending), ``kind`` ('naive' or 'dqn'),
        ``env_id``, ``env_steps``, ``episode``.
        """

    def show_opened(self, snap: dict) -> None:
        """Show an opened agent's snapshot (``set_snapshot``'s keys; not a live run)."""
        self.set_snapshot(snap)

    def set_evaluation(self, episode: int, scores: list[float]) -> None:
        """Store greedy evaluation ``scores`` taken after episode ``episode``."""

    def refresh(self) -> None:
        """Redraw from the stored data if it changed (called by the main window's ~30 Hz timer)."""

    def has_news(self) -> bool:
        """Whether :meth:`refresh` would draw something new. The window holds the painting
        of a slow panel's refresh for a turn only then; a panel that cannot tell says True."""
        return True

    def shutdown(self) -> None:
        """The window closes: stop timers and join any thread the panel started."""


# -- shared look of the plotting panels ----------------------------------------------------
#: Curve colours readable on light and dark backgrounds (matplotlib's "tab10").
COLORS = dict(
    blue="#1f77b4",
    orange="#ff7f0e",
    green="#2ca02c",
    red="#d62728",
    purple="#9467bd",
    brown="#8c564b",
    pink="#e377c2",
    grey="#7f7f7f",
    olive="#bcbd22",
    cyan="#17becf",
)


def palette_colors(widget: QWidget) -> tuple[str, str]:
    """(foreground, background) colour names of the widget's palette, for plots."""
    pal = widget.palette()
    return pal.color(QPalette.ColorRole.Text).name(), pal.color(QPalette.ColorRole.Base).name()


def style_plot(plot: pg.PlotItem, fg: str) -> None:
    """Give a plot's axes, labels and title the palette's text colour, and its tick labels
    the interface's decimal sign."""
    for name in ("left", "bottom", "right", "top"):
        axis = plot.getAxis(name)
        localize_ticks(axis)
        axis.setPen(fg)
        axis.setTextPen(fg)
        if axis.label is not None:
            axis.label.setDefaultTextColor(QColor(fg))
    plot.titleLabel.setText(plot.titleLabel.text, color=fg)


# -- names and units of what the environments show ------------------------------------------
CARTPOLE_UNITS = ("m", "m/s", "rad", "rad/s")
CARTPOLE_ACTIONS = ("push left", "push right")


def feature_label(info: EnvInfo, i: int) -> str:
    """``"pole angle [rad]"`` for CartPole features, the plain feature name otherwise."""
    name = feature_text(info.feature_names[i]) if i < len(info.feature_names) else f"x{i}"
    if info.env_id.startswith("CartPole") and i < len(CARTPOLE_UNITS):
        return f"{name} [{CARTPOLE_UNITS[i]}]"
    return name


def action_names(info: EnvInfo) -> list[str]:
    """Readable action names (CartPole's two pushes; ``action i`` elsewhere)."""
    if info.env_id.startswith("CartPole") and info.action_size == 2:
        return [action_text(n) for n in CARTPOLE_ACTIONS]
    return [action_text(f"action {i}") for i in range(info.action_size)]

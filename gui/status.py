"""The run's status line: episode, steps, speed, time, a progress bar and the notebook's check;
and the progress of a file being opened (:class:`LoadProgress`).

The lab notebook ends with "mean over the last 100 episodes" compared with the
environment's reward threshold (195 for CartPole-v0); the widget shows it live, green once
at least 100 episodes reach the threshold. Labels are updated from stored values at the
main window's refresh rate, never per signal.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QT_TRANSLATE_NOOP, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from dqn_lab.core.config import Config
from dqn_lab.core.environment import EnvInfo
from dqn_lab.core.records import EpisodeEnd, Progress
from dqn_lab.gui.i18n import count_text, decimal, number, translate, value_text
from dqn_lab.gui.labels import wrapped_tip
from dqn_lab.gui.progress_bar import ProgressBar


def fmt_duration(seconds: float) -> str:
    """'42 s', '3:07' or '1:02:03'."""
    if not math.isfinite(seconds) or seconds < 0:
        return "–"
    s = int(round(seconds))
    if s < 60:
        return f"{s} s"
    h, rest = divmod(s, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


def set_growing_text(label: QLabel, text: str) -> None:
    """Set ``text``; the label's size only ever grows (to its largest text so far) and is
    fixed in between.

    A label that shrank and grew with its digits re-laid out its whole panel (the status bar
    20 times a second; beside plots, a re-layout redraws them). And any label whose size is
    not fixed asks its parent's layout to recompute at every ``setText`` (Qt's
    ``updateGeometry`` skips only widgets whose minimum and maximum sizes are equal): the
    status line's labels asked the main window for a re-layout at every refresh. Fixed, a
    new text costs a repaint of the label alone until it needs more room.
    """
    label.setText(text)
    size = label.sizeHint().expandedTo(label.minimumSize())
    if label.minimumSize() != size or label.maximumSize() != size:
        label.setFixedSize(size)


RATE_TAU_S = 3.0  # the speed shown is averaged over about this many seconds
RECENT_EPISODES = 20  # episodes whose mean length estimates the next ones'


class RateMeter:
    """Env steps per second, smoothed: an exponential moving average over ~RATE_TAU_S of
    the run's time, from the steps and the time between two events.

    The core's progress events carry the rate of their last ~50 ms (11 to 969 steps/s from
    one to the next on a busy machine); the status line shows this smoothed value while a
    run trains, and the run's average once it ended (:meth:`RunStatus.show_final`).
    """

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        self.value = 0.0
        self._last: tuple[int, float] | None = None  # (env steps, elapsed s)

    def update(self, env_steps: int, elapsed_s: float, reported: float = 0.0) -> float:
        if self._last is None:
            self.value = (
                reported if reported > 0 else (env_steps / elapsed_s if elapsed_s > 0 else 0.0)
            )
            self._last = (env_steps, elapsed_s)
            return self.value
        steps, t = self._last
        dt = elapsed_s - t
        if dt <= 0 or env_steps < steps:
            if env_steps < steps or elapsed_s < t:  # another run's numbers: start over
                self.reset()
                return self.update(env_steps, elapsed_s, reported)
            return self.value
        # Over ~RATE_TAU_S of the run's time; while the run is younger than that, its own
        # average (a plain EMA kept the ~50,000 steps/s of the steps before replay for
        # seconds: "48,956 steps/s" at ~3,500).
        weight = max(1.0 - math.exp(-dt / RATE_TAU_S), dt / elapsed_s)
        self.value += weight * ((env_steps - steps) / dt - self.value)
        self._last = (env_steps, elapsed_s)
        return self.value


class RunStatus(QWidget):
    """A permanent status-bar widget; feed it events, call ``refresh()`` to redraw."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 0, 4, 0)
        # A rule between the bar's messages (on the left, often cut) and the run's state.
        rule = QFrame()
        rule.setFrameShape(QFrame.Shape.VLine)
        rule.setFrameShadow(QFrame.Shadow.Sunken)
        layout.addWidget(rule)
        self.state_label = QLabel(translate("Status", "Ready"))
        self.episode_label = QLabel()
        self.steps_label = QLabel()
        self.speed_label = QLabel()
        self.time_label = QLabel()
        self.check_label = QLabel()
        self.check_label.setToolTip(
            wrapped_tip(
                translate(
                    "Status",
                    "The notebook's check: the mean score of the last 100 episodes must "
                    "reach the environment's reward threshold (195 for CartPole-v0).",
                )
            )
        )
        self.bar = ProgressBar()
        self.bar.setMaximumWidth(160)
        self.bar.setTextVisible(True)
        self._shown_solved: bool | None = None  # the check label's style as last set
        self._training = False  # the run trains (set_state): the time left is shown
        for w in (
            self.state_label,
            self.episode_label,
            self.steps_label,
            self.speed_label,
            self.time_label,
            self.bar,
            self.check_label,
        ):
            layout.addWidget(w)
        self.reset(None, None)

    def reset(self, config: Config | None, info: EnvInfo | None) -> None:
        """Forget the previous run; show the totals of ``config``."""
        self.total = config.episodes if config else 0
        self.max_steps = config.max_steps if config else None
        self.threshold = info.reward_threshold if info else None
        self.episodes_done = 0
        self.env_steps = 0
        self.speed = 0.0
        self.rate = RateMeter()
        self.elapsed = 0.0
        self.mean_100 = float("nan")
        self._recent_steps: list[int] = []  # the lengths of the last RECENT_EPISODES
        self.members = 1  # a population's seeds (set_population)
        self._member_means: dict[int, float] = {}  # each member's mean of its last 100
        self._member_done: dict[int, int] = {}  # each member's finished episodes
        self._dirty = True
        self.refresh()

    # -- a population of seeds: the totals over its members -----------------------------------
    def set_population(self, members: int) -> None:
        """The run trains ``members`` seeds at once: count their episodes and steps together."""
        self.members = max(1, members)
        self.total *= self.members
        self._dirty = True

    def add_member_episodes(self, items) -> None:
        """Finished episodes of the members: ``(member, EpisodeEnd)`` pairs."""
        for k, ev in items:
            self._member_means[k] = ev.mean_100
            self._member_done[k] = ev.episode + 1
            self._recent_steps = [*self._recent_steps[-(RECENT_EPISODES - 1) :], ev.steps]
        self.episodes_done = max(self.episodes_done, sum(self._member_done.values()))
        if self._member_means:
            self.mean_100 = sum(self._member_means.values()) / len(self._member_means)
        self._dirty = True

    def set_population_progress(
        self, env_steps: tuple, episodes: tuple, elapsed_s: float, _rate: float
    ) -> None:
        """All members' steps and episodes (the worker's ~20 Hz population progress)."""
        self.env_steps, self.episodes_done = sum(env_steps), sum(episodes)
        self.elapsed = elapsed_s
        self.speed = self.rate.update(self.env_steps, elapsed_s)
        self._dirty = True

    # The run model's states, translated when shown (set_state).
    STATES = (
        QT_TRANSLATE_NOOP("RunState", "Ready"),
        QT_TRANSLATE_NOOP("RunState", "Paused"),
        QT_TRANSLATE_NOOP("RunState", "Running"),
        QT_TRANSLATE_NOOP("RunState", "Stopping…"),
        QT_TRANSLATE_NOOP("RunState", "Stopped"),
        QT_TRANSLATE_NOOP("RunState", "Failed"),
        QT_TRANSLATE_NOOP("RunState", "Finished"),
        QT_TRANSLATE_NOOP("RunState", "Opened"),
        QT_TRANSLATE_NOOP("RunState", "Building the agent…"),
        QT_TRANSLATE_NOOP("RunState", "Loading TensorFlow and building the agent…"),
    )

    #: States in which the run still trains: the time left is shown only in these.
    TRAINING_STATES = ("Running", "Paused", "Stopping…")

    def set_state(self, text: str) -> None:
        """Show the run model's state (English) in the interface language."""
        self.state_label.setText(translate("RunState", text))
        training = text in self.TRAINING_STATES
        if training != self._training:  # a stopped run has no time left to estimate
            self._training = training
            self._dirty = True
            self.refresh()

    def set_total(self, episodes: int) -> None:
        self.total = episodes * self.members
        self._dirty = True

    def add_progress(self, ev: Progress) -> None:
        self.env_steps, self.elapsed = ev.env_steps, ev.elapsed_s
        self.speed = self.rate.update(ev.env_steps, ev.elapsed_s, ev.steps_per_s)
        self._dirty = True

    def show_final(self, ev: Progress) -> None:
        """A run that ended (or was opened): its last steps and its average speed (the
        smoothed speed of a short run is mostly its fast start, before replay)."""
        self.env_steps, self.elapsed = ev.env_steps, ev.elapsed_s
        average = ev.env_steps / ev.elapsed_s if ev.elapsed_s > 0 else 0.0
        self.speed = ev.steps_per_s if ev.steps_per_s > 0 else average
        self._dirty = True

    def add_episode(self, ev: EpisodeEnd) -> None:
        self.episodes_done = ev.episode + 1
        self.env_steps, self.elapsed, self.mean_100 = ev.env_steps, ev.elapsed_s, ev.mean_100
        self.speed = self.rate.update(ev.env_steps, ev.elapsed_s, ev.steps_per_s)
        self._recent_steps = [*self._recent_steps[-(RECENT_EPISODES - 1) :], ev.steps]
        self._dirty = True

    def remaining_s(self) -> float:
        """The steps still to run over the smoothed speed: the episodes left times the mean
        length of the recent ones (episodes get longer as the agent learns; the first ones'
        mean would promise far too little), at most ``max_steps`` each."""
        if self.episodes_done == 0:
            return float("nan")
        if self.total <= self.episodes_done:
            return 0.0
        if not self._recent_steps or self.speed <= 0:
            return float("nan")
        per_episode = sum(self._recent_steps) / len(self._recent_steps)
        if self.max_steps:
            per_episode = min(per_episode, self.max_steps)
        return (self.total - self.episodes_done) * per_episode / self.speed

    def check_text(self) -> str:
        threshold = "–" if self.threshold is None else value_text(float(self.threshold))
        mean = "–" if math.isnan(self.mean_100) else decimal(self.mean_100, 1)
        if self.members > 1:
            return translate("Status", "mean of last 100 (mean of the seeds): {0} / {1}").format(
                mean, threshold
            )
        return translate("Status", "mean of last 100: {0} / {1}").format(mean, threshold)

    def solved(self) -> bool:
        return (
            self.threshold is not None
            and self.episodes_done >= 100 * self.members
            and self.mean_100 >= self.threshold
        )

    def refresh(self) -> None:
        if not self._dirty:
            return
        self._dirty = False
        started = self.episodes_done > 0 or self.env_steps > 0
        # Before a run: the run's length only (no "Episode 0/0", no zero speed).
        episodes = (
            translate("Status", "Episode {0}/{1}").format(
                number(self.episodes_done), number(self.total)
            )
            if started
            else count_text(
                self.total, translate("Status", "1 episode"), translate("Status", "{0} episodes")
            )
            if self.total
            else ""
        )
        if self.members > 1:  # the seeds' episodes in all, not an episode number
            episodes = (
                translate("Status", "{0} seeds: {1}/{2} episodes in all").format(
                    self.members, number(self.episodes_done), number(self.total)
                )
                if started
                else translate("Status", "{0} seeds: {1}").format(self.members, episodes)
            )
        set_growing_text(self.episode_label, episodes)
        steps = count_text(
            self.env_steps, translate("Status", "1 step"), translate("Status", "{0} steps")
        )
        set_growing_text(self.steps_label, steps if started else "")
        set_growing_text(
            self.speed_label,
            translate("Status", "{0} steps/s").format(number(self.speed)) if started else "",
        )
        remaining = self.remaining_s()
        left = (
            translate("Status", "~{0} left").format(fmt_duration(remaining))
            if math.isfinite(remaining)
            else translate("Status", "– left")
        )
        elapsed = fmt_duration(self.elapsed)
        set_growing_text(
            self.time_label,
            ""
            if not started
            else translate("Status", "{0} elapsed, {1}").format(elapsed, left)
            if self._training
            else translate("Status", "{0} elapsed").format(elapsed),
        )
        self.bar.setRange(0, max(self.total, 1))
        self.bar.setValue(min(self.episodes_done, max(self.total, 1)))
        set_growing_text(self.check_label, self.check_text())
        solved = self.solved()
        if solved != self._shown_solved:  # a style sheet re-polishes the label: only on change
            self._shown_solved = solved
            self.check_label.setStyleSheet("color: #1b7f2a; font-weight: bold;" if solved else "")


class LoadProgress(QWidget):
    """A file being opened, in the status bar: its name, a progress bar and Cancel.

    It replaces a progress dialog, whose ``setValue`` runs a nested event loop (a modal
    one held the window for most of a second); here a progress step only sets a value.
    Hidden while no file is opened.
    """

    cancel_requested = Signal()
    STEPS = 1000

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 0)
        self.label = QLabel()
        self.bar = ProgressBar()
        self.bar.setRange(0, self.STEPS)
        self.bar.setMaximumWidth(160)
        self.bar.setTextVisible(True)
        self.cancel_button = QPushButton(translate("Jobs", "Cancel"))  # the jobs' own word
        self.cancel_button.clicked.connect(self.cancel)
        for w in (self.label, self.bar, self.cancel_button):
            layout.addWidget(w)
        self.hide()

    def begin(self, text: str) -> None:
        """Show ``text`` (the file being opened) at 0 %, Cancel enabled."""
        self.label.setText(text)
        self.bar.setValue(0)
        self.bar.setToolTip("")
        self.cancel_button.setEnabled(True)
        self.show()

    def set_progress(self, fraction: float, step: str = "") -> None:
        """``fraction`` done (0 to 1); ``step`` (what is being done) as the bar's tooltip."""
        self.bar.setValue(round(min(max(fraction, 0.0), 1.0) * self.STEPS))
        if step and step != self.bar.toolTip():  # a new tooltip costs an event: on change
            self.bar.setToolTip(step)

    def cancel(self) -> None:
        """The user's Cancel: asked once (the job stops at its next check)."""
        if self.isVisible() and self.cancel_button.isEnabled():
            self.cancel_button.setEnabled(False)
            self.bar.setToolTip(translate("RunState", "Stopping…"))
            self.cancel_requested.emit()

    def no_cancel(self) -> None:
        """Past the point of no return (the run is being shown): Cancel is disabled."""
        self.cancel_button.setEnabled(False)

    def end(self) -> None:
        self.hide()

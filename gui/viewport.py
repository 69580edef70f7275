"""Watch the policy: a pygame-rendered viewport of the agent (or you) playing, as a panel.

``ViewportPanel`` drives a Qt-free :class:`core.watch.WatchSession` from a ``QTimer`` on the
GUI thread: the agent acts greedily in its own environment (never the training one) with the
newest frozen ``NumpyPolicy`` from the worker's snapshots, swapped in at episode start or at
most every few seconds. Speed runs from 0.25x to 8x real time (CartPole: 50 steps/s) or as fast
as possible (frames skipped, steps not); at most one frame is rendered per ~30 Hz tick.
Nudges, "play it yourself", greedy evaluation and the export of the best of N episodes as a GIF
or MP4 (on a ``QThread`` with a cancel flag) live here too.
"""

from __future__ import annotations

import math
import os
import time
from pathlib import Path

import numpy as np
from PySide6.QtCore import QObject, Qt, QThread, QTimer, Signal, Slot
from PySide6.QtWidgets import (QCheckBox, QComboBox, QFileDialog, QHBoxLayout, QLabel,
                               QProgressDialog, QSpinBox, QStyle, QToolButton, QVBoxLayout,
                               QWidget)

from core.config import Config, ConfigError
from core.environment import EnvInfo
from core.recording import Cancelled, Recording, record_best, run_episodes
from core.watch import AGENT, HUMAN, WatchSession, action_names, env_family
from gui.run_panel import RunPanel
from gui.viewport_view import Hud, ViewportView

#: (speed factor of real time, label); None runs as fast as possible.
SPEEDS = ((0.25, "0.25×"), (0.5, "0.5×"), (1.0, "1×"), (2.0, "2×"), (4.0, "4×"),
          (8.0, "8×"), (None, "Max"))
TICK_MS = 33                 # ~30 frames per second at most
MAX_TICK_S = 0.1             # a late tick never makes up more than this much time
FAST_BUDGET_S = 0.012        # "Max" speed: step for this long per tick, then draw one frame
END_HOLD_S = 0.7             # how long the end of an episode stays on screen at 1x
EVAL_SEED = 10_000
RENDER_ASPECT = 1.5          # CartPole frames are drawn 3:2 at the size they are shown
MAX_RENDER_W = 1600


class _Job(QObject):
    """Runs ``fn(progress, should_stop)`` on a QThread; the GUI sets ``cancelled``."""

    progress = Signal(float, str)
    done = Signal(object)
    failed = Signal(str)
    finished = Signal()

    def __init__(self, fn) -> None:
        super().__init__()
        self._fn = fn
        self.cancelled = False          # a plain flag: a busy thread runs no queued slots
        self._last_progress = 0.0

    def _report(self, fraction: float, message: str) -> None:
        now = time.monotonic()
        if now - self._last_progress >= 0.05 or fraction >= 1.0:
            self._last_progress = now
            self.progress.emit(fraction, message)

    @Slot()
    def run(self) -> None:
        try:
            result = self._fn(self._report, lambda: self.cancelled)
        except Cancelled:
            self.failed.emit("Cancelled.")
        except Exception as exc:  # noqa: BLE001 - shown to the user, never a traceback
            self.failed.emit(f"{type(exc).__name__}: {exc}")
        else:
            self.done.emit(result)
        finally:
            self.finished.emit()


def _policy_fits(policy, session: WatchSession) -> bool:
    w = policy.weights
    return (w[0].shape[0] == session.state.shape[0]
            and w[-1].shape[-1] == session.action_size)


class ViewportPanel(RunPanel):
    """The viewport with its controls: watch, play yourself, nudge, evaluate, record."""

    title = "Viewport"
    evaluated = Signal(list)          # scores of a greedy evaluation started here
    recorded = Signal(object)         # core.recording.Recording of a finished export

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session: WatchSession | None = None
        self._speed: float | None = 1.0
        self._playing = False
        self._user_paused = False
        self._budget = 0.0
        self._hold = 0.0
        self._last_tick: float | None = None
        self._dirty = True
        self._labels_dirty = True
        self._max_steps: int | None = None
        self._latest_policy = None        # newest policy known (snapshot or loaded)
        self._policy_texts: dict[int, str] = {}
        self._job: _Job | None = None
        self._thread: QThread | None = None
        self._dialog: QProgressDialog | None = None
        self.last_q: np.ndarray | None = None           # Q values of the displayed state
        self.displayed_state: np.ndarray | None = None
        self.frames_rendered = 0
        self._build()
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self.tick)
        self._new_session("CartPole-v0", None, seed=1)

    # -- widgets ---------------------------------------------------------------------------
    def _button(self, text: str, tip: str, slot, icon=None) -> QToolButton:
        b = QToolButton(self)
        b.setText(text)
        b.setToolTip(tip)
        b.setFocusPolicy(Qt.FocusPolicy.NoFocus)    # arrow keys stay with the viewport
        if icon is not None:
            b.setIcon(self.style().standardIcon(icon))
            b.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        b.clicked.connect(slot)
        return b

    def _build(self) -> None:
        sp = QStyle.StandardPixmap
        self.play_button = self._button("Play", "Play / pause (Space)", self.toggle_play,
                                        sp.SP_MediaPlay)
        self.step_button = self._button("Step", "One environment step (paused)",
                                        self.step_once, sp.SP_MediaSkipForward)
        self.reset_button = self._button("Reset", "Start a new episode (R)",
                                         self.reset_episode, sp.SP_BrowserReload)
        self.speed_box = QComboBox(self)
        for value, label in SPEEDS:
            self.speed_box.addItem(label, value)
        self.speed_box.setCurrentIndex(2)
        self.speed_box.setToolTip("Speed relative to real time (CartPole: 50 steps per "
                                  "second). Max: as fast as possible, frames skipped.")
        self.speed_box.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.speed_box.currentIndexChanged.connect(
            lambda i: self.set_speed(self.speed_box.itemData(i)))
        self.agent_button = self._button("Agent", "The agent acts greedily (epsilon 0)",
                                         lambda: self.set_mode(AGENT))
        self.human_button = self._button("You", "Play it yourself: hold ← / →",
                                         lambda: self.set_mode(HUMAN))
        for b in (self.agent_button, self.human_button):
            b.setCheckable(True)
            b.setAutoExclusive(True)
        self.agent_button.setChecked(True)
        self.live_check = QCheckBox("Live weights", self)
        self.live_check.setChecked(True)
        self.live_check.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.live_check.setToolTip("During training, watch the newest weights (swapped in at "
                                   "episode start or every few seconds).")
        self.nudge_left = self._button("◀ Nudge", "Kick the cart left (Shift+←)",
                                       lambda: self.nudge(-1))
        self.nudge_right = self._button("Nudge ▶", "Kick the cart right (Shift+→)",
                                        lambda: self.nudge(1))
        self.eval_spin = QSpinBox(self)
        self.eval_spin.setRange(1, 1000)
        self.eval_spin.setValue(10)
        self.eval_spin.setSuffix(" episodes")
        self.eval_spin.setToolTip("Greedy episodes to evaluate")
        self.eval_button = self._button("Evaluate", "Play N greedy episodes: mean, min, max",
                                        lambda: self.evaluate())
        self.record_spin = QSpinBox(self)
        self.record_spin.setRange(1, 100)
        self.record_spin.setValue(3)
        self.record_spin.setPrefix("best of ")
        self.record_spin.setToolTip("Episodes to play; the best one is exported")
        self.record_button = self._button("Record…", "Export the best of N greedy episodes "
                                          "as a GIF or MP4", self.record_dialog,
                                          sp.SP_DialogSaveButton)
        self.view = ViewportView(self)
        self.score_label = QLabel(self)
        self.eval_label = QLabel(self)
        self.status_label = QLabel(self)
        for label in (self.score_label, self.eval_label, self.status_label):
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setWordWrap(True)

        row1 = QHBoxLayout()
        for w in (self.play_button, self.step_button, self.reset_button, QLabel("Speed"),
                  self.speed_box):
            row1.addWidget(w)
        row1.addSpacing(12)
        for w in (self.agent_button, self.human_button):
            row1.addWidget(w)
        row1.addWidget(self.live_check)
        row1.addStretch(1)
        row2 = QHBoxLayout()
        for w in (self.nudge_left, self.nudge_right):
            row2.addWidget(w)
        row2.addSpacing(12)
        for w in (self.eval_button, self.eval_spin):
            row2.addWidget(w)
        row2.addSpacing(12)
        for w in (self.record_button, self.record_spin):
            row2.addWidget(w)
        row2.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(row1)
        layout.addLayout(row2)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.score_label)
        layout.addWidget(self.eval_label)
        layout.addWidget(self.status_label)
        self.eval_label.hide()
        self.status_label.hide()

    # -- sessions and policies -------------------------------------------------------------
    def _new_session(self, env_id: str, max_steps: int | None, seed: int) -> bool:
        try:
            session = WatchSession(env_id, None, seed=seed, max_steps=max_steps)
        except (ConfigError, ValueError) as exc:
            self.show_status(str(exc), error=True)
            return False
        if self.session is not None:
            self.session.close()
        self.session = session
        self._max_steps = max_steps
        self._policy_texts.clear()
        self._hold = self._budget = 0.0
        self.agent_button.setChecked(True)
        self.nudge_left.setEnabled(env_family(env_id) in ("CartPole", "Acrobot", "MountainCar"))
        self.nudge_right.setEnabled(self.nudge_left.isEnabled())
        self._dirty = self._labels_dirty = True
        self._render()
        return True

    def _offer(self, policy, text: str, force: bool = False) -> None:
        if self.session is None or policy is None:
            return
        if not _policy_fits(policy, self.session):
            self.show_status(f"These weights do not fit {self.session.env_id}.", error=True)
            return
        self._policy_texts = {id(policy): text,
                              **{k: v for k, v in self._policy_texts.items()
                                 if k == id(self.session.policy)}}
        had_policy = self.session.policy is not None
        if self.session.offer_policy(policy, force):
            self._dirty = True
            if force:
                self.session.reset()
        if not had_policy and not self._user_paused:
            self.play()

    def set_policy(self, policy, env_id: str) -> None:
        """Watch a loaded agent's ``policy`` on ``env_id`` (live weights are switched off)."""
        self.live_check.setChecked(False)
        if self.session is None or self.session.env_id != env_id:
            if not self._new_session(env_id, self._max_steps, seed=1):
                return
        self._latest_policy = policy
        self._offer(policy, "loaded agent", force=True)
        self._render()

    def start_run(self, config: Config, info: EnvInfo) -> None:
        """A run starts: a fresh watch environment of the run's kind, live weights on."""
        self.live_check.setChecked(True)
        self._latest_policy = None
        self._new_session(config.env_id, config.max_steps, seed=config.seed + 1)
        self.eval_label.hide()

    def set_snapshot(self, snap: dict) -> None:
        """Take the worker's newest frozen policy (swapped in at episode start, or soon)."""
        policy, env_id = snap.get("policy"), snap.get("env_id")
        if policy is None or env_id is None:
            return
        self._latest_policy = policy
        if not self.live_check.isChecked():
            return
        if self.session is None or self.session.env_id != env_id:
            if not self._new_session(env_id, self._max_steps, seed=1):
                return
        self._offer(policy, f"live weights, episode {snap.get('episode', '?')}")

    def set_evaluation(self, episode: int, scores: list[float]) -> None:
        self._show_scores(f"Evaluation after episode {episode}", scores)

    def refresh(self) -> None:
        """Update the score labels if an episode ended (the frames come from the timer)."""
        if self._labels_dirty:
            self._update_labels()

    # -- playing ---------------------------------------------------------------------------
    @property
    def playing(self) -> bool:
        return self._playing

    @property
    def speed(self) -> float | None:
        return self._speed

    def play(self) -> None:
        self._playing, self._user_paused = True, False
        self._last_tick = None
        self._timer.start()
        self._sync_play_button()

    def pause(self) -> None:
        self._playing, self._user_paused = False, True
        self._timer.stop()
        self._sync_play_button()
        self._labels_dirty = True

    def toggle_play(self) -> None:
        self.pause() if self._playing else self.play()

    def _sync_play_button(self) -> None:
        icon = QStyle.StandardPixmap.SP_MediaPause if self._playing else \
            QStyle.StandardPixmap.SP_MediaPlay
        self.play_button.setIcon(self.style().standardIcon(icon))
        self.play_button.setText("Pause" if self._playing else "Play")
        self.step_button.setEnabled(not self._playing)
        self._dirty = True
        self._render()

    def set_speed(self, speed: float | None) -> None:
        """Steps per second relative to real time; None is as fast as possible."""
        if speed is not None and not 0 < speed <= 1000:
            raise ValueError(f"speed must be positive (or None for Max), not {speed}.")
        self._speed = speed
        self._budget = 0.0
        index = self.speed_box.findData(speed)
        if index >= 0 and index != self.speed_box.currentIndex():
            self.speed_box.blockSignals(True)
            self.speed_box.setCurrentIndex(index)
            self.speed_box.blockSignals(False)
        self._dirty = True

    def set_mode(self, mode: str) -> None:
        """AGENT (greedy policy) or HUMAN (the arrow keys push the cart)."""
        if self.session is None:
            return
        self.session.set_mode(mode)
        (self.agent_button if mode == AGENT else self.human_button).setChecked(True)
        self._hold = self._budget = 0.0
        self._dirty = self._labels_dirty = True
        self.view.setFocus()
        if mode == HUMAN and not self._playing:
            self.play()
        self._render()

    def step_once(self) -> None:
        """One environment step while paused."""
        if self.session is not None and self.session.step():
            self._dirty = True
            self._episode_bookkeeping()
            self._render()

    def reset_episode(self) -> None:
        if self.session is not None:
            self.session.reset()
            self._hold = 0.0
            self._dirty = True
            self._render()

    def nudge(self, direction: int) -> None:
        """Kick the cart (+1 right, -1 left) to see how the policy recovers."""
        if self.session is None:
            return
        try:
            self.session.nudge(direction)
        except ValueError as exc:
            self.show_status(str(exc), error=True)
            return
        self._dirty = True
        self._render()

    def tick(self, dt: float | None = None) -> int:
        """Advance by ``dt`` seconds of real time (measured when None); returns steps taken."""
        now = time.monotonic()
        if dt is None:
            dt = 0.0 if self._last_tick is None else now - self._last_tick
        self._last_tick = now
        dt = min(max(dt, 0.0), MAX_TICK_S)
        s = self.session
        if s is None or not self._playing:
            return 0
        steps = 0
        if s.done:                          # the end of the episode stays on screen a moment
            self._hold -= dt
            if self._hold <= 0:
                s.reset()
                self._dirty = True
        elif self._speed is None:
            deadline = time.perf_counter() + FAST_BUDGET_S
            while not s.done and time.perf_counter() < deadline:
                for _ in range(16):
                    if s.done or not s.step():
                        break
                    steps += 1
                if s.policy is None and s.mode == AGENT:
                    break
        else:
            self._budget += dt * s.real_time_fps * self._speed
            n = int(self._budget)
            self._budget -= n
            for _ in range(min(n, 64)):
                if not s.step():
                    break
                steps += 1
                if s.done:
                    break
        if steps:
            self._dirty = True
            self._episode_bookkeeping()
        self._render()
        return steps

    def _episode_bookkeeping(self) -> None:
        s = self.session
        if s is not None and s.done:
            self._budget = 0.0
            speed = 1.0 if self._speed is None else max(1.0, self._speed)
            self._hold = 0.0 if self._speed is None else END_HOLD_S / speed
            self._labels_dirty = True

    # -- keys ------------------------------------------------------------------------------
    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt API
        key, shift = event.key(), bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        s = self.session
        if s is None:
            return super().keyPressEvent(event)
        if key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            direction = -1 if key == Qt.Key.Key_Left else 1
            if shift or s.mode == AGENT:
                if not event.isAutoRepeat():
                    self.nudge(direction)
            else:
                s.human_action = 0 if direction < 0 else s.action_size - 1
                self._dirty = True
        elif key == Qt.Key.Key_Space:
            self.toggle_play()
        elif key == Qt.Key.Key_R:
            self.reset_episode()
        else:
            return super().keyPressEvent(event)
        event.accept()

    def keyReleaseEvent(self, event) -> None:  # noqa: N802 - Qt API
        s = self.session
        if (s is not None and not event.isAutoRepeat()
                and event.key() in (Qt.Key.Key_Left, Qt.Key.Key_Right)):
            s.human_action = None
            event.accept()
            return
        super().keyReleaseEvent(event)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        self.view.setFocus()
        if self._playing:
            self._last_tick = None
            self._timer.start()

    def hideEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().hideEvent(event)
        self._timer.stop()          # a hidden viewport costs nothing

    # -- drawing ---------------------------------------------------------------------------
    def _render(self) -> None:
        """Draw the displayed state (at most once per tick, only if something changed)."""
        s = self.session
        if s is None or not self._dirty:
            return
        self._dirty = False
        if s.frames.cartpole:           # draw at the on-screen size: painting is then a copy
            w, h = self.view.frame_size(RENDER_ASPECT)
            s.frames.set_size(min(w, MAX_RENDER_W), min(h, int(MAX_RENDER_W / RENDER_ASPECT)))
        frame = s.frame()
        self.last_q = None if s.q is None else s.q.copy()
        self.displayed_state = s.state.copy()
        self.view.set_frame(frame, self._hud(), self.view.devicePixelRatioF())
        self.frames_rendered += 1

    def _hud(self) -> Hud:
        s = self.session
        speed = dict(SPEEDS)[self._speed] if self._speed in dict(SPEEDS) else f"{self._speed}×"
        state = "" if self._playing else "   (paused)"
        if s.mode == HUMAN:
            mode = f"You play: hold ← / →   ·   {speed}{state}"
        else:
            mode = f"Agent acting greedily (ε = 0)   ·   {speed}{state}"
        policy = self._policy_texts.get(id(s.policy), "weights") if s.policy is not None \
            else "no agent yet"
        banner = sub = ""
        if s.done:
            who = "Your" if s.mode == HUMAN else "The agent's"
            banner = f"{who} score: {s.score:g}"
            sub = f"Episode over: {s.end_reason()}"
        elif s.mode == AGENT and s.policy is None:
            banner = "No agent yet"
            sub = "Start training or load an agent, or press “You” to play yourself"
        u = s.env.unwrapped
        return Hud(episode=s.episode if s.done else s.episode + 1, step=s.t, score=s.score,
                   mode_text=mode, policy_text=f"Policy: {policy}",
                   q=self.last_q, action_names=action_names(s.env_id, s.action_size),
                   chosen=s.next_action() if not s.done else s.last_action,
                   state=s.state, cartpole=s.frames.cartpole,
                   x_limit=float(getattr(u, "x_threshold", 2.4)),
                   theta_limit=float(getattr(u, "theta_threshold_radians", 12 * math.pi / 180)),
                   banner=banner, banner_sub=sub)

    def _update_labels(self) -> None:
        self._labels_dirty = False
        s = self.session
        if s is None:
            return
        parts = []
        for mode, name in ((AGENT, "Agent"), (HUMAN, "You")):
            d = s.board.summary(mode)
            if d["count"]:
                parts.append(f"<b>{name}</b>: {d['count']} episodes, last {d['last']:g}, "
                             f"best {d['best']:g}, mean {d['mean']:.1f}")
            else:
                parts.append(f"<b>{name}</b>: no episode yet")
        self.score_label.setText("&nbsp;&nbsp;·&nbsp;&nbsp;".join(parts))

    def _show_scores(self, title: str, scores: list[float]) -> None:
        if not scores:
            return
        a = np.asarray(scores, dtype=float)
        self.eval_label.setText(f"<b>{title}</b> ({len(a)} greedy episodes): mean "
                                f"{a.mean():.1f}, min {a.min():g}, max {a.max():g}")
        self.eval_label.show()

    def show_status(self, text: str, error: bool = False) -> None:
        colour = "#c0392b" if error else "#2d3640"
        self.status_label.setText(f"<span style='color:{colour}'>{text}</span>")
        self.status_label.show()

    # -- evaluate and record (QThread jobs) ------------------------------------------------
    def _policy_to_judge(self):
        s = self.session
        policy = self._latest_policy or (s.policy if s else None)
        if policy is None or s is None or not _policy_fits(policy, s):
            self.show_status("There is no agent to evaluate yet: start training or load an "
                             "agent.", error=True)
            return None
        return policy

    @property
    def busy(self) -> bool:
        return self._job is not None

    def evaluate(self, episodes: int | None = None) -> bool:
        """Evaluate N greedy episodes on a worker thread; emits :attr:`evaluated`."""
        policy = self._policy_to_judge()
        if policy is None:
            return False
        n = int(episodes or self.eval_spin.value())
        env_id, max_steps = self.session.env_id, self._max_steps

        def job(progress, should_stop):
            results = run_episodes(policy, env_id, n, EVAL_SEED, max_steps, progress,
                                   should_stop)
            if len(results) < n:
                raise Cancelled()
            return [r.score for r in results]

        return self._start_job(job, f"Evaluating {n} greedy episodes…", self._evaluated)

    def record_dialog(self) -> None:
        """Ask for a file name, then :meth:`record_to` it."""
        env_id = self.session.env_id if self.session else "episode"
        n = self.record_spin.value()
        path, chosen = QFileDialog.getSaveFileName(
            self, "Export the best episode", str(Path.home() / f"{env_id}_best_of_{n}.gif"),
            "GIF animation (*.gif);;MP4 video (*.mp4)")
        if not path:
            return
        if Path(path).suffix.lower() not in (".gif", ".mp4"):
            path += ".mp4" if "mp4" in chosen else ".gif"
        self.record_to(path, n)

    def record_to(self, path: str | os.PathLike, episodes: int | None = None) -> bool:
        """Export the best of ``episodes`` greedy episodes to ``path`` (.gif or .mp4)."""
        if Path(path).suffix.lower() not in (".gif", ".mp4"):
            self.show_status(f"Cannot export to {Path(path).name}: choose a .gif or .mp4 "
                             f"file name.", error=True)
            return False
        policy = self._policy_to_judge()
        if policy is None:
            return False
        n = int(episodes or self.record_spin.value())
        env_id, max_steps = self.session.env_id, self._max_steps

        def job(progress, should_stop):
            return record_best(policy, env_id, path, n, EVAL_SEED, max_steps,
                               progress=progress, should_stop=should_stop)

        return self._start_job(job, f"Recording the best of {n} episodes…", self._recorded)

    def _start_job(self, fn, label: str, on_done) -> bool:
        if self._job is not None:
            self.show_status("Busy: wait for the evaluation or export to finish.", error=True)
            return False
        thread, job = QThread(self), _Job(fn)
        job.moveToThread(thread)
        thread.started.connect(job.run)
        job.done.connect(on_done)
        job.failed.connect(self._job_failed)
        job.progress.connect(self._job_progress)
        job.finished.connect(thread.quit)
        thread.finished.connect(self._job_ended)
        self._job, self._thread = job, thread
        self._dialog = QProgressDialog(label, "Cancel", 0, 1000, self)
        self._dialog.setWindowTitle("DQN Lab")
        self._dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self._dialog.setMinimumDuration(400)
        self._dialog.setAutoClose(False)
        self._dialog.setAutoReset(False)
        self._dialog.canceled.connect(self.cancel_job)
        self.eval_button.setEnabled(False)
        self.record_button.setEnabled(False)
        thread.start()
        return True

    def cancel_job(self) -> None:
        if self._job is not None:
            self._job.cancelled = True

    @Slot(float, str)
    def _job_progress(self, fraction: float, message: str) -> None:
        if self._dialog is not None:
            self._dialog.setValue(int(fraction * 1000))
            self._dialog.setLabelText(message)

    @Slot(object)
    def _evaluated(self, scores: list) -> None:
        self._show_scores("Evaluation", scores)
        self.evaluated.emit(list(scores))

    @Slot(object)
    def _recorded(self, rec: Recording) -> None:
        self.show_status(f"Saved the best of {len(rec.scores)} episodes (score "
                         f"{rec.best_score:g}) to {rec.path}: {rec.frames} frames at "
                         f"{rec.fps:g} fps, {rec.nbytes / 1e6:.1f} MB.")
        self._show_scores("Recording", list(rec.scores))
        self.recorded.emit(rec)

    @Slot(str)
    def _job_failed(self, message: str) -> None:
        self.show_status(message, error=message != "Cancelled.")

    @Slot()
    def _job_ended(self) -> None:
        thread, job = self._thread, self._job
        self._thread = self._job = None
        if thread is not None:
            thread.wait()
            thread.deleteLater()
        if job is not None:
            job.deleteLater()
        if self._dialog is not None:
            self._dialog.close()
            self._dialog.deleteLater()
            self._dialog = None
        self.eval_button.setEnabled(True)
        self.record_button.setEnabled(True)

    def shutdown(self) -> None:
        """Stop the timer, cancel and wait for a running job, close the environment."""
        self._timer.stop()
        self._playing = False
        if self._job is not None and self._thread is not None:
            self._job.cancelled = True
            self._thread.quit()
            self._thread.wait()
            self._job_ended()
        if self.session is not None:
            self.session.close()
            self.session = None

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt API
        self.shutdown()
        super().closeEvent(event)

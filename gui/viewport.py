"""Watch the policy: a pygame-rendered viewport of the agent (or you) playing, as a panel.

``ViewportPanel`` drives a Qt-free :class:`dqn_lab.core.watch.WatchSession` from a ``QTimer`` on the
GUI thread: the agent acts greedily in its own environment (never the training one) with the
newest frozen ``NumpyPolicy`` from the worker's snapshots, swapped in at episode start or at
most every few seconds. Speed runs from 0.25x to 8x real time (CartPole: 50 steps/s) or as fast
as possible (frames skipped, steps not); at most one frame is rendered per ~30 Hz tick.
Nudges and "play it yourself" live here too; the keys are read by :mod:`dqn_lab.gui.viewport_keys`,
and greedy evaluation and the export of the best of N episodes as a GIF or MP4 (on a
``QThread`` with a cancel flag) are run by :mod:`dqn_lab.gui.viewport_evaluation`.
"""

from __future__ import annotations

import os
import time

import numpy as np
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from dqn_lab.core.config import Config, ConfigError
from dqn_lab.core.environment import EnvInfo
from dqn_lab.core.watch import AGENT, HUMAN, NUDGES, WatchSession, env_family
from dqn_lab.gui.i18n import config_error_text, decimal, number, translate
from dqn_lab.gui.labels import ElidedLabel, WrappingLabel
from dqn_lab.gui.run_panel import RunPanel
from dqn_lab.gui.viewport_controls import ViewportControls, speed_label
from dqn_lab.gui.viewport_evaluation import EvaluateAndRecord, policy_fits
from dqn_lab.gui.viewport_keys import ViewportKeys
from dqn_lab.gui.viewport_view import ViewportView, hud_for, readout_text

TICK_MS = 33  # ~30 frames per second at most
MAX_TICK_S = 0.1  # a late tick never makes up more than this much time
FAST_BUDGET_S = 0.012  # "Max" speed: step for this long per tick, then draw one frame
END_HOLD_S = 0.7  # how long the end of an episode stays on screen at 1x
RENDER_ASPECT = 1.5  # CartPole frames are drawn 3:2 at the size they are shown
MAX_RENDER_W = 1600


class ViewportPanel(RunPanel):
    """The viewport with its controls: watch, play yourself, nudge, evaluate, record."""

    title = "Viewport"
    evaluated = Signal(list)  # scores of a greedy evaluation started here
    recorded = Signal(object)  # core.recording.Recording of a finished export

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
        self.max_steps: int | None = None
        self.latest_policy = None  # newest policy known (snapshot or loaded)
        self._policy_texts: dict[int, str] = {}
        self.last_q: np.ndarray | None = None  # Q values of the displayed state
        self.displayed_state: np.ndarray | None = None
        self.frames_rendered = 0
        self._build()
        self.evaluation = EvaluateAndRecord(self)
        self.keys = ViewportKeys(self)
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self.tick)
        self._new_session("CartPole-v0", None, seed=1)

    # -- widgets ---------------------------------------------------------------------------
    def _build(self) -> None:
        c = self.controls = ViewportControls(self)
        c.play_toggled.connect(self.toggle_play)
        c.step_requested.connect(self.step_once)
        c.reset_requested.connect(self.reset_episode)
        c.speed_changed.connect(self.set_speed)
        c.mode_changed.connect(self.set_mode)
        c.nudge_requested.connect(self.nudge)
        self.view = ViewportView(self)
        self.score_label = WrappingLabel(self)
        self.eval_label = WrappingLabel(self)
        self.status_label = WrappingLabel(self)
        # The picture as text (state, chosen action, Q values) for screen readers: one line
        # at any width (a wrapped one changed its line count with the numbers, 30 times a
        # second), whole in its tooltip and accessible description.
        self.readout = ElidedLabel(parent=self)
        self.readout.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.readout.setAccessibleName(translate("Viewport", "Viewport readout"))
        self.readout.setStyleSheet("font-size: 8pt;")
        self.view.setAccessibleName(translate("Viewport", "Viewport"))
        self.view.setAccessibleDescription(
            translate(
                "Viewport", "The environment as a picture; the readout below says it in words."
            )
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(c)  # its groups wrap onto more rows in a narrow dock
        layout.addWidget(self.view, 1)
        layout.addWidget(self.readout)
        for label in (self.score_label, self.eval_label, self.status_label):
            label.setTextFormat(Qt.TextFormat.RichText)
            layout.addWidget(label)
        self.eval_label.hide()
        self.status_label.hide()

    # -- sessions and policies -------------------------------------------------------------
    def _new_session(self, env_id: str, max_steps: int | None, seed: int) -> bool:
        try:
            session = WatchSession(env_id, None, seed=seed, max_steps=max_steps)
        except (ConfigError, ValueError) as exc:
            self.show_status(config_error_text(exc), error=True)
            return False
        if self.session is not None:
            self.session.close()
        self.session = session
        self.max_steps = max_steps
        self._policy_texts.clear()
        self._hold = self._budget = 0.0
        self.controls.show_mode(AGENT)
        self.controls.show_nudge_enabled(env_family(env_id) in NUDGES)
        self._dirty = self._labels_dirty = True
        self._render()
        return True

    def _offer(self, policy, text: str, force: bool = False) -> None:
        if self.session is None or policy is None:
            return
        if not policy_fits(policy, self.session):
            self.show_status(
                translate("Viewport", "These weights do not fit {0}.").format(self.session.env_id),
                error=True,
            )
            return
        self._policy_texts = {
            id(policy): text,
            **{k: v for k, v in self._policy_texts.items() if k == id(self.session.policy)},
        }
        had_policy = self.session.policy is not None
        if self.session.offer_policy(policy, force):
            self._dirty = True
            if force:
                self.session.reset()
        if not had_policy and not self._user_paused:
            self.play()

    def set_policy(self, policy, env_id: str) -> None:
        """Watch a loaded agent's ``policy`` on ``env_id`` (live weights are switched off)."""
        self.controls.live_check.setChecked(False)
        if self.session is None or self.session.env_id != env_id:
            if not self._new_session(env_id, self.max_steps, seed=1):
                return
        self.latest_policy = policy
        self._offer(policy, translate("Viewport", "loaded agent"), force=True)
        self._render()

    def show_opened(self, snap: dict) -> None:
        """An opened agent is watched as a loaded agent, not as live weights."""
        self.set_policy(snap["policy"], snap["env_id"])

    def start_run(self, config: Config, info: EnvInfo) -> None:
        """A run starts: a fresh watch environment of the run's kind, live weights on."""
        self.controls.live_check.setChecked(True)
        self.latest_policy = None
        self._new_session(config.env_id, config.max_steps, seed=config.seed + 1)
        self.eval_label.hide()

    def prepare_for(self, config: Config, info: EnvInfo) -> None:
        """Before a run (the window's preview): show ``config``'s environment at once (not a
        cart for Acrobot). A watched agent of the same environment stays until Start."""
        if self.session is not None and self.session.env_id == config.env_id:
            self.max_steps = self.session.max_steps = config.max_steps
            return
        self.latest_policy = None
        self._new_session(config.env_id, config.max_steps, seed=config.seed + 1)

    def set_snapshot(self, snap: dict) -> None:
        """Take the worker's newest frozen policy (swapped in at episode start, or soon)."""
        policy, env_id = snap.get("policy"), snap.get("env_id")
        if policy is None or env_id is None:
            return
        self.latest_policy = policy
        if not self.controls.live_check.isChecked():
            return
        if self.session is None or self.session.env_id != env_id:
            if not self._new_session(env_id, self.max_steps, seed=1):
                return
        self._offer(
            policy,
            translate("Viewport", "live weights, episode {0}").format(snap.get("episode", "?")),
        )

    def set_evaluation(self, episode: int, scores: list[float]) -> None:
        self.show_scores(
            translate("Viewport", "Evaluation after episode {0}").format(episode), scores
        )

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
        self._show_playing()

    def pause(self) -> None:
        self._playing, self._user_paused = False, True
        self._timer.stop()
        self._show_playing()
        self._labels_dirty = True

    def toggle_play(self) -> None:
        self.pause() if self._playing else self.play()

    def _show_playing(self) -> None:
        self.controls.show_playing(self._playing)
        self._dirty = True
        self._render()

    def set_speed(self, speed: float | None) -> None:
        """Steps per second relative to real time; None is as fast as possible."""
        if speed is not None and not 0 < speed <= 1000:
            raise ValueError(f"speed must be positive (or None for Max), not {speed}.")
        self._speed = speed
        self._budget = 0.0
        self.controls.show_speed(speed)
        self._dirty = True

    def set_mode(self, mode: str) -> None:
        """AGENT (greedy policy) or HUMAN (the arrow keys push the cart)."""
        if self.session is None:
            return
        self.session.set_mode(mode)
        self.controls.show_mode(mode)
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
        if s.mode == HUMAN and (s.done or (s.waiting and s.human_action is None)):
            pass  # play it yourself: wait for a key press
        elif s.done and s.mode == AGENT:  # the end of the episode stays on screen a moment
            self._hold -= dt
            if self._hold <= 0:
                s.reset()
                self._dirty = True
        elif self._speed is None:
            deadline = time.perf_counter() + FAST_BUDGET_S
            stalled = False
            while not s.done and not stalled and time.perf_counter() < deadline:
                for _ in range(16):
                    if s.done or not s.step():
                        stalled = not s.done
                        break
                    steps += 1
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

    # -- shown or hidden ------------------------------------------------------------------
    def showEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        self.view.setFocus()
        if self._playing:
            self._last_tick = None
            self._timer.start()

    def hideEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().hideEvent(event)
        self._timer.stop()  # a hidden viewport costs nothing

    # -- drawing ---------------------------------------------------------------------------
    def _render(self) -> None:
        """Draw the displayed state (at most once per tick, only if something changed)."""
        s = self.session
        if s is None or not self._dirty:
            return
        self._dirty = False
        if s.frames.cartpole:  # draw at the on-screen size: painting is then a copy
            w, h = self.view.frame_size(RENDER_ASPECT)
            s.frames.set_size(min(w, MAX_RENDER_W), min(h, int(MAX_RENDER_W / RENDER_ASPECT)))
        frame = s.frame(channels=4)  # RGBX: the cheapest copy out of pygame
        self.last_q = None if s.q is None else s.q.copy()
        self.displayed_state = s.state.copy()
        policy = (
            self._policy_texts.get(id(s.policy), translate("Viewport", "weights"))
            if s.policy is not None
            else translate("Viewport", "no agent yet")
        )
        hud = hud_for(s, self.last_q, speed_label(self._speed), self._playing, policy)
        self.view.set_frame(frame, hud, self.view.devicePixelRatioF())
        self.readout.setText(readout_text(hud))
        self.frames_rendered += 1

    def _update_labels(self) -> None:
        self._labels_dirty = False
        s = self.session
        if s is None:
            return
        parts = []
        for mode, name in (
            (AGENT, translate("Viewport", "Agent")),
            (HUMAN, translate("Viewport", "You")),
        ):
            d = s.board.summary(mode)
            if d["count"]:
                summary = (
                    translate("Viewport", "1 episode, last {1}, best {2}, mean {3}")
                    if d["count"] == 1
                    else translate("Viewport", "{0} episodes, last {1}, best {2}, mean {3}")
                )
                parts.append(
                    f"<b>{name}</b>: "
                    + summary.format(
                        number(d["count"]),
                        f"{d['last']:g}",
                        f"{d['best']:g}",
                        decimal(d["mean"], 1),
                    )
                )
            else:
                parts.append(f"<b>{name}</b>: " + translate("Viewport", "no episode yet"))
        self.score_label.setText("&nbsp;&nbsp;·&nbsp;&nbsp;".join(parts))

    def show_scores(self, title: str, scores: list[float]) -> None:
        if not scores:
            return
        a = np.asarray(scores, dtype=float)
        self.eval_label.setText(
            f"<b>{title}</b> "
            + translate("Viewport", "({0} greedy episodes): mean {1}, min {2}, max {3}").format(
                len(a), decimal(a.mean(), 1), f"{a.min():g}", f"{a.max():g}"
            )
        )
        self.eval_label.show()

    def show_status(self, text: str, error: bool = False) -> None:
        colour = "#c0392b" if error else "#2d3640"
        self.status_label.setText(f"<span style='color:{colour}'>{text}</span>")
        self.status_label.show()

    # -- evaluate and record (gui.viewport_evaluation) -----------------------------------
    @property
    def busy(self) -> bool:
        return self.evaluation.busy

    def evaluate(self, episodes: int | None = None) -> bool:
        """Evaluate N greedy episodes on a worker thread; emits :attr:`evaluated`."""
        return self.evaluation.evaluate(episodes)

    def record_to(self, path: str | os.PathLike, episodes: int | None = None) -> bool:
        """Export the best of ``episodes`` greedy episodes to ``path`` (.gif or .mp4)."""
        return self.evaluation.record_to(path, episodes)

    def cancel_job(self) -> None:
        self.evaluation.cancel()

    def shutdown(self) -> None:
        """Stop the timer, cancel and wait for a running job, close the environment."""
        self._timer.stop()
        self._playing = False
        self.evaluation.shutdown()
        if self.session is not None:
            self.session.close()
            self.session = None

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt API
        self.shutdown()
        super().closeEvent(event)

"""A watch session: the agent (or you) playing in an environment of its own, for the viewport.

A :class:`WatchSession` owns one environment, never the training one, and a frozen
:class:`~core.model.NumpyPolicy` that acts greedily (epsilon 0). It steps and resets on
demand, can nudge the system (a velocity impulse written into ``env.unwrapped.state``) to test
how the policy recovers, and has a "play it yourself" mode in which the human's action is
used. It keeps the scores of the agent's and the human's episodes apart. No Qt here: the
viewport widget drives it from a timer.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from dqn_lab.core.cartpole_render import FrameSource, close_env, is_cartpole
from dqn_lab.core.environment import END_WORDS, end_reason, make_env

AGENT, HUMAN = "agent", "human"

#: Which state entry a nudge changes and by how much, per environment family.
#: CartPole: cart velocity (m/s); Acrobot: angular velocity of link 1 (rad/s);
#: MountainCar: car velocity.
NUDGES = {"CartPole": (1, 0.5), "Acrobot": (2, 1.5), "MountainCar": (1, 0.015)}

#: What each action does, for the Q value bars.
ACTION_NAMES = {
    "CartPole": ("push left", "push right"),
    "Acrobot": ("torque -1", "no torque", "torque +1"),
    "MountainCar": ("push left", "no push", "push right"),
}


def env_family(env_id: str) -> str:
    """'CartPole', 'Acrobot', 'MountainCar' or the id's name before the version."""
    return env_id.split("-")[0]


def action_names(env_id: str, action_size: int) -> tuple[str, ...]:
    """Readable names of the actions of ``env_id`` ("action 0", ... when unknown)."""
    names = ACTION_NAMES.get(env_family(env_id), ())
    return names if len(names) == action_size else tuple(f"action {i}" for i in range(action_size))


@dataclass
class EpisodeRecord:
    """One finished watch episode."""

    mode: str  # AGENT or HUMAN
    score: float
    steps: int
    nudges: int


@dataclass
class ScoreBoard:
    """The finished episodes of a watch session, the agent's beside the human's."""

    episodes: list[EpisodeRecord] = field(default_factory=list)

    def scores(self, mode: str) -> list[float]:
        return [e.score for e in self.episodes if e.mode == mode]

    def summary(self, mode: str) -> dict:
        """count, last, mean and best score of ``mode`` (NaN when there is none)."""
        s = self.scores(mode)
        nan = float("nan")
        return dict(
            count=len(s),
            last=s[-1] if s else nan,
            mean=float(np.mean(s)) if s else nan,
            best=max(s) if s else nan,
        )


class WatchSession:
    """An environment, a greedy policy or a human, and the bookkeeping of what they did."""

    def __init__(
        self,
        env_id: str,
        policy=None,
        seed: int = 0,
        max_steps: int | None = None,
        frame_size: tuple[int, int] = (600, 400),
        swap_interval_s: float = 3.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.env_id = env_id
        self.frames = FrameSource(env_id, *frame_size)
        self.env = make_env(env_id, render_mode=self.frames.render_mode)
        self.action_size = int(self.env.action_space.n)
        self.max_steps = max_steps
        self.seed = seed
        self.swap_interval_s = swap_interval_s
        self._clock = clock
        self.policy = policy
        self._pending = None
        self._swapped_at = clock()
        self.policy_version = 0  # counts swaps, so the GUI can say "new weights"
        self.mode = AGENT
        self.human_action: int | None = None  # the key held in play-it-yourself mode
        # In play-it-yourself mode an episode waits for the first key, and a finished one
        # stays on screen until the next key (nothing plays by itself).
        self.waiting = False
        self.board = ScoreBoard()
        self.episode = 0
        self._seeded = False
        self.state = np.zeros(self.env.observation_space.shape, dtype=np.float32)
        self.q: np.ndarray | None = None  # Q values of the displayed state
        self.last_action: int | None = None
        self.score = 0.0
        self.t = 0
        self.nudges = 0
        self.done = False
        self.terminated = False  # the finished episode ended in a terminal state
        self.total_steps = 0
        self.reset()

    # -- policy ----------------------------------------------------------------------------
    def offer_policy(self, policy, force: bool = False) -> bool:
        """Take newer weights: at once if forced, if there are none yet, or if the current ones
        are older than ``swap_interval_s``; otherwise at the next episode start. True if
        swapped now."""
        if policy is None:
            return False
        if force or self.policy is None or self._clock() - self._swapped_at >= self.swap_interval_s:
            self._swap(policy)
            return True
        self._pending = policy
        return False

    def _swap(self, policy) -> None:
        self.policy, self._pending = policy, None
        self._swapped_at = self._clock()
        self.policy_version += 1
        self._update_q()

    def _update_q(self) -> None:
        self.q = (
            None
            if self.policy is None
            else np.asarray(self.policy.q_values(self.state), dtype=np.float64)
        )

    @property
    def greedy_action(self) -> int | None:
        """The agent's greedy action in the displayed state (None without a policy)."""
        return None if self.q is None else int(np.argmax(self.q))

    # -- stepping --------------------------------------------------------------------------
    def set_mode(self, mode: str) -> None:
        """Switch between AGENT and HUMAN; a new episode starts so scores stay comparable."""
        if mode not in (AGENT, HUMAN):
            raise ValueError(f"mode must be {AGENT!r} or {HUMAN!r}, not {mode!r}.")
        if mode != self.mode:
            self.mode = mode
            self.human_action = None
            self.reset()

    def reset(self) -> None:
        """Start a new episode (the pending weights, if any, come in now)."""
        if self._pending is not None:
            self._swap(self._pending)
        obs, _ = self.env.reset(seed=None if self._seeded else self.seed)
        self._seeded = True
        self.state = np.asarray(obs, dtype=np.float32)
        self.score, self.t, self.nudges, self.done = 0.0, 0, 0, False
        self.last_action = None
        self.waiting = self.mode == HUMAN
        self._update_q()

    def next_action(self) -> int | None:
        """The action the next step takes: the human's, or the policy's greedy one."""
        if self.mode == HUMAN:
            if self.human_action is not None:
                return self.human_action
            if is_cartpole(self.env_id):  # no "do nothing" in CartPole: alternate pushes
                return self.t % 2
            return self.action_size // 2  # Acrobot's zero torque, MountainCar's no push
        return self.greedy_action

    def step(self) -> bool:
        """One environment step; returns False when nothing can act (no policy yet, or in
        play-it-yourself mode no key pressed yet).

        After the episode has ended, the next call starts a new one instead of stepping;
        in play-it-yourself mode the player starts it (``reset()`` on a key press).
        """
        if self.mode == HUMAN:
            if self.done:
                return False  # the player's next key press starts the next one
            if self.waiting:
                if self.human_action is None:
                    return False  # wait for the player's first key
                self.waiting = False
        if self.done:
            self.reset()
            return True
        action = self.next_action()
        if action is None:
            return False
        obs, reward, terminated, truncated, _ = self.env.step(action)
        self.state = np.asarray(obs, dtype=np.float32)
        self.last_action = action
        self.score += float(reward)
        self.t += 1
        self.total_steps += 1
        if self.max_steps is not None and self.t >= self.max_steps:
            truncated = True
        self._update_q()
        if terminated or truncated:
            self.done, self.terminated = True, bool(terminated)
            self.board.episodes.append(EpisodeRecord(self.mode, self.score, self.t, self.nudges))
            self.episode += 1
        return True

    def nudge(self, direction: int, strength: float = 1.0) -> None:
        """Kick the system: +1 right, -1 left. CartPole's cart gets a velocity impulse and the
        pole the angular velocity a rigid rod gets when its pivot is jerked sideways."""
        if self.done or direction not in (-1, 1):
            return
        family = env_family(self.env_id)
        if family not in NUDGES:
            raise ValueError(f"Nudging is not supported for {self.env_id}.")
        u = self.env.unwrapped
        state = np.array(u.state, dtype=np.float64)
        index, size = NUDGES[family]
        dv = direction * size * strength
        state[index] += dv
        if family == "CartPole":
            # Angular momentum about the pivot is conserved through the kick:
            # I_pivot * d(theta_dot) = -m * l * cos(theta) * dv, I_pivot = 4/3 m l^2.
            length = float(getattr(u, "length", 0.5))
            state[3] += -0.75 * math.cos(state[2]) * dv / length
        u.state = state if isinstance(u.state, np.ndarray) else tuple(state)
        self.state = np.asarray(state, dtype=np.float32)
        self.nudges += 1
        self._update_q()

    def end_reason(self) -> str:
        """Why the finished episode ended, in words (``core.environment.END_WORDS``)."""
        if not self.done:
            return ""
        return END_WORDS[end_reason(self.env, self.terminated)]

    # -- display ---------------------------------------------------------------------------
    def frame(self, caption: str | None = None, channels: int = 3) -> np.ndarray:
        """The displayed state as an (H, W, 3) uint8 array (see ``FrameSource.frame`` for
        ``channels``); the arrow is the coming push."""
        action = self.last_action if self.done else self.next_action()
        return self.frames.frame(self.env, action, caption, channels)

    @property
    def real_time_fps(self) -> float:
        """Environment steps per second of real time (CartPole: 50, tau = 0.02 s)."""
        fps = self.env.metadata.get("render_fps") or 50
        return float(fps)

    def close(self) -> None:
        close_env(self.env)

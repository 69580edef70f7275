"""Gymnasium environments: creation, validation and what the app needs to know about them."""

from __future__ import annotations

import functools
import warnings
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from dqn_lab.core.config import config_error

CARTPOLE_FEATURES = ("cart position", "cart velocity", "pole angle", "pole angular velocity")
#: The observation's features by environment family (Gymnasium's documentation names).
FEATURES = {
    "CartPole": CARTPOLE_FEATURES,
    "Acrobot": (
        "cos θ1",
        "sin θ1",
        "cos θ2",
        "sin θ2",
        "θ1 angular velocity",
        "θ2 angular velocity",
    ),
    "MountainCar": ("car position", "car velocity"),
}


def feature_names(env_id: str, n: int) -> tuple[str, ...]:
    """Names of the ``n`` observed features of ``env_id`` (``x0``, ``x1``, ... if unknown)."""
    names = FEATURES.get(env_id.split("-")[0].split("/")[-1], ())
    return tuple(names) if len(names) == n else tuple(f"x{i}" for i in range(n))


@dataclass(frozen=True)
class EnvInfo:
    env_id: str
    state_size: int
    action_size: int
    reward_threshold: float | None
    max_episode_steps: int | None
    feature_names: tuple[str, ...]
    low: tuple[float, ...]
    high: tuple[float, ...]


#: Why an episode ended (:func:`end_reason`), in the order a report lists them.
END_REASONS = ("pole", "cart", "terminal", "limit")
#: The words for each, as the viewport and ``evaluate`` say them.
END_WORDS = {
    "pole": "the pole fell",
    "cart": "the cart left the track",
    "terminal": "goal reached",
    "limit": "time limit",
}


def end_reason(env, terminated: bool) -> str:
    """Why an episode of ``env`` that just ended did: 'pole' or 'cart' (CartPole's pole fell
    or its cart left the track), 'terminal' (another environment's terminal state) or
    'limit' (not terminated: the time limit or the run's step limit cut it)."""
    if not terminated:
        return "limit"
    u = env.unwrapped
    x_limit = getattr(u, "x_threshold", None)
    theta_limit = getattr(u, "theta_threshold_radians", None)
    if x_limit is None or theta_limit is None:
        return "terminal"
    x, _, theta, _ = (float(v) for v in u.state)
    if abs(x) > x_limit:
        return "cart"
    return "pole" if abs(theta) > theta_limit else "terminal"


def end_counts(ends: Iterable[str]) -> dict[str, int]:
    """How many episodes ended each way: the reasons that occurred, in END_REASONS' order."""
    counts = Counter(ends)
    return {end: counts[end] for end in END_REASONS if counts[end]}


def make_env(env_id: str, render_mode: str | None = None):
    """``gymnasium.make`` with a clear :class:`ConfigError` for ids that cannot be used."""
    import gymnasium as gym

    try:
        with warnings.catch_warnings():
            # CartPole-v0 is the seed's environment; Gymnasium calls it out of date.
            warnings.simplefilter("ignore")
            env = gym.make(env_id, render_mode=render_mode)
    except Exception as exc:  # gymnasium raises several error types for unknown ids
        raise config_error(
            "env_missing",
            field="env_id",
            value=repr(env_id),
            reason=f"{type(exc).__name__}: {exc}",
        ) from None
    obs, act = env.observation_space, env.action_space
    if not isinstance(obs, gym.spaces.Box) or len(obs.shape) != 1:
        env.close()
        raise config_error("env_observation", field="env_id", value=repr(env_id), space=str(obs))
    if not isinstance(act, gym.spaces.Discrete):
        env.close()
        raise config_error("env_actions", field="env_id", value=repr(env_id), space=str(act))
    return env


@functools.lru_cache(maxsize=32)
def env_info(env_id: str) -> EnvInfo:
    """Sizes, reward threshold and feature names of an environment (cached)."""
    env = make_env(env_id)
    try:
        obs = env.observation_space
        n = obs.shape[0]
        names = feature_names(env_id, n)
        spec = env.spec
        return EnvInfo(
            env_id,
            n,
            int(env.action_space.n),
            spec.reward_threshold if spec else None,
            spec.max_episode_steps if spec else None,
            names,
            tuple(float(v) for v in obs.low),
            tuple(float(v) for v in obs.high),
        )
    finally:
        env.close()


class LockstepCartPole:
    """Steps K Gymnasium CartPole environments together, bit for bit as their own ``step``.

    A population steps its members' environments in lockstep. Gymnasium's ``CartPoleEnv.step``
    does its ~25 operations on NumPy float64 scalars and builds two arrays (~10 us); here the
    same operations, in the same order, run on Python floats (the same IEEE doubles, a few
    times cheaper per operation), with NumPy's own cosine and sine, and the K new states and
    observations are built as one array each. Each member's observations, rewards and
    terminations are exactly those of its own environment (a test steps both side by side).

    The states live in one (K, 4) float64 array; each environment's ``unwrapped.state`` is a
    view of its row, so renders and anything else that reads it see the lockstep state.
    Resets go through the environments themselves (their random streams); the time limit is
    counted here as Gymnasium's ``TimeLimit`` counts it. :meth:`wrap` returns None for
    anything else, which the caller then steps one by one.
    """

    #: The wrappers ``gymnasium.make`` adds to CartPole; none of them changes a step's result.
    WRAPPERS = ("TimeLimit", "OrderEnforcing", "PassiveEnvChecker")

    def __init__(self, envs: list, time_limits: list[int | None]) -> None:
        import numpy as np

        self.envs = envs
        self.cores = [env.unwrapped for env in envs]
        self.time_limits = time_limits
        self.state = np.zeros((len(envs), 4), np.float64)
        self.elapsed = [0] * len(envs)
        core = self.cores[0]
        self._constants = (
            core.force_mag,
            core.polemass_length,
            core.total_mass,
            core.gravity,
            core.length,
            core.masspole,
            core.tau,
            core.x_threshold,
            core.theta_threshold_radians,
        )
        self._euler = core.kinematics_integrator == "euler"
        self._sutton_barto = bool(getattr(core, "_sutton_barto_reward", False))

    @classmethod
    def wrap(cls, envs: list) -> LockstepCartPole | None:
        """A lockstep stepper of ``envs``, or None unless all are plain Gymnasium CartPoles
        with one set of physical constants."""
        try:
            from gymnasium.envs.classic_control.cartpole import CartPoleEnv
        except ImportError:  # pragma: no cover - gymnasium without classic control
            return None
        limits: list[int | None] = []
        for env in envs:
            if type(env.unwrapped) is not CartPoleEnv or env.unwrapped.render_mode is not None:
                return None
            limit, layer = None, env
            while layer is not env.unwrapped:
                name = type(layer).__name__
                if name not in cls.WRAPPERS:
                    return None
                if name == "TimeLimit":
                    limit = getattr(layer, "_max_episode_steps", None)
                    if limit is None:  # a TimeLimit we cannot read: step one by one
                        return None
                layer = layer.env
            limits.append(limit)
        stepper = cls(envs, limits)
        names = (
            "force_mag",
            "polemass_length",
            "total_mass",
            "gravity",
            "length",
            "masspole",
            "tau",
            "x_threshold",
            "theta_threshold_radians",
        )
        for core in stepper.cores[1:]:
            same = tuple(getattr(core, n) for n in names) == stepper._constants
            if not same or (core.kinematics_integrator == "euler") != stepper._euler:
                return None
            if bool(getattr(core, "_sutton_barto_reward", False)) != stepper._sutton_barto:
                return None
        return stepper

    def reset(self, k: int, seed: int | None = None):
        """Reset environment ``k`` (its own ``reset``); its observation and info."""
        obs, info = self.envs[k].reset(seed=seed)
        core = self.cores[k]
        self.state[k] = core.state
        core.state = self.state[k]  # a view: the environment sees the lockstep state
        self.elapsed[k] = 0
        return obs, info

    def step(self, members: list[int], actions: list[int]):
        """Step ``members`` with ``actions``: observations (L, 4) float32 and lists of rewards,
        terminated and truncated flags (Gymnasium's ``step`` of each, with its time limit)."""
        import numpy as np

        force_mag, pml, total_mass, gravity, length, masspole, tau, x_limit, theta_limit = (
            self._constants
        )
        cos, sin, euler = np.cos, np.sin, self._euler
        states = self.state[members].tolist()  # Python floats: the same doubles, cheaper ops
        new, rewards, terminated, truncated = [], [], [], []
        for k, action, (x, x_dot, theta, theta_dot) in zip(members, actions, states):
            if action != 0 and action != 1:
                raise ValueError(f"{action!r} is not a CartPole action (0 or 1).")
            # Gymnasium's CartPoleEnv.step, operation for operation (IEEE double arithmetic
            # is the same on Python floats and NumPy float64 scalars; cos and sin are
            # NumPy's, as there).
            force = force_mag if action == 1 else -force_mag
            costheta = float(cos(theta))
            sintheta = float(sin(theta))
            temp = (force + pml * (theta_dot * theta_dot) * sintheta) / total_mass
            thetaacc = (gravity * sintheta - costheta * temp) / (
                length * (4.0 / 3.0 - masspole * (costheta * costheta) / total_mass)
            )
            xacc = temp - pml * thetaacc * costheta / total_mass
            if euler:
                x = x + tau * x_dot
                x_dot = x_dot + tau * xacc
                theta = theta + tau * theta_dot
                theta_dot = theta_dot + tau * thetaacc
            else:  # semi-implicit euler
                x_dot = x_dot + tau * xacc
                x = x + tau * x_dot
                theta_dot = theta_dot + tau * thetaacc
                theta = theta + tau * theta_dot
            new.append((x, x_dot, theta, theta_dot))
            done = x < -x_limit or x > x_limit or theta < -theta_limit or theta > theta_limit
            core = self.cores[k]
            if not done:
                rewards.append(0.0 if self._sutton_barto else 1.0)
            elif core.steps_beyond_terminated is None:
                core.steps_beyond_terminated = 0
                rewards.append(-1.0 if self._sutton_barto else 1.0)
            else:  # stepping a finished episode: Gymnasium's own step counts on
                core.steps_beyond_terminated += 1
                rewards.append(-1.0 if self._sutton_barto else 0.0)
            terminated.append(done)
            self.elapsed[k] += 1
            limit = self.time_limits[k]
            truncated.append(limit is not None and self.elapsed[k] >= limit)
        rows = np.array(new, np.float64)
        self.state[members] = rows
        return rows.astype(np.float32), rewards, terminated, truncated

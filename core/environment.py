"""Gymnasium environments: creation, validation and what the app needs to know about them."""

from __future__ import annotations

import functools
import warnings
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

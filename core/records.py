"""The typed records of a run, in one module (after Stable-Baselines3's ``type_aliases.py``).

The training loop yields the events below; the GUI worker, the CLI, the run log and the
bundles read them. Plain dict records (statistics rows, counters, snapshots) stay dicts,
because they travel as JSON, but their keys are spelt out here as ``TypedDict``\\ s so that
mypy and a reader see one definition. The agents' packed-update layout belongs to
``dqn_lab.core.agents``.

Events are frozen dataclasses: immutable, so a consumer on another thread may keep them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple, NotRequired, TypedDict

import numpy as np

#: Seed of the first greedy evaluation episode (episode ``i`` resets with ``EVAL_SEED + i``).
#: Training seeds are small numbers, so evaluations never replay a training episode's start.
EVAL_SEED = 10_000

#: The per-episode statistics, in order: the rows of ``Trainer.statistics``, the columns of
#: ``statistics.csv`` and the keys of a bundle's ``statistics`` entries.
EPISODE_COLUMNS = ("episode", "score", "steps", "epsilon", "loss", "mean_q", "env_steps", "wall_s")

#: The keys of one recorded live change (``Trainer.history`` and bundles).
CHANGE_KEYS = ("env_steps", "episode", "key", "old", "new")


# -- transitions ---------------------------------------------------------------------------
class Transition(NamedTuple):
    """One environment step, in the order of the notebook's ``agent.train(experience)``.

    ``ReplayMemory.add`` takes its arguments in the same order.
    """

    state: np.ndarray
    action: int
    next_state: np.ndarray
    reward: float
    done: bool


# -- events (immutable; safe to hand to another thread) ------------------------------------
@dataclass(frozen=True)
class Progress:
    """Throttled (about 20 Hz) progress inside an episode, for live displays."""

    env_steps: int
    episode: int
    episode_step: int
    epsilon: float
    steps_per_s: float
    elapsed_s: float
    learning_rate: float = float("nan")  # the rate of the next updates (Agent.scheduled_rate)
    rate_gate: str = ""  # what lowers the rate: 'solved', 'fallback' or '' (Agent.rate_gate)


@dataclass(frozen=True)
class EpisodeEnd:
    """One finished episode and its statistics."""

    episode: int  # 0-based, as the notebook's statistics
    score: float
    steps: int
    epsilon: float
    loss: float  # mean loss of this episode's updates (NaN before learning starts)
    mean_q: float  # mean predicted Q of the taken actions in those updates
    steps_per_s: float
    env_steps: int
    mean_100: float  # mean score of the last 100 episodes (the notebook's check)
    elapsed_s: float


@dataclass(frozen=True)
class SettingsChanged:
    """Live settings took effect before the step at ``env_steps``."""

    env_steps: int
    episode: int
    changes: tuple[tuple[str, Any, Any], ...]  # (field, old, new)


@dataclass(frozen=True)
class ChangeRejected:
    """A batch of live changes was refused; nothing of it was applied."""

    message: str


@dataclass(frozen=True)
class SafePoint:
    """The loop is between two steps to pause, apply live changes or run requests.

    Yielded before any of them happens, so a consumer holding events back (the GUI worker
    batches episodes) can pass them on first.
    """

    env_steps: int
    episode: int
    paused: bool


@dataclass(frozen=True)
class Evaluation:
    """A periodic greedy evaluation (``Config.eval_every``) after ``env_steps`` steps."""

    env_steps: int
    episode: int  # episodes finished before it (the score plot's x)
    index: int  # k: its episodes reset with seeds EVAL_SEED + k * M + i
    scores: tuple[float, ...]


@dataclass(frozen=True)
class HealthStopped:
    """Training stopped itself: a non-finite loss or weights, or Q values out of bounds.

    The refused update was not applied: the agent holds the last good state.
    """

    env_steps: int
    episode: int
    message: str


@dataclass(frozen=True)
class RunFinished:
    """The run ended (all episodes done or stopped)."""

    summary: RunSummary = field(hash=False)


Event = (
    Progress
    | EpisodeEnd
    | SettingsChanged
    | ChangeRejected
    | SafePoint
    | Evaluation
    | HealthStopped
    | RunFinished
)


# -- rows and counters (JSON-shaped dicts) -------------------------------------------------
class EpisodeStats(TypedDict):
    """One row of ``Trainer.statistics``: the keys of :data:`EPISODE_COLUMNS`."""

    episode: int
    score: float
    steps: int
    epsilon: float
    loss: float
    mean_q: float
    env_steps: int
    wall_s: float


class Change(TypedDict):
    """One live change in a run's history: the keys of :data:`CHANGE_KEYS`."""

    env_steps: int
    episode: int
    key: str
    old: Any
    new: Any


class AgentCounters(TypedDict):
    """An agent's learning counters (``Agent.counters()``)."""

    step: int  # transitions trained on (the notebook's ``self.step``)
    updates: int  # gradient updates applied
    epsilon: float
    sync_pending: bool  # a hard target sync is due at the next update


class SavedCounters(AgentCounters):
    """The counters a bundle saves, with the last update's metrics."""

    last_loss: float
    last_mean_q: float
    # solved_rate_factor's gate (bundles before it lack both: the gate is replayed)
    solved: NotRequired[bool]
    fallback_left: NotRequired[int]


class BundleCounters(SavedCounters):
    """A bundle manifest's ``counters``: the agent's plus the loop's episode and step."""

    episodes: int
    env_steps: int


class TrainerState(TypedDict):
    """The loop's side of a saved run (``Trainer.state()``)."""

    episode: int
    env_steps: int
    wall_s: float
    first_solved_episode: int | None
    env_seeded: bool
    mid_episode: bool
    statistics: list[EpisodeStats]
    history: list[Change]
    env_rng: dict | None


class EvalResults(TypedDict):
    """The evaluation protocol's figures of a run (part of :class:`RunSummary`)."""

    evals: list[list[float]]  # [env_step, mean, min, max] per evaluation
    first_eval_pass_step: int | None  # env step of the first evaluation >= threshold
    eval_pass_rate_after: float | None  # share of later evaluations still >= threshold


class RunSummary(TypedDict):
    """A run's result: ``Trainer.summary()``, the CLI's ``--json`` line."""

    agent: str
    env: str
    seed: int
    episodes: int
    env_steps: int
    updates: int
    wall_s: float  # seconds of training: the time it spent paused is not counted
    steps_per_s: float
    scores: list[float]
    mean_last_100: float
    threshold: float | None
    solved: bool
    first_solved_episode: int | None
    stopped: bool
    epsilon: float
    history: list[Change]
    evals: list[list[float]]  # [env_step, mean, min, max] per evaluation
    first_eval_pass_step: int | None  # env step of the first evaluation >= threshold
    eval_pass_rate_after: float | None  # share of later evaluations still >= threshold
    health_error: str | None  # why the health guard stopped the run, or None


class ReplayStats(TypedDict):
    """What the replay panel shows of a memory (``ReplayMemory.stats()``)."""

    size: int
    capacity: int
    fill: float
    total_added: int
    nbytes: int
    action_counts: list[int]
    mean_reward: float
    terminal_fraction: float
    state_mean: list[float]
    state_std: list[float]
    state_min: list[float]
    state_max: list[float]
    oldest_age: int
    newest_age: int


class Snapshot(TypedDict):
    """The GUI worker's periodic view of the agent for the panels (fresh copies only)."""

    replay: ReplayStats
    histograms: list[tuple[np.ndarray, np.ndarray]]
    policy: Any  # a frozen ``dqn_lab.core.model.NumpyPolicy``
    counters: AgentCounters
    kind: str
    env_id: str
    env_steps: int
    episode: int

"""The training loop: the notebook's ``interact_with_environment`` as a generator of events.

One loop serves the CLI, the GUI worker and the tests. It reads top to bottom like
CleanRL's ``dqn.py``; it yields an :class:`EpisodeEnd` per episode, a throttled
:class:`Progress` (about 20 Hz) and a :class:`RunFinished` summary. A
:class:`TrainingControl` (thread-safe flags and a locked mailbox) stops, pauses and
changes live settings between two environment steps.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable, Generator, Iterator, Mapping
from typing import Any, cast

import numpy as np

from dqn_lab.core.config import FIELDS, LIVE_FIELDS, Config, ConfigError, config_error
from dqn_lab.core.environment import EnvInfo, end_counts, end_reason, env_info, make_env
from dqn_lab.core.records import (
    EVAL_SEED,
    Change,
    ChangeRejected,
    EpisodeEnd,
    EpisodeStats,
    EvalResults,
    Evaluation,
    Event,
    HealthStopped,
    Progress,
    RunFinished,
    RunSummary,
    SafePoint,
    SettingsChanged,
    TrainerState,
    Transition,
)

PROGRESS_INTERVAL_S = 0.05


class TrainingControl:
    """Thread-safe control of a running loop: stop, pause/resume, live changes, requests."""

    def __init__(self) -> None:
        self._stop = threading.Event()
        self._running = threading.Event()
        self._running.set()
        self._lock = threading.Lock()
        self._changes: dict[str, Any] = {}
        self._requests: list[Callable[[Trainer], None]] = []
        self.pending = False  # plain flag read every step; set under the lock

    def stop(self) -> None:
        self._stop.set()
        self._running.set()

    @property
    def stopped(self) -> bool:
        return self._stop.is_set()

    def pause(self) -> None:
        self._running.clear()

    def resume(self) -> None:
        self._running.set()

    @property
    def paused(self) -> bool:
        return not self._running.is_set()

    def change(self, **changes: Any) -> None:
        """Queue setting changes; the loop applies them before its next step."""
        with self._lock:
            self._changes.update(changes)
            self.pending = True

    def request(self, fn: Callable[[Trainer], None]) -> None:
        """Run ``fn(trainer)`` on the training thread at the next safe point."""
        with self._lock:
            self._requests.append(fn)
            self.pending = True

    def take(self) -> tuple[dict[str, Any], list[Callable[[Trainer], None]]]:
        with self._lock:
            changes, requests = self._changes, self._requests
            self._changes, self._requests, self.pending = {}, [], False
        return changes, requests

    def wait_while_paused(self, timeout: float = 0.1) -> None:
        self._running.wait(timeout)


def seed_everything(seed: int) -> None:
    """Seed Python, NumPy and TensorFlow/Keras (the environment is seeded at its first reset)."""
    from dqn_lab.core.tf_loader import load_tensorflow

    load_tensorflow()
    import keras

    random.seed(seed)
    np.random.seed(seed)
    keras.utils.set_random_seed(seed)


def mean_last(scores: list[float], n: int = 100) -> float:
    return float(np.mean(scores[-n:])) if scores else float("nan")


class Trainer:
    """A training run: environment, agent, statistics and the history of live changes."""

    def __init__(self, config: Config, control: TrainingControl | None = None, agent=None) -> None:
        from dqn_lab.core.agents import make_agent

        config.validate()
        self.config = config
        self.control = control or TrainingControl()
        self.info: EnvInfo = env_info(config.env_id)
        self.env = make_env(config.env_id)
        if agent is None:
            seed_everything(config.seed)
            agent = make_agent(config, self.info.state_size, self.info.action_size)
        self.agent = agent
        self.statistics: list[EpisodeStats] = []  # the notebook's statistics, plus loss, Q
        self.history: list[Change] = []  # live hyperparameter changes
        self.episode = 0
        self.env_steps = 0
        self.wall_s = 0.0
        self.first_solved_episode: int | None = None
        self.evals: list[list[float]] = []  # [env_step, mean, min, max] per evaluation
        self.health_error: str | None = None
        self._env_seeded = False
        self._reset_from: tuple | None = None  # (env seeded, env RNG) before this episode

    @property
    def scores(self) -> list[float]:
        return [s["score"] for s in self.statistics]

    # -- the loop -------------------------------------------------------------------------
    def run(self) -> Iterator[Event]:
        """Train until ``config.episodes`` episodes are done or the control says stop."""
        agent, env, control = self.agent, self.env, self.control
        started = time.monotonic() - self.wall_s
        last_progress, steps_at_last = started, self.env_steps
        rate = 0.0
        while (
            self.episode < self.config.episodes
            and not control.stopped
            and not self._budget_spent()
            and self.health_error is None
        ):
            c = self.config
            # Reset: the first reset seeds the environment (the notebook's env.seed(42)).
            self._reset_from = (
                self._env_seeded,
                env.unwrapped.np_random.bit_generator.state if self._env_seeded else None,
            )
            state, _ = env.reset(seed=None if self._env_seeded else c.seed)
            self._env_seeded = True
            score, t, episode_start = 0.0, 0, time.monotonic()
            finished = False
            while not finished:
                # Safe point between two steps: stop, pause, live changes, requests.
                if control.pending or control.paused or control.stopped:
                    # The run's clock stops while it is paused: wall_s and the speeds are
                    # of training time (a run left paused read as 45 steps/s at its end).
                    paused_s = yield from self._safe_point()
                    started += paused_s
                    last_progress += paused_s
                    episode_start += paused_s
                    if control.stopped:
                        break
                    c = self.config
                # Act epsilon-greedily and step the environment.
                action = agent.act(state)
                next_state, reward, terminated, truncated, _ = env.step(action)
                t += 1
                truncated = truncated or t >= c.max_steps
                # The notebook's old gym counted the time limit as terminal.
                done = terminated or (truncated and c.truncation_as_terminal)
                # Store the transition and learn (replay, target sync, epsilon decay).
                agent.train(Transition(state, action, next_state, reward, done))
                state = next_state
                score += float(reward)
                self.env_steps += 1
                finished = terminated or truncated
                # The health guard refused an update: stop with the last good state.
                if agent.health_error is not None:
                    self.health_error = agent.health_error
                    yield HealthStopped(self.env_steps, self.episode, self.health_error)
                    finished = False
                    break
                # Periodic greedy evaluation on its own environment (the policy as of the
                # last compiled call; it consumes no training randomness).
                if c.eval_every and self.env_steps % c.eval_every == 0:
                    yield self._periodic_evaluation()
                if self._budget_spent():
                    break  # the step budget ends the run inside this episode
                # Throttled progress for live displays.
                now = time.monotonic()
                if now - last_progress >= PROGRESS_INTERVAL_S:
                    rate = (self.env_steps - steps_at_last) / (now - last_progress)
                    last_progress, steps_at_last = now, self.env_steps
                    yield Progress(
                        self.env_steps,
                        self.episode,
                        t,
                        agent.epsilon,
                        rate,
                        now - started,
                        agent.scheduled_rate(),
                        agent.rate_gate,
                    )
            if not finished:
                break  # stopped mid-episode: the partial episode is not a statistic
            # Episode end: learn what is queued, record the notebook's statistics.
            agent.flush()
            loss, mean_q = agent.take_recent_metrics()
            now = time.monotonic()
            self.wall_s = now - started
            self._reset_from = None
            self.statistics.append(
                EpisodeStats(
                    episode=self.episode,
                    score=score,
                    steps=t,
                    epsilon=agent.epsilon,
                    loss=loss,
                    mean_q=mean_q,
                    env_steps=self.env_steps,
                    wall_s=self.wall_s,
                )
            )
            last_100 = [s["score"] for s in self.statistics[-100:]]
            mean_100 = mean_last(last_100)
            threshold = self.info.reward_threshold
            agent.episode_ended(last_100, threshold)  # solved_rate_factor's gate
            if (
                self.first_solved_episode is None
                and threshold is not None
                and len(self.statistics) >= 100
                and mean_100 >= threshold
            ):
                self.first_solved_episode = self.episode
            yield EpisodeEnd(
                self.episode,
                score,
                t,
                agent.epsilon,
                loss,
                mean_q,
                t / max(now - episode_start, 1e-9),
                self.env_steps,
                mean_100,
                self.wall_s,
            )
            self.episode += 1
        agent.flush()
        self.wall_s = time.monotonic() - started
        if control.pending:
            yield from self._safe_point()
        yield RunFinished(self.summary())

    def _budget_spent(self) -> bool:
        budget = self.config.max_env_steps
        return bool(budget) and self.env_steps >= budget

    def _periodic_evaluation(self) -> Evaluation:
        c, steps = self.config, self.env_steps
        row, event = periodic_evaluation(self.agent.policy, c, steps, self.episode)
        self.evals.append(row)
        return event

    def _safe_point(self) -> Generator[Event, None, float]:
        """Pause, apply live changes and run requests; returns the seconds spent paused."""
        control = self.control
        yield SafePoint(self.env_steps, self.episode, control.paused)
        paused_at = time.monotonic()
        paused = control.paused
        while control.paused and not control.stopped:
            control.wait_while_paused()
            if control.pending:
                yield from self._apply_pending()
        paused_s = time.monotonic() - paused_at if paused else 0.0
        if control.pending:
            yield from self._apply_pending()
        return paused_s

    def _apply_pending(self) -> Iterator[Event]:
        changes, requests = self.control.take()
        if changes:
            try:
                event = self.apply_changes(changes)
            except ConfigError as exc:
                yield ChangeRejected(exc.message)  # English, with its parts for the GUI
            else:
                if event is not None:
                    yield event
        for fn in requests:
            fn(self)

    def apply_changes(self, changes: dict[str, Any]) -> SettingsChanged | None:
        """Validate and apply live changes; record them in the history."""
        fixed = sorted(k for k in changes if k in FIELDS and k not in LIVE_FIELDS)
        if fixed:
            raise config_error("not_live", fields=tuple(fixed))
        new = self.config.replace(**changes)
        now = current_values(self.config, self.agent, changes)
        diff = tuple((k, now[k], getattr(new, k)) for k in changes if now[k] != getattr(new, k))
        if not diff:
            return None
        self.agent.apply_config(new)
        if "epsilon" in changes:  # the value it acts with from now on
            self.agent.epsilon = float(new.epsilon)
        self.config = new
        for key, old, value in diff:
            self.history.append(
                Change(env_steps=self.env_steps, episode=self.episode, key=key, old=old, new=value)
            )
        return SettingsChanged(self.env_steps, self.episode, diff)

    # -- results --------------------------------------------------------------------------
    def summary(self) -> RunSummary:
        """The run's result in the CLI's ``--json`` shape."""
        scores = self.scores
        threshold = self.info.reward_threshold
        mean_100 = mean_last(scores)
        return RunSummary(
            agent=self.config.agent,
            env=self.config.env_id,
            seed=self.config.seed,
            episodes=len(scores),
            env_steps=self.env_steps,
            updates=self.agent.updates,
            wall_s=round(self.wall_s, 3),
            steps_per_s=round(self.env_steps / self.wall_s, 1) if self.wall_s else 0.0,
            scores=scores,
            mean_last_100=mean_100,
            threshold=threshold,
            solved=bool(threshold is not None and len(scores) >= 100 and mean_100 >= threshold),
            first_solved_episode=self.first_solved_episode,
            stopped=self.control.stopped or self.health_error is not None,
            epsilon=self.agent.epsilon,
            history=list(self.history),
            **eval_results(self.evals, threshold),
            health_error=self.health_error,
        )

    # -- persistence (core.persistence) ---------------------------------------------------
    def state(self) -> TrainerState:
        """Loop counters, statistics, history and the environment's RNG state (for saving).

        Called before the first step of an episode (a request right after an episode end)
        it gives the environment's state from before that episode's reset, so continuing
        repeats the run exactly. ``mid_episode`` is true when steps were taken after the last
        finished episode (a save inside an episode, or a run stopped mid-episode): such a
        state continues with a fresh episode and cannot repeat an uninterrupted run.
        """
        last = self.statistics[-1]["env_steps"] if self.statistics else 0
        mid = self.env_steps != last
        seeded, rng = self._env_seeded, None
        if self._reset_from is not None and not mid:
            seeded, rng = self._reset_from
        elif seeded:
            rng = self.env.unwrapped.np_random.bit_generator.state
        return TrainerState(
            episode=self.episode,
            env_steps=self.env_steps,
            wall_s=self.wall_s,
            first_solved_episode=self.first_solved_episode,
            env_seeded=seeded,
            mid_episode=mid,
            statistics=[s.copy() for s in self.statistics],
            history=[h.copy() for h in self.history],
            env_rng=rng,
        )

    def restore_state(self, state: Mapping[str, Any]) -> None:
        """Continue from :meth:`state` output (validated by the caller); then ``run()``."""
        self.episode, self.env_steps = int(state["episode"]), int(state["env_steps"])
        self.wall_s = float(state["wall_s"])
        self.first_solved_episode = state["first_solved_episode"]
        self.statistics = [cast(EpisodeStats, dict(s)) for s in state["statistics"]]
        self.history = [cast(Change, dict(h)) for h in state["history"]]
        gate = state.get("gate")  # (solved, fall-back episodes left); None: replay it
        if gate is None:
            self.agent.restore_gate(self.scores, self.info.reward_threshold)
        else:
            self.agent.solved, self.agent.fallback_left = bool(gate[0]), int(gate[1])
        self._env_seeded = bool(state["env_seeded"])
        if self._env_seeded:
            self.env.unwrapped.np_random.bit_generator.state = state["env_rng"]

    def close(self) -> None:
        self.env.close()


def current_values(config: Config, agent, keys) -> dict[str, Any]:
    """The values a live change of ``keys`` replaces: the config's, but epsilon's is the
    one the agent acts with now (it has decayed from the config's start value; a change
    of epsilon sets it, so 1.0 again re-explores)."""
    now = {k: getattr(config, k) for k in keys}
    if "epsilon" in now:
        now["epsilon"] = float(agent.epsilon)
    return now


def periodic_evaluation(
    policy, config: Config, env_steps: int, episode: int
) -> tuple[list[float], Evaluation]:
    """The evaluation due at ``env_steps`` (a multiple of ``config.eval_every``): evaluation
    k = env_steps / eval_every - 1 plays ``eval_episodes`` greedy episodes with the reset
    seeds EVAL_SEED + k * M onwards. Its ``evals`` row [env_step, mean, min, max] and event."""
    k = env_steps // config.eval_every - 1
    scores = evaluate_lockstep(
        policy,
        config.env_id,
        config.eval_episodes,
        seed=EVAL_SEED + k * config.eval_episodes,
        max_steps=config.max_steps,
    )
    row = [env_steps, float(np.mean(scores)), float(min(scores)), float(max(scores))]
    return row, Evaluation(env_steps, episode, k, tuple(scores))


def eval_results(evals: list[list[float]], threshold: float | None) -> EvalResults:
    """``evals`` and its two figures: the env step of the first evaluation whose mean reaches
    ``threshold`` and the share of the evaluations after it that still do (None if none)."""
    first = next(
        (i for i, e in enumerate(evals) if threshold is not None and e[1] >= threshold), None
    )
    later = evals[first + 1 :] if first is not None else []
    return EvalResults(
        evals=[list(e) for e in evals],
        first_eval_pass_step=int(evals[first][0]) if first is not None else None,
        eval_pass_rate_after=(
            sum(e[1] >= threshold for e in later) / len(later)
            if later and threshold is not None
            else None
        ),
    )


def greedy_episodes(
    policy,
    env_id: str,
    episodes: int = 10,
    seed: int = EVAL_SEED,
    max_steps: int | None = None,
    should_stop: Callable[[], bool] = lambda: False,
) -> Iterator[tuple[int, float, int, str]]:
    """(seed, score, steps, end) of each greedy episode of ``policy`` on a fresh environment;
    ``end`` says why it ended (:func:`dqn_lab.core.environment.end_reason`).

    Episode ``i`` is seeded ``seed + i``; ``policy`` needs only ``act(state) -> int`` (a
    :class:`NumpyPolicy` works on any thread). Stops early when ``should_stop()`` is true.
    """
    env = make_env(env_id)
    try:
        for i in range(episodes):
            if should_stop():
                break
            state, _ = env.reset(seed=seed + i)
            score, t, done, terminated = 0.0, 0, False, False
            while not done:
                state, reward, terminated, truncated, _ = env.step(policy.act(state))
                score += float(reward)
                t += 1
                done = terminated or truncated or (max_steps is not None and t >= max_steps)
            yield seed + i, score, t, end_reason(env, terminated)
    finally:
        env.close()


def evaluate(
    policy,
    env_id: str,
    episodes: int = 10,
    seed: int = EVAL_SEED,
    max_steps: int | None = None,
    should_stop: Callable[[], bool] = lambda: False,
) -> list[float]:
    """Scores of ``episodes`` greedy episodes of ``policy`` (see :func:`greedy_episodes`)."""
    return evaluate_ends(policy, env_id, episodes, seed, max_steps, should_stop)[0]


def evaluate_ends(
    policy,
    env_id: str,
    episodes: int = 10,
    seed: int = EVAL_SEED,
    max_steps: int | None = None,
    should_stop: Callable[[], bool] = lambda: False,
) -> tuple[list[float], dict[str, int]]:
    """:func:`evaluate`'s scores and how many of the episodes ended each way (the keys of
    :data:`dqn_lab.core.environment.END_REASONS` that occurred, in that order)."""
    played = list(greedy_episodes(policy, env_id, episodes, seed, max_steps, should_stop))
    return [score for _, score, _, _ in played], end_counts(end for _, _, _, end in played)


def row_q_values(policy, states: np.ndarray) -> np.ndarray:
    """Q values (L, A) of a :class:`~dqn_lab.core.model.NumpyPolicy` for L states in one pass,
    each row bit for bit as ``policy.q_values(state)`` gives it alone.

    The states go through the layers as a stack of L one-row matrices: ``np.matmul`` runs
    each 2-D slice through the kernel a single row takes, whereas one (L, n) product may use
    another BLAS kernel whose sums differ in the last bit (and so, on a near tie, the greedy
    action). A test checks the equality.
    """
    return policy.q_values(np.asarray(states, dtype=np.float32)[:, None, :])[:, 0, :]


def evaluate_lockstep(
    policy,
    env_id: str,
    episodes: int = 10,
    seed: int = EVAL_SEED,
    max_steps: int | None = None,
) -> list[float]:
    """:func:`evaluate`'s scores, with the episodes played side by side.

    For CartPole (:class:`~dqn_lab.core.environment.LockstepCartPole`) and a NumPy policy,
    the ``episodes`` environments (reset with seeds ``seed + i``, as :func:`evaluate`'s) step
    together with one forward pass (:func:`row_q_values`) per step for all episodes still
    running: the same start states, actions and scores as the sequential path. Any other
    environment or policy takes :func:`evaluate`.
    """
    from dqn_lab.core.environment import LockstepCartPole
    from dqn_lab.core.model import NumpyPolicy

    if episodes <= 1 or not isinstance(policy, NumpyPolicy):
        return evaluate(policy, env_id, episodes, seed, max_steps)
    envs = [make_env(env_id) for _ in range(episodes)]
    try:
        stepper = LockstepCartPole.wrap(envs)
        if stepper is None:
            return evaluate(policy, env_id, episodes, seed, max_steps)
        states = np.stack([stepper.reset(i, seed=seed + i)[0] for i in range(episodes)])
        scores, steps = [0.0] * episodes, [0] * episodes
        running = list(range(episodes))
        while running:
            actions = np.argmax(row_q_values(policy, states[running]), axis=1).tolist()
            observations, rewards, terminated, truncated = stepper.step(running, actions)
            states[running] = observations
            still = []
            for i, k in enumerate(running):
                scores[k] += float(rewards[i])
                steps[k] += 1
                limit = max_steps is not None and steps[k] >= max_steps
                if not (terminated[i] or truncated[i] or limit):
                    still.append(k)
            running = still
        return scores
    finally:
        for env in envs:
            env.close()

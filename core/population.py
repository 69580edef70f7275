"""Populations: K agents of one shape trained together in one process, one compiled update.

The members share the shape of the problem (environment, network, memory size, batch size,
agent kind) and differ in seed, and optionally in the values the compiled step reads
(learning rate, gamma, gradient clip) and in the exploration and target settings that the
Python side reads (epsilon and its schedule, tau, the target sync interval). Each member has
its own environment, replay memory, random stream, epsilon, counters and target network,
exactly as a solo run (:class:`dqn_lab.core.training.Trainer`) of its seed would. All members step
together: greedy actions come from one stacked NumPy pass, and the updates that the step asked
for run in ONE compiled call over the K stacked networks (:func:`dqn_lab.core.agents.flush_group`).
A member whose episodes are done stops stepping and is inactive in later calls; so does a
member stopped on its own (:meth:`Population.stop_member`) while the others go on.

Used by ``main.py train --seeds 42,1,2`` and by many-run features through
:func:`train_population`. After PureJaxRL's ``make_train`` under ``jax.vmap`` (the idea).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from dqn_lab.core.config import FIELDS, Config, ConfigError
from dqn_lab.core.environment import LockstepCartPole
from dqn_lab.core.records import Transition
from dqn_lab.core.replay import Batch, ReplayMemory

# Settings that may differ between the members of one population; every other setting is
# the population's shape and must be the same for all.
MEMBER_FIELDS = (
    "seed",
    "episodes",
    "alpha",
    "gamma",
    "grad_clip",
    "epsilon",
    "epsilon_min",
    "epsilon_decay",
    "epsilon_schedule",
    "tau",
    "target_model_update_interval",
)


@dataclass(frozen=True)
class MemberEpisode:
    """Member ``member`` finished an episode (the statistics row a solo run records)."""

    member: int
    seed: int
    stats: dict = field(hash=False)


def member_configs(config: Config, seeds: list[int]) -> list[Config]:
    """One validated config per seed, otherwise ``config``."""
    if not seeds:
        raise ConfigError("A population needs at least one seed.")
    return [config.replace(seed=int(s)) for s in seeds]


def check_shape(configs: list[Config]) -> None:
    """Raise :class:`ConfigError` unless the configs differ only in :data:`MEMBER_FIELDS`."""
    first = configs[0]
    for i, c in enumerate(configs[1:], start=1):
        c.validate()
        for name in FIELDS:
            if name not in MEMBER_FIELDS and getattr(c, name) != getattr(first, name):
                raise ConfigError(
                    f"Members of a population share {name}; member {i} has "
                    f"{getattr(c, name)!r}, member 0 {getattr(first, name)!r}."
                )
    first.validate()


class StackedMemory:
    """The replay memories of K members in shared (K, capacity, ...) arrays.

    Each member still has its own :class:`ReplayMemory` (its ring position, size and
    persistence), whose arrays are views of its rows here; a compiled call's batches are
    then gathered for all members with one fancy index per field instead of K.
    """

    def __init__(self, members: int, capacity: int, state_size: int) -> None:
        self.states = np.zeros((members, capacity, state_size), np.float32)
        self.next_states = np.zeros((members, capacity, state_size), np.float32)
        self.actions = np.zeros((members, capacity), np.int32)
        self.rewards = np.zeros((members, capacity), np.float32)
        self.dones = np.zeros((members, capacity), np.uint8)
        self.memories: list[ReplayMemory | None] = [None] * members
        # Flat (members * capacity, ...) views of the arrays and each member's first row.
        self._flat = [
            a.reshape((members * capacity,) + a.shape[2:])
            for a in (self.states, self.next_states, self.actions, self.rewards, self.dones)
        ]
        self._offsets = np.arange(members, dtype=np.int64) * capacity

    def member(self, k: int, memory: ReplayMemory) -> ReplayMemory:
        """``memory`` (empty, of the same capacity) rewired to member ``k``'s rows."""
        if memory.total_added or memory.capacity != self.states.shape[1]:
            raise ValueError("Only an empty memory of the same capacity can join a stack.")
        for name in ("states", "next_states", "actions", "rewards", "dones"):
            setattr(memory, name, getattr(self, name)[k])
        self.memories[k] = memory
        return memory

    def add(
        self, members: list[int] | np.ndarray, states, actions, next_states, rewards, dones
    ) -> None:
        """One transition per member of ``members`` (a list or index array; row i of each
        argument is member ``members[i]``'s), each written where its own
        ``ReplayMemory.add`` would write it."""
        memories = [self.memories[int(k)] for k in members]
        pos = np.array([m.pos for m in memories], np.int64)  # type: ignore[union-attr]
        rows = self._offsets.take(members) + pos
        for flat, values in zip(self._flat, (states, next_states, actions, rewards, dones)):
            flat[rows] = values
        for memory in memories:
            memory.advance()  # type: ignore[union-attr]

    def batch(self, k: int, rows: np.ndarray) -> Batch:
        """Member ``k``'s rows as a :class:`Batch` (what ``ReplayMemory.sample`` returns)."""
        return Batch(
            self.states[k, rows],
            self.actions[k, rows],
            self.rewards[k, rows],
            self.next_states[k, rows],
            self.dones[k, rows].astype(np.float32),
        )

    def pack(self, packed: np.ndarray, items: list) -> None:
        """Write sampled updates ``(u, Sampled, mix)`` into ``packed`` (U, K, B, width).

        All members' rows are gathered with one ``take`` per field from the flat
        (K * capacity, ...) arrays into one block of packed rows.
        """
        n = self.states.shape[2]
        b, width = len(items[0][1].rows), 2 * n + 5
        ks = [item.member for _, item, _ in items]
        # Flat row numbers: member k's row r is k * capacity + r (``take`` on a flat array
        # is several times faster than a two-dimensional fancy index).
        idx = np.concatenate([item.rows for _, item, _ in items])
        idx += self._offsets.take(ks).repeat(b)
        members = self.states.shape[0]
        direct = len(items) == members and ks == list(range(members))
        direct = direct and not any(u for u, _, _ in items)
        if direct:  # the usual call, every member's one update: straight into the input
            block = packed[0].reshape(members * b, width)
        else:
            block = np.empty((len(idx), width), np.float32)
        block[:, :n] = self._flat[0].take(idx, axis=0)
        block[:, n : 2 * n] = self._flat[1].take(idx, axis=0)
        block[:, 2 * n] = self._flat[2].take(idx)
        block[:, 2 * n + 1] = self._flat[3].take(idx)
        block[:, 2 * n + 2] = self._flat[4].take(idx)
        mixes = [mix for _, _, mix in items]
        if mixes.count(mixes[0]) == len(mixes):
            block[:, 2 * n + 3] = mixes[0]
        else:
            block[:, 2 * n + 3] = np.repeat(np.array(mixes, np.float32), b)
        block[:, 2 * n + 4] = 1.0
        if not direct:
            packed[[u for u, _, _ in items], ks] = block.reshape(len(items), b, width)


class Population:
    """K agents, K environments and their statistics, stepped in lockstep."""

    def __init__(self, configs: list[Config]) -> None:
        from dqn_lab.core.agents import make_agent, make_learner
        from dqn_lab.core.environment import env_info, make_env
        from dqn_lab.core.training import seed_everything

        check_shape(configs)
        self.configs = list(configs)
        self.info = env_info(configs[0].env_id)
        n, a, k = self.info.state_size, self.info.action_size, len(configs)
        self.learner = make_learner(configs[0], n, a, members=k)
        self.agents = []
        for member, c in enumerate(configs):
            # Each member's network starts as a solo run of its seed starts.
            seed_everything(c.seed)
            self.agents.append(make_agent(c, n, a, self.learner, member, defer_flush=True))
        self.memory: StackedMemory | None = None  # the naive agent's memory is one batch
        if configs[0].agent == "dqn":
            self.memory = StackedMemory(k, configs[0].memory_size, n)
            for member, agent in enumerate(self.agents):
                agent.memory = self.memory.member(member, agent.memory)
                agent.stack = self.memory
        self.envs = [make_env(c.env_id) for c in configs]
        # CartPoles step together (bit for bit as their own step); anything else one by one.
        self.stepper = LockstepCartPole.wrap(self.envs)
        self.statistics: list[list[dict]] = [[] for _ in configs]
        self.env_steps = [0] * k
        self.first_solved_episode: list[int | None] = [None] * k
        # [env_step, mean, min, max] of each member's periodic evaluations (Trainer.evals).
        self.evals: list[list[list[float]]] = [[] for _ in configs]
        self.wall_s = 0.0
        # Seconds the caller spent paused inside ``run``'s should_stop (the GUI's pause, the
        # unsaved-run question): left out of wall_s, as Trainer leaves its pauses out.
        self.paused_s = 0.0
        self.stopped = False  # the whole population was stopped (``run``'s should_stop)
        # Members stopped on their own (stop_member): they left the lockstep loop where they
        # were, their results so far are kept.
        self.member_stopped = [False] * k
        self._leaving = False  # a stop_member waits for the loop's next safe point
        self._policy: Any = None  # a StackedPolicy of _weights
        self._weights = np.zeros(0, np.float32)  # the latest weights the policy acts from
        self._policy_version = -1

    @property
    def size(self) -> int:
        return len(self.agents)

    def compile_ahead(self) -> None:
        """Compile the one update step now (see :meth:`dqn_lab.core.agents.Agent.compile_ahead`)."""
        self.agents[0].compile_ahead()

    def close(self) -> None:
        for env in self.envs:
            env.close()

    def stop_member(self, k: int) -> None:
        """Stop member ``k`` alone; the others go on.

        It leaves the lockstep loop at its next safe point (before the next step; called
        from ``run``'s ``should_stop`` or between two of its events, that is before any
        further step), as a solo run stops: its episode in progress is not a statistic, the
        updates it has queued are learned, and from then on it is inactive in every compiled
        call, like a member whose episodes are done. Its statistics, counters and weights
        are kept; its summary says ``stopped``. Stopping a member that has finished its
        episodes only marks it stopped.
        """
        if not 0 <= k < self.size:
            raise IndexError(f"No member {k} in a population of {self.size}.")
        if not self.member_stopped[k]:
            self.member_stopped[k] = True
            self._leaving = True

    def is_stopped(self, k: int) -> bool:
        """Member ``k`` was stopped: by :meth:`stop_member` or with the whole population."""
        return self.stopped or self.member_stopped[k]

    # -- acting -----------------------------------------------------------------------------
    def _greedy_q(self, states: np.ndarray) -> np.ndarray:
        from dqn_lab.core.model import StackedPolicy

        learner = self.learner
        if self._policy is None:
            # One (K, P) copy of the latest weights, refreshed in place, and the policy's
            # views of it, made once.
            self._weights = np.array(learner.latest, np.float32)
            self._policy = StackedPolicy.from_flat(
                self._weights, learner.shapes, self.configs[0].dueling
            )
            self._policy_version = learner.version
        elif self._policy_version != learner.version:
            np.copyto(self._weights, learner.latest)
            self._policy_version = learner.version
        return self._policy.q_values(states)

    def act(self, states: np.ndarray, members: list[int]) -> list[int]:
        """Epsilon-greedy actions of ``members`` for their rows of ``states`` (K, n).

        Each member draws from its own random stream in the same order as ``Agent.act``.
        """
        agents = self.agents
        actions = [agents[k].explores() for k in members]
        if None not in actions:
            return actions  # type: ignore[return-value]
        best = np.argmax(self._greedy_q(states), axis=1).tolist()
        return [best[k] if action is None else action for k, action in zip(members, actions)]

    # -- the loop ---------------------------------------------------------------------------
    def _reset(self, k: int, seed: int | None = None) -> np.ndarray:
        if self.stepper is not None:
            return self.stepper.reset(k, seed=seed)[0]
        return self.envs[k].reset(seed=seed)[0]

    def _step(self, members: list[int], actions: list[int]):
        """Observations (L, n) and lists of rewards, terminated and truncated flags."""
        if self.stepper is not None:
            return self.stepper.step(members, actions)
        results = [self.envs[k].step(a) for k, a in zip(members, actions)]
        return (
            np.array([r[0] for r in results], np.float32),
            [r[1] for r in results],
            [r[2] for r in results],
            [r[3] for r in results],
        )

    def _evaluate(self, k: int) -> None:
        """Member ``k``'s periodic greedy evaluation, as a solo run of its seed makes it."""
        from dqn_lab.core.training import periodic_evaluation

        row, _ = periodic_evaluation(
            self.agents[k].policy, self.configs[k], self.env_steps[k], len(self.statistics[k])
        )
        self.evals[k].append(row)

    def run(self, should_stop: Callable[[], bool] = lambda: False) -> Iterator[MemberEpisode]:
        """Train every member for its ``episodes`` (and at most ``max_env_steps`` environment
        steps); yield each finished episode.

        Per member this is :meth:`dqn_lab.core.training.Trainer.run`'s loop: the first reset
        seeds the environment, the time limit (``max_steps``) truncates,
        ``truncation_as_terminal`` says whether it counts as terminal, a greedy evaluation
        runs every ``eval_every`` environment steps (after that step's update), the queued
        updates run at every episode end, and the step budget ends a member's run, inside
        an episode if need be (that episode is then not a statistic).
        """
        from dqn_lab.core.agents import flush_group
        from dqn_lab.core.training import mean_last

        agents, configs = self.agents, self.configs
        started = time.monotonic()
        states = np.zeros((self.size, self.info.state_size), np.float32)
        t, score = [0] * self.size, [0.0] * self.size
        memory = self.memory
        # The stacked write stands for ReplayMemory.add while every member's memory is its
        # row of the stack (loading a bundle could have replaced one).
        stacked = memory is not None and all(
            a.memory is memory.memories[k] for k, a in enumerate(agents)
        )

        def running(k: int) -> bool:
            c = configs[k]
            return (
                not self.member_stopped[k]
                and len(self.statistics[k]) < c.episodes
                and not (c.max_env_steps and self.env_steps[k] >= c.max_env_steps)
            )

        budgets = any(c.max_env_steps for c in configs)
        evaluations = any(c.eval_every for c in configs)
        live = [k for k in range(self.size) if running(k)]
        rows = np.array(live, np.intp)  # ``live`` as an index array (one conversion per change)
        for k in live:
            states[k] = self._reset(k, seed=configs[k].seed)
        while live:
            if should_stop():
                self.stopped = True
                break
            if self._leaving:
                # Members stopped on their own leave here, between two steps, as a solo run
                # stops: what they queued is learned, their partial episode is dropped.
                # (One stopped between the events of a step may already be out of ``live``.)
                self._leaving = False
                stopping = [k for k in range(self.size) if self.member_stopped[k]]
                flush_group([agents[k] for k in stopping if agents[k]._queue])
                live = [k for k in live if not self.member_stopped[k]]
                rows = np.array(live, np.intp)
                if not live:
                    break
            actions = self.act(states, live)
            next_states, rewards, terminated, truncated = self._step(live, actions)
            ended, done = [], []
            for i, k in enumerate(live):
                c = configs[k]
                t[k] += 1
                self.env_steps[k] += 1
                truncated[i] = truncated[i] or t[k] >= c.max_steps
                # The notebook's old gym counted the time limit as terminal.
                done.append(terminated[i] or (truncated[i] and c.truncation_as_terminal))
                score[k] += float(rewards[i])
                if terminated[i] or truncated[i]:
                    ended.append(k)
            # Store each transition and learn (replay, target sync, epsilon decay).
            if stacked:
                memory.add(rows, states[rows], actions, next_states, rewards, done)  # type: ignore[union-attr]
                for k, reward in zip(live, rewards):
                    agents[k].stored(reward)
            else:
                for i, k in enumerate(live):
                    agents[k].train(
                        Transition(states[k], actions[i], next_states[i], rewards[i], done[i])
                    )
            states[rows] = next_states
            # A member whose budget is spent stops here, inside its episode if need be.
            spent = (
                [
                    k
                    for k in live
                    if configs[k].max_env_steps
                    and self.env_steps[k] >= configs[k].max_env_steps
                    and k not in ended
                ]
                if budgets
                else []
            )
            finishing = ended + spent
            due = (
                [
                    k
                    for k in live
                    if configs[k].eval_every and self.env_steps[k] % configs[k].eval_every == 0
                ]
                if evaluations
                else []
            )
            wanted = [agents[k] for k in live if agents[k].flush_wanted]
            if due and any(agents[k]._queue for k in finishing):
                # A solo run evaluates before its episode-end flush: run the whole calls,
                # evaluate, then the rest of the finishing members' queues.
                flush_group(wanted, complete=[])
                for k in due:
                    self._evaluate(k)
                flush_group([agents[k] for k in finishing])
            else:
                # One compiled call for every member whose updates are due; members whose
                # episode ended learn everything queued (Trainer.run's flush at episode end).
                group = wanted + [agents[k] for k in finishing if not agents[k].flush_wanted]
                flush_group(group, complete=[agents[k] for k in finishing])
                for k in due:
                    self._evaluate(k)
            if memory is not None:  # what waits for a later call is gathered before memory moves
                for k in live:
                    if agents[k]._queue:
                        agents[k].gather_queued()
            now = time.monotonic()
            self.wall_s = now - started - self.paused_s
            for k in ended:
                agent, stats = agents[k], self.statistics[k]
                loss, mean_q = agent.take_recent_metrics()
                row = dict(
                    episode=len(stats),
                    score=score[k],
                    steps=t[k],
                    epsilon=agent.epsilon,
                    loss=loss,
                    mean_q=mean_q,
                    env_steps=self.env_steps[k],
                    wall_s=self.wall_s,
                )
                stats.append(row)
                threshold = self.info.reward_threshold
                last_100 = [s["score"] for s in stats[-100:]]
                agent.episode_ended(last_100, threshold)  # solved_rate_factor's gate
                if (
                    self.first_solved_episode[k] is None
                    and threshold is not None
                    and len(stats) >= 100
                    and mean_last(last_100) >= threshold
                ):
                    self.first_solved_episode[k] = len(stats) - 1  # as Trainer counts it
                yield MemberEpisode(k, configs[k].seed, dict(row))
                t[k] = 0
                score[k] = 0.0
                if running(k):
                    states[k] = self._reset(k)
            if finishing:
                live = [k for k in live if running(k)]
                rows = np.array(live, np.intp)
        for agent in agents:
            agent.flush()
        self.wall_s = time.monotonic() - started - self.paused_s

    # -- results ----------------------------------------------------------------------------
    def summary(self, member: int) -> dict:
        """Member ``member``'s result in the shape of ``Trainer.summary()``, plus statistics."""
        from dqn_lab.core.training import eval_results, mean_last

        c, agent = self.configs[member], self.agents[member]
        scores = [s["score"] for s in self.statistics[member]]
        threshold = self.info.reward_threshold
        mean_100 = mean_last(scores)
        steps = self.env_steps[member]
        return dict(
            member=member,
            agent=c.agent,
            env=c.env_id,
            seed=c.seed,
            episodes=len(scores),
            env_steps=steps,
            updates=agent.updates,
            wall_s=round(self.wall_s, 3),
            steps_per_s=round(steps / self.wall_s, 1) if self.wall_s else 0.0,
            scores=scores,
            mean_last_100=mean_100,
            threshold=threshold,
            solved=bool(threshold is not None and len(scores) >= 100 and mean_100 >= threshold),
            first_solved_episode=self.first_solved_episode[member],
            stopped=self.is_stopped(member),
            epsilon=agent.epsilon,
            learning_rate=agent.scheduled_rate(),  # the rate its next updates would take
            rate_gate=agent.rate_gate,
            history=[],
            **eval_results(self.evals[member], threshold),
            statistics=[dict(s) for s in self.statistics[member]],
        )


def train_population(
    config: Config,
    seeds: list[int],
    *,
    configs: list[Config] | None = None,
    eval_episodes: int = 10,
    on_episode: Callable[[MemberEpisode], None] | None = None,
    should_stop: Callable[[], bool] = lambda: False,
) -> list[dict]:
    """Train ``config`` for every seed as one population; one summary per member.

    ``configs`` (one per seed, differing only in :data:`MEMBER_FIELDS`) replaces the
    per-seed copies of ``config``. Each summary is ``Trainer.summary()``'s plus the member's
    ``statistics`` and a final greedy evaluation (``eval_scores``, ``eval_mean``) of
    ``eval_episodes`` episodes on the fixed evaluation seeds (``dqn_lab.core.training.evaluate``).
    """
    from dqn_lab.core.training import evaluate

    population = Population(configs if configs is not None else member_configs(config, seeds))
    try:
        for event in population.run(should_stop):
            if on_episode is not None:
                on_episode(event)
        results = []
        for k, agent in enumerate(population.agents):
            summary = population.summary(k)
            c = population.configs[k]
            scores = (
                evaluate(agent.policy, c.env_id, eval_episodes, max_steps=c.max_steps)
                if eval_episodes > 0
                else []
            )
            summary.update(
                eval_scores=scores, eval_mean=float(np.mean(scores)) if scores else float("nan")
            )
            results.append(summary)
        return results
    finally:
        population.close()


def mean_summary(members: list[dict]) -> dict:
    """The population's mean over members (the CLI's ``mean`` entry)."""

    def mean(key: str) -> float:
        values = [m[key] for m in members if m[key] is not None]
        return float(np.mean(values)) if values else float("nan")

    wall = max((m["wall_s"] for m in members), default=0.0)
    steps = sum(m["env_steps"] for m in members)
    rates = [
        float(m["eval_pass_rate_after"])
        for m in members
        if m.get("eval_pass_rate_after") is not None
    ]
    return dict(
        size=len(members),
        seeds=[m["seed"] for m in members],
        mean_last_100=mean("mean_last_100"),
        eval_mean=mean("eval_mean"),
        episodes=mean("episodes"),
        env_steps=mean("env_steps"),
        solved=sum(bool(m["solved"]) for m in members),
        eval_passed=sum(m.get("first_eval_pass_step") is not None for m in members),
        first_eval_pass_step_median=median_first_pass(
            [m.get("first_eval_pass_step") for m in members]
        ),
        eval_pass_rate_after_mean=float(np.mean(rates)) if rates else None,
        wall_s=wall,
        agent_steps_per_s=round(steps / wall, 1) if wall else 0.0,
    )


def median_first_pass(steps: list[int | None]) -> float | None:
    """The median of the members' first evaluation passes, a member that never passed
    counting as later than any (None when the median falls on such a member)."""
    ordered = sorted(float("inf") if s is None else float(s) for s in steps)
    if not ordered:
        return None
    middle = len(ordered) // 2
    value = ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2
    return None if value == float("inf") else value


def parse_seeds(text: str) -> list[int]:
    """``"42,1,2"`` as a list of seeds; a :class:`ConfigError` for anything else."""
    try:
        seeds = [int(part) for part in text.replace(" ", "").split(",")]
    except ValueError:  # also an empty item: "1,,2" is a typo, not two seeds
        raise ConfigError(f"--seeds must be comma-separated whole numbers, not {text!r}.") from None
    if not seeds or any(not 0 <= s <= 2**31 - 1 for s in seeds):
        raise ConfigError(f"--seeds must list 1 or more seeds from 0 to 2147483647, not {text!r}.")
    twice = sorted({s for s in seeds if seeds.count(s) > 1})
    if twice:  # the same run twice would count twice in the mean over the seeds
        raise ConfigError(
            f"--seeds lists {', '.join(map(str, twice))} more than once; each seed is one run."
        )
    return seeds


def cli_train_population(config: Config, args) -> int:
    """``main.py train --seeds ...``: progress lines, one result line per member, JSON."""
    import json
    import sys

    from dqn_lab.core.json_values import json_safe

    unsupported = [
        flag
        for flag, value in (
            ("--seed", args.seed),
            ("--load", args.load),
            ("--save", args.save),
            ("--log-dir", args.log_dir),
            ("--stats-csv", args.stats_csv),
        )
        if value
    ]
    if unsupported:
        raise ConfigError(
            f"{', '.join(unsupported)} cannot be combined with --seeds yet; "
            f"train one seed at a time for those."
        )
    seeds = parse_seeds(args.seeds)

    def progress(event: MemberEpisode) -> None:
        s = event.stats
        if not args.quiet and s["episode"] % 10 == 0:
            print(
                f"seed {event.seed}: episode: {s['episode']}/{config.episodes}, "
                f"score: {s['score']:g}, steps: {s['steps']}, e: {s['epsilon']:.3f}",
                flush=True,
            )

    members = train_population(config, seeds, on_episode=progress)
    mean = mean_summary(members)
    for m in members:
        print(
            f"seed {m['seed']}: mean over last 100 episodes: {m['mean_last_100']:.2f}, "
            f"greedy evaluation mean: {m['eval_mean']:.2f}"
        )
        if m["evals"]:
            rate = m["eval_pass_rate_after"]
            print(
                f"seed {m['seed']}: {len(m['evals'])} evaluations, first pass at env step "
                f"{m['first_eval_pass_step']}, later evaluations passing: "
                f"{'-' if rate is None else f'{rate:.0%}'}"
            )
    print(
        f"Population of {mean['size']}: mean over last 100 episodes {mean['mean_last_100']:.2f}"
        f", {mean['solved']} of {mean['size']} passed, {mean['agent_steps_per_s']:.0f} "
        f"agent steps/s"
    )
    if args.json:
        print(json.dumps(json_safe(dict(members=members, mean=mean))))
    sys.stdout.flush()
    return 0


def measure_agent_steps_per_s(config: Config, members: int, steps: int) -> dict:
    """Agent steps per second of a population of ``members`` seeds of ``config``.

    Timed over ``steps`` lockstep steps once every member's replay has started (and the
    update is compiled), so each member pays for ``gradient_steps / train_freq`` updates per
    environment step; ``main.py bench`` and ``benchmarks/population.py`` report it.
    """
    configs = [config.replace(seed=config.seed + k, episodes=100_000) for k in range(members)]
    population = Population(configs)
    population.compile_ahead()
    warmup = max(config.start_replay_step, config.batch_size) + 200
    marks: dict = {}

    def stop() -> bool:
        if "t0" not in marks:
            if min(population.env_steps) >= warmup:
                marks.update(
                    t0=time.perf_counter(),
                    c0=time.process_time(),
                    s0=sum(population.env_steps),
                    n=0,
                )
            return False
        marks["n"] += 1
        if marks["n"] > steps:
            marks.update(
                t1=time.perf_counter(), c1=time.process_time(), s1=sum(population.env_steps)
            )
            return True
        return False

    try:
        for _ in population.run(stop):
            pass
    finally:
        population.close()
    agent_steps = marks["s1"] - marks["s0"]
    elapsed = marks["t1"] - marks["t0"]
    return dict(
        members=members,
        agent_steps=agent_steps,
        seconds=elapsed,
        agent_steps_per_s=agent_steps / elapsed,
        agent_steps_per_cpu_s=agent_steps / (marks["c1"] - marks["c0"]),
        updates=sum(a.updates for a in population.agents),
        replay_bytes_per_member=population.agents[0].memory.nbytes,
        learner_bytes_per_member=4 * population.learner.param_count * 4,
    )

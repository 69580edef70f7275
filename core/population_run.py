"""A population run driven step by step like a Trainer (the GUI's training thread drives it).

:class:`PopulationRun` wraps :class:`dqn_lab.core.population.Population` (K seeds of one config
in lockstep, one compiled update) for :class:`dqn_lab.gui.worker.TrainingWorker`: it turns the
core's ``MemberEpisode`` into the ``EpisodeEnd`` records the panels know, applies live changes
to every member, and gives each member a trainer-shaped view (:class:`MemberTrainer`), so
saving (``core.persistence.bundle_contents``), snapshots and greedy evaluations work on one
member exactly as on a solo run. Everything here runs on the training thread.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from dqn_lab.core.config import FIELDS, LIVE_FIELDS, Config, config_error
from dqn_lab.core.records import (
    Change,
    EpisodeEnd,
    Progress,
    RunFinished,
    SettingsChanged,
    TrainerState,
)
from dqn_lab.core.training import current_values, mean_last

# Live settings a population cannot take during a run: the core's lockstep loop does not
# read them (periodic evaluation, the step budget) or shares them across the stacked call
# (the batch size of the one compiled update).
NOT_LIVE_IN_POPULATION = ("batch_size", "eval_every", "eval_episodes", "max_env_steps")


def seeds_from(seed: int, count: int) -> list[int]:
    """``count`` seeds from ``seed`` on: seed, seed + 1, ... (kept within the seed range)."""
    high = int(FIELDS["seed"].metadata["high"])
    return [(seed + i) % (high + 1) for i in range(count)]


class MemberTrainer:
    """Member ``k`` of a population, shaped like a ``core.training.Trainer`` for saving,
    snapshots and evaluation (``config``, ``info``, ``agent``, counters, ``state()``)."""

    def __init__(self, run: PopulationRun, k: int) -> None:
        self.population_run = run
        self.member = k

    @property
    def config(self) -> Config:
        return self.population_run.population.configs[self.member]

    @property
    def info(self):
        return self.population_run.population.info

    @property
    def agent(self):
        return self.population_run.population.agents[self.member]

    @property
    def env_steps(self) -> int:
        return self.population_run.population.env_steps[self.member]

    @property
    def episode(self) -> int:
        return len(self.population_run.population.statistics[self.member])

    @property
    def history(self) -> list[Change]:
        return self.population_run.history

    def state(self) -> TrainerState:
        """What ``Trainer.state`` gives for a solo run at the same point.

        Right after an episode end the environment's RNG is the one from before its next
        reset (kept by :meth:`PopulationRun.episodes`), so a saved member continues exactly.
        """
        p, k = self.population_run.population, self.member
        stats = p.statistics[k]
        last = stats[-1]["env_steps"] if stats else 0
        mid = p.env_steps[k] != last
        reset_from = self.population_run.reset_from[k]
        if not mid and reset_from is not None:
            rng = reset_from
        elif not mid and not stats:  # nothing played yet: the first reset seeds it again
            rng = None
        else:
            rng = p.envs[k].unwrapped.np_random.bit_generator.state
        return TrainerState(
            episode=len(stats),
            env_steps=p.env_steps[k],
            wall_s=p.wall_s,
            first_solved_episode=p.first_solved_episode[k],
            env_seeded=rng is not None,
            mid_episode=mid,
            statistics=[dict(s) for s in stats],  # type: ignore[misc]
            history=[h.copy() for h in self.population_run.history],
            env_rng=rng,
        )


class PopulationRun:
    """K seeds of ``config`` trained together; see the module docstring."""

    def __init__(self, config: Config, seeds: list[int]) -> None:
        from dqn_lab.core.population import Population, member_configs

        self.population = Population(member_configs(config, seeds))
        self.seeds = [int(s) for s in seeds]
        self.history: list[Change] = []  # live changes, applied to every member
        self.reset_from: list[Any] = [None] * len(seeds)  # env RNG before the next reset
        self._last_end = [0.0] * len(seeds)  # wall_s at each member's last episode end

    @property
    def size(self) -> int:
        return self.population.size

    def member(self, k: int) -> MemberTrainer:
        return MemberTrainer(self, k)

    @property
    def config(self) -> Config:
        """The population's settings (member 0's; the members differ only in seed)."""
        return self.population.configs[0]

    @property
    def info(self):
        return self.population.info

    def compile_ahead(self) -> None:
        self.population.compile_ahead()

    def close(self) -> None:
        self.population.close()

    # -- the loop ---------------------------------------------------------------------------
    def episodes(self, should_stop: Callable[[], bool]) -> Iterator[tuple[int, EpisodeEnd]]:
        """Train every member; yield ``(member, EpisodeEnd)`` for each finished episode.

        ``should_stop`` is called between two lockstep steps (the safe point where the worker
        pauses, applies live changes and runs requests).
        """
        p = self.population
        for ev in p.run(should_stop):
            k, s = ev.member, ev.stats
            # The core yields before it resets the member's environment: keep that RNG.
            self.reset_from[k] = p.envs[k].unwrapped.np_random.bit_generator.state
            took = max(s["wall_s"] - self._last_end[k], 1e-9)
            self._last_end[k] = s["wall_s"]
            yield (
                k,
                EpisodeEnd(
                    int(s["episode"]),
                    float(s["score"]),
                    int(s["steps"]),
                    float(s["epsilon"]),
                    float(s["loss"]),
                    float(s["mean_q"]),
                    s["steps"] / took,
                    int(s["env_steps"]),
                    mean_last([r["score"] for r in p.statistics[k][-100:]]),
                    float(s["wall_s"]),
                ),
            )

    def progress(self, k: int, steps_per_s: float, elapsed_s: float) -> Progress:
        """Member ``k``'s progress inside its running episode."""
        p = self.population
        stats = p.statistics[k]
        done_steps = stats[-1]["env_steps"] if stats else 0
        agent = p.agents[k]
        return Progress(
            p.env_steps[k],
            len(stats),
            p.env_steps[k] - done_steps,
            float(agent.epsilon),
            steps_per_s,
            elapsed_s,
            agent.scheduled_rate(),
            agent.rate_gate,
        )

    def counts(self) -> tuple[tuple[int, ...], tuple[int, ...]]:
        """(env steps, finished episodes) of every member."""
        p = self.population
        return tuple(p.env_steps), tuple(len(s) for s in p.statistics)

    # -- live changes -----------------------------------------------------------------------
    def apply_changes(self, changes: dict[str, Any]) -> SettingsChanged | None:
        """Validate and apply live changes to every member (``Trainer.apply_changes``'s rules);
        a :class:`ConfigError` refuses all of them."""
        fixed = sorted(k for k in changes if k in FIELDS and k not in LIVE_FIELDS)
        if fixed:
            raise config_error("not_live", fields=tuple(fixed))
        refused = sorted(k for k in changes if k in NOT_LIVE_IN_POPULATION)
        if refused:
            raise config_error("not_live_in_population", fields=tuple(refused))
        p = self.population
        new = [c.replace(**changes) for c in p.configs]
        now = current_values(p.configs[0], p.agents[0], changes)  # (the first member's epsilon)
        diff = tuple(
            (k, now[k], getattr(new[0], k)) for k in changes if now[k] != getattr(new[0], k)
        )
        if not diff:
            return None
        for k, (agent, config) in enumerate(zip(p.agents, new)):
            agent.apply_config(config)
            if "epsilon" in changes:  # every member acts with it from now on
                agent.epsilon = float(config.epsilon)
            p.configs[k] = config  # the lockstep loop reads its members' configs each step
        env_steps, episodes = min(p.env_steps), min(len(s) for s in p.statistics)
        for key, before, value in diff:
            self.history.append(
                Change(env_steps=env_steps, episode=episodes, key=key, old=before, new=value)
            )
        return SettingsChanged(env_steps, episodes, diff)

    def summary(self) -> dict:
        """The population's result: one ``Population.summary`` per member."""
        members = []
        for k in range(self.size):
            s = self.population.summary(k)
            s["history"] = [h.copy() for h in self.history]
            members.append(s)
        return dict(
            members=members,
            stopped=self.population.stopped,
            seeds=list(self.seeds),
            wall_s=round(self.population.wall_s, 3),
            finished_at=time.time(),
        )


def member_log_name(seed: int) -> str:
    """The subfolder of a population's run log that holds member ``seed``'s log."""
    return f"seed-{int(seed)}"


class PopulationLog:
    """A population's run log: in ``folder``, one subfolder per member (``seed-42/``, ...),
    each exactly a solo run's log (:class:`dqn_lab.core.run_log.RunLogger`: ``config.json``,
    ``statistics.csv``, ``changes.csv``, ``summary.json``, TensorBoard files), so
    ``tensorboard --logdir folder`` shows every seed as a run.

    Raises :class:`dqn_lab.core.run_log.RunLogError` if a member's folder cannot be used
    (then nothing stays open). Each method returns a message the first time writing fails
    (that member's logging stops; training goes on), else None. Runs on the training thread.
    """

    def __init__(self, folder: str | Path, run: PopulationRun, tensorboard: bool = True) -> None:
        from dqn_lab.core.run_log import RunLogger

        self.folder = Path(folder).expanduser()
        self.loggers: list = []
        try:
            for seed, config in zip(run.seeds, run.population.configs):
                self.loggers.append(
                    RunLogger(self.folder / member_log_name(seed), config, tensorboard)
                )
        except Exception:
            self.close()
            raise

    @property
    def warnings(self) -> list[str]:
        """Set-up notices (e.g. TensorBoard unavailable), each once."""
        return list(dict.fromkeys(w for logger in self.loggers for w in logger.warnings))

    def episode(self, k: int, event: EpisodeEnd) -> str | None:
        """Member ``k``'s finished episode: a row of its ``statistics.csv``."""
        return self.loggers[k].handle(event)

    def settings_changed(self, event: SettingsChanged) -> str | None:
        """A live change (applied to every member): a row in each member's ``changes.csv``."""
        return _first([logger.handle(event) for logger in self.loggers])

    def finished(self, summary: dict) -> str | None:
        """``PopulationRun.summary()``: each member's ``summary.json`` (a solo run's shape)."""
        return _first(
            [
                logger.handle(RunFinished(member_summary(m)))  # type: ignore[arg-type]
                for logger, m in zip(self.loggers, summary["members"])
            ]
        )

    def close(self) -> None:
        for logger in self.loggers:
            logger.close()


def member_summary(member: dict) -> dict:
    """A member's ``Population.summary`` in the shape of a solo run's summary (no
    statistics: its ``statistics.csv`` holds them)."""
    return {k: v for k, v in member.items() if k not in ("statistics", "member")}


def _first(messages: list[str | None]) -> str | None:
    return next((m for m in messages if m), None)

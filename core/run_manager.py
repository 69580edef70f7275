"""Compare runs as Optuna studies: queue (configurations x seeds), run them, read them live.

A comparison is a compare study (:mod:`dqn_lab.core.study`): every configuration is a queued
trial in a storage whose seeds train together as one population, ``main.py worker`` processes
on this machine (or any other) run them (one process per configuration, not per seed), and
:class:`RunManager` reads each trial back as one :class:`RunRecord` per seed for the CLI table
and the GUI's compare view (the trial -> K records mapping lives here, in
:meth:`RunManager._read`). Live progress rides on Optuna's own API: about once a second a
running trial writes its seeds' new episode scores as a user attribute; a cancel is a study
user attribute that the workers read. :meth:`RunManager.poll` never blocks for long (it reads
the storage); a GUI calls it from a ``QTimer``, the CLI from :meth:`RunManager.wait`.
"""

from __future__ import annotations

import itertools
import os
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dqn_lab.core.config import AGENTS, Config, ConfigError

QUEUED, STARTING, RUNNING, EVALUATING = "queued", "starting", "running", "evaluating"
DONE, CANCELLED, FAILED = "done", "cancelled", "failed"
ACTIVE = (STARTING, RUNNING, EVALUATING)
ENDED = (DONE, CANCELLED, FAILED)


@dataclass
class RunRecord:
    """What the parent knows about one run (updated from the child's messages)."""

    run_id: int
    label: str  # the configuration's name, e.g. 'naive' or 'dqn'
    config: Config
    status: str = QUEUED
    episodes: list[dict] = field(default_factory=list)  # one dict per finished episode
    progress: dict = field(default_factory=dict)  # latest throttled progress
    summary: dict | None = None  # the Trainer's summary plus eval_scores / eval_mean
    error: str = ""
    pid: int | None = None
    started_at: float | None = None  # time.monotonic() in the parent
    ended_at: float | None = None
    cancel_requested_at: float | None = None
    live_trial: int | None = None  # the trial whose live chunks ``episodes`` holds
    live_chunks: int = 0  # how many of its ``live.N`` chunks are in ``episodes``

    @property
    def seed(self) -> int:
        return self.config.seed

    @property
    def scores(self) -> list[float]:
        return [e["score"] for e in self.episodes]

    @property
    def fraction(self) -> float:
        """Share of the run's episodes done (1.0 once it has ended)."""
        if self.status in ENDED:
            return 1.0
        return min(1.0, len(self.episodes) / max(1, self.config.episodes))

    def signature(self) -> tuple:
        """What a display shows of the run: changes when the run changes."""
        return (self.status, len(self.episodes), self.summary is not None, self.error)

    def describe(self) -> str:
        """One short line for a progress display."""
        n, total = len(self.episodes), self.config.episodes
        if self.status == QUEUED:
            return "queued"
        if self.status == STARTING:
            return "starting (loading TensorFlow)"
        if self.status == RUNNING:
            rate = self.progress.get("steps_per_s", 0.0)
            return f"episode {n}/{total}, {rate:,.0f} steps/s"
        if self.status == EVALUATING:  # its episodes are done; its population's may not be
            return f"{n} episodes done; other seeds, then greedy evaluation"
        if self.status == CANCELLED:
            return f"cancelled after {n} episodes"
        if self.status == FAILED:
            return f"failed: {self.error.splitlines()[0] if self.error else 'unknown error'}"
        wall = self.summary.get("wall_s", 0.0) if self.summary else 0.0
        return f"done: {n} episodes in {wall:.1f} s"


# -- planning a comparison: configurations x seeds -------------------------------------------
LESSON_SEEDS = 5


def seeds_from(base: int, count: int) -> list[int]:
    """``count`` seeds counting up from ``base`` (the seed's 42 first)."""
    return [base + i for i in range(count)]


#: Templates of a comparison's errors (core.messages.Message; an interface translates them).
COMPARE_MESSAGES = {
    "agents": "agents must be a comma-separated list of {known}, not {agents!r}.",
    "agents_twice": "agents lists a configuration twice: {agents!r}.",
}


def _agents_error(key: str, **values: str) -> ConfigError:
    template = COMPARE_MESSAGES[key]
    return ConfigError(template.format(**values), template=template, values=values)


def comparison_configs(agents: list[str], base: Config, **changes) -> dict[str, Config]:
    """One configuration per agent, named by the agent, over ``base`` with ``changes``."""
    bad = [a for a in agents if a not in AGENTS]
    if bad or not agents:
        raise _agents_error("agents", known=", ".join(AGENTS), agents=",".join(agents))
    if len(set(agents)) != len(agents):
        raise _agents_error("agents_twice", agents=",".join(agents))
    return {a: base.replace(**changes, agent=a) for a in agents}


def lesson_configs(episodes: int | None = None) -> dict[str, Config]:
    """The seed's lesson: the naive agent against DQN with the notebook's settings."""
    from dqn_lab.core.presets import preset

    changes = {} if episodes is None else dict(episodes=episodes)
    return comparison_configs(["naive", "dqn"], preset("seed"), **changes)


# -- the parent side: a study per queued comparison, local workers -------------------------------
_names = itertools.count()


def new_study_name(prefix: str = "compare") -> str:
    """A fresh study name: prefix, date and time, process id and a counter."""
    return f"{prefix}-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}-{next(_names)}"


@dataclass
class _Plan:
    """One queued comparison: its study, records (by pair) and its worker processes."""

    storage: str
    name: str
    study: Any
    settings: Any
    records: dict[tuple[str, int], RunRecord]
    processes: list = field(default_factory=list)
    crashes: int = 0


class RunManager:
    """Queue comparisons as studies, keep up to ``parallel`` local workers, track and cancel."""

    def __init__(
        self,
        parallel: int = 2,
        eval_episodes: int = 10,
        nice: int = 0,
        cancel_grace_s: float = 10.0,
        storage_dir: Path | str | None = None,
        storage: str | None = None,
        quiet_workers: bool = False,
    ) -> None:
        self.parallel = max(1, int(parallel))
        self.eval_episodes = eval_episodes
        self.nice = nice
        self.cancel_grace_s = cancel_grace_s
        self.storage_dir = Path(storage_dir) if storage_dir else None
        self.storage = storage  # an Optuna URL shared by every comparison, or None
        self.quiet_workers = quiet_workers
        self.records: list[RunRecord] = []
        self.plans: list[_Plan] = []
        self._next_id = 0
        self.read_interval_s = 0.25  # the storage is read at most this often
        self._last_read = 0.0

    # -- queueing -------------------------------------------------------------------------
    def add_comparison(
        self, configs: dict[str, Config], seeds: list[int], name: str | None = None
    ) -> list[RunRecord]:
        """Queue every configuration with every seed as one compare study (a trial per
        configuration; the records, one per (configuration, seed), seed by seed)."""
        from dqn_lab.core.study import (
            StudySettings,
            create_or_load,
            default_storage,
            open_storage,
        )

        for config in configs.values():
            config.validate()
        # Runs are grouped and averaged by their configuration's name: a name already given
        # to other settings (another preset or episode count), or to these settings over
        # one of these seeds, gets a number, "dqn (2)".
        named: dict[str, Config] = {}
        for label, c in configs.items():
            named[self._distinct_label(label, c, seeds, taken=set(named))] = c
        configs = named
        name = name or new_study_name()
        storage = self.storage or os.path.realpath(default_storage(name, self.storage_dir))
        base = next(iter(configs.values()))
        settings = StudySettings(
            "compare",
            base,
            seeds=tuple(int(s) for s in seeds),
            eval_episodes=int(self.eval_episodes),
            sampler="random",
            pruner="none",
            configs=dict(configs),
        )
        study, settings = create_or_load(open_storage(storage), name, settings)
        return self._add_plan(storage, name, study, settings, {k: k for k in settings.configs})

    def open_comparison(self, storage: str, name: str) -> list[RunRecord]:
        """Show comparison ``name`` from its storage (one this or another process queued):
        its runs as the study holds them. Runs still queued in it (and the running trials
        of a worker that died, queued again) are run here, as queued ones are; a tune
        study is refused with a :class:`StudyError`."""
        from dqn_lab.core.study import (
            create_or_load,
            is_url,
            open_storage,
            recover_stale_trials,
            study_error,
        )

        if not is_url(storage):  # a journal file: the same file however it is spelled
            storage = os.path.realpath(os.path.expanduser(storage))
        for plan in self.plans:
            if plan.storage == storage and plan.name == name:  # on screen already
                shown = {id(r) for r in self.records}
                self.records += [r for r in plan.records.values() if id(r) not in shown]
                self._read(plan)
                return list(plan.records.values())
        study, settings = create_or_load(open_storage(storage, create=False), name, None)
        if settings.kind != "compare":
            raise study_error("not_compare", name=name)
        recover_stale_trials(study)  # a worker that died mid-trial left it "running"
        shown_as: dict[str, str] = {}
        for label, config in settings.configs.items():
            # grouped under a name of its own if that name shows other settings here
            shown_as[label] = self._distinct_label(
                label, config, list(settings.seeds), set(shown_as.values())
            )
        return self._add_plan(storage, name, study, settings, shown_as)

    def _add_plan(
        self, storage: str, name: str, study, settings, shown_as: dict[str, str]
    ) -> list[RunRecord]:
        """Track compare study ``name``: a record per (configuration, seed), seed by seed,
        each shown under ``shown_as[configuration]``; read its trials once."""
        records = {}
        for seed in settings.seeds:
            for label, config in settings.configs.items():
                rec = RunRecord(self._next_id, shown_as[label], config.replace(seed=seed))
                self._next_id += 1
                records[(label, seed)] = rec  # the study's name: its trials are found by it
        plan = _Plan(storage, name, study, settings, records)
        self.plans.append(plan)
        self.records += list(records.values())
        self._read(plan)
        return list(records.values())

    def _distinct_label(
        self, label: str, config: Config, seeds: list[int], taken: set[str] | None = None
    ) -> str:
        """``label``, or ``label (2)``, ... when runs under it here have other settings or
        already cover one of ``seeds`` (a seed would count twice in the mean), or when
        another configuration of the same batch took it."""
        same = config.replace(seed=0)
        wanted = {int(s) for s in seeds}
        n, candidate = 1, label
        while candidate in (taken or set()) or any(
            r.label == candidate and (r.config.replace(seed=0) != same or r.seed in wanted)
            for r in self.records
        ):
            n += 1
            candidate = f"{label} ({n})"
        return candidate

    def add(self, label: str, config: Config) -> RunRecord:
        """Queue one run of ``config`` under ``label`` (a comparison of one)."""
        return self.add_comparison({label: config}, [config.seed])[0]

    def clear_ended(self) -> None:
        """Forget runs that have ended (the queue and active runs stay)."""
        self.records = [r for r in self.records if r.status not in ENDED]

    @property
    def busy(self) -> bool:
        """True while a run is queued or running, or a worker process has not ended."""
        return any(p.poll() is None for plan in self.plans for p in plan.processes) or any(
            r.status in (QUEUED, *ACTIVE) for r in self.records
        )

    def active(self) -> list[RunRecord]:
        return [r for r in self.records if r.status in ACTIVE]

    def alive_processes(self) -> list:
        return [p for plan in self.plans for p in plan.processes if p.poll() is None]

    # -- the poll: read the studies, start workers, reap them -----------------------------------
    def poll(self) -> list[RunRecord]:
        """Read every study's trials; returns the records that changed."""
        changed: dict[int, RunRecord] = {}
        now = time.monotonic()
        read = now - self._last_read >= self.read_interval_s
        if read:
            self._last_read = now
        free = self.parallel - len(self.alive_processes())
        for plan in self.plans:
            before = {id(r): r.signature() for r in plan.records.values()}
            self._reap(plan)
            if read:
                self._read(plan)
            self._enforce_cancel(plan, now)
            # One worker per queued configuration (its trial trains all its seeds).
            waiting = len({label for (label, _), r in plan.records.items() if r.status == QUEUED})
            alive = sum(p.poll() is None for p in plan.processes)
            while free > 0 and waiting > alive and plan.crashes < 3:
                self._start_worker(plan)
                free, alive = free - 1, alive + 1
            if plan.crashes >= 3 and not any(p.poll() is None for p in plan.processes):
                for rec in plan.records.values():
                    if rec.status == QUEUED:
                        rec.status, rec.error = FAILED, "its worker process kept failing"
                        rec.ended_at = now
            for rec in plan.records.values():
                if before.get(id(rec)) != rec.signature():
                    changed[rec.run_id] = rec
        return list(changed.values())

    def _start_worker(self, plan: _Plan) -> None:
        from dqn_lab.core.study import spawn_worker

        # Workers keep stdout quiet (it carries the CLI's results); their stderr shows real
        # errors only (TensorFlow's notices are silenced in the worker's environment).
        err = subprocess.DEVNULL if self.quiet_workers else None
        plan.processes.append(
            spawn_worker(
                plan.storage,
                plan.name,
                quiet=True,
                stdout=subprocess.DEVNULL,
                stderr=err,
                nice=self.nice,
            )
        )

    def _reap(self, plan: _Plan) -> None:
        for p in list(plan.processes):
            code = p.poll()
            if code is not None:
                plan.processes.remove(p)
                if code not in (0, -15):
                    plan.crashes += 1

    def _read(self, plan: _Plan) -> None:
        """Bring the plan's records up to date with its study's trials: the latest trial of
        each configuration gives each of its seeds' records."""
        from dqn_lab.core.study import _cancelled

        labels = {label for label, _ in plan.records}
        latest: dict[str, Any] = {}
        for t in plan.study.get_trials(deepcopy=False):
            # (a queued trial holds its configuration in its fixed parameters: a retry of
            # a dead worker's trial is the latest of its configuration before it starts)
            fixed = t.system_attrs.get("fixed_params") or {}
            label = t.params.get("configuration", fixed.get("configuration"))
            if label in labels and (label not in latest or t.number > latest[label].number):
                latest[label] = t
        cancelled = {tuple(p) for p in _cancelled(plan.study)}
        now = time.monotonic()
        for (label, seed), rec in plan.records.items():
            trial = latest.get(label)
            trained = list(plan.settings.seeds)
            if trial is not None and isinstance(trial.user_attrs.get("trained_seeds"), list):
                trained = trial.user_attrs["trained_seeds"]
            # The population stops only once every seed it trains is cancelled; before that a
            # cancelled member stops alone in the worker (within CANCEL_POLL_S) while the
            # others train on, and its record ends here at once.
            stops = all((label, s) in cancelled for s in trained)
            update_record(rec, trial, (label, seed) in cancelled, now, stops)

    def _enforce_cancel(self, plan: _Plan, now: float) -> None:
        """A worker that has not stopped a cancelled run in time is terminated (last resort)."""
        late = [
            r
            for r in plan.records.values()
            if r.status in ACTIVE
            and r.cancel_requested_at is not None
            and now - r.cancel_requested_at > self.cancel_grace_s
        ]
        if late:
            for p in plan.processes:
                if p.poll() is None and p.pid in {r.pid for r in late}:
                    p.terminate()
            for r in late:
                r.status, r.ended_at = CANCELLED, now
                r.error = "terminated after the cancel grace period"

    # -- cancelling and ending --------------------------------------------------------------
    def cancel(self, run_id: int) -> None:
        """Cancel one run: a queued run is dropped, a running one asked to stop."""
        for plan in self.plans:
            for key, rec in plan.records.items():
                if rec.run_id == run_id and rec.status not in ENDED:
                    self._cancel(plan, [key])

    def _cancel(self, plan: _Plan, keys: list) -> None:
        from dqn_lab.core.study import cancel_pairs

        now = time.monotonic()
        cancel_pairs(plan.study, keys)
        for key in keys:
            rec = plan.records[key]
            if rec.status == QUEUED:
                rec.status, rec.ended_at = CANCELLED, now
            elif rec.status in ACTIVE and rec.cancel_requested_at is None:
                rec.cancel_requested_at = now
        self._read(plan)  # a member of a population that goes on ends here at once

    def cancel_all(self) -> None:
        for plan in self.plans:
            keys = [k for k, r in plan.records.items() if r.status not in ENDED]
            if keys:
                self._cancel(plan, keys)

    def wait(
        self,
        timeout: float | None = None,
        interval: float = 0.25,
        on_change: Callable[[list[RunRecord]], None] | None = None,
    ) -> bool:
        """Poll until every run has ended (True) or ``timeout`` seconds passed (False)."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            changed = self.poll()
            if changed and on_change is not None:
                on_change(changed)
            if not self.busy:
                return True
            if deadline is not None and time.monotonic() > deadline:
                return False
            time.sleep(interval)

    def shutdown(self, timeout: float = 3.0) -> None:
        """Cancel everything, give the workers ``timeout`` seconds, then terminate them."""
        self.cancel_all()
        deadline = time.monotonic() + timeout
        while self.alive_processes() and time.monotonic() < deadline:
            time.sleep(0.05)
        for p in self.alive_processes():
            p.terminate()
            try:
                p.wait(timeout=2.0)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait(timeout=2.0)
        for plan in self.plans:
            self._reap(plan)
            self._read(plan)
            now = time.monotonic()
            for rec in plan.records.values():  # nothing runs any more
                if rec.status not in ENDED:
                    rec.status, rec.ended_at = CANCELLED, now

    def __enter__(self) -> RunManager:
        return self

    def __exit__(self, *exc) -> None:
        self.shutdown()


def _seed_entry(value: Any, seed: int) -> dict:
    """The entry for ``seed`` in a trial's per-seed list (its ``seeds`` results), or {}."""
    if isinstance(value, list):
        for entry in value:
            if isinstance(entry, dict) and entry.get("seed") == seed:
                return entry
    return {}


def update_record(
    rec: RunRecord, trial, cancelled: bool, now: float, trial_stops: bool = True
) -> None:
    """Copy what a trial says about ``rec``'s seed into it: state, live episodes, summary.

    ``trial_stops``: a cancel of this seed stops the trial (every seed it trains is
    cancelled); otherwise only the member stops in its population and the record ends now.
    """
    from optuna.trial import TrialState

    if trial is None or (cancelled and rec.status in ENDED):
        # A cancelled run stays cancelled, even while a terminated worker's trial still says
        # RUNNING in the storage.
        if cancelled and rec.status not in ENDED:
            rec.status, rec.ended_at = CANCELLED, rec.ended_at or now
        return
    from dqn_lab.core.study import live_episodes

    attrs = trial.user_attrs
    if rec.live_trial != trial.number:  # a retried trial starts its episodes afresh
        rec.live_trial, rec.live_chunks, rec.episodes = trial.number, 0, []
    new, rec.live_chunks = live_episodes(attrs, rec.seed, rec.live_chunks)
    if new:
        first = len(rec.episodes)
        rec.episodes = rec.episodes + [dict(e, episode=first + i) for i, e in enumerate(new)]
    beat = attrs.get("heartbeat")
    if isinstance(beat, dict) and isinstance(beat.get("pid"), int):
        rec.pid = beat["pid"]
    state = trial.state
    if state == TrialState.WAITING:
        status = CANCELLED if cancelled else QUEUED
    elif state == TrialState.RUNNING:
        if not rec.episodes:
            status = STARTING
        elif len(rec.episodes) >= rec.config.episodes:
            status = EVALUATING
        else:
            status = RUNNING
        if rec.started_at is None:
            rec.started_at = _monotonic(trial.datetime_start, now)
        if rec.episodes:
            last = rec.episodes[-1]
            rec.progress = dict(steps_per_s=last["env_steps"] / max(last["wall_s"], 1e-9))
        if cancelled and not trial_stops:
            status = CANCELLED
    elif state == TrialState.COMPLETE:
        status = DONE if _seed_entry(attrs.get("seeds"), rec.seed) and not cancelled else CANCELLED
        health = _seed_entry(attrs.get("seeds"), rec.seed).get("health_error")
        if isinstance(health, str):  # done, but its weights froze at the last good state
            rec.error = health[:300]
    elif state == TrialState.PRUNED:
        status = CANCELLED
    else:
        status = FAILED
        rec.error = attrs.get("error") or "the run failed"
    if status in ENDED and rec.status not in ENDED or status in ENDED and rec.summary is None:
        rec.ended_at = _monotonic(trial.datetime_complete, now)
        if rec.started_at is None and trial.datetime_start:
            rec.started_at = _monotonic(trial.datetime_start, now)
        result = _seed_entry(attrs.get("seeds"), rec.seed)
        evals = list(result.get("eval_scores", []))
        rec.summary = dict(
            scores=[e["score"] for e in rec.episodes],
            wall_s=result.get("wall_s", rec.episodes[-1]["wall_s"] if rec.episodes else 0.0),
            eval_scores=evals,
            eval_mean=sum(evals) / len(evals) if evals else None,
            stopped=status != DONE,
        )
    rec.status = status


def _monotonic(when, now: float) -> float:
    """A trial's wall-clock datetime on this process's monotonic clock (``now`` if unknown)."""
    return now - (time.time() - when.timestamp()) if when is not None else now

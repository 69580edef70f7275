"""Run many training runs in worker processes: a queue, a progress record per run, cancel.

Each run is one child process (``multiprocessing`` 'spawn' context: TensorFlow is not
fork-safe) that trains a :class:`core.training.Trainer` headless with one TensorFlow thread,
then evaluates the final greedy policy. The child sends plain dicts through its own
``multiprocessing.Queue`` (one queue per run, so terminating one child as a last resort
cannot corrupt the others' messages). :meth:`RunManager.poll` never blocks: a GUI calls it
from a ``QTimer``, the CLI from :meth:`RunManager.wait`. Cancelling sets the run's
``Event``; the child stops its :class:`TrainingControl` at the next progress event (~20 Hz)
and the parent terminates it if it has not ended after a grace period.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import queue as queue_module
import time
from dataclasses import dataclass, field
from typing import Any, Callable

from core.config import AGENTS, Config, ConfigError

QUEUED, STARTING, RUNNING, EVALUATING = "queued", "starting", "running", "evaluating"
DONE, CANCELLED, FAILED = "done", "cancelled", "failed"
ACTIVE = (STARTING, RUNNING, EVALUATING)
ENDED = (DONE, CANCELLED, FAILED)
CHILD_PROGRESS_INTERVAL_S = 0.25


@dataclass
class RunRecord:
    """What the parent knows about one run (updated from the child's messages)."""

    run_id: int
    label: str                 # the configuration's name, e.g. 'naive' or 'dqn'
    config: Config
    status: str = QUEUED
    episodes: list[dict] = field(default_factory=list)   # one dict per finished episode
    progress: dict = field(default_factory=dict)         # latest throttled progress
    summary: dict | None = None   # the Trainer's summary plus eval_scores / eval_mean
    error: str = ""
    pid: int | None = None
    started_at: float | None = None     # time.monotonic() in the parent
    ended_at: float | None = None
    cancel_requested_at: float | None = None

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
        if self.status == EVALUATING:
            return "greedy evaluation"
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


def comparison_configs(agents: list[str], base: Config, **changes) -> dict[str, Config]:
    """One configuration per agent, named by the agent, over ``base`` with ``changes``."""
    bad = [a for a in agents if a not in AGENTS]
    if bad or not agents:
        raise ConfigError(f"agents must be a comma-separated list of {', '.join(AGENTS)}, "
                          f"not {','.join(agents)!r}.")
    if len(set(agents)) != len(agents):
        raise ConfigError(f"agents lists a configuration twice: {','.join(agents)!r}.")
    return {a: base.replace(**changes, agent=a) for a in agents}


def lesson_configs(episodes: int | None = None) -> dict[str, Config]:
    """The seed's lesson: the naive agent against DQN with the notebook's settings."""
    from core.presets import preset

    changes = {} if episodes is None else dict(episodes=episodes)
    return comparison_configs(["naive", "dqn"], preset("seed"), **changes)


# -- the child process ----------------------------------------------------------------------
def _child_main(run_id: int, config_dict: dict, out, cancel, eval_episodes: int,
                nice: int) -> None:
    """Entry point of a run's process: train, evaluate, report; every error is a message."""
    import signal
    import sys
    import traceback

    signal.signal(signal.SIGINT, signal.SIG_IGN)   # the parent decides when to stop
    sys.stdout = sys.stderr                          # keep the parent's stdout for results
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    parent = os.getppid()

    def send(kind: str, **data: Any) -> None:
        out.put(dict(run=run_id, kind=kind, **data))

    def should_stop() -> bool:   # cancelled, or the parent died (never train as an orphan)
        return cancel.is_set() or os.getppid() != parent

    try:
        if nice:
            os.nice(nice)
        send("started", pid=os.getpid())
        _child_run(config_dict, eval_episodes, send, should_stop)
    except BaseException as exc:
        text = str(exc) if isinstance(exc, ValueError) else f"{type(exc).__name__}: {exc}"
        send("error", message=text, traceback=traceback.format_exc())
    out.close()
    out.join_thread()   # flush the messages, then skip TensorFlow's slow interpreter teardown
    sys.stderr.flush()
    os._exit(0)


def _child_run(config_dict: dict, eval_episodes: int, send: Callable[..., None],
               should_stop: Callable[[], bool]) -> None:
    """Train headless with one TensorFlow thread, evaluate greedily, send plain dicts."""
    import tensorflow as tf   # before any model: one thread each, so N processes share N cores

    tf.config.threading.set_intra_op_parallelism_threads(1)
    tf.config.threading.set_inter_op_parallelism_threads(1)
    from core.records import EpisodeEnd, Progress, RunFinished
    from core.training import Trainer, evaluate

    if should_stop():
        send("cancelled")
        return
    trainer = Trainer(Config.from_dict(config_dict))
    control, last, summary, scores = trainer.control, 0.0, {}, []
    send("running")
    try:
        for ev in trainer.run():
            if should_stop():
                control.stop()
            if isinstance(ev, EpisodeEnd):
                send("episode", episode=ev.episode, score=ev.score, steps=ev.steps,
                     env_steps=ev.env_steps, epsilon=ev.epsilon, loss=ev.loss,
                     mean_q=ev.mean_q, mean_100=ev.mean_100, wall_s=ev.elapsed_s)
            elif isinstance(ev, Progress) and ev.elapsed_s - last >= CHILD_PROGRESS_INTERVAL_S:
                last = ev.elapsed_s
                send("progress", env_steps=ev.env_steps, episode=ev.episode,
                     steps_per_s=ev.steps_per_s, epsilon=ev.epsilon, wall_s=ev.elapsed_s)
            elif isinstance(ev, RunFinished):
                summary = ev.summary
        if not summary.get("stopped") and eval_episodes > 0:
            send("evaluating")
            scores = evaluate(trainer.agent.policy, trainer.config.env_id, eval_episodes,
                              max_steps=trainer.config.max_steps, should_stop=should_stop)
    finally:
        trainer.close()
    send("finished", summary=dict(summary, eval_scores=scores,
                                  eval_mean=sum(scores) / len(scores) if scores else None,
                                  stopped=bool(summary.get("stopped") or should_stop())))


# -- the parent side ------------------------------------------------------------------------
@dataclass
class _Slot:
    process: Any
    queue: Any
    cancel: Any
    record: RunRecord


class RunManager:
    """Queue runs, run up to ``parallel`` at once in child processes, track and cancel them."""

    def __init__(self, parallel: int = 2, eval_episodes: int = 10, nice: int = 0,
                 cancel_grace_s: float = 10.0) -> None:
        self.parallel = max(1, int(parallel))
        self.eval_episodes = eval_episodes
        self.nice = nice
        self.cancel_grace_s = cancel_grace_s
        self.records: list[RunRecord] = []
        self._slots: dict[int, _Slot] = {}
        self._next_id = 0
        self._ctx = mp.get_context("spawn")

    # -- queueing -------------------------------------------------------------------------
    def add(self, label: str, config: Config) -> RunRecord:
        """Queue one run of ``config`` under the configuration name ``label``."""
        config.validate()
        record = RunRecord(self._next_id, label, config)
        self._next_id += 1
        self.records.append(record)
        return record

    def add_comparison(self, configs: dict[str, Config], seeds: list[int]) -> list[RunRecord]:
        """Queue every configuration with every seed, seed by seed (first results come early)."""
        return [self.add(label, config.replace(seed=seed))
                for seed in seeds for label, config in configs.items()]

    def clear_ended(self) -> None:
        """Forget runs that have ended (the queue and active runs stay)."""
        self.records = [r for r in self.records if r.status not in ENDED]

    @property
    def busy(self) -> bool:
        """True while a run is queued or a child process has not been collected yet."""
        return bool(self._slots) or any(r.status == QUEUED for r in self.records)

    def active(self) -> list[RunRecord]:
        return [slot.record for slot in self._slots.values()]

    def alive_processes(self) -> list:
        return [s.process for s in self._slots.values() if s.process.is_alive()]

    # -- the poll: read messages, notice ended processes, start queued runs --------------------
    def poll(self) -> list[RunRecord]:
        """Process what arrived (never blocks); returns the records that changed."""
        changed: dict[int, RunRecord] = {}
        now = time.monotonic()
        for run_id, slot in list(self._slots.items()):
            if self._drain(slot):
                changed[run_id] = slot.record
            rec = slot.record
            if (rec.cancel_requested_at is not None and slot.process.is_alive()
                    and now - rec.cancel_requested_at > self.cancel_grace_s):
                slot.process.terminate()   # last resort: the child did not stop in time
                rec.error = "terminated after the cancel grace period"
            if not slot.process.is_alive():
                self._drain(slot)
                self._retire(slot, now)
                changed[run_id] = rec
        for rec in self.records:
            if len(self._slots) >= self.parallel:
                break
            if rec.status == QUEUED:
                self._start(rec)
                changed[rec.run_id] = rec
        return list(changed.values())

    def _start(self, rec: RunRecord) -> None:
        ctx = self._ctx
        out, cancel = ctx.Queue(), ctx.Event()
        process = ctx.Process(target=_child_main, name=f"dqn-lab-run-{rec.run_id}",
                              args=(rec.run_id, rec.config.to_dict(), out, cancel,
                                    self.eval_episodes, self.nice), daemon=True)
        rec.status, rec.started_at = STARTING, time.monotonic()
        process.start()
        rec.pid = process.pid
        self._slots[rec.run_id] = _Slot(process, out, cancel, rec)

    def _drain(self, slot: _Slot) -> bool:
        rec, got = slot.record, False
        while True:
            try:
                msg = slot.queue.get_nowait()
            except queue_module.Empty:
                return got
            except Exception:   # a queue broken by terminating its child: nothing more to read
                return got
            got = True
            self._handle(rec, msg)

    @staticmethod
    def _handle(rec: RunRecord, msg: dict) -> None:
        kind = msg["kind"]
        if kind == "episode":
            rec.episodes.append({k: v for k, v in msg.items() if k not in ("run", "kind")})
        elif kind == "progress":
            rec.progress = {k: v for k, v in msg.items() if k not in ("run", "kind")}
        elif kind == "running":
            rec.status = RUNNING
        elif kind == "evaluating":
            rec.status = EVALUATING
        elif kind == "finished":
            rec.summary = msg["summary"]
            rec.status = CANCELLED if msg["summary"].get("stopped") else DONE
        elif kind == "cancelled":
            rec.status = CANCELLED
        elif kind == "error":
            rec.status, rec.error = FAILED, msg["message"]
            rec.summary = dict(traceback=msg.get("traceback", ""))

    def _retire(self, slot: _Slot, now: float) -> None:
        rec = slot.record
        slot.process.join(timeout=1.0)
        if rec.status not in ENDED:   # the process ended without a final message
            if rec.cancel_requested_at is not None:
                rec.status = CANCELLED
            else:
                rec.status = FAILED
                rec.error = (f"the run's process ended with exit code "
                             f"{slot.process.exitcode} before sending a result")
        rec.ended_at = now
        slot.queue.close()
        if not slot.process.is_alive():
            slot.process.close()
        del self._slots[rec.run_id]

    # -- cancelling and ending --------------------------------------------------------------
    def cancel(self, run_id: int) -> None:
        """Cancel one run: a queued run is dropped, a running one asked to stop."""
        for rec in self.records:
            if rec.run_id != run_id or rec.status in ENDED:
                continue
            if rec.status == QUEUED:
                rec.status, rec.ended_at = CANCELLED, time.monotonic()
            elif rec.cancel_requested_at is None and run_id in self._slots:
                rec.cancel_requested_at = time.monotonic()
                self._slots[run_id].cancel.set()

    def cancel_all(self) -> None:
        for rec in self.records:
            self.cancel(rec.run_id)

    def wait(self, timeout: float | None = None, interval: float = 0.05,
             on_change: Callable[[list[RunRecord]], None] | None = None) -> bool:
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
        """Cancel everything, give the children ``timeout`` seconds, then terminate them."""
        self.cancel_all()
        deadline = time.monotonic() + timeout
        while self._slots and time.monotonic() < deadline:
            self.poll()
            time.sleep(0.02)
        for slot in list(self._slots.values()):
            if slot.process.is_alive():
                slot.process.terminate()
                slot.process.join(timeout=2.0)
            if slot.process.is_alive():
                slot.process.kill()
                slot.process.join(timeout=2.0)
            self._drain(slot)
            self._retire(slot, time.monotonic())

    def __enter__(self) -> "RunManager":
        return self

    def __exit__(self, *exc) -> None:
        self.shutdown()

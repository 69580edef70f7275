"""The one file that crosses threads: a training worker on a ``QThread`` and its session.

``TrainingWorker`` (a ``QObject`` moved to a ``QThread``) builds the core :class:`Trainer`
on the worker thread, so TensorFlow is imported and used there only, and iterates
``trainer.run()``, turning the core's events into Qt signals. There is no event loop in the
busy worker thread, so the GUI never calls its slots: it talks to it only through the
thread-safe :class:`TrainingControl` (stop, pause/resume, the ``change`` mailbox and
``request(fn)``). Everything emitted is immutable or a fresh copy. Every exception is
emitted as ``errored`` (message, traceback), and ``finished`` always follows.

Signals are throttled: progress ~20 Hz, snapshots ~2 Hz, and finished episodes in batches
(``episodes``: every episode, in order, at most ~20 batches a second, and at once at a safe
point (pause, live change, request) and when the run ends). Each queued signal costs the
GUI thread a wait for the GIL, and before learning starts CartPole episodes end several
hundred times a second.

``TrainingSession`` owns one worker, its thread and its control for the run model: start,
pause, resume, stop, live changes, evaluation, and a ``shutdown`` that waits for the thread.
"""

from __future__ import annotations

import os
import sys
import threading
import time
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot

from dqn_lab.core.config import Config
from dqn_lab.core.records import (
    EVAL_SEED,
    ChangeRejected,
    EpisodeEnd,
    Evaluation,
    Progress,
    RunFinished,
    SettingsChanged,
    Snapshot,
)
from dqn_lab.core.training import TrainingControl, evaluate_ends
from dqn_lab.gui.i18n import error_text, translate

SNAPSHOT_INTERVAL_S = 0.5
EPISODE_BATCH_S = 0.05  # episodes ending faster than this are sent together
SHOWN_TIMEOUT_S = 1.0  # the longest the loop waits for the window to draw a new run
BACKGROUND_NICE = 5  # how much lower than the GUI thread a background thread runs (Linux)
EVAL_EPISODES = 10


def lower_this_thread_priority(step: int = BACKGROUND_NICE) -> bool:
    """Make the calling thread (and the threads it starts, e.g. XLA's compiler pool) ``step``
    nice levels lower than now, so the GUI thread wins a contended CPU.

    With a core free for each thread it changes nothing. When the CPUs are contended (XLA
    compiling on several threads as replay starts, other programs), the GUI thread no longer
    waits behind them for a CPU, so the window stays responsive.
    Linux gives every thread its own nice value; elsewhere this does nothing (False).
    """
    if not sys.platform.startswith("linux"):
        return False
    try:
        tid = threading.get_native_id()
        os.setpriority(os.PRIO_PROCESS, tid, min(19, os.getpriority(os.PRIO_PROCESS, tid) + step))
        return True
    except (OSError, AttributeError):
        return False


def crash_text(exc: BaseException) -> str:
    """The one line an error dialog shows for an unexpected ``exc``: its type and message."""
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


def evaluate_trainer(
    trainer, episodes: int, seed: int, control: TrainingControl, errored: Signal
) -> tuple[list[float], dict[str, int]]:
    """Greedy scores of the trainer's current policy and how its episodes ended
    (``core.training.evaluate_ends``; on the training thread, at a safe point); a failure
    is emitted on ``errored`` and gives no scores."""
    try:
        return evaluate_ends(
            trainer.agent.policy,
            trainer.config.env_id,
            episodes,
            seed,
            trainer.config.max_steps,
            should_stop=lambda: control.stopped,
        )
    except Exception as exc:  # noqa: BLE001 - reported, the run goes on
        message = translate("Worker", "Evaluation failed: {0}").format(error_text(exc))
        errored.emit(message, traceback.format_exc())
        return [], {}


def new_trainer(config: Config, control: TrainingControl):
    """The default factory: a fresh :class:`dqn_lab.core.training.Trainer` (on the training
    thread)."""
    from dqn_lab.core.training import Trainer  # the agent (TensorFlow) is built on this thread

    return Trainer(config, control)


def make_snapshot(trainer) -> Snapshot:
    """The worker's view of the agent for the panels (fresh copies and a frozen policy)."""
    agent = trainer.agent
    return Snapshot(
        replay=agent.memory.stats(trainer.info.action_size),
        histograms=agent.memory.histograms(),
        policy=agent.policy,
        counters=agent.counters(),
        kind=agent.kind,
        env_id=trainer.config.env_id,
        env_steps=trainer.env_steps,
        episode=trainer.episode,
    )


class TrainingWorker(QObject):
    """Runs one training run on the thread it is moved to; see the module docstring."""

    ready = Signal(object)  # dict(config, info, architecture)
    progress = Signal(object)  # core Progress (~20 Hz)
    episodes = Signal(object)  # tuple of core EpisodeEnd, in order (<= ~20 Hz)
    settings_changed = Signal(object)  # core SettingsChanged
    change_rejected = Signal(object)  # the message: a str (core.messages.Message)
    snapshot = Signal(object)  # make_snapshot() dict, at most ~2 Hz
    evaluation = Signal(object)  # (episode, scores[, ends]): ends on demand (evaluate_ends)
    errored = Signal(str, str)  # message, traceback
    finished = Signal(object)  # summary dict, or None after an error
    # A population (``seeds``): finished episodes of every member, in batches like
    # ``episodes``: a tuple of (member, EpisodeEnd).
    member_episodes = Signal(object)
    # ~20 Hz: (env steps per member, episodes per member, elapsed s, agent steps/s)
    population_progress = Signal(object)
    # At the end: one (snapshot, bundle contents or None) per member, for showing and saving.
    population_final = Signal(object)

    def __init__(
        self,
        config: Config,
        control: TrainingControl | None = None,
        trainer_factory: Callable[[Config, TrainingControl], Any] | None = None,
        snapshot_interval_s: float = SNAPSHOT_INTERVAL_S,
        seeds: list[int] | None = None,
    ) -> None:
        super().__init__()
        self.config = config
        # Two or more seeds: a population (gui.population_run) instead of the solo trainer.
        self.seeds = list(seeds) if seeds and len(seeds) > 1 else None
        # The member whose progress and snapshots are sent (written by the GUI thread; a
        # plain int is read atomically) and a request for a snapshot of it at once.
        self.selected = 0
        self.snapshot_wanted = False
        # The ended population's (snapshot, contents) per member, also for a model that
        # joins the thread before the queued ``population_final`` arrives.
        self.final_members: list | None = None
        self.control = control or TrainingControl()
        self._factory = trainer_factory or new_trainer
        self._snapshot_interval_s = snapshot_interval_s
        # Set by the window once it has drawn the new run (hold_until_shown); the loop waits
        # for it after ``ready``, at most SHOWN_TIMEOUT_S: the window's first redraw of every
        # panel is then not slowed by a training thread that holds the GIL.
        self.shown = threading.Event()
        self.shown.set()
        self.shown_timeout_s = SHOWN_TIMEOUT_S
        self._last_episodes = 0.0
        # Nice levels below the GUI thread for this run's thread (View > Training priority;
        # 0: the same priority as the window).
        self.background_nice = 0
        # A population: ``open_log(run)`` (called on the training thread) gives its run log
        # (gui.run_hooks.HookedPopulationLog) or None; None: not logged.
        self.open_log: Callable[[Any], Any] | None = None
        self._population_log: Any = None

    def select(self, member: int) -> None:
        """A population: send ``member``'s progress and snapshots from now on (any thread)."""
        self.selected = member
        self.snapshot_wanted = True

    @Slot()
    def run(self) -> None:
        """Build the trainer here, on the worker thread, and run it to the end."""
        if self.seeds is not None:
            self._run_population()
            return
        summary: dict | None = None
        trainer = None
        pending: list[EpisodeEnd] = []
        if self.background_nice > 0:
            lower_this_thread_priority(self.background_nice)
        try:
            # TensorFlow's own objects are frozen for the garbage collector once imported
            # (core.tf_loader): the GUI thread's collections walk only the run's (~25k).
            trainer = self._factory(self.config, self.control)
            agent = getattr(trainer, "agent", None)
            if hasattr(agent, "compile_ahead"):  # the XLA compile now, not at replay start
                agent.compile_ahead()
            from dqn_lab.core.model import model_summary

            self.ready.emit(
                dict(
                    config=trainer.config,
                    info=trainer.info,
                    architecture=model_summary(trainer.agent.model),
                )
            )
            self.snapshot.emit(make_snapshot(trainer))
            self.shown.wait(self.shown_timeout_s)
            last_snapshot = self._last_episodes = time.monotonic()
            for ev in trainer.run():
                if isinstance(ev, EpisodeEnd):
                    # Episodes travel in batches: every queued signal makes the GUI thread
                    # wait for the GIL, and early episodes end hundreds of times a second.
                    pending.append(ev)
                    if time.monotonic() - self._last_episodes >= EPISODE_BATCH_S:
                        self._send_episodes(pending)
                    continue
                self._send_episodes(pending)  # in order, before any other event
                if isinstance(ev, Progress):
                    self.progress.emit(ev)
                    now = time.monotonic()
                    if now - last_snapshot >= self._snapshot_interval_s:
                        last_snapshot = now
                        self.snapshot.emit(make_snapshot(trainer))
                elif isinstance(ev, SettingsChanged):
                    self.settings_changed.emit(ev)
                elif isinstance(ev, ChangeRejected):
                    self.change_rejected.emit(ev.message)
                elif isinstance(ev, Evaluation):  # Config.eval_every's evaluations
                    self.evaluation.emit((ev.episode, list(ev.scores)))
                elif isinstance(ev, RunFinished):
                    summary = ev.summary
            self._send_episodes(pending)
            self.snapshot.emit(make_snapshot(trainer))
        except Exception as exc:  # noqa: BLE001 - every error is reported to the GUI
            summary = None
            self._send_episodes(pending)  # what was played is still shown
            self.errored.emit(crash_text(exc), traceback.format_exc())
        finally:
            self._close_and_finish(trainer, summary)

    def _close_and_finish(self, run, summary: dict | None) -> None:
        """Close the run's environments (a failure is reported, never hides the result), then
        say the run has finished."""
        if run is not None:
            try:
                run.close()
            except Exception:  # noqa: BLE001 - closing must not hide the run's result
                self.errored.emit(
                    translate("Worker", "The environment could not be closed cleanly."),
                    traceback.format_exc(),
                )
        self.finished.emit(summary)

    def _send_episodes(self, pending: list) -> None:
        if pending:
            self.episodes.emit(tuple(pending))
            pending.clear()
            self._last_episodes = time.monotonic()

    # -- a population of seeds (core.population_run) ------------------------------------------
    def _run_population(self) -> None:
        """Train the seeds as one population; the same signals as a solo run, plus the
        members' episodes, the population's progress and every member's final state."""
        from dqn_lab.core.population_run import PopulationRun

        summary: dict | None = None
        run: PopulationRun | None = None
        self._pending_members: list = []
        if self.background_nice > 0:
            lower_this_thread_priority(self.background_nice)
        try:
            run = PopulationRun(self.config, self.seeds or [])
            run.compile_ahead()
            from dqn_lab.core.model import model_summary

            self.ready.emit(
                dict(
                    config=run.config,
                    info=run.info,
                    architecture=model_summary(run.population.agents[0].model),
                    seeds=list(run.seeds),
                )
            )
            self.snapshot.emit(self._member_snapshot(run, self.selected))
            self.shown.wait(self.shown_timeout_s)
            if self.open_log is not None:
                self._population_log = self.open_log(run)
            log = self._population_log
            now = time.monotonic()
            self._last_episodes = self._last_progress = self._last_snapshot = now
            self._started = now
            self._steps_at_last = 0
            tick = self._population_tick(run)
            for item in run.episodes(tick):
                if log is not None:
                    log.episode(*item)
                self._pending_members.append(item)
                if time.monotonic() - self._last_episodes >= EPISODE_BATCH_S:
                    self._send_members()
            self._send_members()
            if self.control.pending:  # requests made as the run ended still run
                self._population_safe_point(run)
            summary = run.summary()
            if log is not None:
                log.finished(summary)
            self.snapshot.emit(self._member_snapshot(run, self.selected))
            self.final_members = self._final_members(run)
            self.population_final.emit(self.final_members)
        except Exception as exc:  # noqa: BLE001 - every error is reported to the GUI
            summary = None
            self._send_members()
            self.errored.emit(crash_text(exc), traceback.format_exc())
        finally:
            if self._population_log is not None:
                self._population_log.close()
                self._population_log = None
            self._close_and_finish(run, summary)

    def _population_tick(self, run) -> Callable[[], bool]:
        """``should_stop`` for the lockstep loop: called between two steps, it is the
        population's safe point and sends the throttled progress and snapshots."""
        from dqn_lab.core.training import PROGRESS_INTERVAL_S

        control = self.control

        def tick() -> bool:
            if control.pending or control.paused or control.stopped:
                self._send_members()
                paused = self._population_safe_point(run)
                if paused:  # the run's clock stops while it waits, as a solo run's does
                    run.population.paused_s += paused
                    self._started += paused
                    self._last_progress += paused
                if control.stopped:
                    return True
            now = time.monotonic()
            if now - self._last_progress >= PROGRESS_INTERVAL_S:
                env_steps, episodes = run.counts()
                total = sum(env_steps)
                rate = (total - self._steps_at_last) / (now - self._last_progress)
                self._last_progress, self._steps_at_last = now, total
                elapsed = now - self._started
                k = min(self.selected, run.size - 1)
                self.progress.emit(run.progress(k, rate / run.size, elapsed))
                self.population_progress.emit((env_steps, episodes, elapsed, rate))
                if now - self._last_episodes >= EPISODE_BATCH_S:
                    self._send_members()
            if self.snapshot_wanted or now - self._last_snapshot >= self._snapshot_interval_s:
                self.snapshot_wanted = False
                self._last_snapshot = now
                self.snapshot.emit(self._member_snapshot(run, self.selected))
            return False

        return tick

    def _population_safe_point(self, run) -> float:
        """Wait while paused, apply changes, run requests; returns the seconds paused."""
        control = self.control
        paused_at, paused = time.monotonic(), control.paused
        while control.paused and not control.stopped:
            control.wait_while_paused()
            if control.pending:
                self._population_pending(run)
            if self.snapshot_wanted:  # another member chosen while paused: show it now
                self.snapshot_wanted = False
                self.snapshot.emit(self._member_snapshot(run, self.selected))
        paused_s = time.monotonic() - paused_at if paused else 0.0
        if control.pending:
            self._population_pending(run)
        return paused_s

    def _population_pending(self, run) -> None:
        from dqn_lab.core.config import ConfigError

        changes, requests = self.control.take()
        if changes:
            try:
                event = run.apply_changes(changes)
            except ConfigError as exc:
                self.change_rejected.emit(exc.message)  # English, with its parts for the GUI
            else:
                if event is not None:
                    self.settings_changed.emit(event)
                    if self._population_log is not None:
                        self._population_log.settings_changed(event)
        member = run.member(min(self.selected, run.size - 1))
        for fn in requests:  # saving and evaluating act on the chosen member
            fn(member)

    def _member_snapshot(self, run, k: int) -> dict:
        k = min(max(k, 0), run.size - 1)
        return dict(make_snapshot(run.member(k)), member=k, seed=run.seeds[k])

    def _final_members(self, run) -> list:
        """(snapshot, bundle contents) of every member; contents None if it cannot be kept."""
        from dqn_lab.core.persistence import bundle_contents

        final = []
        for k in range(run.size):
            try:
                contents = bundle_contents(run.member(k), include_memory=True)
            except Exception as exc:  # noqa: BLE001 - the run itself succeeded
                self.errored.emit(
                    translate("Worker", "Seed {0} cannot be kept for saving: {1}").format(
                        run.seeds[k], error_text(exc)
                    ),
                    traceback.format_exc(),
                )
                contents = None
            final.append((self._member_snapshot(run, k), contents))
        return final

    def _send_members(self) -> None:
        pending = getattr(self, "_pending_members", None)
        if pending:
            self.member_episodes.emit(tuple(pending))
            pending.clear()
            self._last_episodes = time.monotonic()

    # -- requests that run on the worker thread (queued through the control) ----------------
    def request_evaluation(self, episodes: int = EVAL_EPISODES) -> None:
        """Evaluate the current policy greedily at the next safe point of the loop.

        Runs on the worker thread between two steps: the policy is exactly the one after
        ``trainer.episode`` episodes, no extra thread competes for the two shared cores,
        and the run simply pauses while the 10 episodes are played.
        """
        control = self.control

        def run_evaluation(trainer) -> None:
            scores, ends = evaluate_trainer(trainer, episodes, EVAL_SEED, control, self.errored)
            if scores:
                self.evaluation.emit((trainer.episode, scores, ends))

        control.request(run_evaluation)

    def request(self, fn: Callable[[Any], Any], signal_result: Callable[[Any], None]) -> None:
        """Run ``fn(trainer)`` on the worker thread and pass its result to ``signal_result``.

        ``signal_result`` must be thread-safe (e.g. a Signal's ``emit``); used by tests and
        tools to read the agent's state (``agent.learning_rate()``) where it lives.
        """
        self.control.request(lambda trainer: signal_result(fn(trainer)))


def start_in_thread(worker: QObject, name: str) -> QThread:
    """Move ``worker`` to a new QThread that runs ``worker.run`` and quits when it finishes."""
    thread = QThread()
    thread.setObjectName(name)
    worker.moveToThread(thread)
    thread.started.connect(worker.run)
    # Direct: quit from the worker thread itself, so a GUI thread blocked in wait() is fine.
    worker.finished.connect(thread.quit, Qt.ConnectionType.DirectConnection)
    thread.start()
    return thread


class TrainingSession(QObject):
    """One run's worker, thread and control, as the run model (``dqn_lab.gui.run_model``) uses them.

    The run model connects to ``session.worker``'s signals before ``start`` (queued to the
    GUI thread) and talks to the running loop only through ``control``.
    """

    def __init__(
        self,
        config: Config,
        parent: QObject | None = None,
        trainer_factory: Callable[[Config, TrainingControl], Any] | None = None,
        seeds: list[int] | None = None,
    ) -> None:
        super().__init__(parent)
        self.control = TrainingControl()
        self.worker = TrainingWorker(config, self.control, trainer_factory, seeds=seeds)
        self.thread: QThread | None = None
        self.done = False
        self.worker.finished.connect(self._on_finished)

    def hold_until_shown(self) -> None:
        """Before ``start``: the loop waits after ``ready`` until ``shown()``, ``stop()`` or
        ``worker.shown_timeout_s``."""
        self.worker.shown.clear()

    def shown(self) -> None:
        """The window has drawn the new run: training may go on."""
        self.worker.shown.set()

    def start(self) -> None:
        self.thread = start_in_thread(self.worker, "dqn-lab-training")

    @Slot(object)
    def _on_finished(self, _summary) -> None:
        self.done = True

    @property
    def running(self) -> bool:
        return self.thread is not None and not self.done

    @property
    def paused(self) -> bool:
        return self.control.paused

    def pause(self) -> None:
        self.control.pause()

    def resume(self) -> None:
        self.control.resume()

    def stop(self) -> None:
        self.control.stop()
        self.worker.shown.set()  # a run held after ready ends at once

    def change(self, **settings: Any) -> None:
        self.control.change(**settings)

    def evaluate(self, episodes: int = EVAL_EPISODES) -> None:
        self.worker.request_evaluation(episodes)

    def shutdown(self, timeout_ms: int = 30_000) -> bool:
        """Stop the run and wait for its thread; True when the thread has ended."""
        self.stop()
        if self.thread is None:
            return True
        self.thread.quit()
        return self.thread.wait(timeout_ms)

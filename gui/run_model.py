"""The current run: one object that owns its state, drives its worker and feeds the panels.

:class:`RunModel` is the Qt side of a run, as napari binds widgets to a layer model. It owns
everything about the run on screen: the training session (worker, thread, control), the
run's config and environment, its summary, the history of live changes, the last policy
snapshot, and, for files, the path it was opened from or saved to, the contents a finished
run left for saving, whether it trained since it was saved (``dirty``) and the best greedy
mean so far. Nothing else writes these.

Panels subscribe through one explicit interface, :class:`dqn_lab.gui.run_panel.RunPanel`
(``attach``); the window listens to the model's signals (``changed``, ``state_changed``,
``message``, ``error``, ``notice``, ``run_ready``) and never reaches into its handlers.

Press Start: ``MainWindow.start`` -> :meth:`RunModel.start` ->
``dqn_lab.gui.worker.TrainingSession`` (its ``TrainingWorker.run`` on a QThread) ->
``dqn_lab.core.training.Trainer.run`` -> ``dqn_lab.core.agents``. Each worker signal comes back
to a ``_on_*`` handler here, which only stores data in the panels; the window's ~30 Hz timer
redraws them.
"""

from __future__ import annotations

import re
import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QLocale, QObject, QTimer, Signal, Slot

from dqn_lab.core.bundle_format import SUFFIX, Bundle, BundleError, write_bundle
from dqn_lab.core.config import FIELDS, Config, ConfigError
from dqn_lab.core.environment import EnvInfo, env_info
from dqn_lab.core.persistence import SaveResult, saved_progress
from dqn_lab.core.presets import notebook_failure
from dqn_lab.core.training import Progress, SettingsChanged, TrainingControl, evaluate_ends
from dqn_lab.gui.bundle_view import episodes_done, fixed_differences, live_differences
from dqn_lab.gui.i18n import (
    change_label,
    config_error_text,
    decimal,
    ends_text,
    error_text,
    field_label,
    message_text,
    number,
    size_text,
    translate,
)
from dqn_lab.gui.jobs import JobRunner
from dqn_lab.gui.population_state import PopulationState
from dqn_lab.gui.run_history import RunHistory
from dqn_lab.gui.run_hooks import Factory, RunHooks
from dqn_lab.gui.run_panel import RunPanel
from dqn_lab.gui.worker import EVAL_EPISODES, EVAL_SEED, TrainingSession, new_trainer

SHOWN_DELAY_MS = 50  # after ``ready``: time for the window to paint the new run
EPISODES_HIGH = int(FIELDS["episodes"].metadata["high"])


def continue_factory(bundle: Bundle) -> Factory:
    """A factory that restores ``bundle``'s run and applies the panel's live settings."""

    def build(config: Config, control: TrainingControl):
        from dqn_lab.core.persistence import restore_trainer

        trainer = restore_trainer(bundle, control)
        changes = live_differences(config, trainer.config)
        if changes:
            trainer.apply_changes(changes)  # recorded in the run's history
        return trainer

    return build


@dataclass(frozen=True)
class OpenedBundle:
    """A bundle read and checked off the GUI thread, with everything the panels show
    (its statistics and live changes as columns: shown at once, however many)."""

    path: Path
    bundle: Bundle
    info: EnvInfo
    snapshot: dict
    history: RunHistory
    warnings: tuple[str, ...]


class RunModel(QObject):
    """The run on screen; see the module docstring."""

    changed = Signal()  # running, paused, dirty, path or what can be evaluated
    state_changed = Signal(str)  # "Running", "Paused", "Finished"... for the status line
    message = Signal(str, int)  # a status-bar message and how long it stays (ms)
    error = Signal(str, str, str)  # title, message, details (a traceback or "")
    notice = Signal(str, str)  # title, text: something the user must read
    change_rejected = Signal(object)  # a live change the running loop refused (its message)
    run_ready = Signal()  # the new run is built: draw every panel now
    saved = Signal(object)  # the Path written (the File menu remembers it)
    # Populations (several seeds at once, see gui.population_state):
    population_started = Signal(object)  # a new run's seeds: 2+ for a population, else []
    member_episodes = Signal(object)  # tuple of (member, EpisodeEnd): every member's episodes
    member_selected = Signal(int)  # the member the panels show now

    def __init__(
        self, status, trainer_factory: Callable | None = None, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.status = status  # gui.status.RunStatus
        self.trainer_factory = trainer_factory  # tests replace the core Trainer
        self.views: list[RunPanel] = []
        self._view_errors: set[str] = set()
        # The run on screen.
        self.session: TrainingSession | None = None
        self.config: Config | None = None  # the config of the current/last run
        self.info: EnvInfo | None = None
        self.summary: dict | None = None
        self.changes: list[SettingsChanged] = []
        self.last_snapshot: dict | None = None
        self._last_progress: Progress | None = None  # the run's latest, for its final one
        # The run with respect to files.
        self.path: Path | None = None  # opened from or last saved to
        self.contents: tuple[dict, dict] | None = None  # (manifest, arrays) to write
        self.loaded: Bundle | None = None  # opened and not yet continued
        # The opened run that the user was told several seeds start fresh over (a second
        # Start with several seeds then starts the population).
        self._fresh_over: Bundle | None = None
        self._opened_history: tuple[Bundle, RunHistory] | None = None  # its columns
        self.dirty = False  # trained since the last save
        self.best_mean = float("-inf")
        self.autosave_best = False
        self.training_nice = 0  # View > Training priority: nice levels below the window
        self.data_dir: Path | None = None  # where a never-saved run's best goes
        self.hooks: RunHooks | None = None
        self.population: PopulationState | None = None  # a run of several seeds on screen
        # Greedy evaluation when no run is active.
        self.jobs = JobRunner(self, "dqn-lab-evaluation")
        self.jobs.done.connect(self._on_idle_evaluation)
        self.jobs.failed.connect(
            lambda _k, m, d: self.error.emit(
                translate("RunModel", "Evaluation failed"),
                translate("RunModel", "Evaluation failed: {0}").format(m),
                d,
            )
        )
        self.jobs.busy_changed.connect(lambda _busy: self.changed.emit())

    # -- views --------------------------------------------------------------------------------
    def attach(self, view: RunPanel) -> None:
        """Feed ``view`` every run from now on; its own evaluations go onto the run."""
        self.views.append(view)
        view.evaluated.connect(self._on_view_evaluated)

    def _each(self, call: Callable[[RunPanel], Any], what: str) -> None:
        """``call(view)`` for every view; a failing view is reported once, never fatal."""
        for view in self.views:
            self.call_view(view, call, what)

    def call_view(self, view: RunPanel, call: Callable[[RunPanel], Any], what: str) -> None:
        """``call(view)``; a failure is printed and shown once per view and method."""
        try:
            call(view)
        except Exception as exc:  # noqa: BLE001 - one broken panel must not stop the run
            key = f"{type(view).__name__}.{what}"
            if key not in self._view_errors:
                self._view_errors.add(key)
                traceback.print_exc()
                self.message.emit(translate("RunModel", "{0} failed: {1}").format(key, exc), 10_000)

    # -- state ----------------------------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self.session is not None and self.session.running

    @property
    def paused(self) -> bool:
        return self.running and self.session.paused

    @property
    def stopping(self) -> bool:
        """Asked to stop, and not ended yet."""
        return self.running and self.session.control.stopped

    @property
    def can_evaluate(self) -> bool:
        return self.running or (self.last_snapshot is not None and not self.jobs.busy)

    # -- before a run ---------------------------------------------------------------------------
    def preview(self, config: Config) -> bool:
        """No run active: every panel previews ``config`` (plots, network, environment)."""
        try:
            info = env_info(config.env_id)
        except ConfigError as exc:
            self.message.emit(config_error_text(exc), 10_000)
            return False
        self._each(lambda v: v.show_architecture(config, info), "show_architecture")
        self._each(lambda v: v.prepare_for(config, info), "prepare_for")
        return True

    def settings_changed(self, config: Config) -> None:
        """The settings changed: preview them whenever no run is active.

        A run on screen (finished, stopped or opened) stays shown while only its live settings
        change (it can still be continued); a new environment, agent or network is previewed
        at once.
        """
        if self.running:
            return
        shown = self.config
        # The status line's total follows the settings when Start would continue the run on
        # screen (an opened one, with more episodes), or when no run is shown; a finished
        # run read "Finished, episode 60/500, 12 %" after another preset was chosen.
        continued = self.loaded is not None and not fixed_differences(config, self.loaded.config)
        if shown is None or continued:
            # (fewer episodes than the opened run has: it would not continue, and read
            # "Opened, episode 500/20"; its own count stands)
            self.status.set_total(max(config.episodes, self.status.episodes_done))
        if shown is None or fixed_differences(config, shown):
            self.preview(config)

    # -- a run's life ---------------------------------------------------------------------------
    def plan(self, config: Config) -> tuple[Factory | None, Bundle | None, str]:
        """(factory, bundle continued or None, note) for Start; factory None when refused."""
        base = self.trainer_factory or new_trainer
        bundle = self.loaded
        if bundle is None:
            return base, None, ""
        fixed = fixed_differences(config, bundle.config)
        done = episodes_done(bundle)
        if fixed:
            return (
                base,
                None,
                translate(
                    "RunModel", "New run: the opened agent cannot go on with other {0}."
                ).format(", ".join(QLocale().quoteString(field_label(n)) for n in fixed)),
            )
        if config.episodes <= done:
            return (
                None,
                bundle,
                translate(
                    "RunModel",
                    "The opened run already has {0} episodes: set Episodes above {0} to "
                    "continue it (e.g. {1} for {0} more), or Reset to start a new run.",
                ).format(done, min(2 * done, EPISODES_HIGH)),
            )
        return (
            continue_factory(bundle),
            bundle,
            translate("RunModel", "Continuing the opened run after its episode {0}.").format(
                number(done)
            ),
        )

    def start(
        self, config: Config, log_folder: str | None = None, seeds: list[int] | None = None
    ) -> bool:
        """Start a new run of ``config`` (or continue the opened agent); resume if paused.

        Two or more ``seeds``: a new population of those seeds (``start_population``)."""
        if self.running:
            if self.paused:
                self.resume()
            return False
        if seeds is not None and len(seeds) > 1:
            return self.start_population(config, seeds, log_folder)
        factory, bundle, note = self.plan(config)
        if factory is None:
            self.message.emit(note, 15_000)
            self.notice.emit(translate("RunModel", "The opened run is complete"), note)
            return False
        info = self._end_for(config)
        if info is None:
            return False
        self._end_population()
        self.loaded = None
        if bundle is None:  # a new run is not the opened file's
            self.path, self.contents = None, None
        self.dirty, self.best_mean = False, float("-inf")
        self.config, self.info, self.summary, self.changes = config, info, None, []
        self.last_snapshot = self._last_progress = None
        self.hooks = hooks = self._new_hooks(log_folder, self.run_name())
        # The previous run disappears at once; a continued run's earlier curves come back.
        self.status.reset(config, info)
        self._each(lambda v: v.start_run(config, info), "start_run")
        if bundle is not None:
            self._show_history(self._history_of(bundle))
            marks = tuple(
                (k, getattr(bundle.config, k), v)
                for k, v in live_differences(config, bundle.config).items()
            )
            if marks:
                c = bundle.manifest["counters"]
                self._mark(SettingsChanged(int(c["env_steps"]), int(c["episodes"]), marks))
        if note:
            self.message.emit(note, 10_000)
        session = TrainingSession(config, self, hooks.wrap(factory))
        session.worker.episodes.connect(self._on_episodes)
        self._start_session(session)
        return True

    def _start_session(self, session: TrainingSession) -> None:
        """Connect the run's worker to the model and start its thread (solo or population)."""
        tf_loaded = "keras" in sys.modules
        self.state_changed.emit(
            "Building the agent…" if tf_loaded else "Loading TensorFlow and building the agent…"
        )
        self.session = session
        w = session.worker
        w.background_nice = self.training_nice
        w.ready.connect(self._on_ready)
        w.progress.connect(self._on_progress)
        w.settings_changed.connect(self._on_settings_changed)
        w.change_rejected.connect(self._on_change_rejected)
        w.snapshot.connect(self._on_snapshot)
        w.evaluation.connect(self._on_evaluation)
        w.errored.connect(self._on_error)
        w.finished.connect(self._on_finished)
        session.hold_until_shown()  # released once the run is drawn (``_on_ready``)
        session.start()
        self.changed.emit()

    # -- a population of seeds ----------------------------------------------------------------
    def start_population(
        self, config: Config, seeds: list[int], log_folder: str | None = None
    ) -> bool:
        """Train ``config`` for every seed at once (one population, one compiled update).

        The panels show one member (``select_member``; the first at the start), the model
        keeps every member's episodes and ``member_episodes`` carries them to the plots.
        Always a new run: continuing an opened agent is solo-only, so with one opened the
        first Start says so and changes nothing (Seeds 1 continues it; Start again trains the
        seeds from scratch, the opened file untouched). With ``log_folder``, a new run
        folder in it holds one solo-format log per member (``seed-S/``).
        """
        bundle = self.loaded
        if bundle is not None and self._fresh_over is not bundle:
            self._fresh_over = bundle
            text = translate(
                "RunModel",
                "Continuing an opened run is for one seed only: set Seeds to 1 and Start to "
                "continue it after its episode {0}, or press Start again to train {1} seeds "
                "from scratch with these settings (the opened file is not changed).",
            ).format(number(episodes_done(bundle)), len(seeds))
            self.message.emit(text, 15_000)
            self.notice.emit(translate("RunModel", "Several seeds start a new run"), text)
            return False
        info = self._end_for(config)
        if info is None:
            return False
        self.loaded = None
        self.path, self.contents = None, None
        self.dirty, self.best_mean = False, float("-inf")
        self.population = population = PopulationState(config, list(seeds))
        first = population.member_config(0)
        self.config, self.info, self.summary, self.changes = first, info, None, []
        self.last_snapshot = self._last_progress = None  # (not the last run's)
        # RunHooks saves the chosen member during the run and opens the population's log.
        label = re.sub(
            r"[^A-Za-z0-9._-]", "_", f"{first.agent}-{first.env_id}-seeds{seeds[0]}-{seeds[-1]}"
        )
        self.hooks = hooks = self._new_hooks(log_folder, label)
        self.status.reset(config, info)
        self.status.set_population(len(seeds))
        self._each(lambda v: v.start_run(first, info), "start_run")
        self.population_started.emit(list(seeds))
        self.member_selected.emit(0)
        session = TrainingSession(config, self, seeds=list(seeds))
        w = session.worker
        w.open_log = hooks.open_population_log
        w.member_episodes.connect(self._on_member_episodes)
        w.population_progress.connect(self._on_population_progress)
        w.population_final.connect(self._on_population_final)
        self._start_session(session)
        return True

    def select_member(self, k: int) -> None:
        """Show member ``k`` of the population in the panels (and save it with Save)."""
        population = self.population
        if population is None or not 0 <= k < population.size or k == population.selected:
            return
        population.selected = k
        if self.running:
            self.session.worker.select(k)
        self.config = config = population.member_config(k)
        if population.contents[k] is not None or not self.running:
            self.contents = population.contents[k]
        self.path = None  # Save asks where this member goes
        info = self.info
        if info is not None:
            self._each(lambda v: v.start_run(config, info), "start_run")
            events = population.episodes[k]
            if events:
                self._each(lambda v: v.add_episodes(events), "add_episodes")
            for ev in self.changes:
                self._each(lambda v, ev=ev: v.mark_change(ev), "mark_change")
        snap = population.snapshots[k]
        if snap is not None:
            self.last_snapshot = snap
            self._each(lambda v: v.set_snapshot(snap), "set_snapshot")
        final = population.final[k]
        if final is not None and not self.running:  # an ended run: this member's figures
            self._each(lambda v: v.add_progress(final), "add_progress")
        self.member_selected.emit(k)
        self.changed.emit()

    def save_all_members(self, folder: str | Path) -> bool:
        """One bundle per member into ``folder`` (agent-env-seedN.dqnlab), each written
        atomically; during a run at the next safe point."""
        population = self.population
        if population is None:
            return False
        folder = Path(folder)
        paths = [folder / population.file_name(k, SUFFIX) for k in range(population.size)]
        if self.running and self.hooks is not None:
            hooks = self.hooks

            def save_each(member) -> None:
                from dqn_lab.core.persistence import save_bundle

                run = member.population_run
                for k, path in enumerate(paths):
                    try:
                        hooks.saved.emit(save_bundle(path, run.member(k)), "member")
                    except BundleError as exc:
                        hooks.saved.emit(exc, "member")

            self.session.control.request(save_each)
            self.message.emit(
                translate("RunModel", "Saving {0} seeds to {1} at the next safe point…").format(
                    population.size, folder
                ),
                10_000,
            )
            return True
        if any(c is None for c in population.contents):
            self.message.emit(
                translate("RunModel", "Nothing to save yet: train a run or open an agent first."),
                10_000,
            )
            return False
        written = 0
        for path, contents in zip(paths, population.contents):
            try:
                write_bundle(path, *contents)
            except BundleError as exc:
                self.error.emit(translate("RunModel", "Saving failed"), error_text(exc), "")
                break
            written += 1
        if written:
            self.message.emit(
                translate("RunModel", "Saved {0} of {1} seeds to {2}").format(
                    written, population.size, folder
                ),
                15_000,
            )
        if written == population.size:
            self.dirty = False
            # The shown seed's file names the window (it read "unsaved run"); Save writes it.
            self.path = paths[population.selected].resolve()
            self.changed.emit()
        return written == population.size

    def _end_population(self) -> None:
        if self.population is not None:
            self.population = None
            self.population_started.emit([])

    @Slot(object)
    def _on_member_episodes(self, items: tuple) -> None:
        population = self.population
        if not self._from_session() or population is None:
            return
        chosen = population.add(items)
        self.status.add_member_episodes(items)
        if chosen:
            self._each(lambda v: v.add_episodes(chosen), "add_episodes")
        self.member_episodes.emit(items)
        if items and not self.dirty:
            self.dirty = True
            self.changed.emit()

    @Slot(object)
    def _on_population_progress(self, progress: tuple) -> None:
        if self._from_session():
            self.status.set_population_progress(*progress)

    @Slot(object)
    def _on_population_final(self, final: list) -> None:
        population = self.population
        if not self._from_session() or population is None:
            return
        population.take_final(final)
        self.contents = population.contents[population.selected]

    def pause(self) -> None:
        if self.running and not self.session.paused:
            self.session.pause()
            self.state_changed.emit("Paused")
            self.changed.emit()

    def resume(self) -> None:
        if self.running and self.session.paused:
            self.session.resume()
            self.state_changed.emit("Running")
            self.changed.emit()

    def toggle_pause(self) -> None:
        if self.paused:
            self.resume()
        else:
            self.pause()

    def stop(self) -> None:
        if self.running:
            self.session.stop()
            self.state_changed.emit("Stopping…")

    def change(self, changes: dict) -> None:
        """Live setting changes for the running loop (applied at its next safe point)."""
        if self.running:
            self.session.change(**changes)

    def reset(self, config: Config) -> None:
        """Stop any run and forget its data (no file, nothing to save); preview ``config``."""
        self.jobs.shutdown()
        self._end_session()
        self._end_population()
        self.config = self.info = self.summary = self.last_snapshot = None
        self.changes = []
        self.path = self.contents = self.loaded = self._opened_history = None
        self.dirty, self.best_mean = False, float("-inf")
        try:
            info = env_info(config.env_id)
        except ConfigError:
            info = None
        if info is not None:
            self._each(lambda v: v.start_run(config, info), "start_run")
            self.preview(config)
        self.status.reset(config, info)
        self.state_changed.emit("Ready")
        self.changed.emit()

    def stop_and_keep(self) -> None:
        """End a running run at once (joined) and keep its final state for saving."""
        if self.session is None:
            return
        hooks, worker = self.hooks, self.session.worker
        self._end_session()
        if hooks is not None and hooks.final is not None:
            self.contents = hooks.final
        if self.population is not None and worker.final_members is not None:
            self.population.take_final(worker.final_members)
            self.contents = self.population.contents[self.population.selected]
        self.state_changed.emit("Stopped")
        self.changed.emit()

    def _end_for(self, config: Config) -> EnvInfo | None:
        """Before a new run of ``config``: its environment, or None (said) when it has none;
        the idle jobs and the last session end."""
        try:
            info = env_info(config.env_id)
        except ConfigError as exc:
            self.message.emit(config_error_text(exc), 10_000)
            return None
        self.jobs.shutdown()
        self._end_session()
        return info

    def _new_hooks(self, log_folder, label: str) -> RunHooks:
        """A new run's hooks (parentless: dropped with the next run, which may hold the last
        run's final state), their signals wired to this model's slots."""
        hooks = RunHooks(log_folder, label)
        hooks.message.connect(self._on_hook_message)  # a slot: queued from the thread
        hooks.saved.connect(self._on_saved)
        hooks.evaluation.connect(self._on_evaluation)
        hooks.errored.connect(self._on_error)
        return hooks

    def _end_session(self) -> None:
        if self.session is not None:
            self.session.shutdown()
            self.session.deleteLater()
            self.session = None
            self.changed.emit()

    def shutdown(self) -> None:
        """The window closes: stop the run and any evaluation, and join their threads."""
        self.jobs.shutdown()
        self._end_session()

    # -- evaluation -----------------------------------------------------------------------------
    def evaluate(self) -> bool:
        """10 greedy episodes: on the worker during a run, else on a short-lived thread."""
        if self.running:
            if self.autosave_best and self.hooks is not None and self._best_folder_ready():
                self.hooks.evaluate_and_keep_best(
                    self.session.control, self.best_path(), EVAL_EPISODES, EVAL_SEED
                )
            else:
                self.session.evaluate()
            self.message.emit(translate("RunModel", "Evaluating the greedy policy…"), 3000)
            return True
        snap = self.last_snapshot
        if snap is None:
            return False
        max_steps = self.config.max_steps if self.config is not None else None
        policy, env_id, episode = snap["policy"], snap["env_id"], snap["episode"]

        def job(_progress, should_stop):
            return episode, *evaluate_ends(
                policy, env_id, EVAL_EPISODES, EVAL_SEED, max_steps, should_stop=should_stop
            )

        if not self.jobs.start("evaluate", job):
            return False
        self.message.emit(translate("RunModel", "Evaluating the greedy policy…"), 3000)
        return True

    @Slot(str, object)
    def _on_idle_evaluation(self, _kind: str, result: tuple) -> None:
        episode, scores, _ends = result
        if not scores:
            return
        self._on_evaluation(result)
        mean = sum(scores) / len(scores)  # the finished (or opened) agent may be the best
        if (
            self.autosave_best
            and self.contents is not None
            and mean > self.best_mean
            and self._best_folder_ready()
        ):
            self.best_mean = mean
            self.write(self.best_path(), self.contents, best=True)

    @Slot(object)
    def _on_evaluation(self, result: tuple) -> None:
        """(episode, scores) of a periodic evaluation, or (episode, scores, ends) of one
        asked for: how its episodes ended goes into the message."""
        episode, scores, *ends = result
        self._each(lambda v: v.set_evaluation(episode, scores), "set_evaluation")
        mean = sum(scores) / len(scores)
        text = translate(
            "RunModel", "Greedy evaluation after episode {0}: mean {1} over {2} episodes"
        ).format(number(episode), decimal(mean, 1), number(len(scores)))
        if ends and ends[0]:
            text = translate("RunModel", "{0}; ended: {1}").format(text, ends_text(ends[0]))
        self.message.emit(text, 15_000)

    @Slot(list)
    def _on_view_evaluated(self, scores: list) -> None:
        """A panel's own evaluation (the viewport's) goes onto the other panels."""
        episode = (self.last_snapshot or {}).get("episode", self.status.episodes_done)
        source = self.sender()
        for view in self.views:
            if view is not source:
                self.call_view(view, lambda v: v.set_evaluation(episode, scores), "set_evaluation")

    # -- the worker's signals (GUI thread) ---------------------------------------------------
    def _from_session(self) -> bool:
        """True for signals of the current run's worker (not a stale, already ended one)."""
        return self.session is not None and self.sender() is self.session.worker

    @Slot(object)
    def _on_ready(self, ready: dict) -> None:
        if not self._from_session():
            return
        session = self.session
        try:
            self.config, self.info = ready["config"], ready["info"]
            self.state_changed.emit("Paused" if session.paused else "Running")
            # Every panel draws the new run now, and training waits until that is on
            # screen: the window's heaviest redraw then does not compete for the GIL.
            self.run_ready.emit()
        finally:  # released even if showing the run failed (the error is reported)
            QTimer.singleShot(SHOWN_DELAY_MS, session.shown)

    @Slot(object)
    def _on_progress(self, ev) -> None:
        if self._from_session():
            if self.population is None:  # a population's status follows all its members
                self.status.add_progress(ev)
            self._last_progress = ev
            self._each(lambda v: v.add_progress(ev), "add_progress")

    @Slot(object)
    def _on_episodes(self, episodes: tuple) -> None:
        if not self._from_session():
            return
        self._add_episodes(episodes)
        if episodes and not self.dirty:
            self.dirty = True
            self.changed.emit()

    @Slot(object)
    def _on_settings_changed(self, ev: SettingsChanged) -> None:
        if not self._from_session():
            return
        self._mark(ev)
        if any(key == "episodes" for key, _, _ in ev.changes):
            self.status.set_total({k: v for k, _, v in ev.changes}["episodes"])
        text = change_label(ev.changes).replace("\n", ", ")  # as the plots' marks say it
        episode = number(ev.episode + 1)  # 1-based, as the header and the status line count
        self.message.emit(translate("RunModel", "Episode {0}: {1}").format(episode, text), 8000)

    @Slot(str)
    def _on_hook_message(self, text: str) -> None:
        self.message.emit(text, 15_000)

    @Slot(object)
    def _on_change_rejected(self, text: str) -> None:
        if self._from_session():
            self.change_rejected.emit(text)

    @Slot(object)
    def _on_snapshot(self, snap: dict) -> None:
        if self._from_session():
            if self.population is not None and not self.population.take_snapshot(snap):
                return  # another member's (the choice changed since it was sent)
            self.last_snapshot = snap
            self._each(lambda v: v.set_snapshot(snap), "set_snapshot")

    @Slot(str, str)
    def _on_error(self, message: str, details: str) -> None:
        title = (
            translate("RunModel", "Evaluation failed")
            if message.startswith(translate("Worker", "Evaluation failed: {0}").format(""))
            else translate("RunModel", "The run stopped with an error")
        )
        self.error.emit(title, message, details)

    @Slot(object)
    def _on_finished(self, summary: dict | None) -> None:
        if not self._from_session():
            return
        self.summary = summary
        if summary is None:
            self.state_changed.emit("Failed")
        else:
            self._show_final(summary)
            self.state_changed.emit("Stopped" if summary.get("stopped") else "Finished")
            if summary.get("health_error"):  # the health guard: the run is kept as is
                self.error.emit(
                    translate("RunModel", "Training stopped"),
                    message_text(summary["health_error"]),
                    "",
                )
            elif (
                self.population is None
                and self.config is not None
                and (text := notebook_failure(self.config, summary))
            ):
                self.notice.emit(
                    translate("RunModel", "The notebook's check did not pass"),
                    message_text(text),  # core.presets.NOTEBOOK_FAILED
                )
        self.session.shutdown()  # the thread is quitting already; this only joins it
        hooks = self.hooks
        if hooks is not None and hooks.final is not None:  # kept for saving
            self.contents = hooks.final
            self.best_mean = max(self.best_mean, hooks.best_mean)
        self.changed.emit()

    def _show_final(self, summary: dict) -> None:
        """Every display shows the run's last steps and epsilon (its last progress event is
        up to ~50 ms older), and the status line its average speed; a population's status
        line its members' totals, and the panels the shown member's figures."""
        # (a run shorter than the progress events' interval had none)
        last = self._last_progress or Progress(0, 0, 0, 1.0, 0.0, 0.0)
        population = self.population
        members = summary.get("members") if population is not None else None
        shown = population.selected if population is not None else 0
        finals = [
            replace(
                last,
                env_steps=m["env_steps"],
                episode=m["episodes"],
                episode_step=0,
                epsilon=m["epsilon"],
                steps_per_s=m["steps_per_s"],
                elapsed_s=m["wall_s"],
                # each member's own rate (a population's summary has it; a solo run's
                # last progress does)
                learning_rate=m.get("learning_rate", last.learning_rate),
                rate_gate=m.get("rate_gate", last.rate_gate),
            )
            for m in (members or [summary])
        ]
        if population is not None:
            population.final = finals[: population.size]
            final = finals[min(shown, len(finals) - 1)]
            wall = float(summary.get("wall_s") or 0.0)
            steps = sum(f.env_steps for f in finals)
            self.status.show_final(
                Progress(steps, 0, 0, final.epsilon, steps / wall if wall else 0.0, wall)
            )
        else:
            final = finals[0]
            self.status.show_final(final)
        self._each(lambda v: v.add_progress(final), "add_progress")
        config = self.config
        if (
            config is not None
            and config.agent == "dqn"
            and max(f.env_steps for f in finals) < config.start_replay_step
            and not summary.get("stopped")  # the user stopped it, or the health guard did
            and all(f.episode >= config.episodes for f in finals)  # not the step budget
        ):
            # A dialog, as for the notebook's check: a status message was cut and went away.
            self.notice.emit(
                translate("RunModel", "Learning had not started"),
                translate(
                    "RunModel",
                    "The run ended after {0} steps, before learning starts at step {1} "
                    "({2}): until then the agent acts at random and nothing is learned. "
                    "Raise {3} or lower {2}.",
                ).format(
                    number(final.env_steps),
                    number(config.start_replay_step),
                    QLocale().quoteString(field_label("start_replay_step")),
                    QLocale().quoteString(field_label("episodes")),
                ),
            )

    def _add_episodes(self, events) -> None:
        if events:
            self.status.add_episode(events[-1])  # the status line shows the latest only
            self._each(lambda v: v.add_episodes(events), "add_episodes")

    def _mark(self, ev: SettingsChanged) -> None:
        self.changes.append(ev)
        self._each(lambda v: v.mark_change(ev), "mark_change")

    def _history_of(self, bundle: Bundle) -> RunHistory:
        """The opened bundle's columns (made off the GUI thread), else made now."""
        opened, self._opened_history = self._opened_history, None
        if opened is not None and opened[0] is bundle:
            return opened[1]
        return RunHistory.from_manifest(bundle.manifest["statistics"], bundle.manifest["history"])

    def _show_history(self, history: RunHistory) -> None:
        """An opened or continued run's earlier episodes and live changes, all at once (so a
        continued run's curves continue)."""
        last = history.last_event()
        if last is not None:
            # The status line shows the latest episode only, at the run's own average speed:
            # one episode's rate comes from wall times saved to the millisecond (a short
            # episode read as tens of thousands of steps per second).
            self.status.add_episode(replace(last, steps_per_s=0.0))
        self._each(lambda v: v.show_history(history), "show_history")

    # -- an opened agent ------------------------------------------------------------------------
    def show_opened(self, opened: OpenedBundle, shown_config: Config) -> None:
        """Put an opened bundle on screen as the run (not dirty, saveable as it is)."""
        self.jobs.shutdown()
        self._end_session()
        self._end_population()
        bundle = opened.bundle
        self.config, self.info, self.summary, self.changes = bundle.config, opened.info, None, []
        self.loaded = bundle
        self.contents = (bundle.manifest, bundle.arrays)
        self.path, self.dirty, self.best_mean = opened.path.resolve(), False, float("-inf")
        self._each(lambda v: v.start_run(bundle.config, opened.info), "start_run")
        self.status.reset(shown_config, opened.info)
        self._opened_history = (bundle, opened.history)
        self._show_history(opened.history)
        saved = saved_progress(bundle)  # epsilon and the learning rate before it trains
        self.status.show_final(saved)  # steps of an unfinished last episode too
        self._each(lambda v: v.add_progress(saved), "add_progress")
        self.last_snapshot = opened.snapshot
        self._each(lambda v: v.show_opened(opened.snapshot), "show_opened")
        self.state_changed.emit("Opened")
        self.changed.emit()

    # -- saving -------------------------------------------------------------------------------
    def run_name(self) -> str:
        """The saved file's name, or agent-env-seed for a run never saved."""
        if self.path is not None:
            stem = self.path.stem
            return stem.removesuffix("-best")
        c = self.config or Config()
        return re.sub(r"[^A-Za-z0-9._-]", "_", f"{c.agent}-{c.env_id}-seed{c.seed}")

    def best_path(self) -> Path:
        folder = self.path.parent if self.path is not None else (self.data_dir or Path.cwd())
        return folder / f"{self.run_name()}-best{SUFFIX}"

    def _best_folder_ready(self) -> bool:
        folder = self.best_path().parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            self.error.emit(
                translate("RunModel", "Autosave of the best agent failed"),
                translate("RunModel", "Cannot create {0}: {1}.").format(
                    folder, exc.strerror or exc
                ),
                "",
            )
            return False
        return True

    def save_to(self, path: str | Path) -> bool:
        """Save the run to ``path``: at the next safe point during a run, else at once."""
        if self.running and self.hooks is not None:
            self.hooks.save(self.session.control, path)
            self.message.emit(
                translate("RunModel", "Saving to {0} at the next safe point…").format(path), 10_000
            )
            return True
        if self.contents is None:
            self.message.emit(
                translate("RunModel", "Nothing to save yet: train a run or open an agent first."),
                10_000,
            )
            return False
        return self.write(path, self.contents)

    def write(self, path: str | Path, contents: tuple[dict, dict], best: bool = False) -> bool:
        """Write kept contents (GUI thread, NumPy only); a failure is shown and the run stays
        in memory, so it can be saved elsewhere."""
        try:
            size = write_bundle(path, *contents)
        except BundleError as exc:
            self.error.emit(
                translate("RunModel", "Autosave of the best agent failed")
                if best
                else translate("RunModel", "Saving failed"),
                error_text(exc),
                "",
            )
            return False
        episodes = contents[0]["counters"]["episodes"]
        if best:
            self.message.emit(
                translate(
                    "RunModel", "New best greedy mean: the agent after {0} episodes is saved to {1}"
                ).format(episodes, path),
                15_000,
            )
        else:
            self._saved(
                Path(path),
                translate("RunModel", "{0} episodes ({1})").format(
                    number(episodes), size_text(size)
                ),
            )
        return True

    @Slot(object, str)
    def _on_saved(self, result: SaveResult | BundleError, kind: str) -> None:
        if isinstance(result, BundleError):
            self.error.emit(
                translate("RunModel", "Autosave of the best agent failed")
                if kind == "best"
                else translate("RunModel", "Saving failed"),
                error_text(result),
                "",
            )
        elif kind == "best":
            self.message.emit(
                translate(
                    "RunModel", "New best greedy mean: the agent after {0} episodes is saved to {1}"
                ).format(result.episode, result.path),
                15_000,
            )
        elif kind == "member":  # one of "Save all seeds"
            self.message.emit(
                translate("RunModel", "Saved {0} episodes to {1}").format(
                    result.episode, result.path
                ),
                15_000,
            )
        else:
            note = (
                " " + translate("RunModel", "(inside an episode: continuing starts a new one)")
                if result.mid_episode
                else ""
            )
            self._saved(
                result.path,
                translate("RunModel", "{0} episodes ({1})").format(
                    number(result.episode), size_text(result.bytes)
                )
                + note,
            )

    def _saved(self, path: Path, what: str) -> None:
        population = self.population
        # One seed of a population saved: the others are not (unless Save all seeds wrote
        # them and nothing trained since), so the run stays as unsaved as it was.
        several = population is not None and population.size > 1 and self.dirty
        self.dirty = several
        self.path = Path(path).resolve()
        text = translate("RunModel", "Saved {0} to {1}").format(what, path)
        if several:
            text += " " + translate(
                "RunModel", "(this seed only: File > Save all seeds writes every one)"
            )
        self.message.emit(text, 15_000)
        self.saved.emit(self.path)
        self.changed.emit()

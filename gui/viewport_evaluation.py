"""The viewport's Evaluate and Record buttons: greedy episodes and the best of N as a GIF or MP4.

:class:`EvaluateAndRecord` judges the newest policy the viewport knows (a live snapshot or a
loaded agent) in environments of its own, seeded from ``EVAL_SEED``, never the one on
screen. The episodes run on a ``QThread`` through :class:`dqn_lab.gui.jobs.JobRunner` (the
functions of ``dqn_lab.core.recording``, with a progress dialog and a Cancel button); the results
come back as the panel's ``evaluated`` and ``recorded`` signals, its score line and its
status line.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QObject, Slot
from PySide6.QtWidgets import QFileDialog

from dqn_lab.core.recording import Cancelled, Recording, record_best, run_episodes
from dqn_lab.core.records import EVAL_SEED
from dqn_lab.core.watch import WatchSession
from dqn_lab.gui.i18n import size_text, translate
from dqn_lab.gui.jobs import CANCELLED, JobRunner


def policy_fits(policy, session: WatchSession) -> bool:
    """True if ``policy``'s input and output sizes match ``session``'s environment."""
    w = policy.weights
    return w[0].shape[0] == session.state.shape[0] and w[-1].shape[-1] == session.action_size


class EvaluateAndRecord(QObject):
    """Evaluate and Record of ``panel`` (a :class:`dqn_lab.gui.viewport.ViewportPanel`)."""

    def __init__(self, panel) -> None:
        super().__init__(panel)
        self.panel = panel
        self.jobs = JobRunner(panel, "dqn-lab-viewport-job")
        self.jobs.done.connect(self._job_done)
        self.jobs.failed.connect(self._job_failed)
        self.jobs.cancelled.connect(self._job_cancelled)
        self.jobs.busy_changed.connect(self._job_busy)
        panel.controls.evaluate_requested.connect(self.evaluate)
        panel.controls.record_requested.connect(self.record_dialog)

    @property
    def busy(self) -> bool:
        return self.jobs.busy

    def _job_inputs(self, episodes: int | None, spin) -> tuple | None:
        """(policy, episodes, env id, max steps) for a job, or None (said in the panel)
        when there is no agent that fits the shown environment."""
        s = self.panel.session
        policy = self.panel.latest_policy or (s.policy if s else None)
        if policy is None or s is None or not policy_fits(policy, s):
            self.panel.show_status(
                translate(
                    "Viewport",
                    "There is no agent to evaluate yet: start training or load an agent.",
                ),
                error=True,
            )
            return None
        return policy, int(episodes or spin.value()), s.env_id, self.panel.max_steps

    def evaluate(self, episodes: int | None = None) -> bool:
        """Evaluate N greedy episodes on a worker thread; the panel emits ``evaluated``."""
        inputs = self._job_inputs(episodes, self.panel.controls.eval_spin)
        if inputs is None:
            return False
        policy, n, env_id, max_steps = inputs

        def job(progress, should_stop):
            results = run_episodes(policy, env_id, n, EVAL_SEED, max_steps, progress, should_stop)
            if len(results) < n:
                raise Cancelled()
            return [r.score for r in results]

        return self._start_job(
            "evaluate", job, translate("Viewport", "Evaluating {0} greedy episodes…").format(n)
        )

    def record_dialog(self, episodes: int | None = None) -> None:
        """Ask for a file name, then :meth:`record_to` it."""
        session = self.panel.session
        env_id = session.env_id if session else "episode"
        n = int(episodes or self.panel.controls.record_spin.value())
        path, chosen = QFileDialog.getSaveFileName(
            self.panel,
            translate("Viewport", "Export the best episode"),
            str(Path.home() / f"{env_id}_best_of_{n}.gif"),
            translate("Viewport", "GIF animation (*.gif);;MP4 video (*.mp4)"),
        )
        if not path:
            return
        if Path(path).suffix.lower() not in (".gif", ".mp4"):
            path += ".mp4" if "mp4" in chosen else ".gif"
        self.record_to(path, n)

    def record_to(self, path: str | os.PathLike, episodes: int | None = None) -> bool:
        """Export the best of ``episodes`` greedy episodes to ``path`` (.gif or .mp4)."""
        if Path(path).suffix.lower() not in (".gif", ".mp4"):
            self.panel.show_status(
                translate(
                    "Viewport", "Cannot export to {0}: choose a .gif or .mp4 file name."
                ).format(Path(path).name),
                error=True,
            )
            return False
        inputs = self._job_inputs(episodes, self.panel.controls.record_spin)
        if inputs is None:
            return False
        policy, n, env_id, max_steps = inputs

        def job(progress, should_stop):
            return record_best(
                policy,
                env_id,
                path,
                n,
                EVAL_SEED,
                max_steps,
                progress=progress,
                should_stop=should_stop,
            )

        return self._start_job(
            "record", job, translate("Viewport", "Recording the best of {0} episodes…").format(n)
        )

    def _start_job(self, kind: str, fn, label: str) -> bool:
        if not self.jobs.start(kind, fn, label):
            self.panel.show_status(
                translate("Viewport", "Busy: wait for the evaluation or export to finish."),
                error=True,
            )
            return False
        return True

    def cancel(self) -> None:
        self.jobs.cancel()

    def shutdown(self) -> None:
        """Cancel a running job and wait until its thread has ended."""
        self.jobs.shutdown()

    @Slot(str, object)
    def _job_done(self, kind: str, result) -> None:
        panel = self.panel
        if kind == "evaluate":
            panel.show_scores(translate("Viewport", "Evaluation"), result)
            panel.evaluated.emit(list(result))
        else:
            rec: Recording = result
            panel.show_status(
                translate(
                    "Viewport",
                    "Saved the best of {0} episodes (score {1}) to {2}: "
                    "{3} frames at {4} fps, {5}.",
                ).format(
                    len(rec.scores),
                    f"{rec.best_score:g}",
                    rec.path,
                    rec.frames,
                    f"{rec.fps:g}",
                    size_text(rec.nbytes),
                )
            )
            panel.show_scores(translate("Viewport", "Recording"), list(rec.scores))
            panel.recorded.emit(rec)

    @Slot(str, str, str)
    def _job_failed(self, kind: str, message: str, _details: str) -> None:
        what = (
            translate("Viewport", "Evaluation failed: {0}")
            if kind == "evaluate"
            else translate("Viewport", "Export failed: {0}")
        )
        self.panel.show_status(what.format(message), error=True)

    @Slot(str)
    def _job_cancelled(self, _kind: str) -> None:
        self.panel.show_status(translate("Jobs", CANCELLED))

    @Slot(bool)
    def _job_busy(self, busy: bool) -> None:
        self.panel.controls.show_busy(busy)

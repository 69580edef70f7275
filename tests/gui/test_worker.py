"""The training worker: signals, pause/resume/stop, live changes, evaluation, errors, threads."""

import os
import sys
import threading

import pytest
from PySide6.QtCore import QObject, Signal

from dqn_lab.core.config import Config
from dqn_lab.core.records import EpisodeEnd, Progress, SettingsChanged
from dqn_lab.gui.worker import TrainingSession, lower_this_thread_priority

LONG = dict(episodes=100_000, memory_size=2000)  # on top of small_config; stopped by the test
TIMEOUT_MS = 120_000


class Recorder(QObject):
    """Collects a session's signals on the GUI thread (queued, like the main window)."""

    result = Signal(object)

    def __init__(self, session: TrainingSession) -> None:
        super().__init__()
        self.events: dict[str, list] = {}
        w = session.worker
        for name in (
            "ready",
            "progress",
            "episodes",
            "settings_changed",
            "change_rejected",
            "snapshot",
            "evaluation",
            "errored",
            "finished",
        ):
            getattr(w, name).connect(getattr(self, f"_{name}"))
        self.result.connect(self._result)

    def _add(self, name, *args):
        self.events.setdefault(name, []).append(args[0] if len(args) == 1 else args)

    def _ready(self, v):
        self._add("ready", v)

    def _progress(self, v):
        self._add("progress", v)

    def _episodes(self, batch):  # each episode under "episode", batches apart
        self._add("episodes", batch)
        for ev in batch:
            self._add("episode", ev)

    def _settings_changed(self, v):
        self._add("settings_changed", v)

    def _change_rejected(self, v):
        self._add("change_rejected", v)

    def _snapshot(self, v):
        self._add("snapshot", v)

    def _evaluation(self, v):
        self._add("evaluation", v)

    def _errored(self, m, t):
        self._add("errored", m, t)

    def _finished(self, v):
        self._add("finished", v)

    def _result(self, v):
        self._add("result", v)

    def get(self, name):
        return self.events.get(name, [])


@pytest.fixture
def session_factory(qtbot):
    sessions = []

    def make(config, **kw):
        session = TrainingSession(config, **kw)
        sessions.append(session)
        return session, Recorder(session)

    yield make
    for session in sessions:
        assert session.shutdown(), "the training thread did not end"
        assert session.thread is None or session.thread.isFinished()


def wait_for(qtbot, recorder, name, count=1, timeout=TIMEOUT_MS):
    qtbot.waitUntil(lambda: len(recorder.get(name)) >= count, timeout=timeout)


def test_a_tiny_run_emits_ready_episodes_snapshots_and_a_summary(
    qtbot, session_factory, small_config
):
    session, rec = session_factory(small_config())
    session.start()
    wait_for(qtbot, rec, "finished")
    assert rec.get("errored") == []
    ready = rec.get("ready")[0]
    assert ready["config"].episodes == 5 and ready["info"].state_size == 4
    assert "hidden_1" in ready["architecture"] and "masked_q" in ready["architecture"]
    episodes = rec.get("episode")
    assert [e.episode for e in episodes] == list(range(5))
    assert all(isinstance(e, EpisodeEnd) for e in episodes)
    summary = rec.get("finished")[0]
    assert summary["episodes"] == 5 and summary["env_steps"] == episodes[-1].env_steps
    snap = rec.get("snapshot")[-1]
    assert set(snap) == {
        "replay",
        "histograms",
        "policy",
        "counters",
        "kind",
        "env_id",
        "env_steps",
        "episode",
    }
    assert snap["kind"] == "dqn" and snap["env_steps"] == summary["env_steps"]
    assert snap["replay"]["size"] == min(500, summary["env_steps"])
    assert len(snap["histograms"]) == 4
    assert snap["policy"].q_values([0.0, 0.0, 0.0, 0.0]).shape == (2,)
    assert session.shutdown() and session.thread.isFinished() and not session.running


def test_pause_holds_the_loop_resume_continues_and_stop_ends_it(
    qtbot, session_factory, small_config
):
    session, rec = session_factory(small_config(**LONG))
    session.start()
    # Past replay start: the first update compiles, and a pause waits for the next step.
    qtbot.waitUntil(
        lambda: bool(rec.get("progress")) and rec.get("progress")[-1].env_steps > 300,
        timeout=TIMEOUT_MS,
    )
    session.pause()
    qtbot.wait(300)  # let in-flight progress arrive
    held = len(rec.get("progress"))
    steps = rec.get("progress")[-1].env_steps
    qtbot.wait(700)
    assert len(rec.get("progress")) == held, "progress kept coming while paused"
    # Every episode played before the pause has been shown (batches are sent on pause).
    session.worker.request(lambda trainer: trainer.episode, rec.result.emit)
    wait_for(qtbot, rec, "result")
    assert [e.episode for e in rec.get("episode")] == list(range(rec.get("result")[0]))
    session.resume()
    qtbot.waitUntil(lambda: rec.get("progress")[-1].env_steps > steps, timeout=TIMEOUT_MS)
    session.stop()
    wait_for(qtbot, rec, "finished")
    summary = rec.get("finished")[0]
    assert summary["stopped"] is True and summary["episodes"] < 100_000
    assert session.shutdown() and session.thread.isFinished()


def test_a_live_change_reaches_the_agent_and_is_reported(qtbot, session_factory, small_config):
    session, rec = session_factory(small_config(**LONG))
    session.start()
    wait_for(qtbot, rec, "progress")
    session.change(alpha=0.005, epsilon=0.25)
    wait_for(qtbot, rec, "settings_changed")
    ev = rec.get("settings_changed")[0]
    assert isinstance(ev, SettingsChanged)
    changes = {k: (old, new) for k, old, new in ev.changes}
    assert changes["alpha"] == (0.001, 0.005)
    # epsilon's old value is the one the agent acted with (decayed from 1.0 once replay began)
    assert changes["epsilon"][1] == 0.25 and 0.0 < changes["epsilon"][0] <= 1.0
    # Read the agent where it lives: on the worker thread, at a safe point.
    session.worker.request(
        lambda t: (t.agent.learning_rate(), t.config.alpha, t.history[-1]["key"]), rec.result.emit
    )
    wait_for(qtbot, rec, "result")
    lr, alpha, key = rec.get("result")[0]
    assert lr == pytest.approx(0.005) and alpha == 0.005 and key in ("alpha", "epsilon")
    session.change(memory_size=10)  # not live: the loop rejects it with a message
    wait_for(qtbot, rec, "change_rejected")
    assert "memory_size cannot change during a run" in rec.get("change_rejected")[0]
    session.stop()
    wait_for(qtbot, rec, "finished")


def test_evaluation_runs_on_the_worker_between_steps_also_while_paused(
    qtbot, session_factory, small_config
):
    session, rec = session_factory(small_config(**LONG))
    session.start()
    wait_for(qtbot, rec, "episode", 2)
    session.pause()
    session.evaluate(episodes=3)
    wait_for(qtbot, rec, "evaluation")
    episode, scores, ends = rec.get("evaluation")[0]
    assert episode >= 2 and len(scores) == 3 and all(1 <= s <= 200 for s in scores)
    # How they ended: cut by the step limit exactly when they reached it.
    assert sum(ends.values()) == 3 and set(ends) <= {"pole", "cart", "limit"}
    assert ends.get("limit", 0) == sum(s >= 200 for s in scores)
    session.stop()
    wait_for(qtbot, rec, "finished")


def test_snapshots_are_throttled_to_about_two_per_second(qtbot, session_factory, small_config):
    session, rec = session_factory(small_config(**LONG))
    session.start()
    wait_for(qtbot, rec, "progress", 40)  # ~2 s of training (after the compile)
    session.stop()
    wait_for(qtbot, rec, "finished")
    elapsed = rec.get("progress")[-1].elapsed_s  # the loop's own clock
    progress = len(rec.get("progress"))
    snapshots = len(rec.get("snapshot"))
    assert progress <= elapsed / 0.05 + 2  # ~20 Hz of progress at most
    assert 3 <= snapshots <= elapsed / 0.5 + 3  # first, ~2 Hz, last


def test_an_error_is_emitted_with_its_traceback_then_finished_none(
    qtbot, session_factory, small_config
):
    def broken_factory(config, control):
        raise RuntimeError("the environment exploded")

    session, rec = session_factory(small_config(), trainer_factory=broken_factory)
    session.start()
    wait_for(qtbot, rec, "finished")
    message, details = rec.get("errored")[0]
    assert message == "RuntimeError: the environment exploded"
    assert "Traceback" in details and "broken_factory" in details
    assert rec.get("finished") == [None]
    assert session.shutdown() and session.thread.isFinished()


def test_an_error_inside_the_loop_closes_the_trainer(qtbot, session_factory, small_config):
    closed = []

    class FailingTrainer:
        def __init__(self, config, control):
            from dqn_lab.core.training import Trainer

            self.inner = Trainer(config, control)
            self.config, self.info, self.agent = config, self.inner.info, self.inner.agent
            self.env_steps = self.episode = 0

        def run(self):
            yield Progress(1, 0, 1, 1.0, 10.0, 0.1)
            raise ValueError("bad step")

        def close(self):
            closed.append(True)
            self.inner.close()

    session, rec = session_factory(small_config(), trainer_factory=FailingTrainer)
    session.start()
    wait_for(qtbot, rec, "finished")
    assert rec.get("errored")[0][0] == "ValueError: bad step"
    assert len(rec.get("progress")) == 1 and closed == [True]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="per-thread nice is Linux")
def test_a_background_thread_lowers_only_its_own_priority():
    seen = {}

    def body():
        tid = threading.get_native_id()
        before = os.getpriority(os.PRIO_PROCESS, tid)
        seen["lowered"] = lower_this_thread_priority(3)
        seen["delta"] = os.getpriority(os.PRIO_PROCESS, tid) - before

    main_before = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    thread = threading.Thread(target=body)
    thread.start()
    thread.join()
    assert seen == dict(lowered=True, delta=min(19, main_before + 3) - main_before)
    assert os.getpriority(os.PRIO_PROCESS, threading.get_native_id()) == main_before


def test_fast_episodes_arrive_in_order_in_few_batches(qtbot, session_factory):
    # No learning (replay never starts): ~20-step episodes end hundreds of times a second.
    session, rec = session_factory(
        Config().replace(episodes=400, start_replay_step=10**6, memory_size=10**6)
    )
    session.start()
    wait_for(qtbot, rec, "finished")
    assert [e.episode for e in rec.get("episode")] == list(range(400))
    assert len(rec.get("episodes")) < 100, len(rec.get("episodes"))


def test_a_held_run_waits_after_ready_until_the_window_has_drawn_it(
    qtbot, session_factory, small_config
):
    session, rec = session_factory(small_config(**LONG))
    session.worker.shown_timeout_s = 60.0  # only shown() can release it here
    session.hold_until_shown()
    session.start()
    wait_for(qtbot, rec, "ready")
    qtbot.wait(300)
    assert rec.get("progress") == [] and rec.get("episode") == []  # not one step yet
    session.shown()
    wait_for(qtbot, rec, "progress")
    session.stop()
    wait_for(qtbot, rec, "finished")


def test_stopping_a_held_run_ends_it_at_once(qtbot, session_factory, small_config):
    session, rec = session_factory(small_config(**LONG))
    session.worker.shown_timeout_s = 60.0
    session.hold_until_shown()
    session.start()
    wait_for(qtbot, rec, "ready")
    session.stop()
    wait_for(qtbot, rec, "finished", timeout=20_000)  # far under the 60 s hold
    assert rec.get("finished")[0]["episodes"] == 0


def test_the_job_runner_reports_results_errors_and_cancels_and_joins(qtbot):
    import time

    from dqn_lab.core.recording import Cancelled
    from dqn_lab.gui.jobs import JobRunner

    runner = JobRunner(None, "dqn-lab-test-job")
    with qtbot.waitSignal(runner.done, timeout=30_000) as blocker:
        assert runner.start("answer", lambda progress, should_stop: 42)
    assert blocker.args == ["answer", 42] and not runner.busy  # idle when reported
    with qtbot.waitSignal(runner.failed, timeout=30_000) as blocker:
        runner.start("boom", lambda progress, should_stop: 1 / 0)
    kind, message, details = blocker.args  # emitted, never swallowed
    assert kind == "boom" and message == "division by zero"
    assert "ZeroDivisionError" in details and "Traceback" in details
    started = threading.Event()

    def until_stopped(progress, should_stop):
        started.set()
        while not should_stop():
            time.sleep(0.01)
        raise Cancelled()

    with qtbot.waitSignal(runner.cancelled, timeout=30_000) as blocker:
        runner.start("loop", until_stopped)
        assert started.wait(30)
        assert not runner.start("other", until_stopped)  # one job at a time
        runner.cancel()
    assert blocker.args == ["loop"]
    qtbot.waitUntil(lambda: not runner.busy, timeout=30_000)
    started.clear()
    runner.start("loop", until_stopped)
    assert started.wait(30)
    runner.shutdown()  # cancels and joins
    assert not runner.busy


def test_a_population_pause_does_not_count_in_its_time(
    qtbot, session_factory, small_config, monkeypatch
):
    """As a solo run's (tests/test_training.py): a population left paused had its pause in
    its members' time and average speed. On a clock that only moves while the population
    is paused, its run took no time at all."""
    import time
    from types import SimpleNamespace

    from dqn_lab.core import population
    from dqn_lab.gui import worker

    clock = SimpleNamespace(t=0.0)
    fake = SimpleNamespace(
        monotonic=lambda: clock.t, perf_counter=time.perf_counter, process_time=time.process_time
    )
    monkeypatch.setattr(population, "time", fake)
    monkeypatch.setattr(worker, "time", fake)
    session, rec = session_factory(small_config(episodes=3), seeds=[1, 2])
    control = session.worker.control

    def paused_for_a_while(timeout: float = 0.1) -> None:
        clock.t += 100.0  # as if the user read a question for 100 s
        control.resume()

    control.wait_while_paused = paused_for_a_while
    played = []
    session.worker.member_episodes.connect(played.extend)
    control.pause()  # held at the first safe point
    session.start()
    wait_for(qtbot, rec, "finished")
    assert rec.get("errored") == []
    assert clock.t == 100.0  # it did wait
    summary = rec.get("finished")[0]
    assert summary["wall_s"] == 0.0
    assert [m["wall_s"] for m in summary["members"]] == [0.0, 0.0]
    assert len(played) == 6 and all(ev.elapsed_s == 0.0 for _, ev in played)

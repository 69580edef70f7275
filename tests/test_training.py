"""The training loop: events, determinism, stop/pause, live changes, evaluation."""

import threading
import time

import pytest

from dqn_lab.core.config import Config
from dqn_lab.core.records import (
    EPISODE_COLUMNS,
    ChangeRejected,
    EpisodeEnd,
    Progress,
    RunFinished,
    SafePoint,
    SettingsChanged,
)
from dqn_lab.core.training import Trainer, TrainingControl, evaluate


def run_all(trainer):
    return list(trainer.run())


def test_events_and_statistics_as_in_the_notebook(small_config):
    trainer = Trainer(small_config(episodes=6))
    events = run_all(trainer)
    ends = [e for e in events if isinstance(e, EpisodeEnd)]
    assert [e.episode for e in ends] == list(range(6))
    assert isinstance(events[-1], RunFinished)
    summary = events[-1].summary
    assert summary["episodes"] == 6 and summary["threshold"] == 195.0
    assert summary["env_steps"] == sum(e.steps for e in ends)
    assert summary["scores"] == [e.score for e in ends]
    assert set(trainer.statistics[0]) >= {"episode", "score", "steps"}
    assert tuple(trainer.statistics[0]) == EPISODE_COLUMNS  # in the CSV's column order
    assert summary["solved"] is False  # fewer than 100 episodes cannot pass


def test_same_seed_same_run(small_config):
    a = Trainer(small_config(episodes=12))
    b = Trainer(small_config(episodes=12))
    sa, sb = run_all(a)[-1].summary, run_all(b)[-1].summary
    assert sa["scores"] == sb["scores"]
    assert a.agent.updates > 0
    for wa, wb in zip(a.agent.model.get_weights(), b.agent.model.get_weights()):
        assert (wa == wb).all()
    c = Trainer(small_config(episodes=12, seed=43))
    assert run_all(c)[-1].summary["scores"] != sa["scores"]


def test_stop_from_another_thread_ends_the_run_cleanly():
    control = TrainingControl()
    trainer = Trainer(Config().replace(episodes=10_000), control)
    timer = threading.Timer(1.0, control.stop)
    timer.start()
    events = run_all(trainer)
    timer.join()
    summary = events[-1].summary
    assert summary["stopped"] and 0 < summary["episodes"] < 10_000
    assert any(isinstance(e, Progress) for e in events)


def test_pause_blocks_the_loop_and_resume_continues():
    control = TrainingControl()
    trainer = Trainer(Config().replace(episodes=10_000), control)
    gen = trainer.run()
    next(gen)
    control.pause()
    steps = []

    def consume():
        for _ in gen:
            steps.append(trainer.env_steps)

    worker = threading.Thread(target=consume)
    worker.start()
    time.sleep(0.5)
    paused_at = trainer.env_steps
    time.sleep(0.5)
    assert trainer.env_steps == paused_at
    control.resume()
    time.sleep(0.5)
    assert trainer.env_steps > paused_at
    control.stop()
    worker.join(10)
    assert not worker.is_alive()


def test_live_changes_take_effect_and_are_recorded(small_config):
    control = TrainingControl()
    trainer = Trainer(small_config(episodes=20), control)
    seen = []
    for event in trainer.run():
        if isinstance(event, EpisodeEnd) and event.episode == 2:
            control.change(alpha=0.01, epsilon=0.2)
            control.change(memory_size=100)  # not live: rejected with a message
        if isinstance(event, (SettingsChanged, ChangeRejected)):
            seen.append(event)
    rejected = [e for e in seen if isinstance(e, ChangeRejected)]
    assert rejected and "memory_size cannot change during a run" in rejected[0].message
    # a rejected batch does not apply the valid part either; apply it alone
    control2 = TrainingControl()
    trainer2 = Trainer(small_config(episodes=5), control2)
    changed = []
    for event in trainer2.run():
        if isinstance(event, EpisodeEnd) and event.episode == 1:
            control2.change(alpha=0.01, epsilon=0.2)
        if isinstance(event, SettingsChanged):
            changed.append(event)
    assert changed and {c[0] for c in changed[0].changes} == {"alpha", "epsilon"}
    assert trainer2.agent.learning_rate() == pytest.approx(0.01)
    assert [h["key"] for h in trainer2.history] == ["alpha", "epsilon"]
    assert trainer2.history[0]["episode"] == 2


def test_requests_run_on_the_training_thread(small_config):
    control = TrainingControl()
    trainer = Trainer(small_config(episodes=6), control)
    got = []
    control.request(lambda t: got.append((threading.get_ident(), t.env_steps)))
    run_all(trainer)
    assert got and got[0][0] == threading.get_ident()


def test_greedy_evaluation_on_its_own_environment(small_config):
    trainer = Trainer(small_config(episodes=6))
    run_all(trainer)
    scores = evaluate(trainer.agent.policy, "CartPole-v0", episodes=3)
    assert len(scores) == 3 and all(1 <= s <= 200 for s in scores)
    assert scores == evaluate(trainer.agent.policy, "CartPole-v0", episodes=3)


def test_other_environments_run(small_config):
    trainer = Trainer(small_config(episodes=1, env_id="Acrobot-v1", max_steps=50))
    summary = run_all(trainer)[-1].summary
    assert summary["env_steps"] == 50 and summary["threshold"] == -100.0


def test_a_safe_point_is_announced_before_requests_and_changes_run(small_config):
    control = TrainingControl()
    trainer = Trainer(small_config(episodes=6), control)
    events, seen_at = [], []
    for ev in trainer.run():
        events.append(ev)
        if isinstance(ev, EpisodeEnd) and ev.episode == 2:
            control.request(lambda t: seen_at.append(len(events)))
            control.change(alpha=0.002)
    trainer.close()
    # A consumer holding events back (the GUI batches episodes) gets a SafePoint first,
    # then the change, and only then does the request run.
    last_episode = max(i for i, e in enumerate(events[: seen_at[0]]) if isinstance(e, EpisodeEnd))
    between = events[last_episode + 1 : seen_at[0]]
    assert [type(e) for e in between] == [SafePoint, SettingsChanged], between
    assert between[0].episode == 3 and not between[0].paused


def test_a_pause_does_not_count_in_the_runs_time(small_config, monkeypatch):
    """A new user's report: a run left paused (or held by the unsaved-run question) ended
    with its average speed divided by the pause. The run's clock stops while it waits: on
    a clock that only moves while the loop is paused, the run took no time at all."""
    from types import SimpleNamespace

    from dqn_lab.core import training

    clock = SimpleNamespace(t=0.0)
    monkeypatch.setattr(training, "time", SimpleNamespace(monotonic=lambda: clock.t))
    control = TrainingControl()

    def paused_for_a_while(timeout: float = 0.1) -> None:
        clock.t += 100.0  # as if the user read a question for 100 s
        control.resume()

    control.wait_while_paused = paused_for_a_while
    trainer = Trainer(small_config(episodes=3), control)
    events = []
    for event in trainer.run():
        events.append(event)
        if isinstance(event, EpisodeEnd) and event.episode == 0:
            control.pause()
    assert clock.t == 100.0  # it did wait
    assert any(isinstance(e, SafePoint) and e.paused for e in events)
    assert trainer.wall_s == 0.0 and events[-1].summary["wall_s"] == 0.0


def test_a_live_epsilon_replaces_the_value_the_agent_acts_with(small_config):
    """A new user's report: a change mark read "Epsilon 1→0.3" while epsilon had decayed to
    0.005; and setting it back to 1.0 (the config's start value) changed nothing."""
    control = TrainingControl()
    trainer = Trainer(small_config(episodes=12, epsilon_decay=0.05), control)
    changes, acting = [], []
    for event in trainer.run():
        if isinstance(event, EpisodeEnd) and event.episode == 5:
            acting.append(trainer.agent.epsilon)
            control.change(epsilon=1.0)  # the config's own start value: re-explore
        if isinstance(event, SettingsChanged):
            changes.append(event)
            acting.append(trainer.agent.epsilon)
    decayed = acting[0]
    assert decayed < 0.5  # it had decayed below the start value
    assert changes and changes[0].changes == (("epsilon", decayed, 1.0),)
    assert acting[1] == 1.0  # it acts with the new value at once

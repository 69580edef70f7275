"""Agents: faithful to the seed's model.fit update, fast NumPy acting, live changes."""

import numpy as np
import pytest

from dqn_lab.core.agents import DQNAgent, NaiveAgent, make_agent, scheduled_alpha
from dqn_lab.core.config import Config
from dqn_lab.core.model import build_model
from dqn_lab.core.replay import Batch


def random_batch(rng, b=32, n=4):
    return Batch(
        rng.standard_normal((b, n)).astype(np.float32),
        rng.integers(0, 2, b).astype(np.int32),
        np.ones(b, np.float32),
        rng.standard_normal((b, n)).astype(np.float32),
        (rng.random(b) < 0.2).astype(np.float32),
    )


def seed_replay(model, target, batch, gamma):
    """The notebook's _replay, literally: predict next Q, zero terminals, fit on the one-hot."""
    next_q = target.predict([batch.next_states, np.ones((len(batch.actions), 2))], verbose=0)
    next_q[batch.dones.astype(bool)] = 0.0
    q = batch.rewards + gamma * np.max(next_q, axis=1)
    one_hot = np.eye(2)[batch.actions]
    model.fit(x=[batch.states, one_hot], y=one_hot * q[:, None], batch_size=len(q), verbose=0)


@pytest.mark.parametrize("kind,updates", [("dqn", 1), ("naive", 1), ("dqn", 4), ("naive", 4)])
def test_updates_match_the_seeds_model_fit(kind, updates):
    import keras

    config = Config(agent=kind, gamma=0.9, updates_per_call=updates)
    keras.utils.set_random_seed(7)
    agent = make_agent(config, 4, 2)
    seed_model = build_model(4, 2, config.alpha)
    seed_target = build_model(4, 2, config.alpha)  # different random weights
    agent.set_weights(seed_model.get_weights(), seed_target.get_weights())
    rng = np.random.default_rng(0)
    batches = [random_batch(rng) for _ in range(updates)]
    for batch in batches:
        seed_replay(seed_model, seed_target if kind == "dqn" else seed_model, batch, 0.9)
        agent._queue_update(batch)
    agent.flush()
    assert agent.updates == updates
    for ours, theirs in zip(agent.model.get_weights(), seed_model.get_weights()):
        np.testing.assert_allclose(ours, theirs, rtol=1e-4, atol=1e-5)
    # The acting copy follows the trained weights.
    states = rng.standard_normal((50, 4)).astype(np.float32)
    np.testing.assert_allclose(
        agent.q_values(states), np.asarray(seed_model([states, np.ones((50, 2))])), atol=1e-4
    )


@pytest.mark.parametrize("dueling", [False, True])
def test_numpy_policy_matches_the_keras_model(dueling):
    agent = make_agent(Config(dueling=dueling, hidden_sizes=(16, 8, 8)), 4, 2)
    states = np.random.default_rng(1).standard_normal((100, 4)).astype(np.float32)
    keras_q = np.asarray(agent.model([states, np.ones((100, 2), np.float32)]))
    np.testing.assert_allclose(agent.q_values(states), keras_q, atol=1e-5)
    assert agent.act(states[0], greedy=True) == int(np.argmax(keras_q[0]))


def test_naive_memory_is_only_the_last_batch_and_dqn_waits_for_replay_start():
    naive = make_agent(Config(agent="naive", batch_size=8), 4, 2)
    dqn = make_agent(Config(batch_size=8, start_replay_step=20), 4, 2)
    assert isinstance(naive, NaiveAgent) and isinstance(dqn, DQNAgent)
    s = np.zeros(4, np.float32)
    for i in range(30):
        naive.train((s, 0, s, 1.0, False))
        dqn.train((s, 1, s, 1.0, False))
        if i == 6:
            assert naive.updates == 0 and naive.epsilon == 1.0
    naive.flush(), dqn.flush()
    assert naive.memory.capacity == 8 and len(naive.memory) == 8
    assert naive.updates == 30 - 7  # replays every step once the batch is full
    assert dqn.updates == 10 and len(dqn.memory) == 30  # steps 20..29
    assert dqn.epsilon == pytest.approx((1 - 0.0005) ** 10)


def test_hard_target_sync_every_interval_and_soft_updates():
    agent = make_agent(
        Config(batch_size=4, start_replay_step=4, target_model_update_interval=5), 4, 2
    )
    rng = np.random.default_rng(2)
    online = lambda: agent.model.get_weights()[0]  # noqa: E731
    target = lambda: agent.target_model.get_weights()[0]  # noqa: E731
    for i in range(4):
        s = rng.standard_normal(4).astype(np.float32)
        agent.train((s, i % 2, s, 1.0, False))
    agent.flush()
    before_sync = online()
    for i in range(4, 6):  # step 5 syncs, then updates
        s = rng.standard_normal(4).astype(np.float32)
        agent.train((s, i % 2, s, 1.0, False))
    agent.flush()
    assert not np.allclose(online(), target())
    assert not np.allclose(target(), before_sync)
    soft = make_agent(
        Config(batch_size=4, start_replay_step=4, target_update="soft", tau=0.5), 4, 2
    )
    t0 = soft.target_model.get_weights()[0]
    for i in range(6):
        s = rng.standard_normal(4).astype(np.float32)
        soft.train((s, i % 2, s, 1.0, False))
    soft.flush()
    assert not np.allclose(soft.target_model.get_weights()[0], t0)


def test_live_changes_reach_the_optimizer_and_the_compiled_step():
    agent = make_agent(Config(), 4, 2)
    agent.apply_config(agent.config.replace(alpha=0.01, gamma=0.5, epsilon=0.3))
    assert agent.learning_rate() == pytest.approx(0.01)
    assert agent.gamma() == pytest.approx(0.5)
    assert agent.epsilon == pytest.approx(0.3)


def test_linear_epsilon_schedule():
    agent = make_agent(
        Config(
            epsilon_schedule="linear",
            epsilon_decay=0.1,
            epsilon_min=0.5,
            agent="naive",
            batch_size=2,
        ),
        4,
        2,
    )
    s = np.zeros(4, np.float32)
    for _ in range(12):
        agent.train((s, 0, s, 0.0, True))
    assert agent.epsilon == pytest.approx(0.5)


def test_target_sync_inside_a_chunk_matches_sequential_seed_updates():
    """Update 1, then sync target <- online, then update 2 (all in one compiled call)."""
    import keras

    config = Config(gamma=0.9, updates_per_call=3)
    keras.utils.set_random_seed(11)
    agent = make_agent(config, 4, 2)
    seed_model, seed_target = build_model(4, 2, config.alpha), build_model(4, 2, config.alpha)
    agent.set_weights(seed_model.get_weights(), seed_target.get_weights())
    rng = np.random.default_rng(5)
    batches = [random_batch(rng) for _ in range(3)]
    seed_replay(seed_model, seed_target, batches[0], 0.9)
    seed_target.set_weights(seed_model.get_weights())  # the seed's hard sync
    seed_replay(seed_model, seed_target, batches[1], 0.9)
    seed_replay(seed_model, seed_target, batches[2], 0.9)
    agent._queue_update(batches[0])
    agent._sync_pending = True
    agent._queue_update(batches[1])
    agent._queue_update(batches[2])
    assert agent.updates == 3
    for ours, theirs in zip(agent.model.get_weights(), seed_model.get_weights()):
        np.testing.assert_allclose(ours, theirs, rtol=1e-4, atol=1e-5)
    for ours, theirs in zip(agent.target_model.get_weights(), seed_target.get_weights()):
        np.testing.assert_allclose(ours, theirs, rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize("kind,updates", [("dqn", 1), ("naive", 4)])
def test_compiling_ahead_leaves_the_agent_and_its_training_unchanged(kind, updates):
    import keras

    config = Config(agent=kind, updates_per_call=updates, target_model_update_interval=3)
    agents = []
    for ahead in (False, True):
        keras.utils.set_random_seed(3)
        agent = make_agent(config, 4, 2)
        if ahead:
            before = agent.export_state()
            agent.compile_ahead()
            after = agent.export_state()
            for group in ("online", "target", "optimizer"):
                for name, value in before[group].items():
                    np.testing.assert_array_equal(after[group][name], value, err_msg=name)
        rng = np.random.default_rng(1)
        for _ in range(9):
            agent._queue_update(random_batch(rng))
        agent.flush()
        agents.append(agent)
    plain, ahead = (a.export_state() for a in agents)
    for group in ("online", "target", "optimizer"):
        for name, value in plain[group].items():
            np.testing.assert_array_equal(ahead[group][name], value, err_msg=name)


def test_train_takes_the_notebooks_order_and_refuses_another():
    agent = make_agent(Config(agent="naive", batch_size=2), 4, 2)
    s, s2 = np.zeros(4, np.float32), np.ones(4, np.float32)
    agent.train((s, 1, s2, 0.5, True))
    assert agent.memory.rewards[0] == 0.5 and agent.memory.actions[0] == 1
    np.testing.assert_array_equal(agent.memory.next_states[0], s2)
    with pytest.raises(TypeError, match="state, action, next_state, reward, done"):
        agent.train((s, 1, 0.5, s2, True))


# -- the learning-rate schedule ------------------------------------------------------------------
LINEAR = dict(
    alpha=0.01,
    alpha_min=0.001,
    alpha_decay_steps=20,
    alpha_schedule="linear",
    batch_size=4,
    start_replay_step=8,
    memory_size=100,
)


def expected_rate(i: int, start: int = 8) -> float:
    """The rate of the update queued at transition i, computed here from the schedule's rule."""
    fraction = min(max(i - start, 0) / 20, 1.0)
    return float(np.float32(0.01 + fraction * (0.001 - 0.01)))  # the learner keeps float32


def _agent(**changes):
    from dqn_lab.core.training import seed_everything

    seed_everything(7)
    return make_agent(Config(**{**LINEAR, **changes}).replace(), 4, 2)


def _transitions(n: int):
    rng = np.random.default_rng(3)
    for i in range(n):
        s, s2 = rng.standard_normal(4).astype(np.float32), rng.standard_normal(4).astype(np.float32)
        yield i, (s, int(i % 2), s2, 1.0, bool(i % 7 == 6))


def test_the_linear_schedule_sets_the_rate_the_compiled_step_reads():
    """The rate after each update follows the schedule; the weights equal those of a constant
    run whose alpha is changed live to the same rate before every step."""
    scheduled = _agent()
    manual = _agent(alpha_schedule="constant")
    rates = []
    for i, t in _transitions(40):
        manual.apply_config(manual.config.replace(alpha=expected_rate(i)))
        scheduled.train(t)
        manual.train(t)
        rates.append(scheduled.learning_rate())
    assert rates == [expected_rate(i) for i in range(40)]
    assert rates[-1] == pytest.approx(0.001) and scheduled.updates == manual.updates == 32
    for a, b in zip(scheduled.model.get_weights(), manual.model.get_weights()):
        assert np.array_equal(a, b)


def test_the_schedule_with_several_updates_per_call_uses_the_rate_at_the_flush():
    agent = _agent(updates_per_call=4, gradient_steps=1)
    for i, t in _transitions(30):
        agent.train(t)
        if len(agent._queue) == 0 and i >= 8:  # a call ran: the rate of its last update
            assert agent.learning_rate() == expected_rate(i)


def test_live_schedule_changes_and_the_naive_agent():
    agent = _agent()
    for _, t in _transitions(18):  # 10 learning steps: halfway
        agent.train(t)
    agent.apply_config(agent.config.replace(alpha_min=0.005))
    assert agent.learning_rate() == pytest.approx(0.01 + 0.5 * (0.005 - 0.01))
    agent.apply_config(agent.config.replace(alpha_schedule="constant"))
    assert agent.learning_rate() == pytest.approx(0.01)
    naive = _agent(agent="naive", start_replay_step=0)
    for i, t in _transitions(12):
        naive.train(t)
        if i >= 3:  # learns from its first full batch; the schedule counts from step 0
            assert naive.learning_rate() == expected_rate(i, start=0)


def test_alpha_min_above_alpha_is_refused_for_the_linear_schedule():
    from dqn_lab.core.config import ConfigError

    with pytest.raises(ConfigError, match="alpha_min 0.02 must not exceed alpha 0.01"):
        Config().replace(**{**LINEAR, "alpha_min": 0.02})
    Config().replace(alpha=0.01, alpha_min=0.02)  # the constant schedule ignores alpha_min


def test_population_members_follow_the_schedule_as_solo_runs(small_config):
    from dqn_lab.core.agents import scheduled_alpha
    from dqn_lab.core.population import train_population
    from dqn_lab.core.training import Trainer

    config = small_config(
        max_env_steps=300,
        episodes=100_000,
        alpha_schedule="linear",
        alpha_min=1e-4,
        alpha_decay_steps=150,
        updates_per_call=4,
    )
    members = train_population(config, [3, 4], eval_episodes=0)
    for m, seed in zip(members, (3, 4)):
        trainer = Trainer(config.replace(seed=seed))
        for _ in trainer.run():
            pass
        trainer.close()
        assert m["scores"] == trainer.scores and m["updates"] == trainer.agent.updates
        assert trainer.agent.learning_rate() == float(
            np.float32(scheduled_alpha(config, trainer.agent.step - 1 - 64))
        )


def test_a_resumed_scheduled_run_equals_the_uninterrupted_one(tmp_path, small_config):
    """Saved mid-annealing (at an episode end) and loaded: the same scores, rates and weights."""
    from dqn_lab.core.agents import scheduled_alpha
    from dqn_lab.core.persistence import load_bundle, save_bundle
    from dqn_lab.core.training import Trainer, TrainingControl

    config = small_config(
        episodes=16,
        memory_size=2000,
        alpha_schedule="linear",
        alpha_min=1e-4,
        alpha_decay_steps=300,
    )
    control = TrainingControl()
    straight = Trainer(config, control)
    path, saved = tmp_path / "half.dqnlab", []
    for event in straight.run():
        if type(event).__name__ == "EpisodeEnd" and event.episode == 7:
            control.request(lambda t: saved.append((save_bundle(path, t), t.agent.step)))
    step = saved[0][1]
    assert 64 < step < 64 + 300  # the save falls inside the annealing
    loaded = load_bundle(path).trainer
    # the rate of the last update before the save (transition step - 1), restored exactly
    assert loaded.agent.learning_rate() == float(np.float32(scheduled_alpha(config, step - 65)))
    for _ in loaded.run():
        pass
    assert loaded.scores == straight.scores and loaded.agent.step == straight.agent.step
    assert loaded.agent.learning_rate() == straight.agent.learning_rate() < config.alpha
    for a, b in zip(straight.agent.model.get_weights(), loaded.agent.model.get_weights()):
        assert np.array_equal(a, b)
    straight.close()
    loaded.close()


# -- solved_rate_factor: a lower rate while the recent training episodes pass ------------------
def test_the_rate_drops_by_the_factor_while_the_last_window_reaches_the_threshold():
    agent = _agent(solved_rate_factor=0.1, solved_window=3)
    transitions = list(_transitions(40))
    for _, t in transitions[:12]:
        agent.train(t)
    agent.episode_ended([500.0, 480.0], 475.0)  # fewer episodes than the window
    assert not agent.solved
    agent.episode_ended([100.0, 500.0, 480.0, 460.0], 475.0)  # the last 3 average 480
    assert agent.solved
    i, t = transitions[12]
    agent.train(t)
    assert agent.learning_rate() == float(np.float32(0.1 * expected_rate(i)))
    agent.episode_ended([500.0, 480.0, 440.0], 475.0)  # fell back: the schedule's rate again
    i, t = transitions[13]
    agent.train(t)
    assert agent.learning_rate() == expected_rate(i)
    agent.episode_ended([500.0] * 3, None)  # an environment without a threshold: never solved
    assert not agent.solved


def test_after_a_fall_the_rate_stays_at_the_square_root_of_the_factor_for_a_few_episodes():
    agent = _agent(solved_rate_factor=0.01, solved_window=2, solved_fallback_episodes=2)
    transitions = iter(list(_transitions(40)))
    for _ in range(12):
        agent.train(next(transitions)[1])

    def rate_after(scores: list[float]) -> float:
        """The rate of the next update after an episode end with these scores, over the
        schedule's rate."""
        agent.episode_ended(scores, 475.0)
        i, t = next(transitions)
        agent.train(t)
        return agent.learning_rate() / expected_rate(i)

    assert rate_after([500.0, 480.0]) == pytest.approx(0.01)  # solved
    assert agent.rate_gate == "solved"
    assert rate_after([480.0, 300.0]) == pytest.approx(0.1)  # fell back: 10x lower, not 100x
    assert agent.rate_gate == "fallback"
    assert rate_after([300.0, 200.0]) == pytest.approx(0.1)  # the second fall-back episode
    assert rate_after([200.0, 100.0]) == pytest.approx(1.0)  # then the schedule's rate
    assert agent.rate_gate == ""
    assert rate_after([500.0, 500.0]) == pytest.approx(0.01)
    assert rate_after([500.0, 100.0]) == pytest.approx(0.1)
    assert rate_after([100.0, 500.0]) == pytest.approx(0.1)
    assert rate_after([500.0, 500.0]) == pytest.approx(0.01)  # solved again: the count ends
    assert rate_after([500.0, 100.0]) == pytest.approx(0.1)
    agent.apply_config(agent.config.replace(solved_fallback_episodes=0))  # live: off at once
    assert agent.rate_gate == "" and agent.scheduled_rate() == scheduled_alpha(
        agent.config, agent.step - agent.config.start_replay_step
    )
    assert rate_after([100.0, 100.0]) == pytest.approx(1.0)
    agent.apply_config(agent.config.replace(solved_fallback_episodes=2))
    assert rate_after([500.0, 500.0]) == pytest.approx(0.01)
    agent.apply_config(agent.config.replace(solved_rate_factor=1.0))  # the gate off, live
    assert agent.rate_gate == ""
    assert rate_after([500.0, 100.0]) == pytest.approx(1.0)  # no fall-back without a gate
    agent.apply_config(agent.config.replace(solved_rate_factor=0.01))
    assert rate_after([100.0, 100.0]) == pytest.approx(1.0) and agent.rate_gate == ""


def test_the_factor_applies_to_a_constant_rate_and_turns_off_live():
    agent = _agent(alpha_schedule="constant", solved_rate_factor=0.5, solved_window=1)
    transitions = list(_transitions(14))
    for _, t in transitions[:12]:
        agent.train(t)
    agent.episode_ended([200.0], 195.0)
    agent.train(transitions[12][1])
    assert agent.learning_rate() == pytest.approx(0.005)
    agent.apply_config(agent.config.replace(solved_rate_factor=1.0))  # off: alpha at once
    assert agent.learning_rate() == pytest.approx(0.01)


@pytest.fixture
def threshold_20(monkeypatch):
    """CartPole with a reward threshold of 20, so a short run of a small config passes and
    fails it (the gate's logic does not depend on the value)."""
    import dataclasses

    from dqn_lab.core import environment, training

    real = environment.env_info

    def low(env_id):
        return dataclasses.replace(real(env_id), reward_threshold=20.0)

    monkeypatch.setattr(environment, "env_info", low)
    monkeypatch.setattr(training, "env_info", low)


GATED = dict(
    episodes=40,
    memory_size=2000,
    alpha=0.005,
    solved_rate_factor=0.1,
    solved_window=2,
    updates_per_call=4,
)


def test_a_solo_run_gates_the_rate_by_its_episodes_and_a_member_repeats_it(
    threshold_20, small_config
):
    from dqn_lab.core.population import train_population
    from dqn_lab.core.training import EpisodeEnd, Trainer

    config = small_config(**GATED)
    trainer = Trainer(config)
    gate, scores = [], []
    for event in trainer.run():
        if isinstance(event, EpisodeEnd):
            scores.append(event.score)
            expect = len(scores) >= 2 and np.mean(scores[-2:]) >= 20.0
            assert trainer.agent.solved == expect
            gate.append(expect)
    trainer.close()
    assert True in gate and gate.index(True) < len(gate) - 1 - gate[::-1].index(False)
    (member,) = train_population(config, [config.seed], eval_episodes=0)
    assert member["scores"] == trainer.scores and member["updates"] == trainer.agent.updates


def test_a_run_saved_in_its_fall_back_episodes_after_a_live_change_resumes_exactly(
    threshold_20, tmp_path, small_config
):
    """The gate is saved with the run. Here the fall-back episodes go from 4 to 2 in the
    middle of a fall-back: replayed from the scores with the settings at save time, the
    count would be 0, not the 1 that is left."""
    from dqn_lab.core.persistence import load_bundle, save_bundle
    from dqn_lab.core.training import EpisodeEnd, Trainer, TrainingControl

    control = TrainingControl()
    config = small_config(**{**GATED, "episodes": 80}, solved_fallback_episodes=4)
    straight = Trainer(config, control)
    path, saved, phase = tmp_path / "fallback.dqnlab", [], 0
    for event in straight.run():
        if not isinstance(event, EpisodeEnd) or saved:
            continue
        gate, left = straight.agent.rate_gate, straight.agent.fallback_left
        if phase == 1 and gate == "fallback" and left == 3:  # one fall-back episode done
            control.change(solved_fallback_episodes=2)  # applies before the next step
            phase = 2
        elif phase == 2:
            assert gate == "fallback" and left == 1, "the run left its fall-back early"
            control.request(lambda t: saved.append(save_bundle(path, t)))
        else:
            phase = 1 if gate == "fallback" and left == 4 else 0  # a fall
    assert saved, "no run of two fall-back episodes to change live"
    loaded = load_bundle(path).trainer
    assert loaded.agent.rate_gate == "fallback" and loaded.agent.fallback_left == 1
    replayed = load_bundle(path).trainer
    replayed.agent.restore_gate(loaded.scores, 20.0)
    assert replayed.agent.fallback_left == 0  # what a bundle without the gate resumes with
    replayed.close()
    finish_and_compare(loaded, straight)


def test_live_progress_shows_the_learning_rate_and_whether_the_gate_lowers_it(
    threshold_20, small_config, monkeypatch
):
    from dqn_lab.core import training
    from dqn_lab.core.training import EpisodeEnd, Progress, Trainer

    monkeypatch.setattr(training, "PROGRESS_INTERVAL_S", 0.0)  # a progress event every step
    config = small_config(**GATED, solved_fallback_episodes=1)
    trainer = Trainer(config)
    factor = {"": 1.0, "solved": 0.1, "fallback": 0.1**0.5}
    seen, gate = set(), ""
    for event in trainer.run():
        if isinstance(event, EpisodeEnd):  # the gate, computed here from the scores
            scores = trainer.scores
            solved = len(scores) >= 2 and np.mean(scores[-2:]) >= 20.0
            gate = "solved" if solved else "fallback" if gate == "solved" else ""
        if isinstance(event, Progress):
            assert event.rate_gate == gate
            assert event.learning_rate == pytest.approx(config.alpha * factor[gate])
            seen.add(event.rate_gate)
    trainer.close()
    assert seen == {"", "solved", "fallback"}


def finish_and_compare(loaded, straight) -> None:
    """Run the loaded trainer to its end: the same scores, rate and weights as the
    uninterrupted run ``straight``; close both."""
    for _ in loaded.run():
        pass
    assert loaded.scores == straight.scores
    assert loaded.agent.learning_rate() == straight.agent.learning_rate()
    for a, b in zip(straight.agent.model.get_weights(), loaded.agent.model.get_weights()):
        assert np.array_equal(a, b)
    straight.close()
    loaded.close()


def test_a_run_solved_at_the_lowest_rate_it_can_train_at_saves_and_loads(
    threshold_20, tmp_path, small_config
):
    """A solved `tuned` run trains at 1.5e-7 (1.5e-5 x 0.01), below alpha's own range:
    saving it was refused. The lowest: alpha 1e-6 x solved_rate_factor 0.001."""
    from dqn_lab.core.persistence import load_bundle, save_bundle
    from dqn_lab.core.training import EpisodeEnd, Trainer, TrainingControl

    control = TrainingControl()
    config = small_config(**{**GATED, "alpha": 1e-6, "solved_rate_factor": 0.001})
    trainer = Trainer(config, control)
    path, saved, was_solved = tmp_path / "lowest.dqnlab", [], False
    for event in trainer.run():
        if isinstance(event, EpisodeEnd) and not saved:
            if was_solved and trainer.agent.solved:  # an episode trained at the lowest rate
                control.request(lambda t: saved.append(save_bundle(path, t)))
            was_solved = trainer.agent.solved
    trainer.close()
    assert saved, "the run never stayed solved for an episode"
    loaded = load_bundle(path).trainer
    assert loaded.agent.learning_rate() == pytest.approx(1e-9, rel=1e-6)
    loaded.close()


@pytest.mark.parametrize("gate", ["solved", "fallback"])
def test_a_run_resumed_while_its_rate_is_lowered_equals_the_uninterrupted_one(
    threshold_20, tmp_path, small_config, gate
):
    from dqn_lab.core.bundle_format import read_bundle
    from dqn_lab.core.persistence import load_bundle, save_bundle, saved_progress
    from dqn_lab.core.training import EpisodeEnd, Trainer, TrainingControl

    control = TrainingControl()
    straight = Trainer(small_config(**GATED, solved_fallback_episodes=3), control)
    path, saved = tmp_path / "solved.dqnlab", []
    for event in straight.run():
        if isinstance(event, EpisodeEnd) and not saved and straight.agent.rate_gate == gate:
            left = straight.agent.fallback_left
            control.request(lambda t: saved.append(save_bundle(path, t)))
    assert saved, f"the run's rate was never lowered by {gate!r}"
    loaded = load_bundle(path).trainer
    assert loaded.agent.rate_gate == gate and loaded.agent.fallback_left == left
    shown = saved_progress(read_bundle(path))  # what the app shows of the opened run
    assert shown.rate_gate == gate and shown.learning_rate == loaded.agent.learning_rate()
    finish_and_compare(loaded, straight)

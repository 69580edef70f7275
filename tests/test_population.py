"""Populations: every member's update is the notebook's model.fit; members reproduce solo runs."""

import json

import numpy as np
import pytest

from dqn_lab.core.agents import flush_group, make_agent, make_learner
from dqn_lab.core.config import Config, ConfigError
from dqn_lab.core.model import build_model
from dqn_lab.core.population import Population, check_shape, member_configs, train_population
from tests.test_agents import random_batch
from tests.test_cli import run_cli


def seed_replay(model, target, batch, gamma, double=False):
    """The notebook's _replay (optionally double DQN): predict next Q, fit on the one-hot."""
    ones = np.ones((len(batch.actions), 2))
    next_q = target.predict([batch.next_states, ones], verbose=0)
    if double:
        best = np.argmax(model.predict([batch.next_states, ones], verbose=0), axis=1)
        next_q = np.repeat(next_q[np.arange(len(best)), best][:, None], 2, axis=1)
    next_q[batch.dones.astype(bool)] = 0.0
    q = batch.rewards + gamma * np.max(next_q, axis=1)
    one_hot = np.eye(2)[batch.actions]
    model.fit(x=[batch.states, one_hot], y=one_hot * q[:, None], batch_size=len(q), verbose=0)


@pytest.mark.parametrize("loss,dueling,double", [("mse", False, False), ("huber", True, True)])
def test_every_members_update_matches_the_seeds_model_fit(loss, dueling, double):
    """Three members, each its own weights, learning rate, gamma and clip; one idle member."""
    import keras

    base = Config(loss=loss, dueling=dueling, double_dqn=double, updates_per_call=2)
    configs = [
        base.replace(gamma=0.9),
        base.replace(gamma=0.5, alpha=0.01),
        base.replace(gamma=0.99, grad_clip=0.5),
        base,
    ]
    learner = make_learner(base, 4, 2, members=len(configs))
    rng = np.random.default_rng(0)
    agents, references, batches = [], [], []
    for k, config in enumerate(configs):
        keras.utils.set_random_seed(20 + k)
        agent = make_agent(config, 4, 2, learner, k, defer_flush=True)
        model = build_model(4, 2, config.alpha, loss=loss, dueling=dueling)
        target = build_model(4, 2, config.alpha, loss=loss, dueling=dueling)
        if config.grad_clip:
            model.compile(
                loss=model.loss,
                optimizer=keras.optimizers.Adam(
                    learning_rate=config.alpha, global_clipnorm=config.grad_clip
                ),
            )
        agent.set_weights(model.get_weights(), target.get_weights())
        agents.append(agent)
        references.append((model, target))
        batches.append([random_batch(rng) for _ in range(3)])
    idle_before = agents[3].export_state()
    for k in range(3):  # members 0-2 queue 3 updates: one full call of 2, then one of 1
        for batch in batches[k]:
            agents[k]._queue_update(batch)
            seed_replay(*references[k], batch, configs[k].gamma, double)
    assert all(a.flush_wanted for a in agents[:3])
    flush_group(agents)
    for k in range(3):
        agent, (model, _) = agents[k], references[k]
        assert agent.updates == 3
        for ours, theirs in zip(agent.model.get_weights(), model.get_weights()):
            np.testing.assert_allclose(ours, theirs, rtol=1e-4, atol=1e-5)
        states = rng.standard_normal((20, 4)).astype(np.float32)
        np.testing.assert_allclose(
            agent.q_values(states), np.asarray(model([states, np.ones((20, 2))])), atol=1e-4
        )
    # The member with nothing queued is left exactly as it was, Adam state included.
    idle_after = agents[3].export_state()
    assert agents[3].updates == 0
    for group in ("online", "target", "optimizer"):
        for name, value in idle_before[group].items():
            np.testing.assert_array_equal(idle_after[group][name], value, err_msg=name)


def test_members_reproduce_solo_runs_for_over_a_thousand_updates():
    """Each of three members ends within 1e-5 of a solo run (core.training.Trainer) of its seed."""
    from dqn_lab.core.training import Trainer

    config = Config(start_replay_step=32, memory_size=2000, epsilon_decay=0.003, episodes=90)
    seeds = [42, 1, 2]
    population = Population(member_configs(config, seeds))
    for _ in population.run():
        pass
    population.close()
    for k, seed in enumerate(seeds):
        trainer = Trainer(config.replace(seed=seed))
        for _ in trainer.run():
            pass
        trainer.close()
        solo, member = trainer.agent, population.agents[k]
        assert member.updates == solo.updates >= 1000
        assert [s["score"] for s in population.statistics[k]] == trainer.scores
        assert member.epsilon == solo.epsilon and member.step == solo.step
        a, b = solo.export_state(), member.export_state()
        for group in ("online", "target", "optimizer"):
            for name, value in a[group].items():
                np.testing.assert_allclose(
                    b[group][name], value, rtol=0, atol=1e-5, err_msg=f"seed {seed} {group} {name}"
                )


def test_a_member_whose_episodes_are_done_stops_changing_while_others_go_on():
    config = Config(start_replay_step=8, batch_size=8, memory_size=500, epsilon_decay=0.01)
    configs = [config.replace(seed=3, episodes=2), config.replace(seed=4, episodes=6)]
    population = Population(configs)
    snapshots = {}
    for event in population.run():
        if event.member == 0 and event.stats["episode"] == 1:
            snapshots["done"] = (
                population.agents[0].export_state(),
                population.agents[1].export_state(),
            )
    population.close()
    first_done, second_then = snapshots["done"]
    first_end, second_end = (a.export_state() for a in population.agents)
    assert len(population.statistics[0]) == 2 and len(population.statistics[1]) == 6
    assert first_end["counters"] == first_done["counters"]
    for group in ("online", "target", "optimizer"):
        for name, value in first_done[group].items():
            np.testing.assert_array_equal(first_end[group][name], value, err_msg=name)
    assert second_end["counters"]["updates"] > second_then["counters"]["updates"]
    assert not np.array_equal(
        second_end["online"]["hidden_1/kernel"], second_then["online"]["hidden_1/kernel"]
    )


def test_train_population_returns_one_summary_per_member_with_an_evaluation():
    config = Config(start_replay_step=16, batch_size=16, episodes=2, max_steps=30)
    members = train_population(config, [5, 6], eval_episodes=2)
    assert [m["seed"] for m in members] == [5, 6]
    for m in members:
        assert m["episodes"] == 2 and len(m["scores"]) == 2 and len(m["statistics"]) == 2
        assert len(m["eval_scores"]) == 2 and m["eval_mean"] == np.mean(m["eval_scores"])
        assert all(score <= 30 for score in m["scores"] + m["eval_scores"])
        assert m["env_steps"] == sum(m["scores"])


def test_members_must_share_the_populations_shape():
    config = Config()
    check_shape([config, config.replace(seed=1, alpha=0.01, gamma=0.9, tau=0.1)])
    with pytest.raises(ConfigError, match="share batch_size"):
        check_shape([config, config.replace(batch_size=64)])
    with pytest.raises(ConfigError, match="at least one seed"):
        member_configs(config, [])


def test_train_with_seeds_prints_one_json_entry_per_member_and_the_mean():
    proc = run_cli("train", "--seeds", "42,1", "--episodes", "3", "--json", "--quiet")
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert [m["seed"] for m in result["members"]] == [42, 1]
    assert all(len(m["scores"]) == 3 for m in result["members"])
    mean = result["mean"]
    assert mean["size"] == 2 and mean["seeds"] == [42, 1]
    assert mean["mean_last_100"] == pytest.approx(
        np.mean([m["mean_last_100"] for m in result["members"]])
    )
    # The same seed alone gives the same scores as its member.
    solo = run_cli("train", "--seed", "1", "--episodes", "3", "--json", "--quiet")
    assert (
        json.loads(solo.stdout.strip().splitlines()[-1])["scores"] == result["members"][1]["scores"]
    )
    bad = run_cli("train", "--seeds", "4,x")
    assert bad.returncode == 2 and "--seeds must be comma-separated" in bad.stderr
    assert "Traceback" not in bad.stderr


@pytest.mark.parametrize("integrator", ["euler", "semi-implicit euler"])
def test_lockstep_cartpoles_step_bit_for_bit_as_gymnasium(integrator):
    """Three CartPoles stepped together give each one's own observations, rewards, flags."""
    import gymnasium as gym

    from dqn_lab.core.environment import LockstepCartPole, make_env

    def envs():
        made = [gym.make("CartPole-v1", max_episode_steps=60) for _ in range(3)]
        for env in made:
            env.unwrapped.kinematics_integrator = integrator
        return made

    ours, theirs = envs(), envs()
    stepper = LockstepCartPole.wrap(ours)
    assert stepper is not None
    rng = np.random.default_rng(7)
    for k, env in enumerate(theirs):
        expected, _ = env.reset(seed=k)
        np.testing.assert_array_equal(stepper.reset(k, seed=k)[0], expected)
    ends = truncations = 0
    for _ in range(2000):
        members = [k for k in range(3) if rng.random() < 0.8] or [0]
        actions = [int(rng.integers(2)) for _ in members]
        obs, rewards, terminated, truncated = stepper.step(members, actions)
        for i, (k, action) in enumerate(zip(members, actions)):
            o, r, te, tr, _ = theirs[k].step(action)
            np.testing.assert_array_equal(obs[i], o)
            assert obs.dtype == o.dtype
            assert (rewards[i], terminated[i], truncated[i]) == (r, te, tr)
            np.testing.assert_array_equal(ours[k].unwrapped.state, theirs[k].unwrapped.state)
            if te or tr:
                ends, truncations = ends + 1, truncations + tr
                np.testing.assert_array_equal(stepper.reset(k)[0], theirs[k].reset()[0])
    assert ends > 50 and truncations > 0
    # Anything but plain CartPoles is stepped one by one.
    others = [make_env("CartPole-v1"), make_env("MountainCar-v0")]
    assert LockstepCartPole.wrap(others) is None
    assert LockstepCartPole.wrap([gym.make("CartPole-v1", render_mode="rgb_array")]) is None
    for env in ours + theirs + others:
        env.close()


@pytest.mark.parametrize("updates_per_call", [1, 4])
def test_members_evaluate_and_stop_at_the_step_budget_as_solo_runs(small_config, updates_per_call):
    """Periodic evaluations, the step budget and the protocol's figures of every member
    equal a solo run's of its seed (with 4 updates per call, evaluations that fall on an
    episode end come before that episode's last updates, as in a solo run)."""
    from dqn_lab.core.training import Trainer

    config = small_config(
        episodes=100_000,
        max_env_steps=230,
        eval_every=5 if updates_per_call > 1 else 50,
        eval_episodes=1 if updates_per_call > 1 else 2,
        max_steps=20,
        epsilon_decay=0.05,
        updates_per_call=updates_per_call,
    )
    seeds = [3, 4]
    members = train_population(config, seeds, eval_episodes=0)
    for m, seed in zip(members, seeds):
        trainer = Trainer(config.replace(seed=seed))
        for _ in trainer.run():
            pass
        trainer.close()
        solo = trainer.summary()
        assert m["env_steps"] == solo["env_steps"] == 230
        assert m["scores"] == solo["scores"] and m["updates"] == solo["updates"]
        assert len(m["evals"]) == 230 // config.eval_every
        assert [e[0] for e in m["evals"]] == [
            config.eval_every * (i + 1) for i in range(len(m["evals"]))
        ]
        for key in ("evals", "first_eval_pass_step", "eval_pass_rate_after"):
            assert m[key] == solo[key], key


def test_the_mean_entry_summarises_the_members_evaluations():
    from dqn_lab.core.population import mean_summary, median_first_pass

    base = dict(
        seed=0, mean_last_100=1.0, eval_mean=1.0, episodes=1, env_steps=1, solved=False, wall_s=1.0
    )
    members = [
        dict(base, first_eval_pass_step=1000, eval_pass_rate_after=0.5),
        dict(base, first_eval_pass_step=3000, eval_pass_rate_after=1.0),
        dict(base, first_eval_pass_step=None, eval_pass_rate_after=None),
    ]
    mean = mean_summary(members)
    assert mean["eval_passed"] == 2
    assert mean["first_eval_pass_step_median"] == 3000.0  # the one that never passed is last
    assert mean["eval_pass_rate_after_mean"] == 0.75
    assert median_first_pass([None, None, 5]) is None
    assert median_first_pass([4, 8]) == 6.0 and median_first_pass([]) is None


def test_train_with_seeds_reports_each_members_evaluations():
    proc = run_cli(
        "train", "--seeds", "3,4", "--env-steps", "120", "--eval-every", "40",
        "--eval-episodes", "2", "--set", "start_replay_step=32", "--set", "batch_size=8",
        "--set", "memory_size=500", "--json", "--quiet",
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    for m in result["members"]:
        assert m["env_steps"] == 120
        assert [e[0] for e in m["evals"]] == [40, 80, 120]
        assert all(len(e) == 4 and e[2] <= e[1] <= e[3] for e in m["evals"])
        assert "first_eval_pass_step" in m and "eval_pass_rate_after" in m
    mean = result["mean"]
    assert {"eval_passed", "first_eval_pass_step_median", "eval_pass_rate_after_mean"} <= set(mean)
    assert "3 evaluations" in proc.stdout


def test_naive_members_reproduce_solo_runs(small_config):
    """The naive agent (no stacked memory: each member stores its own transitions)."""
    from dqn_lab.core.training import Trainer

    config = small_config(agent="naive", episodes=6, max_steps=40, epsilon_decay=0.05)
    population = Population(member_configs(config, [5, 6]))
    for _ in population.run():
        pass
    population.close()
    for k, seed in enumerate([5, 6]):
        trainer = Trainer(config.replace(seed=seed))
        for _ in trainer.run():
            pass
        trainer.close()
        member, solo = population.agents[k], trainer.agent
        assert [s["score"] for s in population.statistics[k]] == trainer.scores
        assert member.updates == solo.updates > 0
        for ours, theirs in zip(member.model.get_weights(), solo.model.get_weights()):
            np.testing.assert_allclose(ours, theirs, rtol=0, atol=1e-5)


def test_stacked_writes_and_packing_equal_each_members_own_memory():
    """StackedMemory.add writes where each ReplayMemory.add would (through a wrap of the
    ring), and pack gathers the rows that ReplayMemory's arrays hold."""
    from dqn_lab.core.agents import Sampled
    from dqn_lab.core.population import StackedMemory
    from dqn_lab.core.replay import ReplayMemory

    members, capacity = 4, 50
    stack = StackedMemory(members, capacity, 4)
    ours = [stack.member(k, ReplayMemory(capacity, 4)) for k in range(members)]
    theirs = [ReplayMemory(capacity, 4) for _ in range(members)]
    rng = np.random.default_rng(3)
    for _ in range(120):
        ks = [k for k in range(members) if rng.random() < 0.7]
        s, s2 = rng.random((2, len(ks), 4)).astype(np.float32)
        a, r = rng.integers(0, 2, len(ks)).tolist(), rng.random(len(ks)).tolist()
        d = (rng.random(len(ks)) < 0.2).tolist()
        stack.add(ks, s, a, s2, r, d)
        for i, k in enumerate(ks):
            theirs[k].add(s[i], a[i], s2[i], r[i], d[i])
    for k in range(members):
        assert ours[k].full and ours[k].pos == theirs[k].pos
        assert ours[k].total_added == theirs[k].total_added
        for name in ("states", "next_states", "actions", "rewards", "dones"):
            np.testing.assert_array_equal(getattr(ours[k], name), getattr(theirs[k], name))
    items = [(0, Sampled(k, rng.integers(0, capacity, 6)), 0.5 * (k % 2)) for k in (0, 2, 3)]
    packed = np.zeros((1, members, 6, 13), np.float32)
    stack.pack(packed, items)
    for _, item, mix in items:
        rows, k = item.rows, item.member
        m = theirs[k]
        np.testing.assert_array_equal(packed[0, k, :, :4], m.states[rows])
        np.testing.assert_array_equal(packed[0, k, :, 4:8], m.next_states[rows])
        columns = [m.actions[rows], m.rewards[rows], m.dones[rows]]
        np.testing.assert_array_equal(packed[0, k, :, 8:11].T, columns)
        assert (packed[0, k, :, 11] == mix).all() and (packed[0, k, :, 12] == 1).all()
    assert not packed[0, 1].any()


def _rows(stats):
    """Statistics rows without their wall-clock time (NaN as None, so rows compare equal)."""
    return [
        {key: None if v != v else v for key, v in row.items() if key != "wall_s"} for row in stats
    ]


def _states(population):
    return [a.export_state() for a in population.agents]


def _assert_same_state(a, b, label):
    assert a["counters"] == b["counters"], label
    for group in ("online", "target", "optimizer"):
        for name, value in a[group].items():
            np.testing.assert_array_equal(b[group][name], value, err_msg=f"{label} {group} {name}")


@pytest.mark.parametrize("where", ["mid_episode", "at_its_episode_end"])
def test_a_stopped_member_leaves_the_others_exactly_as_an_unstopped_population(where):
    """Stopping member 1 alone: members 0 and 2 train bit for bit as in a population where
    nobody was stopped; member 1's record ends where it was stopped and it changes no more."""
    config = Config(start_replay_step=32, memory_size=2000, epsilon_decay=0.003, episodes=40)
    seeds = [42, 1, 2]
    reference = Population(member_configs(config, seeds))
    for _ in reference.run():
        pass
    reference.close()

    population = Population(member_configs(config, seeds))
    at_stop: dict = {}

    def stop_here() -> None:
        population.stop_member(1)
        at_stop.update(
            env_steps=population.env_steps[1],
            episodes=len(population.statistics[1]),
            updates=population.agents[1].updates,
        )

    def should_stop() -> bool:  # called between two lockstep steps
        if where == "mid_episode" and not at_stop and population.env_steps[1] == 300:
            stop_here()
        return False

    for event in population.run(should_stop):
        if where == "at_its_episode_end" and event.member == 1 and event.stats["episode"] == 14:
            stop_here()
    population.close()

    # Member 1 stopped where it was asked to: no step, episode or update after that point
    # beyond learning what it had queued (a solo run's flush when it stops).
    assert population.member_stopped == [False, True, False] and not population.stopped
    assert population.env_steps[1] == at_stop["env_steps"]
    assert len(population.statistics[1]) == at_stop["episodes"]
    if where == "at_its_episode_end":
        assert at_stop["episodes"] == 15  # the episode whose end stopped it is kept
    else:
        assert 0 < at_stop["episodes"] < 40 and population.statistics[1][-1]["env_steps"] < 300
    assert _rows(population.statistics[1]) == _rows(reference.statistics[1][: at_stop["episodes"]])
    assert at_stop["updates"] <= population.agents[1].updates <= reference.agents[1].updates
    summary = population.summary(1)
    assert summary["stopped"] is True and summary["episodes"] == at_stop["episodes"]
    assert summary["env_steps"] == at_stop["env_steps"]
    assert population.summary(0)["stopped"] is False
    # The others: every statistic and every weight as in the unstopped population.
    ref_states, states = _states(reference), _states(population)
    for k in (0, 2):
        assert len(population.statistics[k]) == 40
        assert _rows(population.statistics[k]) == _rows(reference.statistics[k])
        _assert_same_state(ref_states[k], states[k], f"member {k}")


def test_stopping_a_member_whose_episodes_are_done_only_marks_it_stopped():
    config = Config(start_replay_step=8, batch_size=8, memory_size=500, epsilon_decay=0.01)
    configs = [config.replace(seed=3, episodes=2), config.replace(seed=4, episodes=5)]
    population = Population(configs)
    for event in population.run():
        if event.member == 1 and event.stats["episode"] == 3:
            population.stop_member(0)  # done already
    population.close()
    assert [len(s) for s in population.statistics] == [2, 5]
    assert population.summary(0)["stopped"] and not population.summary(1)["stopped"]
    with pytest.raises(IndexError):
        population.stop_member(2)

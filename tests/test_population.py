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

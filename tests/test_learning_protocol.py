"""Issue 15: the evaluation protocol, the initialisation setting, the gradient_steps rule,
the training-health guard and the notebook's failure note (tiny budgets)."""

import json

import numpy as np
import pytest

from dqn_lab.core.config import Config, ConfigError
from dqn_lab.core.learner import Learner
from dqn_lab.core.records import EVAL_SEED, Evaluation, HealthStopped, RunFinished
from dqn_lab.core.training import Trainer, eval_results, evaluate


def run(config):
    trainer = Trainer(config)
    try:
        return trainer, list(trainer.run())
    finally:
        trainer.close()


# -- the evaluation protocol ------------------------------------------------------------------
def test_step_budget_and_periodic_evaluations_computed_independently(small_config):
    config = small_config(episodes=100_000, max_env_steps=300, eval_every=100, eval_episodes=3)
    trainer, events = run(config)
    summary = events[-1].summary
    assert summary["env_steps"] == 300
    evaluations = [e for e in events if isinstance(e, Evaluation)]
    assert [e.env_steps for e in evaluations] == [100, 200, 300]
    assert [e.index for e in evaluations] == [0, 1, 2]
    # Recompute each evaluation from the weights of that moment: a second run of the same
    # seed stopped at that step has the same policy (same seed, same run).
    expected = []
    for k, step in enumerate((100, 200, 300)):
        other, _ = run(config.replace(max_env_steps=step, eval_every=0))
        scores = evaluate(
            other.agent.policy, config.env_id, 3, seed=EVAL_SEED + 3 * k, max_steps=config.max_steps
        )
        expected.append([step, float(np.mean(scores)), min(scores), max(scores)])
        assert list(evaluations[k].scores) == scores
    assert summary["evals"] == expected
    # The start states change from one evaluation to the next (seeds 10000.., 10003..).
    assert summary["first_eval_pass_step"] is None and summary["eval_pass_rate_after"] is None
    # An evaluation consumes no training randomness: the run is the one without evaluations.
    plain, plain_events = run(config.replace(eval_every=0))
    assert plain_events[-1].summary["scores"] == summary["scores"]
    assert json.dumps(summary["evals"])  # plain JSON


def test_eval_results_first_pass_and_later_rate():
    evals = [
        [100, 10.0, 9, 11],
        [200, 200.0, 195, 200],
        [300, 150.0, 100, 200],
        [400, 199.0, 195, 200],
        [500, 196.0, 190, 200],
    ]
    out = eval_results(evals, 195.0)
    assert out["first_eval_pass_step"] == 200
    assert out["eval_pass_rate_after"] == pytest.approx(2 / 3)
    assert eval_results(evals[:2], 195.0)["eval_pass_rate_after"] is None  # none later
    assert eval_results(evals, None)["first_eval_pass_step"] is None


def test_cli_env_steps_and_eval_fields(capsys):
    from dqn_lab.core.cli import main

    code = main(
        [
            "train",
            "--env-steps",
            "150",
            "--eval-every",
            "50",
            "--eval-episodes",
            "2",
            "--set",
            "start_replay_step=64",
            "--set",
            "batch_size=8",
            "--quiet",
            "--json",
        ]
    )
    assert code == 0
    result = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert result["env_steps"] == 150
    assert [e[0] for e in result["evals"]] == [50, 100, 150]
    assert all(len(e) == 4 and e[2] <= e[1] <= e[3] for e in result["evals"])
    assert "first_eval_pass_step" in result and "eval_pass_rate_after" in result


# -- settings ---------------------------------------------------------------------------------
def test_torch_initialisation_is_uniform_in_one_over_sqrt_fan_in(small_config):
    trainer = Trainer(small_config(init="torch"))
    keras_trainer = Trainer(small_config())
    try:
        weights = trainer.agent.learner.get_weights(0)
        for kernel, bias in zip(weights[::2], weights[1::2]):
            bound = 1 / np.sqrt(kernel.shape[0])
            assert np.abs(kernel).max() <= bound and np.abs(bias).max() <= bound
            assert np.abs(bias).max() > 0.5 * bound  # biases are drawn, not zero
        keras_biases = keras_trainer.agent.learner.get_weights(0)[1::2]
        assert all(not b.any() for b in keras_biases)  # Keras: zero biases
        again = Trainer(small_config(init="torch"))
        assert all(
            np.array_equal(a, b) for a, b in zip(weights, again.agent.learner.get_weights(0))
        )
        again.close()
    finally:
        trainer.close()
        keras_trainer.close()
    with pytest.raises(ConfigError, match="init must be one of keras, torch"):
        Config().replace(init="xavier")


def test_gradient_steps_must_fit_updates_per_call():
    with pytest.raises(
        ConfigError, match="gradient_steps 3 must be a multiple of updates_per_call 2"
    ):
        Config().replace(gradient_steps=3, updates_per_call=2)
    assert Config().replace(gradient_steps=4, updates_per_call=2).gradient_steps == 4
    assert Config().replace(gradient_steps=1, updates_per_call=16).updates_per_call == 16


# -- the health guard --------------------------------------------------------------------------
@pytest.fixture
def huge_learning_rate(monkeypatch):
    """Every learner's Adam starts with a learning rate of 1e30 (beyond Config's range)."""
    original = Learner.set_optimizer

    def set_optimizer(self, member, state):
        original(self, member, {**state, "learning_rate": np.float32(1e30)})

    monkeypatch.setattr(Learner, "set_optimizer", set_optimizer)


def test_health_guard_stops_within_one_update_and_keeps_the_last_good_state(
    small_config, huge_learning_rate
):
    config = small_config(episodes=1000)
    trainer, events = run(config)
    stops = [e for e in events if isinstance(e, HealthStopped)]
    assert len(stops) == 1 and "learning rate" in stops[0].message
    summary = events[-1].summary
    assert isinstance(events[-1], RunFinished) and summary["stopped"]
    assert summary["health_error"] == stops[0].message
    step = stops[0].env_steps
    # Replay starts at step 64 (the 65th step); the first update is refused at once.
    assert step == config.start_replay_step + 1
    agent = trainer.agent
    assert agent.updates == int(agent.learner.iteration[0].numpy())  # applied updates only
    weights = agent.export_state()["online"]
    assert all(np.isfinite(w).all() for w in weights.values())
    # The kept state is the one before the refused update: a run of the same seed stopped
    # one step earlier has exactly these weights.
    before, _ = run(config.replace(max_env_steps=step - 1))
    earlier = before.agent.export_state()["online"]
    assert all(np.array_equal(weights[n], earlier[n]) for n in weights)


def test_health_guard_bounds_q_from_rewards_and_gamma(small_config):
    trainer = Trainer(small_config(gamma=0.99))
    try:
        list(trainer.run())
        assert trainer.agent.q_limit() == pytest.approx(10 * 1.0 / (1 - 0.99))
        assert trainer.agent.learner.value(0, "q_limit") == pytest.approx(1000.0)
    finally:
        trainer.close()
    from dqn_lab.core.agents import health_message

    text = health_message(Config(gamma=1.0, truncation_as_terminal=False), 5e4, 2000.0)
    assert "beyond the bound 2000" in text and "gamma 1.0 with bootstrapping" in text


def test_cli_health_guard_exits_3_with_one_line(huge_learning_rate, capsys):
    from dqn_lab.core.cli import EXIT_HEALTH, main

    code = main(
        [
            "train",
            "--episodes",
            "50",
            "--set",
            "start_replay_step=64",
            "--set",
            "batch_size=8",
            "--quiet",
        ]
    )
    assert code == EXIT_HEALTH == 3
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("dqn-lab: Training stopped:")


# -- the notebook's verdict -------------------------------------------------------------------
def test_notebook_failure_names_seed_fixed_only_for_the_notebooks_values():
    from dqn_lab.core.presets import NOTEBOOK_FAILED, notebook_failure, preset

    failed = dict(solved=False, threshold=195.0, episodes=500, history=[], mean_last_100=149.04)
    said = notebook_failure(preset("seed").replace(seed=7), failed)
    assert said is not None and said.template == NOTEBOOK_FAILED
    # This run's figure first (a new user read the measured 177 as their run's), and the
    # presets by the names the app shows.
    assert said.startswith("This run's mean of the last 100 episodes is 149.0 against 195:")
    assert '"Notebook, fixed"' in said and "README" in said
    assert notebook_failure(preset("seed"), {**failed, "solved": True}) is None
    assert notebook_failure(preset("seed"), {**failed, "episodes": 50}) is None
    assert notebook_failure(preset("seed").replace(gamma=0.99), failed) is None


def test_the_seed_fixed_preset_is_the_notebook_with_five_changes():
    from dqn_lab.core.config import FIELDS
    from dqn_lab.core.presets import preset, preset_title

    fixed, notebook = preset("seed-fixed"), preset("seed")
    assert preset_title("seed-fixed") == "Notebook, fixed"
    assert preset("Notebook, fixed") == fixed
    changed = {k for k in FIELDS if getattr(fixed, k) != getattr(notebook, k)}
    assert changed == {
        "gamma",
        "alpha",
        "target_model_update_interval",
        "double_dqn",
        "solved_rate_factor",
    }
    assert (fixed.gamma, fixed.alpha, fixed.target_model_update_interval) == (0.99, 0.00025, 100)
    assert (fixed.solved_rate_factor, fixed.solved_window) == (0.001, 10)
    assert fixed.double_dqn and fixed.truncation_as_terminal  # the time limit as the notebook
    assert (fixed.hidden_sizes, fixed.episodes, fixed.max_steps) == ((32, 32), 500, 200)


# -- periodic evaluations in lockstep ------------------------------------------------------------
def _random_policy(rng, sizes, dueling=False, scale=0.5):
    from dqn_lab.core.model import NumpyPolicy

    shapes, width = [], 4
    for units in sizes:
        shapes += [(width, units), (units,)]
        width = units
    shapes += [(width, 1), (1,), (width, 2), (2,)] if dueling else [(width, 2), (2,)]
    n = sum(int(np.prod(s)) for s in shapes)
    return NumpyPolicy.from_flat(rng.standard_normal(n).astype(np.float32) * scale, shapes, dueling)


def _balancing_policy():
    """A 'trained' CartPole policy: push towards the pole's fall (Q1 - Q0 = theta + theta_dot,
    through a relu layer holding +x and -x): long episodes and many near ties."""
    from dqn_lab.core.model import NumpyPolicy

    hidden = np.concatenate([np.eye(4), -np.eye(4)], axis=1).astype(np.float32)  # (4, 8)
    v = np.array([0.0, 0.1, 1.0, 1.0], np.float32)
    out = np.zeros((8, 2), np.float32)
    out[:4, 1], out[4:, 1] = v, -v  # relu(x) - relu(-x) = x
    flat = np.concatenate([hidden.ravel(), np.zeros(8, np.float32), out.ravel(), np.zeros(2)])
    return NumpyPolicy.from_flat(flat.astype(np.float32), [(4, 8), (8,), (8, 2), (2,)], False)


@pytest.mark.parametrize("dueling", [False, True])
def test_row_q_values_equal_each_states_own_forward_bit_for_bit(dueling):
    from dqn_lab.core.training import row_q_values

    rng = np.random.default_rng(5)
    for sizes in ((32, 32), (128, 128), (64,)):
        policy = _random_policy(rng, sizes, dueling)
        for rows in (1, 2, 7, 20, 64):
            states = rng.standard_normal((rows, 4)).astype(np.float32)
            alone = np.stack([policy.q_values(s) for s in states])
            assert np.array_equal(row_q_values(policy, states), alone)


def test_lockstep_evaluations_score_as_the_sequential_path():
    """The same start states and actions, so the same scores, episode by episode: a random
    policy (short episodes), a balancing one (up to the time limit, many near ties) and the
    episode limit of max_steps."""
    from dqn_lab.core.training import evaluate_lockstep

    rng = np.random.default_rng(11)
    policies = [_random_policy(rng, (32, 32)), _random_policy(rng, (16,), dueling=True)]
    policies.append(_balancing_policy())
    for env_id, max_steps in (("CartPole-v1", None), ("CartPole-v0", 150)):
        for policy in policies:
            for seed in (EVAL_SEED, EVAL_SEED + 20):
                lockstep = evaluate_lockstep(policy, env_id, 40, seed=seed, max_steps=max_steps)
                assert lockstep == evaluate(policy, env_id, 40, seed=seed, max_steps=max_steps)
    long = evaluate_lockstep(policies[-1], "CartPole-v1", 20)
    assert max(long) == 500.0  # the balancing policy reaches the time limit
    # Other environments go the sequential way, with the same result.
    from dqn_lab.core.model import NumpyPolicy

    acrobot = NumpyPolicy.from_flat(
        np.random.default_rng(2).standard_normal(6 * 8 + 8 + 8 * 3 + 3).astype(np.float32),
        [(6, 8), (8,), (8, 3), (3,)],
        False,
    )
    assert evaluate_lockstep(acrobot, "Acrobot-v1", 2, max_steps=30) == evaluate(
        acrobot, "Acrobot-v1", 2, max_steps=30
    )

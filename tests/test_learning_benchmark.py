"""benchmarks/learning.py: Stable-Baselines3 evaluated on DQN Lab's protocol (the same start
states), and a clear skip when it is not installed."""

import argparse
import sys

import numpy as np
import pytest

from dqn_lab.core.config import Config
from dqn_lab.core.training import periodic_evaluation


class RecordingPolicy:
    """Always pushes left (short, deterministic episodes) and records every state it sees."""

    def __init__(self) -> None:
        self.states: list[np.ndarray] = []

    def act(self, state) -> int:
        self.states.append(np.array(state))
        return 0


def our_start_states(config: Config, env_steps: int) -> list[np.ndarray]:
    """The start state of each episode of our evaluation at ``env_steps``: every step earns
    1 on CartPole, so episode i starts after the steps (= scores) of episodes 0..i-1."""
    policy = RecordingPolicy()
    row, event = periodic_evaluation(policy, config, env_steps, 0)
    offsets = np.cumsum([0] + [int(s) for s in event.scores[:-1]])
    return [policy.states[o] for o in offsets]


def test_the_sb3_callback_evaluates_on_our_start_states():
    pytest.importorskip("stable_baselines3")
    from stable_baselines3 import DQN

    from benchmarks.learning import protocol_callback

    every, episodes = 64, 3
    model = DQN(
        "MlpPolicy",
        "CartPole-v1",
        seed=0,
        device="cpu",
        learning_starts=32,
        buffer_size=1000,
        batch_size=16,
        policy_kwargs=dict(net_arch=[8]),
    )
    callback = protocol_callback("CartPole-v1", every, episodes)
    model.learn(total_timesteps=3 * every, callback=callback)
    assert [row[0] for row in callback.evals] == [64, 128, 192]
    config = Config(env_id="CartPole-v1", eval_every=every, eval_episodes=episodes)
    for k, starts in enumerate(callback.starts):
        ours = our_start_states(config, every * (k + 1))
        assert len(starts) == len(ours) == episodes
        for theirs, mine in zip(starts, ours):
            assert np.array_equal(theirs, mine)
    # new start states from one evaluation to the next
    assert not np.array_equal(callback.starts[0][0], callback.starts[1][0])


def test_without_sb3_the_run_is_skipped_with_one_line(monkeypatch, capsys):
    import benchmarks.learning as bench

    monkeypatch.setitem(sys.modules, "stable_baselines3", None)  # import fails
    assert bench.sb3_missing().startswith("SB3 skipped: stable-baselines3 is not installed")
    assert bench.main(["--runs", "sb3", "--seeds", "42", "--json"]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert out[0].startswith("SB3 skipped:") and len(out) == 2
    assert '"skipped": ["sb3"]' in out[1] and '"results": []' in out[1]


def test_a_seed_row_keeps_every_evaluation_mean_for_the_json_only(capsys):
    import benchmarks.learning as bench

    results = {
        "evals": [[512, 21.04, 9.0, 30.0], [1024, 480.46, 400.0, 500.0], [1536, 300.0, 8, 500]],
        "first_eval_pass_step": 1024,
        "eval_pass_rate_after": 0.0,
    }
    row = bench._row(7, results, 2.0)
    assert row["eval_means"] == [21.0, 480.5, 300.0]  # where the seed fell back after passing
    assert row["last_eval_mean"] == 300.0 and row["evaluations"] == 3
    bench._progress("tuned", row, argparse.Namespace(json=False))
    line = capsys.readouterr().out
    assert line.startswith("tuned {") and "eval_means" not in line and '"seed": 7' in line

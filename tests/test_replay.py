"""Replay memory: ring wrap-around, sampling, last-N, stats and memory cost."""

import numpy as np
import pytest

from dqn_lab.core.records import Transition
from dqn_lab.core.replay import ReplayMemory


def fill(mem, n, start=0):
    for i in range(start, start + n):
        mem.add(
            np.full(4, i, np.float32), i % 2, np.full(4, i + 1, np.float32), float(i), i % 10 == 0
        )


def test_wraps_around_and_keeps_the_newest():
    mem = ReplayMemory(5, 4)
    fill(mem, 7)
    assert len(mem) == 5 and mem.full and mem.pos == 2 and mem.total_added == 7
    assert sorted(mem.rewards.tolist()) == [2.0, 3.0, 4.0, 5.0, 6.0]
    last = mem.last(3)
    assert last.rewards.tolist() == [4.0, 5.0, 6.0]
    assert last.next_states[:, 0].tolist() == [5.0, 6.0, 7.0]


def test_add_copies_the_state():
    mem = ReplayMemory(3, 4)
    s = np.ones(4, np.float32)
    mem.add(s, 0, s, 1.0, False)
    s[:] = 7
    assert mem.states[0].tolist() == [1, 1, 1, 1]


def test_add_takes_the_notebooks_transition_order():
    # (state, action, next_state, reward, done), as Agent.train receives it; a call in the
    # old (state, action, reward, next_state, done) order fails instead of storing garbage.
    mem = ReplayMemory(3, 4)
    s, s2 = np.zeros(4, np.float32), np.ones(4, np.float32)
    mem.add(*Transition(s, 1, s2, 0.5, True))
    assert mem.next_states[0].tolist() == [1, 1, 1, 1] and mem.rewards[0] == 0.5
    assert mem.actions[0] == 1 and mem.dones[0] == 1
    with pytest.raises(ValueError):
        mem.add(s, 0, 1.0, s2, False)


def test_sampling_is_seeded_and_only_returns_stored_rows():
    mem = ReplayMemory(100, 4)
    fill(mem, 30)
    a = mem.sample(64, np.random.default_rng(1))
    b = mem.sample(64, np.random.default_rng(1))
    assert np.array_equal(a.states, b.states) and a.states.shape == (64, 4)
    assert a.rewards.max() < 30 and a.dones.dtype == np.float32
    with pytest.raises(ValueError):
        ReplayMemory(5, 4).sample(2, np.random.default_rng())


def test_stats():
    mem = ReplayMemory(50, 4)
    fill(mem, 20)
    s = mem.stats(2)
    assert s["size"] == 20 and s["capacity"] == 50 and s["fill"] == 0.4
    assert s["action_counts"] == [10, 10]
    assert s["mean_reward"] == pytest.approx(9.5)
    assert s["terminal_fraction"] == pytest.approx(0.1)
    assert s["state_min"][0] == 0 and s["state_max"][0] == 19
    assert s["oldest_age"] == 19 and s["newest_age"] == 0
    empty = ReplayMemory(5, 4).stats(2)
    assert empty["size"] == 0 and empty["action_counts"] == [0, 0]


def test_stats_of_a_full_memory_of_the_notebooks_size():
    # What they cost is reported by benchmarks/replay_stats.py (no timing asserted here).
    mem = ReplayMemory(50_000, 4)
    rng = np.random.default_rng(0)
    mem.states[:] = rng.standard_normal((50_000, 4))
    mem.actions[:] = rng.integers(0, 2, 50_000)
    mem.pos, mem.full = 0, True
    s = mem.stats(2)
    assert s["size"] == 50_000 and s["fill"] == 1.0 and sum(s["action_counts"]) == 50_000
    assert s["state_mean"] == pytest.approx([0.0] * 4, abs=0.02)
    assert s["state_std"] == pytest.approx([1.0] * 4, abs=0.02)
    assert s["oldest_age"] == 49_999


def test_one_million_cartpole_transitions_fit_in_64_mb():
    assert ReplayMemory(1_000_000, 4).nbytes <= 64 * 2**20


def test_arrays_round_trip_keeps_ring_order():
    mem = ReplayMemory(5, 4)
    fill(mem, 8)
    other = ReplayMemory(5, 4)
    other.load_arrays(mem.arrays())
    assert other.pos == mem.pos and other.full and other.total_added == 8
    rng_a, rng_b = np.random.default_rng(3), np.random.default_rng(3)
    assert np.array_equal(mem.sample(10, rng_a).states, other.sample(10, rng_b).states)

"""Replay memory: a preallocated NumPy ring buffer (after Stable-Baselines3's ReplayBuffer).

Arrays are allocated once at full capacity; ``pos`` is the next write index and ``full``
says whether the ring has wrapped. ``add`` copies what it stores and takes a transition in
the notebook's order, ``(state, action, next_state, reward, done)``, the fields of
:class:`dqn_lab.core.records.Transition` that ``Agent.train`` receives. One CartPole transition
costs 4+4 float32 states, an int32 action, a float32 reward and one byte terminal flag:
37 bytes, so one million transitions take 37 MB.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from dqn_lab.core.records import ReplayStats


class Batch(NamedTuple):
    """A mini-batch of transitions, one row per transition."""

    states: np.ndarray  # (B, state_size) float32
    actions: np.ndarray  # (B,) int32
    rewards: np.ndarray  # (B,) float32
    next_states: np.ndarray  # (B, state_size) float32
    dones: np.ndarray  # (B,) float32: 1.0 where the next state is terminal


class ReplayMemory:
    """Fixed-capacity ring buffer of transitions with uniform sampling and statistics."""

    def __init__(self, capacity: int, state_size: int) -> None:
        if capacity < 1 or state_size < 1:
            raise ValueError(
                f"A replay memory needs capacity >= 1 and state_size >= 1, "
                f"not {capacity} and {state_size}."
            )
        self.capacity = int(capacity)
        self.state_size = int(state_size)
        self.states = np.zeros((capacity, state_size), dtype=np.float32)
        self.next_states = np.zeros((capacity, state_size), dtype=np.float32)
        self.actions = np.zeros(capacity, dtype=np.int32)
        self.rewards = np.zeros(capacity, dtype=np.float32)
        self.dones = np.zeros(capacity, dtype=np.uint8)
        self.pos = 0
        self.full = False
        self.total_added = 0

    def __len__(self) -> int:
        return self.capacity if self.full else self.pos

    @property
    def nbytes(self) -> int:
        """Bytes held by the preallocated arrays."""
        return sum(
            a.nbytes
            for a in (self.states, self.next_states, self.actions, self.rewards, self.dones)
        )

    def add(self, state, action: int, next_state, reward: float, done: bool) -> None:
        """Store one transition (copied), overwriting the oldest when full.

        The order is the notebook's experience tuple (see :class:`dqn_lab.core.records.Transition`),
        so ``memory.add(*transition)`` stores what ``Agent.train(transition)`` received.
        """
        i = self.pos
        self.states[i] = state
        self.next_states[i] = next_state
        self.actions[i] = action
        self.rewards[i] = reward
        self.dones[i] = done
        self.advance()

    def advance(self) -> None:
        """Count the row at ``pos`` as written (``add``, or a stacked memory's write)."""
        self.pos = (self.pos + 1) % self.capacity
        self.full = self.full or self.pos == 0
        self.total_added += 1

    def _gather(self, idx: np.ndarray) -> Batch:
        return Batch(
            self.states[idx],
            self.actions[idx],
            self.rewards[idx],
            self.next_states[idx],
            self.dones[idx].astype(np.float32),
        )

    def sample(self, batch_size: int, rng: np.random.Generator) -> Batch:
        """``batch_size`` transitions drawn uniformly with replacement from ``rng``."""
        if len(self) == 0:
            raise ValueError("Cannot sample from an empty replay memory.")
        return self._gather(rng.integers(0, len(self), size=batch_size))

    def last(self, n: int) -> Batch:
        """The ``n`` most recent transitions, oldest first (the naive agent's memory)."""
        n = min(n, len(self))
        return self._gather((self.pos - n + np.arange(n)) % self.capacity)

    def stats(self, action_size: int) -> ReplayStats:
        """Fill, action balance, rewards, terminals, state distribution and sample ages.

        Vectorised over the stored rows, so the replay panel can ask for it a few times a
        second during a run (docs/performance.md has the cost).
        """
        n = len(self)
        if n == 0:
            zeros = [0.0] * self.state_size
            return ReplayStats(
                size=0,
                capacity=self.capacity,
                fill=0.0,
                total_added=self.total_added,
                nbytes=self.nbytes,
                action_counts=[0] * action_size,
                mean_reward=0.0,
                terminal_fraction=0.0,
                state_mean=zeros,
                state_std=zeros,
                state_min=zeros,
                state_max=zeros,
                oldest_age=0,
                newest_age=0,
            )
        states = self.states[:n]
        return ReplayStats(
            size=n,
            capacity=self.capacity,
            fill=n / self.capacity,
            total_added=self.total_added,
            nbytes=self.nbytes,
            action_counts=np.bincount(self.actions[:n], minlength=action_size).tolist(),
            mean_reward=float(self.rewards[:n].mean()),
            terminal_fraction=float(self.dones[:n].mean()),
            state_mean=states.mean(axis=0).tolist(),
            state_std=states.std(axis=0).tolist(),
            state_min=states.min(axis=0).tolist(),
            state_max=states.max(axis=0).tolist(),
            # Ages in transitions added since: the newest is 0, the oldest n - 1.
            oldest_age=n - 1,
            newest_age=0,
        )

    def histograms(self, bins: int = 20) -> list[tuple[np.ndarray, np.ndarray]]:
        """Per-feature histogram (counts, edges) of the stored states."""
        n = len(self)
        return [
            np.histogram(self.states[:n, j], bins=bins)
            if n
            else (np.zeros(bins, dtype=np.int64), np.linspace(0, 1, bins + 1))
            for j in range(self.state_size)
        ]

    # -- persistence ----------------------------------------------------------------------
    def arrays(self) -> dict[str, np.ndarray]:
        """The stored rows in their ring order, with ``pos`` (for saving; resumes exactly)."""
        n = len(self)
        return dict(
            states=self.states[:n].copy(),
            next_states=self.next_states[:n].copy(),
            actions=self.actions[:n].copy(),
            rewards=self.rewards[:n].copy(),
            dones=self.dones[:n].copy(),
            pos=np.array(self.pos, dtype=np.int64),
            total_added=np.array(self.total_added, dtype=np.int64),
        )

    def load_arrays(self, data: dict[str, np.ndarray]) -> None:
        """Refill from :meth:`arrays` output; the caller has checked shapes and dtypes."""
        n = len(data["actions"])
        pos = int(data["pos"])
        if n > self.capacity or not 0 <= pos < max(n, 1) + (n < self.capacity):
            raise ValueError(
                f"The saved replay memory ({n} rows, position {pos}) does not fit "
                f"a memory of capacity {self.capacity}."
            )
        for name in ("states", "next_states", "actions", "rewards", "dones"):
            getattr(self, name)[:n] = data[name]
        self.pos = pos % self.capacity
        self.full = n == self.capacity
        self.total_added = int(data["total_added"])

"""A run's earlier episodes and live changes as columns: what an opened (or continued) run
shows at once.

A bundle may hold 100,000 episodes and as many live changes. Turning them into one event
object each and handing those to every panel one by one held the GUI thread for seconds, so
:class:`RunHistory` keeps the statistics as NumPy columns and the changes as the manifest's
own rows with an index of where each change point starts (built off the GUI thread, in the
open job). Panels take it whole (``RunPanel.show_history``); a panel that wants events gets
them from :meth:`RunHistory.events` / :meth:`RunHistory.change`, built on demand.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

import numpy as np

from dqn_lab.core.records import EpisodeEnd, SettingsChanged

MEAN_WINDOW = 100  # the notebook's check: mean score of the last 100 episodes


def _column(rows: Sequence[dict], key: str, dtype=float) -> np.ndarray:
    # JSON null (no loss before learning starts) becomes NaN.
    if dtype is float:
        return np.fromiter(
            (np.nan if r[key] is None else r[key] for r in rows), dtype=float, count=len(rows)
        )
    return np.fromiter((r[key] for r in rows), dtype=dtype, count=len(rows))


def window_means(sums: np.ndarray, first: int = 0) -> np.ndarray:
    """The mean of the last ``MEAN_WINDOW`` scores (fewer at the start) at episodes
    ``first``... from the running sums of all scores, with the operations
    ``PlotsPanel.add_episode`` makes one episode at a time (the same values to the bit)."""
    index = np.arange(first, len(sums))
    before = np.where(index >= MEAN_WINDOW, sums[np.maximum(index - MEAN_WINDOW, 0)], 0.0)
    return (sums[first:] - before) / np.minimum(index + 1, MEAN_WINDOW)


@dataclass(frozen=True, eq=False)
class RunHistory:
    """Columns of the saved statistics (one entry per episode) and the live changes.

    ``curves`` holds the learning curves' columns in the order of their table
    (``dqn_lab.gui.plots_panel``: episode, score, mean of the last 100, epsilon, loss,
    mean Q, speed), so the curves of an opened run take it as it is; ``sums`` are the
    running sums of the scores.
    """

    curves: np.ndarray  # (7, episodes) float64
    sums: np.ndarray
    steps: np.ndarray  # int64
    env_steps: np.ndarray  # int64
    wall_s: np.ndarray
    rows: Sequence[dict] = ()  # the manifest's history rows (key, old, new, episode, env_steps)
    starts: np.ndarray = field(default_factory=lambda: np.zeros(1, dtype=np.int64))
    change_episode: np.ndarray = field(default_factory=lambda: np.zeros(0))  # per change point
    latest: dict = field(default_factory=dict)  # each changed setting's last value

    @classmethod
    def empty(cls) -> RunHistory:
        return cls.from_manifest([], [])

    @classmethod
    def from_manifest(cls, statistics: Sequence[dict], history: Sequence[dict]) -> RunHistory:
        """From a validated manifest's ``statistics`` and ``history`` lists."""
        wall = _column(statistics, "wall_s")
        steps = _column(statistics, "steps", np.int64)
        # The time since the previous episode ended (the first from the run's start).
        dt = np.diff(wall, prepend=0.0)
        with np.errstate(divide="ignore", invalid="ignore"):
            speed = np.where(dt > 0, steps / np.where(dt > 0, dt, 1.0), np.nan)
        # One change point per run of rows with the same (episode, env steps), as recorded.
        ep = _column(history, "episode", np.int64)
        st = _column(history, "env_steps", np.int64)
        new = np.flatnonzero((ep[1:] != ep[:-1]) | (st[1:] != st[:-1])) + 1
        starts = np.concatenate([[0], new, [len(history)]]) if len(history) else np.zeros(1)
        latest = {h["key"]: h["new"] for h in history}
        curves = np.empty((7, len(statistics)))
        for row, key in enumerate(("episode", "score", None, "epsilon", "loss", "mean_q")):
            if key is not None:
                curves[row] = _column(statistics, key)
        curves[6] = speed
        # Summed from 0.0 one score after the other, as the live curves do.
        sums = np.cumsum(np.concatenate([[0.0], curves[1]]))[1:]
        curves[2] = window_means(sums)
        return cls(
            curves=curves,
            sums=sums,
            steps=steps,
            env_steps=_column(statistics, "env_steps", np.int64),
            wall_s=wall,
            rows=history,
            starts=starts.astype(np.int64),
            change_episode=ep[starts[:-1].astype(np.int64)].astype(float),
            latest=latest,
        )

    def __len__(self) -> int:
        """The number of episodes."""
        return self.curves.shape[1]

    # -- episodes -------------------------------------------------------------------------------
    @property
    def episode(self) -> np.ndarray:
        return self.curves[0]

    @property
    def score(self) -> np.ndarray:
        return self.curves[1]

    @property
    def mean_100(self) -> np.ndarray:
        return self.curves[2]

    @property
    def epsilon(self) -> np.ndarray:
        return self.curves[3]

    @property
    def loss(self) -> np.ndarray:
        """NaN before learning starts."""
        return self.curves[4]

    @property
    def mean_q(self) -> np.ndarray:
        return self.curves[5]

    @property
    def speed(self) -> np.ndarray:
        """Env steps per second, estimated from the wall-clock column."""
        return self.curves[6]

    def events(self, first: int = 0) -> list[EpisodeEnd]:
        """Episodes ``first``... as the ``EpisodeEnd`` events the run emitted."""
        mean = self.mean_100
        return [
            EpisodeEnd(
                int(self.episode[i]),
                float(self.score[i]),
                int(self.steps[i]),
                float(self.epsilon[i]),
                float(self.loss[i]),
                float(self.mean_q[i]),
                float(self.speed[i]),
                int(self.env_steps[i]),
                float(mean[i]),
                float(self.wall_s[i]),
            )
            for i in range(max(first, 0), len(self))
        ]

    def last_event(self) -> EpisodeEnd | None:
        return self.events(len(self) - 1)[0] if len(self) else None

    # -- live changes ---------------------------------------------------------------------------
    @property
    def change_count(self) -> int:
        return len(self.starts) - 1

    def change(self, i: int) -> SettingsChanged:
        """Change point ``i`` as the ``SettingsChanged`` event the run emitted."""
        a, b = int(self.starts[i]), int(self.starts[i + 1])
        rows = self.rows[a:b]
        return SettingsChanged(
            int(rows[0]["env_steps"]),
            int(rows[0]["episode"]),
            tuple((h["key"], h["old"], h["new"]) for h in rows),
        )

    def changes(self) -> Iterator[SettingsChanged]:
        return (self.change(i) for i in range(self.change_count))

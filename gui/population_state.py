"""What the run model keeps of a population run on screen (no Qt here).

A population trains several seeds of one config at once (:mod:`dqn_lab.core.population_run`
on the training thread). The panels show one chosen member as they show a solo run; this
keeps what is needed to switch the member at any time: every member's finished episodes,
its latest snapshot and, once the run ended, its state for saving.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from dqn_lab.core.config import Config
from dqn_lab.core.records import EpisodeEnd, Progress


@dataclass
class PopulationState:
    """The members of the population on screen and which one the panels show."""

    config: Config  # the population's settings (member 0's seed)
    seeds: list[int]
    selected: int = 0
    episodes: list[list[EpisodeEnd]] = field(default_factory=list)
    snapshots: list[dict | None] = field(default_factory=list)
    contents: list[tuple[dict, dict] | None] = field(default_factory=list)
    # Once the run ended: each member's last steps, epsilon and average speed, for the
    # header of whichever member is shown.
    final: list[Progress | None] = field(default_factory=list)

    def __post_init__(self) -> None:
        k = len(self.seeds)
        self.episodes = [[] for _ in range(k)]
        self.snapshots = [None] * k
        self.contents = [None] * k
        self.final = [None] * k

    @property
    def size(self) -> int:
        return len(self.seeds)

    def member_config(self, k: int | None = None) -> Config:
        """Member ``k``'s config (the chosen member's by default)."""
        return self.config.replace(seed=self.seeds[self.selected if k is None else k])

    def add(self, items: tuple[tuple[int, EpisodeEnd], ...]) -> list[EpisodeEnd]:
        """Store a batch of members' episodes; return the chosen member's, in order."""
        chosen = []
        for k, ev in items:
            self.episodes[k].append(ev)
            if k == self.selected:
                chosen.append(ev)
        return chosen

    def take_snapshot(self, snap: dict) -> bool:
        """Store a member's snapshot; True when it is the chosen member's."""
        k = int(snap.get("member", self.selected))
        if 0 <= k < self.size:
            self.snapshots[k] = snap
        return k == self.selected

    def take_final(self, final: list) -> None:
        """The ended run's (snapshot, contents) per member."""
        for k, (snap, contents) in enumerate(final[: self.size]):
            self.snapshots[k] = snap
            self.contents[k] = contents

    def file_name(self, k: int, suffix: str) -> str:
        """A member's bundle name: agent-env-seedN (as a solo run of that seed is named)."""
        c = self.member_config(k)
        safe = "".join(ch if ch.isalnum() or ch in "._-" else "_" for ch in c.env_id)
        return f"{c.agent}-{safe}-seed{c.seed}{suffix}"

"""A saved agent bundle as the panels see a run: a snapshot, what the run has done, and how its
settings differ (the episodes and change marks are ``gui.run_history``).

Everything here reads a validated :class:`dqn_lab.core.persistence.Bundle` (NumPy and JSON values;
no TensorFlow), so an opened agent is shown at once on the GUI thread, and a continued run
gets its earlier statistics first so that its curves continue.
"""

from __future__ import annotations

import numpy as np

from dqn_lab.core.bundle_format import Bundle
from dqn_lab.core.config import FIELDS, LIVE_FIELDS, Config
from dqn_lab.core.replay import ReplayMemory
from dqn_lab.gui.i18n import count_text, decimal, number, translate


def bundle_snapshot(bundle: Bundle, policy) -> dict:
    """A worker-style snapshot (see ``dqn_lab.gui.worker.make_snapshot``) of the saved agent."""
    m = bundle.manifest
    env, c = m["env"], m["counters"]
    memory = ReplayMemory(m["memory"]["capacity"], env["state_size"])
    if "memory.npz" in bundle.arrays:
        memory.load_arrays(bundle.arrays["memory.npz"])
    return dict(
        replay=memory.stats(env["action_size"]),
        histograms=memory.histograms(),
        policy=policy,
        kind=bundle.config.agent,
        env_id=bundle.config.env_id,
        env_steps=int(c["env_steps"]),
        episode=int(c["episodes"]),
        counters=dict(
            step=c["step"],
            updates=c["updates"],
            epsilon=c["epsilon"],
            sync_pending=c["sync_pending"],
        ),
    )


def episodes_done(bundle: Bundle) -> int:
    return int(bundle.manifest["counters"]["episodes"])


def continue_config(bundle: Bundle) -> Config:
    """The bundle's settings with an episode total above what is done (so Start continues).

    A run saved before its end keeps its total; a finished one gets as many episodes again.
    """
    config, done = bundle.config, episodes_done(bundle)
    if done < config.episodes:
        return config
    high = int(FIELDS["episodes"].metadata["high"])
    return config.replace(episodes=min(done + config.episodes, high))


def fixed_differences(config: Config, saved: Config) -> list[str]:
    """Settings that cannot change during a run and differ: such a run cannot continue."""
    return [k for k in FIELDS if k not in LIVE_FIELDS and getattr(config, k) != getattr(saved, k)]


def live_differences(config: Config, saved: Config) -> dict:
    """Live settings of ``config`` that differ from the saved ones (applied on continuing)."""
    return {k: getattr(config, k) for k in LIVE_FIELDS if getattr(config, k) != getattr(saved, k)}


def summary_text(bundle: Bundle) -> str:
    """One line about the bundle for the status bar (in the interface language)."""
    m, config = bundle.manifest, bundle.config
    stats = m["statistics"]
    last = [s["score"] for s in stats[-100:]]
    mean = (
        translate("Bundle", ", mean of last {0} {1}").format(len(last), decimal(np.mean(last), 1))
        if last
        else ""
    )
    rows = int(m["memory"]["rows"])
    memory = (
        count_text(
            rows,
            translate("Bundle", "1 transition in memory"),
            translate("Bundle", "{0} transitions in memory"),
        )
        if m["memory"]["included"]
        else translate("Bundle", "no replay memory")
    )
    return translate("Bundle", "{0} on {1}: {2} episodes, {3} steps{4}; {5}").format(
        config.agent.upper(),
        config.env_id,
        number(episodes_done(bundle)),
        number(int(m["counters"]["env_steps"])),
        mean,
        memory,
    )

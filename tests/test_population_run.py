"""The population as the window's worker drives it (core.population_run; no Qt)."""

import numpy as np
import pytest

from dqn_lab.core.bundle_format import read_bundle
from dqn_lab.core.config import ConfigError
from dqn_lab.core.persistence import add_episodes, restore_trainer, save_bundle
from dqn_lab.core.population_run import PopulationRun, seeds_from


def test_seeds_follow_the_seed_and_stay_in_range():
    assert seeds_from(42, 3) == [42, 43, 44]
    assert seeds_from(2**31 - 1, 2) == [2**31 - 1, 0]


@pytest.fixture(scope="module")
def finished_run(small_config):
    run = PopulationRun(small_config(episodes=4, target_model_update_interval=50), [5, 6, 7])
    events = list(run.episodes(lambda: False))
    yield run, events
    run.close()


def test_every_members_episode_arrives_as_the_panels_record(finished_run):
    run, events = finished_run
    assert sorted(k for k, _ in events) == [0] * 4 + [1] * 4 + [2] * 4
    for k in range(3):
        mine = [ev for m, ev in events if m == k]
        stats = run.population.statistics[k]
        assert [ev.episode for ev in mine] == [0, 1, 2, 3]
        assert [ev.score for ev in mine] == [s["score"] for s in stats]
        assert [ev.env_steps for ev in mine] == [s["env_steps"] for s in stats]
        assert mine[-1].mean_100 == pytest.approx(np.mean([s["score"] for s in stats]))
        assert all(ev.steps_per_s > 0 for ev in mine)


def test_a_saved_member_is_that_seeds_run_and_continues(finished_run, tmp_path):
    run, _ = finished_run
    member = run.member(2)
    path = tmp_path / "m.dqnlab"
    save_bundle(path, member)
    bundle = read_bundle(path)
    assert bundle.config.seed == 7
    assert bundle.manifest["counters"]["episodes"] == 4
    assert not bundle.manifest["run"]["mid_episode"]
    assert [s["score"] for s in bundle.manifest["statistics"]] == [
        s["score"] for s in run.population.statistics[2]
    ]
    trainer = restore_trainer(bundle)
    try:
        states = np.array([[0.0, 0.1, 0.02, -0.1]], np.float32)
        np.testing.assert_allclose(
            trainer.agent.policy.q_values(states),
            run.population.agents[2].policy.q_values(states),
            rtol=1e-6,
        )
        add_episodes(trainer, 1)
        ends = [ev for ev in trainer.run() if type(ev).__name__ == "EpisodeEnd"]
        assert [ev.episode for ev in ends] == [4]
    finally:
        trainer.close()


def test_live_changes_reach_every_member_and_shared_ones_are_refused(small_config):
    run = PopulationRun(small_config(episodes=2), [1, 2])
    try:
        ev = run.apply_changes(dict(gamma=0.9, epsilon_min=0.05))
        assert dict((k, new) for k, _, new in ev.changes) == dict(gamma=0.9, epsilon_min=0.05)
        assert [c.gamma for c in run.population.configs] == [0.9, 0.9]
        assert [c.seed for c in run.population.configs] == [1, 2]
        assert [a.gamma() for a in run.population.agents] == pytest.approx([0.9, 0.9])
        assert [h["key"] for h in run.history] == ["gamma", "epsilon_min"]
        assert run.apply_changes(dict(gamma=0.9)) is None  # nothing new
        for refused in (dict(batch_size=16), dict(eval_every=100), dict(hidden_sizes=(8,))):
            with pytest.raises(ConfigError, match="stop the run first"):
                run.apply_changes(refused)
        assert [c.batch_size for c in run.population.configs] == [8, 8]
    finally:
        run.close()


def test_a_population_log_is_one_solo_run_log_per_member(small_config, tmp_path):
    """PopulationLog: seed-S/ per member in the solo format; a live change reaches every
    member's changes.csv; a member stopped alone says so in its summary.json."""
    import csv
    import json

    from dqn_lab.core.population_run import PopulationLog
    from dqn_lab.core.run_log import RunLogError

    run = PopulationRun(small_config(episodes=4), [5, 6])
    log = PopulationLog(tmp_path / "run", run, tensorboard=False)
    try:
        assert log.settings_changed(run.apply_changes(dict(gamma=0.9))) is None
        for k, ev in run.episodes(lambda: False):
            assert log.episode(k, ev) is None
            if k == 1 and ev.episode == 1:
                run.population.stop_member(1)
        assert log.finished(run.summary()) is None
    finally:
        log.close()
        run.close()
    for k, seed in enumerate((5, 6)):
        folder = tmp_path / "run" / f"seed-{seed}"
        with open(folder / "statistics.csv", newline="") as fh:
            rows = list(csv.DictReader(fh))
        stats = run.population.statistics[k]
        assert [float(r["score"]) for r in rows] == [s["score"] for s in stats]
        assert len(rows) == (4 if k == 0 else 2)
        with open(folder / "changes.csv", newline="") as fh:
            changes = list(csv.DictReader(fh))
        assert [(c["setting"], c["new"]) for c in changes] == [("gamma", "0.9")]
        summary = json.loads((folder / "summary.json").read_text())
        assert summary["seed"] == seed and summary["stopped"] == (k == 1)
        config = json.loads((folder / "config.json").read_text())  # as the run started
        assert (config["seed"], config["gamma"]) == (seed, small_config().gamma)
    # A folder that already holds a log is refused whole: nothing stays open or half made.
    again = PopulationRun(small_config(episodes=1), [5, 7])
    try:
        with pytest.raises(RunLogError, match="already holds a run log"):
            PopulationLog(tmp_path / "run", again, tensorboard=False)
        assert not (tmp_path / "run" / "seed-7").exists()
    finally:
        again.close()

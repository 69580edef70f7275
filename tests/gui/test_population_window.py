"""Several seeds at once in the main window: curves, the member choice, saving, stopping."""

import numpy as np
import pytest

from dqn_lab.core.bundle_format import read_bundle
from dqn_lab.core.persistence import policy_from_bundle
from dqn_lab.gui.plots_panel import EPISODE, SCORE

TINY = dict(episodes=6, target_model_update_interval=50)
LONG = dict(TINY, episodes=100_000)
TIMEOUT_MS = 120_000


def plots(window):
    return window.docks["PlotsPanel"].widget()


def viewport(window):
    return window.docks["ViewportPanel"].widget()


def policy_map(window):
    return window.docks["PolicyMapPanel"].widget()


def wait_finished(qtbot, window):
    qtbot.waitUntil(
        lambda: window.model.summary is not None or window.status.state_label.text() == "Failed",
        timeout=TIMEOUT_MS,
    )
    assert window.model.summary is not None, window.error_box and window.error_box.text()
    qtbot.waitUntil(lambda: window.model.session is None or not window.model.running)


@pytest.fixture
def finished_population(make_window, qtbot, small_config):
    """A window whose 3-seed run (seeds 7, 8, 9) has finished."""
    window = make_window(small_config(seed=7, **TINY))
    window.controls.seeds_spin.setValue(3)
    assert window.controls.seeds() == [7, 8, 9]
    window.start()
    wait_finished(qtbot, window)
    window.refresh(force=True)
    return window


def test_a_three_seed_run_shows_three_member_curves_and_their_mean(finished_population):
    window = finished_population
    overlay = window.population_plot
    population = window.model.population
    assert population is not None and population.seeds == [7, 8, 9]
    # Every member trained its episodes; each has a faint curve with its scores.
    assert [len(e) for e in population.episodes] == [6, 6, 6]
    assert len(overlay.member_curves) == 3
    for k, curve in enumerate(overlay.member_curves):
        x, y = curve.getData()
        assert list(x) == [1, 2, 3, 4, 5, 6]  # episodes count from 1, as the header's
        assert list(y) == [ev.score for ev in population.episodes[k]]
    # The mean across the members (of each one's running mean) and its min-max band.
    x, mean = overlay.mean_curve.getData()
    assert len(x) == 6
    means = np.array(
        [np.cumsum([ev.score for ev in e]) / np.arange(1, 7) for e in population.episodes]
    )
    np.testing.assert_allclose(mean, means.mean(axis=0))
    np.testing.assert_allclose(overlay.low.getData()[1], means.min(axis=0))
    np.testing.assert_allclose(overlay.high.getData()[1], means.max(axis=0))
    # The panel's own curves show the chosen member (the first) as a solo run.
    t = plots(window).table
    assert list(t.column(SCORE)) == [ev.score for ev in population.episodes[0]]
    # Its axis and its table view count the episodes from 1 as well.
    assert list(plots(window).score_curve.getData()[0]) == [1, 2, 3, 4, 5, 6]
    table = plots(window).stack.model
    table.reload()
    assert [table.data(table.index(r, EPISODE)) for r in (0, 5)] == ["1", "6"]
    assert window.status.episodes_done == 18 and window.status.total == 18
    # A new user's report: the status line's steps stopped at the last progress before the
    # end (2,286 steps for members of 909 + 1,004 + 898). It shows their total.
    members = window.model.summary["members"]
    steps = sum(m["env_steps"] for m in members)
    assert (
        window.status.env_steps
        == steps
        == sum(ev.env_steps for ev in (e[-1] for e in population.episodes))
    )
    assert window.status.steps_label.text() == f"{steps:,} steps"
    # The seeds' episodes in all, not "Episode 18/18" beside a header at episode 6.
    assert window.status.episode_label.text() == "3 seeds: 18/18 episodes in all"
    assert window.status.state_label.text() == "Finished"
    assert window.controls.member_combo.count() == 3
    assert window.controls.member_combo.isVisibleTo(window)


def test_the_member_choice_changes_what_the_panels_show(finished_population):
    window = finished_population
    population = window.model.population
    first = population.snapshots[0]["policy"]
    assert viewport(window).latest_policy is first
    window.controls.member_combo.setCurrentIndex(2)
    window.controls.member_combo.activated.emit(2)
    assert population.selected == 2
    third = population.snapshots[2]
    assert third["seed"] == 9
    assert viewport(window).latest_policy is third["policy"]
    assert policy_map(window)._policy is third["policy"]
    assert window.model.config.seed == 9
    t = plots(window).table
    assert list(t.column(EPISODE)) == [0, 1, 2, 3, 4, 5]
    assert list(t.column(SCORE)) == [ev.score for ev in population.episodes[2]]
    # The header shows this member's steps (it showed none for a member but the first).
    window.refresh(force=True)
    steps = population.episodes[2][-1].env_steps
    header = plots(window).status.full_text()
    assert f"{steps:,} env steps" in header and "α " in header  # its own rate too
    # The policies differ: each member learned from its own seed.
    states = np.array([[0.0, 0.1, 0.02, -0.1], [0.05, -0.2, -0.03, 0.3]], np.float32)
    assert not np.allclose(first.q_values(states), third["policy"].q_values(states))


def test_save_writes_the_chosen_member_and_save_all_writes_every_one(finished_population, tmp_path):
    window = finished_population
    population = window.model.population
    window.controls.member_chosen.emit(1)
    path = tmp_path / "member.dqnlab"
    window.files.ask_save_path = lambda: str(path)
    assert window.files.save()
    bundle = read_bundle(path)
    assert bundle.config.seed == 8
    assert bundle.manifest["counters"]["episodes"] == 6
    assert [s["score"] for s in bundle.manifest["statistics"]] == [
        ev.score for ev in population.episodes[1]
    ]
    states = np.array([[0.0, 0.1, 0.02, -0.1]], np.float32)
    np.testing.assert_allclose(
        policy_from_bundle(bundle).q_values(states),
        population.snapshots[1]["policy"].q_values(states),
        rtol=1e-5,
    )
    # A new user's report: after Save of one seed, opening another file dropped the other
    # seeds without a question. One seed saved leaves the run unsaved, and says so.
    assert window.model.dirty
    assert "this seed only" in window.statusBar().currentMessage()
    folder = tmp_path / "all"
    folder.mkdir()
    window.files.ask_folder = lambda: str(folder)
    assert window.files.save_all()
    names = sorted(p.name for p in folder.iterdir())
    assert names == [f"dqn-CartPole-v0-seed{s}.dqnlab" for s in (7, 8, 9)]
    assert [read_bundle(folder / n).config.seed for n in names] == [7, 8, 9]
    assert not window.model.dirty
    assert "seed8.dqnlab" in window.windowTitle()  # the shown seed's file, not "unsaved run"
    # A new user's report: Save all seeds replaced a 500-episode agent of the same name
    # without a word. It asks; No keeps the files as they were.
    before = (folder / names[0]).read_bytes()
    (folder / names[0]).write_bytes(b"an earlier agent")
    asked = []
    window.files.ask_replace = lambda _folder, there: asked.append(there) or False
    assert not window.files.save_all()
    assert asked == [names] and (folder / names[0]).read_bytes() == b"an earlier agent"
    window.files.ask_replace = lambda _folder, there: True
    assert window.files.save_all() and (folder / names[0]).read_bytes() == before
    assert window.files.save() and not window.model.dirty  # every seed is saved already


def test_stop_mid_population_leaves_no_thread_and_a_new_solo_run_is_as_before(
    make_window, qtbot, small_config
):
    window = make_window(small_config(**LONG))
    window.controls.seeds_spin.setValue(3)
    window.start()
    assert not window.controls.seeds_spin.isEnabled()
    qtbot.waitUntil(lambda: window.status.episodes_done >= 6, timeout=TIMEOUT_MS)
    # Pause holds every member; live changes reach all of them; resume goes on.
    window.toggle_pause()
    assert window.model.paused
    window.model.change(dict(gamma=0.9))
    qtbot.waitUntil(lambda: bool(window.model.changes), timeout=TIMEOUT_MS)
    key, _, new = window.model.changes[-1].changes[0]
    assert (key, new) == ("gamma", 0.9)
    gammas: list = []  # read where the agents live, at the loop's next safe point
    window.model.session.control.request(
        lambda member: gammas.append([a.gamma() for a in member.population_run.population.agents])
    )
    qtbot.waitUntil(lambda: bool(gammas), timeout=TIMEOUT_MS)
    assert gammas[0] == pytest.approx([0.9, 0.9, 0.9])
    # A setting the lockstep loop cannot take is refused with a sentence, nothing applied.
    rejected: list = []
    window.model.change_rejected.connect(rejected.append)
    window.model.change(dict(batch_size=16))
    qtbot.waitUntil(lambda: bool(rejected), timeout=TIMEOUT_MS)
    assert "several seeds" in rejected[0] and "batch_size" in rejected[0]
    window.toggle_pause()
    n = window.status.episodes_done
    qtbot.waitUntil(lambda: window.status.episodes_done > n, timeout=TIMEOUT_MS)
    # Evaluate plays the chosen member's greedy policy on the training thread.
    window.evaluate()
    qtbot.waitUntil(lambda: bool(plots(window).evaluations), timeout=TIMEOUT_MS)
    assert len(plots(window).evaluations[0][1]) == 10
    window.stop()
    wait_finished(qtbot, window)
    assert window.model.summary["stopped"]
    session = window.model.session
    assert session is None or not session.thread.isRunning()
    assert window.model.population.contents[0] is not None  # kept for saving
    # Seeds back to 1: a solo run, and the population's drawings are gone.
    window.model.dirty = False
    window.controls.seeds_spin.setValue(1)
    window.settings_panel.set_config(small_config(**TINY))
    window.start()
    wait_finished(qtbot, window)
    assert window.model.population is None
    assert window.population_plot.size == 0 and not window.population_plot.items
    assert not window.controls.member_combo.isVisibleTo(window)
    assert plots(window).table.n == 6


def test_the_unsaved_question_during_a_population_saves_every_seed(
    make_window, qtbot, small_config, tmp_path
):
    """A new user's report: Save in the unsaved-run question wrote the seed shown and
    dropped the others. It writes every seed into a folder, as File > Save all seeds."""
    window = make_window(small_config(seed=3, **LONG))
    window.controls.seeds_spin.setValue(2)
    window.start()
    qtbot.waitUntil(lambda: window.status.episodes_done >= 4, timeout=TIMEOUT_MS)
    window.controls.member_chosen.emit(1)
    assert window.model.config.seed == 4
    asked = []
    window.files.ask_unsaved = lambda: "save"
    window.files.ask_save_path = lambda: asked.append("one file") or ""
    folder = tmp_path / "seeds"
    folder.mkdir()
    window.files.ask_folder = lambda: str(folder)
    assert window.files.resolve_unsaved()  # stops the run at once and keeps its members
    assert window.model.session is None and asked == []
    names = sorted(p.name for p in folder.iterdir())
    assert names == ["dqn-CartPole-v0-seed3.dqnlab", "dqn-CartPole-v0-seed4.dqnlab"]
    assert [read_bundle(folder / n).config.seed for n in names] == [3, 4]
    assert all(c is not None for c in window.model.population.contents)
    assert not window.model.dirty


def test_a_population_logs_one_solo_format_folder_per_seed(
    make_window, qtbot, small_config, tmp_path
):
    """Log runs to folder with Seeds 2: one new run folder with seed-7/ and seed-8/, each
    a solo run's log (statistics.csv rows = that member's episodes, config, summary,
    TensorBoard events)."""
    import csv
    import json

    logs = tmp_path / "logs"
    logs.mkdir()
    window = make_window(small_config(seed=7, **TINY))
    window.files.ask_log_folder = lambda: str(logs)
    window.files.log_action.trigger()
    window.controls.seeds_spin.setValue(2)
    messages: list = []
    window.model.message.connect(lambda text, *_: messages.append(text))
    window.start()
    wait_finished(qtbot, window)
    population = window.model.population
    run_dir = window.model.hooks.log_dir
    assert run_dir is not None and run_dir.parent == logs
    assert [p.name for p in logs.iterdir()] == [run_dir.name]
    assert "seeds7-8" in run_dir.name
    assert sorted(p.name for p in run_dir.iterdir()) == ["seed-7", "seed-8"]
    qtbot.waitUntil(lambda: any("Logging this run's 2 seeds" in m for m in messages))
    for k, seed in enumerate((7, 8)):
        folder = run_dir / f"seed-{seed}"
        with open(folder / "statistics.csv", newline="") as fh:
            rows = list(csv.DictReader(fh))
        episodes = population.episodes[k]
        assert [int(r["episode"]) for r in rows] == list(range(6))
        assert [float(r["score"]) for r in rows] == [ev.score for ev in episodes]
        assert [int(r["env_steps"]) for r in rows] == [ev.env_steps for ev in episodes]
        assert json.loads((folder / "config.json").read_text())["seed"] == seed
        summary = json.loads((folder / "summary.json").read_text())
        assert (summary["seed"], summary["episodes"]) == (seed, 6)
        assert summary["scores"] == [ev.score for ev in episodes] and not summary["stopped"]
        assert "statistics" not in summary
        assert any(p.name.startswith("events.out.tfevents") for p in folder.iterdir())


def test_several_seeds_over_an_opened_run_say_it_is_solo_only_then_start_fresh(
    make_window, qtbot, small_config, tmp_path
):
    """An opened bundle and Seeds 2: the first Start explains that continuing is solo-only
    and changes nothing; Start again trains two fresh seeds; the file is untouched."""
    from dqn_lab.core.persistence import save_bundle
    from dqn_lab.core.training import Trainer
    from tests.gui.test_files import open_bundle

    trainer = Trainer(small_config(seed=7, **TINY))
    for _ in trainer.run():
        pass
    path = tmp_path / "opened.dqnlab"
    save_bundle(path, trainer)
    trainer.close()
    before = path.read_bytes()
    window = make_window()
    assert open_bundle(qtbot, window, path)
    loaded = window.model.loaded
    assert loaded is not None
    notices: list = []
    window.model.notice.connect(lambda title, text: notices.append((title, text)))
    window.settings_panel.set_config(small_config(seed=7, **dict(TINY, episodes=4)))
    window.controls.seeds_spin.setValue(2)
    window.start()
    assert not window.model.running and window.model.population is None
    assert window.model.loaded is loaded  # Seeds 1 would still continue it
    assert notices and notices[0][0] == "Several seeds start a new run"
    assert "one seed only" in notices[0][1] and "episode 6" in notices[0][1]
    window.start()  # again: the population starts from scratch
    wait_finished(qtbot, window)
    population = window.model.population
    assert population is not None and population.seeds == [7, 8]
    assert [len(e) for e in population.episodes] == [4, 4]
    assert window.model.loaded is None and len(notices) == 1
    assert path.read_bytes() == before

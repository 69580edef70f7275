"""The Study window on the real main window: a tiny study runs, its trials show, "Open trial
as a run" fills the settings panel; bad input is a red line and creates nothing."""

import os
import shlex
import signal
import subprocess
import sys

import pytest

from dqn_lab.core.config import Config
from tests.test_compare import child_processes


@pytest.fixture(autouse=True)
def no_worker_left(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    yield
    alive = child_processes()
    for pid in alive:
        os.kill(pid, signal.SIGKILL)
    assert not alive, f"worker processes left running: {alive}"


def test_study_window_runs_a_tiny_study_and_opens_a_trial_as_a_run(make_window, qtbot, tmp_path):
    main = make_window(Config(episodes=2, start_replay_step=64, max_steps=30))
    main.controls.study_action.trigger()
    window = main.controls.study_window
    assert window.isVisible() and window.config == main.settings_panel.config
    folder = tmp_path / "studies"
    window.storage_dir = str(folder)
    # Bad input: a red one-line message, no study file.
    window.set_mode("alpha", "range", 0, 1)
    window.start_button.click()
    # the English window names the setting by its label (the CLI says "alpha")
    assert (
        "Search space: Learning rate must be between 1e-06 and 0.1, not 0" in window.status.text()
    )
    assert "color" in window.status.styleSheet() and not folder.exists()
    window.set_mode("alpha", "fixed")
    window.set_mode("gamma", "range", 0.9, 0.99)
    window.set_mode("loss", "choices", choices=["mse", "huber"])
    window.seeds_spin.setValue(1)
    window.trials_spin.setValue(2)
    window.workers_spin.setValue(1)
    window.eval_spin.setValue(1)
    window.pruner_combo.setCurrentText("none")
    window.name_edit.setText("gui")
    window.start_button.click()
    assert (folder / "gui.journal").exists() and window.busy
    qtbot.waitUntil(
        lambda: (
            not window.busy
            and window.trial_table.rowCount() == 2
            and window.trial_table.item(1, 1).text() == "complete"
        ),
        timeout=300_000,
    )
    window.refresh()
    states = [window.trial_table.item(r, 1).text() for r in range(2)]
    assert states == ["complete", "complete"]
    assert window.trial_table.item(0, 3).text() == "1/1"
    assert len(window.points.getData()[0]) == 2 and len(window.best_line.getData()[1]) == 2
    assert "importance" in window.importance_label.text()
    assert len(window.parallel_lines) == 2  # one polyline per finished trial
    xs, ys = window.parallel_lines[0].getData()
    assert list(xs) == [0, 1, 2] and all(0 <= y <= 1 for y in ys)  # gamma, loss, value
    window.grab().save("/tmp/study-window.png")
    window.tabs.setCurrentIndex(1)
    window.grab().save("/tmp/study-window-parallel.png")
    # Open trial 1 as a run: the signal carries its Config and the settings panel shows it.
    trial = window.study.trials[1]
    window.trial_table.selectRow(1)
    with qtbot.waitSignal(window.open_trial, timeout=5000) as blocker:
        window.open_trial_button.click()
    config = blocker.args[0]
    assert (
        config.gamma == pytest.approx(trial.params["gamma"]) and config.loss == trial.params["loss"]
    )
    assert config.episodes == 2 and config.max_steps == 30
    assert main.settings_panel.config == config
    # Save the best as a preset; open the study again from its file.
    path = window.save_best_as_preset("best-gui", folder=tmp_path / "presets")
    assert path and os.path.exists(path)
    window.close()
    from dqn_lab.gui.study_window import StudyWindow

    again = StudyWindow(Config())
    qtbot.addWidget(again)
    assert again.open_study(str(folder / "gui.journal"), "gui")
    assert again.rows["gamma"]["mode"].currentData() == "range"
    assert again.rows["loss"]["mode"].currentData() == "choices"
    assert again.trial_table.rowCount() == 2 and again.seeds_spin.value() == 1
    assert not again.open_study(str(tmp_path / "none.journal"), "none")
    assert "There is no study file" in again.status.text()
    again.shutdown()


def start_one_long_trial(make_window, folder, name: str):
    """(main window, Study window) with study ``name`` in ``folder`` started: one trial of
    a long run on one local worker."""
    main = make_window(Config(episodes=100_000, start_replay_step=64, max_steps=30))
    main.controls.study_action.trigger()
    window = main.controls.study_window
    window.storage_dir = str(folder)
    window.set_mode("gamma", "range", 0.9, 0.99)
    window.seeds_spin.setValue(1)
    window.trials_spin.setValue(1)
    window.workers_spin.setValue(1)
    window.name_edit.setText(name)
    window.start_button.click()
    return main, window


def test_stopping_the_workers_queues_their_running_trial_again(make_window, qtbot, tmp_path):
    """A new user's report: after "Stop workers" the worker was gone but its trial still
    said "running" 20 s later, and the status line did not change. The trial is failed
    and queued again at once, and the status line says so."""
    main, window = start_one_long_trial(make_window, tmp_path / "my studies", "stopped")
    # The line to join from another machine pastes into a shell (a folder with a space).
    journal = shlex.quote(str(tmp_path / "my studies" / "stopped.journal"))
    # The line runs from any folder: this Python and the installed package.
    line = f"{shlex.quote(sys.executable)} -m dqn_lab worker --storage {journal} --study stopped"
    assert line in window.status.text()
    words = shlex.split(line)
    elsewhere = subprocess.run(
        [*words[:4], "--help"], cwd=tmp_path, capture_output=True, text=True, timeout=120
    )
    assert elsewhere.returncode == 0 and "--study" in elsewhere.stdout, elsewhere.stderr

    def states() -> list[str]:
        window.refresh()
        return [window.trial_table.item(r, 1).text() for r in range(window.trial_table.rowCount())]

    qtbot.waitUntil(lambda: states() == ["running"], timeout=120_000)
    # (once its worker has written who runs it; a trial stopped before that is found stale
    # by the next worker, after the heartbeat's grace period)
    qtbot.waitUntil(lambda: "worker" in window.study.trials[0].user_attrs, timeout=120_000)
    window.stop_button.click()
    assert not window.busy
    assert states() == ["stopped", "waiting"]  # not "failed"
    assert window.status.text() == "Stopped 1 local worker(s); 1 running trial(s) queued again."
    window.close()


def test_closed_mid_study_and_reopened_the_table_shows_the_trials_stopped(
    make_window, qtbot, tmp_path
):
    """A new user's report: closed while a trial ran (its worker stopped, the trial queued
    again) and opened again, the window still showed the trial "running"."""
    main, window = start_one_long_trial(make_window, tmp_path / "studies", "closed")

    def shown() -> list[str]:
        return [window.trial_table.item(r, 1).text() for r in range(window.trial_table.rowCount())]

    qtbot.waitUntil(
        lambda: bool(window.study.trials) and "worker" in window.study.trials[0].user_attrs,
        timeout=120_000,
    )
    window.refresh()
    assert shown() == ["running"]
    window.close()  # stops its worker; the trial is queued again
    main.controls.study_action.trigger()  # the same window, opened again
    assert window.isVisible() and shown() == ["stopped", "waiting"]
    window.close()

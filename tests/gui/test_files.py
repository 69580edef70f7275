"""The File menu: open, continue, save during and after a run, prompts, drops, autosave, logs."""

import csv
import os
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from dqn_lab.core.bundle_format import read_bundle
from dqn_lab.core.persistence import policy_from_bundle, save_bundle
from dqn_lab.core.training import Trainer
from dqn_lab.gui import app_state
from dqn_lab.gui.plots_panel import EPISODE

#: On top of small_config: six episodes with frequent target syncs (LONG: stopped by the test).
TINY = dict(episodes=6, target_model_update_interval=50)
LONG = dict(TINY, episodes=100_000)
TIMEOUT_MS = 120_000


@pytest.fixture(scope="module")
def saved_bundle(tmp_path_factory, small_config):
    """A 6-episode DQN run saved with core (the window never built it)."""
    trainer = Trainer(small_config(**TINY))
    for _ in trainer.run():
        pass
    path = tmp_path_factory.mktemp("bundle") / "tiny run.dqnlab"
    save_bundle(path, trainer)
    trainer.close()
    return path


@pytest.fixture
def bundle_path(saved_bundle, tmp_path):
    """A fresh copy of the saved bundle for each test (tests save over it)."""
    (tmp_path / "agents").mkdir()
    path = tmp_path / "agents" / saved_bundle.name
    path.write_bytes(saved_bundle.read_bytes())
    return path


def plots(window):
    return window.docks["PlotsPanel"].widget()


def viewport(window):
    return window.docks["ViewportPanel"].widget()


def wait_finished(qtbot, window):
    qtbot.waitUntil(
        lambda: window.model.summary is not None or window.status.state_label.text() == "Failed",
        timeout=TIMEOUT_MS,
    )
    assert window.model.summary is not None, window.error_box and window.error_box.text()


def open_bundle(qtbot, window, path) -> bool:
    """Open ``path`` as the File menu does (read off the GUI thread); True when shown."""
    with qtbot.waitSignal(window.files.open_finished, timeout=TIMEOUT_MS) as blocker:
        window.files.open(path)
    qtbot.waitUntil(lambda: not window.files.jobs.busy, timeout=TIMEOUT_MS)
    return blocker.args[0]


def error_text(window) -> str:
    return window.error_box.text() if window.error_box is not None else ""


def test_an_opened_agent_is_shown_evaluated_and_trained_further(make_window, qtbot, bundle_path):
    window = make_window()
    assert open_bundle(qtbot, window, bundle_path)
    bundle = read_bundle(bundle_path)
    # The curves show the saved statistics; the viewport plays the saved policy.
    assert plots(window).table.n == 6 and window.status.episodes_done == 6
    # The settings show the saved run's own, Episodes included (never changed in silence);
    # the status line says how to train it further.
    assert window.settings_panel.config.episodes == 6
    assert "set Episodes above 6" in window.statusBar().currentMessage()
    # Fewer episodes than it has: it would not continue; the status line keeps its count
    # (it read "Opened, episode 6/3").
    window.settings_panel.edit("episodes", 3)
    assert window.status.total == 6
    window.settings_panel.edit("episodes", 6)
    assert window.settings_panel.config.hidden_sizes == bundle.config.hidden_sizes
    watched = viewport(window).session.policy
    expected = policy_from_bundle(bundle)
    assert all(np.array_equal(a, b) for a, b in zip(watched.weights, expected.weights))
    assert not viewport(window).controls.live_check.isChecked()
    assert window.windowTitle().startswith("tiny run.dqnlab")
    assert app_state.recent_files(window.qsettings)[0] == str(bundle_path.resolve())
    assert "Opened tiny run.dqnlab" in window.statusBar().currentMessage()
    # The curves' header has the saved run's epsilon and learning rate before it trains.
    c, rate = bundle.manifest["counters"], bundle.arrays["optimizer.npz"]["learning_rate"]
    qtbot.waitUntil(lambda: "ε" in plots(window).status.full_text(), timeout=TIMEOUT_MS)
    header = plots(window).status.full_text()
    assert f"ε {c['epsilon']:.3f}" in header and f"α {float(rate):.3g}" in header, header
    # The header and the status line show the same saved step count (the status line had
    # the last finished episode's) and the run's average speed.
    window.status.refresh()
    assert f"{c['env_steps']:,} env steps" in header
    assert window.status.steps_label.text() == f"{c['env_steps']:,} steps"
    wall = bundle.manifest["run"]["wall_s"]
    assert window.status.speed_label.text() == f"{round(c['env_steps'] / wall):,} steps/s"
    # Evaluate plays the loaded policy greedily (no run, no TensorFlow on the GUI thread).
    assert window.controls.eval_action.isEnabled()
    window.evaluate()
    qtbot.waitUntil(lambda: bool(plots(window).evaluations), timeout=TIMEOUT_MS)
    assert plots(window).evaluations[0][0] == 6
    qtbot.waitUntil(lambda: not window.model.jobs.busy, timeout=TIMEOUT_MS)
    # Start continues the run: the episode count goes on from 6 to 12.
    window.settings_panel.edit("episodes", 12)
    window.start()
    wait_finished(qtbot, window)
    assert window.model.summary["episodes"] == 12 and not window.model.summary["stopped"]
    window.refresh(force=True)
    assert np.array_equal(plots(window).table.column(EPISODE), np.arange(12))
    assert window.status.episodes_done == 12
    assert window.model.dirty and window.isWindowModified()
    # Save writes the continued run to the opened file (after the run: no thread left).
    assert window.files.save()
    again = read_bundle(bundle_path)
    assert again.manifest["counters"]["episodes"] == 12
    assert [s["episode"] for s in again.manifest["statistics"]] == list(range(12))
    assert again.manifest["history"][-1]["key"] == "episodes"  # 6 -> 12, at episode 6
    assert not window.model.dirty


def test_changing_a_fixed_setting_starts_a_new_run_instead(make_window, qtbot, bundle_path):
    window = make_window()
    assert open_bundle(qtbot, window, bundle_path)
    window.settings_panel.edit("episodes", 6)  # no more than done: refused
    window.start()
    assert window.model.session is None
    assert "already has 6 episodes" in window.statusBar().currentMessage()
    assert "already has 6 episodes" in window.notice_box.text()  # readable in full
    window.settings_panel.edit_many(dict(episodes=3, seed=7))  # seed fixes the run
    window.start()
    from PySide6.QtCore import QLocale

    message = window.statusBar().currentMessage()  # labels, in the locale's quotes
    seed = QLocale().quoteString("Seed")
    assert message == f"New run: the opened agent cannot go on with other {seed}."
    wait_finished(qtbot, window)
    assert window.model.summary["episodes"] == 3 and window.model.path is None


def test_broken_files_show_their_message_and_change_nothing(
    make_window, qtbot, tmp_path, bundle_path
):
    window = make_window()
    assert open_bundle(qtbot, window, bundle_path)
    before = plots(window).table.n
    bad = tmp_path / "broken.dqnlab"
    bad.write_bytes(b"PK\x03\x04 this is not a zip file at all" * 10)
    assert not open_bundle(qtbot, window, bad)
    assert window.error_box.windowTitle() == "Cannot open the agent"
    assert "broken.dqnlab" in error_text(window) and "Traceback" not in error_text(window)
    assert plots(window).table.n == before and window.model.loaded is not None
    window.error_box.accept()
    assert not open_bundle(qtbot, window, tmp_path / "missing.dqnlab")
    assert "missing.dqnlab" in error_text(window)


def test_save_during_a_run_and_after_it_write_loadable_bundles(
    make_window, qtbot, tmp_path, small_config
):
    window = make_window(small_config(**LONG))
    window.start()
    qtbot.waitUntil(lambda: window.status.episodes_done >= 2, timeout=TIMEOUT_MS)
    assert window.model.dirty
    during = tmp_path / "during.dqnlab"
    window.files.ask_save_path = lambda: str(during)
    assert window.files.save()  # no path yet: Save As
    qtbot.waitUntil(lambda: "Saved" in window.statusBar().currentMessage(), timeout=TIMEOUT_MS)
    saved = read_bundle(during)
    assert saved.manifest["counters"]["episodes"] >= 2
    assert window.model.path == during.resolve()
    # A save that fails (no such folder) is a message; the run goes on.
    window.model.save_to(tmp_path / "nowhere" / "x.dqnlab")
    qtbot.waitUntil(lambda: window.error_box is not None, timeout=TIMEOUT_MS)
    assert window.error_box.windowTitle() == "Saving failed"
    assert "does not exist" in error_text(window)
    assert window.model.session.running
    n = window.status.episodes_done
    qtbot.waitUntil(lambda: window.status.episodes_done > n, timeout=TIMEOUT_MS)
    window.stop()
    wait_finished(qtbot, window)
    window.error_box.accept()
    # After the run a failing save loses nothing either: the next one writes it.
    assert not window.model.save_to(tmp_path / "nowhere" / "y.dqnlab")
    assert window.error_box.windowTitle() == "Saving failed" and window.model.dirty
    after = tmp_path / "after.dqnlab"
    assert window.model.save_to(after)  # the thread has ended
    assert not window.model.dirty
    done = window.model.summary["episodes"]
    assert read_bundle(after).manifest["counters"]["episodes"] == done


def test_quit_asks_about_an_unsaved_run(make_window, qtbot, tmp_path, small_config):
    window = make_window(small_config(**TINY))
    window.start()
    wait_finished(qtbot, window)
    asked = []
    window.files.ask_unsaved = lambda: asked.append(1) or "cancel"
    window.controls.quit_action.trigger()
    assert asked and window.isVisible()  # Cancel keeps the window
    path = tmp_path / "on quit.dqnlab"
    window.files.ask_unsaved = lambda: "save"
    window.files.ask_save_path = lambda: str(path)
    window.controls.quit_action.trigger()
    assert not window.isVisible()
    assert read_bundle(path).manifest["counters"]["episodes"] == 6


def test_quit_during_a_run_can_save_it(make_window, qtbot, tmp_path, small_config):
    window = make_window(small_config(**LONG))
    window.start()
    qtbot.waitUntil(lambda: window.status.episodes_done >= 1, timeout=TIMEOUT_MS)
    path = tmp_path / "stopped.dqnlab"
    window.files.ask_unsaved = lambda: "save"
    window.files.ask_save_path = lambda: str(path)
    window.controls.quit_action.trigger()
    assert not window.isVisible() and window.model.session is None
    assert read_bundle(path).manifest["counters"]["episodes"] >= 1


def test_the_run_waits_while_the_unsaved_question_is_open(
    make_window, qtbot, tmp_path, small_config
):
    """A new user's report: closing mid-run asked at episode 242 and saved 388 episodes;
    the run trained on behind the question and the file dialog. It waits while they are
    open, goes on after Cancel, and Save keeps the run as it was when asked."""
    window = make_window(small_config(**LONG))
    window.start()
    qtbot.waitUntil(lambda: window.status.episodes_done >= 2, timeout=TIMEOUT_MS)
    seen: list = []

    def answer(reply):
        def ask():
            # The loop reaches its next safe point and waits there: the steps shown settle
            # (50 looks in a row at the same count, its last events delivered)
            looks: list[int] = []

            def settled() -> bool:
                looks.append(window.status.env_steps)
                return len(looks) >= 50 and len(set(looks[-50:])) == 1

            qtbot.waitUntil(settled, timeout=TIMEOUT_MS)
            before = (window.status.env_steps, window.status.episodes_done)
            qtbot.wait(700)  # as a user reads the question
            seen.append((window.model.paused, before, window.status.env_steps))
            return reply

        return ask

    window.files.ask_unsaved = answer("cancel")
    window.controls.quit_action.trigger()
    paused, (steps, _), after = seen[-1]
    assert paused and after == steps  # no step while the question was open
    assert window.isVisible() and window.model.running and not window.model.paused
    qtbot.waitUntil(lambda: window.status.env_steps > steps, timeout=TIMEOUT_MS)
    path = tmp_path / "asked.dqnlab"
    window.files.ask_unsaved = answer("save")
    window.files.ask_save_path = lambda: (qtbot.wait(500), str(path))[1]
    window.controls.quit_action.trigger()
    assert not window.isVisible() and window.model.session is None
    _, (_, episodes), _ = seen[-1]
    assert read_bundle(path).manifest["counters"]["episodes"] == episodes


def test_dropping_a_bundle_opens_it(make_window, qtbot, bundle_path):
    window = make_window()
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(bundle_path))])
    pos = QPointF(300, 300)
    enter = QDragEnterEvent(
        pos.toPoint(),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    drop = QDropEvent(
        pos,
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    with qtbot.waitSignal(window.files.open_finished, timeout=TIMEOUT_MS):
        QApplication.sendEvent(window, drop)
    qtbot.waitUntil(lambda: not window.files.jobs.busy, timeout=TIMEOUT_MS)
    assert window.model.loaded is not None and plots(window).table.n == 6
    # A child that takes drops itself (the curves' graphics view) passes a bundle on.
    view = plots(window).view.viewport()
    assert view.acceptDrops()
    into_plot = QDragEnterEvent(
        pos.toPoint(),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    into_plot.ignore()
    QApplication.sendEvent(view, into_plot)
    assert into_plot.isAccepted()
    text = QMimeData()
    text.setText("not a file")
    other = QDragEnterEvent(
        pos.toPoint(),
        Qt.DropAction.CopyAction,
        text,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    other.ignore()
    QApplication.sendEvent(window, other)
    assert not other.isAccepted()


def test_autosave_keeps_the_best_evaluated_agent(
    make_window, qtbot, bundle_path, tmp_path, small_config
):
    window = make_window(small_config(**LONG))
    window.files.autosave_action.setChecked(True)
    window.start()
    qtbot.waitUntil(lambda: window.status.episodes_done >= 1, timeout=TIMEOUT_MS)
    best = window.model.best_path()
    assert best.parent == tmp_path / "data" and best.name.endswith("-best.dqnlab")
    window.evaluate()  # the first evaluation is the best so far
    qtbot.waitUntil(lambda: best.exists(), timeout=TIMEOUT_MS)
    qtbot.waitUntil(
        lambda: "New best greedy mean" in window.statusBar().currentMessage(), timeout=TIMEOUT_MS
    )
    episode = plots(window).evaluations[0][0]
    assert read_bundle(best).manifest["counters"]["episodes"] == episode
    window.stop()
    wait_finished(qtbot, window)
    # After a run (and for an opened agent) the kept state is saved if it beats the best.
    window.files.ask_unsaved = lambda: "discard"
    assert open_bundle(qtbot, window, bundle_path)
    window.evaluate()
    opened_best = bundle_path.with_name("tiny run-best.dqnlab")  # beside the opened file
    qtbot.waitUntil(opened_best.exists, timeout=TIMEOUT_MS)
    assert read_bundle(opened_best).manifest["counters"]["episodes"] == 6
    assert app_state.flag(window.qsettings, app_state.AUTOSAVE_BEST)


def test_runs_are_logged_to_the_chosen_folder(make_window, qtbot, tmp_path, small_config):
    logs = tmp_path / "logs"
    logs.mkdir()
    window = make_window(small_config(**TINY))
    window.files.ask_log_folder = lambda: str(logs)
    window.files.log_action.trigger()  # check it: asks for the folder
    assert window.files.log_folder() == str(logs)
    window.start()
    wait_finished(qtbot, window)
    run_dir = window.model.hooks.log_dir
    assert run_dir is not None and run_dir.parent == logs
    with open(run_dir / "statistics.csv", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0][:2] == ["episode", "score"] and len(rows) == 1 + 6
    assert [int(r[0]) for r in rows[1:]] == list(range(6))
    assert any(p.name.startswith("events.out.tfevents") for p in run_dir.iterdir())
    assert app_state.flag(window.qsettings, app_state.LOG_ENABLED)
    window.files.ask_log_folder = lambda: ""
    window.files.log_action.trigger()  # off: no folder asked
    assert window.files.log_folder() is None


def test_screenshot_after_opening_a_bundle(make_window, qtbot, bundle_path, tmp_path):
    window = make_window()
    window.resize(1400, 900)
    assert open_bundle(qtbot, window, bundle_path)
    window.refresh(force=True)
    image = window.grab()
    assert image.width() >= 1000 and image.save(str(tmp_path / "loaded.png"))
    target = os.environ.get("DQN_LAB_SCREENSHOT_DIR")
    if target:
        image.save(str(Path(target) / "main_window_loaded.png"))


def test_the_viewports_own_evaluation_goes_onto_the_curves(make_window, qtbot, bundle_path):
    window = make_window()
    assert open_bundle(qtbot, window, bundle_path)
    viewport(window).evaluated.emit([120.0, 80.0])
    assert plots(window).evaluations == [(6, [120.0, 80.0])]


def test_main_py_opens_a_bundle_given_at_start(bundle_path, tmp_path):
    import subprocess
    import sys

    from tests.conftest import ROOT, headless_env

    env = headless_env(tmp_path)
    proc = subprocess.run(
        [
            sys.executable,
            str(ROOT / "main.py"),
            "--no-warm-up",
            "--open",
            str(bundle_path),
            "--quit-after",
            "3",
        ],
        capture_output=True,
        text=True,
        timeout=180,
        cwd=ROOT,
        env=env,
    )
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr
    stored = [p.read_text() for p in tmp_path.rglob("*.conf")]
    assert any(bundle_path.name in text for text in stored)  # in the recent files


def test_opening_reads_off_the_gui_thread_with_progress_and_cancel(
    make_window, qtbot, bundle_path, monkeypatch
):
    import threading

    from dqn_lab.gui import file_actions

    real_read = file_actions.read_bundle
    readers = []
    release = threading.Event()

    def slow_read(path, *hooks):
        readers.append(threading.current_thread())
        release.wait(60)  # a big file: the window must stay responsive
        return real_read(path, *hooks)

    monkeypatch.setattr(file_actions, "read_bundle", slow_read)
    window = make_window()
    ticks = []
    window.timer.timeout.connect(lambda: ticks.append(1))
    finished = []
    window.files.open_finished.connect(finished.append)
    assert window.files.open(bundle_path)
    # Its progress is in the status bar (no dialog: its nested event loop held the window).
    assert window.files.jobs.busy and window.files.progress.isVisible()
    assert window.files.jobs.dialog is None
    qtbot.waitUntil(lambda: bool(readers), timeout=TIMEOUT_MS)
    qtbot.wait(300)
    assert ticks, "the event loop did not run while the file was read"
    assert readers[0] is not threading.main_thread()
    assert not window.files.open(bundle_path)  # one at a time
    assert finished == [False]
    window.files.progress.cancel_button.click()  # Cancel: nothing changes
    release.set()
    qtbot.waitUntil(lambda: len(finished) == 2, timeout=TIMEOUT_MS)
    assert finished[1] is False and window.model.loaded is None
    assert "cancelled" in window.statusBar().currentMessage()
    assert plots(window).table.n == 0
    assert open_bundle(qtbot, window, bundle_path)  # and then it opens
    assert window.model.loaded is not None and plots(window).table.n == 6


def test_a_run_whose_save_fails_stays_in_memory_and_saves_elsewhere(
    make_window, qtbot, tmp_path, small_config
):
    window = make_window(small_config(**TINY))
    window.start()
    wait_finished(qtbot, window)
    blocked = tmp_path / "a folder.dqnlab"
    blocked.mkdir()  # not a file: refused
    assert not window.model.save_to(blocked)
    assert window.error_box.windowTitle() == "Saving failed"
    assert window.model.dirty and window.model.contents is not None
    window.files.ask_save_path = lambda: str(tmp_path / "elsewhere.dqnlab")
    assert window.files.save_as()
    assert read_bundle(tmp_path / "elsewhere.dqnlab").manifest["counters"]["episodes"] == 6
    assert not window.model.dirty


def test_control_characters_from_a_file_are_shown_escaped(make_window, qtbot, bundle_path):
    from dqn_lab.gui.file_actions import shown

    assert shown("v1\x1b[2J\x1b]0;title\x07 ok\n") == "v1\\x1b[2J\\x1b]0;title\\x07 ok\\n"
    assert shown("CartPole-v0 · 195 ≥") == "CartPole-v0 · 195 ≥"  # printable text stays
    odd = bundle_path.with_name("odd\x1b[31mname.dqnlab")
    odd.write_bytes(bundle_path.read_bytes())
    window = make_window()
    assert open_bundle(qtbot, window, odd)
    message = window.statusBar().currentMessage()
    assert "odd\\x1b[31mname.dqnlab" in message and "\x1b" not in message


def test_the_unsaved_question_fits_a_run_never_saved_and_says_training_waits(
    make_window, qtbot, small_config, monkeypatch
):
    """A new user's report: a run never saved was asked about as "trained since it was
    last saved", and nothing said that training waits during the question."""
    from PySide6.QtWidgets import QMessageBox

    from dqn_lab.gui import file_actions

    window = make_window(small_config(**LONG))
    asked = []

    def question(_parent, _title, text, *_args):
        asked.append(text)
        return QMessageBox.StandardButton.Cancel

    monkeypatch.setattr(file_actions.QMessageBox, "question", question)
    window.files.ask_unsaved = file_actions.FileActions.ask_unsaved.__get__(window.files)
    window.start()
    qtbot.waitUntil(lambda: window.status.episodes_done >= 1, timeout=TIMEOUT_MS)
    window.controls.quit_action.trigger()
    assert asked == [
        "The run has not been saved. Save it before it is closed or replaced? Training waits "
        "meanwhile."
    ]
    assert window.isVisible() and window.model.running and not window.model.paused
    window.stop()
    qtbot.waitUntil(lambda: not window.model.running, timeout=TIMEOUT_MS)
    window.model.dirty = False


def test_an_opened_run_shows_the_preset_it_was_trained_with(make_window, qtbot, tmp_path):
    """A new user's report: a run trained with "Notebook, fixed" opened as "Custom"."""
    from dqn_lab.core.presets import preset, preset_of

    config = preset("seed-fixed").replace(episodes=2, seed=5)  # its own length and seed
    trainer = Trainer(config)
    for _ in trainer.run():
        pass
    path = tmp_path / "fixed.dqnlab"
    save_bundle(path, trainer)
    trainer.close()
    window = make_window()
    assert open_bundle(qtbot, window, path)
    panel = window.settings_panel
    assert panel.preset_name == "seed-fixed" and panel.config == config
    assert panel.preset_label.text() == "Preset: <b>Notebook, fixed</b>"
    assert window.controls.preset_combo.currentData() == "seed-fixed"
    # Settings that are not the preset's (here gamma) are a preset of none.
    assert preset_of(config.replace(gamma=0.9), window.presets) is None

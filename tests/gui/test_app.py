"""The main window: seed config ready, run controls, live changes, errors, closing, rendering."""

import json
import os
import re
import subprocess
import sys
import threading
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QLabel, QMessageBox

from dqn_lab.core.presets import preset
from dqn_lab.core.training import Trainer
from dqn_lab.gui.worker import BACKGROUND_NICE
from tests.conftest import ROOT, headless_env

LONG = dict(episodes=100_000, memory_size=2000)  # on top of small_config; stopped by the test
TIMEOUT_MS = 120_000


def start_and_wait(qtbot, window, what="progress"):
    window.start()
    if what == "progress":
        qtbot.waitUntil(lambda: window.status.env_steps > 0, timeout=TIMEOUT_MS)
    else:
        qtbot.waitUntil(
            lambda: (
                window.model.summary is not None
                or window.status.state_label.text() in ("Finished", "Stopped", "Failed")
            ),
            timeout=TIMEOUT_MS,
        )


def test_the_window_opens_with_the_notebooks_dqn_ready_and_a_hint(make_window):
    window = make_window()
    assert window.settings_panel.config == preset("seed")
    assert window.controls.preset_combo.currentData() == "seed"
    # The preset's id stays 'seed' (CLI, files); what the user reads is the notebook.
    assert window.controls.preset_combo.currentText() == "Notebook"
    assert "Notebook" in window.settings_panel.preset_label.text()
    assert window.controls.agent_combo.currentData() == "dqn"
    assert window.controls.start_action.isEnabled()
    assert not window.controls.pause_action.isEnabled()
    assert not window.controls.stop_action.isEnabled()
    assert window.hint_bar.isVisible()
    assert "Press <b>Start</b>" in window.hint_bar.findChild(QLabel).text()
    c = window.controls
    assert c.start_action.shortcut() == QKeySequence("Ctrl+R")
    assert c.pause_action.shortcut() == QKeySequence("Space")
    assert c.stop_action.shortcut() == QKeySequence("Esc")
    assert c.eval_action.shortcut() == QKeySequence("Ctrl+E")
    assert {"PlotsPanel", "ReplayPanel"} <= set(window.docks)
    assert window.status.check_text() == "mean of last 100: – / –"


def test_the_first_view_hint_wraps_in_a_narrow_window(make_window, qtbot):
    """A new user's report: at 1024 px the hint was cut mid-word at the window's edge. In
    a narrow window it wraps to a second line, and is one line again in a wide window; the
    window's minimum stays within a 1024x700 screen."""
    from PySide6.QtCore import QRect, Qt
    from PySide6.QtGui import QTextDocumentFragment

    window = make_window()
    label = window.hint_bar.findChild(QLabel)
    line = label.fontMetrics().lineSpacing()
    plain = QTextDocumentFragment.fromHtml(label.text()).toPlainText()
    window.resize(800, 700)

    def shows_all() -> bool:  # the label is as tall as its text's lines at its width
        box = label.contentsRect()
        flags = int(Qt.TextFlag.TextWordWrap)
        lines = label.fontMetrics().boundingRect(QRect(0, 0, box.width(), 10_000), flags, plain)
        return box.width() > 0 and box.height() >= lines.height()

    wrapped = lambda: label.contentsRect().height() > 1.5 * line  # noqa: E731
    qtbot.waitUntil(lambda: shows_all() and wrapped(), timeout=3000)
    minimum = window.minimumSizeHint().expandedTo(window.minimumSize())
    assert minimum.width() <= 1024 and minimum.height() <= 700, minimum
    window.resize(1600, 900)
    qtbot.waitUntil(lambda: shows_all() and not wrapped(), timeout=3000)


def test_a_run_that_ends_before_learning_says_so(make_window, qtbot, small_config):
    """A new user's report: a 60-episode run of "Notebook, fixed" ended at 1,317 steps,
    before replay starts (2,000): epsilon stayed 1, loss and mean Q empty, and nothing said
    why. The header says learning has not started, and the end of the run what to change."""
    window = make_window(small_config(episodes=3, start_replay_step=400))
    start_and_wait(qtbot, window, "finished")
    assert window.model.summary["env_steps"] < 400
    window.refresh(force=True)
    assert "collecting: learning starts at step 400" in window.plots_panel.status.full_text()
    from PySide6.QtCore import QLocale

    steps = window.model.summary["env_steps"]
    start, episodes = (QLocale().quoteString(t) for t in ("Start replay at", "Episodes"))
    assert window.notice_box.text() == (
        f"The run ended after {steps} steps, before learning starts at step 400 ({start}): "
        f"until then the agent acts at random and nothing is learned. Raise {episodes} or "
        f"lower {start}."
    )
    window.notice_box.close()
    window.notice_box = None
    # A run the user stops early is not told to train longer.
    window.files.ask_unsaved = lambda: "discard"  # the first run is not kept
    # (steps before replay are fast: a start far away, so the stop lands before it)
    window.settings_panel.edit_many(dict(episodes=100_000, start_replay_step=1_000_000))
    start_and_wait(qtbot, window)
    window.stop()
    qtbot.waitUntil(lambda: not window.model.running, timeout=TIMEOUT_MS)
    assert window.model.summary["stopped"] and window.model.summary["env_steps"] < 1_000_000
    assert window.notice_box is None


def test_toolbar_choices_edit_the_settings_and_follow_them(make_window):
    window = make_window()
    c, panel = window.controls, window.settings_panel
    c.double_action.trigger()
    assert panel.config.double_dqn
    c.choose_agent("naive")  # naive has no target net: double DQN goes off
    assert panel.config.agent == "naive" and not panel.config.double_dqn
    assert not c.double_action.isEnabled()
    assert "Double DQN turned off" in window.statusBar().currentMessage()
    c.choose_preset("tuned")
    assert panel.config == preset("tuned") and c.env_combo.currentData() == "CartPole-v1"
    panel.edit("gamma", 0.95)
    assert c.preset_combo.currentData() == "custom"
    c.seed_spin.setValue(7)
    assert panel.config.seed == 7


def test_start_pause_resume_stop(make_window, qtbot, small_config):
    window = make_window(small_config(**LONG))
    start_and_wait(qtbot, window)
    # Past replay start (step 64): the first update compiles for seconds and the loop
    # only sees the pause at its next safe point between two steps.
    qtbot.waitUntil(lambda: window.status.env_steps > 300, timeout=TIMEOUT_MS)
    c = window.controls
    assert window.status.state_label.text() == "Running"
    assert not c.start_action.isEnabled() and c.stop_action.isEnabled()
    assert not window.settings_panel.editors["memory_size"].isEnabled()
    assert window.settings_panel.editors["alpha"].isEnabled()
    window.toggle_pause()
    assert window.status.state_label.text() == "Paused"
    # One "Resume" (the Pause action, Space) in the toolbar and the menu, not two.
    assert c.pause_action.text() == "Resume" and c.start_action.text() == "Start"
    assert not c.start_action.isEnabled()
    assert [a.text() for a in c.run_menu.actions()].count("Resume") == 1
    qtbot.wait(400)
    steps = window.status.env_steps
    qtbot.wait(600)
    assert window.status.env_steps == steps, "training went on while paused"
    window.start()  # Start while paused resumes
    assert window.status.state_label.text() == "Running"
    qtbot.waitUntil(lambda: window.status.env_steps > steps, timeout=TIMEOUT_MS)
    window.stop()
    qtbot.waitUntil(lambda: window.model.summary is not None, timeout=TIMEOUT_MS)
    assert window.model.summary["stopped"] is True
    assert window.status.state_label.text() == "Stopped"
    assert c.start_action.isEnabled() and not c.stop_action.isEnabled()
    assert window.settings_panel.editors["memory_size"].isEnabled()
    assert window.model.session.thread.isFinished()
    window.files.ask_unsaved = lambda: "discard"  # Reset asks about the unsaved run
    window.reset()  # clears the run, keeps the settings
    assert window.model.session is None and window.status.episodes_done == 0
    assert window.status.state_label.text() == "Ready"
    assert not window.controls.eval_action.isEnabled()


def test_a_slider_change_during_a_run_reaches_the_agent_and_is_marked(
    make_window, qtbot, small_config
):
    window = make_window(small_config(**LONG))
    start_and_wait(qtbot, window)
    editor = window.settings_panel.editors["alpha"]
    editor.slider.setValue(editor.scale.position(0.005))
    changed_to = window.settings_panel.config.alpha
    assert changed_to != 0.001
    qtbot.waitUntil(lambda: len(window.model.changes) == 1, timeout=TIMEOUT_MS)
    assert window.model.changes[0].changes == (("alpha", 0.001, changed_to),)
    plots = window.docks["PlotsPanel"].widget()
    assert len(plots.marks) == 1 and "alpha" in plots.marks[0][1]
    got = []
    window.model.session.worker.request(lambda t: t.agent.learning_rate(), got.append)
    qtbot.waitUntil(lambda: bool(got), timeout=TIMEOUT_MS)
    assert got[0] == pytest.approx(changed_to, rel=1e-5)
    window.stop()
    qtbot.waitUntil(lambda: window.model.summary is not None, timeout=TIMEOUT_MS)
    assert window.model.summary["history"][0]["key"] == "alpha"


def test_a_change_the_running_loop_rejects_shows_its_message(make_window, qtbot, small_config):
    window = make_window(small_config(**LONG))
    start_and_wait(qtbot, window)
    window.model.session.change(memory_size=100)  # the panel greys it out; the core says why
    qtbot.waitUntil(lambda: window.settings_panel.error != "", timeout=TIMEOUT_MS)
    assert "Memory size cannot change during a run" in window.settings_panel.error
    window.settings_panel.edit("epsilon", 0.0005)  # below epsilon_min 0.001: rejected
    assert window.settings_panel.error == (
        "Epsilon min 0.001 must not exceed Epsilon 0.0005."
    )  # the settings' labels
    assert window.settings_panel.config.epsilon == 1.0
    window.stop()
    qtbot.waitUntil(lambda: window.model.summary is not None, timeout=TIMEOUT_MS)


def test_a_worker_error_shows_a_dialog_and_the_app_stays_usable(make_window, qtbot, small_config):
    from dqn_lab.core.training import Trainer

    calls = []

    def flaky_factory(config, control):
        calls.append(config)
        if len(calls) == 1:
            raise RuntimeError("CartPole is on fire")
        return Trainer(config, control)

    window = make_window(small_config(), trainer_factory=flaky_factory)
    window.start()
    qtbot.waitUntil(lambda: window.error_box is not None, timeout=TIMEOUT_MS)
    box = window.error_box
    assert isinstance(box, QMessageBox) and box.isVisible()
    assert box.text() == "RuntimeError: CartPole is on fire"
    assert "Traceback" in box.detailedText() and "flaky_factory" in box.detailedText()
    qtbot.waitUntil(lambda: window.status.state_label.text() == "Failed", timeout=TIMEOUT_MS)
    assert window.model.summary is None and window.controls.start_action.isEnabled()
    box.accept()
    start_and_wait(qtbot, window, "finished")  # the next run works
    assert window.model.summary["episodes"] == 5 and len(calls) == 2


def test_closing_the_window_mid_run_stops_and_joins_the_thread(make_window, qtbot, small_config):
    window = make_window(small_config(**LONG))
    start_and_wait(qtbot, window)
    thread = window.model.session.thread
    assert thread.isRunning()
    window.close()
    assert thread.isFinished() and window.model.session is None
    assert window.qsettings.value("window/state") is not None


def test_the_layout_is_saved_and_restored(make_window, qtbot):
    first = make_window()
    first.docks["NetworkPanel"].hide() if "NetworkPanel" in first.docks else None
    first.hint_bar.actions()[-1].trigger()  # "Got it"
    first.close()
    second = make_window()
    assert not second.hint_bar.isVisible()
    if "NetworkPanel" in second.docks:
        assert second.docks["NetworkPanel"].isHidden()
    second.reset_layout()
    assert all(not d.isHidden() for d in second.docks.values())


def test_the_window_renders_after_a_short_run_and_evaluates(
    make_window, qtbot, tmp_path, small_config
):
    window = make_window(small_config(episodes=60, memory_size=5000))
    window.resize(1400, 900)
    narrowest = window.minimumSizeHint().width()
    start_and_wait(qtbot, window, "finished")
    summary = window.model.summary
    assert summary["episodes"] == 60
    assert window.status.episodes_done == 60
    # A new user's report: the header, the status line and the table showed three step
    # counts and speeds for one run. The header and the status line show the run's last
    # steps, and one speed: the status line's, the run's average once it ended.
    window.refresh(force=True)
    window.status.refresh()
    header = window.plots_panel.status.full_text()
    assert f"{summary['env_steps']:,} env steps" in header and "steps/s" not in header
    assert window.status.steps_label.text() == f"{summary['env_steps']:,} steps"
    assert window.status.speed_label.text() == f"{round(summary['steps_per_s']):,} steps/s"
    window.evaluate()  # no run: a short-lived evaluation thread
    qtbot.waitUntil(
        lambda: "Greedy evaluation after episode 60" in window.statusBar().currentMessage(),
        timeout=TIMEOUT_MS,
    )
    # ... and says how its 10 episodes ended (60 episodes learn little: the pole falls);
    # whole in the status bar's tooltip where the window cuts it.
    said = window.statusBar().currentMessage()
    assert window.statusBar().toolTip() == said
    assert "over 10 episodes; ended: " in said
    assert sum(int(n) for n in re.findall(r"(\d+)× ", said)) == 10
    qtbot.waitUntil(lambda: not window.model.jobs.busy, timeout=TIMEOUT_MS)
    window.refresh(force=True)
    path = tmp_path / "main_window.png"
    assert window.grab().save(str(path))
    target = os.environ.get("DQN_LAB_SCREENSHOT_DIR")
    if target:
        window.grab().save(str(Path(target) / "main_window.png"))
    image = window.grab().toImage()
    pixels = np.array(
        [image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)]
    )
    assert image.width() >= 1000 and len(np.unique(pixels)) > 200  # not blank
    # Texts that grew during the run did not make the window any wider than it could be.
    assert window.minimumSizeHint().width() <= narrowest, (narrowest, window.minimumSizeHint())


def test_the_window_shows_before_tensorflow_loads(tmp_path):
    code = (
        "import json, sys, time\n"
        "t0 = time.monotonic()\n"
        "from PySide6.QtCore import QSettings\n"
        "from dqn_lab.gui.app import make_application\n"
        "app = make_application([])\n"
        "from dqn_lab.gui.main_window import MainWindow\n"
        f"w = MainWindow(settings=QSettings({str(tmp_path / 's.ini')!r}, "
        "QSettings.Format.IniFormat))\n"
        "w.show(); app.processEvents()\n"
        "print(json.dumps(dict(shown_s=time.monotonic() - t0, visible=w.isVisible(),\n"
        "    tf='tensorflow' in sys.modules, keras='keras' in sys.modules)))\n"
        "w.close()\n"
    )
    env = dict(
        os.environ, QT_QPA_PLATFORM="offscreen", SDL_VIDEODRIVER="dummy", PYTHONPATH=str(ROOT)
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=ROOT, env=env
    )
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    # How soon: benchmarks/gui_responsiveness.py reports the time to the first window.
    assert result["visible"] and not result["tf"] and not result["keras"]


def test_main_py_starts_the_app_and_closes_cleanly(tmp_path):
    env = headless_env(tmp_path)
    proc = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--quit-after", "2"],
        capture_output=True,
        text=True,
        timeout=180,
        cwd=ROOT,
        env=env,
    )
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    assert any(tmp_path.rglob("*.conf")) or any(tmp_path.rglob("*.ini"))  # layout saved


def test_compare_runs_opens_in_its_own_window_and_closes_with_the_app(make_window):
    window = make_window()
    window.controls.compare_action.trigger()
    compare = window.controls.compare_window
    assert compare is not None and compare.isVisible() and compare.isWindow()
    window.close()
    assert not compare.isVisible()


def test_quit_asks_before_it_ends_a_running_comparison_or_study(make_window):
    """A new user's report: Ctrl+Q in the main window ended a running study (its trial
    failed) and a running comparison without a question; their own Ctrl+W asks."""
    window = make_window()
    window.controls.compare_action.trigger()
    window.controls.study_action.trigger()
    compare, study = window.controls.compare_window, window.controls.study_window
    asked = []
    compare.work_running = lambda: False
    study.work_running = lambda: True  # workers running trials
    study.ask_close = lambda: asked.append("study") or False  # the user keeps them
    window.files.quit()
    assert asked == ["study"] and window.isVisible() and study.isVisible()
    compare.work_running = lambda: True
    compare.ask_close = lambda: asked.append("compare") or True
    study.ask_close = lambda: asked.append("study") or True
    window.files.quit()
    assert asked == ["study", "compare", "study"]
    assert not window.isVisible() and not study.isVisible() and not compare.isVisible()


def test_the_slow_panels_take_turns_one_redraw_per_tick(make_window, monkeypatch):
    window = make_window()
    window.timer.stop()
    slow = [
        p
        for p in window.panels
        if type(p).__name__ in ("PlotsPanel", "ReplayPanel", "NetworkPanel", "PolicyMapPanel")
    ]
    assert len(slow) == 4
    drawn = []
    for panel in slow:
        monkeypatch.setattr(panel, "refresh", lambda p=panel: drawn.append(p))
    window._next_refresh.clear()  # all four due at once
    ticks = []
    for _ in range(6):
        before = len(drawn)
        window.refresh()
        ticks.append(len(drawn) - before)
    visible = [p for p in slow if not p.visibleRegion().isEmpty()]
    assert max(ticks) == 1 and sorted(map(id, drawn)) == sorted(map(id, visible))
    window.refresh(force=True)  # a forced redraw still draws them all
    assert len(drawn) == len(visible) * 2


def test_a_slow_panel_paints_its_new_data_in_a_later_turn(make_window, qtbot, small_config):
    """While a run trains, the learning curves take new data in the window's tick and paint
    it only after the event loop has come round again (together they held the window for
    up to 70 ms); with nothing new, the tick holds nothing."""
    from PySide6.QtCore import QCoreApplication, QEvent, QObject

    window = make_window(small_config(**LONG))
    start_and_wait(qtbot, window)
    window.timer.stop()  # the test calls the window's tick itself
    panel = window.plots_panel
    target = panel.view.viewport()
    paints: list[int] = []

    class Paints(QObject):
        def eventFilter(self, _obj, event) -> bool:  # noqa: N802 - Qt name
            if event.type() == QEvent.Type.Paint:
                paints.append(1)
            return False

    spy = Paints()
    target.installEventFilter(spy)
    qtbot.waitUntil(panel.has_news, timeout=TIMEOUT_MS)  # new episodes wait to be drawn
    paints.clear()
    window._next_refresh.clear()
    window.refresh()
    QCoreApplication.sendPostedEvents()  # what Qt would paint in this turn
    assert paints == [] and not panel.stack.updatesEnabled()
    qtbot.waitUntil(lambda: len(paints) > 0, timeout=TIMEOUT_MS)  # a later turn paints it
    assert panel.stack.updatesEnabled() and panel.updatesEnabled()
    window.stop()
    qtbot.waitUntil(lambda: not window.model.running, timeout=TIMEOUT_MS)
    panel.refresh()  # drawn: nothing new now
    window._next_refresh.clear()
    window.refresh()
    assert panel.stack.updatesEnabled()  # no run, nothing new: nothing held
    target.removeEventFilter(spy)


def test_a_paint_hold_releases_only_what_it_held(make_window, qtbot):
    """A child the panel switched off stays off, one deleted meanwhile is simply gone, and
    the others paint again after the hold."""
    from PySide6.QtWidgets import QLabel

    window = make_window()
    panel = window.plots_panel
    off, gone = QLabel("off", panel), QLabel("gone", panel)
    off.setUpdatesEnabled(False)  # the panel's own choice
    window._paint_later(panel)
    assert not panel.stack.updatesEnabled() and not gone.updatesEnabled()
    gone.deleteLater()
    qtbot.waitUntil(panel.stack.updatesEnabled, timeout=TIMEOUT_MS)
    assert not off.updatesEnabled()
    assert all(not c.property("dqnlab_paint_held") for c in window._direct_children(panel))


# -- issue 13: what a new user hit ----------------------------------------------------------
def finished_tiny_run(qtbot, window):
    start_and_wait(qtbot, window, "finished")
    qtbot.waitUntil(lambda: window.model.summary is not None, timeout=TIMEOUT_MS)
    assert window.model.dirty and window.status.episodes_done == 5


def test_reset_and_start_after_a_run_ask_about_the_unsaved_run(
    make_window, qtbot, tmp_path, small_config
):
    window = make_window(small_config())
    finished_tiny_run(qtbot, window)
    asked = []
    window.files.ask_unsaved = lambda: asked.append(1) or "cancel"
    window.reset()  # Cancel: the run stays
    assert asked == [1] and window.model.summary is not None
    assert window.status.episodes_done == 5 and window.model.contents is not None
    window.start()  # Cancel: no new run
    assert asked == [1, 1] and not window.model.running
    assert window.model.summary is not None and window.status.episodes_done == 5
    path = tmp_path / "kept.dqnlab"  # Save: written, then the new run
    window.files.ask_unsaved = lambda: "save"
    window.files.ask_save_path = lambda: str(path)
    window.start()
    assert path.exists() and window.model.running
    qtbot.waitUntil(lambda: window.model.summary is not None, timeout=TIMEOUT_MS)
    window.files.ask_unsaved = lambda: "discard"  # Discard: cleared
    window.reset()
    assert window.model.contents is None and window.status.episodes_done == 0
    assert not window.model.dirty


def test_a_new_environment_or_preset_is_previewed_at_once(
    make_window, qtbot, monkeypatch, small_config
):
    window = make_window(small_config())
    previews = []
    for panel in window.panels:
        monkeypatch.setattr(
            panel, "prepare_for", lambda config, info, p=panel: previews.append((p, config, info))
        )
    window.controls.edit(env_id="Acrobot-v1")  # before any run
    assert previews and all(info.env_id == "Acrobot-v1" for _, _, info in previews)
    window.controls.edit(env_id="CartPole-v0")
    finished_tiny_run(qtbot, window)
    previews.clear()
    window.settings_panel.edit("gamma", 0.9)  # a live setting: the run stays shown
    assert previews == []
    window.controls.edit(env_id="Acrobot-v1")  # after a finished run: at once
    assert {p for p, _, _ in previews} == set(window.panels)
    assert all(c.env_id == "Acrobot-v1" and i.env_id == "Acrobot-v1" for _, c, i in previews)
    previews.clear()
    done = window.model.summary["episodes"]
    window.controls.choose_preset("tuned")
    assert previews and previews[-1][1] == preset("tuned")
    # The finished run stays shown until the next Start, and so do its episodes in the
    # status line (a new user read "Finished, episode 60/500, 12 %" after a new preset).
    assert window.status.total == done


def test_start_says_what_it_does_and_clears_the_last_runs_curves_at_once(
    make_window, qtbot, small_config
):
    import threading

    from dqn_lab.core.training import Trainer

    release = threading.Event()

    def slow_factory(config, control):
        release.wait(60)
        return Trainer(config, control)

    window = make_window(small_config(), trainer_factory=slow_factory)
    release.set()
    finished_tiny_run(qtbot, window)
    window.refresh(force=True)
    plots = window.docks["PlotsPanel"].widget()
    assert plots.table.n == 5
    release.clear()
    window.files.ask_unsaved = lambda: "discard"
    window.start()
    assert plots.table.n == 0 and window.status.episodes_done == 0  # before the agent exists
    assert window.status.state_label.text() in (
        "Loading TensorFlow and building the agent…",
        "Building the agent…",
    )
    release.set()
    qtbot.waitUntil(lambda: window.model.summary is not None, timeout=TIMEOUT_MS)
    assert window.model.summary["episodes"] == 5


def test_esc_stops_a_run_right_after_a_menu_was_closed_with_esc(make_window, qtbot, small_config):
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    window = make_window(small_config(**LONG))
    start_and_wait(qtbot, window)
    window.activateWindow()
    QTest.keyClick(window, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)  # the Run menu
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is not None, timeout=5000)
    QTest.keyClick(QApplication.activePopupWidget(), Qt.Key.Key_Escape)  # closes it
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is None, timeout=5000)
    assert window.model.running
    QTest.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_Escape)  # stops the run
    qtbot.waitUntil(lambda: window.model.summary is not None, timeout=TIMEOUT_MS)
    assert window.model.summary["stopped"] is True


def test_ctrl_c_in_the_terminal_closes_the_app_cleanly(tmp_path):
    import signal

    env = headless_env(tmp_path)
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "main.py"), "--print-ready"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env=env,
    )
    try:
        assert proc.stdout.readline().strip() == "dqn-lab: ready"  # up, Ctrl+C handled
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=180)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 0, err
    assert "Traceback" not in err and "KeyboardInterrupt" not in err
    assert "interrupted (Ctrl+C)" in err
    assert any(tmp_path.rglob("*.conf"))  # closed like the window: the layout is saved


def test_ctrl_c_during_a_run_stops_it_and_joins_its_thread(tmp_path):
    """The app's SIGINT handler (gui.app.quit_on_interrupt) with a run on the training thread."""
    import signal

    code = (
        "from PySide6.QtCore import QSettings, QTimer\n"
        "from dqn_lab.core.config import Config\n"
        "from dqn_lab.gui.app import make_application, quit_on_interrupt\n"
        "app = make_application([])\n"
        "from dqn_lab.gui.main_window import MainWindow\n"
        f"w = MainWindow(Config().replace(**{LONG!r}), settings=QSettings("
        f"{str(tmp_path / 's.ini')!r}, QSettings.Format.IniFormat))\n"
        "w.show()\n"
        "tick = quit_on_interrupt(app, lambda: w.model.dirty)\n"
        "w.start()\n"
        "def ready():\n"
        "    if w.model.dirty:\n"
        "        print('running', flush=True)\n"
        "    else:\n"
        "        QTimer.singleShot(100, ready)\n"
        "ready()\n"
        "code = app.exec()\n"
        "print('exit', code, w.model.session is None, w.isVisible(), flush=True)\n"
    )
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        SDL_VIDEODRIVER="dummy",
        SDL_AUDIODRIVER="dummy",
        PYTHONPATH=str(ROOT),
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", code],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env=env,
    )
    try:
        assert proc.stdout.readline().strip() == "running"  # episodes are coming in
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=180)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 0, err
    assert out.strip() == "exit 0 True False"  # stopped, joined, closed
    assert "Traceback" not in err and "KeyboardInterrupt" not in err
    assert "interrupted (Ctrl+C): closing. The run trained since its last save is not saved." in err


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="per-thread nice is Linux")
@pytest.mark.parametrize("choice, lowered", [(None, 0), ("lower", BACKGROUND_NICE)])
def test_training_priority_is_normal_unless_lower_is_chosen_and_remembered(
    make_window, qtbot, settings, small_config, choice, lowered
):
    """View > Training priority: training runs at the window's priority by default (a busy
    machine does not starve it); "Lower" puts the next run's thread below the window."""
    seen = []

    def factory(config, control):
        seen.append(os.getpriority(os.PRIO_PROCESS, threading.get_native_id()))
        return Trainer(config, control)

    window = make_window(small_config(episodes=2), trainer_factory=factory)
    menu = next(
        a.menu() for a in window.controls.view_menu.actions() if a.text() == "Training &priority"
    )
    actions = {a.data(): a for a in menu.actions()}
    assert actions["normal"].isChecked() and not actions["lower"].isChecked()
    if choice is not None:
        actions[choice].trigger()
        assert settings.value("training/priority") == choice
    gui_nice = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    window.start()
    qtbot.waitUntil(lambda: window.model.summary is not None, timeout=120_000)
    assert seen == [min(19, gui_nice + lowered)]
    window.model.dirty = False


def test_tab_stops_show_their_focus(make_window, qtbot):
    """A new user's report: of the ~80 Tab stops, four showed no focus anywhere (scroll
    areas and plots), and at start nothing showed where the keys go. Tab skips the scroll
    areas and the plots, and the viewport, which has the focus at start (its arrow keys
    play), draws a frame while it has it."""
    import pyqtgraph as pg
    from PySide6.QtWidgets import QApplication, QScrollArea

    window = make_window()
    view = window.docks["ViewportPanel"].widget().view
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    view.setFocus()
    qtbot.waitUntil(view.hasFocus, timeout=3000)
    focused = view.grab().toImage()
    reached = []
    for _ in range(120):
        window.focusNextChild()
        reached.append(QApplication.focusWidget())
    assert not [w for w in reached if isinstance(w, (QScrollArea, pg.GraphicsView))]
    assert view in reached and window.settings_panel.reset_button in reached
    window.settings_panel.reset_button.setFocus()
    qtbot.waitUntil(lambda: not view.hasFocus(), timeout=3000)
    unfocused = view.grab().toImage()
    assert focused.pixelColor(1, view.height() // 2) != unfocused.pixelColor(1, view.height() // 2)


def test_start_waits_until_the_red_settings_are_corrected(make_window, qtbot):
    """A new user's report: with Hidden layers emptied (red, "not ()"), Start trained with
    the last valid layers while the field stayed empty. Start says what to correct first,
    and the message names what the field needs."""
    window = make_window()
    panel = window.settings_panel
    field = panel.editors["hidden_sizes"].input
    field.setText("")
    field.editingFinished.emit()
    assert panel.has_rejected_edits
    assert (
        panel.error == "Hidden layers needs 1 to 6 layer sizes, each from 1 to 1024 (e.g. 32, 32)."
    )
    window.start()
    assert window.model.session is None
    assert window.statusBar().currentMessage() == (
        "Correct the red settings (or Reset to preset) before Start."
    )
    field.setText("16 16")
    field.editingFinished.emit()
    assert not panel.has_rejected_edits and panel.config.hidden_sizes == (16, 16)

"""Issue 16: File > Open shows its progress in the status bar (a bar, the file's name and
Cancel), never a progress dialog, and holds what would conflict with it until it ends.

The read is held on its thread by a test hook (an Event), so each state is looked at while
the file is still being opened; no test asserts time.
"""

import threading

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QProgressDialog

from dqn_lab.core.bundle_format import LoadCancelled, read_bundle
from dqn_lab.core.persistence import save_bundle
from dqn_lab.core.training import Trainer
from dqn_lab.gui import file_actions

TIMEOUT_MS = 60_000


@pytest.fixture(scope="module")
def saved(tmp_path_factory, small_config):
    """Two saved 3-episode runs (a shown run and the one opened over it)."""
    folder = tmp_path_factory.mktemp("open-progress")
    paths = []
    for name, seed in (("first.dqnlab", 1), ("second run.dqnlab", 2)):
        trainer = Trainer(small_config(episodes=3, seed=seed))
        for _ in trainer.run():
            pass
        save_bundle(folder / name, trainer)
        trainer.close()
        paths.append(folder / name)
    return paths


class HeldRead:
    """``file_actions.read_bundle`` that reports half its progress (again and again, as a
    read does per chunk) while it waits on its thread until the test releases it, or
    Cancel is asked: then it stops as the real read does."""

    def __init__(self) -> None:
        self.release = threading.Event()
        self.started = threading.Event()
        self.threads: list[threading.Thread] = []
        self.ended = threading.Event()

    def __call__(self, path, progress=None, should_stop=None):
        self.threads.append(threading.current_thread())
        self.started.set()
        try:
            while not self.release.wait(0.01):
                if progress is not None:
                    progress(0.5, "")
                if should_stop is not None and should_stop():
                    raise LoadCancelled(f"{path}: cancelled")
            return read_bundle(path, progress, should_stop)
        finally:
            self.ended.set()


def plots(window):
    return window.docks["PlotsPanel"].widget()


def progress_dialogs() -> list:
    return [
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, QProgressDialog) and w.isVisible()
    ]


def held(window) -> list:
    return window.files.held_actions()


def test_open_shows_progress_in_the_status_bar_and_holds_conflicting_actions(
    make_window, qtbot, saved, monkeypatch
):
    first, second = saved
    window = make_window()
    files, c = window.files, window.controls
    read = HeldRead()
    monkeypatch.setattr(file_actions, "read_bundle", read)
    finished = []
    files.open_finished.connect(finished.append)
    assert window.controls.start_action.isEnabled() and files.open_action.isEnabled()
    assert not files.progress.isVisible()

    assert files.open(second)
    qtbot.waitUntil(read.started.is_set, timeout=TIMEOUT_MS)
    # The progress: in the status bar, named after the file, moving, with Cancel.
    bar = files.progress
    assert bar.isVisible() and bar.parent() is window.statusBar()
    assert "second run.dqnlab" in bar.label.text()
    qtbot.waitUntil(lambda: bar.bar.value() > 0, timeout=TIMEOUT_MS)
    assert bar.bar.value() < bar.bar.maximum()
    assert bar.cancel_button.isVisible() and bar.cancel_button.isEnabled()
    assert read.threads[0] is not threading.main_thread()
    qtbot.wait(500)  # longer than the dialog's old 400 ms delay
    assert progress_dialogs() == [] and window.findChildren(QProgressDialog) == []
    # What would conflict is disabled and shown so; the rest of the window is not.
    for item in held(window):
        assert not item.isEnabled(), item
    for action in (c.start_action, c.reset_action, c.eval_action, files.open_action):
        assert not action.isEnabled()
    assert not window.settings_panel.isEnabled() and not c.preset_combo.isEnabled()
    assert not window.preset_ui.save_action.isEnabled()
    watch = window.docks["ViewportPanel"].widget().controls
    assert not watch.eval_button.isEnabled() and not watch.record_button.isEnabled()
    assert files.autosave_action.isEnabled() and c.quit_action.isEnabled()
    # A model change meanwhile (it re-enables the run controls) keeps them held.
    window.update_actions()
    assert not c.start_action.isEnabled() and not files.save_action.isEnabled()
    # Another open (Ctrl+O is disabled; a drop or a recent file) is refused with a message.
    assert not files.open(first)
    assert finished == [False]
    assert "being opened" in window.statusBar().currentMessage()

    read.release.set()
    qtbot.waitUntil(lambda: len(finished) == 2, timeout=TIMEOUT_MS)
    assert finished[1] is True and window.model.path == second.resolve()
    assert plots(window).table.n == 3
    assert not bar.isVisible()
    # Everything is back as the run's state says.
    for item in (
        files.open_action,
        files.save_action,
        files.save_as_action,
        files.recent_menu,
        c.start_action,
        c.reset_action,
        c.eval_action,
        c.preset_combo,
        c.seed_spin,
        window.settings_panel,
        window.preset_ui.save_action,
    ):
        assert item.isEnabled(), item
    assert watch.eval_button.isEnabled() and watch.record_button.isEnabled()
    assert not files.save_all_action.isEnabled()  # no population: as before the open
    assert not c.stop_action.isEnabled()


def test_cancel_in_the_status_bar_keeps_the_run_on_screen(make_window, qtbot, saved, monkeypatch):
    first, second = saved
    window = make_window()
    files = window.files
    with qtbot.waitSignal(files.open_finished, timeout=TIMEOUT_MS) as shown:
        files.open(first)
    assert shown.args == [True]
    before = (window.model.path, window.model.loaded, plots(window).table.n, window.windowTitle())
    config = window.settings_panel.config
    read = HeldRead()
    monkeypatch.setattr(file_actions, "read_bundle", read)
    with qtbot.waitSignal(files.open_finished, timeout=TIMEOUT_MS) as blocker:
        assert files.open(second)
        qtbot.waitUntil(read.started.is_set, timeout=TIMEOUT_MS)
        qtbot.mouseClick(files.progress.cancel_button, Qt.MouseButton.LeftButton)
        assert not files.progress.cancel_button.isEnabled()  # asked once
    assert blocker.args == [False]
    qtbot.waitUntil(lambda: not files.jobs.busy, timeout=TIMEOUT_MS)
    # The run shown before is still the window's run, its panels and settings unchanged.
    assert (
        window.model.path,
        window.model.loaded,
        plots(window).table.n,
        window.windowTitle(),
    ) == before
    assert window.settings_panel.config == config
    assert "cancelled" in window.statusBar().currentMessage()
    assert window.error_box is None  # a cancel is not an error
    assert not files.progress.isVisible() and not files.loading
    assert files.open_action.isEnabled() and window.controls.start_action.isEnabled()
    assert window.settings_panel.isEnabled()


def test_a_cancel_as_the_read_ends_still_keeps_the_run(make_window, qtbot, saved):
    """Cancel pressed after the file was read but before it is shown: nothing replaced."""
    first, second = saved
    window = make_window()
    files = window.files
    real_opened = files._opened
    files.jobs.done.disconnect(files._opened)

    def cancel_then_opened(kind, result):
        files.progress.cancel()  # the user's click, as the result arrives
        real_opened(kind, result)

    files.jobs.done.connect(cancel_then_opened)
    with qtbot.waitSignal(files.open_finished, timeout=TIMEOUT_MS) as blocker:
        assert files.open(second)
    assert blocker.args == [False] and window.model.loaded is None
    assert plots(window).table.n == 0
    assert "cancelled" in window.statusBar().currentMessage()


def test_an_error_still_shows_its_message_and_frees_the_window(make_window, qtbot, tmp_path):
    window = make_window()
    files = window.files
    bad = tmp_path / "broken.dqnlab"
    bad.write_bytes(b"PK\x03\x04 this is not a zip file at all" * 10)
    window.statusBar().showMessage("Opening other.dqnlab was cancelled.")  # an earlier open
    with qtbot.waitSignal(files.open_finished, timeout=TIMEOUT_MS) as blocker:
        assert files.open(bad)
    assert blocker.args == [False]
    box = window.error_box
    assert box is not None and box.windowTitle() == "Cannot open the agent"
    assert "broken.dqnlab" in box.text() and "Traceback" not in box.text()
    assert window.statusBar().currentMessage() == ""  # not the earlier open's line
    assert not files.progress.isVisible() and not files.loading
    assert files.open_action.isEnabled() and window.controls.start_action.isEnabled()
    assert window.settings_panel.isEnabled() and window.model.loaded is None


def test_closing_the_window_while_a_file_opens_stops_the_read(
    make_window, qtbot, saved, monkeypatch
):
    _, second = saved
    window = make_window()
    read = HeldRead()
    monkeypatch.setattr(file_actions, "read_bundle", read)
    assert window.files.open(second)
    qtbot.waitUntil(read.started.is_set, timeout=TIMEOUT_MS)
    window.close()  # joins the read (Cancel), leaves no thread running
    assert not window.files.jobs.busy and not window.files.loading
    assert read.ended.is_set() and not read.release.is_set()  # stopped by the Cancel


def test_an_opened_history_draws_its_axes_then_its_curves_a_turn_later(qtbot):
    """The new ranges repaint every axis: the curves and change marks wait for the next
    turn of the event loop, never shown on the wrong axes (the old ones go at once)."""
    from dqn_lab.core.config import Config
    from dqn_lab.core.environment import env_info
    from dqn_lab.core.records import EpisodeEnd
    from dqn_lab.gui.plots_panel import PlotsPanel
    from dqn_lab.gui.run_history import RunHistory

    rows = [
        dict(
            episode=i,
            score=float(10 + i % 7),
            steps=10,
            epsilon=0.5,
            loss=0.1,
            mean_q=1.0,
            env_steps=10 * i,
            wall_s=0.1 * (i + 1),
        )
        for i in range(500)
    ]
    panel = PlotsPanel()
    qtbot.addWidget(panel)
    panel.resize(800, 500)
    panel.show()
    info = env_info("CartPole-v0")
    panel.start_run(Config(episodes=10), info)
    panel.add_episode(EpisodeEnd(0, 3.0, 3, 1.0, 0.5, 1.0, 100.0, 3, 3.0, 0.1))
    panel.refresh()
    assert len(panel.score_curve.xData) == 1  # a live episode: drawn at once
    panel.start_run(Config(episodes=1000), info)
    changes = [
        dict(env_steps=10 * i, episode=i, key="gamma", old=0.99, new=0.98)
        for i in range(0, 500, 50)
    ]
    panel.show_history(RunHistory.from_manifest(rows, changes))
    panel.refresh()
    assert panel.score_curve.xData is None and panel.speed_curve.xData is None  # none yet
    panel.grab()
    assert all(item.held and item.drawn == 0 for item in panel.mark_items)
    assert panel.mark_labels.held and panel.mark_labels.labels == []
    (lo, hi), _ = panel.score_plot.vb.viewRange()
    assert lo <= 0 and hi >= 499  # the axes already show the whole run
    qtbot.waitUntil(lambda: panel.score_curve.xData is not None, timeout=TIMEOUT_MS)
    assert len(panel.score_curve.xData) == 500
    panel.grab()
    assert all(not item.held and item.drawn == 10 for item in panel.mark_items)
    assert len(panel.mark_labels.labels) >= 1
    assert len(panel.mean_curve.xData) == len(panel.q_curve.xData) == 500
    panel.add_episode(EpisodeEnd(500, 3.0, 3, 0.5, 0.5, 1.0, 100.0, 5003, 3.0, 50.2))
    panel.refresh()
    assert len(panel.score_curve.xData) == 501 and not panel._curves_next.isActive()


@pytest.mark.parametrize(
    "owner, method, problem",
    [
        # A later show step fails, or the first one, while every panel is held.
        ("settings_panel", "set_config", "the settings cannot show this"),
        ("model", "show_opened", "a panel cannot show this"),
    ],
)
def test_a_failure_while_the_run_is_shown_is_reported_and_frees_the_window(
    make_window, qtbot, saved, monkeypatch, owner, method, problem
):
    _, second = saved
    window = make_window()

    def broken(*_args, **_kw):
        raise ValueError(problem)

    monkeypatch.setattr(getattr(window, owner), method, broken)
    with qtbot.waitSignal(window.files.open_finished, timeout=TIMEOUT_MS) as blocker:
        assert window.files.open(second)
    assert blocker.args == [False]
    box = window.error_box
    assert box is not None and box.windowTitle() == "Cannot open the agent"
    assert box.text() == f"second run.dqnlab: {problem}"
    assert "Traceback" not in box.text() and "ValueError" in box.detailedText()
    assert not window.files.loading and not window.files.progress.isVisible()
    assert window.files.open_action.isEnabled() and window.settings_panel.isEnabled()
    assert all(panel.updatesEnabled() for panel in window.panels)  # none left frozen


def test_the_panels_take_the_opened_run_held_and_paint_it_in_later_turns(
    make_window, qtbot, saved, monkeypatch
):
    """The run goes into every panel with their painting held (a repaint would run in the
    same turn), the plots paint in a turn after the other panels, and no panel stays held."""
    _, second = saved
    window = make_window()
    seen: list[tuple[str, list[bool]]] = []
    model_show = window.model.show_opened
    release = window.files._release

    def show_opened(*args):
        seen.append(("show", [p.updatesEnabled() for p in window.panels]))
        model_show(*args)

    def released(panels):
        release(panels)
        seen.append(("release", [p.updatesEnabled() for p in window.panels]))

    monkeypatch.setattr(window.model, "show_opened", show_opened)
    monkeypatch.setattr(window.files, "_release", released)
    with qtbot.waitSignal(window.files.open_finished, timeout=TIMEOUT_MS) as blocker:
        assert window.files.open(second)
    assert blocker.args == [True]
    assert seen[0] == ("show", [False] * len(window.panels))
    plots_at = window.panels.index(plots(window))
    after_others, after_plots = seen[1][1], seen[2][1]
    assert not after_others[plots_at] and sum(after_others) == len(window.panels) - 1
    assert all(after_plots)
    assert window.model.path == second.resolve()
    assert window.status.episodes_done == 3  # the opened run is what the window shows


def test_a_progress_bar_value_is_painted_with_the_window_not_at_once(qtbot):
    """Qt's setValue repaints at once, and with it everything waiting in the window."""
    from PySide6.QtCore import QEvent, QObject

    from dqn_lab.gui.progress_bar import ProgressBar

    bar = ProgressBar()
    qtbot.addWidget(bar)
    bar.setRange(0, 100)
    bar.show()
    qtbot.waitExposed(bar)
    paints: list[int] = []

    class Paints(QObject):
        def eventFilter(self, _obj, event) -> bool:  # noqa: N802 - Qt name
            if event.type() == QEvent.Type.Paint:
                paints.append(bar.value())
            return False

    spy = Paints()
    bar.installEventFilter(spy)
    bar.setValue(50)
    assert paints == [] and bar.value() == 50  # stored, not painted in the caller's turn
    qtbot.waitUntil(lambda: 50 in paints, timeout=TIMEOUT_MS)  # painted in a later turn
    bar.removeEventFilter(spy)


def test_an_opened_runs_speed_is_its_own_average(make_window, qtbot, saved):
    """The status line's steps per second of an opened run: its env steps over its wall
    time, not its last episode's (wall times are saved to the millisecond); the steps are
    the run's, an unfinished last episode's included, as the curves' header shows them."""
    from dqn_lab.core.bundle_format import read_bundle as read

    _, second = saved
    window = make_window()
    with qtbot.waitSignal(window.files.open_finished, timeout=TIMEOUT_MS):
        assert window.files.open(second)
    manifest = read(second).manifest
    steps = manifest["counters"]["env_steps"]
    assert window.status.env_steps == steps
    assert window.status.speed == pytest.approx(steps / manifest["run"]["wall_s"])

"""Issue 16: a legal run with tens of thousands of episodes and live changes opens in the
app without blocking it, and every panel shows its data.

Time is never asserted (a shared machine): the event loop's ticks are counted while the file
loads, and the GUI thread's work to show the run is counted in Python calls, which must not
grow with the number of episodes and changes.
"""

import sys
import threading
import time

import numpy as np
import pytest
from PySide6.QtCore import QTimer

from benchmarks.open_responsiveness import grown_manifest
from dqn_lab.core.bundle_format import read_bundle, write_bundle
from dqn_lab.core.config import Config
from dqn_lab.core.environment import env_info
from dqn_lab.core.persistence import save_bundle
from dqn_lab.core.training import EpisodeEnd, SettingsChanged, Trainer
from dqn_lab.gui import file_actions
from dqn_lab.gui.change_marks import ChangeMarks
from dqn_lab.gui.plots_panel import EPISODE, MEAN100, SCORE, SPEED, PlotsPanel
from dqn_lab.gui.run_history import RunHistory
from dqn_lab.gui.run_panel import RunPanel

TIMEOUT_MS = 120_000
LARGE = 20_000


@pytest.fixture(scope="module")
def short_run(tmp_path_factory, small_config):
    """A real 3-episode run saved with core: its manifest and arrays."""
    trainer = Trainer(small_config(episodes=3))
    for _ in trainer.run():
        pass
    path = tmp_path_factory.mktemp("bundle") / "short.dqnlab"
    save_bundle(path, trainer)
    trainer.close()
    bundle = read_bundle(path)
    return bundle.manifest, bundle.arrays


def grown(short_run, path, episodes: int, changes: int):
    """The short run with ``episodes`` statistics rows and ``changes`` live changes (legal:
    what a long run with many changes writes)."""
    manifest, arrays = short_run
    manifest = grown_manifest(manifest, episodes, changes, losses_from=10)
    write_bundle(path, manifest, arrays)
    return path


def plots(window) -> PlotsPanel:
    return window.docks["PlotsPanel"].widget()


def open_and_draw(qtbot, window, path) -> tuple[int, int]:
    """Open ``path`` as File > Open does; (probe ticks while it loaded, Python calls on the
    GUI thread to show the opened run and draw every panel once)."""
    ticks = []
    probe = QTimer()
    probe.setInterval(10)
    probe.timeout.connect(lambda: ticks.append(1))
    calls = [0]
    depth = [0]  # inside one of the steps that show and draw the run
    gui = threading.main_thread()
    files = window.files
    panel = plots(window)
    # Counted: the open's steps, the curves' turn and the forced draws (paints included),
    # not the timers that run meanwhile (the viewport's animation: their number varies).
    entries = {
        type(files)._next_step.__code__,
        type(panel).refresh.__code__,
    }

    def count(frame, event, _arg):
        if threading.current_thread() is not gui:
            return
        if event == "call":
            if frame.f_code in entries:
                depth[0] += 1
            if depth[0]:
                calls[0] += 1
        elif event == "return" and frame.f_code in entries:
            depth[0] -= 1

    def draw_all():
        window.refresh(force=True)
        window.grab()  # every panel paints the opened run

    entries.add(draw_all.__code__)

    def shown(ok):
        if ok:
            draw_all()

    files.open_finished.connect(shown)
    window.timer.stop()  # the window draws once, above (a tick's redraws vary in number)
    probe.start()
    try:
        sys.setprofile(count)
        with qtbot.waitSignal(files.open_finished, timeout=TIMEOUT_MS) as blocker:
            assert files.open(path)
        while_loading = len(ticks)
        # The curves are drawn a turn after the axes (PlotsPanel.refresh): wait for them.
        qtbot.waitUntil(lambda: not panel._curves_next.isActive(), timeout=TIMEOUT_MS)
        draw_all()
    finally:
        sys.setprofile(None)
        probe.stop()
        window.timer.start()
        files.open_finished.disconnect(shown)
    qtbot.waitUntil(lambda: not files.jobs.busy, timeout=TIMEOUT_MS)
    assert blocker.args == [True]
    return while_loading, calls[0]


def test_the_event_loop_runs_while_a_bundle_is_read(make_window, qtbot, short_run, tmp_path):
    # The read returns only once a GUI-thread timer has ticked 10 times (or after 30 s):
    # read on the GUI thread, it would block that timer and return with no tick counted.
    # A count of events, not a time: the shared machine may be slow.
    gui_ticks, at_return = [], []
    probe = QTimer()
    probe.setInterval(10)
    probe.timeout.connect(lambda: gui_ticks.append(1))

    def read_and_wait(path, *hooks):
        bundle = read_bundle(path, *hooks)
        deadline = time.monotonic() + 30.0
        while len(gui_ticks) < 10 and time.monotonic() < deadline:
            time.sleep(0.005)
        at_return.append(len(gui_ticks))
        return bundle

    small = grown(short_run, tmp_path / "small.dqnlab", 200, 20)
    window = make_window()
    probe.start()
    try:
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(file_actions, "read_bundle", read_and_wait)
            ticks, _ = open_and_draw(qtbot, window, small)
    finally:
        probe.stop()
    assert at_return and at_return[0] >= 10  # the GUI thread ran during the read
    assert ticks >= 1  # and the window's own probe saw it


def test_a_large_run_opens_without_blocking_and_shows_all_its_data(
    make_window, qtbot, short_run, tmp_path
):
    small = grown(short_run, tmp_path / "small.dqnlab", 200, 20)
    large = grown(short_run, tmp_path / "large.dqnlab", LARGE, LARGE)
    window = make_window()
    window.resize(1400, 900)
    _, small_calls = open_and_draw(qtbot, window, small)
    ticks, large_calls = open_and_draw(qtbot, window, large)
    # The event loop ran while the file was read (the probe's timer fires only from it; how
    # often depends on how fast this machine reads it, hence the test above).
    assert ticks >= 1
    # Showing 20,000 episodes and changes costs the GUI thread about what 200 and 20 cost:
    # no per-episode or per-change Python work (one event each made ~25 calls).
    assert large_calls < small_calls + 2_000, (small_calls, large_calls)
    panel = plots(window)
    # All the data is there: the curves hold every episode (drawn downsampled) ...
    assert panel.table.n == LARGE and len(panel.score_curve.xData) == LARGE
    np.testing.assert_array_equal(panel.table.column(EPISODE), np.arange(LARGE))
    assert panel.table.column(MEAN100)[-1] == pytest.approx(
        np.mean(10 + np.arange(LARGE)[-100:] % 50)
    )
    assert len(panel.score_curve.getData()[0]) < LARGE / 4
    # ... every change is a mark, drawn as at most one line per 4 px, labels grouped ...
    assert len(panel.change_marks) == LARGE
    width = panel.score_plot.vb.width()
    assert all(0 < item.drawn <= width / 4 + 1 for item in panel.mark_items)
    labels = panel.mark_labels.labels
    assert 0 < len(labels) <= 40 and labels[0][1].endswith("changes")
    # ... and reachable: zoomed in, a change has its own label and tooltip.
    panel.score_plot.setXRange(99.5, 104.5, padding=0)
    window.grab()
    labels = panel.mark_labels.labels
    assert [text for _, text, _, _ in labels][:1] == ["Gamma 0.99→0.98"]
    first, end = labels[0][2:]
    assert panel.change_marks.describe(first, end) == "episode 100: Gamma 0.99→0.98"
    # The statistics as a table: one row per episode.
    panel.stack.toggle.setChecked(True)
    model = panel.stack.model
    assert model.rowCount() == LARGE
    assert model.data(model.index(LARGE - 1, SCORE)) == f"{10 + (LARGE - 1) % 50}"
    # The status line and the run model know the whole run.
    assert window.status.episodes_done == LARGE
    assert window.model.loaded is not None and not window.model.dirty


def test_cancel_stops_the_read_of_a_large_run_and_keeps_what_was_shown(
    make_window, qtbot, short_run, tmp_path, monkeypatch
):

    large = grown(short_run, tmp_path / "large.dqnlab", LARGE, LARGE)
    window = make_window()
    raised = []

    def read_cancelled_at_once(path, *hooks):
        window.files.cancel_open()  # the status bar's Cancel, as the read starts
        try:
            return read_bundle(path, *hooks)
        except Exception as exc:
            raised.append(type(exc).__name__)
            raise

    monkeypatch.setattr(file_actions, "read_bundle", read_cancelled_at_once)
    finished = []
    window.files.open_finished.connect(finished.append)
    assert window.files.open(large)
    qtbot.waitUntil(lambda: bool(finished), timeout=TIMEOUT_MS)
    assert raised == ["LoadCancelled"]  # the read itself stopped, not only after it
    qtbot.waitUntil(lambda: not window.files.jobs.busy, timeout=TIMEOUT_MS)
    assert finished == [False] and window.model.loaded is None
    assert "cancelled" in window.statusBar().currentMessage()
    assert window.error_box is None  # a cancel is not an error
    assert plots(window).table.n == 0


def episode(i: int, score: float, loss: float = 0.5) -> EpisodeEnd:
    return EpisodeEnd(i, score, 10, 0.5, loss, 1.0, 100.0 + i, 10 * i, 0.0, float(i))


def test_a_history_shown_at_once_equals_its_episodes_added_one_by_one(qtbot):
    """The batched path computes the moving mean with the same additions as the live one."""
    info = env_info("CartPole-v0")
    rng = np.random.default_rng(3)
    scores = rng.uniform(0, 500, 350)
    stats = [
        dict(
            episode=i,
            score=float(s),
            steps=10,
            epsilon=0.5,
            loss=None if i < 5 else 0.25,
            mean_q=1.0,
            env_steps=10 * i,
            wall_s=0.1 * (i + 1),
        )
        for i, s in enumerate(scores)
    ]
    history = RunHistory.from_manifest(stats, [])
    one_by_one, at_once = PlotsPanel(), PlotsPanel()
    for panel in (one_by_one, at_once):
        qtbot.addWidget(panel)
        panel.start_run(Config(episodes=1000), info)
    # Live episodes first, then the rest at once: the mean carries over.
    for ev in history.events()[:120]:
        one_by_one.add_episode(ev)
        at_once.add_episode(ev)
    for ev in history.events()[120:]:
        one_by_one.add_episode(ev)
    tail = RunHistory.from_manifest(stats[120:], [])
    at_once.show_history(tail)
    assert at_once.table.n == one_by_one.table.n == 350
    for j in range(SPEED):
        np.testing.assert_array_equal(at_once.table.column(j), one_by_one.table.column(j))
    # (the tail's first speed has no previous episode in its own rows)
    np.testing.assert_array_equal(
        at_once.table.column(SPEED)[121:], one_by_one.table.column(SPEED)[121:]
    )
    assert np.isnan(at_once.table.column(4)[0])  # no loss before learning: a gap
    # An empty panel takes the whole history as its table (the usual case of File > Open).
    fresh = PlotsPanel()
    qtbot.addWidget(fresh)
    fresh.start_run(Config(episodes=1000), info)
    fresh.show_history(history)
    for j in range(7):
        np.testing.assert_array_equal(fresh.table.column(j), one_by_one.table.column(j))
    # Live episodes after it go on from it, and never write into the history's arrays.
    kept = history.curves.copy()
    for panel in (fresh, one_by_one):
        panel.add_episode(episode(350, 77.0))
    for j in range(7):
        np.testing.assert_array_equal(fresh.table.column(j), one_by_one.table.column(j))
    fresh.start_run(Config(episodes=1000), info)
    fresh.add_episode(episode(0, 5.0))
    np.testing.assert_array_equal(history.curves, kept)


def test_history_changes_group_as_recorded_and_panels_without_a_batch_get_events(qtbot):
    rows = [
        dict(env_steps=5, episode=1, key="alpha", old=0.001, new=0.01),
        dict(env_steps=5, episode=1, key="gamma", old=0.99, new=0.9),
        dict(env_steps=9, episode=3, key="alpha", old=0.01, new=0.02),
    ]
    history = RunHistory.from_manifest([], rows)
    assert history.change_count == 2 and len(history) == 0
    assert list(history.changes()) == [
        SettingsChanged(5, 1, (("alpha", 0.001, 0.01), ("gamma", 0.99, 0.9))),
        SettingsChanged(9, 3, (("alpha", 0.01, 0.02),)),
    ]
    assert history.latest == {"alpha": 0.02, "gamma": 0.9}

    class Follower(RunPanel):  # a panel that takes changes one by one
        def __init__(self):
            super().__init__()
            self.seen = []

        def mark_change(self, ev):
            self.seen.append(ev)

    follower = Follower()
    qtbot.addWidget(follower)
    follower.show_history(history)
    assert follower.seen == list(history.changes())


def test_change_marks_mix_an_opened_block_and_live_changes_in_episode_order():
    marks = ChangeMarks()
    made = []

    def text(i):
        made.append(i)
        return f"opened {i}"

    marks.set_block(np.array([10.0, 20.0, 30.0]), text)
    marks.add(25, "live a")
    marks.add(5, "live b")  # recorded out of order
    np.testing.assert_array_equal(marks.x, [5, 10, 20, 25, 30])
    assert [marks.text(i) for i in range(5)] == [
        "live b",
        "opened 0",
        "opened 1",
        "live a",
        "opened 2",
    ]
    assert sorted(made) == [0, 1, 2]  # made when asked for, not before
    assert marks.describe(1, 3) == "episode 10: opened 0\nepisode 20: opened 1"
    marks.clear()
    assert len(marks) == 0 and marks.x.size == 0

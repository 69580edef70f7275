"""The viewport panel, headless: frames, Q overlay, speed, nudges, play yourself, jobs."""

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from dqn_lab.core.config import Config
from dqn_lab.core.environment import env_info
from dqn_lab.core.watch import AGENT, HUMAN
from dqn_lab.gui.viewport import ViewportPanel
from dqn_lab.gui.viewport_view import frame_to_qimage
from tests.policies import balancing_policy, random_policy


@pytest.fixture
def panel(qtbot):
    p = ViewportPanel()
    qtbot.addWidget(p)
    p.resize(700, 500)
    p.show()
    qtbot.waitExposed(p)
    yield p
    p.shutdown()


def steps_over(panel, ticks: int, dt: float = 1 / 30) -> int:
    before = panel.session.total_steps
    for _ in range(ticks):
        panel.tick(dt)
    return panel.session.total_steps - before


def test_frame_to_qimage_keeps_a_contiguous_array():
    frame = np.zeros((40, 60, 3), np.uint8)[:, ::-1]  # not contiguous
    array, image = frame_to_qimage(frame)
    assert array.flags.c_contiguous and image.bytesPerLine() == array.strides[0]
    assert (image.width(), image.height()) == (60, 40)
    rgbx = np.zeros((40, 60, 4), np.uint8)
    rgbx[..., 0] = 200  # red, padding byte ignored
    _, image = frame_to_qimage(rgbx)
    assert image.pixelColor(5, 5).red() == 200 and image.pixelColor(5, 5).blue() == 0
    with pytest.raises(ValueError, match=r"\(H, W, 3\)"):
        frame_to_qimage(np.zeros((4, 4), np.uint8))


def test_frames_are_rendered_and_painted(panel, qtbot):
    panel.set_policy(random_policy(1), "CartPole-v0")
    for _ in range(3):
        panel.tick(1 / 30)
    qtbot.waitUntil(lambda: panel.view.frames_painted > 0, timeout=5000)
    image, view = panel.view.image, panel.view
    assert image.width() / image.height() == pytest.approx(1.5, abs=0.01)  # drawn 3:2 ...
    assert image.width() <= view.width() and image.height() <= view.height()  # ... at the
    assert view.width() - image.width() <= 1 or view.height() - image.height() <= 1  # shown size
    shot = panel.view.grab().toImage()
    assert shot.size() == panel.view.size() and shot.width() > 300
    pixels = np.frombuffer(shot.convertToFormat(shot.Format.Format_RGB888).constBits(), np.uint8)
    row = shot.convertToFormat(shot.Format.Format_RGB888).bytesPerLine()
    pixels = pixels.reshape(shot.height(), row)[:, : shot.width() * 3].reshape(
        shot.height(), shot.width(), 3
    )
    assert len(np.unique(pixels.reshape(-1, 3), axis=0)) > 200  # scene, text, bars
    assert pixels.std() > 20


def test_q_overlay_shows_the_policys_q_values_of_the_displayed_state(panel):
    policy = random_policy(2)
    panel.set_policy(policy, "CartPole-v0")
    for _ in range(4):
        panel.tick(1 / 30)
        expected = policy.q_values(panel.displayed_state)
        np.testing.assert_allclose(panel.last_q, expected, rtol=1e-6)
        np.testing.assert_allclose(panel.view.hud.q, expected, rtol=1e-6)
        if not panel.session.done:
            assert panel.view.hud.chosen == int(np.argmax(expected))
    assert panel.view.hud.action_names == ("push left", "push right")


def test_speed_and_pause_change_the_step_rate(panel):
    panel.set_policy(balancing_policy(), "CartPole-v1")  # 500-step episodes
    counts = {}
    for speed in (0.25, 1.0, 2.0, 8.0):
        panel.reset_episode()
        panel.set_speed(speed)
        counts[speed] = steps_over(panel, 30)  # one second at ~30 Hz
    assert counts[1.0] == pytest.approx(50, abs=1)  # real time: 50 steps/s
    assert counts[0.25] == pytest.approx(12.5, abs=1)
    assert counts[2.0] == pytest.approx(100, abs=1)
    assert counts[8.0] == pytest.approx(400, abs=1)
    panel.reset_episode()
    panel.set_speed(8.0)
    eight = steps_over(panel, 1)
    panel.set_speed(None)  # Max: steps are never skipped
    assert steps_over(panel, 1) > eight
    assert panel.controls.speed_box.currentText() == "Max"
    panel.pause()
    assert steps_over(panel, 30) == 0 and not panel.playing
    panel.reset_episode()
    panel.step_once()
    assert panel.session.t == 1
    with pytest.raises(ValueError, match="positive"):
        panel.set_speed(-1)


def test_timer_drives_the_session_in_real_time(panel, qtbot, monkeypatch):
    """The timer's ticks advance the session at 50 steps per second of the clock they read,
    and render at most one frame per tick. The clock is a fake one that moves 1/30 s per
    read, so nothing depends on how fast this machine is (a late tick on a real clock
    catches up, up to MAX_TICK_S)."""
    import time
    from types import SimpleNamespace

    import dqn_lab.gui.viewport as viewport_module

    reads = []

    def clock() -> float:
        reads.append(len(reads) / 30)
        return reads[-1]

    monkeypatch.setattr(
        viewport_module, "time", SimpleNamespace(monotonic=clock, perf_counter=time.perf_counter)
    )
    panel.set_policy(balancing_policy(), "CartPole-v1")  # 500-step episodes
    assert panel.playing
    qtbot.waitUntil(lambda: len(reads) >= 2, timeout=10_000)
    start, frames, first = panel.session.total_steps, panel.frames_rendered, len(reads)
    qtbot.waitUntil(lambda: len(reads) >= first + 30, timeout=60_000)  # one clock second
    ticks = len(reads) - first
    steps = panel.session.total_steps - start
    assert abs(steps - ticks * 50 / 30) <= 1.01
    assert panel.frames_rendered - frames <= ticks + 1


def test_nudge_by_button_and_shift_arrow_changes_the_state(panel, qtbot):
    panel.set_policy(balancing_policy(), "CartPole-v0")
    panel.pause()
    v0 = float(panel.session.env.unwrapped.state[1])
    panel.controls.nudge_right.click()
    assert float(panel.session.env.unwrapped.state[1]) == pytest.approx(v0 + 0.5)
    qtbot.keyClick(panel.view, Qt.Key.Key_Left, Qt.KeyboardModifier.ShiftModifier)
    assert float(panel.session.env.unwrapped.state[1]) == pytest.approx(v0)
    assert panel.session.nudges == 2
    np.testing.assert_allclose(panel.displayed_state, panel.session.state)


def test_play_it_yourself_with_the_arrow_keys_records_your_score(panel, qtbot):
    panel.set_policy(random_policy(3), "CartPole-v0")
    panel.set_speed(None)
    while panel.session.board.summary(AGENT)["count"] < 1:
        panel.tick(1 / 30)
    panel.controls.human_button.click()
    assert panel.session.mode == HUMAN and panel.playing
    qtbot.keyPress(panel.view, Qt.Key.Key_Right)
    assert panel.session.human_action == 1
    while panel.session.board.summary(HUMAN)["count"] < 1:
        panel.tick(1 / 30)
    assert panel.session.last_action == 1
    qtbot.keyRelease(panel.view, Qt.Key.Key_Right)
    assert panel.session.human_action is None
    panel.refresh()
    text = panel.score_label.text()
    assert "Agent</b>: 1 episode, last" in text and "You</b>: 1 episode, last" in text


def test_live_snapshots_swap_weights_at_episode_start(panel):
    config = Config(env_id="CartPole-v0", max_steps=60)
    panel.start_run(config, env_info("CartPole-v0"))
    assert panel.session.policy is None and panel.view.hud.banner == "No agent yet"
    first, second = random_policy(4), random_policy(5)
    panel.set_snapshot(dict(policy=first, env_id="CartPole-v0", episode=3))
    assert panel.session.policy is first and panel.playing
    assert "episode 3" in panel.view.hud.policy_text
    panel.set_snapshot(dict(policy=second, env_id="CartPole-v0", episode=4))
    assert panel.session.policy is first  # not mid-episode
    panel.reset_episode()
    assert panel.session.policy is second and "episode 4" in panel.view.hud.policy_text
    assert panel.session.max_steps == 60 and panel.session.seed == config.seed + 1


def test_evaluate_emits_the_scores(panel, qtbot):
    panel.set_policy(balancing_policy(), "CartPole-v0")
    with qtbot.waitSignal(panel.evaluated, timeout=30000) as blocker:
        assert panel.evaluate(3)
    scores = blocker.args[0]
    assert scores == [200.0, 200.0, 200.0]
    qtbot.waitUntil(lambda: not panel.busy, timeout=10000)
    assert "mean 200.0" in panel.eval_label.text()
    panel.set_evaluation(12, [10.0, 30.0])
    assert "after episode 12" in panel.eval_label.text() and "max 30" in panel.eval_label.text()


@pytest.mark.parametrize("suffix", [".gif", ".mp4"])
def test_record_exports_the_best_episode(panel, qtbot, tmp_path, suffix):
    import imageio.v2 as imageio

    panel.start_run(Config(env_id="CartPole-v0", max_steps=30), env_info("CartPole-v0"))
    panel.set_snapshot(dict(policy=balancing_policy(), env_id="CartPole-v0", episode=1))
    path = tmp_path / f"best{suffix}"
    with qtbot.waitSignal(panel.recorded, timeout=60000) as blocker:
        assert panel.record_to(path, 2)
    rec = blocker.args[0]
    qtbot.waitUntil(lambda: not panel.busy, timeout=10000)
    reader = imageio.get_reader(str(path))
    assert sum(1 for _ in reader) == rec.frames == (16 if suffix == ".gif" else 31)
    reader.close()
    assert "Saved the best of 2 episodes" in panel.status_label.text()


def test_cancelled_record_ends_its_thread_and_leaves_no_file(panel, qtbot, tmp_path):
    panel.set_policy(balancing_policy(), "CartPole-v1")
    path = tmp_path / "best.gif"
    assert panel.record_to(path, 20)
    panel.cancel_job()
    qtbot.waitUntil(lambda: not panel.busy, timeout=30000)
    assert not path.exists() and list(tmp_path.iterdir()) == []
    assert "Cancelled" in panel.status_label.text()


def test_bad_input_gives_a_message_not_a_traceback(panel, tmp_path):
    assert not panel.record_to(tmp_path / "x.avi")
    assert "choose a .gif or .mp4" in panel.status_label.text()
    assert not panel.evaluate(2)  # no agent yet
    assert "no agent" in panel.status_label.text()
    panel.set_policy(random_policy(1), "Acrobot-v1")  # 4 inputs, Acrobot has 6
    assert "do not fit Acrobot-v1" in panel.status_label.text()
    assert panel.session.policy is None


def test_other_environments_render_through_gymnasium(panel):
    shapes = [(6, 32), (32,), (32, 32), (32,), (32, 3), (3,)]
    panel.set_policy(random_policy(6, shapes), "Acrobot-v1")
    panel.tick(1 / 30)
    assert panel.view.image.width() == 500 and panel.view.image.height() == 500
    assert not panel.view.hud.cartpole and len(panel.last_q) == 3
    assert panel.view.hud.action_names == ("torque -1", "no torque", "torque +1")


def test_painting_does_not_consume_references_to_none(panel):
    """PySide6 6.12.0 under Python 3.11 dropped a reference to None on every void call
    (QPainter.drawLine, QWidget.update, ...): the app aborted after seconds of painting."""
    import sys

    panel.set_policy(balancing_policy(), "CartPole-v0")
    before = sys.getrefcount(None)
    for _ in range(50):  # ~80 void Qt calls per frame
        panel.tick(1 / 30)
        panel.view.repaint()
    assert sys.getrefcount(None) > before - 1000, "pin PySide6 below 6.12 (pyproject.toml)"


def test_frames_are_scaled_with_the_aspect_ratio_kept():
    from PySide6.QtCore import QRectF, QSize

    from dqn_lab.gui.viewport_view import fit_rect

    r = fit_rect(QSize(500, 500), QRectF(0, 0, 700, 400))  # Acrobot's square frames
    assert (r.width(), r.height(), r.x(), r.y()) == (400, 400, 150, 0)
    r = fit_rect(QSize(600, 400), QRectF(0, 0, 300, 400))
    assert (r.width(), r.height(), r.y()) == (300, 200, 100)


def test_you_mode_waits_for_the_first_key_and_between_episodes(panel, qtbot):
    """Issue 13 item 10: pressing You neither plays by itself nor restarts on its own."""
    panel.set_policy(random_policy(3), "CartPole-v0")
    panel.controls.human_button.click()
    assert panel.session.mode == HUMAN and panel.playing
    for _ in range(60):  # 2 s with no key pressed
        panel.tick(1 / 30)
    assert panel.session.t == 0 and panel.session.board.summary(HUMAN)["count"] == 0
    assert panel.view.hud.banner == "Your turn"
    qtbot.keyPress(panel.view, Qt.Key.Key_Right)  # the first key starts the episode
    while panel.session.board.summary(HUMAN)["count"] < 1:
        panel.tick(1 / 30)
    qtbot.keyRelease(panel.view, Qt.Key.Key_Right)
    steps = panel.session.total_steps
    for _ in range(90):  # 3 s after the end: it waits
        panel.tick(1 / 30)
    assert panel.session.done and panel.session.total_steps == steps
    assert panel.session.board.summary(HUMAN)["count"] == 1
    assert "press ← or →" in panel.view.hud.banner_sub
    qtbot.keyPress(panel.view, Qt.Key.Key_Left)  # a new press: the next episode
    assert not panel.session.done
    panel.tick(1 / 30)
    assert panel.session.t > 0 and panel.session.last_action == 0
    qtbot.keyRelease(panel.view, Qt.Key.Key_Left)


def painted(qtbot, size: tuple[int, int], state: np.ndarray, **hud):
    """A ViewportView of ``size`` showing CartPole in ``state`` with a Hud of ``hud``: the
    view, the frame's geometry, the frame as drawn and the picture as shown (H, W, 3)."""
    from dqn_lab.core.cartpole_render import CartPoleRenderer
    from dqn_lab.gui.viewport_view import Hud, ViewportView

    view = ViewportView()
    qtbot.addWidget(view)
    view.resize(*size)
    view.show()
    qtbot.waitExposed(view)
    width, height = view.frame_size(1.5)
    renderer = CartPoleRenderer(width, height)
    frame = renderer.render(state, action=1)
    view.set_frame(frame, Hud(state=state, **hud))
    shot = view.grab().toImage().convertToFormat(QImage.Format.Format_RGB888)
    left, top = (view.width() - width) // 2, (view.height() - height) // 2
    shown = np.array(
        [
            [shot.pixelColor(x, y).getRgb()[:3] for x in range(left, left + width)]
            for y in range(top, top + height)
        ],
        np.uint8,
    )
    return view, renderer.geometry, frame, shown


@pytest.mark.parametrize("size", [(300, 120), (360, 200), (600, 400), (900, 600)])
def test_the_overlays_never_cover_the_cart(qtbot, size):
    """A new user's report: in a short viewport the Q values' plate was drawn over the cart
    (and, in the README's window, over the pole). At any size, the band from the upright
    pole's tip down to the rail shows the frame untouched; a short view shows the Q values
    as a line of the status instead."""
    from dqn_lab.gui.viewport_view import q_line

    view, g, frame, shown = painted(
        qtbot,
        size,
        np.array([0.3, 0.1, 0.05, -0.2]),
        episode=12,
        step=345,
        score=345.0,
        mode_text="Agent acting greedily (ε = 0)   ·   1×",
        policy_text="Policy: live weights, episode 12",
        q=np.array([12.345, 13.5]),
        action_names=("push left", "push right"),
        chosen=1,
    )
    # (the HUD's limits are the same geometry's at the shown size)
    band = slice(int(g.cone_top) + 1, g.track_y)
    np.testing.assert_array_equal(shown[band], frame[band])
    # ... and the overlays are there: the Q values' plate, or their line in the status.
    assert not np.array_equal(shown, frame)
    assert q_line(view.hud) == "Q: push left 12.35  ·  push right 13.50"
    assert q_line(view.hud, short=True) == "Q: ← 12.35  ·  → 13.50"  # when the names do not fit
    assert view.q_in_status == (g.height < 200)


def test_the_viewports_numbers_follow_the_interface_locale(qtbot):
    """A new user's report: in German the viewport's Q values and means had a decimal
    point while the rest of the app had a comma."""
    from PySide6.QtCore import QLocale

    from dqn_lab.gui.i18n import signed
    from dqn_lab.gui.viewport_view import Hud, q_line

    hud = Hud(q=np.array([147.625, -3.5]), action_names=("links schieben", "rechts schieben"))
    before = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.German, QLocale.Country.Germany))
    try:
        assert q_line(hud) == "Q: links schieben 147,62  ·  rechts schieben -3,50"
        assert signed(0.25, 2) == "+0,25" and signed(-1.5, 1) == "-1,5"
    finally:
        QLocale.setDefault(before)
    assert q_line(hud, short=True).endswith("← 147.62  ·  → -3.50")


@pytest.mark.parametrize("width", [300, 360, 700])
def test_the_controls_wrap_in_a_narrow_dock_and_stay_above_the_picture(panel, qtbot, width):
    """A new user's report: at 1024x700 the second row of controls scrolled sideways and
    "best of 3" was cut. The groups now wrap onto more rows: every control is whole inside
    the panel and above the picture."""
    from PySide6.QtWidgets import QAbstractButton, QComboBox, QSpinBox

    panel.resize(width, 520)
    c = panel.controls
    controls = [
        w
        for kind in (QAbstractButton, QComboBox, QSpinBox)
        for w in c.findChildren(kind)
        if w.parentWidget() is not None and w.parentWidget().parentWidget() is c
    ]
    assert len(controls) >= 12

    def laid_out() -> bool:
        for w in controls:
            box = w.geometry().translated(w.parentWidget().pos()).translated(c.pos())
            if box.left() < 0 or box.right() >= panel.width() or box.bottom() >= panel.view.y():
                return False
        return True

    qtbot.waitUntil(laid_out, timeout=3000)
    rows = {w.parentWidget().y() + w.y() for w in controls}
    if width <= 300:
        assert len(rows) >= 3
    if width >= 700:
        assert len(rows) <= 2


@pytest.mark.parametrize("size", [(360, 120), (600, 400), (900, 600)])
def test_a_banner_goes_below_the_rail_where_there_is_room(qtbot, size):
    """A new user's report: the end-of-episode banner ("The agent's score: 500") was drawn
    across the pole. Where the ground below the rail has room, it goes there; in a short
    view (the German window at 1024x700) its title alone, where "No agent yet" had covered
    the cart."""
    _, g, frame, shown = painted(
        qtbot,
        size,
        np.array([0.0, 0.0, 0.0, 0.0]),
        episode=3,
        step=500,
        score=500.0,
        banner="The agent's score: 500",
        banner_sub="Episode over: time limit. The next one starts in a moment.",
    )
    band = slice(int(g.cone_top) + 1, g.track_y)
    np.testing.assert_array_equal(shown[band], frame[band])  # cart and pole in view
    assert not np.array_equal(shown[g.track_y :], frame[g.track_y :])  # the banner is below


def test_the_controls_are_reached_with_tab_and_a_click_leaves_the_focus_on_the_view(panel, qtbot):
    """A new user's report: a keyboard user could not reach Play, the speed, Agent/You,
    Live, Evaluate or Record (they took no focus, so that a click would not take the
    arrows from the view). Tab reaches each of them; a click still leaves the view's
    focus, and its arrows play."""
    from PySide6.QtWidgets import QApplication

    panel.set_policy(random_policy(3), "CartPole-v0")
    c = panel.controls
    panel.view.setFocus()
    qtbot.waitUntil(panel.view.hasFocus, timeout=2000)
    reached = []
    for _ in range(40):  # Tab through the window's chain (the panel alone here)
        panel.window().focusNextChild()
        reached.append(QApplication.focusWidget())
    # Agent and You are one stop, as radio buttons are: the arrows choose between them.
    wanted = [c.play_button, c.speed_box, c.agent_button, c.live_check, c.eval_button]
    assert all(w in reached for w in wanted), [w for w in wanted if w not in reached]
    c.agent_button.setFocus()
    qtbot.keyClick(c.agent_button, Qt.Key.Key_Right)
    assert panel.session.mode == HUMAN and c.human_button.hasFocus()
    panel.view.setFocus()
    qtbot.waitUntil(panel.view.hasFocus, timeout=2000)
    qtbot.mouseClick(c.agent_button, Qt.MouseButton.LeftButton)
    assert panel.session.mode == AGENT and panel.view.hasFocus()

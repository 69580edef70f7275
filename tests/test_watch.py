"""Watch session, off-screen CartPole frames and the best-episode export (no Qt, no TF)."""

import subprocess
import sys

import numpy as np
import pytest

from dqn_lab.core.cartpole_render import CartPoleRenderer
from dqn_lab.core.recording import Cancelled, expected_frames, record_best, run_episodes
from dqn_lab.core.training import evaluate
from dqn_lab.core.watch import AGENT, HUMAN, WatchSession, action_names
from tests.policies import balancing_policy, random_policy


def distinct_colours(frame: np.ndarray) -> int:
    return len(np.unique(frame.reshape(-1, 3), axis=0))


# -- frames ------------------------------------------------------------------------------
def test_cartpole_frame_is_a_contiguous_rgb_array_with_many_colours():
    frame = CartPoleRenderer(600, 400).render([0.3, 0.0, 0.1, 0.0], action=1, caption="x")
    assert frame.shape == (400, 600, 3) and frame.dtype == np.uint8
    assert frame.flags.c_contiguous
    assert distinct_colours(frame) > 100  # gradient sky, anti-aliased pole, ...
    assert frame.std() > 10
    rgbx = CartPoleRenderer(600, 400).render(
        [0.3, 0.0, 0.1, 0.0], action=1, caption="x", channels=4
    )
    assert rgbx.shape == (400, 600, 4) and np.array_equal(rgbx[..., :3], frame)


def test_cartpole_frame_follows_the_cart():
    r = CartPoleRenderer(300, 200)
    left, right = r.render([-1.5, 0, 0, 0]), r.render([1.5, 0, 0, 0])
    diff_cols = np.nonzero(np.abs(left.astype(int) - right.astype(int)).sum(axis=(0, 2)))[0]
    assert diff_cols.min() < 150 < diff_cols.max()  # changes on both halves
    with pytest.raises(ValueError, match="at least 32x32"):
        CartPoleRenderer(10, 10)


@pytest.mark.parametrize(
    "env_id, shape", [("Acrobot-v1", (500, 500, 3)), ("MountainCar-v0", (400, 600, 3))]
)
def test_other_environments_use_gymnasiums_renderer(env_id, shape):
    session = WatchSession(env_id, seed=0)
    try:
        session.set_mode(HUMAN)
        session.step()
        frame = session.frame(caption="step 1")
        assert frame.shape == shape and frame.dtype == np.uint8
        assert distinct_colours(frame) > 20
        assert session.frames.render_mode == "rgb_array"
    finally:
        session.close()
    import pygame

    assert pygame.display.get_init()  # close() did not pygame.quit() for everyone


def test_core_modules_load_no_qt_and_open_no_display():
    code = (
        "import sys, pygame\n"
        "from dqn_lab.core.watch import WatchSession\nimport core.recording\n"
        "s = WatchSession('CartPole-v0'); s.frame('hello'); s.close()\n"
        "assert not [m for m in sys.modules if m.startswith(('PySide6', 'pyqtgraph'))]\n"
        "assert not pygame.display.get_init()\nprint('ok')"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().endswith("ok")


# -- the watch session -------------------------------------------------------------------
def test_agent_acts_greedily_and_q_values_are_those_of_the_displayed_state():
    policy = random_policy(1)
    s = WatchSession("CartPole-v0", policy, seed=3)
    try:
        for _ in range(5):
            np.testing.assert_allclose(s.q, policy.q_values(s.state), rtol=1e-6)
            assert s.next_action() == s.greedy_action == policy.act(s.state)
            s.step()
            if s.done:
                break
        assert s.total_steps >= 1 and s.last_action in (0, 1)
    finally:
        s.close()


def test_episode_scores_are_kept_apart_for_agent_and_human():
    s = WatchSession("CartPole-v0", random_policy(2), seed=0)
    try:
        while s.episode < 2:
            s.step()
        s.set_mode(HUMAN)
        s.human_action = 1  # hold "right": the pole falls quickly
        while s.board.summary(HUMAN)["count"] < 1:
            s.step()
        agent, human = s.board.summary(AGENT), s.board.summary(HUMAN)
        assert agent["count"] == 2 and human["count"] == 1
        assert all(e.mode == AGENT for e in s.board.episodes[:2])
        assert s.board.episodes[2].steps == human["last"] and s.end_reason()
        assert s.state[1] > 0  # pushed right all along
    finally:
        s.close()


def test_nudge_changes_cart_and_pole_velocity():
    s = WatchSession("CartPole-v0", balancing_policy(), seed=5)
    try:
        before = np.array(s.env.unwrapped.state, dtype=float)
        q_before = s.q.copy()
        s.nudge(+1)
        after = np.array(s.env.unwrapped.state, dtype=float)
        assert after[1] == pytest.approx(before[1] + 0.5)  # cart velocity impulse
        assert after[3] < before[3]  # the pole swings back
        assert after[0] == before[0] and after[2] == before[2]
        np.testing.assert_allclose(s.state, after.astype(np.float32))
        assert not np.allclose(s.q, q_before) and s.nudges == 1
        s.step()
        assert s.state[0] > before[0]  # the cart moves right
    finally:
        s.close()


def test_newer_weights_wait_for_the_episode_start_or_the_interval():
    clock = [0.0]
    first, second, third = random_policy(1), random_policy(2), random_policy(3)
    s = WatchSession("CartPole-v0", None, seed=0, swap_interval_s=3.0, clock=lambda: clock[0])
    try:
        assert s.offer_policy(first) and s.policy is first  # none yet: at once
        clock[0] = 1.0
        assert not s.offer_policy(second) and s.policy is first  # pending
        s.reset()
        assert s.policy is second  # episode start
        clock[0] = 10.0
        assert s.offer_policy(third) and s.policy is third  # old enough: at once
        assert s.policy_version == 3
    finally:
        s.close()


def test_max_steps_ends_the_episode_and_names_the_reason():
    s = WatchSession("CartPole-v1", balancing_policy(), seed=0, max_steps=30)
    try:
        while not s.done:
            s.step()
        assert s.t == 30 and s.score == 30 and s.end_reason() == "time limit"
        assert action_names("CartPole-v1", 2) == ("push left", "push right")
        assert action_names("Foo-v0", 2) == ("action 0", "action 1")
    finally:
        s.close()


# -- evaluation and export ---------------------------------------------------------------
def test_run_episodes_matches_the_training_evaluation():
    policy = random_policy(4)
    results = run_episodes(policy, "CartPole-v0", 4, seed=123)
    assert [r.score for r in results] == evaluate(policy, "CartPole-v0", 4, seed=123)
    assert [r.seed for r in results] == [123, 124, 125, 126]
    with pytest.raises(ValueError, match="at least 1"):
        run_episodes(policy, "CartPole-v0", 0)


@pytest.mark.parametrize("fmt, every", [("gif", 2), ("mp4", 1)])
def test_export_of_the_best_episode_decodes_to_the_expected_frames(tmp_path, fmt, every):
    import imageio.v2 as imageio

    path = tmp_path / f"best.{fmt}"
    seen = []
    rec = record_best(
        balancing_policy(),
        "CartPole-v0",
        path,
        episodes=2,
        max_steps=40,
        size=(240, 160),
        every=every,
        progress=lambda f, m: seen.append(f),
    )
    assert rec.best_score == 40 and rec.scores == (40.0, 40.0)
    assert rec.frames == expected_frames(40, every) == 40 // every + 1
    reader = imageio.get_reader(str(path))
    frames = [np.asarray(f) for f in reader]
    reader.close()
    assert len(frames) == rec.frames
    assert frames[0].shape[:2] == (160, 240)
    assert seen and seen[-1] == pytest.approx(1.0) and seen == sorted(seen)
    assert not list(tmp_path.glob(".*partial*"))


def test_cancelled_export_leaves_no_file(tmp_path):
    path = tmp_path / "x.gif"
    calls = {"n": 0}

    def stop():
        calls["n"] += 1
        return calls["n"] > 3  # lets the evaluation finish, then cancels encoding

    with pytest.raises(Cancelled):
        record_best(
            balancing_policy(),
            "CartPole-v0",
            path,
            episodes=1,
            max_steps=50,
            size=(120, 80),
            should_stop=stop,
        )
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(ValueError, match=".gif or .mp4"):
        record_best(balancing_policy(), "CartPole-v0", tmp_path / "x.avi")


@pytest.mark.parametrize(
    "env_id, first, n",
    [
        ("CartPole-v1", "cart position", 4),
        ("Acrobot-v1", "cos θ1", 6),
        ("MountainCar-v0", "car position", 2),
    ],
)
def test_features_carry_the_environments_names(env_id, first, n):
    from dqn_lab.core.environment import env_info, feature_names

    names = env_info(env_id).feature_names
    assert len(names) == n and names[0] == first and not any(x.startswith("x") for x in names)
    assert feature_names("Unknown-v0", 3) == ("x0", "x1", "x2")  # unknown: numbered


def test_end_reason_names_what_ended_an_episode():
    """The cart past the track's end, the pole past 12 degrees, a terminal state of another
    environment, or the time limit (an episode not terminated)."""
    import math

    from dqn_lab.core.environment import end_reason, make_env

    env = make_env("CartPole-v1")
    try:
        env.reset(seed=0)
        u = env.unwrapped
        u.state = (2.5, 0.0, 0.01, 0.0)
        assert end_reason(env, terminated=True) == "cart"
        u.state = (-0.1, 0.0, -13 * math.pi / 180, 0.0)
        assert end_reason(env, terminated=True) == "pole"
        assert end_reason(env, terminated=False) == "limit"
        # A real episode: pushing right only, the pole falls long before the cart leaves.
        env.reset(seed=1)
        terminated = truncated = False
        while not (terminated or truncated):
            _, _, terminated, truncated, _ = env.step(1)
        assert end_reason(env, terminated) == "pole"
        assert abs(u.state[2]) > u.theta_threshold_radians and abs(u.state[0]) < 2.4
    finally:
        env.close()
    acrobot = make_env("Acrobot-v1")
    try:
        acrobot.reset(seed=0)
        assert end_reason(acrobot, terminated=True) == "terminal"
    finally:
        acrobot.close()

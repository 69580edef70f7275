"""Headless test setup: offscreen Qt, dummy SDL, quiet TensorFlow; no thread left running."""

import os
import sys
import threading
from pathlib import Path

os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ["SDL_VIDEODRIVER"] = "dummy"
os.environ["SDL_AUDIODRIVER"] = "dummy"
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import pytest  # noqa: E402

#: The small run most tests train: a few short episodes, tiny batches and memory, replay
#: from step 64. Tests change what they need on top (``small_config(episodes=100_000)``).
SMALL_RUN = dict(episodes=5, batch_size=8, start_replay_step=64, memory_size=500)


def headless_env(home: Path) -> dict[str, str]:
    """The environment of an app started in a subprocess: offscreen Qt, dummy SDL, and
    ``home`` as its home and config folder (the user's settings are not touched)."""
    return dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        SDL_VIDEODRIVER="dummy",
        SDL_AUDIODRIVER="dummy",
        XDG_CONFIG_HOME=str(home),
        HOME=str(home),
    )


@pytest.fixture(scope="session")
def small_config():
    """``small_config(**changes)``: a fast, valid :class:`dqn_lab.core.config.Config` for a test.

    Session-scoped (it only builds configs), so module-scoped fixtures can use it too.
    """
    from dqn_lab.core.config import Config

    def make(**changes):
        return Config().replace(**{**SMALL_RUN, **changes})

    return make


@pytest.fixture(autouse=True)
def no_thread_left_running():
    """Fail a test that leaves a Python thread (or a QThread via its Python side) running."""
    before = set(threading.enumerate())
    yield
    leftover = [
        t for t in threading.enumerate() if t not in before and t.is_alive() and not t.daemon
    ]
    for t in leftover:
        t.join(timeout=5)
    still = [t.name for t in leftover if t.is_alive()]
    assert not still, f"threads left running: {still}"

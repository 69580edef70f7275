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


@pytest.fixture(autouse=True)
def no_thread_left_running():
    """Fail a test that leaves a Python thread (or a QThread via its Python side) running."""
    before = set(threading.enumerate())
    yield
    leftover = [t for t in threading.enumerate()
                if t not in before and t.is_alive() and not t.daemon]
    for t in leftover:
        t.join(timeout=5)
    still = [t.name for t in leftover if t.is_alive()]
    assert not still, f"threads left running: {still}"

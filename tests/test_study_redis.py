"""Studies on a REAL Redis server started by this module (Debian's redis-server).

Optuna's journal Redis backend (``--storage redis://...``): two ``worker`` processes split a
study's trials with no duplicate; an unreachable Redis URL is one line and exit code 2.
Skipped, with the reason, only where the server binary or the ``redis`` package is missing
(.ci/run installs the server as root; the test extra installs the package).
"""

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.study_workers import two_workers_split

pytestmark = pytest.mark.slow

TINY = [
    "--episodes",
    "3",
    "--set",
    "start_replay_step=64",
    "--set",
    "max_steps=40",
    "--eval-episodes",
    "1",
    "--seeds",
    "2",
    "--pruner",
    "none",
]


@contextlib.contextmanager
def temporary_redis():
    """A redis-server on 127.0.0.1 and a free port, its files in a temporary folder (no
    snapshots); yields its URL. Stopped and deleted on exit."""
    binary = shutil.which("redis-server")
    if binary is None:
        raise RuntimeError(
            "the redis-server binary is not installed (apt-get install redis-server)"
        )
    import redis

    folder = Path(tempfile.mkdtemp(prefix="dqnlab-redis-"))
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [binary, "--bind", "127.0.0.1", "--port", str(port), "--dir", str(folder)]
        + ["--save", "", "--appendonly", "no", "--logfile", str(folder / "server.log")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        client = redis.Redis(host="127.0.0.1", port=port)
        deadline = time.monotonic() + 30
        while True:
            try:
                client.ping()
                break
            except redis.exceptions.ConnectionError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    log = folder / "server.log"
                    raise RuntimeError(
                        "redis-server did not start: "
                        + (log.read_text()[-300:] if log.exists() else f"exit {proc.returncode}")
                    ) from None
                time.sleep(0.05)
        client.close()
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=30)
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def redis_url():
    try:
        import redis  # noqa: F401 - the client Optuna's JournalRedisBackend uses
    except ImportError:
        pytest.skip("the redis package is not installed (pip install 'dqn-lab[redis]')")
    try:
        server = temporary_redis()
        url = server.__enter__()
    except RuntimeError as exc:  # the binary is missing: the reason says what to install
        pytest.skip(str(exc))
    try:
        yield url
    finally:
        server.__exit__(None, None, None)


def cli(*args):
    return [sys.executable, "main.py", *args]


def env():
    return dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3")


def test_two_workers_split_the_trials_with_no_duplicate(redis_url):
    create = subprocess.run(
        cli("tune", "--storage", redis_url, "--study", "split", "--search", "gamma=0.9:0.99")
        + [*TINY, "--trials", "0"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        env=env(),
    )
    assert create.returncode == 0, create.stderr
    trials = two_workers_split(redis_url, "split")
    for t in trials:  # each trial trained its 2 seeds (one population) and reported both
        assert 0.9 <= t.params["gamma"] <= 0.99
        assert [s["seed"] for s in t.user_attrs["seeds"]] == [42, 43]
        assert t.value == pytest.approx(sum(s["value"] for s in t.user_attrs["seeds"]) / 2)


def test_an_unreachable_redis_url_is_one_line_and_exit_2(redis_url):
    port = int(redis_url.rsplit(":", 1)[1].split("/")[0])
    with socket.socket() as s:  # a port nothing listens on (not the test server's)
        s.bind(("127.0.0.1", 0))
        free = s.getsockname()[1]
    assert free != port
    for args in (
        ["worker", "--storage", f"redis://127.0.0.1:{free}/0", "--study", "x"],
        ["tune", "--storage", f"redis://127.0.0.1:{free}/0", "--study", "x"]
        + ["--search", "gamma=0.9:0.99", "--trials", "0"],
    ):
        proc = subprocess.run(
            cli(*args), capture_output=True, text=True, cwd=ROOT, timeout=120, env=env()
        )
        assert proc.returncode == 2, proc.stderr
        err = proc.stderr.strip()
        assert len(err.splitlines()) == 1 and "Traceback" not in err
        assert f"Cannot reach the study storage redis://127.0.0.1:{free}/0" in err

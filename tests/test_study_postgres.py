"""Studies on a REAL PostgreSQL server started by this module (Debian's postgresql 15).

Two ``worker`` processes split a study's trials with no duplicate; a worker SIGKILLed
mid-trial: Optuna's heartbeat fails its trial, the retry callback queues it again and the study
completes. Skipped, with the reason, only where the server binaries are not installed (.ci/run
installs them as root).
"""

import os
import signal
import subprocess
import sys
import time

import optuna
import pytest
from optuna.trial import TrialState

from benchmarks.study_overhead import temporary_postgres
from dqn_lab.core.study import open_storage
from tests.conftest import ROOT
from tests.study_workers import two_workers_split

TINY = [
    "--set",
    "start_replay_step=64",
    "--set",
    "max_steps=40",
    "--eval-episodes",
    "1",
    "--seeds",
    "1",
    "--pruner",
    "none",
]

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def postgres():
    """A throw-away server on 127.0.0.1 and a free port; stopped and deleted afterwards."""
    try:
        import psycopg  # noqa: F401 - the driver SQLAlchemy uses for postgresql://
    except ImportError:
        pytest.skip("the psycopg driver is not installed (pip install 'dqn-lab[postgres]')")
    try:
        server = temporary_postgres()
        url = server.__enter__()
    except RuntimeError as exc:  # the binaries are missing: the reason says what to install
        pytest.skip(str(exc))
    try:
        yield url
    finally:
        server.__exit__(None, None, None)


def cli(*args, env=None):
    return [sys.executable, "main.py", *args]


def env_with(**extra):
    return dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", **extra)


def create(url, name, episodes, trials="0"):
    proc = subprocess.run(
        cli(
            "tune",
            "--storage",
            url,
            "--study",
            name,
            "--search",
            "gamma=0.9:0.99",
            "--episodes",
            str(episodes),
            *TINY,
            "--trials",
            trials,
        ),
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        env=env_with(),
    )
    assert proc.returncode == 0, proc.stderr


def test_two_workers_split_the_trials_with_no_duplicate(postgres):
    create(postgres, "split", 3)
    trials = two_workers_split(postgres, "split")
    assert all(0.9 <= t.params["gamma"] <= 0.99 for t in trials)


def test_a_worker_killed_mid_trial_is_retried_and_the_study_completes(postgres):
    create(postgres, "killed", 60)
    env = env_with(DQN_LAB_HEARTBEAT_S="1")  # grace period: 3 s
    storage = open_storage(postgres)
    victim = subprocess.Popen(
        cli("worker", "--storage", postgres, "--study", "killed", "--trials", "1"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=ROOT,
        env=env,
    )
    try:
        deadline = time.monotonic() + 180
        while True:
            study = optuna.load_study(study_name="killed", storage=storage)
            running = study.get_trials(states=(TrialState.RUNNING,))
            if running and "worker" in running[0].user_attrs:
                break
            assert victim.poll() is None, "the worker ended before its trial started"
            assert time.monotonic() < deadline, "no trial started"
            time.sleep(0.2)
        victim.send_signal(signal.SIGKILL)
        victim.wait(timeout=30)
    finally:
        if victim.poll() is None:
            victim.kill()
            victim.wait(timeout=30)
    killed = running[0]
    time.sleep(4.5)  # past the grace period: it is stale now
    proc = subprocess.run(
        cli("worker", "--storage", postgres, "--study", "killed", "--trials", "2"),
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    study = optuna.load_study(study_name="killed", storage=storage)
    trials = study.trials
    assert trials[killed.number].state == TrialState.FAIL
    retries = [t for t in trials if t.system_attrs.get("failed_trial") == killed.number]
    assert len(retries) == 1 and retries[0].state == TrialState.COMPLETE
    assert retries[0].params == killed.params
    done = study.get_trials(states=(TrialState.COMPLETE,))
    assert len(done) == 2 and not study.get_trials(states=(TrialState.RUNNING, TrialState.WAITING))

"""Two ``worker`` processes on one study in a shared storage (PostgreSQL, Redis): the
scenario both server tests run, with the checks that the trials split with no duplicate."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import optuna
from optuna.trial import TrialState

from dqn_lab.core.study import open_storage
from tests.conftest import ROOT


def worker_env() -> dict:
    return dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3")


def two_workers_split(url: str, study: str) -> list:
    """Run two workers of 2 trials each on ``study`` (created with 0 trials); each trial
    ran once, in one worker, and completed. The study's trials."""
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "main.py",
                "worker",
                "--storage",
                url,
                "--study",
                study,
                "--trials",
                "2",
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
            env=worker_env(),
        )
        for _ in range(2)
    ]
    outs = [p.communicate(timeout=600) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [e for _, e in outs]
    ran = [sorted(int(n) for n in re.findall(r"trial (\d+) COMPLETE", out)) for out, _ in outs]
    assert [len(r) for r in ran] == [2, 2]
    assert sorted(ran[0] + ran[1]) == [0, 1, 2, 3]  # each trial ran once, in one worker
    trials = optuna.load_study(study_name=study, storage=open_storage(url)).trials
    assert [t.state for t in trials] == [TrialState.COMPLETE] * 4
    by_worker = {
        p.pid: [t.number for t in trials if t.user_attrs["worker"]["pid"] == p.pid] for p in procs
    }
    assert sorted(map(len, by_worker.values())) == [2, 2]
    return trials

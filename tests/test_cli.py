"""The headless CLI: exit codes, one-line errors, the JSON line, the CSV; core has no Qt."""

import csv
import json
import subprocess
import sys

import pytest

from core.cli import main
from tests.conftest import ROOT


def run_cli(*args, timeout=300):
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True,
                          text=True, timeout=timeout, cwd=ROOT)


def test_train_prints_the_seeds_progress_and_a_json_line(tmp_path):
    csv_path = tmp_path / "stats.csv"
    proc = run_cli("train", "--episodes", "12", "--set", "start_replay_step=64",
                   "--stats-csv", str(csv_path), "--json")
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.strip().splitlines()
    assert lines[0].startswith("episode: 0/12, score: ")
    assert any(line.startswith("Mean over last 100 episodes: ") for line in lines)
    assert "needs at least 100 episodes" in proc.stdout
    result = json.loads(lines[-1])
    for key in ("agent", "env", "episodes", "env_steps", "wall_s", "steps_per_s", "scores",
                "mean_last_100", "threshold", "solved", "first_solved_episode"):
        assert key in result
    assert result["episodes"] == 12 and len(result["scores"]) == 12
    assert "Traceback" not in proc.stderr
    with open(csv_path) as fh:
        rows = list(csv.DictReader(fh))
    assert [float(r["score"]) for r in rows] == result["scores"]


@pytest.mark.parametrize("args,words", [
    (["train", "--set", "gamma=2"], "gamma must be between 0 and 1, not 2"),
    (["train", "--set", "gamma"], "KEY=VALUE"),
    (["train", "--agent", "ppo"], "invalid choice"),
    (["train", "--episodes", "lots"], "episodes must be a whole number"),
    (["train", "--env", "NoSuchEnv-v9"], "not an installed Gymnasium environment"),
    (["train", "--env", "Pendulum-v1"], "Discrete"),
    (["train", "--preset", "fastest"], "Unknown preset"),
    (["fly"], "invalid choice"),
])
def test_bad_arguments_exit_2_with_one_line(args, words, capsys):
    assert main(args) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and words in err and "Traceback" not in err


def test_settings_lists_every_field(capsys):
    assert main(["settings"]) == 0
    out = capsys.readouterr().out
    assert "gamma = 1" in out and "target_model_update_interval = 1000" in out


def test_core_imports_no_qt_and_no_pygame_display():
    code = ("import sys, core.cli, core.training, core.agents, core.presets;"
            "bad=[m for m in sys.modules if m.startswith(('PySide6','pyqtgraph','PyQt'))];"
            "print(bad)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=ROOT, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"

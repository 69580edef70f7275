"""The headless CLI: exit codes, one-line errors, the JSON line, the CSV; core has no Qt."""

import csv
import json
import subprocess
import sys

import pytest

from dqn_lab.core.cli import main
from tests.conftest import ROOT


def run_cli(*args, timeout=300):
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
    )


def test_train_prints_the_seeds_progress_and_a_json_line(tmp_path):
    csv_path = tmp_path / "stats.csv"
    proc = run_cli(
        "train",
        "--episodes",
        "12",
        "--set",
        "start_replay_step=64",
        "--stats-csv",
        str(csv_path),
        "--json",
    )
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.strip().splitlines()
    assert lines[0].startswith("episode: 0/12, score: ")
    assert any(line.startswith("Mean over last 100 episodes: ") for line in lines)
    assert "needs at least 100 episodes" in proc.stdout
    result = json.loads(lines[-1])
    for key in (
        "agent",
        "env",
        "episodes",
        "env_steps",
        "wall_s",
        "steps_per_s",
        "scores",
        "mean_last_100",
        "threshold",
        "solved",
        "first_solved_episode",
    ):
        assert key in result
    assert result["episodes"] == 12 and len(result["scores"]) == 12
    assert "Traceback" not in proc.stderr
    with open(csv_path) as fh:
        rows = list(csv.DictReader(fh))
    assert [float(r["score"]) for r in rows] == result["scores"]


@pytest.mark.parametrize(
    "args,words",
    [
        (["train", "--set", "gamma=2"], "gamma must be between 0 and 1, not 2"),
        (["train", "--set", "gamma"], "KEY=VALUE"),
        (["train", "--agent", "ppo"], "invalid choice"),
        (["train", "--episodes", "lots"], "episodes must be a whole number"),
        (["train", "--env", "NoSuchEnv-v9"], "not an installed Gymnasium environment"),
        (["train", "--env", "Pendulum-v1"], "Discrete"),
        (["train", "--preset", "fastest"], "Unknown preset"),
        (["fly"], "invalid choice"),
    ],
)
def test_bad_arguments_exit_2_with_one_line(args, words, capsys):
    assert main(args) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and words in err and "Traceback" not in err


def test_settings_lists_every_field(capsys):
    assert main(["settings"]) == 0
    out = capsys.readouterr().out
    assert "gamma = 1" in out and "target_model_update_interval = 1000" in out


def test_core_imports_no_qt_and_no_pygame_display():
    code = (
        "import sys, dqn_lab.core.cli, dqn_lab.core.training, dqn_lab.core.agents, "
        "dqn_lab.core.presets;"
        "bad=[m for m in sys.modules if m.startswith(('PySide6','pyqtgraph','PyQt'))];"
        "print(bad)"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"


# -- every bad value: exit 2, one line, no traceback, before TensorFlow -----------------------
TABLE_RUNNER = r"""
import contextlib, io, json, sys
import dqn_lab.core.persistence, dqn_lab.core.training
from dqn_lab.core.cli import main


def never(*args, **kwargs):   # a value that slipped through must not start a run
    raise SystemExit(99)


dqn_lab.core.training.Trainer.__init__ = never
dqn_lab.core.persistence.restore_trainer = never
out = []
for args in json.loads(sys.argv[1]):
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        try:
            code = main(args)
        except SystemExit as exc:
            code = exc.code
    out.append(dict(args=args, code=code, err=err.getvalue(),
                    tensorflow="tensorflow" in sys.modules))
print(json.dumps(out))
"""


def bad_values(tmp_path):
    """(arguments, words in the message) for values that must be refused before training."""
    folder = tmp_path / "folder"
    folder.mkdir()
    a_file = tmp_path / "file.txt"
    a_file.write_text("x")
    bundle = tmp_path / "none.dqnlab"
    return [
        (["bench", "--steps", "0"], "--steps: must be from 1"),
        (["bench", "--steps", "-1"], "--steps: must be from 1"),
        (["bench", "--literal-steps", "-5"], "--literal-steps: must be from 0"),
        (["evaluate", str(bundle), "--seed", "-1"], "--seed: must be from 0"),
        (["evaluate", str(bundle), "--max-steps", "0"], "--max-steps: must be from 1"),
        (["evaluate", str(bundle), "--episodes", "0"], "--episodes: must be from 1"),
        (["train", "--episodes", str(10**12)], "episodes must be between 1 and 100000"),
        (["train", "--episodes", "0"], "episodes must be between 1 and 100000"),
        (["train", "--set", "gamma=0.9_9"], "gamma must be a number"),
        (["train", "--set", "gamma=\uff10.\uff19"], "gamma must be a number"),
        (["train", "--episodes", "\uff11\uff12"], "episodes must be a whole number"),
        (["train", "--seed", "\u0664\u0662"], "seed must be a whole number"),
        (["train", "--set", "alpha=1e-400"], "would round to 0"),
        (["train", "--set", "alpha=1e400"], "too large"),
        (["train", "--set", "gamma=nan"], "gamma must be a number"),
        (["train", "--set", "batch_size=3.5"], "batch_size must be a whole number"),
        (["train", "--set", "hidden_sizes=32,\uff13\uff12"], "hidden_sizes must be a whole"),
        (["train", "--max-steps", "1_000"], "max_steps must be a whole number"),
        (["train", "--seeds", "1,,2"], "--seeds must be comma-separated whole numbers"),
        (["train", "--seeds", "3,4,3"], "--seeds lists 3 more than once"),
        (["train", "--seeds=-1,2"], "seeds from 0 to 2147483647"),
        (["train", "--stats-csv", str(folder)], "it is a folder"),
        (["train", "--log-dir", str(a_file)], "is a file; choose a folder"),
        (["train", "--save", str(folder)], "is a folder"),
        (["train", "--save", str(tmp_path / "no" / "x.dqnlab")], "does not exist"),
        (
            ["train", "--load", str(bundle), "--episodes", str(10**12)],
            "episodes must be between 1 and 100000",
        ),
        (["export", str(bundle), "--keras", str(tmp_path / "x.h5")], "must end in .keras"),
        (["export", str(bundle), "--keras", str(folder / "")], "must end in .keras"),
    ]


def test_bad_values_exit_2_with_one_line_before_tensorflow(tmp_path):
    cases = bad_values(tmp_path)
    proc = subprocess.run(
        [sys.executable, "-c", TABLE_RUNNER, json.dumps([args for args, _ in cases])],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stderr
    for (args, words), result in zip(cases, json.loads(proc.stdout)):
        err = result["err"].strip()
        assert result["code"] == 2, (args, err)
        assert len(err.splitlines()) == 1 and "Traceback" not in err, (args, err)
        assert words in err, (args, err)
        assert not result["tensorflow"], (args, "TensorFlow was imported")


def test_too_many_episodes_with_load_are_refused_before_tensorflow(tmp_path):
    """A real bundle: --episodes beyond the maximum in total is refused after reading it."""
    from dqn_lab.core.bundle_format import write_bundle
    from tests.test_crash_safety import synthetic

    path = tmp_path / "run.dqnlab"
    write_bundle(path, *synthetic("C", 2100, 6))
    cases = [
        ["train", "--load", str(path), "--episodes", "100000", "--quiet"],
        ["train", "--load", str(path), "--set", "hidden_sizes=8", "--quiet"],
        [
            "train",
            "--load",
            str(path),
            "--episodes",
            "1",
            "--save",
            str(tmp_path / "none" / "x.dqnlab"),
        ],
    ]
    proc = subprocess.run(
        [sys.executable, "-c", TABLE_RUNNER, json.dumps(cases)],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
    )
    results = json.loads(proc.stdout)
    assert "add at most 99,999" in results[0]["err"]
    assert "hidden_sizes cannot change" in results[1]["err"]
    assert "does not exist" in results[2]["err"]
    assert all(r["code"] == 2 and not r["tensorflow"] for r in results), results


def test_export_prints_one_line(tmp_path):
    from dqn_lab.core.bundle_format import write_bundle
    from tests.test_crash_safety import synthetic

    path = tmp_path / "run.dqnlab"
    write_bundle(path, *synthetic("E", 2100, 7))
    proc = run_cli("export", str(path), "--keras", str(tmp_path / "net.keras"))
    assert proc.returncode == 0, proc.stderr
    lines = (proc.stdout + proc.stderr).strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Exported the online network"), lines
    assert (tmp_path / "net.keras").stat().st_size > 0


def test_a_read_only_save_target_is_refused_before_training_unless_forced(tmp_path):
    from dqn_lab.core.cli import CliError, check_save_path

    path = tmp_path / "ro.dqnlab"
    path.write_bytes(b"x")
    path.chmod(0o444)
    with pytest.raises(CliError, match="read-only.*--force"):
        check_save_path(path)
    check_save_path(path, force=True)


def test_train_start_removes_stale_temporaries_of_its_output_folders(tmp_path):
    from dqn_lab.core.cli import build_parser, check_outputs

    dead = tmp_path / ".old.dqnlab.tmp-999999999-0badc0de"
    dead.write_bytes(b"partial")
    args = build_parser().parse_args(["train", "--save", str(tmp_path / "run.dqnlab")])
    check_outputs(args)
    assert not dead.exists() and list(tmp_path.iterdir()) == []


def test_a_preset_saved_by_the_user_is_found_by_name(tmp_path, monkeypatch):
    """A new user's report: a preset saved from a study showed in the main window but
    'train --preset' and 'compare --preset' said "Unknown preset"."""
    from dqn_lab.core.config import ConfigError
    from dqn_lab.core.presets import preset, save_user_preset

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    save_user_preset("best lr", preset("seed").replace(alpha=0.002))
    assert preset("best lr").alpha == 0.002
    assert preset("BEST LR").alpha == 0.002  # as titles, in any case
    assert preset("tuned") == preset("Tuned")  # the shipped ones come first
    with pytest.raises(ConfigError, match="choose one of seed-fixed, seed, tuned, best lr"):
        preset("nope")


def test_a_users_preset_never_hides_a_shipped_one_and_a_broken_one_says_why(tmp_path, monkeypatch):
    """A review's findings: a preset of the user's named "Tuned" was listed but trained the
    shipped 'tuned'; an invalid one was reported as "Unknown preset"."""
    import json as json_module

    from dqn_lab.core.config import ConfigError
    from dqn_lab.core.presets import preset, save_user_preset, user_presets

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    with pytest.raises(ConfigError, match="like a shipped preset"):
        save_user_preset("Tuned", preset("seed"))
    folder = tmp_path / "dqn-lab" / "presets"
    folder.mkdir(parents=True)
    (folder / "Notebook.json").write_text(json_module.dumps(dict(name="notebook", settings={})))
    (folder / "mine.json").write_text(json_module.dumps(dict(name="mine", settings={"gamma": 7})))
    found, errors = user_presets()
    assert found == {} and len(errors) == 2
    assert any("like a shipped preset" in e for e in errors)
    with pytest.raises(ConfigError, match="gamma must be between 0 and 1"):
        preset("mine")

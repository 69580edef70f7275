"""Agent bundles: exact round trip, exact resume, no-memory resume, atomic save, the CLI."""

import errno
import hashlib
import io
import json
import math
import os
import subprocess
import sys
import time
import zipfile

import numpy as np
import pytest

from dqn_lab.core.bundle_format import SUFFIX, read_bundle, remove_stale_temps, write_bundle
from dqn_lab.core.bundle_schema import array_specs
from dqn_lab.core.cli import main
from dqn_lab.core.config import Config
from dqn_lab.core.persistence import (
    BundleError,
    add_episodes,
    bundle_contents,
    export_keras,
    load_bundle,
    policy_from_bundle,
    save_bundle,
    save_request,
)
from dqn_lab.core.training import Trainer, TrainingControl
from tests.conftest import ROOT, SMALL_RUN

#: On top of the shared small run: room for several episodes, frequent target syncs.
EXTRA = dict(memory_size=2000, target_model_update_interval=50)


def run_all(trainer):
    return list(trainer.run())


def same_floats(a, b) -> bool:
    """Equal, with NaN equal to NaN (statistics hold NaN losses before learning starts)."""
    return a == b or (
        isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b)
    )


def same_records(xs, ys) -> bool:
    return len(xs) == len(ys) and all(
        x.keys() == y.keys() and all(same_floats(x[k], y[k]) for k in x) for x, y in zip(xs, ys)
    )


@pytest.fixture(scope="module")
def trained(tmp_path_factory, small_config):
    """One small trained DQN run (with a live change in its history) saved with its memory."""
    trainer = Trainer(small_config(episodes=8, **EXTRA))
    control = trainer.control
    events = trainer.run()
    for event in events:
        if type(event).__name__ == "EpisodeEnd" and event.episode == 4:
            control.change(gamma=0.99)
    path = tmp_path_factory.mktemp("bundle") / f"run{SUFFIX}"
    result = save_bundle(path, trainer)
    yield trainer, path, result
    trainer.close()


def test_round_trip_is_bit_identical(trained):
    trainer, path, result = trained
    assert result.bytes == path.stat().st_size and result.memory_rows == len(trainer.agent.memory)
    loaded = load_bundle(path)
    assert loaded.warnings == []
    new = loaded.trainer
    states = np.random.default_rng(0).normal(0, 1, (256, 4)).astype(np.float32)
    # Q values of the acting policy, of the TF network and of the TF-free policy.
    assert np.array_equal(new.agent.q_values(states), trainer.agent.q_values(states))
    ones = np.ones((256, 2), np.float32)
    assert np.array_equal(
        new.agent.model([states, ones]).numpy(), trainer.agent.model([states, ones]).numpy()
    )
    bundle = read_bundle(path)
    assert np.array_equal(
        policy_from_bundle(bundle).q_values(states), trainer.agent.q_values(states)
    )
    a, b = trainer.agent.export_state(), new.agent.export_state()
    for group in ("online", "target", "optimizer"):
        assert a[group].keys() == b[group].keys()
        for k in a[group]:
            assert a[group][k].dtype == b[group][k].dtype
            assert np.array_equal(a[group][k], b[group][k]), (group, k)
    assert a["rng"] == b["rng"]
    assert all(same_floats(a["counters"][k], b["counters"][k]) for k in a["counters"])
    sa, sb = trainer.state(), new.state()
    assert same_records(sa.pop("statistics"), sb.pop("statistics"))
    assert sa == sb and sa["history"][0]["key"] == "gamma" and sa["env_rng"] is not None
    assert new.config == trainer.config and new.config.gamma == 0.99
    new.close()


def test_replay_memory_round_trip_and_sampling_resumes_exactly(trained):
    trainer, path, _ = trained
    new = load_bundle(path).trainer
    ma, mb = trainer.agent.memory.arrays(), new.agent.memory.arrays()
    assert ma.keys() == mb.keys()
    for k in ma:
        assert ma[k].dtype == mb[k].dtype and np.array_equal(ma[k], mb[k]), k
    ra, rb = np.random.default_rng(5), np.random.default_rng(5)
    for x, y in zip(trainer.agent.memory.sample(64, ra), new.agent.memory.sample(64, rb)):
        assert np.array_equal(x, y)
    new.close()


def test_bundle_is_a_zip_of_a_manifest_and_npz_files(trained):
    _, path, _ = trained
    with zipfile.ZipFile(path) as zf:
        names = zf.namelist()
        manifest = json.loads(zf.read("manifest.json"))
        for name in names[1:]:
            data = zf.read(name)
            assert hashlib.sha256(data).hexdigest() == manifest["files"][name]["sha256"]
            with np.load(io.BytesIO(data), allow_pickle=False) as npz:
                assert len(npz.files) > 0
    assert names == ["manifest.json", "weights.npz", "optimizer.npz", "rng.npz", "memory.npz"]
    assert set(manifest) == {
        "format",
        "format_version",
        "saved_at",
        "versions",
        "config",
        "env",
        "counters",
        "run",
        "statistics",
        "history",
        "memory",
        "files",
    }
    assert manifest["versions"]["tensorflow"] and manifest["versions"]["keras"]
    assert manifest["counters"]["episodes"] == 8 == len(manifest["statistics"])
    assert manifest["statistics"][0]["loss"] is None  # NaN is written as null


@pytest.mark.parametrize(
    "config",
    [
        Config().replace(**{**SMALL_RUN, **EXTRA}),
        Config().replace(agent="naive", dueling=True, batch_size=8),
    ],
    ids=["dqn", "naive-dueling"],
)
def test_names_shapes_and_dtypes_are_what_keras_builds(config):
    trainer = Trainer(config.replace(episodes=1))
    manifest, arrays = bundle_contents(trainer)
    specs = array_specs(manifest, config, 4, 2)
    for name in ("weights.npz", "optimizer.npz", "rng.npz"):
        assert {k: (a.shape, a.dtype) for k, a in arrays[name].items()} == {
            k: (tuple(s), d) for k, (s, d) in specs[name].items()
        }
    trainer.close()


def assert_same_run(straight, rest, agent: str) -> None:
    """Same scores, per-episode statistics (but the clock), weights, epsilon and steps."""
    assert rest.scores == straight.scores
    no_clock = [
        [{k: v for k, v in s.items() if k != "wall_s"} for s in run.statistics]
        for run in (straight, rest)
    ]
    assert same_records(*no_clock)  # steps, epsilon, loss, mean Q: all identical
    models = [(straight.agent.model, rest.agent.model)]
    if agent == "dqn":
        models.append((straight.agent.target_model, rest.agent.target_model))
    for ma, mb in models:
        for wa, wb in zip(ma.get_weights(), mb.get_weights()):
            assert np.array_equal(wa, wb)
    assert straight.agent.epsilon == rest.agent.epsilon
    assert straight.agent.updates == rest.agent.updates > 100
    assert straight.env_steps == rest.env_steps


@pytest.mark.slow
def test_dqn_resume_is_identical_to_an_uninterrupted_run(tmp_path, small_config):
    """30 episodes straight, saving at episode 15 (the GUI's way: a request at an episode
    end, run before the next reset is used), against loading that save and training 15."""
    config = small_config(episodes=30, **EXTRA)
    control = TrainingControl()
    straight = Trainer(config, control)
    path = tmp_path / "half.dqnlab"
    saved = []
    for event in straight.run():
        if type(event).__name__ == "EpisodeEnd" and event.episode == 14:
            control.request(lambda t: saved.append(save_bundle(path, t)))
    assert saved[0].episode == 15 and not saved[0].mid_episode
    loaded = load_bundle(path)
    assert loaded.warnings == [] and loaded.trainer.episode == 15
    run_all(loaded.trainer)
    assert_same_run(straight, loaded.trainer, "dqn")
    straight.close()
    loaded.trainer.close()


@pytest.mark.slow
def test_naive_resume_after_a_finished_run_is_identical(tmp_path):
    """The CLI's way: a run of 5 episodes ends and saves; --load --episodes 5 continues."""
    config = Config().replace(agent="naive", episodes=10, batch_size=8)
    straight = Trainer(config)
    run_all(straight)
    first = Trainer(config.replace(episodes=5))
    run_all(first)
    path = tmp_path / "half.dqnlab"
    save_bundle(path, first)
    first.close()
    rest = load_bundle(path).trainer
    add_episodes(rest, 5)
    run_all(rest)
    assert rest.episode == 10
    assert_same_run(straight, rest, "naive")
    straight.close()
    rest.close()


def test_without_memory_a_warning_and_replay_waits_for_a_refill(trained, tmp_path):
    trainer, _, _ = trained
    path = tmp_path / "nomem.dqnlab"
    result = save_bundle(path, trainer, include_memory=False)
    assert result.memory_rows == 0
    with zipfile.ZipFile(path) as zf:
        assert "memory.npz" not in zf.namelist()
    loaded = load_bundle(path)
    assert any("no replay memory" in w and "64 new transitions" in w for w in loaded.warnings)
    new = loaded.trainer
    assert len(new.agent.memory) == 0
    updates = new.agent.updates
    while len(new.agent.memory) < 64:  # no replay until the memory holds the warm-up
        add_episodes(new, 1)
        run_all(new)
        if len(new.agent.memory) < 64:
            assert new.agent.updates == updates
    add_episodes(new, 1)
    run_all(new)
    assert new.agent.updates > updates
    new.close()


def test_naive_agent_without_memory_refills_in_one_batch(tmp_path):
    trainer = Trainer(Config().replace(agent="naive", episodes=2, batch_size=8))
    run_all(trainer)
    path = tmp_path / "naive.dqnlab"
    save_bundle(path, trainer, include_memory=False)
    loaded = load_bundle(path)
    assert any("8 new transitions" in w for w in loaded.warnings)
    new = loaded.trainer
    updates = new.agent.updates
    add_episodes(new, 1)
    run_all(new)
    steps = new.statistics[-1]["steps"]
    assert new.agent.updates - updates == steps - 7  # learns from the 8th new transition on
    trainer.close()
    new.close()


def test_save_inside_an_episode_is_flagged_on_load(tmp_path, small_config):
    control = TrainingControl()
    trainer = Trainer(small_config(episodes=3, updates_per_call=4, **EXTRA), control)
    path = tmp_path / "mid.dqnlab"
    saved, calls = [], []

    def save_after_two_steps(t):  # each request runs at the next safe point (one step)
        calls.append(t.env_steps)
        if len(calls) < 3:
            control.request(save_after_two_steps)
        else:
            saved.append(save_bundle(path, t))

    for event in trainer.run():
        if type(event).__name__ == "EpisodeEnd" and event.episode == 1:
            control.request(save_after_two_steps)
    assert calls[2] - calls[0] == 2
    assert saved and saved[0].mid_episode and saved[0].episode == 2
    loaded = load_bundle(path)
    assert any("during an episode" in w for w in loaded.warnings)
    assert loaded.trainer.episode == 2 and len(loaded.trainer.statistics) == 2
    assert loaded.trainer.env_steps > loaded.trainer.statistics[-1]["env_steps"]
    trainer.close()
    loaded.trainer.close()


def test_save_request_reports_failures_without_ending_the_run(tmp_path, small_config):
    control = TrainingControl()
    trainer = Trainer(small_config(episodes=3, **EXTRA), control)
    results = []
    for event in trainer.run():
        if type(event).__name__ == "EpisodeEnd" and event.episode == 0:
            control.request(save_request(tmp_path / "no" / "x.dqnlab", done=results.append))
            control.request(save_request(tmp_path / "ok.dqnlab", False, results.append))
    assert trainer.episode == 3  # the failed save did not stop the run
    assert isinstance(results[0], BundleError) and "does not exist" in str(results[0])
    assert results[1].episode == 1 and results[1].memory_rows == 0
    assert read_bundle(tmp_path / "ok.dqnlab").manifest["counters"]["episodes"] == 1
    trainer.close()


def test_special_files_are_refused(tmp_path):
    fifo = tmp_path / "pipe.dqnlab"
    os.mkfifo(fifo)
    with pytest.raises(BundleError, match="not a regular file"):
        read_bundle(fifo)
    with pytest.raises(BundleError, match="not a regular file"):
        read_bundle("/dev/zero")


# -- atomic saving --------------------------------------------------------------------------
def temps(folder):
    return sorted(p.name for p in folder.iterdir() if ".tmp-" in p.name)


def test_a_failed_save_keeps_the_previous_file_and_says_why(trained, tmp_path, monkeypatch):
    trainer, _, _ = trained
    path = tmp_path / "keep.dqnlab"
    save_bundle(path, trainer)
    before = path.read_bytes()

    def disk_full(fd):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(BundleError) as err:
        save_bundle(path, trainer)
    message = str(err.value)
    assert "No space left on device" in message and "previous file is unchanged" in message
    monkeypatch.undo()
    assert path.read_bytes() == before and temps(tmp_path) == []
    read_bundle(path)


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write anywhere")
def test_no_permission_is_a_clear_error(trained, tmp_path):
    trainer, _, _ = trained
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        with pytest.raises(BundleError, match="Permission denied"):
            save_bundle(folder / "x.dqnlab", trainer)
    finally:
        folder.chmod(0o755)


def test_bad_save_targets_are_clear_errors(trained, tmp_path):
    trainer, _, _ = trained
    with pytest.raises(BundleError, match="does not exist"):
        save_bundle(tmp_path / "missing" / "x.dqnlab", trainer)
    with pytest.raises(BundleError, match="is a folder"):
        save_bundle(tmp_path, trainer)


def test_leftover_temporary_files_are_cleaned_up(trained, tmp_path):
    trainer, _, _ = trained
    path = tmp_path / "run.dqnlab"
    dead = tmp_path / ".run.dqnlab.tmp-999999999-dead"  # no such process
    old = tmp_path / f".run.dqnlab.tmp-{os.getppid()}-old"  # alive but a day old
    mine = tmp_path / f".run.dqnlab.tmp-{os.getpid()}-busy"  # maybe another thread's save
    other = tmp_path / ".other.dqnlab.tmp-999999999-x"  # another bundle's
    for p in (dead, old, mine, other):
        p.write_bytes(b"partial")
    os.utime(old, (time.time() - 2 * 86400,) * 2)
    save_bundle(path, trainer)
    assert temps(tmp_path) == sorted([mine.name, other.name])
    assert remove_stale_temps(tmp_path / "other.dqnlab") == [other]


# -- export and CLI -------------------------------------------------------------------------
def test_export_keras_gives_the_same_q_values(trained, tmp_path):
    import keras

    trainer, path, _ = trained
    out = tmp_path / "net.keras"
    assert export_keras(read_bundle(path), out) == out.stat().st_size
    model = keras.models.load_model(out)
    states = np.random.default_rng(1).normal(0, 1, (128, 4)).astype(np.float32)
    q = model.predict([states, np.ones((128, 2), np.float32)], verbose=0)
    assert np.allclose(q, trainer.agent.q_values(states), rtol=1e-5, atol=1e-6)
    with pytest.raises(BundleError, match=r"must end in \.keras"):
        export_keras(read_bundle(path), tmp_path / "net.h5")


def test_cli_save_continue_evaluate_inspect(tmp_path, capsys):
    path = tmp_path / "cli.dqnlab"
    tiny = ["--set", "batch_size=8", "--set", "start_replay_step=32", "--quiet"]
    assert main(["train", "--episodes", "3", "--save", str(path), *tiny]) == 0
    assert f"Saved {path}" in capsys.readouterr().out
    assert (
        main(
            [
                "train",
                "--load",
                str(path),
                "--save",
                str(path),
                "--episodes",
                "2",
                "--set",
                "gamma=0.9",
                "--json",
            ]
        )
        == 0
    )
    out = capsys.readouterr().out.strip().splitlines()
    summary = json.loads(out[-1])
    assert summary["episodes"] == 5 and summary["history"][0]["key"] == "gamma"
    assert main(["evaluate", str(path), "--episodes", "3", "--json"]) == 0
    result = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert len(result["scores"]) == 3 and result["mean"] == sum(result["scores"]) / 3
    # How they ended: CartPole's episodes that reach the step limit are cut by it, the others
    # end when the pole falls or the cart leaves the track.
    ends = result["ends"]
    assert sum(ends.values()) == 3 and set(ends) <= {"pole", "cart", "limit"}
    assert ends.get("limit", 0) == sum(s >= result["max_steps"] for s in result["scores"])
    assert main(["inspect", str(path)]) == 0
    manifest = json.loads(capsys.readouterr().out)
    assert manifest["counters"]["episodes"] == 5 and manifest["config"]["gamma"] == 0.9
    assert main(["train", "--load", str(path)]) == 2  # finished: needs --episodes
    assert "pass --episodes N" in capsys.readouterr().err
    assert main(["train", "--load", str(path), "--episodes", "1", "--set", "hidden_sizes=8"]) == 2
    assert "hidden_sizes cannot change" in capsys.readouterr().err


@pytest.mark.parametrize("command", ["evaluate", "inspect", "export", "train"])
def test_cli_unloadable_file_exits_2_with_one_line(command, tmp_path, capsys):
    bad = tmp_path / "bad.dqnlab"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    args = {
        "evaluate": ["evaluate", str(bad)],
        "inspect": ["inspect", str(bad)],
        "export": ["export", str(bad), "--keras", str(tmp_path / "x.keras")],
        "train": ["train", "--load", str(bad), "--episodes", "1"],
    }[command]
    assert main(args) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "not a DQN Lab bundle" in err
    assert "Traceback" not in err


def test_cli_subprocess_has_no_traceback_for_a_missing_bundle(tmp_path):
    proc = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "inspect", str(tmp_path / "none.dqnlab")],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
    )
    assert proc.returncode == 2
    assert proc.stderr.strip().endswith("there is no such file.")
    assert "Traceback" not in proc.stderr


@pytest.mark.slow
def test_cli_ctrl_c_with_save_stops_at_a_safe_point_and_saves(tmp_path):
    import signal

    path = tmp_path / "interrupted.dqnlab"
    proc = subprocess.Popen(
        [
            sys.executable,
            str(ROOT / "main.py"),
            "train",
            "--episodes",
            "10000",
            "--save",
            str(path),
            "--set",
            "start_replay_step=64",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    try:
        first = proc.stdout.readline()  # the first episode's progress line
        assert first.startswith("episode: 0/10000"), first
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 0, err
    assert "stopping to save" in err and "Traceback" not in err
    assert f"Saved {path}" in out
    bundle = read_bundle(path)
    assert 1 <= bundle.manifest["counters"]["episodes"] < 10000


# -- what the current version writes, it reads ------------------------------------------------
def _synthetic_bundle(**config_changes):
    from tests.test_crash_safety import synthetic

    manifest, arrays = synthetic("L", 2100, 5)
    config = Config().replace(memory_size=2100, **config_changes)
    manifest["config"] = config.to_dict()
    return manifest, arrays, array_specs(manifest, config, 4, 2)


def test_a_fresh_large_network_round_trips(tmp_path):
    """Adam's zeros deflate over 200 times: not a zip bomb when the config's shapes bound it."""
    manifest, arrays, specs = _synthetic_bundle(hidden_sizes=(1024, 1024, 1024), episodes=10)
    rng = np.random.default_rng(0)
    for name in ("weights.npz", "optimizer.npz"):
        arrays[name] = {
            k: (np.zeros(s, d) if name == "optimizer.npz" else rng.normal(0, 0.1, s).astype(d))
            for k, (s, d) in specs[name].items()
        }
    arrays["optimizer.npz"]["learning_rate"] = np.array(0.001, np.float32)
    path = tmp_path / "fresh.dqnlab"
    write_bundle(path, manifest, arrays)
    bundle = read_bundle(path)
    assert np.array_equal(
        bundle.arrays["weights.npz"]["online/hidden_2/kernel"],
        arrays["weights.npz"]["online/hidden_2/kernel"],
    )


def test_the_largest_legal_manifest_round_trips(tmp_path):
    """100,000 episodes of full-precision statistics and 100,000 live changes."""
    from dqn_lab.core.bundle_schema import MAX_HISTORY, MAX_STATISTICS

    manifest, arrays, _ = _synthetic_bundle(episodes=MAX_STATISTICS)
    n, steps = MAX_STATISTICS, 200
    manifest["counters"].update(episodes=n, env_steps=n * steps)
    manifest["statistics"] = [
        dict(
            episode=i,
            score=199.0 + 1 / 3,
            steps=steps,
            epsilon=0.0010000000000000002,
            loss=0.12345678901234568 * i,
            mean_q=-12.345678901234567,
            env_steps=i * steps,
            wall_s=12345.678901234567 + i,
        )
        for i in range(n)
    ]
    manifest["history"] = [
        dict(
            env_steps=i * steps,
            episode=i,
            key="alpha",
            old=0.0012345678901234567,
            new=0.0009876543210987654,
        )
        for i in range(MAX_HISTORY)
    ]
    path = tmp_path / "long.dqnlab"
    write_bundle(path, manifest, arrays)
    bundle = read_bundle(path)
    assert bundle.manifest["statistics"][-1] == manifest["statistics"][-1]
    assert len(bundle.manifest["history"]) == MAX_HISTORY


def test_reading_reports_progress_and_can_be_cancelled(tmp_path):
    """The hooks an app uses to load off its GUI thread with a progress bar and Cancel."""
    from dqn_lab.core.bundle_format import LoadCancelled
    from tests.test_crash_safety import synthetic

    path = tmp_path / "big.dqnlab"
    write_bundle(path, *synthetic("P", 50_000, 1))
    seen = []
    bundle = read_bundle(path, progress=lambda f, m: seen.append((f, m)))
    fractions = [f for f, _ in seen]
    assert len(seen) >= 3 and fractions == sorted(fractions) and fractions[-1] == 1.0
    assert any("memory.npz" in m for _, m in seen)
    assert bundle.manifest["memory"]["rows"] == 50_000
    calls = []
    with pytest.raises(LoadCancelled, match="cancelled"):
        read_bundle(path, should_stop=lambda: calls.append(1) or len(calls) >= 2)
    assert isinstance(LoadCancelled("x"), BundleError)


def test_a_bundle_keeps_the_most_recent_live_changes(trained):
    """More changes than a bundle holds: the oldest go, so the run stays saveable."""
    from dqn_lab.core.bundle_schema import MAX_HISTORY

    trainer, _, _ = trained
    kept = trainer.history
    try:
        trainer.history = [dict(kept[0], new=0.99 - i * 1e-9) for i in range(MAX_HISTORY + 5)]
        manifest, _ = bundle_contents(trainer)
    finally:
        trainer.history = kept
    assert len(manifest["history"]) == MAX_HISTORY
    assert manifest["history"][-1]["new"] == 0.99 - (MAX_HISTORY + 4) * 1e-9
    assert manifest["history"][0]["new"] == 0.99 - 5 * 1e-9

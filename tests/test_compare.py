"""Comparisons: aggregation on known curves, compare studies run by worker processes, the CLI."""

import csv
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from dqn_lab.core.compare import (
    align,
    curves,
    episodes_to_pass,
    format_table,
    mean_band,
    rolling_mean,
    summarize,
    write_curves_csv,
    write_results_csv,
)
from dqn_lab.core.compare import main as compare_main
from dqn_lab.core.config import Config
from dqn_lab.core.run_manager import (
    CANCELLED,
    DONE,
    FAILED,
    RUNNING,
    RunManager,
    RunRecord,
    lesson_configs,
)
from tests.conftest import ROOT

TINY = dict(episodes=3, start_replay_step=64)


def child_processes() -> list[int]:
    """Pids of this process's living children (Linux /proc; [] elsewhere)."""
    pids = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
        except OSError:
            continue
        fields = dict(line.split(":\t", 1) for line in text.splitlines() if ":\t" in line)
        if fields.get("PPid", "").strip() == str(os.getpid()) and not fields.get(
            "State", ""
        ).startswith("Z"):
            pids.append(int(status.parent.name))
    return pids


@pytest.fixture(autouse=True)
def no_child_process_left(tmp_path, monkeypatch):
    """Studies in a temporary data folder; no worker process left running after a test."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    yield
    alive = child_processes()
    for pid in alive:
        os.kill(pid, signal.SIGKILL)
    assert not alive, f"child processes left running: {alive}"


def record(run_id, label, seed, scores, status=DONE, steps=None, eval_mean=None):
    """A finished run with known scores (env steps = score unless given)."""
    steps = scores if steps is None else steps
    env_steps = np.cumsum(steps)
    rec = RunRecord(run_id, label, Config(seed=seed, episodes=len(scores)), status=status)
    rec.episodes = [
        dict(episode=i, score=float(s), env_steps=int(e), wall_s=0.01 * (i + 1))
        for i, (s, e) in enumerate(zip(scores, env_steps))
    ]
    rec.summary = dict(threshold=195.0, wall_s=0.01 * len(scores), eval_mean=eval_mean)
    return rec


# -- aggregation on synthetic curves ----------------------------------------------------------
def test_rolling_mean_and_episodes_to_pass_match_brute_force():
    rng = np.random.default_rng(1)
    scores = rng.uniform(0, 200, 300)
    for w in (1, 7, 100):
        brute = [np.mean(scores[max(0, i - w + 1) : i + 1]) for i in range(len(scores))]
        assert np.allclose(rolling_mean(scores, w), brute)
    ramp = [10.0] * 120 + [200.0] * 200
    brute = next(i + 1 for i in range(99, len(ramp)) if np.mean(ramp[i - 99 : i + 1]) >= 195)
    assert episodes_to_pass(ramp, 195.0) == brute == 120 + 98  # 98 x 200 + 2 x 10 >= 19500
    assert episodes_to_pass([200.0] * 99, 195.0) is None  # fewer than 100 episodes
    assert episodes_to_pass([200.0] * 100, 195.0) == 100
    assert episodes_to_pass([194.0] * 500, 195.0) is None
    assert episodes_to_pass([200.0] * 100, None) is None


def test_mean_and_bands_on_known_values():
    values = np.array([[1.0, 2.0, 3.0], [3.0, 2.0, 9.0], [5.0, 2.0, 6.0]])
    mean, low, high = mean_band(values, "minmax")
    assert np.allclose(mean, [3, 2, 6]) and np.allclose(low, [1, 2, 3])
    assert np.allclose(high, [5, 2, 9])
    mean, low, high = mean_band(values, "bootstrap")
    assert np.allclose(mean, [3, 2, 6])
    assert np.all(low <= mean) and np.all(mean <= high)
    assert low[1] == high[1] == 2.0  # identical runs: no spread
    assert np.all(low >= values.min(0)) and np.all(high <= values.max(0))
    # Many runs: the bootstrap 95% interval of the mean is close to mean +- 1.96 sd / sqrt(n).
    runs = np.random.default_rng(0).normal(100.0, 20.0, size=(400, 1))
    mean, low, high = mean_band(runs, "bootstrap")
    half = 1.96 * runs.std(ddof=1) / np.sqrt(len(runs))
    assert abs((high - low)[0] / 2 - half) < 0.15 * half
    with pytest.raises(ValueError, match="band must be one of"):
        mean_band(values, "iqr")


def test_alignment_by_episode_and_by_env_step():
    a = record(0, "dqn", 42, [10, 20, 30, 40])
    b = record(1, "dqn", 43, [30, 30, 30])
    c = align([a, b], "episode")
    assert list(c.x) == [1, 2, 3] and c.values.tolist() == [[10, 20, 30], [30, 30, 30]]
    # Env steps: a ends episodes at 10, 30, 60, 100; b at 30, 60, 90. Common range 30..90.
    c = align([a, b], "env_steps", points=7)
    assert c.x[0] == 30 and c.x[-1] == 90 and len(c.x) == 7
    assert np.allclose(c.values[0], np.interp(c.x, [10, 30, 60, 100], [10, 20, 30, 40]))
    assert np.allclose(c.values[1], 30.0)
    # The grid holds whole steps: 30..90 in 8 points would be 30, 38.57, ...
    c = align([a, b], "env_steps", points=8)
    assert c.x[0] == 30 and c.x[-1] == 90 and np.array_equal(c.x, np.round(c.x))
    # Only finished runs enter the curves that means are taken over.
    running = record(2, "dqn", 44, [500, 500], status=RUNNING)
    assert curves([a, b, running], "episode")["dqn"].run_ids == (0, 1)


def test_summary_matches_the_individual_runs():
    runs = [
        record(0, "naive", 42, [20.0] * 150, eval_mean=9.0),
        record(1, "naive", 43, list(np.linspace(0, 100, 150)), eval_mean=11.0),
        record(2, "dqn", 42, [10.0] * 50 + [200.0] * 100, eval_mean=200.0),
        record(3, "dqn", 43, [200.0] * 150, eval_mean=190.0),
        record(4, "dqn", 44, [1.0] * 10, status=CANCELLED),
    ]
    s = summarize(runs)
    assert list(s) == ["naive", "dqn"]
    naive_means = [20.0, float(np.mean(np.linspace(0, 100, 150)[-100:]))]
    assert s["naive"]["mean_last_100"]["mean"] == pytest.approx(np.mean(naive_means))
    assert s["naive"]["mean_last_100"]["std"] == pytest.approx(np.std(naive_means, ddof=1))
    assert s["naive"]["passed"] == 0 and s["naive"]["episodes_to_pass_median"] is None
    dqn = s["dqn"]
    assert dqn["runs_done"] == 2 and dqn["runs_total"] == 3  # the cancelled run is out
    assert [r["episodes_to_pass"] for r in dqn["runs"]] == [148, 100, None]
    assert dqn["passed"] == 2 and dqn["episodes_to_pass_median"] == 124.0
    assert dqn["eval_mean"]["mean"] == 195.0 and dqn["mean_last_100"]["min"] == 200.0
    table = format_table(s)
    assert "195.0 ± 7.1" in table and "2/2 passed, median 124" in table
    assert "cancelled" in table and "2/3 done" in table


def test_csv_exports_round_trip(tmp_path):
    runs = [record(0, "naive", 42, [10.0, 20.0]), record(1, "naive", 43, [30.0, 40.0])]
    write_results_csv(tmp_path / "r.csv", summarize(runs))
    rows = list(csv.DictReader(open(tmp_path / "r.csv")))
    assert [r["seed"] for r in rows] == ["42", "43", "all"]
    assert float(rows[2]["mean_last_100"]) == 25.0
    write_curves_csv(tmp_path / "c.csv", curves(runs, "episode"), "episode", "minmax")
    rows = list(csv.DictReader(open(tmp_path / "c.csv")))
    assert [(float(r["mean"]), float(r["low"]), float(r["high"])) for r in rows] == [
        (20.0, 10.0, 30.0),
        (30.0, 20.0, 40.0),
    ]


# -- real child processes -------------------------------------------------------------------
def test_tiny_real_comparison_matches_each_run_and_an_in_process_run():
    configs = {k: c.replace(**TINY) for k, c in lesson_configs().items()}
    with RunManager(parallel=2, eval_episodes=2) as manager:
        manager.add_comparison(configs, [42, 43])
        bad = manager.add("broken", Config(env_id="NoSuchEnv-v9", **TINY))
        assert manager.wait(timeout=240)
        assert not manager.alive_processes()
    runs = [r for r in manager.records if r is not bad]
    assert [(r.label, r.seed) for r in runs] == [
        ("naive", 42),
        ("dqn", 42),
        ("naive", 43),
        ("dqn", 43),
    ]
    assert all(r.status == DONE for r in runs), [r.error for r in runs]
    assert bad.status == FAILED and "not an installed Gymnasium environment" in bad.error
    for r in runs:  # every episode arrived through the storage and matches the summary
        assert len(r.episodes) == 3 and r.scores == r.summary["scores"]
        assert len(r.summary["eval_scores"]) == 2
        assert r.summary["eval_mean"] == pytest.approx(np.mean(r.summary["eval_scores"]))
    s = summarize(runs)
    for label in ("naive", "dqn"):
        mine = [np.mean(r.scores) for r in runs if r.label == label]
        assert s[label]["mean_last_100"]["mean"] == pytest.approx(np.mean(mine))
        assert s[label]["runs_done"] == 2
    # Compare through the engine gives, per seed, exactly the scores of a plain train of the
    # same seeds: `main.py train --seeds 42,43` trains them as one population, as the compare
    # worker does, and its members' greedy evaluations start on the same evaluation seeds.
    for label in ("naive", "dqn"):
        train = subprocess.run(
            [sys.executable, "main.py", "train", "--agent", label, "--seeds", "42,43"]
            + ["--episodes", "3", "--set", "start_replay_step=64", "--quiet", "--json"],
            capture_output=True,
            text=True,
            timeout=240,
            cwd=ROOT,
        )
        assert train.returncode == 0, train.stderr
        members = json.loads(train.stdout.strip().splitlines()[-1])["members"]
        mine = [r for r in runs if r.label == label]
        assert [m["seed"] for m in members] == [r.seed for r in mine] == [42, 43]
        for member, r in zip(members, mine):
            assert member["scores"] == r.scores
            assert [e["env_steps"] for e in member["statistics"]] == [
                e["env_steps"] for e in r.episodes
            ]
            assert member["eval_scores"][:2] == r.summary["eval_scores"]


def test_cancelling_one_run_leaves_the_others_going():
    long = Config(episodes=100_000, start_replay_step=64)
    manager = RunManager(parallel=2, eval_episodes=0, cancel_grace_s=30)
    try:
        a, b = manager.add("dqn", long), manager.add("naive", long.replace(agent="naive"))
        c = manager.add("dqn", long.replace(seed=43))
        deadline = time.monotonic() + 120
        while not (a.status == b.status == RUNNING and len(b.episodes) >= 2):
            manager.poll()
            assert time.monotonic() < deadline, "runs did not start"
            time.sleep(0.05)
        manager.cancel(c.run_id)  # queued: dropped, never started
        manager.cancel(a.run_id)
        while a.status != CANCELLED or a.run_id in {r.run_id for r in manager.active()}:
            manager.poll()
            assert time.monotonic() < deadline, "the cancelled run did not end"
            time.sleep(0.05)
        episodes_b = len(b.episodes)
        assert b.status == RUNNING and 0 < len(a.episodes) < 100_000
        while len(b.episodes) < episodes_b + 3:  # the other run keeps training
            manager.poll()
            assert time.monotonic() < deadline, "the other run stopped"
            time.sleep(0.05)
        assert b.status == RUNNING and c.status == CANCELLED and c.pid is None
        plan_c = next(plan for plan in manager.plans if c in plan.records.values())
        assert not plan_c.processes  # no worker was started for the cancelled c
        manager.cancel_grace_s = 0.0  # last resort: terminate at once
        manager.cancel(b.run_id)
        assert manager.wait(timeout=30)
        assert b.status == CANCELLED
    finally:
        manager.shutdown()
    assert not manager.alive_processes()


def test_a_configuration_is_one_population_in_one_process_and_its_seeds_cancel_one_by_one():
    long = Config(episodes=100_000, start_replay_step=64)
    manager = RunManager(parallel=2, eval_episodes=0, cancel_grace_s=30)
    try:
        a, b = manager.add_comparison({"dqn": long}, [42, 43])
        deadline = time.monotonic() + 120
        while not (a.status == b.status == RUNNING and min(len(a.episodes), len(b.episodes)) > 2):
            manager.poll()
            assert time.monotonic() < deadline, "the population did not start"
            time.sleep(0.05)
        # Two seeds, one configuration: one trial, one worker process (parallel allows two).
        assert len(manager.alive_processes()) == 1 and a.pid == b.pid is not None
        trials = manager.plans[0].study.get_trials(deepcopy=False)
        assert [t.params for t in trials] == [dict(configuration="dqn")]
        manager.cancel(a.run_id)  # one member: its record ends, the population goes on
        assert a.status == CANCELLED and a not in manager.active()
        kept, n = len(a.episodes), len(b.episodes)
        while len(b.episodes) < n + 3:
            manager.poll()
            assert time.monotonic() < deadline, "the other seed stopped"
            time.sleep(0.05)
        assert b.status == RUNNING and len(a.episodes) == kept
        manager.cancel(b.run_id)  # every seed it trains is cancelled: the population stops
        assert manager.wait(timeout=60)
        assert b.status == CANCELLED and not manager.alive_processes()
        assert manager.plans[0].study.get_trials(deepcopy=False)[0].state.name == "PRUNED"
    finally:
        manager.shutdown()


def test_a_cancelled_seed_stops_in_its_population_and_the_others_finish():
    """Cancelling one seed of a running population stops that member in the worker (it does
    not train on to the end); the other seed finishes, is evaluated and alone makes the
    trial's value; the cancelled seed's result says stopped, its record cancelled."""
    config = Config(episodes=400, start_replay_step=64)
    manager = RunManager(parallel=1, eval_episodes=2, cancel_grace_s=30)
    try:
        a, b = manager.add_comparison({"dqn": config}, [42, 43])
        deadline = time.monotonic() + 240
        while not (a.status == b.status == RUNNING and min(len(a.episodes), len(b.episodes)) > 2):
            manager.poll()
            assert time.monotonic() < deadline, "the population did not start"
            time.sleep(0.05)
        manager.cancel(a.run_id)
        assert a.status == CANCELLED and a.summary["stopped"]
        kept = len(a.episodes)
        assert manager.wait(timeout=240)
        assert b.status == DONE and len(b.episodes) == 400 and len(a.episodes) == kept
        trial = manager.plans[0].study.get_trials(deepcopy=False)[0]
        assert trial.state.name == "COMPLETE"
        results = {r["seed"]: r for r in trial.user_attrs["seeds"]}
        assert results[42]["stopped"] and results[42]["eval_scores"] == []
        # It stopped soon after the cancel, long before its 400 episodes.
        assert kept <= results[42]["episodes"] < 400
        assert not results[43]["stopped"] and len(results[43]["eval_scores"]) == 2
        assert results[43]["episodes"] == 400
        assert trial.value == pytest.approx(results[43]["value"])
        assert b.summary["eval_scores"] == results[43]["eval_scores"]
    finally:
        manager.shutdown()
    assert not manager.alive_processes()


def test_shutdown_stops_everything():
    manager = RunManager(parallel=2, eval_episodes=0)
    for seed in (42, 43, 44):
        manager.add("dqn", Config(episodes=100_000, seed=seed))
    manager.poll()
    time.sleep(1.0)
    manager.shutdown(timeout=3.0)  # how long: benchmarks/suite_timings.py --only shutdown
    assert not manager.alive_processes() and not manager.busy
    assert {r.status for r in manager.records} == {CANCELLED}


def _running(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/status") as fh:
            return "\nState:\tZ" not in fh.read()
    except FileNotFoundError:
        return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_a_worker_stops_by_itself_when_its_parent_dies(tmp_path):
    code = (
        "import os, time\n"
        "from dqn_lab.core.config import Config\n"
        "from dqn_lab.core.run_manager import RUNNING, RunManager\n"
        "if __name__ == '__main__':\n"
        "    m = RunManager(1, eval_episodes=0)\n"
        "    r = m.add('dqn', Config(episodes=100000))\n"
        "    while r.status != RUNNING:\n"
        "        m.poll(); time.sleep(0.05)\n"
        "    print(r.pid, flush=True)\n"
        "    os._exit(1)   # a crash: no shutdown, no atexit\n"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", code],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        cwd=ROOT,
    )
    pid = int(proc.stdout.readline())  # the worker inherits the pipe: read one line only
    proc.wait(timeout=60)
    proc.stdout.close()
    deadline = time.monotonic() + 20
    while _running(pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    alive = _running(pid)
    if alive:
        os.kill(pid, signal.SIGKILL)
    assert not alive, "an orphaned worker kept training"


# -- the CLI ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "args,words",
    [
        (["--agents", "naive,ppo"], "agents must be a comma-separated list"),
        (["--agents", "dqn,dqn"], "twice"),
        (["--seeds", "0"], "--seeds must be between 1 and 100"),
        (["--parallel", "two"], "--parallel must be a whole number"),
        (["--jobs", "0"], "--parallel must be between 1 and 64"),  # --jobs: tune's name for it
        (["--set", "gamma=2"], "gamma must be between 0 and 1, not 2"),
        (["--set", "agent=dqn"], "--agents"),
        (["--preset", "fastest"], "Unknown preset"),
        (["--set", "env_id=NoSuchEnv-v9"], "not an installed Gymnasium environment"),
    ],
)
def test_bad_compare_arguments_exit_2_with_one_line(args, words, capsys):
    assert compare_main(args) == 2
    err = capsys.readouterr().err
    assert words in err and "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_cli_prints_the_table_and_a_json_line(tmp_path):
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "dqn_lab.core.compare",
            "--agents",
            "naive,dqn",
            "--seeds",
            "1",
            "--episodes",
            "3",
            "--set",
            "start_replay_step=64",
            "--eval-episodes",
            "1",
            "--csv",
            str(tmp_path / "t.csv"),
            "--json",
        ],
        capture_output=True,
        text=True,
        timeout=240,
        cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stderr
    # The workers print no TensorFlow notices (issue 13 item 11).
    assert "tensorflow" not in proc.stderr.lower() and "onednn" not in proc.stderr.lower(), (
        proc.stderr
    )
    lines = proc.stdout.strip().splitlines()
    assert lines[0].startswith("Comparing naive, dqn over seeds 42..42: 2 runs")
    assert any(line.startswith("configuration  seed  status") for line in lines)
    result = json.loads(lines[-1])
    assert list(result) == ["naive", "dqn"]
    for _label, entry in result.items():
        assert entry["runs_done"] == 1 and entry["runs"][0]["seed"] == 42
        assert entry["runs"][0]["episodes"] == 3 and entry["runs"][0]["eval_mean"] > 0
    assert len(list(csv.DictReader(open(tmp_path / "t.csv")))) == 4


def _overlap(runs) -> float:
    """Seconds during which at least two of the runs' trials were running at once (the
    seeds of one configuration are one trial: counted once)."""
    trials = {r.label: r for r in runs}.values()
    edges = sorted([(r.started_at, 1) for r in trials] + [(r.ended_at, -1) for r in trials])
    total, depth, last = 0.0, 0, None
    for t, step in edges:
        if depth >= 2:
            total += t - last
        depth, last = depth + step, t
    return total


@pytest.mark.slow
def test_parallel_runs_overlap_and_serial_runs_do_not():
    """2 configurations x 2 seeds, one worker vs two workers.

    How much faster two processes are depends on a free second core, so the speed-up is a
    benchmark figure (README: ``compare --parallel 1`` vs ``--parallel 2``), not asserted
    here; the test checks that ``parallel`` really runs trials (one per configuration, its
    seeds a population) at once, or one by one (trial start and end times come from the
    storage).
    """
    configs = {k: c.replace(episodes=20, start_replay_step=64) for k, c in lesson_configs().items()}
    took: dict[int, list[float]] = {1: [], 2: []}
    for parallel in (1, 2):
        with RunManager(parallel=parallel, eval_episodes=0) as manager:
            manager.add_comparison(configs, [42, 43])
            started = time.monotonic()
            assert manager.wait(timeout=300)
            took[parallel].append(time.monotonic() - started)
        runs = manager.records
        assert all(r.status == DONE for r in runs)
        for label in configs:  # one trial per configuration: its seeds start and end together
            mine = [r for r in runs if r.label == label]
            assert max(r.started_at for r in mine) - min(r.started_at for r in mine) < 0.01
            assert max(r.ended_at for r in mine) - min(r.ended_at for r in mine) < 0.01
        busy = sum(r.ended_at - r.started_at for r in {r.label: r for r in runs}.values())
        if parallel == 2:  # two workers really ran trials at once most of their time
            assert _overlap(runs) > 0.5 * busy / 2
        else:  # one at a time: lifetimes do not overlap
            assert _overlap(runs) < 0.05 and busy <= 1.01 * took[1][-1]
    print(f"2x2 runs: one at a time {took[1]} s, two at a time {took[2]} s")


def test_core_compare_imports_no_qt():
    code = (
        "import sys, dqn_lab.core.compare, dqn_lab.core.run_manager, dqn_lab.core.study, "
        "dqn_lab.core.study_cli, dqn_lab.core.stats;"
        "print([m for m in sys.modules if m.startswith(('PySide6', 'pyqtgraph'))])"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60
    )
    assert out.stdout.strip() == "[]", out.stderr


def test_names_of_one_batch_never_collide_and_an_opened_comparison_is_shown_once(tmp_path):
    """A review's findings: with "dqn" queued, {"dqn": A, "dqn (2)": B} kept only B; and
    the same comparison opened under another spelling of its path counted every run twice."""
    from dqn_lab.core.run_manager import RunManager

    manager = RunManager(storage_dir=tmp_path)
    base = Config(episodes=3, start_replay_step=64)
    manager.add_comparison({"dqn": base}, [1])
    four, five = base.replace(episodes=4), base.replace(episodes=5)
    manager.add_comparison({"dqn": four, "dqn (2)": five}, [1])
    by_label = {r.label: r.config.episodes for r in manager.records}
    assert by_label == {"dqn": 3, "dqn (2)": 4, "dqn (2) (2)": 5}  # none lost
    plan = manager.plans[0]
    folder, file = os.path.split(plan.storage)
    again = manager.open_comparison(os.path.join(folder, ".", file), plan.name)
    assert len(manager.records) == 3 and again == list(plan.records.values())
    manager.clear_ended()  # nothing ended: all stay
    manager.records = [r for r in manager.records if r.label != "dqn"]  # as "Clear finished"
    manager.open_comparison(plan.storage, plan.name)  # shown again, once
    assert sorted(r.label for r in manager.records) == ["dqn", "dqn (2)", "dqn (2) (2)"]
    manager.shutdown()


def test_an_opened_comparison_whose_worker_died_queues_its_runs_again(tmp_path):
    """A review's finding: a trial left running by a worker that died opened as
    "starting" for ever, with no worker to run it."""
    import socket

    from dqn_lab.core.run_manager import QUEUED, RunManager

    first = RunManager(storage_dir=tmp_path)
    first.add_comparison({"dqn": Config(episodes=3, start_replay_step=64)}, [1, 2])
    plan = first.plans[0]
    trial = plan.study.ask()  # a worker took the configuration's trial ...
    trial.suggest_categorical("configuration", ["dqn"])
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()  # ... and died
    trial.set_user_attr("worker", dict(host=socket.gethostname(), pid=gone.pid))
    again = RunManager(storage_dir=tmp_path)
    records = again.open_comparison(plan.storage, plan.name)
    assert [r.status for r in records] == [QUEUED, QUEUED]  # run again by the next poll
    again.shutdown()
    first.shutdown()

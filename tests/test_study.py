"""Studies on Optuna: the search space from Config, bad input, tune on a journal file with two
local workers, continuing a study, and a dead worker's trial retried (journal heartbeat)."""

import json
import os
import subprocess
import sys

import optuna
import pytest
from optuna.trial import TrialState

from dqn_lab.core.cli import main as cli_main
from dqn_lab.core.config import Config
from dqn_lab.core.study import (
    HEARTBEAT_ATTR,
    REQUEUED_NOTE,
    Param,
    StudyError,
    StudySettings,
    create_or_load,
    default_storage,
    in_space,
    make_param,
    open_storage,
    parse_search,
    space_from_json,
    space_to_json,
    suggest,
)
from tests.conftest import ROOT

TINY = [
    "--episodes",
    "3",
    "--set",
    "start_replay_step=64",
    "--set",
    "max_steps=40",
    "--eval-episodes",
    "2",
]


@pytest.fixture(autouse=True)
def data_home(tmp_path, monkeypatch):
    """Studies go to a temporary XDG data folder (workers inherit it)."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    return tmp_path / "xdg" / "dqn-lab" / "studies"


def run_cli(*args, timeout=600):
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3")
    return subprocess.run(
        [sys.executable, "main.py", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
        env=env,
    )


# -- the search space ---------------------------------------------------------------------------
def test_search_space_comes_from_config_metadata():
    space = parse_search(
        [
            "alpha=0.0001:0.01:log",
            "batch_size=16:64",
            "loss=mse,huber",
            "double_dqn=true,false",
            "hidden_sizes=32x32,64",
        ]
    )
    assert space["alpha"] == Param("alpha", "float", 0.0001, 0.01, True)
    assert space["batch_size"] == Param("batch_size", "int", 16, 64, False)
    assert space["loss"].choices == ("mse", "huber")
    assert space["double_dqn"].choices == (True, False)
    assert space["hidden_sizes"].choices == ("32x32", "64")
    assert space_from_json(json.loads(json.dumps(space_to_json(space)))) == space

    class Fixed:  # a trial that takes the first choice / the low end
        def suggest_categorical(self, name, choices):
            return choices[-1]

        def suggest_int(self, name, low, high, log=False):
            return high

        def suggest_float(self, name, low, high, log=False):
            return low

    values = suggest(Fixed(), space)
    assert values == dict(
        alpha=0.0001, batch_size=64, loss="huber", double_dqn=False, hidden_sizes=(64,)
    )
    Config().replace(**values)  # every suggestion is a valid setting
    assert in_space(
        dict(alpha=0.001, batch_size=20, loss="mse", double_dqn=True, hidden_sizes="64"), space
    )
    assert not in_space(
        dict(alpha=0.5, batch_size=20, loss="mse", double_dqn=True, hidden_sizes="64"), space
    )


@pytest.mark.parametrize(
    "item,words",
    [
        ("nosuch=1:2", "Unknown setting 'nosuch'"),
        ("gamma=0.5:2", "gamma must be between 0 and 1, not 2"),
        ("alpha=0:0.01", "alpha must be between 1e-06 and 0.1, not 0"),
        ("alpha=0.01:0.001", "LOW < HIGH"),
        ("batch_size=8:20.5", "batch_size must be a whole number"),
        ("loss=mse,l1", "loss must be one of mse, huber"),
        ("seed=1,2", "seed cannot be searched"),
        ("loss=1:2", "takes choices"),
        ("gamma=0.1:0.9:lin", "LOW:HIGH:log"),
        ("gamma", "KEY=LOW:HIGH"),
        ("grad_clip=0:10:log", "log range of grad_clip must start above 0"),
    ],
)
def test_bad_search_items_are_refused(item, words):
    with pytest.raises(StudyError, match=None) as err:
        parse_search([item])
    assert words in str(err.value)


def test_stored_settings_are_validated_again():
    good = StudySettings("tune", Config(), parse_search(["gamma=0.9:0.99"]), (42, 43)).to_json()
    assert StudySettings.from_json(good).seeds == (42, 43)
    for bad in (
        dict(good, base=dict(good["base"], gamma=7)),
        dict(good, space=[dict(good["space"][0], high=5.0)]),
        dict(good, kind="exec"),
        dict(good, seeds=["42"]),
        dict(good, extra=1),
        [],
    ):
        with pytest.raises(StudyError):
            StudySettings.from_json(bad)
    with pytest.raises(StudyError, match="Unknown setting"):
        make_param("__class__", choices=["x"])


# -- bad input: one line, exit 2, nothing changed ------------------------------------------------
def _snapshot(folder):
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*"))} if folder.exists() else {}


def test_bad_tune_input_exits_2_and_changes_nothing(data_home, tmp_path, capsys):
    assert (
        cli_main(["tune", "--study", "s", "--search", "gamma=0.9:0.99", "--trials", "0", "--json"])
        == 0
    )
    created = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert created["study"] == "s" and created["trials"] == [] and created["best_value"] is None
    assert created["storage"] == default_storage("s")
    corrupt = tmp_path / "corrupt.journal"
    corrupt.write_bytes(b'{"op_code": 0, "worker_id": "x"}\n{"broken\n')
    before = _snapshot(data_home), corrupt.read_bytes()
    cases = [
        (["--search", "nosuch=1:2"], "Unknown setting 'nosuch'"),
        (["--search", "gamma=0.5:2"], "gamma must be between 0 and 1"),
        (
            ["--study", "s", "--search", "alpha=0.001:0.01"],
            "already exists with a different search space (gamma in [0.9, 0.99])",
        ),
        (
            ["--search", "gamma=0.9:0.99", "--storage", "postgresql://u:secret@127.0.0.1:1/db"],
            "Cannot reach the study storage postgresql://u:***@127.0.0.1:1/db",
        ),
        (["--search", "gamma=0.9:0.99", "--storage", str(corrupt)], "Cannot read the study"),
        (["--search", "gamma=0.9:0.99", "--sampler", "grid"], "grid sampler needs choices"),
        (["--search", "gamma=0.9:0.99", "--trials", "-1"], "--trials must be between"),
        (["--study", "../x", "--search", "gamma=0.9:0.99"], "A study name is"),
        (["--study", "nothere", "--trials", "0"], "There is no study"),
    ]
    for args, words in cases:
        assert cli_main(["tune", *args]) == 2, args
        err = capsys.readouterr().err
        assert words in err, (args, err)
        assert "Traceback" not in err and len(err.strip().splitlines()) == 1 and "secret" not in err
    assert (_snapshot(data_home), corrupt.read_bytes()) == before
    assert cli_main(["worker", "--study", "nothere"]) == 2
    assert "There is no study file" in capsys.readouterr().err


# -- tune with two local workers on a journal file -----------------------------------------------
@pytest.mark.slow
def test_tune_two_jobs_on_a_journal_file_and_continue(data_home):
    space = ["--search", "alpha=0.0001:0.01:log", "--search", "batch_size=16,32"]
    first = run_cli(
        "tune",
        "--study",
        "t",
        *space,
        *TINY,
        "--seeds",
        "2",
        "--trials",
        "4",
        "--jobs",
        "2",
        "--json",
    )
    assert first.returncode == 0, first.stderr
    result = json.loads(first.stdout.strip().splitlines()[-1])
    assert result["study"] == "t" and result["storage"] == str(data_home / "t.journal")
    trials = result["trials"]
    assert [t["number"] for t in trials] == [0, 1, 2, 3]
    assert all(t["state"] == "COMPLETE" for t in trials), trials
    parsed = parse_search(["alpha=0.0001:0.01:log", "batch_size=16,32"])
    for t in trials:
        assert in_space(t["params"], parsed)
        assert [s["seed"] for s in t["seeds"]] == [42, 43]  # K = 2 seeds, one entry each
        assert t["value"] == pytest.approx(sum(s["value"] for s in t["seeds"]) / 2)
        for s in t["seeds"]:  # each seed's value: the mean of its 2 greedy episodes
            assert len(s["eval_scores"]) == 2 and s["episodes"] == 3
            assert s["value"] == pytest.approx(sum(s["eval_scores"]) / 2)
        assert t["stats"]["iqm"] is not None and t["stats"]["ci_low"] <= t["value"]
    assert result["best_value"] == max(t["value"] for t in trials)
    assert in_space(result["best_params"], parsed)
    # The two workers both ran trials (each process tags its trials with its pid).
    storage = open_storage(result["storage"])
    study = optuna.load_study(study_name="t", storage=storage)
    assert len({t.user_attrs[HEARTBEAT_ATTR]["pid"] for t in study.trials}) == 2
    # Running tune again continues the study with its own settings (no --search given).
    again = run_cli("tune", "--study", "t", "--trials", "2", "--json")
    assert again.returncode == 0, again.stderr
    more = json.loads(again.stdout.strip().splitlines()[-1])["trials"]
    assert [t["number"] for t in more] == [0, 1, 2, 3, 4, 5]
    assert more[:4] == trials and all(t["state"] == "COMPLETE" for t in more)
    assert all(in_space(t["params"], parsed) and len(t["seeds"]) == 2 for t in more)


def test_a_dead_workers_journal_trial_is_failed_and_queued_again(data_home):
    storage_path = default_storage("dead")
    settings = StudySettings(
        "tune",
        Config(episodes=2, start_replay_step=64, max_steps=30),
        parse_search(["gamma=0.9:0.99"]),
        (42,),
        eval_episodes=1,
        pruner="none",
    )
    study, _ = create_or_load(open_storage(storage_path), "dead", settings)
    study.enqueue_trial(dict(gamma=0.95))
    trial = study.ask()  # a worker took it ...
    trial.suggest_float("gamma", 0.9, 0.99)
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()  # ... and died: its pid is no longer running
    import socket
    import time

    trial.set_user_attr(
        HEARTBEAT_ATTR, dict(host=socket.gethostname(), pid=gone.pid, time=time.time())
    )
    proc = run_cli("worker", "--study", "dead", "--trials", "1")
    assert proc.returncode == 0, proc.stderr
    study = optuna.load_study(study_name="dead", storage=open_storage(storage_path))
    first, retry = study.trials
    assert first.state == TrialState.FAIL and first.user_attrs["error"] == REQUEUED_NOTE
    assert retry.state == TrialState.COMPLETE and retry.params == dict(gamma=0.95)
    assert retry.user_attrs["retry_of"] == 0
    assert "trial 1 COMPLETE" in proc.stdout


def _interrupt_while_a_trial_runs(args: list[str], study_name: str, storage_path: str):
    """Start ``main.py ARGS`` in a process group of its own, send the group a SIGINT (as a
    terminal's Ctrl+C does) once a trial of the study runs, and return (process, stderr)."""
    import signal
    import time

    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3")
    proc = subprocess.Popen(
        [sys.executable, "main.py", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline and proc.poll() is None:
            if os.path.exists(storage_path):
                study = optuna.load_study(study_name=study_name, storage=open_storage(storage_path))
                if study.get_trials(deepcopy=False, states=(TrialState.RUNNING,)):
                    break
            time.sleep(0.2)
        time.sleep(1.0)  # inside the trial's training
        os.killpg(proc.pid, signal.SIGINT)
        _, err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    return proc, err


LONG_TRIALS = ["--set", "episodes=100000", "--set", "start_replay_step=64"]


@pytest.mark.skipif(os.name == "nt", reason="process groups and SIGINT are POSIX")
def test_ctrl_c_on_tune_stops_its_workers_and_queues_their_trials_again(data_home):
    """A new user's report: Ctrl+C on tune printed a worker's traceback, and the trial it
    promised to retry stayed failed. Its workers run in their own session: tune stops them
    and queues their running trials again, in one line."""
    storage_path = default_storage("cc")
    args = ["tune", "--study", "cc", "--search", "alpha=1e-4:1e-2:log", "--trials", "2"]
    proc, err = _interrupt_while_a_trial_runs(
        [*args, "--seeds", "1", *LONG_TRIALS], "cc", storage_path
    )
    assert proc.returncode == 130, err
    assert "Traceback" not in err and "1 running trial(s) were queued again" in err
    study = optuna.load_study(study_name="cc", storage=open_storage(storage_path))
    first, retry = study.trials
    assert first.state == TrialState.FAIL and first.user_attrs["error"] == REQUEUED_NOTE
    assert retry.state == TrialState.WAITING  # queued with the same values
    assert retry.system_attrs["fixed_params"] == first.params
    assert retry.user_attrs["retry_of"] == 0


@pytest.mark.skipif(os.name == "nt", reason="process groups and SIGINT are POSIX")
def test_ctrl_c_on_a_worker_queues_its_trial_again_without_a_traceback(data_home):
    storage_path = default_storage("cw")
    settings = StudySettings(
        "tune",
        Config(episodes=100_000, start_replay_step=64),
        parse_search(["gamma=0.9:0.99"]),
        (42,),
        eval_episodes=1,
        pruner="none",
    )
    create_or_load(open_storage(storage_path), "cw", settings)
    proc, err = _interrupt_while_a_trial_runs(
        ["worker", "--study", "cw", "--trials", "1"], "cw", storage_path
    )
    assert proc.returncode == 130, err
    assert "Traceback" not in err and "queued again" in err
    study = optuna.load_study(study_name="cw", storage=open_storage(storage_path))
    first, retry = study.trials
    assert first.state == TrialState.FAIL and first.user_attrs["error"] == REQUEUED_NOTE
    assert retry.state == TrialState.WAITING
    assert retry.system_attrs["fixed_params"] == first.params


# -- the objective, with a stand-in for training (no TensorFlow) ---------------------------------
def fake_train(config, seeds, report, *, eval_episodes, eval_seed, **_):
    """Seed i of a trial scores 100 * gamma + i (known values); reports after each seed."""
    from dqn_lab.core.study import SeedResult

    out = []
    for i, seed in enumerate(seeds):
        value = 100.0 * config.gamma + i
        r = SeedResult(seed, value, (value,) * eval_episodes, value, 3, 30, 0.1)
        out.append(r)
        report(i, r)
    return out


@pytest.mark.parametrize("pruner", ["median", "wilcoxon", "none"])
def test_trial_value_is_the_mean_over_seeds_and_pruners_stop_bad_trials(pruner):
    from dqn_lab.core.stats import iqm
    from dqn_lab.core.study import make_pruner, tune_objective

    settings = StudySettings(
        "tune",
        Config(),
        parse_search(["gamma=0.1,0.5,0.9"]),
        tuple(range(42, 48)),
        eval_episodes=1,
        pruner=pruner,
    )
    study = optuna.create_study(direction="maximize", pruner=make_pruner(pruner))
    for gamma in (0.9, 0.9, 0.5, 0.9, 0.1):
        study.enqueue_trial(dict(gamma=gamma))
    study.optimize(tune_objective(settings, train=fake_train), n_trials=5)
    full = [t for t in study.trials if t.state == TrialState.COMPLETE]
    for t in full:
        expected = [100 * t.params["gamma"] + i for i in range(6)]
        assert [s["value"] for s in t.user_attrs["seeds"]] == expected
        assert t.value == pytest.approx(sum(expected) / 6)
        assert t.user_attrs["stats"]["iqm"] == pytest.approx(iqm(expected))
        assert t.user_attrs["stats"]["ci_low"] <= t.value <= t.user_attrs["stats"]["ci_high"]
        assert t.intermediate_values == {i: v for i, v in enumerate(expected)}
    worst = study.trials[4]  # gamma 0.1: far below every earlier trial, seed by seed
    if pruner == "none":
        assert worst.state == TrialState.COMPLETE and len(full) == 5
    else:
        assert worst.state == TrialState.PRUNED
        assert len(worst.user_attrs["seeds"]) < 6 and study.best_value == pytest.approx(92.5)


def test_a_trial_that_breaks_a_config_rule_fails_with_its_reason():
    from dqn_lab.core.study import tune_objective

    settings = StudySettings(
        "tune",
        Config(memory_size=64, start_replay_step=64),
        parse_search(["batch_size=32,128"]),
        (42,),
        pruner="none",
    )
    study = optuna.create_study(direction="maximize")
    study.enqueue_trial(dict(batch_size=128))
    study.optimize(tune_objective(settings, train=fake_train), n_trials=1)
    t = study.trials[0]
    assert t.state == TrialState.FAIL
    assert "batch_size 128 must not exceed memory_size 64" in t.user_attrs["error"]


def test_recheck_and_save_best_preset(data_home, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    assert (
        cli_main(
            [
                "tune",
                "--study",
                "r",
                "--search",
                "gamma=0.9,0.99",
                "--sampler",
                "grid",
                "--pruner",
                "none",
                "--trials",
                "0",
                *TINY,
                "--seeds",
                "1",
            ]
        )
        == 0
    )
    proc = run_cli("tune", "--study", "r", "--trials", "2")
    assert proc.returncode == 0, proc.stderr
    capsys.readouterr()
    assert (
        cli_main(
            [
                "tune",
                "--study",
                "r",
                "--trials",
                "0",
                "--recheck",
                "2",
                "--save-preset",
                "best-r",
                "--json",
            ]
        )
        == 0
    )
    result = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    recheck = result["recheck"]
    assert recheck["seeds"] == [42 + 1000]  # fresh seeds, never tuned on
    assert [e["number"] for e in recheck["trials"]] == sorted(
        (t["number"] for t in result["trials"]), key=lambda n: -result["trials"][n]["value"]
    )
    for e in recheck["trials"]:
        assert e["recheck"] == pytest.approx(e["seeds"][0]["value"])
    best = max(recheck["trials"], key=lambda e: e["recheck"])
    assert recheck["ranking_holds"] == (best["number"] == recheck["trials"][0]["number"])
    saved = json.loads(open(result["preset"]).read())
    assert saved["settings"]["gamma"] == result["best_params"]["gamma"]
    assert saved["settings"]["episodes"] == 3


def test_older_compare_studies_are_refused_and_older_tune_studies_load():
    tune = StudySettings("tune", Config(), parse_search(["gamma=0.9:0.99"]), (42,)).to_json()
    assert StudySettings.from_json(dict(tune, format=1)).seeds == (42,)
    compare = StudySettings(
        "compare", Config(), seeds=(42, 43), configs={"dqn": Config()}
    ).to_json()
    assert StudySettings.from_json(compare).configs == {"dqn": Config()}
    with pytest.raises(StudyError, match="older DQN Lab"):
        StudySettings.from_json(dict(compare, format=1))


def test_a_trials_seeds_train_as_one_population_like_train_seeds_does():
    """train_seeds (every tune and compare trial) is `train --seeds`' population: the same
    scores member by member, each member's greedy evaluation on the fixed evaluation seeds,
    reports in seed order; a stop ends the population without evaluating."""
    from dqn_lab.core.population import train_population
    from dqn_lab.core.study import train_seeds

    config = Config(episodes=3, start_replay_step=64, max_steps=40)
    reported, rows = [], []
    results = train_seeds(
        config,
        [42, 43],
        lambda i, r: reported.append((i, r.seed)),
        eval_episodes=2,
        on_episode=lambda i, row: rows.append((i, row["score"])),
    )
    members = train_population(config, [42, 43], eval_episodes=2)
    assert reported == [(0, 42), (1, 43)]
    for i, (r, m) in enumerate(zip(results, members)):
        assert (r.seed, r.episodes, r.env_steps) == (m["seed"], 3, m["env_steps"])
        assert [s for k, s in rows if k == i] == m["scores"]
        assert list(r.eval_scores) == m["eval_scores"] and r.value == pytest.approx(m["eval_mean"])
        assert r.mean_last_100 == pytest.approx(m["mean_last_100"]) and not r.stopped
    stopped = train_seeds(config, [42, 43], lambda i, r: None, should_stop=lambda: True)
    assert [(r.stopped, r.episodes, r.eval_scores) for r in stopped] == [(True, 0, ())] * 2


def test_a_compare_trial_is_one_configuration_with_live_chunks_per_seed(monkeypatch):
    """compare_objective: one queued trial per configuration; its seeds' episodes arrive in
    live.N chunks holding only the new episodes; the value is the mean over the seeds."""
    from dqn_lab.core import study as study_module
    from dqn_lab.core.study import SeedResult, compare_objective, live_episodes

    monkeypatch.setattr(study_module, "LIVE_INTERVAL_S", 0.0)  # a chunk per episode

    def fake(
        config, seeds, report, *, eval_episodes, eval_seed, on_episode, should_stop, stop_members
    ):
        for episode in range(4):
            for i, seed in enumerate(seeds):
                on_episode(i, dict(score=seed + episode, env_steps=10 * episode, wall_s=0.5))
        out = [SeedResult(s, float(s), (float(s),), float(s), 4, 30, 0.5) for s in seeds]
        out[1] = SeedResult(43, 43.0, (43.0,), 43.0, 4, 30, 0.5, health_error="Q values ...")
        for i, r in enumerate(out):
            report(i, r)
        return out

    settings = StudySettings(
        "compare",
        Config(),
        seeds=(42, 43),
        pruner="none",
        configs={"naive": Config(agent="naive"), "dqn": Config()},
    )
    study, _ = create_or_load(optuna.storages.InMemoryStorage(), "c", settings)
    # One queued trial per configuration (2), not per (configuration, seed) (4).
    assert [t.state for t in study.trials] == [TrialState.WAITING] * 2
    study.optimize(compare_objective(settings, train=fake), n_trials=2)
    for t in study.trials:
        assert t.state == TrialState.COMPLETE and t.value == pytest.approx(42.5)
        assert [s["seed"] for s in t.user_attrs["seeds"]] == [42, 43]
        chunks = [k for k in t.user_attrs if k.startswith("live.")]
        assert len(chunks) == 8  # 4 episodes x 2 seeds, one new episode per chunk
        assert all(sum(len(e["score"]) for e in t.user_attrs[k]) == 1 for k in chunks)
        for seed in (42, 43):
            episodes, n = live_episodes(t.user_attrs, seed)
            assert [e["score"] for e in episodes] == [seed + e for e in range(4)] and n == 8
            assert live_episodes(t.user_attrs, seed, 6)[0] == episodes[3:]
    assert sorted(t.params["configuration"] for t in study.trials) == ["dqn", "naive"]
    # The trial -> one record per seed mapping of the compare view (RunManager._read).
    from dqn_lab.core.run_manager import DONE, RunRecord, update_record

    trial = study.trials[0]
    label = trial.params["configuration"]
    for seed in (42, 43):
        rec = RunRecord(0, label, settings.configs[label].replace(seed=seed, episodes=4))
        update_record(rec, trial, False, 0.0)
        assert rec.status == DONE and rec.scores == [seed + e for e in range(4)]
        assert rec.summary["eval_scores"] == [float(seed)] and rec.summary["wall_s"] == 0.5
        assert rec.error == ("Q values ..." if seed == 43 else "")


# -- the evals objective: the area under the periodic evaluation curve --------------------------
def test_the_evals_objective_is_the_area_under_each_seeds_evaluation_curve():
    """train_seeds(objective='evals'): a seed's value is the mean over its periodic
    evaluations of min(mean / threshold, 1), computed here from the population's own rows."""
    from dqn_lab.core.population import train_population
    from dqn_lab.core.study import train_seeds

    config = Config(episodes=4, start_replay_step=64, max_steps=40, eval_every=25, eval_episodes=2)
    results = train_seeds(config, [42, 43], lambda i, r: None, objective="evals")
    members = train_population(config, [42, 43], eval_episodes=0)
    for r, m in zip(results, members):
        assert r.evaluations == len(m["evals"]) >= 2
        expected = sum(min(row[1] / 195.0, 1.0) for row in m["evals"]) / len(m["evals"])
        assert r.value == pytest.approx(expected) and r.eval_area == pytest.approx(expected)
        assert 0.0 < r.value <= 40 / 195 + 1e-12  # scores of at most 40 steps
        assert r.eval_scores == ()  # the final evaluation is skipped
        assert (r.first_eval_pass_step, r.eval_pass_rate_after) == (None, None)
    with pytest.raises(StudyError, match="needs periodic evaluations"):
        train_seeds(config.replace(eval_every=0), [42], lambda i, r: None, objective="evals")


def test_the_passes_objective_counts_the_evaluations_that_reach_the_threshold(monkeypatch):
    """eval_pass_share counts an evaluation whose mean is exactly the threshold and not one
    just under it; train_seeds(objective='passes') gives each seed that share of its own
    periodic evaluations (not their area) and skips the final evaluation."""
    from dqn_lab.core.population import Population, train_population
    from dqn_lab.core.study import eval_area, eval_pass_share, train_seeds

    rows = [[512, 194.9, 10, 200], [1024, 195.0, 150, 200], [1536, 200.0, 200, 200]]
    assert eval_pass_share(rows, 195.0) == pytest.approx(2 / 3)
    assert eval_pass_share(rows[:1], 195.0) == 0.0
    config = Config(episodes=6, start_replay_step=64, max_steps=40, eval_every=25, eval_episodes=2)
    members = train_population(config, [42, 43], eval_episodes=0)
    # A threshold each member's own evaluations straddle (40 steps never reach 195): its
    # median evaluation mean, so the share lies strictly between 0 and 1.
    thresholds = {
        m["seed"]: sorted(r[1] for r in m["evals"])[len(m["evals"]) // 2] for m in members
    }
    summary = Population.summary

    def straddled(self, member):
        out = summary(self, member)
        return dict(out, threshold=thresholds[out["seed"]])

    monkeypatch.setattr(Population, "summary", straddled)
    results = train_seeds(config, [42, 43], lambda i, r: None, objective="passes")
    for r, m in zip(results, members):
        threshold = thresholds[m["seed"]]
        assert r.evaluations == len(m["evals"]) >= 3
        share = sum(row[1] >= threshold for row in m["evals"]) / len(m["evals"])
        assert r.value == pytest.approx(share) and 0.0 < share < 1.0
        assert r.value != pytest.approx(eval_area(m["evals"], threshold))  # not the area
        assert r.eval_scores == ()
    with pytest.raises(StudyError, match="passes objective needs periodic evaluations"):
        train_seeds(config.replace(eval_every=0), [42], lambda i, r: None, objective="passes")


def fake_protocol_train(config, seeds, report, *, objective, **_):
    """Seed i: area 0.5 + i / 10, first pass at 1000 * (i + 1) (never for the last seed),
    pass rate after 1 - i / 10."""
    from dqn_lab.core.study import SeedResult

    assert objective in ("evals", "passes")
    out = []
    for i, seed in enumerate(seeds):
        last = i == len(seeds) - 1
        r = SeedResult(
            seed,
            0.5 + i / 10,
            (),
            0.0,
            3,
            30,
            0.1,
            evaluations=5,
            first_eval_pass_step=None if last else 1000 * (i + 1),
            eval_pass_rate_after=None if last else 1.0 - i / 10,
            eval_area=0.5 + i / 10,
        )
        out.append(r)
        report(i, r)
    return out


def test_an_evals_trial_stores_the_median_first_pass_and_the_mean_pass_rate(capsys):
    from dqn_lab.core.study import trial_record, tune_objective
    from dqn_lab.core.study_cli import print_trials

    settings = StudySettings(
        "tune",
        Config(eval_every=512),
        parse_search(["gamma=0.9,0.99"]),
        (42, 43, 44, 45),
        pruner="none",
        objective="evals",
    )
    study = optuna.create_study(direction="maximize")
    study.optimize(tune_objective(settings, train=fake_protocol_train), n_trials=1)
    t = study.trials[0]
    assert t.value == pytest.approx((0.5 + 0.6 + 0.7 + 0.8) / 4)
    # first passes 1000, 2000, 3000, never: the median of the middle two is 2500
    assert t.user_attrs["first_eval_pass_step_median"] == 2500
    assert t.user_attrs["eval_pass_rate_after_mean"] == pytest.approx((1.0 + 0.9 + 0.8) / 3)
    record = trial_record(t)
    assert record["first_eval_pass_step_median"] == 2500 and record["eval_passed"] == 3
    print_trials(dict(study="s", trials=[record], best_value=None), settings)
    assert "first pass 2500 (3/4 seeds), 90% after" in capsys.readouterr().out


def test_a_passes_study_keeps_its_objective_and_shows_shares_with_three_decimals(capsys):
    """A passes study: stored and loaded with its objective, its protocol says what it
    counts, a trial's value is the mean of its seeds' shares, printed as a share."""
    from dqn_lab.core.study import trial_record, tune_objective
    from dqn_lab.core.study_cli import print_trials

    settings = StudySettings(
        "tune",
        Config(eval_every=512, eval_episodes=20),
        parse_search(["gamma=0.9,0.99"]),
        (42, 43, 44, 45),
        pruner="none",
        objective="passes",
    )
    loaded = StudySettings.from_json(settings.to_json())
    assert loaded.objective == "passes"
    assert loaded.protocol().startswith("share of passing evaluations: every 512 environment")
    study = optuna.create_study(direction="maximize")
    study.optimize(tune_objective(loaded, train=fake_protocol_train), n_trials=1)
    assert study.trials[0].value == pytest.approx(0.65)
    print_trials(dict(study="s", trials=[trial_record(study.trials[0])], best_value=None), loaded)
    assert "0.650" in capsys.readouterr().out
    storage = optuna.storages.InMemoryStorage()
    create_or_load(storage, "p", loaded)
    evals = StudySettings.from_json(dict(settings.to_json(), objective="evals"))
    with pytest.raises(StudyError, match=r"different objective \(passes, not evals\)"):
        create_or_load(storage, "p", evals)


def test_the_objective_is_stored_checked_and_defaults_to_final(capsys):
    evals = StudySettings(
        "tune",
        Config(eval_every=256),
        parse_search(["gamma=0.9:0.99"]),
        (42,),
        objective="evals",
    ).to_json()
    assert StudySettings.from_json(evals).objective == "evals"
    old = dict(evals, objective="final")
    del old["objective"]  # a study made before the objective existed
    assert StudySettings.from_json(old).objective == "final"
    for bad, words in (
        (dict(evals, objective="exec"), "objective must be one of final, evals, passes"),
        (dict(evals, base=dict(evals["base"], eval_every=0)), "needs periodic evaluations"),
    ):
        with pytest.raises(StudyError, match=words):
            StudySettings.from_json(bad)
    with pytest.raises(StudyError, match="positive reward threshold; Acrobot-v1 has -100"):
        StudySettings("tune", Config(env_id="Acrobot-v1", eval_every=64), objective="evals")
    storage = optuna.storages.InMemoryStorage()
    create_or_load(storage, "o", StudySettings.from_json(evals))
    with pytest.raises(StudyError, match=r"different objective \(evals, not final\)"):
        create_or_load(storage, "o", StudySettings.from_json(old))
    assert cli_main(["tune", "--search", "gamma=0.9:0.99", "--objective", "evals"]) == 2
    err = capsys.readouterr().err
    assert "set eval_every above 0" in err and len(err.strip().splitlines()) == 1


def test_a_trial_stopped_before_its_first_heartbeat_is_stale_once_its_worker_is_gone():
    """'Stop workers' right after a trial started: it had no heartbeat yet, only the
    worker that runs it; a dead worker on this host makes it stale at once, a live one
    (or none known) leaves it to the heartbeat's grace period."""
    import datetime
    import socket
    import subprocess
    import sys
    from types import SimpleNamespace

    from dqn_lab.core.study import is_stale

    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    now = datetime.datetime.now()

    def trial(**attrs):
        return SimpleNamespace(user_attrs=attrs, datetime_start=now)

    host = socket.gethostname()
    assert is_stale(trial(worker=dict(host=host, pid=gone.pid)))
    assert not is_stale(trial(worker=dict(host=host, pid=os.getppid())))
    assert not is_stale(trial())

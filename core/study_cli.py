"""The study commands of the CLI: ``tune``, ``worker`` and ``compare`` (all on Optuna).

``tune`` creates or continues a search study and runs its trials in ``--jobs`` local
``main.py worker`` processes on the same storage; any machine that reaches the storage can
join with ``main.py worker --storage URL --study NAME``. ``compare`` is a grid study with one
trial per configuration (its seeds train as one population) run the same way. Bad input is
one line and exit code 2, with nothing created or changed.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

from dqn_lab.core.config import HELP, ConfigError, parse_assignments
from dqn_lab.core.json_values import json_safe
from dqn_lab.core.study import (
    EVAL_OBJECTIVES,
    OBJECTIVES,
    PRUNERS,
    RECHECK_SEED_OFFSET,
    SAMPLERS,
    TARGET_ATTR,
    StudySettings,
    best_trial,
    check_name,
    create_or_load,
    default_storage,
    finished_count,
    make_sampler,
    open_storage,
    parse_search,
    pending_count,
    recover_stale_trials,
    shares,
    spawn_worker,
    storage_is_journal,
    study_error,
    trial_config,
    trial_record,
)


def add_parsers(subparsers) -> None:
    """Add ``tune``, ``worker`` and ``compare`` to the CLI's subparsers."""
    tune = subparsers.add_parser(
        "tune",
        help="search hyperparameters with Optuna (K seeds per trial, local worker "
        "processes, any Optuna storage)",
    )
    tune.add_argument("--preset", help="preset every trial starts from (default seed)")
    tune.add_argument("--agent", choices=("naive", "dqn"), help=HELP.get("agent"))
    tune.add_argument("--env", dest="env_id", help=HELP.get("env_id"))
    tune.add_argument("--episodes", help="training episodes of each seed of a trial")
    tune.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="a fixed setting of every trial (repeatable)",
    )
    tune.add_argument(
        "--search",
        action="append",
        default=[],
        metavar="KEY=LOW:HIGH[:log] | KEY=V1,V2",
        help="a searched setting: a range (log scale with :log) or choices; "
        "repeatable; checked against the setting's allowed range",
    )
    tune.add_argument(
        "--trials",
        default="20",
        help="trials to run now (default 20; 0 only creates or reads the study)",
    )
    tune.add_argument("--seeds", default="3", help="seeds per trial (default 3)")
    tune.add_argument(
        "--eval-episodes",
        default="10",
        help="greedy evaluation episodes of each seed's final policy (default 10)",
    )
    tune.add_argument(
        "--objective",
        choices=OBJECTIVES,
        default="final",
        help="what a trial maximises: 'final' (default) the mean greedy score of each seed's "
        "final policy; 'evals' the mean over the run's periodic evaluations (eval_every, "
        "eval_episodes) of min(mean / threshold, 1), which rewards learning fast and "
        "staying solved; 'passes' the share of those evaluations whose mean reaches the "
        "threshold, which rewards the same two, counted strictly (both need --set "
        "eval_every=N and skip the final evaluation)",
    )
    tune.add_argument("--jobs", default="1", help="local worker processes (default 1)")
    tune.add_argument(
        "--storage",
        help="Optuna storage URL (postgresql://, mysql://, "
        "sqlite://, redis://) or a journal file (default: "
        "one file per study in the user's data folder)",
    )
    tune.add_argument(
        "--study",
        default="tune",
        help="study name (default 'tune'); running tune again continues it",
    )
    tune.add_argument("--sampler", choices=SAMPLERS, default="tpe")
    tune.add_argument("--pruner", choices=PRUNERS, default="median")
    tune.add_argument(
        "--recheck",
        default="0",
        help="re-train the top K trials on fresh seeds and say whether the ranking holds",
    )
    tune.add_argument(
        "--save-preset", metavar="NAME", help="save the best trial's settings as a user preset"
    )
    tune.add_argument(
        "--json", action="store_true", help="print the study as one JSON object on the last line"
    )

    worker = subparsers.add_parser(
        "worker", help="join a study (on this or any machine) and run its trials"
    )
    worker.add_argument(
        "--storage",
        help="the study's storage URL or journal file (default: "
        "the study's file in the user's data folder)",
    )
    worker.add_argument("--study", required=True, help="study name")
    worker.add_argument("--trials", help="trials to run (default: until the study is done)")
    worker.add_argument("--quiet", action="store_true", help="no line per trial")
    worker.add_argument(
        "--nice",
        default="0",
        help="lower this worker's CPU priority by N (0-19; the app's workers use 5)",
    )
    worker.add_argument(
        "--exit-with-parent",
        action="store_true",
        help="end when the process that started this worker ends (used for "
        "local workers of tune, compare and the app)",
    )

    from dqn_lab.core.compare import add_compare_parser

    compare = add_compare_parser(subparsers)
    compare.add_argument(
        "--storage",
        help="Optuna storage URL or journal file (default: one "
        "file per comparison in the user's data folder)",
    )
    compare.add_argument(
        "--study",
        help="study name (default: compare-DATE-TIME-...); an "
        "existing compare study with the same plan continues",
    )


def _count(name: str, text: str, low: int, high: int) -> int:
    try:
        value = int(text)
    except (TypeError, ValueError):
        raise ConfigError(f"--{name} must be a whole number, not {text!r}.") from None
    if not low <= value <= high:
        raise ConfigError(f"--{name} must be between {low} and {high}, not {value}.")
    return value


def _storage(args: argparse.Namespace, name: str) -> str:
    return args.storage or default_storage(name)


# -- tune ---------------------------------------------------------------------------------------
def settings_from_args(args: argparse.Namespace) -> StudySettings:
    """The study settings the ``tune`` flags describe (validated; nothing created yet)."""
    from dqn_lab.core.environment import env_info
    from dqn_lab.core.presets import preset

    changes: dict[str, str] = {}
    for name in ("agent", "env_id", "episodes"):
        if getattr(args, name, None) is not None:
            changes[name] = getattr(args, name)
    changes.update(parse_assignments(args.set))
    base = preset(args.preset or "seed").replace(**changes)
    env_info(base.env_id)
    space = parse_search(args.search)
    make_sampler(args.sampler, space)  # a grid over ranges is refused before anything exists
    k = _count("seeds", args.seeds, 1, 100)
    return StudySettings(
        "tune",
        base,
        space,
        tuple(base.seed + i for i in range(k)),
        _count("eval-episodes", args.eval_episodes, 0, 1000),
        sampler=args.sampler,
        pruner=args.pruner,
        objective=getattr(args, "objective", "final"),
    )


def run_workers(
    storage: str,
    name: str,
    trials: int,
    jobs: int,
    quiet: bool = False,
    study=None,
    target: int | None = None,
    rounds: int = 3,
) -> None:
    """Run ``trials`` trials in ``jobs`` local worker processes; top up after a lost worker."""
    out = subprocess_out(quiet)
    for _ in range(rounds):
        left = trials if study is None or target is None else target - finished_count(study)
        if left <= 0:
            return
        procs = [
            spawn_worker(storage, name, n, quiet=quiet, stdout=out) for n in shares(left, jobs)
        ]
        try:
            codes = [p.wait() for p in procs]
        except KeyboardInterrupt:
            for p in procs:
                p.terminate()
            for p in procs:
                p.wait(timeout=10)
            raise
        if study is None or target is None or all(c == 0 for c in codes):
            return


def subprocess_out(quiet: bool):
    import subprocess

    return subprocess.DEVNULL if quiet else None


def cmd_tune(args: argparse.Namespace) -> int:
    name = check_name(args.study)
    trials = _count("trials", args.trials, 0, 100_000)
    jobs = _count("jobs", args.jobs, 1, 64)
    recheck = _count("recheck", args.recheck, 0, 100)
    storage_text = _storage(args, name)
    given = settings_from_args(args) if args.search else None
    storage = open_storage(storage_text, create=given is not None)
    study, settings = create_or_load(storage, name, given)
    if given is None and not args.json:
        print(f"Continuing study {name!r} with its own settings.", flush=True)
    interrupted = False
    if trials:
        target = pending_count(study) + trials
        study.set_user_attr(TARGET_ATTR, max(target, int(study.user_attrs.get(TARGET_ATTR, 0))))
        if not args.json:
            space = "; ".join(p.describe() for p in settings.space.values())
            print(
                f"Tuning {space} over {len(settings.seeds)} seed(s) per trial: {trials} "
                f"trial(s), {jobs} worker(s), storage {storage_text}.",
                flush=True,
            )
        try:
            run_workers(
                storage_text,
                name,
                trials,
                jobs,
                quiet=args.json,
                study=study,
                target=finished_count(study) + trials,
            )
        except KeyboardInterrupt:  # the workers were stopped; show what the study holds
            again = (  # their running trials: queued again now (a journal), or by Optuna's
                f"{len(recover_stale_trials(study))} running trial(s) were queued again"
                if storage_is_journal(study._storage)  # heartbeat (a database)
                else "their running trials are retried once their heartbeat is stale"
            )
            print(
                f"Interrupted: the workers stopped and {again}; run tune again to continue "
                "the study.",
                file=sys.stderr,
                flush=True,
            )
            interrupted = True
    result = study_result(study, storage_text)
    if recheck:
        result["recheck"] = run_recheck(study, settings, recheck, quiet=args.json)
    if args.save_preset:
        result["preset"] = save_best_preset(study, settings, args.save_preset)
    if not args.json:
        print_trials(result, settings)
    else:
        print(json.dumps(json_safe(result)))
    return 130 if interrupted else 0


def study_result(study, storage_text: str) -> dict:
    best = best_trial(study)
    return dict(
        study=study.study_name,
        storage=storage_text,
        best_value=best.value if best else None,
        best_params=dict(best.params) if best else None,
        best_trial=best.number if best else None,
        trials=[trial_record(t) for t in study.get_trials(deepcopy=False)],
    )


def print_trials(result: dict, settings: StudySettings) -> None:
    print(f"Study {result['study']} ({settings.protocol()}):")
    d = 3 if settings.objective in EVAL_OBJECTIVES else 1  # a share in [0, 1], or a score
    for t in result["trials"]:
        value = "-" if t["value"] is None else f"{t['value']:.{d}f}"
        ci = t["stats"] or {}
        band = (
            f" [{ci['ci_low']:.{d}f}, {ci['ci_high']:.{d}f}]"
            if ci.get("ci_low") is not None and len(t["seeds"]) > 1
            else ""
        )
        params = ", ".join(
            f"{k}={v:.4g}" if isinstance(v, float) else f"{k}={v}" for k, v in t["params"].items()
        )
        note = f"  ({t['error']})" if t["error"] else ""
        print(
            f"  trial {t['number']:>3} {t['state']:<8} value {value}{band}  seeds "
            f"{len(t['seeds'])}  {params}{_protocol_figures(t)}{note}"
        )
    if result["best_value"] is not None:
        print(
            f"Best: trial {result['best_trial']}, value {result['best_value']:.{d + 1}f}, "
            f"params {result['best_params']}"
        )
    else:
        print("No finished trial yet.")
    if "recheck" in result:
        r = result["recheck"]
        print(
            f"Recheck on fresh seeds {r['seeds']}: "
            + "; ".join(
                f"trial {e['number']} {e['tuned']:.{d}f} -> {e['recheck']:.{d}f}"
                for e in r["trials"]
            )
            + (". The ranking holds." if r["ranking_holds"] else ". The ranking changed.")
        )


def _protocol_figures(t: dict) -> str:
    """A trial's periodic-evaluation figures over its seeds, when it has them."""
    if t.get("eval_passed") is None:
        return ""
    median, rate = t["first_eval_pass_step_median"], t["eval_pass_rate_after_mean"]
    return (
        f"  first pass {'-' if median is None else f'{median:.0f}'}"
        f" ({t['eval_passed']}/{len(t['seeds'])} seeds)"
        + (f", {100 * rate:.0f}% after" if rate is not None else "")
    )


def run_recheck(study, settings: StudySettings, k: int, quiet: bool = False) -> dict:
    """Re-train the top ``k`` complete trials on fresh seeds (never tuned on), here."""
    import math

    from optuna.trial import TrialState

    from dqn_lab.core.study import limit_tensorflow_threads, train_seeds

    done = [
        t
        for t in study.get_trials(deepcopy=False, states=(TrialState.COMPLETE,))
        if t.value is not None and math.isfinite(t.value)
    ]
    top = sorted(done, key=lambda t: (-t.value, t.number))[:k]
    seeds = [settings.base.seed + RECHECK_SEED_OFFSET + i for i in range(len(settings.seeds))]
    limit_tensorflow_threads()
    entries = []
    for t in top:
        if not quiet:
            print(f"Rechecking trial {t.number} on seeds {seeds} ...", flush=True)
        results = train_seeds(
            trial_config(settings, t),
            seeds,
            lambda i, r: None,
            eval_episodes=settings.eval_episodes,
            eval_seed=settings.eval_seed,
            objective=settings.objective,
        )
        value = sum(r.value for r in results) / len(results)
        entries.append(
            dict(
                number=t.number,
                params=dict(t.params),
                tuned=t.value,
                recheck=value,
                seeds=[r.to_json() for r in results],
            )
        )
    order = [e["number"] for e in sorted(entries, key=lambda e: -e["recheck"])]
    out = dict(seeds=seeds, trials=entries, ranking_holds=order == [e["number"] for e in entries])
    study.set_user_attr("recheck", json_safe(out))
    return out


def save_best_preset(study, settings: StudySettings, name: str) -> str:
    from dqn_lab.core.presets import save_user_preset

    best = best_trial(study)
    if best is None:
        raise study_error("no_best")
    path = save_user_preset(
        name,
        trial_config(settings, best),
        f"Best trial {best.number} of study {study.study_name} "
        f"(value {best.value:.{3 if settings.objective in EVAL_OBJECTIVES else 1}f}; "
        f"{settings.protocol()}).",
    )
    return str(path)


# -- worker -------------------------------------------------------------------------------------
def cmd_worker(args: argparse.Namespace) -> int:
    from dqn_lab.core.study import run_worker

    name = check_name(args.study)
    trials = None if args.trials is None else _count("trials", args.trials, 1, 100_000)

    def on_trial(t) -> None:
        if not args.quiet:
            r = trial_record(t)
            value = "-" if r["value"] is None else f"{r['value']:.4g}"
            note = f" ({r['error']})" if r["error"] else ""
            print(
                f"worker {os.getpid()}: trial {t.number} {t.state.name} value {value} "
                f"{dict(t.params)}{note}",
                flush=True,
            )

    nice = _count("nice", args.nice, 0, 19)
    if nice and hasattr(os, "nice"):
        os.nice(nice)
    if args.exit_with_parent:
        from dqn_lab.core.study import exit_with_parent

        exit_with_parent()
    try:
        run_worker(_storage(args, name), name, trials, on_trial=on_trial)
    except KeyboardInterrupt:
        print(
            "Interrupted: the trial this worker was running (if any) is queued again.",
            file=sys.stderr,
            flush=True,
        )
        return 130
    return 0


# -- compare ------------------------------------------------------------------------------------
def cmd_compare(args: argparse.Namespace) -> int:
    """Run the comparison as a study, print one line per finished run, then the table."""
    from dqn_lab.core.compare import format_table, plan_from_args, summarize, write_results_csv
    from dqn_lab.core.run_manager import CANCELLED, DONE, FAILED, RunManager, new_study_name

    configs, seeds = plan_from_args(args)
    n_runs = len(configs) * len(seeds)
    # One worker process per configuration at most: its seeds train as one population.
    parallel = (
        _count("parallel", args.parallel, 1, 64)
        if args.parallel is not None
        else min(os.cpu_count() or 1, len(configs))
    )
    name = check_name(args.study) if args.study else new_study_name()
    manager = RunManager(
        parallel,
        eval_episodes=_count("eval-episodes", args.eval_episodes, 0, 1000),
        storage=args.storage,
    )
    manager.add_comparison(configs, seeds, name=name)
    done = 0

    def report(changed) -> None:
        nonlocal done
        for rec in changed:
            if rec.status in (DONE, FAILED, CANCELLED) and rec.ended_at is not None:
                done += 1
                if not args.quiet:
                    print(
                        f"[{done}/{n_runs}] {rec.label} seed {rec.seed}: {rec.describe()}",
                        flush=True,
                    )

    storage = manager.plans[0].storage
    print(
        f"Comparing {', '.join(configs)} over seeds {seeds[0]}..{seeds[-1]}: {n_runs} runs, "
        f"one population of {len(seeds)} per configuration, {parallel} worker process(es) "
        f"(study {name}, storage {storage}).",
        flush=True,
    )
    started = time.monotonic()
    try:
        manager.wait(on_change=report)
    except KeyboardInterrupt:
        print("Interrupted: cancelling the runs.", file=sys.stderr)
    finally:
        manager.shutdown()
    elapsed = time.monotonic() - started
    summary = summarize(manager.records)
    print(format_table(summary))
    print(
        f"Total wall time: {elapsed:.1f} s for {n_runs} runs "
        f"({len(configs)} populations, {parallel} worker process(es))."
    )
    for rec in manager.records:
        if rec.status == FAILED:
            print(f"dqn-lab: run {rec.label} seed {rec.seed} failed: {rec.error}", file=sys.stderr)
    if args.csv:
        write_results_csv(Path(args.csv), summary)
    if args.json:
        print(json.dumps(json_safe(summary)))
    return 1 if any(r.status != DONE for r in manager.records) else 0


COMMANDS = {"tune": cmd_tune, "worker": cmd_worker, "compare": cmd_compare}

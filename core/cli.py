"""The headless command line: ``python main.py train | evaluate | inspect | export | bench``.

Bad arguments or settings exit with code 2 and a one-line message, never a traceback. Every
argument is checked before TensorFlow starts: numbers are plain ASCII decimals within the
setting's range (no ``0.9_9``, fullwidth digits, or ``1e-400`` that rounds to 0), output
paths are checked for writing, and ``--load`` bundles are read and checked completely.
Every line printed goes through :func:`dqn_lab.core.safe_text.printable`.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import math
import os
import re
import sys
from pathlib import Path

from dqn_lab.core.atomic_file import (
    AtomicWriteError,
    check_writable,
    remove_stale_temps,
    write_text_atomic,
)
from dqn_lab.core.bundle_format import BundleError
from dqn_lab.core.config import (
    FIELD_TYPES,
    FIELDS,
    HELP,
    Config,
    ConfigError,
    fmt,
    parse_assignments,
)
from dqn_lab.core.json_values import json_safe
from dqn_lab.core.records import EPISODE_COLUMNS, EVAL_SEED
from dqn_lab.core.safe_text import printable
from dqn_lab.core.study import StudyError
from dqn_lab.core.study_cli import COMMANDS as STUDY_COMMANDS
from dqn_lab.core.study_cli import add_parsers as add_study_parsers

EXIT_USAGE = 2
EXIT_HEALTH = 3  # the training-health guard stopped the run
#: Plain ASCII decimals: what int() and float() accept beyond these (underscores, other
#: scripts' digits, 'nan', 'inf') is refused.
_INT_RE = re.compile(r"[+-]?[0-9]+\Z")
_FLOAT_RE = re.compile(r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?\Z")
#: Bounds of arguments that are not settings.
MAX_BENCH_STEPS = 1_000_000
MAX_EVAL_EPISODES = 10_000


class CliError(Exception):
    """A user error: printed as one line, exit code 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one line, exit 2 (argparse prints usage otherwise)
        raise CliError(message)


def parse_number(text: str, kind: type, what: str) -> int | float:
    """A strict ASCII decimal: an int (or an exact whole float such as 1e3) or a finite float."""
    text = text.strip()
    shown = printable(repr(text), 40)
    if kind is int:
        if _INT_RE.match(text):
            return int(text)
        if _FLOAT_RE.match(text) and float(text).is_integer() and math.isfinite(float(text)):
            return int(float(text))
        raise ConfigError(f"{what} must be a whole number (digits 0-9), not {shown}.")
    if not _FLOAT_RE.match(text):
        raise ConfigError(f"{what} must be a number (digits 0-9, '.', 'e'), not {shown}.")
    value = float(text)
    if not math.isfinite(value):
        raise ConfigError(f"{what} {shown} is too large for a number.")
    if value == 0.0 and any(ch in "123456789" for ch in text.lower().split("e")[0]):
        raise ConfigError(f"{what} {shown} is too small: it would round to 0.")
    return value


def setting_value(name: str, text: str):
    """A setting's value from the command line: strict numbers, then the config's rules."""
    if name not in FIELDS:
        raise ConfigError(
            f"Unknown setting {printable(repr(name), 40)}; known settings are {', '.join(FIELDS)}."
        )
    kind = FIELD_TYPES[name]
    if kind in (int, float):
        return parse_number(text, kind, name)
    if kind is tuple:
        parts = [p for p in text.replace(" ", "").split(",") if p]
        return tuple(parse_number(p, int, name) for p in parts)
    return text  # bool and text: the config's own parsing and choices


def _setting_arg(name: str):
    """An argparse type for a setting's flag: strict number within the setting's range."""

    def parse(text: str):
        try:
            value = setting_value(name, text)
            _check_range(name, value)
        except ConfigError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None
        return value

    parse.__name__ = name
    return parse


def _check_range(name: str, value) -> None:
    meta = FIELDS[name].metadata
    if not meta["low"] <= value <= meta["high"]:
        raise ConfigError(
            f"{name} must be between {fmt(meta['low'])} and {fmt(meta['high'])}, not {fmt(value)}."
        )


def _bounded_int(low: int, high: int):
    """An argparse type: a strict whole number from low to high."""

    def parse(text: str) -> int:
        try:
            value = int(parse_number(text, int, "the value"))
        except ConfigError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"must be from {low:,} to {high:,}, not {value:,}")
        return value

    parse.__name__ = "whole number"
    return parse


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="dqn-lab",
        description="DQN Lab: learn, tune and compare Deep "
        "Q-Learning agents on CartPole. Without a command the desktop app opens.",
        epilog="Desktop launcher (Linux): python main.py --install-desktop-entry "
        "adds DQN Lab to your application menu; "
        "--uninstall-desktop-entry removes it.",
    )
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)

    train = sub.add_parser("train", help="train an agent headless, printing the seed's progress")
    train.add_argument("--agent", choices=("naive", "dqn"), help=HELP.get("agent"))
    train.add_argument(
        "--preset",
        help="preset to start from: seed (default), seed-fixed, tuned, or one of yours (saved by "
        "the app or by tune --save-preset)",
    )
    train.add_argument("--env", dest="env_id", help=HELP.get("env_id"))
    train.add_argument("--episodes", type=_setting_arg("episodes"), help=HELP.get("episodes"))
    train.add_argument(
        "--max-steps", dest="max_steps", type=_setting_arg("max_steps"), help=HELP.get("max_steps")
    )
    train.add_argument("--seed", type=_setting_arg("seed"), help=HELP.get("seed"))
    train.add_argument(
        "--env-steps",
        dest="max_env_steps",
        type=_setting_arg("max_env_steps"),
        help=HELP["max_env_steps"] + " Without --episodes the episode "
        "count does not limit the run.",
    )
    train.add_argument(
        "--eval-every",
        dest="eval_every",
        type=_setting_arg("eval_every"),
        help=HELP.get("eval_every"),
    )
    train.add_argument(
        "--eval-episodes",
        dest="eval_episodes",
        type=_setting_arg("eval_episodes"),
        help=HELP.get("eval_episodes"),
    )
    train.add_argument(
        "--seeds",
        metavar="S1,S2,...",
        help="train one population with a member per seed (one process, one "
        "compiled update for all); JSON: one entry per member plus the mean",
    )
    train.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="any setting, e.g. --set gamma=0.99 (repeatable); see 'python main.py settings'",
    )
    train.add_argument("--stats-csv", type=Path, help="write the per-episode statistics here")
    train.add_argument(
        "--json",
        action="store_true",
        help="print the run's result as one JSON object on the last line",
    )
    train.add_argument("--quiet", action="store_true", help="no progress lines")
    train.add_argument(
        "--log-dir",
        type=Path,
        metavar="DIR",
        help="write statistics.csv and TensorBoard event files into this run "
        "folder (created if missing; refused if it already holds a log)",
    )
    train.add_argument(
        "--save",
        type=Path,
        metavar="PATH",
        help="save the agent bundle (.dqnlab) here at the end, atomically; with "
        "--save the first Ctrl-C stops at the next safe point and saves",
    )
    train.add_argument(
        "--force",
        action="store_true",
        help="let --save replace a read-only file (its permissions are kept)",
    )
    train.add_argument(
        "--no-memory",
        dest="save_memory",
        action="store_false",
        help="save without the replay memory (smaller; a continued run then "
        "refills it and does not repeat an uninterrupted run exactly). "
        "By default the memory is saved",
    )
    train.add_argument(
        "--load",
        type=Path,
        metavar="PATH",
        help="continue the run saved in this bundle: --episodes N trains N more "
        "episodes (default: up to the saved total); --set and --max-steps "
        "may change live settings only; --load A --save A saves over A",
    )

    evaluate = sub.add_parser(
        "evaluate", help="greedy episodes of a saved agent (no learning) and how each ended"
    )
    evaluate.add_argument("bundle", type=Path, metavar="PATH", help="a .dqnlab bundle")
    evaluate.add_argument(
        "--episodes",
        type=_bounded_int(1, MAX_EVAL_EPISODES),
        default=10,
        help=f"episodes (default 10, at most {MAX_EVAL_EPISODES:,})",
    )
    evaluate.add_argument(
        "--seed",
        type=_bounded_int(0, int(FIELDS["seed"].metadata["high"])),
        default=EVAL_SEED,
        help=f"seed of the first episode's reset (default {EVAL_SEED})",
    )
    evaluate.add_argument(
        "--max-steps",
        dest="max_steps",
        type=_bounded_int(1, int(FIELDS["max_steps"].metadata["high"])),
        help="step limit per episode (default: the bundle's max_steps)",
    )
    evaluate.add_argument(
        "--json",
        action="store_true",
        help="print one JSON object (scores, mean, ...) on the last line",
    )

    inspect = sub.add_parser("inspect", help="check a bundle and print its manifest (JSON)")
    inspect.add_argument("bundle", type=Path, metavar="PATH", help="a .dqnlab bundle")

    export = sub.add_parser("export", help="export a bundle's network for other tools")
    export.add_argument("bundle", type=Path, metavar="PATH", help="a .dqnlab bundle")
    export.add_argument(
        "--keras",
        type=Path,
        metavar="OUT.keras",
        required=True,
        help="write the online network with Keras model.save (export only; "
        "DQN Lab never loads .keras files)",
    )

    bench = sub.add_parser("bench", help="measure training throughput (env steps/s)")
    bench.add_argument(
        "--steps",
        type=_bounded_int(1, MAX_BENCH_STEPS),
        default=4000,
        help="env steps measured after replay starts (default 4000)",
    )
    bench.add_argument(
        "--literal-steps",
        type=_bounded_int(0, MAX_BENCH_STEPS),
        default=0,
        help="also time the literal predict/fit port for this many steps",
    )
    bench.add_argument("--json", action="store_true")

    sub.add_parser("settings", help="list every setting with its default, range and help")
    add_study_parsers(sub)  # tune, worker, compare (core/study_cli.py)
    return parser


def config_from_args(args: argparse.Namespace) -> Config:
    """The preset, then the named flags, then each --set KEY=VALUE, validated."""
    from dqn_lab.core.presets import preset

    config = preset(args.preset or "seed")
    changes: dict = {}
    for name in (
        "agent",
        "env_id",
        "episodes",
        "max_steps",
        "seed",
        "max_env_steps",
        "eval_every",
        "eval_episodes",
    ):
        if getattr(args, name, None) is not None:
            changes[name] = getattr(args, name)
    if getattr(args, "max_env_steps", None) and getattr(args, "episodes", None) is None:
        changes["episodes"] = int(FIELDS["episodes"].metadata["high"])  # steps decide
    changes.update(set_values(args.set))
    return config.replace(**changes)


def set_values(items: list[str]) -> dict:
    """``--set KEY=VALUE`` items as typed values (strict numbers)."""
    return {k: setting_value(k, v) for k, v in parse_assignments(items).items()}


def check_outputs(args: argparse.Namespace) -> None:
    """Every output path of ``train``, checked before training (and before TensorFlow).

    Temporaries that killed saves left in those folders are removed here.
    """
    if args.save:
        check_save_path(args.save, args.force)
        remove_stale_temps(Path(args.save).expanduser().resolve().parent)
    if args.stats_csv:
        try:
            target = check_writable(args.stats_csv, verb="write statistics to")
        except AtomicWriteError as exc:
            raise CliError(f"--stats-csv: {exc}") from None
        remove_stale_temps(target.parent)
    if args.log_dir:
        check_log_dir(Path(args.log_dir))


def check_log_dir(folder: Path) -> None:
    """``--log-dir``: a folder (or a new one in an existing, writable folder)."""
    folder = folder.expanduser()
    if folder.exists() and not folder.is_dir():
        raise CliError(f"--log-dir {folder} is a file; choose a folder.")
    existing = folder
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir():
        raise CliError(f"--log-dir {folder}: {existing} is a file, not a folder.")
    if folder.exists():
        remove_stale_temps(folder)
    probe = existing / f".dqnlab-write-check-{os.getpid()}"
    try:
        probe.mkdir()
        probe.rmdir()
    except OSError as exc:
        raise CliError(
            f"--log-dir {folder}: cannot write in {existing} ({exc.strerror or exc})."
        ) from None


def cmd_train(args: argparse.Namespace) -> int:
    check_outputs(args)
    from dqn_lab.core.presets import notebook_failure
    from dqn_lab.core.records import EpisodeEnd, RunFinished
    from dqn_lab.core.training import Trainer

    if args.seeds is not None:
        from dqn_lab.core.population import cli_train_population

        return cli_train_population(config_from_args(args), args)
    if args.load:
        trainer = continue_from_args(args)
        config = trainer.config
    else:
        config = config_from_args(args)
        trainer = Trainer(config)
    out = sys.stdout
    summary: dict = {}
    logger = open_run_log(args.log_dir, config, append=bool(args.load)) if args.log_dir else None
    try:
        for event in run_and_save(trainer, args):
            if logger is not None and (warning := logger.handle(event)):
                print(f"dqn-lab: warning: {printable(warning)}", file=sys.stderr, flush=True)
            if isinstance(event, EpisodeEnd) and not args.quiet and event.episode % 10 == 0:
                print(
                    f"episode: {event.episode}/{config.episodes}, score: {event.score:g}, "
                    f"steps: {event.steps}, e: {event.epsilon:.3f}, "
                    f"speed: {event.steps_per_s:.2f} steps/s",
                    file=out,
                    flush=True,
                )
            elif isinstance(event, RunFinished):
                summary = dict(event.summary)
    except KeyboardInterrupt:
        trainer.control.stop()
        summary = trainer.summary()
    finally:
        trainer.close()
        if logger is not None:
            logger.close()
    if args.stats_csv:
        write_statistics_csv(args.stats_csv, trainer.statistics)
    threshold = summary["threshold"]
    print(f"Mean over last 100 episodes: {summary['mean_last_100']:.2f}")
    if threshold is not None:
        verdict = "passed" if summary["solved"] else "not passed"
        note = "" if summary["episodes"] >= 100 else " (needs at least 100 episodes)"
        print(f"Check (mean of last 100 >= {threshold:g}): {verdict}{note}")
    if summary.get("evals"):
        first, rate = summary["first_eval_pass_step"], summary["eval_pass_rate_after"]
        print(
            f"Evaluations: {len(summary['evals'])}; first pass at "
            f"{'-' if first is None else f'{first:,} steps'}; later evaluations passing: "
            f"{'-' if rate is None else f'{rate:.0%}'}"
        )
    if (failed := notebook_failure(trainer.config, summary)) is not None:
        print(printable(failed))
    if args.json:
        print(json.dumps(json_safe(summary)))
    if summary.get("health_error"):
        print(f"dqn-lab: {printable(summary['health_error'])}", file=sys.stderr, flush=True)
        return EXIT_HEALTH
    return 0


def open_run_log(folder: Path, config: Config, append: bool):
    """A :class:`dqn_lab.core.run_log.RunLogger` for ``--log-dir``; its errors become CLI errors."""
    from dqn_lab.core.run_log import RunLogError, RunLogger

    try:
        return RunLogger(folder, config, append=append)
    except RunLogError as exc:
        raise CliError(str(exc)) from None


def continue_from_args(args: argparse.Namespace):
    """A trainer continuing ``--load``, with live ``--set``/``--max-steps`` and ``--episodes``."""
    from dqn_lab.core.config import LIVE_FIELDS
    from dqn_lab.core.persistence import add_episodes, load_warnings, read_bundle, restore_trainer

    fixed = [
        flag
        for flag, value in (
            ("--agent", args.agent),
            ("--env", args.env_id),
            ("--seed", args.seed),
            ("--preset", args.preset),
        )
        if value is not None
    ]
    if fixed:
        raise CliError(
            f"{', '.join(fixed)} cannot change when continuing a saved run; "
            f"train without --load for a new run."
        )
    changes: dict = {}
    if args.max_steps is not None:
        changes["max_steps"] = args.max_steps
    changes.update(set_values(args.set))
    fixed = sorted(k for k in changes if k in FIELDS and k not in LIVE_FIELDS)
    if fixed:
        raise CliError(
            f"{', '.join(fixed)} cannot change when continuing a saved run; only "
            f"settings that can change during a run can."
        )
    more = args.episodes  # episodes to add, already checked from 1
    bundle = read_bundle(args.load)  # checked completely before TensorFlow starts
    done, total = bundle.manifest["counters"]["episodes"], bundle.config.episodes
    if more is None and "episodes" not in changes and done >= total:
        raise CliError(
            f"{args.load} has finished its {total} episodes; pass --episodes N to train N more."
        )
    high = int(FIELDS["episodes"].metadata["high"])
    if more is not None and done + more > high:
        raise CliError(
            f"--episodes {more:,} with --load: {args.load} has {done:,} episodes "
            f"and a run has at most {high:,}; add at most {high - done:,}."
        )
    bundle.config.replace(**changes)  # the same checks apply_changes makes, before TF
    for note in load_warnings(bundle):
        print(f"dqn-lab: warning: {printable(note)}", file=sys.stderr, flush=True)
    trainer = restore_trainer(bundle)
    if changes:
        trainer.apply_changes(changes)
    if more is not None:
        add_episodes(trainer, more)
    if not args.quiet:
        print(
            printable(
                f"Continuing {args.load}: {trainer.episode} episodes and "
                f"{trainer.env_steps} env steps done; training to episode "
                f"{trainer.config.episodes}."
            ),
            flush=True,
        )
    return trainer


def check_save_path(path: Path, force: bool = False) -> None:
    """Fail before training, not after it, when ``--save`` cannot be written."""
    path = Path(path)
    if path.is_dir():
        raise CliError(f"--save {path} is a folder; give a file name such as run.dqnlab.")
    try:
        check_writable(path, force=force)
    except AtomicWriteError as exc:
        hint = " Pass --force to replace it." if "read-only" in str(exc) else ""
        raise CliError(f"--save: {exc}{hint}") from None


def run_and_save(trainer, args: argparse.Namespace):
    """``trainer.run()``; with ``--save`` Ctrl-C stops at a safe point and the end saves."""
    if not args.save:
        yield from trainer.run()
        return
    import signal
    import threading

    def on_interrupt(signum, frame):
        if trainer.control.stopped:
            raise KeyboardInterrupt
        trainer.control.stop()
        print(
            "dqn-lab: stopping to save (Ctrl-C again to quit without saving)",
            file=sys.stderr,
            flush=True,
        )

    main_thread = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGINT, on_interrupt) if main_thread else None
    try:
        yield from trainer.run()
    finally:
        if main_thread:
            signal.signal(signal.SIGINT, previous)
    from dqn_lab.core.persistence import save_bundle

    saved = save_bundle(args.save, trainer, include_memory=args.save_memory, force=args.force)
    memory = f"{saved.memory_rows} memory rows" if args.save_memory else "no memory"
    print(
        printable(
            f"Saved {saved.path} ({saved.bytes:,} bytes, {saved.episode} episodes, "
            f"{memory}) in {saved.seconds * 1000:.0f} ms"
        ),
        flush=True,
    )


def cmd_evaluate(args: argparse.Namespace) -> int:
    from dqn_lab.core.environment import END_WORDS, end_counts
    from dqn_lab.core.persistence import policy_from_bundle, read_bundle
    from dqn_lab.core.training import greedy_episodes

    bundle = read_bundle(args.bundle)
    config = bundle.config
    max_steps = args.max_steps if args.max_steps is not None else config.max_steps
    played = list(
        greedy_episodes(
            policy_from_bundle(bundle), config.env_id, args.episodes, args.seed, max_steps
        )
    )
    scores = [score for _, score, _, _ in played]
    # How the episodes ended says what to fix: a CartPole policy that balances but lets
    # the cart drift loses its episodes to the track's end, not to the pole.
    ends = end_counts(end for _, _, _, end in played)
    mean = sum(scores) / len(scores)
    if not args.json:
        for i, (_, score, _, end) in enumerate(played, 1):  # counted from 1, as the app does
            print(f"greedy episode {i}: score {score:g} ({END_WORDS[end]})")
    print(
        f"Mean over {len(scores)} greedy episodes: {mean:.2f} (min {min(scores):g}, "
        f"max {max(scores):g})"
    )
    print("Ended: " + ", ".join(f"{n}× {END_WORDS[end]}" for end, n in ends.items()))
    if args.json:
        print(
            json.dumps(
                dict(
                    bundle=str(args.bundle),
                    env=config.env_id,
                    agent=config.agent,
                    episodes=len(scores),
                    seed=args.seed,
                    max_steps=max_steps,
                    scores=scores,
                    mean=mean,
                    min=min(scores),
                    max=max(scores),
                    ends=ends,
                )
            )
        )
    return 0


def cmd_inspect(args: argparse.Namespace) -> int:
    from dqn_lab.core.persistence import manifest_text, read_bundle

    print(manifest_text(read_bundle(args.bundle).manifest))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from dqn_lab.core.persistence import export_keras, read_bundle

    if Path(args.keras).suffix != ".keras":
        raise CliError(f"--keras {args.keras}: the file name must end in .keras.")
    try:
        check_writable(args.keras, verb="export to")
    except AtomicWriteError as exc:
        raise CliError(str(exc)) from None
    bundle = read_bundle(args.bundle)
    with _quiet_native_output():
        size = export_keras(bundle, args.keras)
    print(
        printable(f"Exported the online network of {args.bundle} to {args.keras} ({size:,} bytes).")
    )
    return 0


class _quiet_native_output:
    """Silence what TensorFlow and Keras print while exporting (the command prints one line).

    File descriptors 1 and 2 are pointed at /dev/null, so C++ logging and Python warnings
    alike stay out; an error still surfaces as the exception the caller reports.
    """

    def __enter__(self):
        sys.stdout.flush()
        sys.stderr.flush()
        self.saved = [os.dup(1), os.dup(2)]
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, 1)
        os.dup2(null, 2)
        os.close(null)
        import warnings

        self.warnings = warnings.catch_warnings()
        self.warnings.__enter__()
        warnings.simplefilter("ignore")
        return self

    def __exit__(self, *exc):
        self.warnings.__exit__(*exc)
        sys.stdout.flush()
        sys.stderr.flush()
        for fd, saved in zip((1, 2), self.saved):
            os.dup2(saved, fd)
            os.close(saved)
        return False


def write_statistics_csv(path: Path, statistics: list[dict]) -> None:
    """The per-episode statistics as CSV (written atomically)."""
    text = io.StringIO(newline="")
    writer = csv.DictWriter(text, fieldnames=EPISODE_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(statistics)
    try:
        write_text_atomic(path, text.getvalue(), verb="write statistics to")
    except AtomicWriteError as exc:
        raise CliError(str(exc)) from None


def cmd_bench(args: argparse.Namespace) -> int:
    from dqn_lab.core.population import measure_agent_steps_per_s
    from dqn_lab.core.throughput import run_benchmark

    result = run_benchmark(
        steps=args.steps, literal_steps=args.literal_steps, log=None if args.json else print
    )
    population = measure_agent_steps_per_s(Config(), members=8, steps=args.steps // 4)
    result.update(
        population_size=8, population_agent_steps_per_s=round(population["agent_steps_per_s"], 1)
    )
    if not args.json:
        print(f"population_agent_steps_per_s (K=8): {result['population_agent_steps_per_s']}")
    if args.json:
        print(json.dumps(result))
    return 0


def cmd_settings(_: argparse.Namespace) -> int:
    for name, f in FIELDS.items():
        m = f.metadata
        allowed = (
            ", ".join(m["choices"])
            if m["choices"]
            else (f"{fmt(m['low'])} .. {fmt(m['high'])}" if m["low"] is not None else "")
        )
        live = "live" if m["live"] else "fixed during a run"
        print(f"{name} = {fmt(f.default)}  [{allowed}] ({live})\n    {HELP.get(name, '')}")
    return 0


COMMANDS = {
    "train": cmd_train,
    "bench": cmd_bench,
    "settings": cmd_settings,
    "evaluate": cmd_evaluate,
    "inspect": cmd_inspect,
    "export": cmd_export,
    **STUDY_COMMANDS,
}


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        if args.command is None:
            parser.print_help()
            return 0
        return COMMANDS[args.command](args)
    except (CliError, ConfigError, BundleError, StudyError, AtomicWriteError) as exc:
        print(f"dqn-lab: error: {printable(exc)}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        return 0

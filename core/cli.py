"""The headless command line: ``python main.py train | evaluate | inspect | export | bench``.

Bad arguments or settings exit with code 2 and a one-line message, never a traceback.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
from pathlib import Path

from core.bundle_format import BundleError
from core.compare import add_compare_parser, cmd_compare
from core.config import FIELDS, HELP, Config, ConfigError, fmt, parse_assignments
from core.json_values import json_safe
from core.records import EPISODE_COLUMNS, EVAL_SEED

EXIT_USAGE = 2


class CliError(Exception):
    """A user error: printed as one line, exit code 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one line, exit 2 (argparse prints usage otherwise)
        raise CliError(message)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="dqn-lab", description="DQN Lab: learn, tune and compare Deep "
                     "Q-Learning agents on CartPole. Without a command the desktop app opens.",
                     epilog="Desktop launcher (Linux): python main.py --install-desktop-entry "
                            "adds DQN Lab to your application menu; "
                            "--uninstall-desktop-entry removes it.")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)

    train = sub.add_parser("train", help="train an agent headless, printing the seed's progress")
    train.add_argument("--agent", choices=("naive", "dqn"), help=HELP.get("agent"))
    train.add_argument("--preset", help="preset to start from: seed (default) or tuned")
    train.add_argument("--env", dest="env_id", help=HELP.get("env_id"))
    train.add_argument("--episodes", help=HELP.get("episodes"))
    train.add_argument("--max-steps", dest="max_steps", help=HELP.get("max_steps"))
    train.add_argument("--seed", help=HELP.get("seed"))
    train.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                       help="any setting, e.g. --set gamma=0.99 (repeatable); see "
                            "'python main.py settings'")
    train.add_argument("--stats-csv", type=Path, help="write the per-episode statistics here")
    train.add_argument("--json", action="store_true",
                       help="print the run's result as one JSON object on the last line")
    train.add_argument("--quiet", action="store_true", help="no progress lines")
    train.add_argument("--log-dir", type=Path, metavar="DIR",
                       help="write statistics.csv and TensorBoard event files into this run "
                            "folder (created if missing; refused if it already holds a log)")
    train.add_argument("--save", type=Path, metavar="PATH",
                       help="save the agent bundle (.dqnlab) here at the end, atomically; with "
                            "--save the first Ctrl-C stops at the next safe point and saves")
    train.add_argument("--no-memory", dest="save_memory", action="store_false",
                       help="save without the replay memory (smaller; a continued run then "
                            "refills it and does not repeat an uninterrupted run exactly). "
                            "By default the memory is saved")
    train.add_argument("--load", type=Path, metavar="PATH",
                       help="continue the run saved in this bundle: --episodes N trains N more "
                            "episodes (default: up to the saved total); --set and --max-steps "
                            "may change live settings only; --load A --save A saves over A")

    evaluate = sub.add_parser("evaluate", help="greedy episodes of a saved agent (no learning)")
    evaluate.add_argument("bundle", type=Path, metavar="PATH", help="a .dqnlab bundle")
    evaluate.add_argument("--episodes", type=int, default=10, help="episodes (default 10)")
    evaluate.add_argument("--seed", type=int, default=EVAL_SEED,
                          help=f"seed of the first episode's reset (default {EVAL_SEED})")
    evaluate.add_argument("--max-steps", dest="max_steps", type=int,
                          help="step limit per episode (default: the bundle's max_steps)")
    evaluate.add_argument("--json", action="store_true",
                          help="print one JSON object (scores, mean, ...) on the last line")

    inspect = sub.add_parser("inspect", help="check a bundle and print its manifest (JSON)")
    inspect.add_argument("bundle", type=Path, metavar="PATH", help="a .dqnlab bundle")

    export = sub.add_parser("export", help="export a bundle's network for other tools")
    export.add_argument("bundle", type=Path, metavar="PATH", help="a .dqnlab bundle")
    export.add_argument("--keras", type=Path, metavar="OUT.keras", required=True,
                        help="write the online network with Keras model.save (export only; "
                             "DQN Lab never loads .keras files)")

    bench = sub.add_parser("bench", help="measure training throughput (env steps/s)")
    bench.add_argument("--steps", type=int, default=4000,
                       help="env steps measured after replay starts (default 4000)")
    bench.add_argument("--literal-steps", type=int, default=0,
                       help="also time the literal predict/fit port for this many steps")
    bench.add_argument("--json", action="store_true")

    sub.add_parser("settings", help="list every setting with its default, range and help")
    add_compare_parser(sub)
    return parser


def config_from_args(args: argparse.Namespace) -> Config:
    """The preset, then the named flags, then each --set KEY=VALUE, validated."""
    from core.presets import preset

    config = preset(args.preset or "seed")
    changes: dict[str, str] = {}
    for name in ("agent", "env_id", "episodes", "max_steps", "seed"):
        if getattr(args, name, None) is not None:
            changes[name] = getattr(args, name)
    changes.update(parse_assignments(args.set))
    return config.replace(**changes)


def cmd_train(args: argparse.Namespace) -> int:
    from core.records import EpisodeEnd, RunFinished
    from core.training import Trainer

    if args.load:
        trainer = continue_from_args(args)
        config = trainer.config
    else:
        config = config_from_args(args)
        if args.save:
            check_save_path(args.save)
        trainer = Trainer(config)
    out = sys.stdout
    summary: dict = {}
    logger = open_run_log(args.log_dir, config, append=bool(args.load)) if args.log_dir else None
    try:
        for event in run_and_save(trainer, args):
            if logger is not None and (warning := logger.handle(event)):
                print(f"dqn-lab: warning: {warning}", file=sys.stderr, flush=True)
            if isinstance(event, EpisodeEnd) and not args.quiet and event.episode % 10 == 0:
                print(f"episode: {event.episode}/{config.episodes}, score: {event.score:g}, "
                      f"steps: {event.steps}, e: {event.epsilon:.3f}, "
                      f"speed: {event.steps_per_s:.2f} steps/s", file=out, flush=True)
            elif isinstance(event, RunFinished):
                summary = event.summary
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
    if args.json:
        print(json.dumps(json_safe(summary)))
    return 0


def open_run_log(folder: Path, config: Config, append: bool):
    """A :class:`core.run_log.RunLogger` for ``--log-dir``; its errors become CLI errors."""
    from core.run_log import RunLogError, RunLogger

    try:
        return RunLogger(folder, config, append=append)
    except RunLogError as exc:
        raise CliError(str(exc)) from None


def continue_from_args(args: argparse.Namespace):
    """A trainer continuing ``--load``, with live ``--set``/``--max-steps`` and ``--episodes``."""
    from core.config import LIVE_FIELDS, coerce
    from core.persistence import add_episodes, load_warnings, read_bundle, restore_trainer

    fixed = [flag for flag, value in (("--agent", args.agent), ("--env", args.env_id),
                                      ("--seed", args.seed), ("--preset", args.preset))
             if value is not None]
    if fixed:
        raise CliError(f"{', '.join(fixed)} cannot change when continuing a saved run; "
                       f"train without --load for a new run.")
    if args.save:
        check_save_path(args.save)
    changes: dict[str, str] = {}
    if args.max_steps is not None:
        changes["max_steps"] = args.max_steps
    changes.update(parse_assignments(args.set))
    fixed = sorted(k for k in changes if k in FIELDS and k not in LIVE_FIELDS)
    if fixed:
        raise CliError(f"{', '.join(fixed)} cannot change when continuing a saved run; only "
                       f"settings that can change during a run can.")
    more = None
    if args.episodes is not None:
        more = coerce("episodes", args.episodes)
        if not isinstance(more, int) or isinstance(more, bool) or more < 1:
            raise CliError(f"--episodes with --load is the number of episodes to add, a "
                           f"whole number from 1; not {args.episodes!r}.")
    bundle = read_bundle(args.load)     # checked completely before TensorFlow starts
    done, total = bundle.manifest["counters"]["episodes"], bundle.config.episodes
    if more is None and "episodes" not in changes and done >= total:
        raise CliError(f"{args.load} has finished its {total} episodes; pass --episodes N "
                       f"to train N more.")
    bundle.config.replace(**changes)    # the same checks apply_changes makes, before TF
    trainer = restore_trainer(bundle)
    for note in load_warnings(bundle):
        print(f"dqn-lab: warning: {note}", file=sys.stderr)
    if changes:
        trainer.apply_changes(changes)
    if more is not None:
        add_episodes(trainer, more)
    if not args.quiet:
        print(f"Continuing {args.load}: {trainer.episode} episodes and {trainer.env_steps} "
              f"env steps done; training to episode {trainer.config.episodes}.", flush=True)
    return trainer


def check_save_path(path: Path) -> None:
    """Fail before training, not after it, when ``--save`` cannot be written."""
    path = Path(path)
    if path.is_dir():
        raise CliError(f"--save {path} is a folder; give a file name such as run.dqnlab.")
    if not path.resolve().parent.is_dir():
        raise CliError(f"--save {path}: the folder {path.resolve().parent} does not exist.")
    if not os.access(path.resolve().parent, os.W_OK):
        raise CliError(f"--save {path}: no permission to write in {path.resolve().parent}.")


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
        print("dqn-lab: stopping to save (Ctrl-C again to quit without saving)",
              file=sys.stderr, flush=True)

    main_thread = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGINT, on_interrupt) if main_thread else None
    try:
        yield from trainer.run()
    finally:
        if main_thread:
            signal.signal(signal.SIGINT, previous)
    from core.persistence import save_bundle

    saved = save_bundle(args.save, trainer, include_memory=args.save_memory)
    memory = f"{saved.memory_rows} memory rows" if args.save_memory else "no memory"
    print(f"Saved {saved.path} ({saved.bytes:,} bytes, {saved.episode} episodes, {memory}) "
          f"in {saved.seconds * 1000:.0f} ms", flush=True)


def cmd_evaluate(args: argparse.Namespace) -> int:
    from core.persistence import policy_from_bundle, read_bundle
    from core.training import evaluate

    if args.episodes < 1:
        raise CliError(f"--episodes must be at least 1, not {args.episodes}.")
    bundle = read_bundle(args.bundle)
    config = bundle.config
    max_steps = args.max_steps if args.max_steps is not None else config.max_steps
    scores = evaluate(policy_from_bundle(bundle), config.env_id, args.episodes, args.seed,
                      max_steps)
    mean = sum(scores) / len(scores)
    if not args.json:
        for i, score in enumerate(scores):
            print(f"greedy episode {i}: score {score:g}")
    print(f"Mean over {len(scores)} greedy episodes: {mean:.2f} (min {min(scores):g}, "
          f"max {max(scores):g})")
    if args.json:
        print(json.dumps(dict(bundle=str(args.bundle), env=config.env_id, agent=config.agent,
                              episodes=len(scores), seed=args.seed, max_steps=max_steps,
                              scores=scores, mean=mean, min=min(scores), max=max(scores))))
    return 0


def cmd_inspect(args: argparse.Namespace) -> int:
    from core.persistence import manifest_text, read_bundle

    print(manifest_text(read_bundle(args.bundle).manifest))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from core.persistence import export_keras, read_bundle

    size = export_keras(read_bundle(args.bundle), args.keras)
    print(f"Exported the online network of {args.bundle} to {args.keras} ({size:,} bytes).")
    return 0


def write_statistics_csv(path: Path, statistics: list[dict]) -> None:
    """The per-episode statistics as CSV (written atomically)."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        with open(tmp, "w", newline="", encoding="utf-8") as fh:
            writer = csv.DictWriter(fh, fieldnames=EPISODE_COLUMNS, extrasaction="ignore")
            writer.writeheader()
            writer.writerows(statistics)
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise CliError(f"Cannot write statistics to {path}: {exc.strerror or exc}.") from None


def cmd_bench(args: argparse.Namespace) -> int:
    from benchmarks.throughput import run_benchmark

    result = run_benchmark(steps=args.steps, literal_steps=args.literal_steps,
                           log=None if args.json else print)
    if args.json:
        print(json.dumps(result))
    return 0


def cmd_settings(_: argparse.Namespace) -> int:
    for name, f in FIELDS.items():
        m = f.metadata
        allowed = ", ".join(m["choices"]) if m["choices"] else (
            f"{fmt(m['low'])} .. {fmt(m['high'])}" if m["low"] is not None else "")
        live = "live" if m["live"] else "fixed during a run"
        print(f"{name} = {fmt(f.default)}  [{allowed}] ({live})\n    {HELP.get(name, '')}")
    return 0


COMMANDS = {"train": cmd_train, "bench": cmd_bench, "settings": cmd_settings,
            "evaluate": cmd_evaluate, "inspect": cmd_inspect, "export": cmd_export,
            "compare": cmd_compare}


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        if args.command is None:
            parser.print_help()
            return 0
        return COMMANDS[args.command](args)
    except (CliError, ConfigError, BundleError) as exc:
        print(f"dqn-lab: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        return 0

"""The headless command line: ``python main.py train | bench`` (and more, see ``--help``).

Bad arguments or settings exit with code 2 and a one-line message, never a traceback.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import sys
from pathlib import Path

from core.config import FIELDS, HELP, ConfigError, Config, fmt

EXIT_USAGE = 2


class CliError(Exception):
    """A user error: printed as one line, exit code 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one line, exit 2 (argparse prints usage otherwise)
        raise CliError(message)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="dqn-lab", description="DQN Lab: learn, tune and compare Deep "
                     "Q-Learning agents on CartPole. Without a command the desktop app opens.")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)

    train = sub.add_parser("train", help="train an agent headless, printing the seed's progress")
    train.add_argument("--agent", choices=("naive", "dqn"), help=HELP.get("agent"))
    train.add_argument("--preset", default="seed", help="preset to start from: seed or tuned")
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

    bench = sub.add_parser("bench", help="measure training throughput (env steps/s)")
    bench.add_argument("--steps", type=int, default=4000,
                       help="env steps measured after replay starts (default 4000)")
    bench.add_argument("--literal-steps", type=int, default=0,
                       help="also time the literal predict/fit port for this many steps")
    bench.add_argument("--json", action="store_true")

    sub.add_parser("settings", help="list every setting with its default, range and help")
    return parser


def config_from_args(args: argparse.Namespace) -> Config:
    """The preset, then the named flags, then each --set KEY=VALUE, validated."""
    from core.presets import preset

    config = preset(args.preset)
    changes: dict[str, str] = {}
    for name in ("agent", "env_id", "episodes", "max_steps", "seed"):
        if getattr(args, name, None) is not None:
            changes[name] = getattr(args, name)
    for item in args.set:
        key, sep, value = item.partition("=")
        if not sep:
            raise CliError(f"--set expects KEY=VALUE, not {item!r}.")
        changes[key.strip()] = value
    return config.replace(**changes)


def cmd_train(args: argparse.Namespace) -> int:
    from core.training import EpisodeEnd, RunFinished, Trainer

    config = config_from_args(args)
    trainer = Trainer(config)
    out = sys.stdout
    summary: dict = {}
    try:
        for event in trainer.run():
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
    if args.stats_csv:
        write_statistics_csv(args.stats_csv, trainer.statistics)
    threshold = summary["threshold"]
    print(f"Mean over last 100 episodes: {summary['mean_last_100']:.2f}")
    if threshold is not None:
        verdict = "passed" if summary["solved"] else "not passed"
        note = "" if summary["episodes"] >= 100 else " (needs at least 100 episodes)"
        print(f"Check (mean of last 100 >= {threshold:g}): {verdict}{note}")
    if args.json:
        print(json.dumps(_json_safe(summary)))
    return 0


def write_statistics_csv(path: Path, statistics: list[dict]) -> None:
    """The per-episode statistics as CSV (written atomically)."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.tmp")
    fields = ["episode", "score", "steps", "epsilon", "loss", "mean_q", "env_steps", "wall_s"]
    try:
        with open(tmp, "w", newline="", encoding="utf-8") as fh:
            writer = csv.DictWriter(fh, fieldnames=fields, extrasaction="ignore")
            writer.writeheader()
            writer.writerows(statistics)
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise CliError(f"Cannot write statistics to {path}: {exc.strerror or exc}.") from None


def _json_safe(value):
    """NaN/inf become null so the line is strict JSON."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_safe(v) for v in value]
    return value


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


COMMANDS = {"train": cmd_train, "bench": cmd_bench, "settings": cmd_settings}


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        if args.command is None:
            parser.print_help()
            return 0
        return COMMANDS[args.command](args)
    except (CliError, ConfigError) as exc:
        print(f"dqn-lab: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        return 0

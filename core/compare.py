"""Compare configurations over several seeds: aligned curves, mean and band, a results table.

Pure NumPy (and :mod:`dqn_lab.core.stats` for the bootstrap band) over
:class:`dqn_lab.core.run_manager.RunRecord` objects, so the CLI, the GUI's compare view and the
tests share one set of numbers. Also the ``compare`` flags (:func:`add_compare_parser`); the
command itself runs a compare study (:mod:`dqn_lab.core.study_cli`).
"""

from __future__ import annotations

import argparse
import csv
import io
import math
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from dqn_lab.core.atomic_file import AtomicWriteError, write_text_atomic
from dqn_lab.core.config import Config, ConfigError, parse_assignments
from dqn_lab.core.run_manager import DONE, RunRecord, comparison_configs, seeds_from

ALIGNMENTS = ("episode", "env_steps")
BANDS = ("minmax", "bootstrap")
BAND_LABELS = {"minmax": "min-max", "bootstrap": "bootstrap 95% CI"}
DASH = "—"


# -- per-run numbers ------------------------------------------------------------------------
def rolling_mean(values, window: int) -> np.ndarray:
    """Trailing mean over up to ``window`` values (the first points average what exists)."""
    v = np.asarray(values, dtype=float)
    if v.size == 0 or window <= 1:
        return v.copy()
    c = np.concatenate(([0.0], np.cumsum(v)))
    idx = np.arange(1, v.size + 1)
    lo = np.maximum(0, idx - window)
    return (c[idx] - c[lo]) / (idx - lo)


def episodes_to_pass(scores, threshold: float | None, window: int = 100) -> int | None:
    """Episodes played until the ``window``-episode mean first reached ``threshold``, or None.

    The seed's check: the mean of the last 100 scores >= the threshold, with at least 100
    episodes played; the count includes that episode (episode index 99 -> 100).
    """
    s = np.asarray(scores, dtype=float)
    if threshold is None or s.size < window:
        return None
    c = np.concatenate(([0.0], np.cumsum(s)))
    means = (c[window:] - c[:-window]) / window  # means[i]: episodes i .. i + window - 1
    hits = np.flatnonzero(means >= threshold - 1e-9)
    return int(hits[0] + window) if hits.size else None


def run_threshold(rec: RunRecord) -> float | None:
    """The environment's reward threshold (from the run's summary, else Gymnasium's spec)."""
    if rec.summary and "threshold" in rec.summary:
        return rec.summary["threshold"]
    from dqn_lab.core.environment import env_info

    try:
        return env_info(rec.config.env_id).reward_threshold
    except ConfigError:  # an environment that cannot be made: its run fails on its own
        return None


def run_row(rec: RunRecord, threshold: float | None = None) -> dict:
    """One run's results: mean of last 100, episodes to pass, greedy eval, wall time, speed."""
    scores = rec.scores
    threshold = run_threshold(rec) if threshold is None else threshold
    env_steps = rec.episodes[-1]["env_steps"] if rec.episodes else 0
    summary = rec.summary or {}
    wall = summary.get("wall_s") or (rec.episodes[-1]["wall_s"] if rec.episodes else 0.0)
    return dict(
        configuration=rec.label,
        seed=rec.seed,
        status=rec.status,
        episodes=len(scores),
        env_steps=env_steps,
        mean_last_100=float(np.mean(scores[-100:])) if scores else None,
        episodes_to_pass=episodes_to_pass(scores, threshold),
        eval_mean=summary.get("eval_mean"),
        wall_s=float(wall) if wall else None,
        steps_per_s=env_steps / wall if wall else None,
        threshold=threshold,
        error=rec.error,
    )


def _stats(values) -> dict:
    v = np.asarray([x for x in values if x is not None], dtype=float)
    if v.size == 0:
        return dict(mean=None, std=None, min=None, max=None, n=0)
    return dict(
        mean=float(v.mean()),
        std=float(v.std(ddof=1)) if v.size > 1 else 0.0,
        min=float(v.min()),
        max=float(v.max()),
        n=int(v.size),
    )


def summarize(records: list[RunRecord], threshold: float | None = None) -> dict[str, dict]:
    """Per configuration: its runs' rows and, over its finished runs, mean and spread."""
    out: dict[str, dict] = {}
    for rec in records:
        out.setdefault(rec.label, dict(runs=[]))["runs"].append(run_row(rec, threshold))
    for _label, entry in out.items():
        done = [r for r in entry["runs"] if r["status"] == DONE]
        passes = [r["episodes_to_pass"] for r in done if r["episodes_to_pass"] is not None]
        entry.update(
            runs_done=len(done),
            runs_total=len(entry["runs"]),
            mean_last_100=_stats(r["mean_last_100"] for r in done),
            passed=len(passes),
            episodes_to_pass=_stats(passes),
            episodes_to_pass_median=float(np.median(passes)) if passes else None,
            eval_mean=_stats(r["eval_mean"] for r in done),
            wall_s=_stats(r["wall_s"] for r in done),
            steps_per_s=_stats(r["steps_per_s"] for r in done),
        )
    return out


# -- curves: alignment, mean and band ---------------------------------------------------------
@dataclass(frozen=True)
class Curve:
    """A configuration's runs on one x grid: ``values[i]`` is run ``run_ids[i]``."""

    label: str
    x: np.ndarray
    values: np.ndarray  # (runs, points)
    run_ids: tuple[int, ...]

    def band(
        self, kind: str = "minmax", n_boot: int = 2000, seed: int = 0
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Mean across runs and the band (min-max, or percentile bootstrap 95% of the mean)."""
        return mean_band(self.values, kind, n_boot, seed)


def mean_band(
    values: np.ndarray, kind: str = "minmax", n_boot: int = 2000, seed: int = 0
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Mean over axis 0 and a band: 'minmax' or 'bootstrap' (95% interval of the mean, from
    ``scipy.stats.bootstrap`` with a seeded generator; see :func:`dqn_lab.core.stats.band`)."""
    from dqn_lab.core.stats import band  # scipy loads on first use, not with the CLI

    return band(values, kind, n_boot, seed)


def run_curve(rec: RunRecord, align: str, smooth: int) -> tuple[np.ndarray, np.ndarray]:
    """A run's (x, smoothed score): x is the episode number (1-based) or env steps."""
    y = rolling_mean(rec.scores, smooth)
    if align == "episode":
        return np.arange(1, y.size + 1, dtype=float), y
    if align == "env_steps":
        return np.array([e["env_steps"] for e in rec.episodes], dtype=float), y
    raise ValueError(f"align must be one of {', '.join(ALIGNMENTS)}, not {align!r}.")


def align(
    records: list[RunRecord], align: str = "episode", smooth: int = 1, points: int = 200
) -> Curve | None:
    """Put runs of one configuration on a common grid, over the x range they all cover.

    By episode: episodes 1 .. the shortest run. By env step: ``points`` steps from the
    latest first episode end to the earliest last one, each run linearly interpolated.
    """
    runs = [(r, *run_curve(r, align, smooth)) for r in records if r.episodes]
    if not runs:
        return None
    ids = tuple(r.run_id for r, _, _ in runs)
    label = runs[0][0].label
    if align == "episode":
        n = min(y.size for _, _, y in runs)
        return Curve(
            label, np.arange(1, n + 1, dtype=float), np.vstack([y[:n] for _, _, y in runs]), ids
        )
    start = max(x[0] for _, x, _ in runs)
    stop = min(x[-1] for _, x, _ in runs)
    if stop < start:  # no env-step range shared by all runs
        return None
    grid = np.linspace(start, stop, points) if stop > start else np.array([start])
    grid = np.unique(np.round(grid))  # whole steps (a table showed "33.8894 steps")
    return Curve(label, grid, np.vstack([np.interp(grid, x, y) for _, x, y in runs]), ids)


def curves(
    records: list[RunRecord], align_by: str = "episode", smooth: int = 1, points: int = 200
) -> dict[str, Curve]:
    """Aligned curves of each configuration's finished runs (the ones means are taken over)."""
    by_label: dict[str, list[RunRecord]] = {}
    for rec in records:
        if rec.status == DONE:
            by_label.setdefault(rec.label, []).append(rec)
    out = {}
    for label, recs in by_label.items():
        curve = align(recs, align_by, smooth, points)
        if curve is not None:
            out[label] = curve
    return out


# -- tables and export ------------------------------------------------------------------------
COLUMNS = (
    "configuration",
    "seed",
    "status",
    "episodes",
    "mean last 100",
    "episodes to pass",
    "greedy eval",
    "wall s",
    "steps/s",
)


def _num(v, digits: int = 1) -> str:
    return (
        DASH if v is None or (isinstance(v, float) and not math.isfinite(v)) else f"{v:,.{digits}f}"
    )


def _spread(s: dict, digits: int = 1) -> str:
    if s["mean"] is None:
        return DASH
    return (
        f"{s['mean']:.{digits}f} ± {s['std']:.{digits}f}"
        if s["n"] > 1
        else f"{s['mean']:.{digits}f}"
    )


def table_rows(summary: dict[str, dict]) -> list[tuple[str, ...]]:
    """Display rows: each run, then its configuration's mean ± standard deviation."""
    rows: list[tuple[str, ...]] = []
    for label, entry in summary.items():
        for r in entry["runs"]:
            rows.append(
                (
                    label,
                    str(r["seed"]),
                    r["status"],
                    str(r["episodes"]),
                    _num(r["mean_last_100"]),
                    str(r["episodes_to_pass"] or DASH),
                    _num(r["eval_mean"]),
                    _num(r["wall_s"]),
                    _num(r["steps_per_s"], 0),
                )
            )
        med = entry["episodes_to_pass_median"]
        passed = f"{entry['passed']}/{entry['runs_done']} passed" + (
            f", median {med:.0f}" if med is not None else ""
        )
        rows.append(
            (
                label,
                "all",
                f"{entry['runs_done']}/{entry['runs_total']} done",
                "",
                _spread(entry["mean_last_100"]),
                passed,
                _spread(entry["eval_mean"]),
                _num(entry["wall_s"]["mean"]),
                _num(entry["steps_per_s"]["mean"], 0),
            )
        )
    return rows


def format_table(summary: dict[str, dict]) -> str:
    rows = [COLUMNS, *table_rows(summary)]
    widths = [max(len(r[i]) for r in rows) for i in range(len(COLUMNS))]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in rows)


def _write_atomic(path: Path, fieldnames: list[str], rows: list[dict]) -> None:
    text = io.StringIO(newline="")
    writer = csv.DictWriter(text, fieldnames=fieldnames, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    try:
        write_text_atomic(path, text.getvalue(), verb="write")
    except AtomicWriteError as exc:
        m = exc.message  # its parts kept, so the GUI words it in its language
        raise ConfigError(str(exc), template=m.template, values=m.values) from None


RESULT_FIELDS = [
    "configuration",
    "seed",
    "status",
    "episodes",
    "env_steps",
    "mean_last_100",
    "mean_last_100_sd",
    "episodes_to_pass",
    "passed",
    "eval_mean",
    "eval_sd",
    "wall_s",
    "steps_per_s",
    "error",
]


def write_results_csv(path: Path, summary: dict[str, dict]) -> None:
    """Per-run rows and one 'all' row per configuration (mean; sd over finished runs)."""
    rows = []
    for label, entry in summary.items():
        rows += [dict(r, passed=int(r["episodes_to_pass"] is not None)) for r in entry["runs"]]
        rows.append(
            dict(
                configuration=label,
                seed="all",
                status=f"{entry['runs_done']}/{entry['runs_total']} done",
                mean_last_100=entry["mean_last_100"]["mean"],
                mean_last_100_sd=entry["mean_last_100"]["std"],
                episodes_to_pass=entry["episodes_to_pass_median"],
                passed=entry["passed"],
                eval_mean=entry["eval_mean"]["mean"],
                eval_sd=entry["eval_mean"]["std"],
                wall_s=entry["wall_s"]["mean"],
                steps_per_s=entry["steps_per_s"]["mean"],
            )
        )
    _write_atomic(path, RESULT_FIELDS, rows)


def write_curves_csv(path: Path, curve_map: dict[str, Curve], align_by: str, band: str) -> None:
    """The plotted mean and band of each configuration, one row per grid point."""
    rows = []
    for label, c in curve_map.items():
        mean, low, high = c.band(band)
        rows += [
            dict(
                configuration=label,
                x=float(x),
                mean=float(m),
                low=float(lo),
                high=float(hi),
                runs=len(c.run_ids),
            )
            for x, m, lo, hi in zip(c.x, mean, low, high)
        ]
    _write_atomic(
        path,
        ["configuration", "align", "band", "x", "mean", "low", "high", "runs"],
        [dict(r, align=align_by, band=band) for r in rows],
    )


# -- the CLI subcommand -----------------------------------------------------------------------
def add_compare_parser(subparsers) -> argparse.ArgumentParser:
    """Add ``compare`` to the CLI's subparsers."""
    p = subparsers.add_parser(
        "compare",
        help="train several agents over several seeds (a compare study run by "
        "worker processes) and print a results table (mean and spread)",
    )
    p.add_argument(
        "--agents",
        default="naive,dqn",
        help="comma-separated configurations to compare (default naive,dqn)",
    )
    p.add_argument(
        "--seeds",
        default="5",
        help="number of seeds per agent: 42, 43, ... (default 5; counts up from the preset's seed)",
    )
    p.add_argument("--preset", default="seed", help="preset to start from: seed or tuned")
    p.add_argument("--episodes", help="training episodes per run (default: the preset's)")
    p.add_argument(
        "--parallel",
        "--jobs",
        dest="parallel",
        help="local worker processes, each training one configuration's seeds as one "
        "population (default: the number of configurations, at most the CPU cores)",
    )
    p.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="any setting for every run, e.g. --set gamma=0.99 (repeatable)",
    )
    p.add_argument(
        "--eval-episodes",
        default="10",
        help="greedy evaluation episodes of each final policy (default 10)",
    )
    p.add_argument("--csv", type=Path, help="also write the results table here")
    p.add_argument(
        "--json",
        action="store_true",
        help="print the results as one JSON object keyed by configuration on the last line",
    )
    p.add_argument("--quiet", action="store_true", help="no line per finished run")
    return p


def _count(name: str, text: str, low: int, high: int) -> int:
    try:
        value = int(text)
    except (TypeError, ValueError):
        raise ConfigError(f"--{name} must be a whole number, not {text!r}.") from None
    if not low <= value <= high:
        raise ConfigError(f"--{name} must be between {low} and {high}, not {value}.")
    return value


def plan_from_args(args: argparse.Namespace) -> tuple[dict[str, Config], list[int]]:
    """Configurations and seeds from the parsed ``compare`` arguments (validated)."""
    from dqn_lab.core.environment import env_info
    from dqn_lab.core.presets import preset

    changes: dict[str, str] = {}
    if args.episodes is not None:
        changes["episodes"] = args.episodes
    changes.update(parse_assignments(args.set))
    if "agent" in changes:
        raise ConfigError("Use --agents to choose the agents of a comparison, not --set agent.")
    base = preset(args.preset).replace(**changes)
    env_info(base.env_id)  # an unknown environment is a usage error, before any process starts
    configs = comparison_configs([a.strip() for a in args.agents.split(",") if a.strip()], base)
    return configs, seeds_from(base.seed, _count("seeds", args.seeds, 1, 100))


def cmd_compare(args: argparse.Namespace) -> int:
    """The ``compare`` command: a compare study (see :func:`dqn_lab.core.study_cli.cmd_compare`)."""
    from dqn_lab.core.study_cli import cmd_compare as run

    return run(args)


def main(argv: list[str] | None = None) -> int:
    """``python -m dqn_lab.core.compare ...`` (the same as ``python main.py compare ...``)."""
    from dqn_lab.core.study import StudyError

    parser = argparse.ArgumentParser(prog="dqn-lab")
    compare = add_compare_parser(parser.add_subparsers(dest="command"))
    compare.add_argument("--storage")
    compare.add_argument("--study")
    args = compare.parse_args(argv)
    try:
        return cmd_compare(args)
    except (ConfigError, StudyError) as exc:
        print(f"dqn-lab: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())

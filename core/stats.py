"""Statistics over seeds, from scipy: mean, median, IQM, bootstrap CI, probability of improvement.

One place for the numbers every table and chart of a study or a comparison shows, so the CLI,
the GUI and the tests agree. Nothing here is hand-written resampling: the 95% interval is
``scipy.stats.bootstrap`` with a seeded generator (the same values give the same interval), the
IQM is ``scipy.stats.trim_mean(values, 0.25)`` and the probability that A beats B is the
Mann-Whitney U statistic divided by ``n * m`` (ties count one half), as in Agarwal et al. 2021
("Deep RL at the edge of the statistical precipice").
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np


def _sps():
    """scipy.stats, imported on first use: it is slow to import, the app's windows import
    this module at start-up, and most sessions never compute a statistic."""
    from scipy import stats

    return stats


MIN_SEEDS = 5
CONFIDENCE = 0.95
N_RESAMPLES = 2000
BOOTSTRAP_SEED = 0


@dataclass(frozen=True)
class Summary:
    """What a table row says about one set of per-seed values."""

    n: int
    mean: float | None
    median: float | None
    iqm: float | None
    ci_low: float | None  # 95% bootstrap interval of the mean
    ci_high: float | None
    std: float | None
    warning: str  # '' or why the numbers are fragile

    def to_dict(self) -> dict:
        return asdict(self)


def few_seeds_warning(n: int) -> str:
    """A warning below :data:`MIN_SEEDS` values (empty otherwise)."""
    if n >= MIN_SEEDS:
        return ""
    return f"only {n} seed{'s' * (n != 1)}: below {MIN_SEEDS} the mean and its interval are fragile"


def iqm(values) -> float:
    """Interquartile mean: the mean of the middle 50% (``trim_mean`` cutting 25% each side)."""
    return float(_sps().trim_mean(np.asarray(values, dtype=float), 0.25))


def bootstrap_ci(
    values,
    statistic=np.mean,
    confidence: float = CONFIDENCE,
    n_resamples: int = N_RESAMPLES,
    seed: int = BOOTSTRAP_SEED,
) -> tuple[float, float]:
    """The percentile bootstrap interval of ``statistic`` (seeded: same values, same interval).

    One value has no spread: the interval is that value. Identical values give a zero-width
    interval (scipy would warn about a degenerate distribution).
    """
    v = np.asarray(values, dtype=float)
    if v.size == 0:
        raise ValueError("A confidence interval needs at least one value.")
    if v.size == 1 or np.all(v == v[0]):
        point = float(statistic(v))
        return point, point
    res = _sps().bootstrap(
        (v,),
        statistic,
        confidence_level=confidence,
        n_resamples=n_resamples,
        method="percentile",
        vectorized=False,
        rng=np.random.default_rng(seed),
    )
    return float(res.confidence_interval.low), float(res.confidence_interval.high)


def summarize(values) -> Summary:
    """Mean, median, IQM, standard deviation and the 95% interval of the mean."""
    v = np.asarray([x for x in values if x is not None and np.isfinite(x)], dtype=float)
    if v.size == 0:
        return Summary(0, None, None, None, None, None, None, few_seeds_warning(0))
    low, high = bootstrap_ci(v)
    return Summary(
        int(v.size),
        float(v.mean()),
        float(np.median(v)),
        iqm(v),
        low,
        high,
        float(v.std(ddof=1)) if v.size > 1 else 0.0,
        few_seeds_warning(v.size),
    )


def probability_of_improvement(a, b) -> float:
    """P(a score of A > a score of B), ties counting one half: Mann-Whitney U / (n * m)."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if a.size == 0 or b.size == 0:
        raise ValueError("The probability of improvement needs values on both sides.")
    u = _sps().mannwhitneyu(a, b, alternative="two-sided").statistic
    return float(u / (a.size * b.size))


def band(
    values: np.ndarray, kind: str = "minmax", n_resamples: int = 1000, seed: int = BOOTSTRAP_SEED
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Mean over axis 0 (runs) and a band per column: 'minmax' or 'bootstrap' (95% of the mean).

    The bootstrap band resamples runs with ``scipy.stats.bootstrap`` along axis 0, all columns
    in one vectorised call.
    """
    v = np.asarray(values, dtype=float)
    mean = v.mean(axis=0)
    if kind == "minmax":
        return mean, v.min(axis=0), v.max(axis=0)
    if kind != "bootstrap":
        raise ValueError(f"band must be one of minmax, bootstrap, not {kind!r}.")
    if v.shape[0] < 2:
        return mean, mean.copy(), mean.copy()
    low, high = mean.copy(), mean.copy()
    spread = ~np.all(v == v[0], axis=0)  # constant columns: a zero-width band
    if spread.any():
        res = _sps().bootstrap(
            (v[:, spread],),
            np.mean,
            axis=0,
            confidence_level=CONFIDENCE,
            n_resamples=n_resamples,
            method="percentile",
            rng=np.random.default_rng(seed),
        )
        low[spread] = res.confidence_interval.low
        high[spread] = res.confidence_interval.high
    return mean, low, high


def protocol_text(eval_episodes: int, eval_seed: int, what: str = "final policy") -> str:
    """How the numbers were measured, for every table and chart that shows them."""
    if eval_episodes <= 0:
        return "no greedy evaluation (training scores only)"
    return (
        f"{what}: {eval_episodes} greedy episode{'s' * (eval_episodes != 1)} (no "
        f"exploration) on a separate environment, evaluation seeds {eval_seed}.."
        f"{eval_seed + eval_episodes - 1}"
    )

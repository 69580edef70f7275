"""dqn_lab.core.stats against values computed independently here (by hand or by brute force)."""

import itertools

import numpy as np
import pytest

from dqn_lab.core.stats import (
    MIN_SEEDS,
    band,
    bootstrap_ci,
    iqm,
    probability_of_improvement,
    protocol_text,
    summarize,
)


def test_iqm_mean_median_on_known_values():
    values = [1.0, 2.0, 3.0, 4.0, 100.0, 6.0, 7.0, 8.0]
    # 8 values: trim 2 from each end of the sorted list -> 3, 4, 6, 7.
    assert iqm(values) == pytest.approx((3 + 4 + 6 + 7) / 4)
    s = summarize(values)
    assert s.n == 8 and s.mean == pytest.approx(sum(values) / 8)
    assert s.median == pytest.approx((4 + 6) / 2)
    assert s.std == pytest.approx(np.std(values, ddof=1))
    assert s.warning == ""
    assert summarize([]).n == 0 and summarize([]).mean is None
    assert summarize([None, float("nan"), 5.0]).n == 1  # missing values are left out


def test_probability_of_improvement_by_counting_pairs():
    rng = np.random.default_rng(3)
    a = rng.integers(0, 10, 7).astype(float)
    b = rng.integers(0, 10, 9).astype(float)
    pairs = [(x > y) + 0.5 * (x == y) for x, y in itertools.product(a, b)]
    assert probability_of_improvement(a, b) == pytest.approx(np.mean(pairs))
    assert probability_of_improvement([5, 6], [1, 2]) == 1.0
    assert probability_of_improvement([1, 2], [5, 6]) == 0.0
    assert probability_of_improvement([3, 3], [3, 3]) == 0.5
    with pytest.raises(ValueError):
        probability_of_improvement([], [1.0])


def test_bootstrap_interval_of_the_mean():
    # Three values: every resample is one of 27 equally likely triples; the percentile
    # interval's ends must be means of such triples and cover the sample mean.
    values = [1.0, 3.0, 8.0]
    low, high = bootstrap_ci(values)
    means = sorted(np.mean(t) for t in itertools.product(values, repeat=3))
    assert min(means) <= low <= np.mean(values) <= high <= max(means)
    assert bootstrap_ci(values) == (low, high)  # seeded: the same every time
    assert bootstrap_ci([4.0]) == (4.0, 4.0)
    assert bootstrap_ci([2.0, 2.0, 2.0]) == (2.0, 2.0)
    # Many values: close to the normal interval mean +- 1.96 sd / sqrt(n).
    big = np.random.default_rng(0).normal(50.0, 10.0, 400)
    low, high = bootstrap_ci(big)
    half = 1.96 * big.std(ddof=1) / np.sqrt(big.size)
    assert (high - low) / 2 == pytest.approx(half, rel=0.15)
    assert (low + high) / 2 == pytest.approx(big.mean(), abs=0.2 * half)


def test_few_seeds_warn_and_band_per_column():
    assert "below 5" in summarize([1.0, 2.0]).warning
    assert summarize(list(range(MIN_SEEDS))).warning == ""
    values = np.array([[1.0, 2.0, 3.0], [3.0, 2.0, 9.0], [5.0, 2.0, 6.0]])
    mean, low, high = band(values, "minmax")
    assert mean.tolist() == [3, 2, 6] and low.tolist() == [1, 2, 3] and high.tolist() == [5, 2, 9]
    mean, low, high = band(values, "bootstrap")
    assert low[1] == high[1] == 2.0
    assert np.all(low <= mean) and np.all(mean <= high)
    assert np.all(low >= values.min(0)) and np.all(high <= values.max(0))
    with pytest.raises(ValueError, match="band must be one of"):
        band(values, "iqr")


def test_protocol_says_how_it_was_measured():
    text = protocol_text(10, 10_000)
    assert "10 greedy episodes" in text and "10000..10009" in text
    assert "no greedy evaluation" in protocol_text(0, 10_000)

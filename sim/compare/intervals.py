"""Confidence intervals over seeds: of a scenario's figure, and of its difference from another.

Seeds are independent replications, so a figure's mean over n seeds has
Student's t interval mean +- t(0.975, n - 1) x sd / sqrt(n). Scenarios run
with the same seeds share their random numbers (the same people, the same
draws), so a difference between two scenarios is taken seed by seed and the
interval is that of the paired differences (Law 2015, Simulation Modeling
and Analysis, section 10.2.1): far narrower than the two intervals apart.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import stats

LEVEL = 0.95


@dataclass(frozen=True)
class Interval:
    """A mean over seeds with its confidence interval (NaN bounds with one seed).

    Attributes
    ----------
    mean, low, high : float64 arrays of one shape, in the figure's units.
    n : how many seeds.
    """

    mean: np.ndarray
    low: np.ndarray
    high: np.ndarray
    n: int


def interval(values: np.ndarray, level: float = LEVEL) -> Interval:
    """Student's t interval of the mean over the first axis (seeds).

    Parameters
    ----------
    values : (n_seeds, ...) float64 one figure per seed; NaN in any seed gives NaN.
    level : coverage of the interval.
    """
    values = np.asarray(values, dtype=np.float64)
    n = values.shape[0]
    mean = values.mean(axis=0)
    if n < 2:
        nan = np.full_like(mean, np.nan)
        return Interval(mean=mean, low=nan, high=nan.copy(), n=n)
    half = stats.t.ppf(0.5 + level / 2, n - 1) * values.std(axis=0, ddof=1) / np.sqrt(n)
    return Interval(mean=mean, low=mean - half, high=mean + half, n=n)


def paired_difference(values: np.ndarray, reference: np.ndarray,
                      level: float = LEVEL) -> Interval:
    """Interval of values - reference, paired seed by seed (same shapes, seeds first)."""
    return interval(np.asarray(values, dtype=np.float64)
                    - np.asarray(reference, dtype=np.float64), level)

"""Sobol' indices of a sweep's figures over its parameters, with bootstrap intervals.

A Sobol' sweep (``design.py``) holds the runs of the matrices A, B and each
AB_i. For a figure, its mean over seeds at each point gives f(A), f(B) and
f(AB_i); scipy.stats.sobol_indices turns them into first-order indices (the
share of the figure's variance each parameter explains alone; Saltelli et
al. 2010) and total-order indices (alone and with the others; Jansen 1999),
and its bootstrap gives 95% intervals. scipy suffices here, so SALib is not
needed: it would add a dependency for the same estimators.
"""

from __future__ import annotations

import numpy as np
from scipy.stats import sobol_indices

from ..errors import InputError
from .spec import SweepSpec

BOOTSTRAP_RESAMPLES = 999


def point_means(table: dict[str, np.ndarray], key: str, n_points: int) -> np.ndarray:
    """(n_points,) float64 mean of `key` over the seeds of each design point."""
    point = table["point"].astype(np.int64)
    values = table[key].astype(np.float64)
    total = np.bincount(point, weights=values, minlength=n_points)
    return total / np.bincount(point, minlength=n_points)


def sobol_table(spec: SweepSpec, table: dict[str, np.ndarray],
                keys: list[str]) -> dict[str, np.ndarray]:
    """Columns of sensitivity.csv: per figure and parameter, first- and total-order Sobol'
    indices with 95% bootstrap intervals. InputError if the sweep is not a Sobol' design or
    a run failed (the estimators need every point)."""
    if spec.design != "sobol":
        raise InputError("Sobol' indices need design = \"sobol\"", file=spec.source,
                         field="design")
    d, n = len(spec.parameters), spec.n
    rows = []
    for key in keys:
        if key not in table:
            raise InputError(f"no figure {key!r} in the sweep's results", file=spec.source,
                             field="sensitivity")
        y = point_means(table, key, n * (d + 2))
        if not np.all(np.isfinite(y)):
            raise InputError(f"{key}: some runs failed or have no value; Sobol' indices need "
                             "every point (see results.csv)", file=spec.source,
                             field="sensitivity")
        if d == 1:  # one parameter explains all the variance (scipy needs d >= 2 here)
            rows.append((key, spec.parameters[0].path, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0))
            continue
        result = sobol_indices(func={"f_A": y[None, :n], "f_B": y[None, n:2 * n],
                                     "f_AB": y[2 * n:].reshape(d, 1, n)}, n=n)
        bounds = result.bootstrap(confidence_level=0.95, n_resamples=BOOTSTRAP_RESAMPLES)
        first, total = (np.reshape(x, -1) for x in (result.first_order, result.total_order))
        first_ci = bounds.first_order.confidence_interval
        total_ci = bounds.total_order.confidence_interval
        low_high = [np.reshape(x, -1) for x in (first_ci.low, first_ci.high,
                                                 total_ci.low, total_ci.high)]
        for i, parameter in enumerate(spec.parameters):
            rows.append((key, parameter.path, first[i], low_high[0][i], low_high[1][i],
                         total[i], low_high[2][i], low_high[3][i]))
    names = ("kpi", "parameter", "first_order", "first_low", "first_high", "total_order",
             "total_low", "total_high")
    return {name: np.array([row[c] for row in rows]) for c, name in enumerate(names)}

"""The design's points: a full grid, a Latin hypercube, or Sobol' points in Saltelli's scheme.

The Sobol' design draws n points of a scrambled Sobol' sequence in 2d
dimensions (scipy.stats.qmc) and splits them into two matrices A and B of d
columns; the runs are A, then B, then for each parameter i the matrix AB_i,
A with its column i from B: n x (d + 2) runs, from which the first- and
total-order Sobol' indices follow (Saltelli et al. 2010; ``sensitivity.py``).
"""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np
from scipy.stats import qmc

from .spec import SweepSpec


def unit_points(spec: SweepSpec) -> np.ndarray:
    """Points in [0, 1)^d of an lhs ((n, d)) or sobol ((n x (d + 2), d): A, B, then each
    AB_i) design, seeded by design_seed."""
    d = len(spec.parameters)
    if spec.design == "lhs":
        return qmc.LatinHypercube(d=d, seed=spec.design_seed).random(spec.n)
    sobol = qmc.Sobol(d=2 * d, scramble=True, seed=spec.design_seed)
    both = sobol.random_base2(int(np.log2(spec.n)))
    a, b = both[:, :d], both[:, d:]
    mixed = []
    for i in range(d):
        ab = a.copy()
        ab[:, i] = b[:, i]
        mixed.append(ab)
    return np.vstack([a, b, *mixed])


def design_points(spec: SweepSpec) -> list[dict[str, Any]]:
    """Each point as {dotted path: value}, in the design's order."""
    paths = [p.path for p in spec.parameters]
    if spec.design == "grid":
        return [dict(zip(paths, values))
                for values in itertools.product(*(p.grid() for p in spec.parameters))]
    return [{p.path: p.at(u) for p, u in zip(spec.parameters, row)}
            for row in unit_points(spec)]

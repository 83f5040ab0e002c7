"""The design's points: a full grid, or Latin hypercube and Sobol draws (scipy.stats.qmc)."""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np
from scipy.stats import qmc

from .spec import SweepSpec


def unit_points(spec: SweepSpec) -> np.ndarray:
    """(n, d) float64 points in [0, 1)^d of an lhs or sobol design, seeded by design_seed."""
    d = len(spec.parameters)
    if spec.design == "lhs":
        return qmc.LatinHypercube(d=d, seed=spec.design_seed).random(spec.n)
    sobol = qmc.Sobol(d=d, scramble=True, seed=spec.design_seed)
    return sobol.random_base2(int(np.log2(spec.n)))


def design_points(spec: SweepSpec) -> list[dict[str, Any]]:
    """Each point as {dotted path: value}, in the design's order."""
    paths = [p.path for p in spec.parameters]
    if spec.design == "grid":
        return [dict(zip(paths, values))
                for values in itertools.product(*(p.grid() for p in spec.parameters))]
    return [{p.path: p.at(u) for p, u in zip(spec.parameters, row)}
            for row in unit_points(spec)]

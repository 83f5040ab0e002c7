"""Fitting scenario fields to observed indicators by least squares.

1. The residual of a target is (model - value) / tolerance, so that every target
   weighs by how closely it is known; a field with a prior adds a residual of
   its own, (field - prior) / prior_sd (a regularised fit: what is known of a
   field beforehand weighs against the targets as a measurement would, Tarantola
   2005, *Inverse Problem Theory*, ch. 3). The fit minimises their sum of squares
   within each field's range (``scipy.optimize.least_squares``, trust region
   reflective, its Jacobian by forward differences of 10% of each range,
   the differences run in parallel).
2. The fitted model runs with departures fixed as planned: a run takes seconds,
   so a fit of a few dozen runs takes minutes. The city's answer is the
   adapted one, so each round ends with an adapted run at the fitted values,
   and the next round fits the fixed model mapped onto the adapted one (output
   space mapping: Bandler et al. 2004, "Space mapping: the state of the art",
   IEEE Trans. Microwave Theory Tech. 52(1)): adapted = a + b x fixed, for each
   indicator, through the last two points where both were run (b = 1, an
   offset, while only the base scenario's values have been; b is held within
   MAP_SLOPE).
3. A round ends the fit early when the adapted run meets every target.
4. Sensitivity is the fixed model's Jacobian at the fitted values: how much
   each indicator moves per unit of each field.

Every run uses the plan's seeds and scale, and the mean over seeds.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import least_squares

from ..behaviour import run_day
from ..cores import threads_limited
from ..executors import run_everywhere
from ..scenario import Scenario
from .indicators import indicators
from .targets import CalibrationPlan

STEP = 0.10  # finite-difference step, share of each field's range: wide enough to see past
# the answer's noise at a tenth of the people and past fields that act in steps (start times
# move in 5-minute steps, so a spread below 5 minutes moves nobody)
INSIDE = 0.01  # a round starts this share of the range inside a bound it sits on: started
# exactly at a bound, the trust region reflective method can stall there (least_squares on
# x - [1, 0.5] from [0, 0] within [0, 2] stopped at 2e-10, scipy 1.17)
MAP_SLOPE = (0.05, 2.0)  # the mapping's slope b is held within these
MAX_EVALUATIONS = 40  # fixed-model evaluations per round


def indicator_run(scenario: Scenario, names: list[str], threads: int | None) -> list[float]:
    """The named indicators of one run of `scenario` (picklable, for the executors)."""
    with threads_limited(threads):
        day, _ = run_day(scenario)
    found = indicators(day, names)
    return [found[name] for name in names]


@dataclass
class Model:
    """The scenario at given field values: runs them (cached) and returns indicators."""

    base: Scenario
    plan: CalibrationPlan
    workers: int = 1
    runs: int = 0
    cache: dict = field(default_factory=dict)

    def scenario(self, x: np.ndarray, seed: int, adapted: bool) -> Scenario:
        values = {p.path: float(v) for p, v in zip(self.plan.fields, x)}
        values.update({"simulation.scale": self.plan.scale, "simulation.seed": seed})
        if not adapted:
            values["equilibrium.iterations"] = 0
        return self.base.with_values(values)

    def at(self, points: list[np.ndarray], adapted: bool = False) -> np.ndarray:
        """(len(points), n_targets) mean over seeds of the indicators at each point."""
        names = [t.indicator for t in self.plan.targets]
        keys = [(tuple(np.round(x, 12)), adapted) for x in points]
        todo = [k for k in dict.fromkeys(keys) if k not in self.cache]
        jobs = [(k, seed) for k in todo for seed in self.plan.seeds]
        found: dict = {k: [] for k in todo}

        def gathered(i: int, values: list[float]) -> None:
            found[jobs[i][0]].append(values)
        run_everywhere(indicator_run, [(self.scenario(np.array(k[0]), seed, k[1]), names)
                                       for k, seed in jobs], gathered, workers=self.workers)
        self.runs += len(jobs)
        self.cache.update({k: np.mean(v, axis=0) for k, v in found.items()})
        return np.array([self.cache[k] for k in keys])


def _mapping(fixed: list[np.ndarray], adapted: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """(a, b) of adapted = a + b x fixed per indicator, through the last two points run
    both ways (b = 1 with one point, or where the two fixed answers coincide)."""
    b = np.ones_like(fixed[-1])
    if len(fixed) > 1:
        change = fixed[-1] - fixed[-2]
        moved = np.abs(change) > 1e-9
        b[moved] = (adapted[-1] - adapted[-2])[moved] / change[moved]
        b = np.clip(b, *MAP_SLOPE)
    return adapted[-1] - b * fixed[-1], b


def _fit_round(model: Model, x0: np.ndarray, mapping: tuple[np.ndarray, np.ndarray]
               ) -> tuple[np.ndarray, np.ndarray]:
    """One least-squares fit of the fixed model through `mapping` (a, b); the fitted values
    and the fixed model's Jacobian there (n_targets, n_fields)."""
    plan = model.plan
    low = np.array([p.low for p in plan.fields])
    high = np.array([p.high for p in plan.fields])
    value = np.array([t.value for t in plan.targets])
    tolerance = np.array([t.tolerance for t in plan.targets])
    step = STEP * (high - low)

    a, b = mapping
    known = np.array([prior is not None for prior in plan.priors], dtype=bool)
    prior = np.array([p.value for p in plan.priors if p is not None])
    prior_sd = np.array([p.sd for p in plan.priors if p is not None])

    def residuals(x):
        return np.r_[(a + b * model.at([x])[0] - value) / tolerance,
                     (x[known] - prior) / prior_sd]

    def weighted(x):
        return np.r_[b[:, None] * jacobian(x) / tolerance[:, None],
                     np.eye(x.size)[known] / prior_sd[:, None]]

    def jacobian(x):
        """(n_targets, n_fields) forward differences; backward for a field at its top."""
        unit = np.eye(x.size)
        ahead = [np.minimum(x + step[j] * unit[j], high) for j in range(x.size)]
        behind = [x - step[j] * unit[j] if ahead[j][j] == x[j] else x for j in range(x.size)]
        ends = model.at(ahead + behind)
        span = np.array([ahead[j][j] - behind[j][j] for j in range(x.size)])
        return ((ends[:x.size] - ends[x.size:]) / span[:, None]).T

    margin = INSIDE * (high - low)
    fitted = least_squares(residuals, np.clip(x0, low + margin, high - margin), jac=weighted,
                           bounds=(low, high), x_scale=high - low, max_nfev=MAX_EVALUATIONS,
                           xtol=1e-3, ftol=1e-3)
    return fitted.x, jacobian(fitted.x)


@dataclass(frozen=True)
class Calibration:
    """A calibration's result.

    Attributes
    ----------
    start, fitted : (n_fields,) the fields' values before and after.
    before, after : (n_targets,) the adapted model's indicators at start and fitted.
    sensitivity : (n_targets, n_fields) indicator change per unit of each field, of the
        fixed model at the fitted values (the adapted model's is about b times it).
    rounds : rounds run; runs : model runs in all.
    """

    start: np.ndarray
    fitted: np.ndarray
    before: np.ndarray
    after: np.ndarray
    sensitivity: np.ndarray
    rounds: int
    runs: int


def calibrate_fields(base: Scenario, plan: CalibrationPlan, start: np.ndarray, *,
                     workers: int = 1, on_round=None) -> Calibration:
    """Fit the plan's fields of `base`, starting from `start` (their values in `base`,
    clipped into their ranges), in rounds corrected by adapted runs.

    on_round(k, fitted, adapted) is called after each round.
    """
    model = Model(base, plan, workers)
    low = np.array([p.low for p in plan.fields])
    high = np.array([p.high for p in plan.fields])
    x = np.clip(start, low, high)
    before = model.at([start], adapted=True)[0]
    fixed, adapted = [model.at([start])[0]], [before]
    sensitivity = np.zeros((len(plan.targets), len(plan.fields)))
    k = 0
    for k in range(1, plan.rounds + 1):
        x, sensitivity = _fit_round(model, x, _mapping(fixed, adapted))
        fixed.append(model.at([x])[0])
        adapted.append(model.at([x], adapted=True)[0])
        if on_round is not None:
            on_round(k, x, adapted[-1])
        if all(t.met(v) for t, v in zip(plan.targets, adapted[-1])):
            break
    return Calibration(start=start, fitted=x, before=before, after=adapted[-1],
                       sensitivity=sensitivity, rounds=k, runs=model.runs)

"""How far each schedule's effect moves when the levels the model assumes are a little off.

1. The assumptions (``ASSUMPTIONS``) are levels the model assumes rather than
   measures: road capacity of every class +-15% (the range of a lane's
   saturation flow between surveys, HCM 2016 ch. 19), how many offices keep a
   new schedule (0.6 to 1.0), how early people aim to arrive, the share who go
   home at noon and the car's share of each group's trips (each +-25%). A
   relative range multiplies the level each scenario states (``Scenario.stated``),
   so a calibrated or proposed level is varied around itself.
2. The design is a Latin hypercube of `points` points over the ranges
   (``scipy.stats.qmc``, seeded: the same points every time), plus the nominal
   point, where every scenario keeps its own levels.
3. Every schedule runs at every point with the comparison's first seed, so its
   effect at a point (its figure against the reference's at the same point) is
   paired: the same people and the same assumptions.
4. The runs at the points adapt for at most `days` days from the planned
   departures: a settled run takes 8 days and 30 of them would double a
   comparison. An effect after two days is not the settled one, so the band is
   each point's *shift* from the nominal point run the same way, added to the
   settled effect of the comparison: the band says how far the assumptions move
   the finding, the comparison says where it settles. With fixed departures the
   runs are exact and the shift is the whole difference.
5. The spread is attributed by Spearman's rank correlation of each assumption's
   level with the shift over the design points: which assumptions move the
   effect, and which way. With a handful of points a correlation below about 0.7
   in size is not told apart from none (the 5% critical value for 8 points is
   0.74, Zar 1972).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy.stats import qmc, spearmanr

from ..demand.city import scenario_network
from ..errors import NetworkError
from ..executors import run_everywhere
from ..scenario import GROUPS, WORK_GROUPS, Scenario
from .comparison import compared_run

POINTS = 8  # design points besides the nominal one
DAYS = 2  # most days of adaptation of a run at a design point
DESIGN_SEED = 2021  # the design's draw: the proposal's year


def _capacity(scenario: Scenario, factor: float) -> dict:
    extra = scenario_network(scenario).link_extra
    if "facility_type" not in extra:  # only a GMNS folder can lack it
        raise NetworkError("--robust varies capacity by road class; give the links a "
                           "facility_type column",
                           file=Path(scenario.settings.network.gmns) / "link.csv",
                           field="facility_type")
    types = sorted({str(t) for t in extra["facility_type"]})
    paths = [f"network.facility_types.{t}.capacity_factor" for t in types]
    return {path: factor * scenario.stated(path) for path in paths}


def _compliance(scenario: Scenario, share: float) -> dict:
    schedules = scenario.settings.schedules
    return {f"schedules.{g}.compliance": share for g in WORK_GROUPS
            if g in schedules and schedules[g].otherwise is not None}


def _arrival_margin(scenario: Scenario, factor: float) -> dict:
    paths = [f"behaviour.{g}.arrival_buffer_min" for g in WORK_GROUPS]
    return {path: [factor * m for m in scenario.stated(path)] for path in paths}


def _lunch_home(scenario: Scenario, factor: float) -> dict:
    path = "population.lunch_home.share"
    return {path: [factor * s for s in scenario.stated(path)]}


def _car_share(scenario: Scenario, factor: float) -> dict:
    """Each group's car share times `factor`, its other modes scaled to keep the sum."""
    changed = {}
    for group in GROUPS:
        path = f"groups.{group}.modes"
        modes = scenario.stated(path)
        if not modes or "car" not in modes:
            continue
        car = factor * modes["car"]
        rest = (1.0 - car) / (1.0 - modes["car"]) if modes["car"] < 1.0 else 0.0
        changed[path] = {m: car if m == "car" else share * rest for m, share in modes.items()}
    return changed


@dataclass(frozen=True)
class Assumption:
    """One assumed level: its range and the scenario fields a value of it sets."""

    name: str
    low: float
    high: float
    fields: Callable[[Scenario, float], dict]


ASSUMPTIONS = (
    Assumption("capacity", 0.85, 1.15, _capacity),
    Assumption("compliance", 0.6, 1.0, _compliance),
    Assumption("arrival_margin", 0.75, 1.25, _arrival_margin),
    Assumption("lunch_home", 0.75, 1.25, _lunch_home),
    Assumption("car_share", 0.75, 1.25, _car_share),
)


def design(points: int = POINTS, seed: int = DESIGN_SEED) -> np.ndarray:
    """(points, n_assumptions) float64: each assumption's level at each design point, a
    Latin hypercube over the ranges of ``ASSUMPTIONS``."""
    unit = qmc.LatinHypercube(d=len(ASSUMPTIONS), seed=seed).random(points)
    low = np.array([a.low for a in ASSUMPTIONS])
    high = np.array([a.high for a in ASSUMPTIONS])
    return low + unit * (high - low)


def point_scenario(scenario: Scenario, levels: np.ndarray | None) -> Scenario:
    """`scenario` with each assumption at its level (None: the nominal point, as stated).
    A level the schema refuses is an error here, before any run."""
    if levels is None:
        return scenario
    values: dict = {}
    for assumption, level in zip(ASSUMPTIONS, levels):
        values.update(assumption.fields(scenario, float(level)))
    return scenario.with_values(values)


@dataclass(frozen=True)
class Robustness:
    """Every scenario's figures at the nominal point and at each design point.

    Attributes
    ----------
    levels : (points, n_assumptions) float64, each assumption's level at each point.
    values : flat KPI key -> (n_scenarios, points + 1) float64, the nominal point first
        (NaN where a run lacks the figure).
    seed : the seed every run used.
    days : most days of adaptation of each run (0: fixed departures).
    """

    levels: np.ndarray
    values: dict[str, np.ndarray]
    seed: int
    days: int

    def effect(self, key: str, relative: bool = True) -> np.ndarray:
        """(n_scenarios, points + 1): each scenario's `key` minus the reference's at the
        same point, as a share of the reference's there when `relative`."""
        values = self.values[key]
        change = values - values[0]
        return change / values[0] if relative else change

    def shift(self, key: str, relative: bool = True) -> np.ndarray:
        """(n_scenarios, points + 1): each point's effect minus the nominal point's."""
        effect = self.effect(key, relative)
        return effect - effect[:, :1]

    def band(self, key: str, settled: np.ndarray, relative: bool = True
             ) -> tuple[np.ndarray, np.ndarray]:
        """Lowest and highest effect over the assumptions ((n_scenarios,) each): the
        settled effect plus the smallest and largest shift (the nominal shift is 0)."""
        shift = self.shift(key, relative)
        return settled + np.nanmin(shift, axis=1), settled + np.nanmax(shift, axis=1)

    def attribution(self, key: str, relative: bool = True) -> np.ndarray:
        """(n_scenarios, n_assumptions): Spearman's rank correlation of each assumption's
        level with the shift over the design points (NaN where either does not vary)."""
        shift = self.shift(key, relative)[:, 1:]
        rho = np.full((shift.shape[0], self.levels.shape[1]), np.nan)
        for s, row in enumerate(shift):
            for a, levels in enumerate(self.levels.T):
                if np.all(np.isfinite(row)) and np.ptp(row) > 0 and np.ptp(levels) > 0:
                    rho[s, a] = spearmanr(levels, row).statistic
        return rho


def robust_run(scenario: Scenario, threads: int | None = None) -> dict[str, float]:
    """The flat figures of one run at a design point (picklable, for the executors)."""
    flat, _, _ = compared_run(scenario, threads)
    return flat


@dataclass(frozen=True)
class RobustPlan:
    """The runs of a robustness design, each scenario built and checked before any run.

    Attributes
    ----------
    levels : (points, n_assumptions) float64, each assumption's level at each point.
    runs : runs[s][p], scenario s at point p (the nominal point 0 first).
    seed : the seed of every run.
    days : most days of adaptation of the runs (0: fixed departures).
    """

    levels: np.ndarray
    runs: list[list[Scenario]]
    seed: int
    days: int


def plan_robustness(scenarios: list[Scenario], *, seed: int = 1, points: int = POINTS,
                    days: int = DAYS) -> RobustPlan:
    """Every scenario at the nominal point and at each of `points` design points, with
    `seed`, adapting for at most `days` days (a scenario allowing fewer keeps its own).
    A level a scenario's schema refuses is a ScenarioError now, not after the runs."""
    levels = design(points)
    capped = [s.with_values({"simulation.seed": seed, "equilibrium.iterations":
                             min(days, s.settings.equilibrium.iterations)}) for s in scenarios]
    runs = [[point_scenario(s, at) for at in [None, *levels]] for s in capped]
    return RobustPlan(levels=levels, runs=runs, seed=seed,
                      days=max(s.settings.equilibrium.iterations for s in capped))


def run_robustness(plan: RobustPlan, *, on_run=None, workers: int = 1,
                   scheduler: str | None = None, dask_local: int | None = None) -> Robustness:
    """Run the plan's runs and gather their figures.

    Parameters
    ----------
    plan : the runs (``plan_robustness``).
    on_run : called with no argument as each run ends.
    workers, scheduler, dask_local : where the runs run (``executors.run_everywhere``).
    """
    arguments = [(scenario,) for by_point in plan.runs for scenario in by_point]
    flats: list[dict] = [{} for _ in arguments]

    def gathered(i: int, flat: dict) -> None:
        flats[i] = flat
        if on_run is not None:
            on_run()
    run_everywhere(robust_run, arguments, gathered, workers=workers, scheduler=scheduler,
                   dask_local=dask_local)
    keys = list(dict.fromkeys(k for flat in flats for k in flat))
    shape = (len(plan.runs), len(plan.levels) + 1)
    values = {k: np.array([flat.get(k, np.nan) for flat in flats]).reshape(shape) for k in keys}
    return Robustness(levels=plan.levels, values=values, seed=plan.seed, days=plan.days)

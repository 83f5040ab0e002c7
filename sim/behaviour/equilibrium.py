"""Day after day, travellers move towards the departure that would have cost least.

Each iteration simulates the day, learns the experienced times, finds every
choosable leg's best departure (``departures.py``) and moves some travellers:
after day k, 1/(k + 2) of them on average (the method of successive averages,
MSA), each with a chance in proportion to what they could save (a gap-weighted
MSA: those far from their best move first, as Sbayti, Lu and Mahmassani 2007
propose for simulation-based assignment). A mover draws a new departure by
logit among those costing little more than the best (`equilibrium.spread`),
so that identical travellers do not all land on the same minute. Draws use
the scenario's seed: iterations repeat exactly. It stops when the relative
gap, the share of the day's total cost travellers could still save by
changing departure alone, falls to the tolerance, or at the iteration cap.

Status: on Vickrey's bottleneck (scenarios/validation/vickrey_single.toml) the
gap falls steadily but slowly (about 0.25 after 50 days from everyone leaving
at once); faster schemes tried (plain best response, gap-proportional
switching without the MSA step, a gap-scaled logit) oscillate.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..day import Day, DayPlan, plan_day, simulate_day
from ..scenario import Scenario
from .departures import best_departures
from .experienced import experienced_times


@dataclass(frozen=True)
class Iteration:
    """One day of the adaptation.

    Attributes
    ----------
    iteration : 0 for the day as planned.
    relative_gap : (experienced - best) / experienced total cost of the choosable legs.
    total_cost : experienced total cost, money.
    switched : travellers who moved to their best departure after this day.
    """

    iteration: int
    relative_gap: float
    total_cost: float
    switched: int


def _learn(day: Day, settings: dict):
    simulation = day.scenario.settings["simulation"]
    times = experienced_times(day.traffic, day.city.network, simulation["start"],
                              simulation["end"], settings["step_s"])
    return best_departures(day, times, before_s=settings["window_before_s"],
                           after_s=settings["window_after_s"], step_s=settings["step_s"])


def _switch_chance(choices, k: int) -> np.ndarray:
    """Each traveller's chance to move after day k: 1/(k + 2) on average, weighted by
    the share of their cost they could save."""
    saving = np.clip(choices.experienced_cost - choices.best_cost, 0.0, None)
    own = saving / np.maximum(choices.experienced_cost, 1e-12)
    total = own.sum()
    if total == 0:
        return own
    return np.minimum(1.0, own.size / (k + 2) * own / total)


def find_equilibrium(scenario: Scenario, *, plan: DayPlan | None = None,
                     on_iteration=None) -> tuple[Day, list[Iteration]]:
    """Adapt departures until the gap or the iteration cap of `scenario.equilibrium`.

    Parameters
    ----------
    scenario : the scenario (its `equilibrium` table sets the cap and the gap).
    plan : a plan to start from (a warm start); default: the scenario's own.
    on_iteration : called with each Iteration as it is done.

    Returns
    -------
    The last simulated day and the history of iterations.
    """
    settings = scenario.settings["equilibrium"]
    plan = plan_day(scenario) if plan is None else plan
    rng = np.random.default_rng([scenario.settings["simulation"]["seed"], 4])
    history: list[Iteration] = []
    for k in range(settings["iterations"] + 1):
        day = simulate_day(plan)
        choices = _learn(day, settings)
        gap = choices.relative_gap()
        done = gap <= settings["gap"] or k == settings["iterations"]
        moving = (np.zeros(choices.leg.size, dtype=bool) if done
                  else rng.random(choices.leg.size) < _switch_chance(choices, k))
        history.append(Iteration(k, gap, float(choices.experienced_cost.sum()),
                                 int(moving.sum())))
        if on_iteration is not None:
            on_iteration(history[-1])
        if done:
            return day, history
        departures = plan.legs.not_before_s.copy()
        departures[choices.leg[moving]] = choices.drawn(np.flatnonzero(moving),
                                                        settings["spread"], rng)
        plan = plan.with_departures(departures)
    raise AssertionError("unreachable: the loop returns at the last iteration")

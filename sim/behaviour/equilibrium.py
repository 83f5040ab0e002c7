"""Day after day, travellers move towards departures that would have cost less.

Each iteration simulates the day, learns the experienced times and prices,
for every choosable leg, each departure in its window (``departures.py``).
Then each traveller looks at one departure drawn at random from that window
and moves there with a probability in proportion to the share of their cost
it would save: a sampled form of Smith's (1984) pairwise-comparison dynamic,
whose rest points are the equilibria. Looking at a random departure, not the
single best one, keeps identical travellers from all landing on the same
minute. The step is full for the first `equilibrium.full_steps` days and then
shrinks as full_steps / (k + 1), as successive averages do, to damp the swings
near the equilibrium. Draws use the scenario's seed: iterations repeat exactly.
It stops when the relative gap, the share of the day's total cost travellers
could still save by changing departure alone, falls to the tolerance, or at
the iteration cap.

Status: on Vickrey's bottleneck (scenarios/validation/vickrey_single.toml) the
gap falls steadily (about 0.12 after 50 days, total cost within 2% of the
closed form, queueing time some 20% under it); the issue's 5% on queueing is
not reached yet.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..day import Day, DayPlan, plan_day, simulate_day
from ..scenario import Scenario
from ..errors import InputError
from ..tables import read_csv
from .departures import best_departures, choosable_legs
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


def _moves(choices, k: int, full_steps: int, rng: np.random.Generator):
    """Who moves after day k and where to: one random departure of the window each,
    taken with probability step x saving / cost (see the module docstring)."""
    travellers = np.arange(choices.leg.size)
    look = rng.integers(0, choices.candidate_s.shape[1], travellers.size)
    saving = choices.experienced_cost - choices.candidate_cost[travellers, look]
    step = min(1.0, full_steps / (k + 1))
    chance = np.clip(step * saving / np.maximum(choices.experienced_cost, 1e-12), 0.0, 1.0)
    moving = rng.random(travellers.size) < chance
    return moving, choices.candidate_s[travellers[moving], look[moving]]


def warm_start(plan: DayPlan, trips_csv: str | Path) -> DayPlan:
    """The plan with the departures chosen in an earlier run's trips.csv.

    The earlier run must be of the same people (scenario population, seed and
    scale): its trips.csv has one row per planned leg, in the plan's order.
    Raises InputError naming the file otherwise.
    """
    _, rows = read_csv(trips_csv, ("person_id", "departure_s"))
    person = np.array([int(row["person_id"]) for row in rows])
    if person.size != len(plan.legs) or np.any(person != plan.legs.person):
        raise InputError(f"has {person.size:,} trips of other people than this scenario's "
                         f"{len(plan.legs):,}; a warm start needs a run of the same "
                         "population, seed and scale", file=trips_csv, field="person_id")
    departure = np.array([float(row["departure_s"] or "nan") for row in rows])
    leg, _ = choosable_legs(plan)
    leg = leg[np.isfinite(departure[leg])]
    not_before = plan.legs.not_before_s.copy()
    not_before[leg] = departure[leg]
    return plan.with_departures(not_before)


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
        moving, chosen = ((np.zeros(choices.leg.size, dtype=bool), None) if done
                          else _moves(choices, k, settings["full_steps"], rng))
        history.append(Iteration(k, gap, float(choices.experienced_cost.sum()),
                                 int(moving.sum())))
        if on_iteration is not None:
            on_iteration(history[-1])
        if done:
            return day, history
        departures = plan.legs.not_before_s.copy()
        departures[choices.leg[moving]] = chosen
        plan = plan.with_departures(departures)
    raise AssertionError("unreachable: the loop returns at the last iteration")

"""Departure-time choice: the departure that would have cost least, given what the day taught.

A choice is made for every leg with a preferred arrival whose departure is a
clock time (a commute, the return from lunch, a grandparent's school run). A
parent's drop-off is chosen together with the chained trip to work after it:
the cost counts the arrival at work, and the child must reach school between
the gate opening and the bell (a hard constraint, as the issue's "a parent
must reach school before the bell"). A worker's pickup leaves when work ends
and is not a choice.

Candidates are whole steps of a grid around the present departure; a route's
arrival for every grid time comes from the experienced times, once per route.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..day import Day, DayPlan
from ..demand.chains import PURPOSES
from ..demand.roles import GRANDPARENT, WORKER
from ..scenario import GROUPS, WORK_GROUPS
from .cost import trip_cost
from .experienced import ExperiencedTimes, on_grid

PICKUP, DROP_OFF = PURPOSES.index("pickup"), PURPOSES.index("drop_off")
INFEASIBLE = 1e6  # money: a candidate that breaks a hard constraint is never best
ONWARD_SPAN_S = 4 * 3600.0  # the grid runs this far past the last candidate, for onward legs


@dataclass(frozen=True)
class Choices:
    """Departure choices of one day.

    Attributes
    ----------
    leg : (k,) int64 the leg whose departure is chosen.
    onward : (k,) int64 the chained leg whose arrival counts instead (-1: none).
    experienced_cost : (k,) float64 cost of what happened, money.
    best_departure_s : (k,) float64 the least-cost departure on the grid, s.
    best_cost : (k,) float64 its cost, money.
    candidate_s, candidate_cost : (k, c) float64 every departure considered and its cost.
    """

    leg: np.ndarray
    onward: np.ndarray
    experienced_cost: np.ndarray
    best_departure_s: np.ndarray
    best_cost: np.ndarray
    candidate_s: np.ndarray
    candidate_cost: np.ndarray

    def relative_gap(self) -> float:
        """(sum of experienced costs - sum of best costs) / sum of experienced costs."""
        total = self.experienced_cost.sum()
        return float((total - self.best_cost.sum()) / total) if total > 0 else 0.0


def choosable_legs(plan: DayPlan) -> tuple[np.ndarray, np.ndarray]:
    """Legs whose departure is chosen, and the chained leg counted after each (-1)."""
    legs, role = plan.legs, plan.population.role[plan.legs.person]
    chosen = (np.isfinite(legs.not_before_s) & np.isfinite(legs.target_s)
              & (legs.rides_with < 0) & ~((legs.purpose == PICKUP) & (role == WORKER)))
    leg = np.flatnonzero(chosen)
    parent_drop = (legs.purpose[leg] == DROP_OFF) & (role[leg] != GRANDPARENT)
    onward = np.where(parent_drop, legs.next[leg], -1)
    return leg, onward


def _rates(day: Day, leg: np.ndarray) -> tuple[np.ndarray, ...]:
    """alpha, beta, gamma (money per hour) of each leg's traveller; grandparents on
    school runs take the school group's."""
    people = day.population
    group = people.group[day.legs.person[leg]].copy()
    group[people.role[day.legs.person[leg]] == GRANDPARENT] = GROUPS.index("school")
    behaviour = day.scenario.settings["behaviour"]
    position = np.array([WORK_GROUPS.index(g) if g in WORK_GROUPS else -1 for g in GROUPS])
    table = np.array([[behaviour[g][k] for g in WORK_GROUPS]
                      for k in ("alpha_per_h", "beta_per_h", "gamma_per_h")])
    return tuple(table[:, position[group]])


class _Arrivals:
    """Arrival of each leg's route for departures on a grid, looked up or interpolated."""

    def __init__(self, day: Day, times: ExperiencedTimes, legs: np.ndarray, grid_s: np.ndarray):
        plan = day.plan
        self.grid_s, self.free_flow_s = grid_s, day.legs.free_flow_s
        self.row = np.full(len(day.legs), -1)
        on_road = legs[day.legs.on_road[legs]]
        routes, row = np.unique(plan.route_of_leg[on_road], return_inverse=True)
        self.row[on_road] = row
        chosen = plan.routes.take(routes)
        departures = np.broadcast_to(grid_s, (routes.size, grid_s.size))
        self.table = times.arrival_s(chosen.ptr, chosen.links, departures)

    def at(self, leg: np.ndarray, departure_s: np.ndarray) -> np.ndarray:
        """Arrival of legs (k,) for departures (k, c), interpolated on the grid."""
        row = self.row[leg][:, None]
        free = departure_s + self.free_flow_s[leg][:, None]
        road = on_grid(self.table, np.maximum(row, 0), departure_s, self.grid_s[0],
                       self.grid_s[1] - self.grid_s[0], free)
        return np.where(row >= 0, road, free)


def _chain_cost(day: Day, leg, onward, departure_s, first_arrival_s, final_arrival_s,
                rates) -> np.ndarray:
    """Cost of a departure: the final arrival against its target; for a parent, the
    child must reach school between the gate opening and the bell."""
    legs = day.legs
    chained = onward >= 0
    final = np.where(chained, onward, leg)[:, None]
    cost = trip_cost(departure_s, final_arrival_s, legs.target_s[final], *(r[:, None]
                                                                          for r in rates))
    bell = legs.target_s[leg][:, None]
    gate = bell - day.scenario.settings["population"]["gate_opens_s"]
    broken = chained[:, None] & ((first_arrival_s > bell) | (first_arrival_s < gate))
    return np.where(broken, cost + INFEASIBLE, cost)


def best_departures(day: Day, times: ExperiencedTimes, *, before_s: float, after_s: float,
                    step_s: float) -> Choices:
    """Each choosable leg's least-cost departure in [now - before_s, now + after_s].

    Parameters
    ----------
    day : the day just simulated.
    times : what it taught (``experienced_times``).
    before_s, after_s, step_s : the window around the present departure and its step, s.
    """
    legs = day.legs
    leg, onward = choosable_legs(day.plan)
    now = legs.not_before_s[leg]
    first = np.floor((now.min() - before_s) / step_s) * step_s
    grid = np.arange(first, now.max() + after_s + ONWARD_SPAN_S + step_s, step_s)
    arrivals = _Arrivals(day, times, np.r_[leg, onward[onward >= 0]], grid)
    offsets = np.arange(-round(before_s / step_s), round(after_s / step_s) + 1) * step_s
    candidate = np.round((now - first) / step_s)[:, None] * step_s + first + offsets[None, :]
    reach = arrivals.at(leg, candidate)
    dwell = legs.dwell_s[np.maximum(onward, 0)][:, None]
    final = np.where((onward >= 0)[:, None],
                     arrivals.at(np.maximum(onward, 0), reach + dwell), reach)
    rates = _rates(day, leg)
    cost = _chain_cost(day, leg, onward, candidate, reach, final, rates)
    best = np.argmin(cost, axis=1)
    rows = np.arange(leg.size)
    end_s = day.scenario.settings["simulation"]["end"]
    arrival = np.where(np.isfinite(day.arrival_s), day.arrival_s, end_s)  # never: at the end
    departure = np.where(np.isfinite(day.departure_s), day.departure_s, legs.not_before_s)
    lived_final = np.where(onward >= 0, arrival[np.maximum(onward, 0)], arrival[leg])
    experienced = _chain_cost(day, leg, onward, departure[leg][:, None], arrival[leg][:, None],
                              lived_final[:, None], rates)[:, 0]
    return Choices(leg=leg, onward=onward, experienced_cost=experienced,
                   best_departure_s=candidate[rows, best], best_cost=cost[rows, best],
                   candidate_s=candidate, candidate_cost=cost)

"""Departure-time choice: what each departure would have cost, given what the day taught.

A choice is made for every leg with a preferred arrival whose departure is a
clock time (a commute, the return from lunch, a grandparent's school run). A
parent's drop-off is chosen together with the chained trip to work after it:
the cost counts the arrival at work, and the child must reach school between
the gate opening and the bell. In choosing, that is a hard constraint (the
issue's "a parent must reach school before the bell"); in what a day actually
cost, a child outside the window is priced as schedule delay at the school
run's rates. A worker's pickup leaves when work ends and is not a choice.

Candidates are whole steps of a grid around the present departure. Each is
priced along the leg's own route from the experienced times, so the work
grows with the candidates asked for, not with the length of the day.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..demand.chains import Purpose
from ..demand.roles import Role
from ..network.routing import Routes
from ..scenario import GROUPS, WORK_GROUPS
from ..scenario.codes import Group
from ..simulate.day import Day, DayPlan
from .cost import trip_cost
from .experienced import ExperiencedTimes

INFEASIBLE = 1e6  # money: a candidate that breaks a hard constraint is never chosen


@dataclass(frozen=True)
class Choosers:
    """The legs whose departure is chosen, with what each cost on the day.

    Attributes
    ----------
    leg : (k,) int64 the leg whose departure is chosen.
    onward : (k,) int64 the chained leg whose arrival counts instead (-1: none).
    departure_s : (k,) float64 the departure the day ran, s.
    experienced_cost : (k,) float64 cost of what happened, money.
    """

    leg: np.ndarray
    onward: np.ndarray
    departure_s: np.ndarray
    experienced_cost: np.ndarray


def choosable_legs(plan: DayPlan) -> tuple[np.ndarray, np.ndarray]:
    """Legs whose departure is chosen, and the chained leg counted after each (-1)."""
    legs, role = plan.legs, plan.population.role[plan.legs.person]
    chosen = (np.isfinite(legs.not_before_s) & np.isfinite(legs.target_s)
              & (legs.rides_with < 0) & ~((legs.purpose == Purpose.PICKUP) & (role == Role.WORKER)))
    leg = np.flatnonzero(chosen)
    parent_drop = (legs.purpose[leg] == Purpose.DROP_OFF) & (role[leg] != Role.GRANDPARENT)
    onward = np.where(parent_drop, legs.next[leg], -1)
    return leg, onward


def rates_per_h(day: Day | DayPlan, leg: np.ndarray,
                group: np.ndarray | None = None) -> tuple[np.ndarray, ...]:
    """alpha, beta, gamma (money per hour) of each leg's traveller, or of `group`;
    grandparents on school runs take the school group's."""
    people = day.population
    if group is None:
        group = people.group[day.legs.person[leg]].copy()
        group[people.role[day.legs.person[leg]] == Role.GRANDPARENT] = Group.SCHOOL
    behaviour = day.scenario.settings.behaviour
    position = np.array([WORK_GROUPS.index(g) if g in WORK_GROUPS else -1 for g in GROUPS])
    table = np.array([[getattr(behaviour[g], k) for g in WORK_GROUPS]
                      for k in ("alpha_per_h", "beta_per_h", "gamma_per_h")])
    return tuple(table[:, position[group]])


def school_window_s(day: Day | DayPlan, leg: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(k, 1) float64 when the gate opens and when the bell rings at the school each
    drop-off leg (k,) goes to, s."""
    bell = day.legs.target_s[leg][:, None]
    return bell - day.scenario.settings.population.gate_opens_s, bell


def _chain_cost(day: Day, choosers_leg, onward, departure_s, school_s, final_s, *,
                hard: bool) -> np.ndarray:
    """Cost (k, c) of departures (k, c) reaching school at `school_s` and the end of
    the chain at `final_s`: schedule delay against the final target, and for a
    parent the child's arrival outside [gate, bell], refused if `hard`, else priced
    at the school run's rates."""
    legs = day.legs
    chained = (onward >= 0)[:, None]
    final = np.where(onward >= 0, onward, choosers_leg)[:, None]
    rates = [r[:, None] for r in rates_per_h(day, choosers_leg)]
    cost = trip_cost(departure_s, final_s, legs.target_s[final], *rates)
    gate, bell = school_window_s(day, choosers_leg)
    outside = chained & ((school_s > bell) | (school_s < gate))
    if hard:
        return np.where(outside, cost + INFEASIBLE, cost)
    school = [r[:, None] for r in rates_per_h(day, choosers_leg,
                                         np.full(choosers_leg.size, Group.SCHOOL))]
    child = trip_cost(school_s, school_s, np.clip(school_s, gate, bell), 0.0, *school[1:])
    return cost + np.where(chained, child, 0.0)


def choosers(day: Day) -> Choosers:
    """The choosable legs of a simulated day and what each chain cost (see the
    module docstring); a leg that never arrived counts as arriving at the end."""
    leg, onward = choosable_legs(day.plan)
    end_s = day.scenario.settings.simulation.end_s
    arrival = np.where(np.isfinite(day.arrival_s), day.arrival_s, end_s)
    departure = np.where(np.isfinite(day.departure_s), day.departure_s,
                         day.legs.not_before_s)[leg]
    final = np.where(onward >= 0, arrival[np.maximum(onward, 0)], arrival[leg])
    cost = _chain_cost(day, leg, onward, departure[:, None], arrival[leg][:, None],
                       final[:, None], hard=False)[:, 0]
    return Choosers(leg=leg, onward=onward, departure_s=departure, experienced_cost=cost)


def _arrivals(day: Day, times: ExperiencedTimes, leg: np.ndarray, departure_s: np.ndarray,
              routes: Routes) -> np.ndarray:
    """Arrival (k, c) of legs (k,) leaving at departure_s (k, c), along their routes."""
    route = day.plan.route_of_leg[leg]
    arrival = departure_s + day.legs.free_flow_s[leg][:, None]
    road = np.flatnonzero(route >= 0)
    if road.size:
        taken = routes.take(route[road])
        arrival[road] = times.arrival_s(taken.ptr, taken.links, departure_s[road])
    return arrival


def departure_costs(day: Day, times: ExperiencedTimes, leg: np.ndarray, onward: np.ndarray,
                    departure_s: np.ndarray, routes: Routes | None = None) -> np.ndarray:
    """What leaving at other times would have cost.

    Parameters
    ----------
    day : the day just simulated.
    times : what it taught (``experienced_times``).
    leg, onward : (k,) int64 choosing legs and their chained legs (``choosable_legs``).
    departure_s : (k, c) float64 departures to price, s.
    routes : the road legs' routes, indexed as the plan's; default: the plan's.

    Returns
    -------
    (k, c) float64 cost, money; INFEASIBLE added where a parent's child would miss
    the school's window.
    """
    departure_s = np.asarray(departure_s, dtype=np.float64)
    routes = day.plan.routes if routes is None else routes
    reach = _arrivals(day, times, leg, departure_s, routes)
    final = reach
    chained = np.flatnonzero(onward >= 0)
    if chained.size:
        final = reach.copy()
        dwell = day.legs.dwell_s[onward[chained]][:, None]
        final[chained] = _arrivals(day, times, onward[chained], reach[chained] + dwell,
                                  routes)
    return _chain_cost(day, leg, onward, departure_s, reach, final, hard=True)


def candidate_departures(now_s: np.ndarray, *, before_s: float, after_s: float,
                         step_s: float) -> np.ndarray:
    """(k, c) departures every `step_s` from before_s before to after_s after each
    present departure (k,), on a grid of whole steps since midnight, s."""
    offsets = np.arange(-round(before_s / step_s), round(after_s / step_s) + 1) * step_s
    return np.round(np.asarray(now_s) / step_s)[:, None] * step_s + offsets[None, :]

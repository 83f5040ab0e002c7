"""Departure choice: on empty roads the best is to arrive exactly on time."""

import numpy as np
import pytest

from sim.behaviour.departures import (INFEASIBLE, candidate_departures, choosable_legs, choosers,
                                      departure_costs)
from sim.behaviour.experienced import experienced_times
from sim.demand.chains import Purpose
from sim.demand.roles import Role


def _priced(day, step_s=60.0):
    settings = day.scenario.settings.simulation
    times = experienced_times(day.traffic, day.city.network, settings.start_s,
                              settings.end_s, step_s)
    chosen = choosers(day)
    candidates = candidate_departures(chosen.departure_s, before_s=7200.0, after_s=3600.0,
                                      step_s=step_s)
    return chosen, candidates, departure_costs(day, times, chosen.leg, chosen.onward,
                                               candidates)


def test_alone_on_the_road_the_best_is_to_arrive_on_time(day_of):
    day = day_of("vickrey_single", **{"simulation.scale": 1.0, "population.people": 1,
                                      "equilibrium.iterations": 0})
    chosen, candidates, cost = _priced(day)
    assert chosen.leg.size == 1
    free_flow_s = day.traffic.free_flow_s[0]
    target = day.legs.target_s[chosen.leg[0]]
    best = np.argmin(cost[0])
    # cost = alpha x free flow + beta x early: least when arriving at the target
    assert candidates[0, best] == pytest.approx(target - free_flow_s, abs=60.0)
    assert cost[0, best] == pytest.approx(1.0 * free_flow_s / 3600, rel=0.05)
    assert chosen.experienced_cost[0] == pytest.approx(cost[0, best], rel=0.05)


def test_parents_choose_a_feasible_school_run_and_pickups_are_not_chosen(day_of):
    day = day_of("proposal_9to5")
    leg, onward = choosable_legs(day.plan)
    role = day.population.role[day.legs.person[leg]]
    pickup = day.legs.purpose[leg] == Purpose.PICKUP
    assert not np.any(pickup & (role == Role.WORKER))
    assert np.any(pickup & (role == Role.GRANDPARENT))
    parents = onward >= 0
    assert parents.any() and np.all(role[parents] == Role.WORKER)
    chosen, _, cost = _priced(day)
    assert np.all(cost[parents].min(axis=1) < INFEASIBLE)


def test_a_child_late_for_the_bell_is_priced_not_refused_in_what_the_day_cost(day_of):
    day = day_of("proposal_9to5")
    chosen = choosers(day)
    parents = chosen.onward >= 0
    bell = day.legs.target_s[chosen.leg[parents]]
    late = day.arrival_s[chosen.leg[parents]] > bell
    assert late.any(), "the planned day makes some children late (no adaptation yet)"
    assert np.all(chosen.experienced_cost < INFEASIBLE)
    school_gamma_per_h = day.scenario.settings.behaviour["school"].gamma_per_h
    minutes_late = (day.arrival_s[chosen.leg[parents]] - bell)[late] / 60
    # the child's lateness alone is priced at the school run's gamma
    assert np.all(chosen.experienced_cost[parents][late]
                  >= school_gamma_per_h * minutes_late / 60 - 1e-9)

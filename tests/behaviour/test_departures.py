"""Departure choice: on empty roads the best is to arrive exactly on time."""

import numpy as np
import pytest

from sim.behaviour.departures import INFEASIBLE, best_departures, choosable_legs
from sim.behaviour.experienced import experienced_times
from sim.demand.chains import PURPOSES
from sim.demand.roles import GRANDPARENT, WORKER


def _choices(day, step_s=60.0):
    settings = day.scenario.settings["simulation"]
    times = experienced_times(day.traffic, day.city.network, settings["start"],
                              settings["end"], step_s)
    return best_departures(day, times, before_s=7200.0, after_s=3600.0, step_s=step_s)


def test_alone_on_the_road_the_best_is_to_arrive_on_time(day_of):
    day = day_of("vickrey_single", **{"simulation.scale": 1.0, "population.people": 1,
                                      "equilibrium.iterations": 0})
    choices = _choices(day)
    assert choices.leg.size == 1
    leg = choices.leg[0]
    free_flow_s = day.traffic.free_flow_s[0]
    target = day.legs.target_s[leg]
    # cost = alpha x free flow + beta x early: least when arriving at the target
    assert choices.best_departure_s[0] == pytest.approx(target - free_flow_s, abs=60.0)
    assert choices.best_cost[0] == pytest.approx(1.0 * free_flow_s / 3600, rel=0.05)
    assert choices.relative_gap() == pytest.approx(0.0, abs=0.05)


def test_parents_choose_a_feasible_school_run_and_pickups_are_not_chosen(day_of):
    day = day_of("proposal_9to5")
    leg, onward = choosable_legs(day.plan)
    role = day.population.role[day.legs.person[leg]]
    pickup = day.legs.purpose[leg] == PURPOSES.index("pickup")
    assert not np.any(pickup & (role == WORKER))
    assert np.any(pickup & (role == GRANDPARENT))
    parents = onward >= 0
    assert parents.any() and np.all(role[parents] == WORKER)
    choices = _choices(day)
    assert np.all(choices.best_cost[parents] < INFEASIBLE)
    assert np.all(choices.best_cost <= choices.candidate_cost.min(axis=1) + 1e-9)

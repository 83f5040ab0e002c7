"""Queue delays as prices: the equivalent optimisation of the departure-time equilibrium."""

from dataclasses import replace

import numpy as np
import pytest

from sim.behaviour.departures import choosable_legs
from sim.behaviour.prices import (ArrivalChoices, Crossing, arrival_choices, clearing_delays,
                                  drawn_departures, spare_capacity_pcu)
from sim.traffic.kernel import free_flow_steps


def _one_bottleneck(n: int, per_min: float, target_min: int, *, beta=0.5, gamma=2.0,
                    minutes=240) -> tuple[ArrivalChoices, np.ndarray]:
    """n identical travellers (alpha = 1) choosing an arrival minute through one link
    letting out `per_min` a minute, and that link's capacity by minute."""
    minute = np.arange(minutes, dtype=np.float64)[None, :]
    early, late = np.maximum(target_min - minute, 0), np.maximum(minute - target_min, 0)
    choices = ArrivalChoices(start_s=0.0, slot_s=60.0, n_links=1, n_slots=minutes,
                             n_arrivals=minutes,
                             row=np.zeros(n, dtype=np.int64), count=np.array([float(n)]),
                             free_departure_s=minute * 60.0,
                             cost_s=(beta * early + gamma * late) * 60.0,
                             crossings=[Crossing(np.array([0]), np.arange(minutes)[None, :],
                                                 np.array([1.0]))])
    return choices, np.full(minutes, per_min)


def _arrival_min(departure_s: np.ndarray, delay_s: np.ndarray) -> np.ndarray:
    """The arrival minute each departure was drawn for (departure = 60 x minute - delay)."""
    leaving = 60.0 * np.arange(delay_s.size) - delay_s
    return np.array([np.flatnonzero(np.isclose(leaving, d))[0] for d in departure_s])


def test_prices_at_one_bottleneck_are_vickrey_s_queue():
    """V1 (VALIDATION.md) solved as prices alone, without simulating: the longest
    queue delta N / (alpha s), the total queueing delta N^2 / (2 alpha s) and the share
    arriving early gamma / (beta + gamma). 2%: the logit of scale 15 s spreads
    arrivals over neighbouring minutes of a one-minute grid."""
    n, per_min, target = 6000, 60.0, 150
    beta, gamma = 0.5, 2.0
    delta = beta * gamma / (beta + gamma)
    choices, capacity = _one_bottleneck(n, per_min, target)
    delay = clearing_delays(choices, capacity, [120.0, 15.0])
    s_per_h = per_min * 60
    assert delay.max() / 3600 == pytest.approx(delta * n / s_per_h, rel=0.02)
    rng = np.random.default_rng(1)
    departure, _ = drawn_departures(choices, delay, 15.0, rng)
    arrival_min = _arrival_min(departure, delay)
    queued_h = delay[arrival_min].sum() / 3600
    assert queued_h == pytest.approx(delta * n ** 2 / (2 * s_per_h), rel=0.02)
    assert np.mean(arrival_min < target) == pytest.approx(gamma / (beta + gamma), abs=0.02)


def test_no_minute_is_loaded_beyond_its_capacity_and_only_full_minutes_queue():
    choices, capacity = _one_bottleneck(3000, 60.0, 120)
    delay = clearing_delays(choices, capacity, [120.0, 15.0])
    departure, _ = drawn_departures(choices, delay, 15.0, np.random.default_rng(2))
    used = np.bincount(_arrival_min(departure, delay), minlength=capacity.size)
    assert used.max() <= capacity.max() + 1
    queued = delay > 60.0
    assert np.all(used[queued] >= 0.9 * capacity[queued])


def test_two_parallel_routes_ration_as_one_bottleneck_of_both_capacities():
    """Each traveller may take either of two parallel links of half the capacity
    (arrivals by the second are columns c to 2c - 1): the queue is V1's at the
    whole capacity, and each link carries half. Tolerances as in the V1 test."""
    n, per_min, target, minutes = 6000, 60.0, 150, 240
    beta, gamma = 0.5, 2.0
    one, _ = _one_bottleneck(n, per_min, target, beta=beta, gamma=gamma, minutes=minutes)
    second = Crossing(np.array([0]), minutes + np.arange(minutes)[None, :], np.array([1.0]),
                      column=minutes)
    both = replace(one, n_links=2, free_departure_s=np.tile(one.free_departure_s, 2),
                   cost_s=np.tile(one.cost_s, 2), crossings=[one.crossings[0], second])
    delay = clearing_delays(both, np.full(2 * minutes, per_min / 2), [120.0, 15.0])
    delta = beta * gamma / (beta + gamma)
    assert delay.max() / 3600 == pytest.approx(delta * n / (per_min * 60), rel=0.02)
    _, by_second = drawn_departures(both, delay, 15.0, np.random.default_rng(5))
    assert np.mean(by_second) == pytest.approx(0.5, abs=0.02)


def test_identical_travellers_fill_the_minutes_in_proportion():
    n = 600
    choices = ArrivalChoices(start_s=0.0, slot_s=60.0, n_links=1, n_slots=3, n_arrivals=3,
                             row=np.zeros(n, dtype=np.int64), count=np.array([float(n)]),
                             free_departure_s=np.array([[0.0, 60.0, 120.0]]),
                             cost_s=np.zeros((1, 3)), crossings=[])
    departure, _ = drawn_departures(choices, np.zeros(3), 30.0, np.random.default_rng(3))
    assert np.bincount((departure / 60).astype(int)).tolist() == [200, 200, 200]


def test_a_sole_traveller_draws_at_random():
    n = 400
    choices = ArrivalChoices(start_s=0.0, slot_s=60.0, n_links=1, n_slots=2, n_arrivals=2,
                             row=np.arange(n), count=np.ones(n),
                             free_departure_s=np.tile([0.0, 60.0], (n, 1)),
                             cost_s=np.zeros((n, 2)), crossings=[])
    departure, _ = drawn_departures(choices, np.zeros(2), 30.0, np.random.default_rng(4))
    assert 150 < np.sum(departure == 0.0) < 250


def test_choices_count_back_from_the_arrival_at_free_flow_and_merge_identical_people(day_of):
    day = day_of("vickrey_single", **{"simulation.scale": 0.1})
    leg, onward = choosable_legs(day.plan)
    tau = free_flow_steps(day.city.network, day.traffic.dt_s) * day.traffic.dt_s
    settings = day.scenario.settings["equilibrium"]
    choices = arrival_choices(day.plan, leg, onward, day.plan.routes, tau, settings)
    assert choices.cost_s.shape[0] == 1 and choices.count[0] == leg.size
    route = day.plan.routes.route(day.plan.route_of_leg[leg[0]])
    arrival = day.legs.target_s[leg[0]] + np.arange(-settings["window_before_s"],
                                                    settings["window_after_s"] + 1, 60.0)
    assert np.allclose(choices.free_departure_s[0], arrival - tau[route].sum())
    # the last link is crossed in the arrival's minute
    last_link, start = route[-1], day.scenario.settings["simulation"]["start"]
    slot = choices.crossings[0].slot
    assert np.array_equal(slot[0], last_link * choices.n_slots + (arrival - start) // 60)


def test_only_travellers_offered_another_route_may_draw_it(day_of):
    day = day_of("vickrey_single", **{"simulation.scale": 0.1})
    leg, onward = choosable_legs(day.plan)
    tau = free_flow_steps(day.city.network, day.traffic.dt_s) * day.traffic.dt_s
    offered = np.arange(leg.size) % 2 == 0
    choices = arrival_choices(day.plan, leg, onward, day.plan.routes, tau,
                              day.scenario.settings["equilibrium"], day.plan.routes, offered)
    assert choices.cost_s.shape == (2, 2 * choices.n_arrivals)
    _, by_other = drawn_departures(choices, np.zeros(choices.n_links * choices.n_slots), 30.0,
                                   np.random.default_rng(6))
    assert not by_other[~offered].any()
    # the same route offered twice: half of those offered draw it
    assert np.mean(by_other[offered]) == pytest.approx(0.5, abs=0.1)


def test_spare_capacity_leaves_out_the_choosers_own_vehicles(day_of):
    day = day_of("vickrey_single", **{"simulation.scale": 0.1})
    leg, onward = choosable_legs(day.plan)
    tau = free_flow_steps(day.city.network, day.traffic.dt_s) * day.traffic.dt_s
    choices = arrival_choices(day.plan, leg, onward, day.plan.routes, tau,
                              day.scenario.settings["equilibrium"])
    capacity = day.city.network.capacity_vps
    full = np.repeat(capacity * 60.0, choices.n_slots)
    assert np.array_equal(spare_capacity_pcu(day, leg, choices, capacity), full)
    spare = spare_capacity_pcu(day, np.array([], dtype=np.int64), choices, capacity)
    assert np.all(spare >= 0) and np.all(spare <= full)
    # the last link, after the bottleneck, lets out at most the bottleneck's
    # capacity, less than its own: every vehicle that left it is missing from it
    last = day.plan.routes.route(day.plan.route_of_leg[leg[0]])[-1]
    assert capacity.min() < capacity[last]
    minutes = slice(last * choices.n_slots, (last + 1) * choices.n_slots)
    assert (full - spare)[minutes].sum() == pytest.approx(np.isfinite(day.arrival_s).sum())

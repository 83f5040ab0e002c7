"""Route choice on two parallel bottlenecks (scenarios/validation/two_routes.toml)."""

from pathlib import Path

import numpy as np

from sim.behaviour.equilibrium import find_equilibrium, relative_gap, simulated_lessons
from sim.behaviour.experienced import experienced_times
from sim.behaviour.routes import best_routes, route_offers, switch_routes
from sim.scenario import load_scenario
from sim.simulate.day import plan_day, simulate_day

TWO_ROUTES = Path(__file__).resolve().parents[2] / "scenarios" / "validation" / "two_routes.toml"
FAR = 2  # link index of the "far" road (third row of link.csv)


def _day_and_times(**values):
    scenario = load_scenario(TWO_ROUTES, values)
    day = simulate_day(scenario)
    simulation = scenario.settings.simulation
    return day, experienced_times(day.traffic, day.city.network, simulation.start_s,
                                  simulation.end_s, step_s=1.0)


def _on_far(day) -> np.ndarray:
    """(v,) bool: each vehicle that left drove the far route."""
    left = np.isfinite(day.departure_s[day.vehicle_leg])
    route = day.plan.route_of_leg[day.vehicle_leg[left]]
    return np.array([FAR in day.plan.routes.route(r) for r in route])


def test_drivers_queueing_near_are_offered_the_far_route_timed_exactly():
    day, times = _day_and_times()
    assert not _on_far(day).any()  # free-flow routes: everyone near
    offers = route_offers(day, times, 900.0)
    faster = offers.faster()
    # near's queue grows at 1,200 veh/h: past its first minute of wait, far is faster
    assert 0.5 * offers.route.size < faster.size < offers.route.size
    assert all(FAR in offers.candidate.route(i) for i in faster)
    leg = np.flatnonzero(day.plan.route_of_leg >= 0)[offers.route[faster]]
    far = offers.candidate.take(faster)
    arrive_far = times.arrival_s(far.ptr, far.links, day.departure_s[leg])
    # the saving is against the near arrival the curves predict for one more vehicle
    # leaving then, which differs from the driver's own by a few headways (2 s on the
    # one-lane link) and the whole steps of the two links it waits on and crosses
    lived = offers.saving_s[faster] - (day.arrival_s[leg] - arrive_far)
    assert np.all(np.abs(lived) <= 10.0) and np.median(np.abs(lived)) <= 4.0


def test_switching_moves_the_share_of_faster_drivers_and_no_one_else():
    day, times = _day_and_times()
    offers = route_offers(day, times, 900.0)
    rng = np.random.default_rng(0)
    kept, none = switch_routes(day.plan.routes, offers, 0.0, rng)
    assert none == 0 and np.array_equal(kept.links, day.plan.routes.links)
    moved, count = switch_routes(day.plan.routes, offers, 1.0, rng)
    assert count == offers.faster().size
    best = best_routes(day.plan.routes, offers)
    np.testing.assert_array_equal(moved.ptr, best.ptr)
    np.testing.assert_array_equal(moved.links, best.links)
    half, some = switch_routes(day.plan.routes, offers, 0.5, rng)
    assert abs(some - 0.5 * count) < 4 * np.sqrt(count)


def test_two_routes_reach_wardrop_s_split():
    """Departures fixed, 20 days of route choice, against the fluid equilibrium.

    Near queues until its wait equals the minute far adds; then it takes its
    capacity s and far the rest, so near carries s x (1 h + 1 min) of the N
    drivers (the module docstring of the scenario). The tolerance, 3 points of
    share, is the switching's noise at its last steps (a few dozen drivers of
    3,000) plus the kernel's whole-second steps; the mean times of the two
    routes are held to within 30 s, half the minute that separates their free flows.
    """
    scenario = load_scenario(TWO_ROUTES)
    day, history = find_equilibrium(scenario)
    far = _on_far(day)
    s_vph, n, free_gap_h = 1800.0, 3000, 1 / 60
    assert abs(far.mean() - (1 - s_vph * (1 + free_gap_h) / n)) < 0.03
    left = np.flatnonzero(np.isfinite(day.departure_s[day.vehicle_leg]))
    travel_s = (day.arrival_s - day.departure_s)[day.vehicle_leg[left]]
    assert abs(travel_s[far].mean() - travel_s[~far].mean()) < 30.0
    assert history[-1].total_cost < 0.5 * history[0].total_cost
    assert history[0].rerouted > 0


def test_the_gap_tells_what_routes_add_from_what_departures_leave():
    """Here departures are not chosen (a window of nothing either side), so what is
    left to save is by route: the departure part is only where the day's link times
    time the present departure better than the day did, the gap much more."""
    scenario = load_scenario(TWO_ROUTES)
    settings = scenario.settings.equilibrium
    day, times, chosen, _, fastest = simulated_lessons(plan_day(scenario))
    rng = np.random.default_rng(0)
    gap, departure_gap, legs = relative_gap(day, times, chosen, settings, rng, fastest)
    assert legs == chosen.leg.size and departure_gap < 1e-3 and gap > 0.05
    assert relative_gap(day, times, chosen, settings, rng)[:2] == (departure_gap,) * 2

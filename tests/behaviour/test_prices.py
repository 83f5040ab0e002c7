"""Queue delays as prices: the equivalent optimisation of the departure-time equilibrium."""

import numpy as np
import pytest

from sim.behaviour import prices
from sim.behaviour.choices import INFEASIBLE_S, ArrivalChoices, arrival_choices, minute_grid
from sim.behaviour.departures import choosable_legs
from sim.behaviour.levels import SLOT_S
from sim.behaviour.prices import clearing_delays, drawn_departures, spare_capacity_pcu
from sim.behaviour.walks import padding, walks_in_parts
from sim.traffic.kernel import free_flow_steps


def _choices(n: int, cost_s: np.ndarray, walks=(), *, n_links=1, n_slots=None,
             rows=1) -> ArrivalChoices:
    """n identical travellers in one row (or n rows of one each), whose candidate j
    arrives, and at free flow leaves, at minute j of its route; each route's walk
    (route, link, minute its first candidate leaves the link) shifted a minute per
    candidate."""
    width = cost_s.shape[1] // (1 + max((route for route, *_ in walks), default=0))
    n_slots = n_slots or width
    pad = padding(width)
    row = np.repeat(np.arange(rows), len(walks))
    route, link, minute = (np.tile([walk[i] for walk in walks], rows).astype(np.int64)
                           for i in range(3))
    parts = walks_in_parts(row, route, link * (n_slots + 2 * pad) + pad + minute,
                           np.ones(row.size), rows,
                           [(r * width, width) for r in range(cost_s.shape[1] // width)])
    return ArrivalChoices(start_s=0.0, slot_s=60.0, n_links=n_links, n_slots=n_slots,
                          n_arrivals=width, traveller=np.arange(n),
                          row=np.arange(n) if rows > 1 else np.zeros(n, dtype=np.int64),
                          count=np.ones(rows) if rows > 1 else np.array([float(n)]),
                          pcu=np.ones(rows), first_arrival_s=np.zeros(rows),
                          lead_s=np.zeros((rows, cost_s.shape[1] // width)),
                          cost_s=np.tile(cost_s, (rows, 1)) if rows > 1 else cost_s,
                          parts=parts)


def _one_bottleneck(n: int, per_min: float, target_min: int, *, beta=0.5, gamma=2.0,
                    minutes=240) -> tuple[ArrivalChoices, np.ndarray]:
    """n identical travellers (alpha = 1) choosing an arrival minute through one link
    letting out `per_min` a minute, and that link's capacity by minute."""
    minute = np.arange(minutes, dtype=np.float64)[None, :]
    early, late = np.maximum(target_min - minute, 0), np.maximum(minute - target_min, 0)
    choices = _choices(n, (beta * early + gamma * late) * 60.0, [(0, 0, 0)])
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
    delay = clearing_delays([choices], capacity, [120.0, 15.0])
    s_per_h = per_min * 60
    assert delay.max() / 3600 == pytest.approx(delta * n / s_per_h, rel=0.02)
    rng = np.random.default_rng(1)
    departure, _ = drawn_departures([choices], delay, 15.0, rng)
    arrival_min = _arrival_min(departure, delay)
    queued_h = delay[arrival_min].sum() / 3600
    assert queued_h == pytest.approx(delta * n ** 2 / (2 * s_per_h), rel=0.02)
    assert np.mean(arrival_min < target) == pytest.approx(gamma / (beta + gamma), abs=0.02)


def test_no_minute_is_loaded_beyond_its_capacity_and_only_full_minutes_queue():
    choices, capacity = _one_bottleneck(3000, 60.0, 120)
    delay = clearing_delays([choices], capacity, [120.0, 15.0])
    departure, _ = drawn_departures([choices], delay, 15.0, np.random.default_rng(2))
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
    # candidate j < c leaves link 0 in minute j; candidate c + j leaves link 1 in minute j
    both = _choices(n, np.tile(one.cost_s, 2), [(0, 0, 0), (1, 1, 0)], n_links=2)
    delay = clearing_delays([both], np.full(2 * minutes, per_min / 2), [120.0, 15.0])
    delta = beta * gamma / (beta + gamma)
    assert delay.max() / 3600 == pytest.approx(delta * n / (per_min * 60), rel=0.02)
    _, by_second = drawn_departures([both], delay, 15.0, np.random.default_rng(5))
    assert np.mean(by_second) == pytest.approx(0.5, abs=0.02)


def test_identical_travellers_fill_the_minutes_in_proportion():
    choices = _choices(600, np.zeros((1, 3)))
    departure, _ = drawn_departures([choices], np.zeros(3), 30.0, np.random.default_rng(3))
    assert np.bincount((departure / 60).astype(int)).tolist() == [200, 200, 200]


def test_a_sole_traveller_draws_at_random():
    n = 400
    choices = _choices(n, np.zeros((1, 2)), rows=n)
    departure, _ = drawn_departures([choices], np.zeros(2), 30.0, np.random.default_rng(4))
    assert 150 < np.sum(departure == 0.0) < 250


def test_spare_capacity_leaves_out_the_choosers_own_vehicles(day_of):
    day = day_of("vickrey_single", **{"simulation.scale": 0.1})
    leg, _ = choosable_legs(day.plan)
    grid = minute_grid(day.scenario.settings.simulation, 60.0)
    capacity, n_slots = day.city.network.capacity_vps, grid[2]
    full = np.repeat(capacity * 60.0, n_slots)
    assert np.array_equal(spare_capacity_pcu(day, leg, grid, capacity), full)
    spare = spare_capacity_pcu(day, np.array([], dtype=np.int64), grid, capacity)
    assert np.all(spare >= 0) and np.all(spare <= full)
    # the last link, after the bottleneck, lets out at most the bottleneck's
    # capacity, less than its own: every vehicle that left it is missing from it
    last = day.plan.routes.route(day.plan.route_of_leg[leg[0]])[-1]
    assert capacity.min() < capacity[last]
    minutes = slice(last * n_slots, (last + 1) * n_slots)
    assert (full - spare)[minutes].sum() == pytest.approx(np.isfinite(day.arrival_s).sum())


def _city_solve(day_of, capacity_share: float, offered=None):
    """The test city's choosers (those `offered(n)` marks with their own route as
    the other) and `capacity_share` of what each link-minute can let out."""
    day = day_of("baseline_8to5")
    leg, onward = choosable_legs(day.plan)
    tau = free_flow_steps(day.city.network, day.traffic.dt_s) * day.traffic.dt_s
    settings = day.scenario.settings.equilibrium
    groups = arrival_choices(day.plan, leg, onward, day.plan.routes, tau, settings,
                             *((day.plan.routes, offered(leg.size)) if offered else ()))
    grid = minute_grid(day.scenario.settings.simulation, SLOT_S)
    spare = spare_capacity_pcu(day, leg, grid, day.city.network.capacity_vps)
    return groups, capacity_share * spare, settings.choice_scale_s


def test_delays_are_the_same_on_any_number_of_cores(day_of, monkeypatch):
    """The rows are cut into the same parts and their sums added in the same order
    however many threads evaluate them, so a seed gives the same day on any machine."""
    # a fifth of each minute's capacity, so that many links queue
    groups, capacity, _ = _city_solve(day_of, 0.2, lambda n: np.arange(n) % 3 == 0)
    solved = []
    for cores in (1, 3):
        monkeypatch.setattr(prices, "solve_threads", lambda cores=cores: cores)
        solved.append(clearing_delays(groups, capacity, [120.0], max_evaluations=5))
    assert solved[0].max() > 0 and np.array_equal(solved[0], solved[1])


@pytest.mark.integration
def test_the_logit_alone_leaves_well_under_a_percent_to_save(day_of):
    """Inside the priced model, at the solved delays, what travellers expect to pay
    over their least-cost candidate is the gap the logit's spread alone leaves
    (0.5% here; on the quarter-scale city after two priced days, 2.2% at the default
    0.5 min and 0.6% at 0.25 min). A traveller whom no arrival lets take a child to
    school within its window is left out: their every candidate carries the
    penalty, whose size would swamp the total."""
    groups, capacity, scale = _city_solve(day_of, 0.5)
    delay = clearing_delays(groups, capacity, [4 * scale, scale], max_evaluations=60)
    expected = least = 0.0
    for group in groups:
        cost = group.cost_s + group.queueing_s(delay)
        feasible = cost.min(axis=1) < INFEASIBLE_S
        count = group.count * feasible
        expected += count @ (group.shares(delay, scale)[0] * cost).sum(axis=1)
        least += count @ cost.min(axis=1)
    assert delay.max() > 60.0  # half the capacity makes queues worth pricing
    assert (expected - least) / expected < 0.01

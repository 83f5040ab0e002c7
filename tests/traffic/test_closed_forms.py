"""Spillback, merge and diverge against their closed forms (VALIDATION.md D2-D4).

Each case's figures are derived here from the triangular fundamental diagram and
the node model's principles, then met by the kernel to one vehicle or one step.
D1 (the bottleneck) is in test_kernel.py.
"""

import numpy as np
import pytest

from sim.clock import SECONDS_PER_HOUR, kmh_to_mps, parse_clock, per_hour_to_per_second
from sim.network import make_network
from sim.network.routing import Routes

START_S = parse_clock("07:00")
DT_S = 2.0
JAM_VEH_PER_KM_LANE = 150.0


def _links(length_m, lanes, free_speed_kmh, capacity_vph_lane, from_node, to_node):
    """A network of the given links in SI units, jam density 150 veh/km/lane."""
    lanes = np.asarray(lanes, dtype=float)
    n_nodes = max(max(from_node), max(to_node)) + 1
    return make_network(from_node=from_node, to_node=to_node, length_m=length_m, lanes=lanes,
                        free_speed_mps=kmh_to_mps(np.asarray(free_speed_kmh, dtype=float)),
                        capacity_vps=per_hour_to_per_second(np.asarray(capacity_vph_lane) * lanes),
                        jam_density_vpm=JAM_VEH_PER_KM_LANE / 1000.0,
                        node_x=np.arange(n_nodes), node_y=np.zeros(n_nodes))


def _steady(rate_vph: float, hours: float = 1.0) -> np.ndarray:
    """Departures at a steady rate from 07:00, s."""
    return START_S + np.arange(int(rate_vph * hours)) * SECONDS_PER_HOUR / rate_vph


def _routes(*routes) -> Routes:
    """Routes from lists of link indices."""
    ptr = np.r_[0, np.cumsum([len(r) for r in routes])]
    return Routes(ptr=ptr, links=np.concatenate(routes).astype(np.int64),
                  reachable=np.ones(len(routes), bool))


def _count(times_s: np.ndarray, at_s: float) -> int:
    """Vehicles whose time is at or before `at_s`."""
    return int(np.count_nonzero(times_s <= at_s + 1e-9))


# D2: link A (3 km, 2 lanes, 60 km/h, 1,800 veh/h/lane) fed 3,000 veh/h, then B letting out
# 1,800 veh/h (one lane).
D2_FREE_FLOW_S = 3000 / kmh_to_mps(60.0)                         # 180 s
D2_WAVE_MPS = per_hour_to_per_second(3600) / (0.3 - 3600 / 60 / 1000)  # q / (k_j - q / v)
D2_STORAGE_VEH = 0.15 * 3000 * 2                                  # 900


def _d2(load):
    network = _links([3000, 3000], [2, 1], [60, 60], [1800, 1800], [0, 1], [1, 2])
    departures = _steady(3000)
    routes = _routes(*([0, 1] for _ in departures))
    result = load(network, routes.ptr, routes.links, departures, dt_s=DT_S)
    into_a, into_b = result.link_entry_s[0::2], result.link_entry_s[1::2]
    return departures, into_a, into_b


def _d2_stored_closed_form(t_s: float) -> float:
    """Vehicles on A after t_s since 07:00: inflow 3,000 veh/h; from 3 min the queue at the
    exit lets out 1,800 veh/h; once the queue's tail, moving upstream at (q_d - q_u) /
    (k_d - k_u), reaches the entrance, inflow is what the wave hands back: N_in(t) =
    N_out(t - L / w) + k_j L, so the stock holds at k_j L - 1,800 veh/h x L / w."""
    arrive, fill = D2_FREE_FLOW_S, per_hour_to_per_second(3000 - 1800)
    held = D2_STORAGE_VEH - per_hour_to_per_second(1800) * 3000 / D2_WAVE_MPS
    if t_s <= arrive:
        return per_hour_to_per_second(3000) * t_s
    return min(per_hour_to_per_second(3000) * arrive + fill * (t_s - arrive), held)


def test_d2_the_queue_reaches_the_entrance_when_the_shock_wave_does(load):
    departures, into_a, into_b = _d2(load)
    # shock between (3,000, 50) and (1,800, 180) veh/h, veh/km: -9.23 km/h over 3 km
    shock_kmh = (1800 - 3000) / (180 - 50)
    blocked_s = START_S + D2_FREE_FLOW_S + 3.0 / -shock_kmh * SECONDS_PER_HOUR
    assert blocked_s == pytest.approx(parse_clock("07:22:30"))
    wave_s = 3000 / D2_WAVE_MPS
    for t in np.arange(START_S + 60, START_S + 3600, 30.0):
        handed_back = _count(into_b, t - wave_s) + D2_STORAGE_VEH
        expected = _count(departures, t) if t < blocked_s else min(_count(departures, t),
                                                                   handed_back)
        assert abs(_count(into_a, t) - expected) <= 1, f"N_in at {t - START_S:.0f} s"
    # from 07:22:30 the space handed back lets in one vehicle a step (1,800 veh/h), so the
    # first to wait is the first that finds two due in one step: within two steps
    due_s = np.ceil(departures / DT_S - 1e-9) * DT_S
    first_wait = departures[np.argmax(into_a > due_s)]
    assert blocked_s <= first_wait <= blocked_s + 2 * DT_S


@pytest.mark.parametrize("minutes", [2, 3, 10, 20, 22.5, 30, 45, 59])
def test_d2_vehicles_stored_on_the_link_follow_the_wave(load, minutes):
    _, into_a, into_b = _d2(load)
    t = START_S + minutes * 60
    stored = _count(into_a, t) - _count(into_b, t)
    assert abs(stored - _d2_stored_closed_form(minutes * 60)) <= 1.0 + 1e-9


# D3: approaches 0 (1,500 veh/h) and 1 (600 veh/h), one lane of 1,800 veh/h each, merge
# into link 2, one lane of 1,800 veh/h.
def test_d3_merge_gives_the_small_approach_its_demand_and_the_rest_to_the_other(load):
    network = _links([1000, 1000, 2000], [1, 1, 1], [60] * 3, [1800] * 3, [0, 1, 2], [2, 2, 3])
    heavy, light = _steady(1500), _steady(600) + DT_S  # apart, and on the step grid
    routes = _routes(*([0, 2] for _ in heavy), *([1, 2] for _ in light))
    result = load(network, routes.ptr, routes.links, np.r_[heavy, light], dt_s=DT_S)
    merged = result.link_entry_s[1::2]
    from_heavy, from_light = merged[:heavy.size], merged[heavy.size:]
    window = (START_S + 10 * 60, START_S + 50 * 60)  # after the first minutes, before the end
    hours = (window[1] - window[0]) / SECONDS_PER_HOUR
    served_heavy = _count(from_heavy, window[1]) - _count(from_heavy, window[0])
    served_light = _count(from_light, window[1]) - _count(from_light, window[0])
    assert abs(served_heavy - 1200 * hours) <= 1
    assert abs(served_light - 600 * hours) <= 1
    light_delay_s = result.delay_s[heavy.size:]
    assert light_delay_s.max() <= DT_S, "the small approach does not queue"
    assert result.delay_s[:heavy.size].max() > 300, "the other queues (300 veh/h)"


# D4: link 0 (one lane, 1,800 veh/h) carries 1,800 veh/h, every other vehicle to branch 1
# (600 veh/h), the others to branch 2 (1,800 veh/h).
def test_d4_fifo_diverge_holds_the_free_branch_behind_the_blocked_one(load):
    network = _links([1000, 1000, 1000], [1, 1, 1], [60] * 3, [1800, 600, 1800],
                     [0, 1, 1], [1, 2, 3])
    departures = _steady(1800)
    to_blocked = np.arange(departures.size) % 2 == 0
    routes = _routes(*([0, 1] if blocked else [0, 2] for blocked in to_blocked))
    result = load(network, routes.ptr, routes.links, departures, dt_s=DT_S)
    leaving = result.link_entry_s[1::2]
    window = (START_S + 10 * 60, START_S + 50 * 60)
    hours = (window[1] - window[0]) / SECONDS_PER_HOUR
    for branch in (to_blocked, ~to_blocked):  # min(1,800, 600 / 0.5) = 1,200, split evenly
        served = _count(leaving[branch], window[1]) - _count(leaving[branch], window[0])
        assert abs(served - 600 * hours) <= 1
    assert result.delay_s[~to_blocked].max() > 600, "the free branch's vehicles wait too"


# Entering traffic: 1,500 veh/h through on link 0 and 1,500 veh/h entering link 1 at its
# upstream node, where link 1 (one lane, 1,800 veh/h) takes 1,800: an origin merges as an
# approach of its link's capacity times entry_priority.
@pytest.mark.parametrize("entry_priority, through_vph, entering_vph",
                         [(1.0, 900, 900), (1000.0, 300, 1500)])
def test_entering_traffic_merges_by_its_priority(load, entry_priority, through_vph,
                                                 entering_vph):
    network = _links([1000, 2000], [1, 1], [60, 60], [1800, 1800], [0, 1], [1, 2])
    through, entering = _steady(1500), _steady(1500) + DT_S
    routes = _routes(*([0, 1] for _ in through), *([1] for _ in entering))
    result = load(network, routes.ptr, routes.links, np.r_[through, entering], dt_s=DT_S,
                  entry_priority=entry_priority)
    into_1 = np.r_[result.link_entry_s[1:2 * through.size:2],
                   result.link_entry_s[2 * through.size:]]
    window = (START_S + 10 * 60, START_S + 50 * 60)
    hours = (window[1] - window[0]) / SECONDS_PER_HOUR
    for flow_vph, times_s in ((through_vph, into_1[:through.size]),
                              (entering_vph, into_1[through.size:])):
        assert abs(_count(times_s, window[1]) - _count(times_s, window[0])
                   - flow_vph * hours) <= 1

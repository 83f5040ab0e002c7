"""The invariant checks catch what they promise to catch (on deliberately broken results)."""

from dataclasses import replace

import numpy as np
import pytest

from sim.network import shortest_paths
from sim.network.cases import d1_departures_s, d1_network
from sim.traffic import check_invariants, load_vehicles


@pytest.fixture(scope="module")
def d1():
    network, departures = d1_network(), d1_departures_s()
    routes = shortest_paths(network, np.zeros(departures.size, int), np.full(departures.size, 3))
    return network, load_vehicles(network, routes.ptr, routes.links, departures)


def test_a_sound_result_passes(d1):
    network, result = d1
    assert check_invariants(result, network) == []


def test_overtaking_on_a_link_is_caught(d1):
    network, result = d1
    entry = result.link_entry_s.copy()
    # vehicles 100 and 101 leave link 2 (enter link 3) in swapped order
    a, b = result.route_ptr[100] + 2, result.route_ptr[101] + 2
    entry[a], entry[b] = entry[b], entry[a]
    problems = check_invariants(replace(result, link_entry_s=entry), network)
    assert any("FIFO" in p for p in problems)


def test_leaving_before_departure_and_too_fast_are_caught(d1):
    network, result = d1
    entry = result.link_entry_s.copy()
    entry[result.route_ptr[5]] -= 10.0
    entry[result.route_ptr[7] + 1] -= 30.0
    problems = check_invariants(replace(result, link_entry_s=entry), network)
    assert any("before its departure" in p for p in problems)
    assert any("faster than free flow" in p for p in problems)


def test_overfull_link_and_excess_flow_are_caught(d1):
    network, result = d1
    entry = result.link_entry_s.copy()
    on_bottleneck = result.route_ptr[:-1] + 1
    crowd = on_bottleneck[1000:1400]
    entry[crowd] = entry[crowd[0]]
    entry[crowd - 1] = np.minimum(entry[crowd - 1], entry[crowd[0]] - 60.0)
    problems = check_invariants(replace(result, link_entry_s=entry), network)
    assert any("storage exceeded" in p for p in problems)
    assert any("capacity exceeded" in p for p in problems)

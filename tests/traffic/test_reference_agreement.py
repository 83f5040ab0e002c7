"""The vectorised kernel and the per-vehicle SimPy reference agree vehicle by vehicle.

Random small networks are drawn with short links (storage of a few vehicles) and
tight capacities so that queues, spillback, merges, diverges and gridlocks all
occur, with each link's triangular wave speed or one slow wave for all links.
"""

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sim.network import make_network, shortest_paths
from sim.traffic.reference import ReferenceModel

END_S = 1500.0
JAM_DENSITY_VPM = 0.15


@st.composite
def loading_cases(draw):
    n_nodes = draw(st.integers(2, 6))
    pairs = [(a, b) for a in range(n_nodes) for b in range(n_nodes) if a != b]
    chosen = draw(st.lists(st.sampled_from(pairs), min_size=1, max_size=12))
    n_links = len(chosen)
    floats = lambda low, high: st.lists(st.floats(low, high), min_size=n_links,  # noqa: E731
                                        max_size=n_links)
    lanes = np.array(draw(st.lists(st.sampled_from([1, 2]), min_size=n_links,
                                   max_size=n_links)))
    free_speed_mps = np.array(draw(floats(4.0, 20.0)))
    # capacity as a share of free speed x jam density: below it, so the diagram has a
    # congested branch
    capacity_share = np.array(draw(floats(0.02, 0.6)))
    network = make_network(
        from_node=[a for a, _ in chosen], to_node=[b for _, b in chosen],
        length_m=draw(floats(10.0, 200.0)), lanes=lanes, free_speed_mps=free_speed_mps,
        capacity_vps=capacity_share * free_speed_mps * JAM_DENSITY_VPM * lanes,
        jam_density_vpm=JAM_DENSITY_VPM, node_x=np.arange(n_nodes), node_y=np.zeros(n_nodes))
    n = draw(st.integers(1, 60))
    origin = np.array(draw(st.lists(st.integers(0, n_nodes - 1), min_size=n, max_size=n)))
    destination = np.array(draw(st.lists(st.integers(0, n_nodes - 1), min_size=n, max_size=n)))
    routes = shortest_paths(network, origin, destination)
    departures = np.array(draw(st.lists(st.floats(0.0, 120.0), min_size=n, max_size=n)))
    pcu = np.array(draw(st.lists(st.sampled_from([1.0, 1.0, 1.0, 0.4, 2.0]),
                                 min_size=n, max_size=n)))
    keep = routes.reachable
    ptr = np.r_[0, np.cumsum(routes.lengths()[keep])]
    links = np.concatenate([routes.route(i) for i in np.flatnonzero(keep)] + [np.zeros(0, int)])
    dt_s = draw(st.sampled_from([0.5, 1.0, 2.0]))
    wave_kmh = draw(st.sampled_from([None, None, 4.0, 15.0]))
    entry_priority = draw(st.sampled_from([1.0, 1.0, 0.3, 1000.0]))
    return network, ptr, links, departures[keep], pcu[keep], dt_s, wave_kmh, entry_priority


def _assert_same(kernel, reference):
    """Equal times (or both never). The issue asks for agreement within one step; the
    two implement the same discrete rules, so anything short of equality is a bug."""
    both_nan = np.isnan(kernel) & np.isnan(reference)
    equal = np.abs(kernel - reference) <= 1e-6
    assert np.all(both_nan | equal), (kernel, reference)


def _compare(load, case):
    network, ptr, links, departures, pcu, dt_s, wave_kmh, entry_priority = case
    kernel = load(network, ptr, links, departures, pcu=pcu, dt_s=dt_s, end_s=END_S,
                  backward_wave_kmh=wave_kmh, entry_priority=entry_priority)
    reference = ReferenceModel(network, ptr, links, departures, pcu, dt_s=dt_s, end_s=END_S,
                               backward_wave_kmh=wave_kmh, entry_priority=entry_priority).run()
    _assert_same(kernel.arrival_s, reference.arrival_s)
    _assert_same(kernel.link_entry_s, reference.link_entry_s)


@settings(max_examples=200, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(case=loading_cases())
def test_kernel_matches_reference_vehicle_by_vehicle(load, case):
    _compare(load, case)


@pytest.mark.slow
@settings(max_examples=3000, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(case=loading_cases())
def test_kernel_matches_reference_on_many_random_networks(load, case):
    _compare(load, case)


def test_backward_wave_delays_reuse_of_freed_space(load):
    """A bottleneck's upstream link refills only as fast as freed space travels back."""
    network = make_network(from_node=[0, 1, 2], to_node=[1, 2, 3], length_m=[200, 60, 200],
                           lanes=1, free_speed_mps=10.0, capacity_vps=[1.0, 0.2, 1.0],
                           node_x=[0, 1, 2, 3], node_y=[0, 0, 0, 0])
    n = 60
    routes = shortest_paths(network, np.zeros(n, int), np.full(n, 3))
    departures = np.linspace(0.0, 60.0, n)
    delay = {}
    for wave_kmh in (None, 4.0):
        _compare(load, (network, routes.ptr, routes.links, departures, np.ones(n), 1.0, wave_kmh,
                        1.0))
        result = load(network, routes.ptr, routes.links, departures, backward_wave_kmh=wave_kmh)
        delay[wave_kmh] = result.delay_s.sum()
    assert delay[4.0] > delay[None]

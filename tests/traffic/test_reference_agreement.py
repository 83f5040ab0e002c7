"""The vectorised kernel and the per-vehicle SimPy reference agree vehicle by vehicle.

Random small networks are drawn with short links (storage of a few vehicles) and
tight capacities so that queues, spillback, merges and gridlocks all occur.
"""

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sim.network import make_network, shortest_paths
from sim.traffic.reference import ReferenceModel

END_S = 1500.0


@st.composite
def loading_cases(draw):
    n_nodes = draw(st.integers(2, 6))
    pairs = [(a, b) for a in range(n_nodes) for b in range(n_nodes) if a != b]
    chosen = draw(st.lists(st.sampled_from(pairs), min_size=1, max_size=12))
    n_links = len(chosen)
    floats = lambda low, high: st.lists(st.floats(low, high), min_size=n_links,  # noqa: E731
                                        max_size=n_links)
    network = make_network(
        from_node=[a for a, _ in chosen], to_node=[b for _, b in chosen],
        length_m=draw(floats(10.0, 300.0)),
        lanes=draw(st.lists(st.sampled_from([1, 2]), min_size=n_links, max_size=n_links)),
        free_speed_mps=draw(floats(4.0, 20.0)),
        capacity_vps=draw(floats(0.05, 1.2)),
        node_x=np.arange(n_nodes), node_y=np.zeros(n_nodes))
    n = draw(st.integers(1, 50))
    origin = np.array(draw(st.lists(st.integers(0, n_nodes - 1), min_size=n, max_size=n)))
    destination = np.array(draw(st.lists(st.integers(0, n_nodes - 1), min_size=n, max_size=n)))
    routes = shortest_paths(network, origin, destination)
    departures = np.array(draw(st.lists(st.floats(0.0, 300.0), min_size=n, max_size=n)))
    pcu = np.array(draw(st.lists(st.sampled_from([1.0, 1.0, 1.0, 0.4, 2.0]),
                                 min_size=n, max_size=n)))
    keep = routes.reachable
    ptr = np.r_[0, np.cumsum(routes.lengths()[keep])]
    links = np.concatenate([routes.route(i) for i in np.flatnonzero(keep)] + [np.zeros(0, int)])
    dt_s = draw(st.sampled_from([0.5, 1.0, 2.0]))
    return network, ptr, links, departures[keep], pcu[keep], dt_s


def _assert_same(kernel, reference, dt_s):
    both_nan = np.isnan(kernel) & np.isnan(reference)
    close = np.abs(kernel - reference) <= dt_s
    assert np.all(both_nan | close), (kernel, reference)


def _compare(load, case):
    network, ptr, links, departures, pcu, dt_s = case
    kernel = load(network, ptr, links, departures, pcu=pcu, dt_s=dt_s, end_s=END_S)
    reference = ReferenceModel(network, ptr, links, departures, pcu, dt_s=dt_s,
                               end_s=END_S).run()
    _assert_same(kernel.arrival_s, reference.arrival_s, dt_s)
    _assert_same(kernel.link_entry_s, reference.link_entry_s, dt_s)


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

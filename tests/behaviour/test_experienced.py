"""Experienced times: a vehicle that had left at t would have arrived when the curves say."""

import numpy as np

from sim import blocks
from sim.behaviour.experienced import experienced_times, on_grid
from sim.network import grid as grid_network
from sim.network import shortest_paths
from sim.network.cases import d1_departures_s, d1_network
from sim.traffic import load_vehicles


def test_d1_each_vehicle_arrives_when_its_own_departure_predicts():
    network, departure = d1_network(), d1_departures_s()
    ptr, links = np.arange(0, 3 * departure.size + 1, 3), np.tile([0, 1, 2], departure.size)
    result = load_vehicles(network, ptr, links, departure, dt_s=1.0)
    times = experienced_times(result, network, 6 * 3600.0, 10 * 3600.0, step_s=1.0)
    predicted = times.arrival_s(ptr, links, departure)
    # the prediction is for one more vehicle entering just after this one: on each link
    # it may leave one headway at capacity after it (1 s, 2 s at the bottleneck, 1 s),
    # never earlier; one step of rounding on top
    headways_s = (1.0 / network.capacity_vps).sum()
    assert np.all(predicted >= result.arrival_s - 1e-9)
    assert np.all(predicted <= result.arrival_s + headways_s + result.dt_s)


def test_d1_queue_delay_rises_then_falls_as_the_fluid_queue_does():
    network, departure = d1_network(), d1_departures_s()
    ptr, links = np.arange(0, 3 * departure.size + 1, 3), np.tile([0, 1, 2], departure.size)
    result = load_vehicles(network, ptr, links, departure, dt_s=1.0)
    times = experienced_times(result, network, 6 * 3600.0, 10 * 3600.0)
    probe = np.arange(6.5, 9.5, 0.25) * 3600
    probe_ptr = np.arange(0, 3 * probe.size + 1, 3)
    travel = times.arrival_s(probe_ptr, np.tile([0, 1, 2], probe.size), probe) - probe
    # fluid D/D/1: arrivals 3,000/h against service 1,800/h from 07:00 to 08:00, so the
    # wait grows by 1 - 1,800/3,000... of the queue over the service rate: (t - 7:00) x 2/3,
    # up to 40 min at 08:00, then falls by one second per second
    hours = probe / 3600
    fluid_h = np.where(hours <= 8, (hours - 7) * (3000 - 1800) / 1800, 2 / 3 - (hours - 8))
    fluid_s = np.clip(fluid_h, 0, None) * 3600
    free_s = 3 * 60.0
    assert np.allclose(travel - free_s, fluid_s, atol=10.0)


def test_empty_roads_give_free_flow():
    network = grid_network(3, 3)
    routes = shortest_paths(network, np.array([0, 8]), np.array([8, 0]))
    result = load_vehicles(network, routes.ptr, routes.links, np.array([7 * 3600.0, 7 * 3600]))
    times = experienced_times(result, network, 6 * 3600.0, 9 * 3600.0)
    probe = np.array([6.5, 7.2, 8.5]) * 3600
    ptr = np.array([0, routes.ptr[1], routes.ptr[1] * 2, routes.ptr[1] * 3])
    links = np.tile(routes.route(0), 3)
    np.testing.assert_allclose(times.arrival_s(ptr, links, probe) - probe,
                               result.free_flow_s[0])


def test_link_times_by_bin_average_the_crossing_times_of_the_bin():
    network, departure = d1_network(), d1_departures_s()
    ptr, links = np.arange(0, 3 * departure.size + 1, 3), np.tile([0, 1, 2], departure.size)
    result = load_vehicles(network, ptr, links, departure, dt_s=1.0)
    times = experienced_times(result, network, 6 * 3600.0, 10 * 3600.0)
    bin_start_s, crossing_s = times.link_times_by_bin(900.0)
    grid = 6 * 3600.0 + 60.0 * np.arange(times.link_exit_s.shape[1])
    # 4 h of 60 s grid times, 15 per bin, and the end of the grid, 10:00, alone in a 17th
    np.testing.assert_allclose(bin_start_s, 6 * 3600.0 + 900.0 * np.arange(17))
    for b in (2, 8):  # 06:30-06:45 and 08:00-08:15
        in_bin = slice(15 * b, 15 * (b + 1))
        np.testing.assert_allclose(crossing_s[:, b],
                                   (times.link_exit_s[:, in_bin] - grid[in_bin]).mean(axis=1))
    # before 07:00 the roads are empty: free flow on every link
    np.testing.assert_allclose(crossing_s[:, :4], np.repeat(times.free_flow_s[:, None], 4, 1))
    # at 08:00 the bottleneck's approach (link 0) is full, its queue spilling back to the
    # origin (the bottleneck takes in only its capacity, so the queue waits before it):
    # crossing it takes minutes, not the free minute
    assert crossing_s[0, 8] > 4 * times.free_flow_s[0]
    np.testing.assert_allclose(crossing_s[1:, 8], times.free_flow_s[1:], atol=2.0)  # a headway


def test_entered_undoes_a_link_exit_and_is_free_flow_off_the_grid():
    network, departure = d1_network(), d1_departures_s()
    ptr, links = np.arange(0, 3 * departure.size + 1, 3), np.tile([0, 1, 2], departure.size)
    result = load_vehicles(network, ptr, links, departure, dt_s=1.0)
    times = experienced_times(result, network, 6 * 3600.0, 10 * 3600.0)
    entry = 6 * 3600.0 + 60.0 * np.arange(1, times.link_exit_s.shape[1] - 1)
    link = np.array([[0], [1], [2]])
    left = times.link_exit_s[link, np.arange(1, entry.size + 1)]
    entered = times.entered_s(link, left)
    # a vehicle entering then would have left when the vehicle did (where several
    # entries leave together, behind a queue spilling back, it is the latest of them)
    assert np.all(entered <= left - times.free_flow_s[link] + 1e-9)
    np.testing.assert_allclose(on_grid(times.link_exit_s, link, entered, times.start_s,
                                       times.step_s, np.inf), left)
    rising = np.diff(times.link_exit_s[:, 1:], axis=1) > 0
    np.testing.assert_allclose(entered[rising], np.broadcast_to(entry, entered.shape)[rising])
    # at 08:00 the queue before the bottleneck (on link 0) holds a vehicle leaving it minutes
    eight = times.link_exit_s[0, 120]
    assert eight - times.entered_s(np.array(0), np.array(eight)) > 4 * times.free_flow_s[0]
    # before the grid, and past its last exit, free flow
    early, late = np.array([3600.0]), np.array([20 * 3600.0])
    np.testing.assert_allclose(times.entered_s(np.array([1]), early),
                               early - times.free_flow_s[1])
    np.testing.assert_allclose(times.entered_s(np.array([1]), late), late - times.free_flow_s[1])


def test_entered_is_the_same_worked_out_a_row_at_a_time(monkeypatch):
    network, departure = d1_network(), d1_departures_s()
    ptr, links = np.arange(0, 3 * departure.size + 1, 3), np.tile([0, 1, 2], departure.size)
    times = experienced_times(load_vehicles(network, ptr, links, departure, dt_s=1.0),
                              network, 6 * 3600.0, 10 * 3600.0)
    link = np.repeat([[0], [1], [2]], 40, axis=0)
    rng = np.random.default_rng(5)
    left = 7 * 3600.0 + rng.uniform(0, 7200, (link.size, 1)) + 60.0 * np.arange(30)
    whole = times.entered_s(link, left)
    monkeypatch.setattr(blocks, "BLOCK_VALUES", 75)  # blocks of two rows
    np.testing.assert_array_equal(times.entered_s(link, left), whole)
    assert np.any(whole < left - times.free_flow_s[link] - 60.0)  # some held over a minute

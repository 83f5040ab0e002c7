import numpy as np

from sim.network import shortest_paths
from sim.network.cases import d1_departures_s, d1_network
from sim.traffic.series import delayed_vehicles, link_series


def _d1(load):
    network, departures = d1_network(), d1_departures_s()
    routes = shortest_paths(network, np.zeros(departures.size, int), np.full(departures.size, 3))
    return network, load(network, routes.ptr, routes.links, departures)


def test_link_series_conserve_vehicles_and_respect_storage(load):
    network, result = _d1(load)
    series = link_series(result, network, interval_s=60.0)
    assert series.inflow_veh.sum(axis=1).tolist() == [3000] * 3
    assert series.outflow_veh.sum(axis=1).tolist() == [3000] * 3
    np.testing.assert_array_equal(np.cumsum(series.inflow_veh - series.outflow_veh, axis=1),
                                  series.vehicles)
    assert np.all(series.vehicles <= network.storage_veh[:, None])
    assert np.all(series.queue_veh <= series.vehicles)
    assert series.waiting_veh[0].max() > 0 and series.waiting_veh[1:].max() == 0


def test_bottleneck_outflow_is_its_capacity_while_queued(load):
    network, result = _d1(load)
    series = link_series(result, network, interval_s=600.0)
    busy = series.outflow_veh[1][1:9]
    assert np.all(busy == 600 * network.capacity_vps[1])


def test_vertical_queue_integrates_to_total_delay(load):
    _, result = _d1(load)
    times, queue = delayed_vehicles(result)
    area = np.sum(queue[:-1] * np.diff(times))
    assert np.isclose(area, result.delay_s.sum())

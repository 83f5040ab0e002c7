import numpy as np

from sim.network import grid, make_network, shortest_paths


def test_grid_paths_are_connected_and_manhattan_long():
    network = grid(5, 5)
    rng = np.random.default_rng(3)
    origin, destination = rng.integers(0, 25, 200), rng.integers(0, 25, 200)
    routes = shortest_paths(network, origin, destination)
    assert routes.reachable.all()
    for i in range(len(routes)):
        links = routes.route(i)
        manhattan = np.abs(np.divmod(origin[i], 5)[0] - np.divmod(destination[i], 5)[0]) + \
            np.abs(origin[i] % 5 - destination[i] % 5)
        assert len(links) == manhattan
        if len(links):
            assert network.from_node[links[0]] == origin[i]
            assert network.to_node[links[-1]] == destination[i]
            np.testing.assert_array_equal(network.to_node[links[:-1]], network.from_node[links[1:]])


def test_cheaper_of_parallel_links_is_used():
    network = make_network(from_node=[0, 0], to_node=[1, 1], length_m=[1000, 500], lanes=1,
                           free_speed_mps=10.0, capacity_vps=0.5, node_x=[0, 1], node_y=[0, 0])
    routes = shortest_paths(network, np.array([0]), np.array([1]))
    assert routes.route(0).tolist() == [1]


def test_replaced_routes_swap_only_the_named_ones():
    network = grid(4, 4)
    routes = shortest_paths(network, np.array([0, 5, 15, 3]), np.array([15, 10, 0, 12]))
    other = shortest_paths(network, np.array([1, 2]), np.array([14, 13]))
    mixed = routes.replaced(np.array([3, 1]), other)
    assert len(mixed) == 4
    for i, expected in enumerate([routes.route(0), other.route(1), routes.route(2),
                                  other.route(0)]):
        np.testing.assert_array_equal(mixed.route(i), expected)


def test_unreachable_pairs_are_flagged_and_left_empty():
    network = make_network(from_node=[0], to_node=[1], length_m=100, lanes=1, free_speed_mps=10.0,
                           capacity_vps=0.5, node_x=[0, 1], node_y=[0, 0])
    routes = shortest_paths(network, np.array([1, 0]), np.array([0, 1]))
    assert routes.reachable.tolist() == [False, True]
    assert routes.lengths().tolist() == [0, 1]

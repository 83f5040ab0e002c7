"""Shortest paths with scipy.sparse.csgraph, returned as arrays of link indices.

A set of routes is stored like a CSR matrix: the links of route i are
``links[ptr[i]:ptr[i + 1]]``. Where two links join the same pair of nodes the
cheaper one is used.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import dijkstra

from .model import Network


@dataclass(frozen=True)
class Routes:
    """Routes as link-index sequences.

    Attributes
    ----------
    ptr : (n_routes + 1,) int64 offsets into `links`.
    links : (ptr[-1],) int64 link indices, in travel order.
    reachable : (n_routes,) bool, False where no path exists (that route is empty).
    """

    ptr: np.ndarray
    links: np.ndarray
    reachable: np.ndarray

    def __len__(self) -> int:
        return len(self.ptr) - 1

    def route(self, i: int) -> np.ndarray:
        """Link indices of route i."""
        return self.links[self.ptr[i]:self.ptr[i + 1]]

    def lengths(self) -> np.ndarray:
        """(n_routes,) int64 number of links of each route."""
        return np.diff(self.ptr)

    def take(self, indices: np.ndarray) -> "Routes":
        """The routes at `indices`, in that order."""
        indices = np.asarray(indices, dtype=np.int64)
        length = self.ptr[indices + 1] - self.ptr[indices]
        ptr = np.r_[0, np.cumsum(length)].astype(np.int64)
        gather = np.repeat(self.ptr[indices] - ptr[:-1], length) + np.arange(ptr[-1])
        return Routes(ptr=ptr, links=self.links[gather], reachable=self.reachable[indices])

    def replaced(self, indices: np.ndarray, routes: "Routes") -> "Routes":
        """These routes with route ``indices[j]`` replaced by route j of `routes`."""
        indices = np.asarray(indices, dtype=np.int64)
        both = Routes(ptr=np.r_[self.ptr, self.ptr[-1] + routes.ptr[1:]],
                      links=np.r_[self.links, routes.links],
                      reachable=np.r_[self.reachable, routes.reachable])
        pick = np.arange(len(self))
        pick[indices] = len(self) + np.arange(len(routes))
        return both.take(pick)


def _cheapest_links(network: Network, weight: np.ndarray) -> np.ndarray:
    """Indices of the cheapest link for each distinct (from, to) node pair."""
    order = np.lexsort((np.arange(network.n_links), weight, network.to_node, network.from_node))
    pairs = network.from_node[order] * network.n_nodes + network.to_node[order]
    first = np.r_[True, pairs[1:] != pairs[:-1]]
    return order[first]


def shortest_paths(network: Network, origin: np.ndarray, destination: np.ndarray,
                   weight: np.ndarray | None = None) -> Routes:
    """Least-cost routes between node pairs.

    Parameters
    ----------
    network : the network.
    origin, destination : (n,) int node indices.
    weight : (n_links,) positive link costs; free-flow time in seconds by default.

    Returns
    -------
    Routes with one route per pair (empty where origin == destination or unreachable).
    """
    origin = np.asarray(origin, dtype=np.int64)
    destination = np.asarray(destination, dtype=np.int64)
    weight = network.free_flow_s if weight is None else np.asarray(weight, dtype=np.float64)
    n = network.n_nodes
    used = _cheapest_links(network, weight)
    graph = csr_matrix((weight[used], (network.from_node[used], network.to_node[used])),
                       shape=(n, n))
    pair_keys = network.from_node[used] * n + network.to_node[used]
    key_order = np.argsort(pair_keys)
    pair_keys, link_of_pair = pair_keys[key_order], used[key_order]

    od, od_of_trip = np.unique(origin * n + destination, return_inverse=True)
    od_origin, od_destination = np.divmod(od, n)
    sources, source_row = np.unique(od_origin, return_inverse=True)
    _, predecessors = dijkstra(graph, indices=sources, return_predecessors=True)

    current = od_destination.copy()
    reachable = (predecessors[source_row, current] >= 0) | (current == od_origin)
    active = np.flatnonzero(reachable & (current != od_origin))
    steps_back: list[tuple[np.ndarray, np.ndarray]] = []
    while active.size:
        previous = predecessors[source_row[active], current[active]]
        keys = previous * n + current[active]
        steps_back.append((active, link_of_pair[np.searchsorted(pair_keys, keys)]))
        current[active] = previous
        active = active[previous != od_origin[active]]

    od_length = np.zeros(len(od), dtype=np.int64)
    for members, _ in steps_back:
        od_length[members] += 1
    od_ptr = np.r_[0, np.cumsum(od_length)]
    od_links = np.empty(od_ptr[-1], dtype=np.int64)
    for depth, (members, links) in enumerate(steps_back):
        od_links[od_ptr[members + 1] - 1 - depth] = links

    return Routes(ptr=od_ptr, links=od_links, reachable=reachable).take(od_of_trip)

"""Zone-to-zone free-flow times and distances: what people plan their day with."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import dijkstra

from ..errors import NetworkError
from ..network.model import Network


@dataclass(frozen=True)
class Skims:
    """Free-flow road times and shortest road distances between all nodes.

    Attributes
    ----------
    time_s : (n_nodes, n_nodes) float64 free-flow time of the fastest road path, s.
    distance_m : (n_nodes, n_nodes) float64 length of the shortest road path, m.
    local_distance_m : (n_nodes,) float64 length of a trip within a node's zone:
        half the mean length of the links leaving it (assumed).
    local_speed_mps : (n_nodes,) float64 mean free speed of the links leaving a node.
    """

    time_s: np.ndarray
    distance_m: np.ndarray
    local_distance_m: np.ndarray
    local_speed_mps: np.ndarray


def _all_pairs(network: Network, weight: np.ndarray) -> np.ndarray:
    n = network.n_nodes
    graph = csr_matrix((weight, (network.from_node, network.to_node)), shape=(n, n))
    return dijkstra(graph, directed=True)


def compute_skims(network: Network, nodes: np.ndarray) -> Skims:
    """Skims of the network; NetworkError if some of `nodes` cannot reach one another."""
    time_s = _all_pairs(network, network.free_flow_s)
    nodes = np.asarray(nodes)
    unreachable = ~np.isfinite(time_s[np.ix_(nodes, nodes)])
    if unreachable.any():
        a, b = np.argwhere(unreachable)[0]
        raise NetworkError(f"node {network.node_id[nodes[a]]} cannot reach node "
                           f"{network.node_id[nodes[b]]} by road; every zone with people, "
                           f"jobs or schools must reach every other", field="link.csv")
    return Skims(time_s=time_s, distance_m=_all_pairs(network, network.length_m),
                 local_distance_m=0.5 * _mean_outgoing(network, network.length_m),
                 local_speed_mps=_mean_outgoing(network, network.free_speed_mps))


def _mean_outgoing(network: Network, values: np.ndarray) -> np.ndarray:
    """(n_nodes,) mean of a link value over the links leaving each node (0 if none)."""
    count = np.bincount(network.from_node, minlength=network.n_nodes)
    total = np.bincount(network.from_node, weights=values, minlength=network.n_nodes)
    return total / np.maximum(count, 1)

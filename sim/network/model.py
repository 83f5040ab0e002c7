"""The road network as arrays: one entry per directed link, one per node.

Everything is in SI units (metres, m/s, veh/s). A link's flow capacity is
for the whole link (all lanes); its storage is how many vehicles it holds when
jammed. Zones are attached to nodes; a zone's first node is its centroid.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

from ..clock import METRES_PER_KM
from ..errors import NetworkError

DEFAULT_JAM_DENSITY_VEH_PER_KM_LANE = 150.0


@dataclass(frozen=True)
class Network:
    """A directed road network.

    Attributes
    ----------
    node_id : (n_nodes,) external node ids, as given.
    node_x, node_y : (n_nodes,) float64 coordinates (any planar unit).
    node_zone : (n_nodes,) str, the zone a node belongs to ('' for none).
    link_id : (n_links,) external link ids, as given.
    from_node, to_node : (n_links,) int64 indices into the node arrays.
    length_m : (n_links,) float64 length in metres.
    lanes : (n_links,) float64 number of lanes.
    free_speed_mps : (n_links,) float64 free-flow speed in m/s.
    capacity_vps : (n_links,) float64 flow capacity of the whole link, veh/s.
    jam_density_vpm : (n_links,) float64 jam density per lane, veh/m.
    node_extra, link_extra : other columns of the source files, kept as text
        so that a network read and written again loses nothing.
    """

    node_id: np.ndarray
    node_x: np.ndarray
    node_y: np.ndarray
    node_zone: np.ndarray
    link_id: np.ndarray
    from_node: np.ndarray
    to_node: np.ndarray
    length_m: np.ndarray
    lanes: np.ndarray
    free_speed_mps: np.ndarray
    capacity_vps: np.ndarray
    jam_density_vpm: np.ndarray
    node_extra: dict[str, np.ndarray] = field(default_factory=dict)
    link_extra: dict[str, np.ndarray] = field(default_factory=dict)

    @property
    def n_nodes(self) -> int:
        return len(self.node_id)

    @property
    def n_links(self) -> int:
        return len(self.link_id)

    @property
    def storage_veh(self) -> np.ndarray:
        """(n_links,) float64 vehicles a jammed link holds: jam density x length x lanes."""
        return self.jam_density_vpm * self.length_m * self.lanes

    @property
    def critical_density_vpm(self) -> np.ndarray:
        """(n_links,) float64 density at capacity in free flow, all lanes, veh/m: C / v."""
        return self.capacity_vps / self.free_speed_mps

    @property
    def wave_speed_mps(self) -> np.ndarray:
        """(n_links,) float64 backward-wave speed of the triangular fundamental diagram
        through free speed, capacity and jam density, m/s: C / (k_jam x lanes - C / v)."""
        return self.capacity_vps / (self.jam_density_vpm * self.lanes
                                    - self.critical_density_vpm)

    @property
    def free_flow_s(self) -> np.ndarray:
        """(n_links,) float64 free-flow traversal time in seconds."""
        return self.length_m / self.free_speed_mps

    def zone_centroids(self) -> dict[str, int]:
        """Zone id -> index of the zone's first node."""
        centroids: dict[str, int] = {}
        for index, zone in enumerate(self.node_zone):
            if zone and zone not in centroids:
                centroids[str(zone)] = index
        return centroids

    def node_index(self) -> dict[str, int]:
        """External node id (as text) -> node index."""
        return {str(node): index for index, node in enumerate(self.node_id)}

    def validate(self, source: str = "network") -> None:
        """Raise NetworkError naming the first bad link (by id) and the array at fault."""
        for name in ("length_m", "lanes", "free_speed_mps", "capacity_vps", "jam_density_vpm"):
            values = getattr(self, name)
            bad = np.flatnonzero(~(np.isfinite(values) & (values > 0)))
            if bad.size:
                raise NetworkError(f"link {self.link_id[bad[0]]}: must be a positive number, "
                                   f"got {values[bad[0]]!r}", file=source, field=name)
        for name in ("from_node", "to_node"):
            values = getattr(self, name)
            bad = np.flatnonzero((values < 0) | (values >= self.n_nodes))
            if bad.size:
                raise NetworkError(f"link {self.link_id[bad[0]]} refers to a node that is not "
                                   "in the network", file=source, field=name)
        dense = np.flatnonzero(self.critical_density_vpm >= self.jam_density_vpm * self.lanes)
        if dense.size:
            link = dense[0]
            raise NetworkError(
                f"link {self.link_id[link]}: capacity / free speed "
                f"({self.critical_density_vpm[link] * METRES_PER_KM / self.lanes[link]:.4g} "
                f"veh/km/lane) must be below the jam density "
                f"({self.jam_density_vpm[link] * METRES_PER_KM:.4g} veh/km/lane): the "
                "fundamental diagram has no congested branch", file=source, field="capacity_vps")
        short = np.flatnonzero(self.storage_veh < 1.0 - 1e-9)
        if short.size:
            link = short[0]
            raise NetworkError(
                f"link {self.link_id[link]} stores {self.storage_veh[link]:.2f} vehicles when "
                "jammed (length x lanes x jam density); a link must hold at least one vehicle: "
                "lengthen it or merge it with its neighbour", file=source, field="length_m")


def sampled(network: Network, share: float) -> Network:
    """The network as seen by a `share` sample of the traffic: capacity and storage
    scaled alike (MATSim's flowCapacityFactor and storageCapacityFactor), so that a
    sample meets the congestion the whole population would."""
    return replace(network, capacity_vps=network.capacity_vps * share,
                   jam_density_vpm=network.jam_density_vpm * share)


def with_room_for_one(network: Network) -> tuple[Network, np.ndarray]:
    """The network with every link that holds less than one vehicle when jammed given room
    for one (its jam density raised), and the (k,) int64 indices of those links.

    The storage floor for real networks, whose short links at junctions hold no car.
    """
    short = np.flatnonzero(network.storage_veh < 1.0)
    if short.size == 0:
        return network, short
    jam = network.jam_density_vpm.copy()
    jam[short] = 1.0 / (network.length_m[short] * network.lanes[short])
    return replace(network, jam_density_vpm=jam), short


def _per_link(values, n_links: int) -> np.ndarray:
    return np.broadcast_to(np.asarray(values, dtype=np.float64), (n_links,)).copy()


def make_network(*, from_node, to_node, length_m, lanes, free_speed_mps, capacity_vps,
                 node_x, node_y, node_id=None, link_id=None, node_zone=None,
                 jam_density_vpm=None, node_extra=None, link_extra=None) -> Network:
    """Build and validate a Network from plain arrays (SI units, 0-based node indices).

    Per-link values may be scalars (the same for every link). `node_extra` and
    `link_extra` map column names to per-node / per-link values kept as text.
    """
    n_nodes, n_links = len(node_x), len(from_node)
    jam = (DEFAULT_JAM_DENSITY_VEH_PER_KM_LANE / METRES_PER_KM if jam_density_vpm is None
           else jam_density_vpm)
    network = Network(
        node_id=_ids(node_id, n_nodes),
        node_x=np.asarray(node_x, dtype=np.float64),
        node_y=np.asarray(node_y, dtype=np.float64),
        node_zone=(np.full(n_nodes, "", dtype=object) if node_zone is None
                   else np.asarray(node_zone, dtype=object)),
        link_id=_ids(link_id, n_links),
        from_node=np.asarray(from_node, dtype=np.int64),
        to_node=np.asarray(to_node, dtype=np.int64),
        length_m=_per_link(length_m, n_links), lanes=_per_link(lanes, n_links),
        free_speed_mps=_per_link(free_speed_mps, n_links),
        capacity_vps=_per_link(capacity_vps, n_links), jam_density_vpm=_per_link(jam, n_links),
        node_extra={name: np.array([str(v) for v in values], dtype=object)
                    for name, values in (node_extra or {}).items()},
        link_extra={name: np.array([str(v) for v in values], dtype=object)
                    for name, values in (link_extra or {}).items()},
    )
    network.validate()
    return network


def _ids(ids, count: int) -> np.ndarray:
    """External ids as text: the given ones, or "1".."count"."""
    values = range(1, count + 1) if ids is None else ids
    return np.array([str(value) for value in values], dtype=object)

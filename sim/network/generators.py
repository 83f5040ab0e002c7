"""Built-in networks: a single-bottleneck corridor and a grid.

Parameters carry human units in their names (km, km/h, veh/h/lane, veh/km/lane),
as a scenario file states them; the arrays come out in SI.
"""

from __future__ import annotations

import numpy as np

from ..clock import METRES_PER_KM, kmh_to_mps, per_hour_to_per_second
from .model import DEFAULT_JAM_DENSITY_VEH_PER_KM_LANE, Network, make_network

_INNER_NAMES = "ABCEFGHIJKLMNPQRSTUVWXYZ"


def corridor(n_links: int = 3, *, length_km: float = 1.0, free_speed_kmh: float = 60.0,
             lanes: float = 2, capacity_vphpl: float = 1800.0, bottleneck_link: int = 1,
             bottleneck_lanes: float = 1, bottleneck_capacity_vphpl: float = 1800.0,
             jam_density_vpkmpl: float = DEFAULT_JAM_DENSITY_VEH_PER_KM_LANE) -> Network:
    """A straight one-way corridor of `n_links` links with one bottleneck link.

    With the defaults this is case D1 of the validation ladder: O -> A -> B -> D,
    links of 1 km at 60 km/h, A -> B one lane at 1,800 veh/h, the others two lanes
    at 1,800 veh/h/lane. Nodes are "O", "A", "B", ... "D"; their zones are their ids.
    """
    if not 0 <= bottleneck_link < n_links:
        raise ValueError(f"bottleneck_link must be in 0..{n_links - 1}, got {bottleneck_link}")
    if n_links > len(_INNER_NAMES) + 1:
        raise ValueError(f"a corridor has at most {len(_INNER_NAMES) + 1} links")
    names = ["O"] + list(_INNER_NAMES[:n_links - 1]) + ["D"]
    lane_count = np.full(n_links, float(lanes))
    per_lane = np.full(n_links, float(capacity_vphpl))
    lane_count[bottleneck_link] = bottleneck_lanes
    per_lane[bottleneck_link] = bottleneck_capacity_vphpl
    return make_network(
        from_node=np.arange(n_links), to_node=np.arange(1, n_links + 1),
        length_m=length_km * METRES_PER_KM, lanes=lane_count,
        free_speed_mps=kmh_to_mps(free_speed_kmh),
        capacity_vps=per_hour_to_per_second(per_lane) * lane_count,
        jam_density_vpm=jam_density_vpkmpl / METRES_PER_KM,
        node_x=np.arange(n_links + 1) * length_km, node_y=np.zeros(n_links + 1),
        node_id=names, node_zone=names)


def grid(rows: int = 10, cols: int = 10, *, spacing_km: float = 1.0, free_speed_kmh: float = 50.0,
         lanes: float = 2, capacity_vphpl: float = 1800.0, two_way: bool = True,
         jam_density_vpkmpl: float = DEFAULT_JAM_DENSITY_VEH_PER_KM_LANE) -> Network:
    """A rows x cols grid of nodes joined to their four neighbours.

    Node (r, c) has index r * cols + c and id "r_c" (its own zone); links run east
    and north, and also west and south when `two_way`.
    """
    index = np.arange(rows * cols).reshape(rows, cols)
    starts = [index[:, :-1].ravel(), index[:-1, :].ravel()]
    ends = [index[:, 1:].ravel(), index[1:, :].ravel()]
    if two_way:
        starts, ends = starts + ends, ends + starts
    from_node, to_node = np.concatenate(starts), np.concatenate(ends)
    row_of, col_of = np.divmod(np.arange(rows * cols), cols)
    names = [f"{r}_{c}" for r, c in zip(row_of, col_of)]
    return make_network(
        from_node=from_node, to_node=to_node, length_m=spacing_km * METRES_PER_KM,
        lanes=lanes, free_speed_mps=kmh_to_mps(free_speed_kmh),
        capacity_vps=per_hour_to_per_second(capacity_vphpl) * lanes,
        jam_density_vpm=jam_density_vpkmpl / METRES_PER_KM,
        node_x=col_of * spacing_km, node_y=row_of * spacing_km,
        node_id=names, node_zone=names)

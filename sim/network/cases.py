"""The validation ladder's fixed cases, as networks and trip tables.

D1 (``shared`` validation case D1): a corridor O -> A -> B -> D whose middle link
is a one-lane bottleneck, and 3,000 vehicles entering uniformly, one every
1.2 s, from 07:00 to 08:00. ``write_d1`` writes it as GMNS files and a
DEMAND.csv, the form ``staggersim trips`` reads.

V1 and V2 (Vickrey's bottleneck): everyone lives at O and works at D, through
a bottleneck of 3,600 veh/h (A -> B, two lanes of 1,800) between links of five
lanes, on which its queue waits; a return road D -> O takes them home.
``write_vickrey_network`` writes it with the zone weights a scenario draws
people from (`homes` at O, `jobs` at D).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from ..clock import format_clock, kmh_to_mps, parse_clock, per_hour_to_per_second
from ..tables import write_csv
from .generators import corridor
from .gmns import write_gmns
from .model import Network, make_network

D1_VEHICLES = 3000
D1_START_S = parse_clock("07:00")
D1_END_S = parse_clock("08:00")
D1_BOTTLENECK_LINK = 1


def d1_network() -> Network:
    """The D1 corridor (the generator's defaults)."""
    return corridor()


def d1_departures_s() -> np.ndarray:
    """(3000,) float64 departures, one every 1.2 s from 07:00:00."""
    headway_s = (D1_END_S - D1_START_S) / D1_VEHICLES
    return D1_START_S + np.arange(D1_VEHICLES) * headway_s


def write_d1(folder: str | Path) -> Path:
    """Write D1's network (node/link/config.csv) and demand.csv into `folder`."""
    folder = Path(folder)
    write_gmns(d1_network(), folder)
    departures = d1_departures_s()
    write_csv(folder / "demand.csv", {
        "trip_id": np.arange(1, D1_VEHICLES + 1),
        "from_node_id": np.full(D1_VEHICLES, "O"), "to_node_id": np.full(D1_VEHICLES, "D"),
        "departure_time": np.array([format_clock(t, decimals=1) for t in departures]),
    })
    return folder


VICKREY_CAPACITY_VPH = 3600.0


def vickrey_network() -> Network:
    """O -> M -> A -> B -> D (the first two links 0.5 km, the others 1 km, all at 60 km/h;
    A -> B 2 x 1,800 veh/h, the others 5 x 1,800) and a return road D -> O; node columns
    `homes` and `jobs`. The bottleneck takes in only its capacity, so its queue waits on
    M -> A (and, spilling back, on O -> M and at the origin)."""
    lanes = np.array([5.0, 5.0, 2.0, 5.0, 5.0])
    return make_network(
        from_node=[0, 1, 2, 3, 4], to_node=[1, 2, 3, 4, 0],
        length_m=[500.0, 500, 1000, 1000, 3000], lanes=lanes, free_speed_mps=kmh_to_mps(60.0),
        capacity_vps=per_hour_to_per_second(1800.0) * lanes,
        node_x=[0.0, 0.5, 1, 2, 3], node_y=[0.0, 0, 0, 0, 0], node_id=list("OMABD"),
        node_zone=list("OMABD"), link_id=["1", "1b", "2", "3", "return"],
        node_extra={"homes": [1, 0, 0, 0, 0], "jobs": [0, 0, 0, 0, 1]})


def write_vickrey_network(folder: str | Path) -> Path:
    """Write the Vickrey bottleneck network as GMNS files into `folder`."""
    return write_gmns(vickrey_network(), folder)

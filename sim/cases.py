"""The validation ladder's fixed cases, as networks and trip tables.

D1 (``shared`` validation case D1): a corridor O -> A -> B -> D whose middle link
is a one-lane bottleneck, and 3,000 vehicles entering uniformly, one every
1.2 s, from 07:00 to 08:00. ``write_d1`` writes it as GMNS files and a
DEMAND.csv, the form ``staggersim trips`` reads.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from .clock import format_clock, parse_clock
from .network.generators import corridor
from .network.gmns import write_gmns
from .network.model import Network
from .tables import write_csv

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


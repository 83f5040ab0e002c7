"""Read a planner's trip table (one row per vehicle trip) against a network.

Columns: trip_id; from_node_id and to_node_id, or from_zone_id and to_zone_id
(a zone's first node in node.csv stands for it); departure_time as HH:MM,
HH:MM:SS(.f) or seconds since midnight. Other columns are ignored. Rows in
error messages are data rows, counted from 1.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..clock import parse_time
from ..errors import DemandError
from ..network.model import Network
from ..network.routing import Routes
from ..tables import read_csv


@dataclass(frozen=True)
class TripTable:
    """Trips to load.

    Attributes
    ----------
    trip_id : (n,) object, ids as given.
    origin, destination : (n,) int64 node indices.
    departure_s : (n,) float64 seconds since midnight.
    source : the file read, for error messages.
    destination_field : the column the destinations came from.
    """

    trip_id: np.ndarray
    origin: np.ndarray
    destination: np.ndarray
    departure_s: np.ndarray
    source: str = "trips"
    destination_field: str = "to_node_id"

    def check_routes(self, routes: Routes, network: Network) -> None:
        """Raise DemandError naming the first trip whose destination cannot be reached."""
        bad = np.flatnonzero(~routes.reachable)
        if bad.size:
            row = int(bad[0])
            raise DemandError(
                f"node {network.node_id[self.destination[row]]} cannot be reached from node "
                f"{network.node_id[self.origin[row]]} on this network",
                file=self.source, row=row + 1, field=self.destination_field)


def _ends(header: list[str], path: Path) -> tuple[str, str]:
    if "from_node_id" in header and "to_node_id" in header:
        return "from_node_id", "to_node_id"
    if "from_zone_id" in header and "to_zone_id" in header:
        return "from_zone_id", "to_zone_id"
    raise DemandError("needs from_node_id and to_node_id, or from_zone_id and to_zone_id",
                      file=path, field="from_node_id")


def read_trip_table(path: str | Path, network: Network) -> TripTable:
    """Read DEMAND.csv; raise DemandError naming the row and field of the first bad value."""
    path = Path(path)
    header, rows = read_csv(path, ("trip_id", "departure_time"), DemandError,
                            needs="needs trip_id, departure_time and origin/destination "
                                  "node or zone columns")
    from_field, to_field = _ends(header, path)
    lookup = (network.node_index() if from_field == "from_node_id"
              else network.zone_centroids())
    kind = "node" if from_field == "from_node_id" else "zone"
    ids, origin, destination, departure = [], [], [], []
    for row, record in enumerate(rows, start=1):
        ends = []
        for name in (from_field, to_field):
            key = (record.get(name) or "").strip()
            if key not in lookup:
                raise DemandError(f"{kind} {key!r} is not in the network", file=path,
                                  row=row, field=name)
            ends.append(lookup[key])
        try:
            departure.append(parse_time(record.get("departure_time") or ""))
        except ValueError as error:
            raise DemandError(str(error), file=path, row=row,
                              field="departure_time") from None
        ids.append((record.get("trip_id") or "").strip())
        origin.append(ends[0])
        destination.append(ends[1])
    return TripTable(trip_id=np.array(ids, dtype=object), origin=np.array(origin, dtype=np.int64),
                     destination=np.array(destination, dtype=np.int64),
                     departure_s=np.array(departure, dtype=np.float64), source=str(path),
                     destination_field=to_field)

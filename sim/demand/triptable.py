"""Read a planner's trip table (one row per vehicle trip) against a network.

Columns: trip_id (each once); from_node_id and to_node_id, or from_zone_id and
to_zone_id (a zone's first node in node.csv stands for it; origin and
destination differ); departure_time within the day, as HH:MM, HH:MM:SS(.f) or
seconds since midnight (0 to 86400). Other columns are ignored. Errors name
the line as an editor numbers it (the header is line 1).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..clock import SECONDS_PER_DAY, parse_time
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
    lines : (n,) int64 the line of each trip in the file (None: not read from a file).
    """

    trip_id: np.ndarray
    origin: np.ndarray
    destination: np.ndarray
    departure_s: np.ndarray
    source: str = "trips"
    destination_field: str = "to_node_id"
    lines: np.ndarray | None = None

    def check_routes(self, routes: Routes, network: Network) -> None:
        """Raise DemandError naming the first trip whose destination cannot be reached."""
        bad = np.flatnonzero(~routes.reachable)
        if bad.size:
            trip = int(bad[0])
            raise DemandError(
                f"node {network.node_id[self.destination[trip]]} cannot be reached from node "
                f"{network.node_id[self.origin[trip]]} on this network",
                file=self.source, line=None if self.lines is None else int(self.lines[trip]),
                field=self.destination_field)


def _ends(header: list[str], path: Path) -> tuple[str, str]:
    if "from_node_id" in header and "to_node_id" in header:
        return "from_node_id", "to_node_id"
    if "from_zone_id" in header and "to_zone_id" in header:
        return "from_zone_id", "to_zone_id"
    raise DemandError("needs from_node_id and to_node_id, or from_zone_id and to_zone_id",
                      file=path, field="from_node_id")


def _trip(record: dict, line: int, ends: tuple[str, str], lookup: dict, kind: str,
          path: Path) -> tuple[int, int, float]:
    """(origin, destination, departure_s) of one line of the table."""
    found = []
    for name in ends:
        if record[name] not in lookup:
            raise DemandError(f"{kind} {record[name]!r} is not in the network", file=path,
                              line=line, field=name)
        found.append(lookup[record[name]])
    if found[0] == found[1]:
        raise DemandError(f"the trip starts and ends at {kind} {record[ends[0]]}; a trip "
                          "must go somewhere else", file=path, line=line, field=ends[1])
    try:
        departure_s = parse_time(record["departure_time"])
    except ValueError as error:
        raise DemandError(str(error), file=path, line=line, field="departure_time") from None
    if departure_s >= SECONDS_PER_DAY:
        raise DemandError("departs at the end of the day; departures must be before 24:00",
                          file=path, line=line, field="departure_time")
    return found[0], found[1], departure_s


def read_trip_table(path: str | Path, network: Network) -> TripTable:
    """Read DEMAND.csv; raise DemandError naming the line and field of the first bad value."""
    path = Path(path)
    table = read_csv(path, ("trip_id", "departure_time"), DemandError,
                     needs="needs trip_id, departure_time and origin/destination "
                           "node or zone columns")
    ends = _ends(table.header, path)
    lookup = (network.node_index() if ends[0] == "from_node_id"
              else network.zone_centroids())
    kind = "node" if ends[0] == "from_node_id" else "zone"
    seen: set[str] = set()
    trips = []
    for record, line in zip(table.rows, table.lines):
        trip_id = record["trip_id"]
        if trip_id == "" or trip_id in seen:
            raise DemandError(f"trip_id {trip_id!r} is empty or repeats an earlier line",
                              file=path, line=line, field="trip_id")
        seen.add(trip_id)
        trips.append(_trip(record, line, ends, lookup, kind, path))
    origin, destination, departure = zip(*trips)
    return TripTable(trip_id=np.array([r["trip_id"] for r in table.rows], dtype=object),
                     origin=np.array(origin, dtype=np.int64),
                     destination=np.array(destination, dtype=np.int64),
                     departure_s=np.array(departure, dtype=np.float64), source=str(path),
                     destination_field=ends[1], lines=np.array(table.lines, dtype=np.int64))

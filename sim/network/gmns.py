"""Read and write networks as GMNS node.csv / link.csv / config.csv.

GMNS (General Modeling Network Specification, Zephyr Foundation) is the format of
osm2gmns, DTALite and path4gmns, so a planner can bring a real network. Units
come from config.csv (long_length, speed) when it is present, otherwise km and
km/h; capacity is per lane in veh/h/lane as the specification says, and the
optional jam_density is in vehicles per long_length unit per lane (default 150
veh/km/lane, whatever the unit). An undirected link (directed = false) becomes
two directed links, the reverse one with the id "<link_id>:r". Columns this
model does not use are kept and written back.

Every value is checked against its range (``LINK_RANGES``, in SI) before any
work, and errors name the file, the line as an editor numbers it and the
column. A link too short to hold one vehicle when jammed is refused, or, with
``storage_floor``, given room for one vehicle and reported in a warning.
"""

from __future__ import annotations

import csv
import warnings
from pathlib import Path

import numpy as np

from ..clock import (LENGTH_TO_METRES, METRES_PER_KM, SPEED_TO_MPS, kmh_to_mps, mps_to_kmh,
                     per_hour_to_per_second, per_second_to_per_hour)
from ..errors import InputWarning, NetworkError
from ..tables import parse_number, read_csv
from .model import DEFAULT_JAM_DENSITY_VEH_PER_KM_LANE, Network, with_room_for_one

NODE_FIELDS = ("node_id", "x_coord", "y_coord", "zone_id")
LINK_FIELDS = ("link_id", "from_node_id", "to_node_id", "directed", "length", "lanes",
               "free_speed", "capacity", "jam_density")
REQUIRED_NODE = ("node_id", "x_coord", "y_coord")
REQUIRED_LINK = ("link_id", "from_node_id", "to_node_id", "length", "lanes", "free_speed",
                 "capacity")
LINK_RANGES = {  # column -> (low, high] in SI, and the same in words for messages
    "length": (0.0, 1_000_000.0, "over 0 and at most 1,000 km"),
    "lanes": (0.0, 50.0, "over 0 and at most 50"),
    "free_speed": (float(kmh_to_mps(1.0)) * 0.999, float(kmh_to_mps(500.0)),
                   "from 1 to 500 km/h"),
    "capacity": (float(per_hour_to_per_second(1.0)) * 0.999,
                 float(per_hour_to_per_second(10_000.0)), "from 1 to 10,000 veh/h/lane"),
    "jam_density": (0.0, 1.0, "over 0 and at most 1,000 veh/km/lane"),
}
IN_FILE_UNITS = ("length", "free_speed", "jam_density")  # read in config.csv's units
_TRUE = {"1", "true", "t", "yes", "y", ""}
_FALSE = {"0", "false", "f", "no", "n"}


def _number(text: str, path: Path, line: int, name: str) -> float:
    try:
        return parse_number(text)
    except ValueError as error:
        raise NetworkError(str(error), file=path, line=line, field=name) from None


def _link_value(row: dict, name: str, factor: float, path: Path, line: int,
                default: float | None = None) -> float:
    """A link column in SI (its text times `factor`), checked against LINK_RANGES."""
    text = row.get(name, "")
    if text == "" and default is not None:
        return default
    value = _number(text, path, line, name) * factor
    low, high, allowed = LINK_RANGES[name]
    if not low < value <= high:
        units = "; is the unit in config.csv right?" if name in IN_FILE_UNITS else ""
        raise NetworkError(f"{text!r} is out of range; allowed: {allowed}{units}", file=path,
                           line=line, field=name)
    return value


def _units(folder: Path) -> tuple[float, float]:
    """Metres per long_length unit and m/s per speed unit, from config.csv if present."""
    path = folder / "config.csv"
    if not path.is_file():
        return LENGTH_TO_METRES["km"], SPEED_TO_MPS["km/h"]
    table = read_csv(path, (), NetworkError, allow_empty=True)
    row = table.rows[0] if table.rows else {}
    line = table.lines[0] if table.rows else 2
    length_unit = (row.get("long_length") or "km").lower()
    speed_unit = (row.get("speed") or "km/h").lower()
    if length_unit not in LENGTH_TO_METRES:
        raise NetworkError(f"unknown length unit {length_unit!r}; allowed: "
                           f"{', '.join(sorted(LENGTH_TO_METRES))}", file=path, line=line,
                           field="long_length")
    if speed_unit not in SPEED_TO_MPS:
        raise NetworkError(f"unknown speed unit {speed_unit!r}; allowed: "
                           f"{', '.join(sorted(SPEED_TO_MPS))}", file=path, line=line,
                           field="speed")
    return LENGTH_TO_METRES[length_unit], SPEED_TO_MPS[speed_unit]


def _read_nodes(path: Path):
    table = read_csv(path, REQUIRED_NODE, NetworkError)
    ids, xs, ys, zones, seen = [], [], [], [], {}
    for row, line in zip(table.rows, table.lines):
        node = row["node_id"]
        if node == "" or node in seen:
            raise NetworkError("node_id is empty or repeats an earlier line",
                               file=path, line=line, field="node_id")
        seen[node] = len(ids)
        xs.append(_number(row["x_coord"], path, line, "x_coord"))
        ys.append(_number(row["y_coord"], path, line, "y_coord"))
        ids.append(node)
        zones.append(row.get("zone_id", ""))
    extra = {name: np.array([row.get(name, "") for row in table.rows], dtype=object)
             for name in table.header if name not in NODE_FIELDS}
    return seen, ids, xs, ys, zones, extra


def _directed(row: dict, path: Path, line: int) -> bool:
    text = row.get("directed", "").lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise NetworkError(f"{text!r} is not a boolean; use true/false or 1/0",
                       file=path, line=line, field="directed")


def _link_values(row: dict, metres: float, mps: float, path: Path,
                 line: int) -> tuple[float, ...]:
    """(length_m, lanes, free_speed_mps, capacity_vps, jam_density_vpm) of one line."""
    length = _link_value(row, "length", metres, path, line)
    lanes = _link_value(row, "lanes", 1.0, path, line)
    speed = _link_value(row, "free_speed", mps, path, line)
    capacity = _link_value(row, "capacity", float(per_hour_to_per_second(1.0)), path, line)
    jam = _link_value(row, "jam_density", 1.0 / metres, path, line,
                      default=DEFAULT_JAM_DENSITY_VEH_PER_KM_LANE / METRES_PER_KM)
    if capacity / speed >= jam:
        raise NetworkError(
            f"capacity / free_speed is {capacity / speed * METRES_PER_KM:.4g} veh/km/lane, "
            f"not below the jam density ({jam * METRES_PER_KM:.4g} veh/km/lane): the "
            "fundamental diagram has no congested branch; is the capacity per lane?",
            file=path, line=line, field="capacity")
    return length, lanes, speed, capacity * lanes, jam


def _short_links(network: Network, storage_floor: bool, lines: list[int],
                 path: Path) -> Network:
    """Links too short to hold one vehicle: refused naming the first's line, or with
    `storage_floor` given room for one and named in an InputWarning."""
    if not storage_floor:
        short = np.flatnonzero(network.storage_veh < 1.0)
        if short.size:
            first = int(short[0])
            raise NetworkError(
                f"link {network.link_id[first]} holds {network.storage_veh[first]:.2f} vehicles "
                "when jammed (length x lanes x jam density); a link must hold at least one "
                "vehicle: lengthen it, merge it with its neighbour, or allow the storage floor "
                "(trips --storage-floor, or network.storage_floor = true)",
                file=path, line=lines[first], field="length")
        return network
    network, raised = with_room_for_one(network)
    if raised.size:
        warnings.warn(f"{path}: {raised.size:,} links too short to hold a vehicle (first: "
                      f"{network.link_id[raised[0]]}) were given room for one", InputWarning,
                      stacklevel=3)
    return network


def read_gmns(folder: str | Path, *, storage_floor: bool = False) -> Network:
    """Read node.csv, link.csv and (optional) config.csv from a folder.

    With `storage_floor` a link that holds less than one vehicle when jammed gets
    room for one (its jam density raised), with an InputWarning naming how many.
    Raises NetworkError naming the file, line and field of the first problem.
    """
    folder = Path(folder)
    metres, mps = _units(folder)
    node_path, link_path = folder / "node.csv", folder / "link.csv"
    node_of, node_ids, xs, ys, zones, node_extra = _read_nodes(node_path)
    table = read_csv(link_path, REQUIRED_LINK, NetworkError)
    extra_names = [name for name in table.header if name not in LINK_FIELDS]
    columns: dict[str, list] = {name: [] for name in
                                ("id", "from", "to", "length", "lanes", "speed", "cap", "jam")}
    extra: dict[str, list] = {name: [] for name in extra_names}
    lines: list[int] = []
    for row, line in zip(table.rows, table.lines):
        ends = _ends(row, node_of, link_path, line)
        values = _link_values(row, metres, mps, link_path, line)
        directions = [(row["link_id"], ends[0], ends[1])]
        if not _directed(row, link_path, line):
            directions.append((f"{row['link_id']}:r", ends[1], ends[0]))
        for link_name, start, end in directions:
            for key, value in zip(("id", "from", "to", "length", "lanes", "speed", "cap", "jam"),
                                  (link_name, start, end) + values):
                columns[key].append(value)
            for name in extra_names:
                extra[name].append(row.get(name, ""))
            lines.append(line)
    _check_unique(columns["id"], lines, link_path)
    network = Network(
        node_id=np.array(node_ids, dtype=object), node_x=np.array(xs), node_y=np.array(ys),
        node_zone=np.array(zones, dtype=object),
        link_id=np.array(columns["id"], dtype=object),
        from_node=np.array(columns["from"], dtype=np.int64),
        to_node=np.array(columns["to"], dtype=np.int64),
        length_m=np.array(columns["length"], dtype=np.float64),
        lanes=np.array(columns["lanes"], dtype=np.float64),
        free_speed_mps=np.array(columns["speed"], dtype=np.float64),
        capacity_vps=np.array(columns["cap"], dtype=np.float64),
        jam_density_vpm=np.array(columns["jam"], dtype=np.float64),
        node_extra=node_extra,
        link_extra={name: np.array(values, dtype=object) for name, values in extra.items()})
    network = _short_links(network, storage_floor, lines, link_path)
    network.validate(source=str(link_path))
    return network


def _ends(row: dict, node_of: dict, path: Path, line: int) -> tuple[int, int]:
    """The link's (from, to) node indices; a link from a node to itself is refused."""
    ends = []
    for name in ("from_node_id", "to_node_id"):
        if row[name] not in node_of:
            raise NetworkError(f"node {row[name]!r} is not in node.csv", file=path, line=line,
                               field=name)
        ends.append(node_of[row[name]])
    if ends[0] == ends[1]:
        raise NetworkError(f"link {row['link_id']} goes from node {row['from_node_id']} to "
                           "itself; a link must join two nodes", file=path, line=line,
                           field="to_node_id")
    return ends[0], ends[1]


def _check_unique(ids: list[str], lines: list[int], path: Path) -> None:
    seen: set[str] = set()
    for link, line in zip(ids, lines):
        if link == "" or link in seen:
            raise NetworkError(f"link_id {link!r} is empty or repeats an earlier link",
                               file=path, line=line, field="link_id")
        seen.add(link)


def _text(value: float) -> str:
    """A number as short text, free of unit-conversion noise (10 significant digits)."""
    return f"{float(value):.10g}"


def write_gmns(network: Network, folder: str | Path) -> Path:
    """Write node.csv, link.csv and config.csv (km, km/h, veh/h/lane) into a folder."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "config.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["dataset_name", "long_length", "speed", "id_type"])
        writer.writerow(["staggersim", "km", "km/h", "string"])
    node_extra = list(network.node_extra)
    with (folder / "node.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(list(NODE_FIELDS) + node_extra)
        for i in range(network.n_nodes):
            writer.writerow([network.node_id[i], _text(network.node_x[i]),
                             _text(network.node_y[i]), network.node_zone[i]]
                            + [network.node_extra[name][i] for name in node_extra])
    link_extra = list(network.link_extra)
    per_lane_vph = per_second_to_per_hour(network.capacity_vps / network.lanes)
    speed_kmh = mps_to_kmh(network.free_speed_mps)
    with (folder / "link.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(list(LINK_FIELDS) + link_extra)
        for i in range(network.n_links):
            writer.writerow([network.link_id[i], network.node_id[network.from_node[i]],
                             network.node_id[network.to_node[i]], "true",
                             _text(network.length_m[i] / METRES_PER_KM), _text(network.lanes[i]),
                             _text(speed_kmh[i]), _text(per_lane_vph[i]),
                             _text(network.jam_density_vpm[i] * METRES_PER_KM)]
                            + [network.link_extra[name][i] for name in link_extra])
    return folder

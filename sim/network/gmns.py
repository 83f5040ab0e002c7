"""Read and write networks as GMNS node.csv / link.csv / config.csv.

GMNS (General Modeling Network Specification, Zephyr Foundation) is the format of
osm2gmns, DTALite and path4gmns, so a planner can bring a real network. Units
come from config.csv (long_length, speed) when it is present, otherwise km and
km/h; capacity is per lane in veh/h/lane as the specification says. An
undirected link (directed = false) becomes two directed links, the reverse one
with the id "<link_id>:r". Columns this model does not use are kept and written
back. Rows in error messages are data rows, counted from 1.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

from ..clock import (LENGTH_TO_METRES, METRES_PER_KM, SPEED_TO_MPS, mps_to_kmh,
                     per_hour_to_per_second, per_second_to_per_hour)
from ..errors import NetworkError
from ..tables import read_csv
from .model import DEFAULT_JAM_DENSITY_VEH_PER_KM_LANE, Network

NODE_FIELDS = ("node_id", "x_coord", "y_coord", "zone_id")
LINK_FIELDS = ("link_id", "from_node_id", "to_node_id", "directed", "length", "lanes",
               "free_speed", "capacity", "jam_density")
REQUIRED_NODE = ("node_id", "x_coord", "y_coord")
REQUIRED_LINK = ("link_id", "from_node_id", "to_node_id", "length", "lanes", "free_speed",
                 "capacity")
_TRUE = {"1", "true", "t", "yes", "y", ""}
_FALSE = {"0", "false", "f", "no", "n"}


def _number(row: dict, name: str, path: Path, index: int, default: float | None = None) -> float:
    text = (row.get(name) or "").strip()
    if text == "" and default is not None:
        return default
    try:
        value = float(text)
    except ValueError:
        raise NetworkError(f"{text!r} is not a number", file=path, row=index, field=name) from None
    if not np.isfinite(value) or value <= 0:
        raise NetworkError(f"must be a positive number, got {text!r}",
                           file=path, row=index, field=name)
    return value


def _units(folder: Path) -> tuple[float, float]:
    """Metres per long_length unit and m/s per speed unit, from config.csv if present."""
    path = folder / "config.csv"
    if not path.is_file():
        return LENGTH_TO_METRES["km"], SPEED_TO_MPS["km/h"]
    _, rows = read_csv(path, (), NetworkError)
    row = rows[0] if rows else {}
    length_unit = (row.get("long_length") or "km").strip().lower()
    speed_unit = (row.get("speed") or "km/h").strip().lower()
    if length_unit not in LENGTH_TO_METRES:
        raise NetworkError(f"unknown length unit {length_unit!r}; allowed: "
                           f"{', '.join(sorted(LENGTH_TO_METRES))}", file=path, row=1,
                           field="long_length")
    if speed_unit not in SPEED_TO_MPS:
        raise NetworkError(f"unknown speed unit {speed_unit!r}; allowed: "
                           f"{', '.join(sorted(SPEED_TO_MPS))}", file=path, row=1, field="speed")
    return LENGTH_TO_METRES[length_unit], SPEED_TO_MPS[speed_unit]


def _read_nodes(path: Path):
    header, rows = read_csv(path, REQUIRED_NODE, NetworkError)
    ids, xs, ys, zones, seen = [], [], [], [], {}
    for index, row in enumerate(rows, start=1):
        node = (row["node_id"] or "").strip()
        if node == "" or node in seen:
            raise NetworkError("node_id is empty or repeats an earlier row",
                               file=path, row=index, field="node_id")
        seen[node] = len(ids)
        for name, target in (("x_coord", xs), ("y_coord", ys)):
            try:
                target.append(float(row[name]))
            except (TypeError, ValueError):
                raise NetworkError(f"{row[name]!r} is not a number",
                                   file=path, row=index, field=name) from None
        ids.append(node)
        zones.append((row.get("zone_id") or "").strip())
    extra = {name: np.array([row.get(name) or "" for row in rows], dtype=object)
             for name in header if name not in NODE_FIELDS}
    return seen, ids, xs, ys, zones, extra


def _directed(row: dict, path: Path, index: int) -> bool:
    text = (row.get("directed") or "").strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise NetworkError(f"{text!r} is not a boolean; use true/false or 1/0",
                       file=path, row=index, field="directed")


def read_gmns(folder: str | Path) -> Network:
    """Read node.csv, link.csv and (optional) config.csv from a folder.

    Raises NetworkError naming the file, row and field of the first problem.
    """
    folder = Path(folder)
    metres, mps = _units(folder)
    node_path, link_path = folder / "node.csv", folder / "link.csv"
    node_of, node_ids, xs, ys, zones, node_extra = _read_nodes(node_path)
    header, rows = read_csv(link_path, REQUIRED_LINK, NetworkError)
    extra_names = [name for name in header if name not in LINK_FIELDS]
    columns: dict[str, list] = {name: [] for name in
                                ("id", "from", "to", "length", "lanes", "speed", "cap", "jam")}
    extra: dict[str, list] = {name: [] for name in extra_names}
    for index, row in enumerate(rows, start=1):
        ends = []
        for name in ("from_node_id", "to_node_id"):
            node = (row[name] or "").strip()
            if node not in node_of:
                raise NetworkError(f"node {node!r} is not in node.csv",
                                   file=link_path, row=index, field=name)
            ends.append(node_of[node])
        lanes = _number(row, "lanes", link_path, index)
        values = (_number(row, "length", link_path, index) * metres, lanes,
                  _number(row, "free_speed", link_path, index) * mps,
                  float(per_hour_to_per_second(_number(row, "capacity", link_path, index))) * lanes,
                  _number(row, "jam_density", link_path, index,
                          default=DEFAULT_JAM_DENSITY_VEH_PER_KM_LANE) / metres)
        link = (row["link_id"] or "").strip()
        directions = [(link, ends[0], ends[1])]
        if not _directed(row, link_path, index):
            directions.append((f"{link}:r", ends[1], ends[0]))
        for link_name, start, end in directions:
            for key, value in zip(("id", "from", "to", "length", "lanes", "speed", "cap", "jam"),
                                  (link_name, start, end) + values):
                columns[key].append(value)
            for name in extra_names:
                extra[name].append(row.get(name) or "")
    _check_unique(columns["id"], link_path)
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
    network.validate(source=str(link_path))
    return network


def _check_unique(ids: list[str], path: Path) -> None:
    seen: set[str] = set()
    for index, link in enumerate(ids, start=1):
        if link == "" or link in seen:
            raise NetworkError(f"link_id {link!r} is empty or repeats an earlier link",
                               file=path, row=index, field="link_id")
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

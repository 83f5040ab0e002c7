"""A stylised Shaoyang: a river city whose districts are joined by a few bridges.

Stylised, with no claim to be the real map. What it keeps of the city is its
shape: a main river (the Zi) crossing the city from west to east, a tributary
(the Shao) joining it from the south, so that three districts (the north bank,
the south-west and the south-east) meet only at bridges; an office centre
around the confluence; industrial parks along an expressway on the southern
edge and in the north-west; housing and schools everywhere else.

Layout: a grid of junctions at 1 km spacing, 13 columns (x = 0..12 km) and 10
rows (y = -4.5..4.5 km); the river runs along y = 0 and the tributary along
x = 8.5 south of it. Every junction is a zone, named "<column>_<row>".

Road classes (lanes per direction, km/h, veh/h/lane): all *assumed*, chosen so
that the bridges, the few river crossings, are where cross-city traffic meets:

- street: 1 lane, 30 km/h, 800 (signalised; effective capacity)
- arterial: 2 lanes, 50 km/h, 900 (signalised; the bridge columns and four rows)
- bridge: 2 lanes, 50 km/h, 1,200 (signalised bridgeheads at both ends)
- expressway: 2 lanes, 80 km/h, 1,900 (the southern edge, past the parks)

Links record the water they cross ("zi", "shao" or "") in a `crossing`
column and their class in `facility_type`; the expressway crosses the Shao on
a bridge of its own class. Bridges and main roads carry a name, in English
(`name`, GMNS's street name) and Chinese (`name_zh`), that says where they lie
(the West Zi Bridge is the westernmost over the Zi): stylised names for a
stylised map, not the real crossings' names.

Zones carry relative weights (dimensionless, *assumed*) for where people live,
work and study: homes, office_jobs (government and public institutions),
enterprise_jobs, service_jobs, school_places; and their district and whether
they are in the core city. The population generator draws from these weights.
"""

from __future__ import annotations

import numpy as np

from ..clock import METRES_PER_KM, kmh_to_mps, per_hour_to_per_second
from .model import Network, make_network

COLUMNS_KM = np.arange(13.0)
ROWS_KM = np.array([-4.5, -3.5, -2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 3.5, 4.5])
TRIBUTARY_X_KM = 8.5
RIVER_BRIDGE_COLUMNS_KM = (2.0, 5.0, 7.0, 10.0)
TRIBUTARY_BRIDGE_ROWS_KM = (-1.5, -3.5)
ARTERIAL_ROWS_KM = (-1.5, -3.5, 1.5, 3.5)
EXPRESSWAY_ROW_KM = -4.5

ZI_BRIDGE_NAMES = ("West", "Centre-west", "Centre-east", "East")  # by RIVER_BRIDGE_COLUMNS_KM
ZI_BRIDGE_NAMES_ZH = ("西", "中西", "中东", "东")
SHAO_BRIDGE_NAMES = {-1.5: ("North Shao Bridge", "邵水北桥"),
                     -3.5: ("South Shao Bridge", "邵水南桥"),
                     EXPRESSWAY_ROW_KM: ("Expressway Shao Bridge", "邵水高速桥")}
ROW_ROAD_NAMES = {1.5: ("North 1st Road", "北一路"), 3.5: ("North 2nd Road", "北二路"),
                  -1.5: ("South 1st Road", "南一路"), -3.5: ("South 2nd Road", "南二路"),
                  EXPRESSWAY_ROW_KM: ("South Expressway", "南环高速")}

ROAD_CLASSES = {  # lanes, free speed km/h, capacity veh/h/lane (assumed)
    "street": (1, 30.0, 800.0),
    "arterial": (2, 50.0, 900.0),
    "bridge": (2, 50.0, 1200.0),
    "expressway": (2, 80.0, 1900.0),
}


def _district(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    return np.where(y > 0, "north", np.where(x < TRIBUTARY_X_KM, "southwest", "southeast"))


def _zone_weights(x: np.ndarray, y: np.ndarray) -> dict[str, np.ndarray]:
    """Relative weights of homes, jobs and school places per zone (assumed)."""
    core = ((y < 0) & (y >= -1.5) & (x >= 4) & (x <= 8)) | ((y == 0.5) & (x >= 4) & (x <= 7))
    district_centre = (((x == 3) & (y == 2.5)) | ((x == 10) & (y == -2.5))
                       | ((x == 1) & (y == -2.5)))
    park = (((y == EXPRESSWAY_ROW_KM) & ((x >= 9) | (x <= 3)))
            | ((x <= 2) & (y >= 3.5)))
    housing = ~(core | park)
    school = housing & ((x + (y + 4.5)).astype(int) % 3 == 0)
    return {
        "core": core.astype(int),
        "homes": np.select([park, core], [0.5, 3.0], 5.0),
        "office_jobs": np.select([core, district_centre], [10.0, 4.0], 0.5),
        "enterprise_jobs": np.select([park & (x >= 9), park], [8.0, 6.0], 1.0),
        "service_jobs": np.select([core, district_centre], [6.0, 4.0], 1.0),
        "school_places": np.where(school, 5.0, 0.0),
    }


def _road_class(x0, y0, x1, y1) -> str:
    if y0 == y1 == EXPRESSWAY_ROW_KM:
        return "expressway"
    if _crossing(x0, y0, x1, y1):
        return "bridge"
    vertical_arterial = x0 == x1 and x0 in RIVER_BRIDGE_COLUMNS_KM
    horizontal_arterial = y0 == y1 and y0 in ARTERIAL_ROWS_KM
    return "arterial" if vertical_arterial or horizontal_arterial else "street"


def _crossing(x0, y0, x1, y1) -> str:
    """Which water a link crosses: "zi" (the main river), "shao" (the tributary) or ""."""
    if (y0 > 0) != (y1 > 0):
        return "zi"
    if y0 < 0 and y1 < 0 and (x0 < TRIBUTARY_X_KM) != (x1 < TRIBUTARY_X_KM):
        return "shao"
    return ""


def _road_name(x0, y0, x1, y1) -> tuple[str, str]:
    """The (English, Chinese) name of the road a link is on: a bridge, an avenue along a
    bridge column, an arterial row or the expressway; ("", "") for a street."""
    water = _crossing(x0, y0, x1, y1)
    if water == "zi":
        k = RIVER_BRIDGE_COLUMNS_KM.index(x0)
        return f"{ZI_BRIDGE_NAMES[k]} Zi Bridge", f"资江{ZI_BRIDGE_NAMES_ZH[k]}桥"
    if water == "shao":
        return SHAO_BRIDGE_NAMES[y0]
    if y0 == y1 and y0 in ROW_ROAD_NAMES:
        return ROW_ROAD_NAMES[y0]
    if x0 == x1 and x0 in RIVER_BRIDGE_COLUMNS_KM:
        k = RIVER_BRIDGE_COLUMNS_KM.index(x0)
        return f"{ZI_BRIDGE_NAMES[k]} Avenue", f"{ZI_BRIDGE_NAMES_ZH[k]}大道"
    return "", ""


def _joins(x0, y0, x1, y1, zi_bridges_km) -> bool:
    """Whether neighbouring junctions are joined: across water only at a bridge."""
    water = _crossing(x0, y0, x1, y1)
    if water == "zi":
        return x0 in zi_bridges_km
    if water == "shao":
        return y0 in TRIBUTARY_BRIDGE_ROWS_KM or y0 == EXPRESSWAY_ROW_KM
    return True


def _road_classes(overrides: dict | None) -> dict[str, tuple[float, float, float]]:
    """ROAD_CLASSES with any (lanes, free_speed_kmh, capacity_vphpl) given in `overrides`."""
    classes = dict(ROAD_CLASSES)
    for name, given in (overrides or {}).items():
        if name not in classes:
            raise ValueError(f"unknown road class {name!r}; the classes are "
                             f"{', '.join(ROAD_CLASSES)}")
        default = dict(zip(("lanes", "free_speed_kmh", "capacity_vphpl"), classes[name]))
        unknown = set(given) - set(default)
        if unknown:
            raise ValueError(f"unknown road class field {sorted(unknown)[0]!r}; use "
                             f"{', '.join(default)}")
        default.update({k: v for k, v in given.items() if v is not None})
        classes[name] = tuple(default.values())
    return classes


def stylised_shaoyang(road_classes: dict | None = None,
                      closed_zi_bridges_km: tuple[float, ...] = ()) -> Network:
    """The stylised Shaoyang network (see the module docstring).

    Parameters
    ----------
    road_classes : class -> {"lanes", "free_speed_kmh", "capacity_vphpl"} replacing
        the defaults of ROAD_CLASSES (capacity per lane, veh/h).
    closed_zi_bridges_km : x positions (km) of bridges over the Zi left out,
        among RIVER_BRIDGE_COLUMNS_KM.
    """
    closed = set(float(b) for b in closed_zi_bridges_km)
    if not closed <= set(RIVER_BRIDGE_COLUMNS_KM):
        raise ValueError(f"the bridges over the Zi are at x = "
                         f"{', '.join(f'{b:g}' for b in RIVER_BRIDGE_COLUMNS_KM)} km")
    if closed == set(RIVER_BRIDGE_COLUMNS_KM):
        raise ValueError("at least one bridge over the Zi must stay open")
    zi_bridges = tuple(b for b in RIVER_BRIDGE_COLUMNS_KM if b not in closed)
    classes_used = _road_classes(road_classes)
    x, y = (a.ravel() for a in np.meshgrid(COLUMNS_KM, ROWS_KM))
    names = [f"{int(col)}_{row}" for col, row in
             zip(x, np.searchsorted(ROWS_KM, y))]
    index = {(float(a), float(b)): i for i, (a, b) in enumerate(zip(x, y))}
    starts, ends, classes, crossings, road_names = [], [], [], [], []
    for i, (x0, y0) in enumerate(zip(x, y)):
        for x1, y1 in ((x0 + 1, y0), (x0, y0 + 1)):
            j = index.get((float(x1), float(y1)))
            if j is None or not _joins(x0, y0, x1, y1, zi_bridges):
                continue
            road, water = _road_class(x0, y0, x1, y1), _crossing(x0, y0, x1, y1)
            starts += [i, j]
            ends += [j, i]
            classes += [road, road]
            crossings += [water, water]
            road_names += [_road_name(x0, y0, x1, y1)] * 2
    lanes, speed, capacity = (np.array([classes_used[c][k] for c in classes], dtype=float)
                              for k in range(3))
    start, end = np.array(starts), np.array(ends)
    length_m = np.hypot(x[end] - x[start], y[end] - y[start]) * METRES_PER_KM
    weights = _zone_weights(x, y)
    return make_network(
        from_node=start, to_node=end, length_m=length_m, lanes=lanes,
        free_speed_mps=kmh_to_mps(speed),
        capacity_vps=per_hour_to_per_second(capacity) * lanes,
        node_x=x, node_y=y, node_id=names, node_zone=names,
        link_id=[f"{names[a]}>{names[b]}" for a, b in zip(start, end)],
        node_extra={"district": _district(x, y), **weights},
        link_extra={"facility_type": classes, "crossing": crossings,
                    "name": [en for en, _ in road_names],
                    "name_zh": [zh for _, zh in road_names]})


def bridge_links(network: Network) -> np.ndarray:
    """(k,) int64 indices of the links that cross the Zi or the Shao."""
    return np.flatnonzero(network.link_extra["crossing"] != "")

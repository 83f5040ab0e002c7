"""What a reader calls a road: its name from the network's name columns, and its heading.

A GMNS `link.csv` may carry `name` (the street's name) and `name_zh` (the same
in Chinese); the stylised Shaoyang writes both for its bridges and main roads.
A link without a name is called by its link id.
"""

from __future__ import annotations

import matplotlib.patheffects as effects
import numpy as np

from ..network.model import Network
from .labels import label

NAME_COLUMNS = {"en": ("name",), "zh": ("name_zh", "name")}  # first found is used
HALO = [effects.withStroke(linewidth=2.2, foreground="white")]  # names stay legible on roads
HEADINGS = ("east", "north", "west", "south")  # counter-clockwise from east


def road_names(network: Network, language: str) -> np.ndarray:
    """(n_links,) str each link's road name in `language`; "" where unnamed."""
    for column in NAME_COLUMNS[language]:
        if column in network.link_extra:
            names = np.array([str(v) for v in network.link_extra[column]], dtype=object)
            return np.where(np.isin(names, ("nan", "None")), "", names)
    return np.full(network.n_links, "", dtype=object)


def heading(network: Network, link: int) -> str:
    """The label key of the direction link `link` runs in: "north" and so on."""
    dx = network.node_x[network.to_node[link]] - network.node_x[network.from_node[link]]
    dy = network.node_y[network.to_node[link]] - network.node_y[network.from_node[link]]
    quarter = int(np.round(np.arctan2(dy, dx) / (np.pi / 2))) % 4
    return HEADINGS[quarter]


def link_label(network: Network | None, link_id: str, language: str) -> str:
    """"West Zi Bridge, northbound" ("资江西桥（北向）"): a link by its road's name and
    heading; its link id where the road has no name or there is no network."""
    if network is None:
        return link_id
    found = np.flatnonzero(np.asarray(network.link_id).astype(str) == link_id)
    if found.size == 0:
        return link_id
    link = int(found[0])
    name = road_names(network, language)[link]
    if not name:
        return link_id
    return label("road_heading", language, name=name,
                 heading=label(heading(network, link), language))


def name_bridges(axis, network: Network, bridges: np.ndarray, language: str) -> None:
    """Each named bridge's name once for both directions, just past one of its ends:
    bridges taken west to east, the first past its northern or eastern end, the next
    past its southern or western end, and so on, so that neighbours' names do not meet."""
    names = road_names(network, language)
    first = {}
    for link in bridges:
        first.setdefault(names[link], link)
    first.pop("", None)
    ends = {name: np.array([[network.node_x[n], network.node_y[n]]
                            for n in (network.from_node[link], network.to_node[link])])
            for name, link in first.items()}
    order = sorted(ends, key=lambda name: tuple(ends[name].mean(axis=0)))
    for k, name in enumerate(order):
        low, high = sorted(ends[name], key=lambda end: tuple(end))
        along = high - low
        vertical = abs(along[1]) > abs(along[0])
        sign = 1 if k % 2 == 0 else -1
        at = high if sign > 0 else low
        offset = (0, 4 * sign) if vertical else (4 * sign, 0)
        ha = "center" if vertical else ("left" if sign > 0 else "right")
        va = ("bottom" if sign > 0 else "top") if vertical else "center"
        axis.annotate(name, tuple(at), xytext=offset, textcoords="offset points", ha=ha,
                      va=va, fontsize=7, color="0.1", path_effects=HALO)

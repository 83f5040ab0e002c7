"""The city a scenario runs in: its network, where people live and work, and its skims."""

from __future__ import annotations

import warnings
from dataclasses import asdict, dataclass, replace
from pathlib import Path

import numpy as np

from ..clock import kmh_to_mps, per_hour_to_per_second
from ..errors import InputWarning, ScenarioError
from ..network.gmns import read_gmns
from ..network.model import Network, sampled, with_room_for_one
from ..network.shaoyang import stylised_shaoyang
from ..scenario import GROUPS, FacilityTypeSettings, RoadSettings, Scenario, ShaoyangSettings
from .skims import Skims, compute_skims


@dataclass(frozen=True)
class City:
    """A network with the node weights the population is drawn from.

    Attributes
    ----------
    network : the road network.
    skims : free-flow times and distances between nodes.
    weights : node column name -> (n_nodes,) float64 relative weight (homes, jobs...).
    bridge_links : (k,) int64 links marked as bridges by `network.bridge_column`.
    """

    network: Network
    skims: Skims
    weights: dict[str, np.ndarray]
    bridge_links: np.ndarray

    def nodes_where(self, column: str, values: list[str], field: str) -> np.ndarray:
        """(n_nodes,) bool: nodes whose `column` is one of `values` (ScenarioError if absent)."""
        if column not in self.network.node_extra:
            raise ScenarioError(f"node column {column!r} is not in the network; it has "
                                f"{', '.join(self.network.node_extra) or 'no extra columns'}",
                                field=field)
        text = np.array([str(v) for v in self.network.node_extra[column]])
        return np.isin(text, values)


def _network(scenario: Scenario) -> tuple[Network, str]:
    settings = scenario.settings.network
    if settings.source == "shaoyang":
        return _shaoyang(settings.shaoyang), "the generated network"
    folder = Path(settings.gmns)
    if not folder.is_dir():
        raise ScenarioError(f"network folder not found: {folder}", field="network.gmns")
    return read_gmns(folder, storage_floor=settings.storage_floor), str(folder / "node.csv")


def _changed_links(network: Network, changes: dict[str, RoadSettings]) -> Network:
    """The network with the scenario's `network.links` changes: lanes (capacity and storage
    follow, at the link's capacity per lane), capacity per lane, free speed."""
    if not changes:
        return network
    ids = np.asarray(network.link_id).astype(str)
    lanes, capacity = network.lanes.copy(), network.capacity_vps.copy()
    speed = network.free_speed_mps.copy()
    for link_id, change in changes.items():
        found = np.flatnonzero(ids == link_id)
        if found.size == 0:
            raise ScenarioError(f"no link {link_id!r} in the network; links are named by "
                                f"their link_id, such as {', '.join(ids[:3])}",
                                field=f"network.links.{link_id}")
        per_lane = capacity[found] / lanes[found]
        if change.capacity_vphpl is not None:
            per_lane = np.full(found.size, per_hour_to_per_second(change.capacity_vphpl))
        if change.lanes is not None:
            lanes[found] = change.lanes
        capacity[found] = per_lane * lanes[found]
        if change.free_speed_kmh is not None:
            speed[found] = kmh_to_mps(change.free_speed_kmh)
    return replace(network, lanes=lanes, capacity_vps=capacity, free_speed_mps=speed)


def _shaoyang(parameters: ShaoyangSettings) -> Network:
    """The stylised Shaoyang with the scenario's road classes and closed bridges."""
    try:
        road_classes = {name: asdict(road) for name, road in parameters.road_classes.items()}
        return stylised_shaoyang(road_classes=road_classes,
                                 closed_zi_bridges_km=parameters.closed_zi_bridges_km or ())
    except ValueError as error:
        raise ScenarioError(str(error), field="network.shaoyang") from None


def _weight(network: Network, column: str, field: str, source: str) -> np.ndarray:
    if column not in network.node_extra:
        raise ScenarioError(f"node column {column!r} not found in {source}; it has "
                            f"{', '.join(network.node_extra) or 'no extra columns'}",
                            field=field)
    try:
        weight = np.asarray(network.node_extra[column], dtype=np.float64)
    except ValueError:
        raise ScenarioError(f"node column {column!r} in {source} must hold numbers",
                            field=field) from None
    if not np.all(np.isfinite(weight) & (weight >= 0)) or weight.sum() <= 0:
        raise ScenarioError(f"node column {column!r} in {source} must be >= 0 with a "
                            f"positive total", field=field)
    return weight


def _sampled(network: Network, scale: float, storage_floor: bool) -> Network:
    """Capacity and storage scaled with the population (see `network.model.sampled`);
    with `storage_floor` a link left unable to hold a vehicle keeps room for one."""
    if scale == 1.0:
        return network
    scaled = sampled(network, scale)
    if storage_floor:
        scaled, raised = with_room_for_one(scaled)
        if raised.size:
            warnings.warn(f"at scale {scale:g}, {raised.size:,} links would hold less than "
                          f"one vehicle (first: {network.link_id[raised[0]]}); they keep room "
                          "for one (network.storage_floor)", InputWarning, stacklevel=2)
        return scaled
    short = scaled.storage_veh < 1.0
    if short.any():
        least = 1.0 / network.storage_veh.min()
        raise ScenarioError(f"at this scale link {network.link_id[np.argmax(short)]} would "
                            f"hold less than one vehicle; use a scale of at least {least:.3g}, "
                            "or network.storage_floor = true", field="simulation.scale")
    return scaled


def _capacity_by_type(network: Network, types: dict[str, FacilityTypeSettings]) -> Network:
    """The network with each facility type's capacity multiplied by its factor."""
    if not types:
        return network
    if "facility_type" not in network.link_extra:
        raise ScenarioError("the network's links have no facility_type column",
                            field="network.facility_types")
    found = np.array([str(v) for v in network.link_extra["facility_type"]])
    capacity = network.capacity_vps.copy()
    for name, settings in types.items():
        if name not in found:
            raise ScenarioError(f"no link has facility_type {name!r}; the network's are "
                                f"{', '.join(sorted(set(found)))}",
                                field=f"network.facility_types.{name}")
        capacity[found == name] *= settings.capacity_factor
    return replace(network, capacity_vps=capacity)


def scenario_network(scenario: Scenario) -> Network:
    """The scenario's roads at full scale: read or generated, with its link changes and
    road-class capacity factors."""
    network, _ = _network(scenario)
    settings = scenario.settings.network
    return _capacity_by_type(_changed_links(network, settings.links), settings.facility_types)


def build_city(scenario: Scenario) -> City:
    """Read or generate the scenario's network and check the columns it names.

    With `simulation.scale` below 1 the road's capacity and storage shrink with
    the population.
    """
    network, source = _network(scenario)
    settings = scenario.settings.network
    network = _capacity_by_type(_changed_links(network, settings.links),
                                settings.facility_types)
    network = _sampled(network, scenario.settings.simulation.scale,
                       scenario.settings.network.storage_floor)
    population = scenario.settings.population
    fields = {"population.home_weight": population.home_weight}
    fields.update({f"groups.{g}.work_weight": scenario.settings.groups[g].work_weight
                   for g in GROUPS})
    weights = {column: _weight(network, column, field, source) for field, column in fields.items()}
    used = np.flatnonzero(np.sum([w > 0 for w in weights.values()], axis=0))
    column = scenario.settings.network.bridge_column
    marks = network.link_extra.get(column)
    bridges = (np.zeros(0, dtype=np.int64) if marks is None else
               np.flatnonzero([str(m) not in ("", "0", "nan") for m in marks]))
    return City(network=network, skims=compute_skims(network, used), weights=weights,
                bridge_links=bridges.astype(np.int64))

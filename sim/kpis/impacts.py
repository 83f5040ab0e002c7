"""What a day costs besides time: fuel and CO2, exposure to congestion and near schools,
the evening left after work, and delay in money.

All of it is computed from the vehicles' link traversals (each vehicle's
entry and exit of every link it crossed). Definitions, with their sources,
are in docs/metrics.md:
- fuel of a traversal (elemental model, Evans and Herman 1978): pcu x (K1 x
  length + K2 x time on the link), for the modes that burn petrol; CO2 is
  fuel x kg CO2 per litre;
- congested: a traversal slower than `congested_speed_ratio` of the link's
  free speed; a bridge's congested minutes are the series intervals whose
  entering vehicles crossed it that slowly on average;
- near schools: vehicle-km on links into a school node, entered within
  `school_window_min` of the school's first start or last end;
- the evening: `evening_end` minus the time a worker is home for the night
  (their last trip home), never below zero;
- delay in money: each group's delay at its value of time (alpha); other
  trips (errands) at the mean alpha of the working groups.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..clock import KG_PER_TONNE, METRES_PER_KM, SECONDS_PER_HOUR, mps_to_kmh
from ..demand.chains import Purpose
from ..demand.roles import Role
from ..scenario import WORK_GROUPS
from ..scenario.codes import Group, Mode
from ..simulate.day import Day
from ..traffic.series import LinkSeries


@dataclass(frozen=True)
class Traversals:
    """Every link crossing that was completed on the day.

    Attributes
    ----------
    link : (n,) int64 link crossed.
    entry_s, exit_s : (n,) float64 when the vehicle entered and left it, s.
    pcu : (n,) float64 the vehicle's passenger-car units.
    mode : (n,) int8 the vehicle's mode (index into MODES).
    """

    link: np.ndarray
    entry_s: np.ndarray
    exit_s: np.ndarray
    pcu: np.ndarray
    mode: np.ndarray

    def speed_ratio(self, free_flow_s: np.ndarray) -> np.ndarray:
        """(n,) free-flow time over time taken: 1 at free flow, 0.5 at half the speed."""
        return free_flow_s[self.link] / np.maximum(self.exit_s - self.entry_s, 1e-9)


def traversals(day: Day) -> Traversals:
    """The completed link crossings of the day's vehicles."""
    traffic = day.traffic
    exit_s = traffic.link_exit_s()
    vehicle = traffic.vehicle_of_leg()
    done = np.isfinite(traffic.link_entry_s) & np.isfinite(exit_s)
    mode = day.legs.mode[day.vehicle_leg][vehicle]
    return Traversals(link=traffic.route_links[done], entry_s=traffic.link_entry_s[done],
                      exit_s=exit_s[done], pcu=traffic.pcu[vehicle[done]], mode=mode[done])


def fuel_l(day: Day, crossed: Traversals) -> float:
    """Litres of petrol burnt on the day (elemental model; module docstring)."""
    settings = day.scenario.settings.impacts
    burns = np.isin(crossed.mode, [Mode.of(m) for m in settings.fuel_modes])
    km = day.city.network.length_m[crossed.link] / METRES_PER_KM
    hours = (crossed.exit_s - crossed.entry_s) / SECONDS_PER_HOUR
    litres = settings.fuel_l_per_km * km + settings.idle_fuel_l_per_h * hours
    return float(np.sum((crossed.pcu * litres)[burns]))


def exposure_km(day: Day, crossed: Traversals) -> dict[str, float]:
    """pcu-km in congested traffic and near schools at their start and end."""
    settings, network = day.scenario.settings.impacts, day.city.network
    km = crossed.pcu * network.length_m[crossed.link] / METRES_PER_KM
    slow = crossed.speed_ratio(link_free_flow_s(day)) < settings.congested_speed_ratio
    pupils = day.population.role == Role.PUPIL
    school_node = np.zeros(network.n_nodes, dtype=bool)
    school_node[day.population.place[pupils]] = True
    near = school_node[network.to_node[crossed.link]]
    school = day.scenario.settings.schedules["school"].periods
    bells = (school.start_s, school.end_s)
    window = settings.school_window_s
    at_bell = np.any([np.abs(crossed.entry_s - bell) <= window for bell in bells], axis=0)
    return {"congested_pcu_km": float(km[slow].sum()),
            "near_schools_at_bells_pcu_km": float(km[near & at_bell].sum())}


def link_free_flow_s(day: Day) -> np.ndarray:
    """(n_links,) free-flow time of each link in the kernel's whole steps, s."""
    from ..traffic.kernel import free_flow_steps

    return free_flow_steps(day.city.network, day.traffic.dt_s) * day.traffic.dt_s


def bridge_congested_min(day: Day, crossed: Traversals, series: LinkSeries) -> np.ndarray:
    """(bridges,) minutes of the day in which vehicles entering each bridge crossed it, on
    average, slower than the congested share of its free speed."""
    ratio = day.scenario.settings.impacts.congested_speed_ratio
    free = link_free_flow_s(day)
    edges, bridges = series.edges_s, day.city.bridge_links
    minutes = np.zeros(bridges.size)
    for b, link in enumerate(bridges):
        mine = crossed.link == link
        taken = crossed.exit_s[mine] - crossed.entry_s[mine]
        slot = np.searchsorted(edges, crossed.entry_s[mine], side="right") - 1
        inside = (slot >= 0) & (slot < edges.size - 1)
        count = np.bincount(slot[inside], minlength=edges.size - 1)
        total = np.bincount(slot[inside], weights=taken[inside], minlength=edges.size - 1)
        mean = np.divide(total, count, out=np.zeros_like(total), where=count > 0)
        minutes[b] = np.sum(np.diff(edges)[(count > 0) & (free[link] < ratio * mean)]) / 60
    return minutes


def link_entries_and_speeds(day: Day, crossed: Traversals, edges_s: np.ndarray
                            ) -> tuple[np.ndarray, np.ndarray]:
    """Vehicles entering each link in each interval of `edges_s`, and their space-mean
    speed (length over their mean time to cross it).

    Returns
    -------
    entries : (n_links, n_intervals) int32 vehicles.
    speed_kmh : (n_links, n_intervals) float32 km/h; NaN where none entered.
    """
    network = day.city.network
    n_slots = edges_s.size - 1
    slot = np.searchsorted(edges_s, crossed.entry_s, side="right") - 1
    inside = (slot >= 0) & (slot < n_slots)
    key = crossed.link[inside] * n_slots + slot[inside]
    size = network.n_links * n_slots
    taken = np.bincount(key, weights=(crossed.exit_s - crossed.entry_s)[inside], minlength=size)
    count = np.bincount(key, minlength=size)
    mean_s = np.divide(taken, count, out=np.full(size, np.nan), where=count > 0)
    speed = mps_to_kmh(network.length_m[:, None] / mean_s.reshape(network.n_links, n_slots))
    return count.reshape(network.n_links, n_slots).astype(np.int32), speed.astype(np.float32)


def busiest_corridor(day: Day, crossed: Traversals) -> np.ndarray:
    """Links (in travel order) of the most travelled route through the bridge most vehicles
    crossed: among the routes driven across it, the one with the most vehicle-km."""
    traffic, network = day.traffic, day.city.network
    bridges = day.city.bridge_links
    if bridges.size == 0:
        return np.zeros(0, dtype=np.int64)
    bridge = bridges[np.argmax(np.bincount(crossed.link, minlength=network.n_links)[bridges])]
    vehicles = np.unique(traffic.vehicle_of_leg()[traffic.route_links == bridge])
    routes: dict[tuple, float] = {}
    for v in vehicles:
        links = tuple(traffic.route_links[traffic.route_ptr[v]:traffic.route_ptr[v + 1]])
        routes[links] = routes.get(links, 0.0) + network.length_m[list(links)].sum()
    return np.array(max(routes, key=routes.get), dtype=np.int64)


def evening_h(day: Day) -> dict[str, float | None]:
    """Mean hours between a worker's last trip home and `evening_end`, per work group."""
    legs, people = day.legs, day.population
    end_s = day.scenario.settings.impacts.evening_end_s
    home = np.flatnonzero(legs.purpose == Purpose.HOME)
    last = np.full(len(people), -1)
    np.maximum.at(last, legs.person[home], home)
    out: dict[str, float | None] = {}
    for name in WORK_GROUPS[:3]:
        workers = (people.group == Group.of(name)) & (people.role == Role.WORKER) & (last >= 0)
        arrival = day.arrival_s[last[workers]]
        hours = np.clip(end_s - arrival, 0.0, None) / SECONDS_PER_HOUR
        out[name] = float(np.nanmean(hours)) if np.isfinite(arrival).any() else None
    return out


def day_impacts(day: Day, series: LinkSeries, delay_h_by_group: dict[str, float],
                crossed: Traversals | None = None) -> dict:
    """Fuel, CO2, exposure, the evening and delay in money (JSON-ready), and each
    bridge's congested minutes ((bridges,) array, for the bridges' table)."""
    crossed = traversals(day) if crossed is None else crossed
    litres = fuel_l(day, crossed)
    behaviour = day.scenario.settings.behaviour
    alpha = {g: behaviour[g].alpha_per_h for g in WORK_GROUPS}
    mean_alpha = float(np.mean(list(alpha.values())))
    money = sum(hours * alpha.get(g, mean_alpha) for g, hours in delay_h_by_group.items())
    return {
        "fuel_l": litres,
        "co2_t": litres * day.scenario.settings.impacts.co2_kg_per_l / KG_PER_TONNE,
        **exposure_km(day, crossed),
        "evening_h": evening_h(day),
        "delay_cost_cny": float(money),
        "bridge_congested_min": bridge_congested_min(day, crossed, series),
    }

"""Key figures of a simulated day: congestion, commutes, lateness, peaks, bridges, school runs.

Definitions (every figure is over the simulated day, at the scenario's scale):
- vehicle-hours, vehicle-km and delay count each road trip by its passenger-car
  units (a bus rider counts the share of a bus they stand for); delay is travel
  time minus the free-flow time of the same route, as the kernel moves vehicles;
- a group's delay is the person-hours its members' trips spent beyond free
  flow (a passenger counts with the escort's vehicle);
- a commute runs from leaving home in the morning to arriving at work or school
  (a parent's includes the school drop-off);
- a trip to work or school is late if it arrives after its target time, or
  never arrives;
- the road load is the pcu on the road at each minute; a peak is a maximum of
  its 15-minute mean standing out by at least 10% of the day's maximum
  (scipy.signal.find_peaks);
- a bridge's busiest hour is the 60 minutes with the most pcu entering it;
- a school run by a parent is on time when the child reaches school by the
  bell and the parent then reaches work by the start of work;
- care is the time a child waits after school until the escort arrives.
"""

from __future__ import annotations

import numpy as np

from ..clock import METRES_PER_KM, SECONDS_PER_HOUR, format_clock
from ..demand.chains import Purpose
from ..demand.roles import Role
from ..scenario import GROUPS, MODES
from ..simulate.day import DONE, STATUSES, Day
from ..traffic.series import LinkSeries
from .impacts import Traversals, day_impacts

PEAK_SMOOTHING_S = 900.0
PEAK_PROMINENCE = 0.10
PEAK_MIN_GAP_S = 3600.0  # two peaks of the day are at least an hour apart


def road_load_pcu(day: Day, step_s: float = 60.0, group: int | None = None) -> tuple:
    """Times (s) and pcu on the road at each, optionally for one group's legs."""
    legs = day.legs
    chosen = legs.on_road & np.isfinite(day.departure_s)
    if group is not None:
        chosen &= day.population.group[legs.person] == group
    settings = day.scenario.settings.simulation
    edges = np.arange(settings.start_s, settings.end_s + step_s, step_s)
    arrival = np.where(np.isfinite(day.arrival_s), day.arrival_s, np.inf)
    entered = np.histogram(day.departure_s[chosen], edges, weights=legs.pcu[chosen])[0]
    left = np.histogram(arrival[chosen], edges, weights=legs.pcu[chosen])[0]
    return edges[1:], np.cumsum(entered - left)


def daily_peaks(times_s: np.ndarray, load: np.ndarray) -> list[str]:
    """Clock times of the peaks of the road load (see the module docstring)."""
    from scipy.signal import find_peaks  # scipy.signal takes a second to import

    step = times_s[1] - times_s[0]
    width = max(1, int(round(PEAK_SMOOTHING_S / step)))
    smooth = np.convolve(load, np.ones(width) / width, mode="same")
    if smooth.max() <= 0:
        return []
    found, _ = find_peaks(smooth, prominence=PEAK_PROMINENCE * smooth.max(),
                          distance=max(1, int(PEAK_MIN_GAP_S / step)))
    return [format_clock(times_s[i])[:5] for i in found]


def road_totals(day: Day) -> dict:
    traffic = day.traffic
    done = traffic.finished
    pcu = traffic.pcu[done]
    hours = (traffic.arrival_s - traffic.departure_s)[done] / SECONDS_PER_HOUR
    delay_h = traffic.delay_s[done] / SECONDS_PER_HOUR
    length_km = np.bincount(traffic.vehicle_of_leg(),
                            weights=day.city.network.length_m[traffic.route_links],
                            minlength=traffic.n_vehicles)[done] / METRES_PER_KM
    person_delay = day.per_leg(np.where(done, traffic.delay_s, 0.0), 0.0)
    return {"vehicle_hours_pcu": float(pcu @ hours), "vehicle_km_pcu": float(pcu @ length_km),
            "delay_pcu_h": traffic.delay_pcu_h(),
            "person_delay_h": float(person_delay.sum() / SECONDS_PER_HOUR),
            "mean_road_trip_delay_min": float(delay_h.mean() * 60) if done.any() else 0.0}


def _first_per_person(person: np.ndarray, chosen: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Persons with a chosen leg and the index of their first chosen leg."""
    index = np.flatnonzero(chosen)
    people, first = np.unique(person[index], return_index=True)
    return people, index[first]


def commutes_min(day: Day) -> tuple[np.ndarray, np.ndarray]:
    """Persons who commute and their morning commute (min; NaN if not arrived)."""
    legs = day.legs
    people, target_leg = _first_per_person(
        legs.person, np.isin(legs.purpose, (Purpose.WORK, Purpose.SCHOOL)))
    _, home_leg = _first_per_person(legs.person, np.isin(legs.person, people))
    return people, (day.arrival_s[target_leg] - day.departure_s[home_leg]) / 60.0


def _per_group(day: Day) -> dict:
    legs, group = day.legs, day.population.group
    people, commute = commutes_min(day)
    traffic = day.traffic
    delay_h = (day.per_leg(np.where(traffic.finished, traffic.delay_s, 0.0), 0.0)
               / SECONDS_PER_HOUR)
    targeted = np.isin(legs.purpose, (Purpose.WORK, Purpose.SCHOOL))
    late = targeted & ~(day.arrival_s <= legs.target_s)
    out = {}
    for g, name in enumerate(GROUPS):
        mine = group[people] == g
        trips = targeted & (group[legs.person] == g)
        values = commute[mine]
        known = values[np.isfinite(values)]
        out[name] = {
            "people": int(np.sum(group == g)),
            "trips": int(np.sum(group[legs.person] == g)),
            "delay_h": float(delay_h[group[legs.person] == g].sum()),
            "commute_mean_min": float(known.mean()) if known.size else None,
            "commute_p95_min": float(np.percentile(known, 95)) if known.size else None,
            "lateness_share": float(late[trips].mean()) if trips.any() else None,
        }
    return out


def _bridges(day: Day, series: LinkSeries, congested_min: np.ndarray) -> dict:
    network, interval = day.city.network, series.edges_s[1] - series.edges_s[0]
    window = max(1, int(round(SECONDS_PER_HOUR / interval)))
    out = {}
    for link, congested in zip(day.city.bridge_links, congested_min):
        hourly = np.convolve(series.inflow_veh[link], np.ones(window), mode="valid")
        best = int(np.argmax(hourly)) if hourly.size else 0
        start, end = series.edges_s[best], series.edges_s[best] + SECONDS_PER_HOUR
        out[str(network.link_id[link])] = {
            "busiest_hour": f"{format_clock(start)[:5]}-{format_clock(end)[:5]}",
            "busiest_hour_pcu": float(hourly[best]) if hourly.size else 0.0,
            "capacity_pcu_h": float(network.capacity_vps[link] * SECONDS_PER_HOUR),
            "max_queue_pcu": float(series.queue_veh[link].max()),
            "congested_min": float(congested),
        }
    return out


def _school_runs(day: Day) -> dict:
    legs, population = day.legs, day.population
    drop = np.flatnonzero(legs.purpose == Purpose.DROP_OFF)
    by_parent = drop[population.role[legs.person[drop]] != Role.GRANDPARENT]
    onward = legs.next[by_parent]
    on_time = ((day.arrival_s[by_parent] <= legs.target_s[by_parent])
               & (day.arrival_s[onward] <= legs.target_s[onward]))
    care = day.care_s[np.isfinite(day.care_s)]
    in_care = care[care > 0]
    pupils = population.role == Role.PUPIL
    return {
        "pupils": int(pupils.sum()),
        "escorted_by_parent": int(by_parent.size),
        "escorted_by_grandparent": int(np.sum(population.role == Role.GRANDPARENT)),
        "parent_runs_on_time": int(on_time.sum()),
        "parent_runs_on_time_share": float(on_time.mean()) if on_time.size else None,
        "children_in_care": int(in_care.size),
        "care_mean_min": float(in_care.mean() / 60) if in_care.size else 0.0,
        "care_child_hours": float(in_care.sum() / SECONDS_PER_HOUR),
    }


def day_kpis(day: Day, series: LinkSeries, crossed: Traversals | None = None) -> dict:
    """The day's key figures as a JSON-ready dict (see the module docstring); `crossed`,
    the day's link traversals (``impacts.traversals``), if the caller has them already."""
    legs = day.legs
    status = np.bincount(day.status, minlength=len(STATUSES))
    times, load = road_load_pcu(day)
    done_trips = day.status == DONE
    modes = np.bincount(legs.mode[done_trips], minlength=len(MODES))
    settings = day.scenario.settings.simulation
    groups = _per_group(day)
    impacts = day_impacts(day, series, {g: v["delay_h"] for g, v in groups.items()}, crossed)
    congested = impacts.pop("bridge_congested_min")
    return {
        "scenario": day.scenario.name,
        "seed": settings.seed, "scale": settings.scale,
        "people": len(day.population),
        "legs_planned": len(legs),
        **{f"legs_{name}": int(count) for name, count in zip(STATUSES, status)},
        "road_trips": int(np.sum(legs.on_road & done_trips)),
        "mode_shares_of_trips": {m: float(c / max(modes.sum(), 1)) for m, c in zip(MODES, modes)},
        **road_totals(day),
        "peak_road_load_pcu": float(load.max()),
        "daily_peaks": daily_peaks(times, load),
        "groups": groups,
        "school_runs": _school_runs(day),
        "bridges": _bridges(day, series, congested),
        **impacts,
        "vehicles_released_after_stuck_time": int(day.traffic.released_veh),
        "gridlocks": len(day.traffic.gridlocks),
    }

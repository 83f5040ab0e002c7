"""What the model says of the indicators a city's congestion and commuting are published by.

Each indicator takes a simulated day and returns one number, defined as its
publisher defines it, so that model and observation measure the same thing:

1. ``peak_delay_index``: Gaode's congestion delay index (高德 拥堵延时指数): the
   time car trips take over the time they would take in free flow, in the
   morning (07:00-09:00) and evening (17:00-19:00) peaks (Gaode, *China Major
   Cities Traffic Analysis Report*, definitions of every edition since 2016).
   Trips are counted by departure in either window; the index is the ratio of
   the sums.
2. ``morning_delay_index``, ``evening_delay_index``: the same in one peak.
3. ``commutes_within_5km_share``: workers whose home is within 5 km of work by
   the road network's shortest path ("幸福通勤", CAUPD and Baidu, *Annual Report
   on Commuting in China's Major Cities*, 2023).
4. ``mean_commute_min``: the mean morning commute of workers, door to door, all
   modes, minutes (the same report's 通勤时耗).

Workers are the offices', enterprises' and services' people.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ..clock import SECONDS_PER_HOUR
from ..kpis.metrics import commutes_min
from ..scenario.codes import Group, Mode
from ..simulate.day import Day

MORNING_PEAK_S = (7 * SECONDS_PER_HOUR, 9 * SECONDS_PER_HOUR)
EVENING_PEAK_S = (17 * SECONDS_PER_HOUR, 19 * SECONDS_PER_HOUR)
NEAR_WORK_M = 5000.0
WORKERS = (Group.OFFICE, Group.ENTERPRISE, Group.SERVICE)


def _delay_index(day: Day, windows: tuple[tuple[float, float], ...]) -> float:
    """Time taken over free-flow time, summed over car trips departing in `windows`."""
    traffic = day.traffic
    taken = day.per_leg(np.where(traffic.finished, traffic.arrival_s - traffic.departure_s,
                                 np.nan), np.nan)
    delay = day.per_leg(np.where(traffic.finished, traffic.delay_s, np.nan), np.nan)
    departs = day.departure_s
    inside = np.zeros(departs.size, dtype=bool)
    for start, end in windows:
        inside |= (departs >= start) & (departs < end)
    counted = inside & (day.legs.mode == Mode.CAR) & np.isfinite(taken)
    free = (taken[counted] - delay[counted]).sum()
    return float(taken[counted].sum() / free) if free > 0 else float("nan")


def peak_delay_index(day: Day) -> float:
    return _delay_index(day, (MORNING_PEAK_S, EVENING_PEAK_S))


def morning_delay_index(day: Day) -> float:
    return _delay_index(day, (MORNING_PEAK_S,))


def evening_delay_index(day: Day) -> float:
    return _delay_index(day, (EVENING_PEAK_S,))


def _workers(day: Day) -> np.ndarray:
    return np.flatnonzero(np.isin(day.population.group, [int(g) for g in WORKERS]))


def commutes_within_5km_share(day: Day) -> float:
    workers = _workers(day)
    population, skims = day.population, day.city.skims
    distance = skims.distance_m[population.home[workers], population.place[workers]]
    return float(np.mean(distance <= NEAR_WORK_M)) if workers.size else float("nan")


def mean_commute_min(day: Day) -> float:
    people, commute = commutes_min(day)
    mine = np.isin(day.population.group[people], [int(g) for g in WORKERS])
    known = commute[mine & np.isfinite(commute)]
    return float(known.mean()) if known.size else float("nan")


INDICATORS: dict[str, tuple[Callable[[Day], float], str]] = {  # name -> (function, unit)
    "peak_delay_index": (peak_delay_index, "ratio"),
    "morning_delay_index": (morning_delay_index, "ratio"),
    "evening_delay_index": (evening_delay_index, "ratio"),
    "commutes_within_5km_share": (commutes_within_5km_share, "share"),
    "mean_commute_min": (mean_commute_min, "min"),
}


def indicators(day: Day, names: list[str]) -> dict[str, float]:
    """The named indicators of a simulated day."""
    return {name: INDICATORS[name][0](day) for name in names}

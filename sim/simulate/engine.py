"""The day as a SimPy simulation: a road, timetables and households, passing arrays of legs.

One ``simpy.Environment`` owns the clock. Processes are per role, not per
person, and every event carries a numpy array of legs:

- the road advances the traffic kernel one tick at a time and hands the legs
  that arrived to the households; legs sent to it during a tick enter the
  kernel together at the next; with nothing on it, it sleeps until woken;
- a timetable per group (offices, enterprises, services, schools, errands) holds
  legs that leave at a clock time and releases them in the tick they are due;
- the households take each arrival and release the person's next leg: at once
  if due within the tick, else to the timetable; a pickup that arrives after the
  school has ended puts the child's wait in the care log.

Exactness: the road computes the kernel's steps before each tick's time T, so a
leg arriving before T leaves at least one dwell (>= one tick) later, never
before a step not yet computed. Results therefore do not depend on the tick.
"""

from __future__ import annotations

import heapq
import time
from collections import defaultdict

import numpy as np
import simpy

from ..demand.chains import Legs, Purpose
from ..network.routing import Routes
from ..scenario import GROUPS
from ..traffic.kernel import LinkTransmission


class Clocked:
    """Wall-clock time spent inside the traffic kernel, summed over calls (s)."""

    def __init__(self):
        self.kernel_s = 0.0


class Road:
    """The road network: loads legs into the kernel, or times off-road legs directly."""

    def __init__(self, env: simpy.Environment, kernel: LinkTransmission, legs: Legs,
                 routes: Routes, route_of_leg: np.ndarray, times: dict, tick_s: float,
                 clock: Clocked, on_tick=None):
        self.env, self.kernel, self.legs, self.routes = env, kernel, legs, routes
        self.route_of_leg, self.times, self.tick_s, self.clock = route_of_leg, times, tick_s, clock
        self.dt_s = kernel.dt_s
        self.vehicle_leg = np.full(int(legs.on_road.sum()), -1, dtype=np.int64)
        self.off_road: dict[float, list[np.ndarray]] = defaultdict(list)
        self.arrivals = simpy.Store(env)
        self.on_tick = on_tick
        self._entering: list[np.ndarray] = []
        self._wake = env.event()
        env.process(self.run())

    def send(self, leg: np.ndarray, departure_s: np.ndarray) -> None:
        """Legs leave at `departure_s` (not before the current tick).

        Road legs enter the kernel together at the next tick, before it computes
        the steps from now on: one call per tick, whoever sent them.
        """
        self.times["departure_s"][leg] = departure_s
        on_road = self.legs.on_road[leg]
        self._entering.append(leg[on_road])
        walk_leg = leg[~on_road]
        arrival = departure_s[~on_road] + self.legs.free_flow_s[walk_leg]
        self.times["arrival_s"][walk_leg] = arrival
        delivery = self.tick_s * np.ceil((arrival + self.dt_s / 2) / self.tick_s)
        for when in np.unique(delivery):
            self.off_road[float(when)].append(walk_leg[delivery == when])
        if not self._wake.triggered:
            self._wake.succeed()

    def _enter(self) -> None:
        """Add the road legs sent since the last tick to the kernel."""
        leg = np.concatenate(self._entering)
        self._entering = []
        if leg.size == 0:
            return
        routes = self.routes.take(self.route_of_leg[leg])
        started = time.perf_counter()
        ids = self.kernel.add(routes.ptr, routes.links, self.times["departure_s"][leg],
                              self.legs.pcu[leg])
        self.clock.kernel_s += time.perf_counter() - started
        self.vehicle_leg[ids] = leg

    def _busy(self) -> bool:
        return (bool(self._entering) or not self.kernel.idle
                or np.isfinite(self.kernel.next_departure_s))

    def run(self):
        while True:
            if self._busy():
                yield self.env.timeout(self.tick_s)
            else:
                self._wake = self.env.event()
                later = min(self.off_road, default=None)
                yield (self._wake if later is None
                       else self.env.timeout(later - self.env.now) | self._wake)
            self._deliver(self.env.now)

    def _deliver(self, now: float) -> None:
        """Compute the steps before `now`; hand every leg that arrived to the households."""
        if self._entering:
            self._enter()
        started = time.perf_counter()
        ended = self.kernel.advance(now - self.dt_s / 2)
        self.clock.kernel_s += time.perf_counter() - started
        road_leg = self.vehicle_leg[ended.vehicle]
        self.times["arrival_s"][road_leg] = ended.arrival_s
        arrived = [road_leg] + self.off_road.pop(now, [])
        arrived = np.concatenate(arrived)
        if arrived.size:
            self.arrivals.put(arrived)
        if self.on_tick is not None:
            self.on_tick(now)


class Timetable:
    """Holds the legs of one group that leave at a clock time; releases them when due."""

    def __init__(self, env: simpy.Environment, road: Road, tick_s: float):
        self.env, self.road, self.tick_s = env, road, tick_s
        self.due: dict[float, list[tuple[np.ndarray, np.ndarray]]] = defaultdict(list)
        self._ticks: list[float] = []
        self._wake = env.event()
        env.process(self.run())

    def hold(self, leg: np.ndarray, departure_s: np.ndarray) -> None:
        """Keep legs until the tick in which they leave."""
        tick = self.tick_s * np.floor(departure_s / self.tick_s)
        for when in np.unique(tick):
            if float(when) not in self.due:
                heapq.heappush(self._ticks, float(when))
            chosen = tick == when
            self.due[float(when)].append((leg[chosen], departure_s[chosen]))
        if not self._wake.triggered:
            self._wake.succeed()

    def run(self):
        while True:
            while self._ticks and self._ticks[0] <= self.env.now:
                for leg, departure_s in self.due.pop(heapq.heappop(self._ticks)):
                    self.road.send(leg, departure_s)
            self._wake = self.env.event()
            if self._ticks:
                yield self.env.timeout(self._ticks[0] - self.env.now) | self._wake
            else:
                yield self._wake


class Households:
    """Release each person's next leg when the previous one arrives; log care."""

    def __init__(self, env: simpy.Environment, legs: Legs, times: dict, road: Road,
                 timetables: list[Timetable], tick_s: float):
        self.env, self.legs, self.times, self.road = env, legs, times, road
        self.timetables, self.tick_s = timetables, tick_s
        self.care_s = np.zeros(len(legs))
        env.process(self.run())

    def run(self):
        while True:
            arrived = yield self.road.arrivals.get()
            self.on_arrival(arrived)

    def on_arrival(self, arrived: np.ndarray) -> None:
        legs, arrival = self.legs, self.times["arrival_s"]
        late_pickup = (legs.purpose[arrived] == Purpose.PICKUP) & (arrival[arrived]
                                                           > legs.target_s[arrived])
        picked = arrived[late_pickup]
        self.care_s[picked] = arrival[picked] - legs.target_s[picked]
        following = legs.next[arrived]
        has_next = following >= 0
        leg, before = following[has_next], arrived[has_next]
        departure = np.maximum(legs.not_before_s[leg], arrival[before] + legs.dwell_s[leg])
        now_due = departure < self.env.now + self.tick_s
        if now_due.any():
            self.road.send(leg[now_due], departure[now_due])
        later, later_departure = leg[~now_due], departure[~now_due]
        holder = legs.holder[later]
        for group in np.unique(holder):
            chosen = holder == group
            self.timetables[group].hold(later[chosen], later_departure[chosen])


def run_processes(kernel: LinkTransmission, legs: Legs, routes: Routes, route_of_leg: np.ndarray,
                  *, start_s: float, end_s: float, tick_s: float, on_tick=None) -> dict:
    """Run the road, the timetables and the households from `start_s` to `end_s`.

    Parameters
    ----------
    kernel : the traffic kernel, empty.
    legs : every leg of the day; first legs leave at their `not_before_s`.
    routes, route_of_leg : the route of each road leg (-1 for others).
    start_s, end_s, tick_s : the day's start and end and the hand-over period, s.
    on_tick : called with the time after every tick of the road.

    Returns
    -------
    dict with departure_s, arrival_s, care_s ((m,) float64 per leg, NaN where none),
    vehicle_leg ((v,) int64 leg of each kernel vehicle) and kernel_s (time in the kernel).
    """
    times = {"departure_s": np.full(len(legs), np.nan), "arrival_s": np.full(len(legs), np.nan)}
    env = simpy.Environment(initial_time=start_s)
    clock = Clocked()
    road = Road(env, kernel, legs, routes, route_of_leg, times, tick_s, clock, on_tick)
    timetables = [Timetable(env, road, tick_s) for _ in GROUPS]
    households = Households(env, legs, times, road, timetables, tick_s)
    first = np.flatnonzero((legs.previous < 0) & (legs.rides_with < 0))
    for group, timetable in enumerate(timetables):
        chosen = first[legs.holder[first] == group]
        timetable.hold(chosen, legs.not_before_s[chosen])
    env.run(until=end_s + tick_s / 2)
    return {**times, "care_s": households.care_s,
            "vehicle_leg": road.vehicle_leg[:kernel.n_vehicles], "kernel_s": clock.kernel_s}

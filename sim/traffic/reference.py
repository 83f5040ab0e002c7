"""The reference model: the kernel's rules written plainly in SimPy, one vehicle at a time.

Slow by design and never the production path: it is the oracle the vectorised
kernel (``kernel.py``, whose docstring states the rules) is tested against,
vehicle by vehicle. Each vehicle is a SimPy process that waits for its
departure, joins the entry queue of its first link, and for every link waits
to be let on, drives the link's free-flow time and then declares itself ready.
The road is one process that, once per step and after every vehicle event of
that instant, moves the ready heads of the link queues by the rules, with
ordinary Python lists, dicts and loops (the junctions' round-robin included);
the space a leaving vehicle frees is handed back by a process of its own after
the backward-wave time. Stuck-time release is not modelled here.
"""

from __future__ import annotations

import heapq
import math
from collections import defaultdict, deque

import numpy as np
import simpy
from simpy.events import Event

from ..network.model import Network
from .backwave import space_return_steps
from .junctions import WEIGHT_PER_VPS
from .kernel import free_flow_steps
from .result import LoadResult

EPS = 1e-9
_AFTER_VEHICLES = 2  # SimPy priority below NORMAL (1): runs after vehicle events of an instant


class _RoadTick(Event):
    """A timeout that fires after all ordinary events scheduled for the same instant."""

    def __init__(self, env: simpy.Environment, delay: float):
        self.env, self.callbacks, self._value, self._ok = env, [], None, True
        env.schedule(self, _AFTER_VEHICLES, delay)


class ReferenceModel:
    """Per-vehicle SimPy model of the link transmission model and its junctions.

    Parameters
    ----------
    network, route_ptr, route_links, departure_s, pcu, dt_s, backward_wave_kmh,
    entry_priority : as for `load_vehicles`.
    end_s : the last time computed; vehicles still travelling then have no arrival.
    """

    def __init__(self, network: Network, route_ptr, route_links, departure_s, pcu=None, *,
                 dt_s: float = 1.0, end_s: float, backward_wave_kmh: float | None = None,
                 entry_priority: float = 1.0):
        self.env = simpy.Environment()
        self.dt = dt_s
        self.end_step = math.floor(end_s / dt_s + EPS)
        n_links = network.n_links
        self.sink = n_links
        self.tau = [int(x) for x in free_flow_steps(network, dt_s)]
        self.return_steps = [int(x) for x in
                             space_return_steps(network, dt_s, backward_wave_kmh)]
        self.backward_wave_kmh = backward_wave_kmh
        self.cap_dt = [float(c) for c in network.capacity_vps * dt_s]
        self.storage = [float(s) for s in network.storage_veh]
        self.exit_credit = list(self.cap_dt)
        self.entry_credit = list(self.cap_dt)
        weight = network.capacity_vps * WEIGHT_PER_VPS
        self.weight = [max(1, int(w)) for w in np.rint(np.concatenate(
            (weight, weight * entry_priority)))]
        self.merge_credit = defaultdict(int)
        self.occupancy = [0.0] * n_links
        self.on_link = [deque() for _ in range(n_links)]
        self.entry = [[] for _ in range(n_links)]
        self.departure = [float(d) for d in departure_s]
        self.pcu = [1.0] * len(self.departure) if pcu is None else [float(p) for p in pcu]
        self.routes = [list(map(int, route_links[route_ptr[i]:route_ptr[i + 1]]))
                       for i in range(len(self.departure))]
        self.leg = [0] * len(self.departure)
        self.ready = {}
        self.turn = {}
        self.entered = [[] for _ in self.departure]
        self.arrival = [math.nan] * len(self.departure)
        self.unfinished = sum(1 for route in self.routes if route)
        for vehicle in range(len(self.departure)):
            self.env.process(self.trip(vehicle))
        due = [self.due_step(v) for v, route in enumerate(self.routes) if route]
        if due:
            self.env.process(self.road(min(due)))

    def due_step(self, vehicle: int) -> int:
        return math.ceil(self.departure[vehicle] / self.dt - EPS)

    def trip(self, vehicle: int):
        """One vehicle's journey."""
        route = self.routes[vehicle]
        if not route:
            self.arrival[vehicle] = self.departure[vehicle]
            return
        yield self.env.timeout(self.due_step(vehicle) * self.dt)
        self.turn[vehicle] = self.env.event()
        heapq.heappush(self.entry[route[0]], (self.departure[vehicle], vehicle))
        for link in route:
            yield self.turn[vehicle]
            self.turn[vehicle] = self.env.event()
            self.entered[vehicle].append(self.env.now)
            yield self.env.timeout(self.tau[link] * self.dt)
            self.ready[vehicle] = self.step_now()
        yield self.turn[vehicle]
        self.arrival[vehicle] = self.env.now

    def step_now(self) -> int:
        return round(self.env.now / self.dt)

    def road(self, first_step: int):
        """Move vehicles once per step until every trip has ended or time is up."""
        yield _RoadTick(self.env, first_step * self.dt)
        while self.unfinished and self.step_now() <= self.end_step:
            self.tick(self.step_now())
            yield _RoadTick(self.env, self.dt)

    def next_link(self, vehicle: int) -> int:
        route, leg = self.routes[vehicle], self.leg[vehicle]
        return route[leg + 1] if leg + 1 < len(route) else self.sink

    def tick(self, step: int) -> None:
        """One step of the rules."""
        for link in range(self.sink):
            self.exit_credit[link] = min(self.exit_credit[link] + self.cap_dt[link],
                                         self.cap_dt[link])
            self.entry_credit[link] = min(self.entry_credit[link] + self.cap_dt[link],
                                          self.cap_dt[link])
        room = [self.storage[link] - self.occupancy[link] for link in range(self.sink)]
        room.append(math.inf)
        closed = set()
        while True:
            offers = self.offers(closed)
            if not offers:
                break
            for target, group in offers.items():
                if target == self.sink:
                    for link, vehicle in group:
                        self.move(vehicle, link, target, room)
                    continue
                source, vehicle, credits = self.round_robin(target, group)
                if self.pcu[vehicle] > room[target] + EPS or self.entry_credit[target] <= EPS:
                    closed.add(target)
                    continue
                self.merge_credit.update(credits)
                if source < self.sink:
                    self.move(vehicle, source, target, room)
                else:
                    heapq.heappop(self.entry[target])
                    self.put_on(vehicle, target, room)

    def offers(self, closed: set) -> dict:
        """target -> [(source, vehicle), ...] by source: every ready head with exit credit,
        and every first vehicle waiting to enter a link (source n_links + the link)."""
        offers = defaultdict(list)
        for link in range(self.sink):
            vehicle = self.on_link[link][0] if self.on_link[link] else None
            if (vehicle is not None and vehicle in self.ready
                    and self.exit_credit[link] > EPS and self.next_link(vehicle) not in closed):
                offers[self.next_link(vehicle)].append((link, vehicle))
        for link in range(self.sink):
            if self.entry[link] and link not in closed:
                offers[link].append((self.sink + link, self.entry[link][0][1]))
        return offers

    def round_robin(self, target: int, group: list) -> tuple[int, int, dict]:
        """The offer of `group` ((source, vehicle), by source) that gets `target`'s slot,
        and the turns' merge credits if it takes it: every turn gains its source's
        weight (a link's capacity; an origin's is its link's), the one with most credit
        wins (ties: the lower source) and pays what they all gained."""
        credits = {(source, target): self.merge_credit[(source, target)] + self.weight[source]
                   for source, _ in group}
        best = max(credits.values())
        source, vehicle = next((source, vehicle) for source, vehicle in group
                               if credits[(source, target)] == best)
        credits[(source, target)] -= sum(self.weight[other] for other, _ in group)
        return source, vehicle, credits

    def move(self, vehicle: int, link: int, target: int, room: list) -> None:
        """Take a ready head off its link and onto the next one (or end its trip)."""
        self.on_link[link].popleft()
        self.env.process(self.free_space(link, self.pcu[vehicle]))
        self.exit_credit[link] -= self.pcu[vehicle]
        del self.ready[vehicle]
        if target == self.sink:
            self.unfinished -= 1
            self.turn[vehicle].succeed()
            return
        self.leg[vehicle] += 1
        self.put_on(vehicle, target, room)

    def free_space(self, link: int, pcu: float):
        """The gap a vehicle left travels back to the link's tail."""
        yield self.env.timeout(self.return_steps[link] * self.dt)
        self.occupancy[link] -= pcu

    def put_on(self, vehicle: int, link: int, room: list) -> None:
        self.on_link[link].append(vehicle)
        self.occupancy[link] += self.pcu[vehicle]
        self.entry_credit[link] -= self.pcu[vehicle]
        room[link] -= self.pcu[vehicle]
        self.turn[vehicle].succeed()

    def run(self) -> LoadResult:
        """Run to the end and return the outcome in the kernel's format."""
        self.env.run()
        lengths = [len(route) for route in self.routes]
        route_ptr = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)
        entry = np.full(route_ptr[-1], np.nan)
        for vehicle, times in enumerate(self.entered):
            entry[route_ptr[vehicle]:route_ptr[vehicle] + len(times)] = times
        route_links = np.array([link for route in self.routes for link in route], dtype=np.int64)
        tau_s = np.array(self.tau, dtype=np.float64) * self.dt
        return LoadResult(
            departure_s=np.array(self.departure), arrival_s=np.array(self.arrival),
            free_flow_s=np.array([tau_s[route].sum() for route in self.routes]),
            pcu=np.array(self.pcu), route_ptr=route_ptr, route_links=route_links,
            link_entry_s=entry, dt_s=self.dt, end_s=self.env.now, steps_computed=0,
            backward_wave_kmh=self.backward_wave_kmh)

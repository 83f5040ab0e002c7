"""Vectorised spatial-queue network loading: the model's hot path.

The rules, in whole time steps of dt seconds (``reference.py`` applies the same
rules one vehicle at a time and is the oracle for this module):

1. Free flow. A vehicle entering link l at step t may leave it from step
   t + tau_l, with tau_l = max(1, round(free-flow time / dt)).
2. Capacity. Each link has a flow credit that grows by capacity x dt every step,
   up to capacity x dt. Its head vehicle may leave while the credit is positive,
   and leaving costs the vehicle's pcu, so the credit may go negative: the
   fraction is carried over and the long-run rate is exactly the capacity
   (a D/D/1 server at a bottleneck).
3. FIFO. Only a link's head vehicle may leave; a blocked head blocks all behind.
4. Storage. A vehicle may enter a link while the pcu on it at the start of the
   step, plus what entered during the step, plus its own, stays within storage.
   Space freed by a vehicle leaving is usable from the next step, or, with a
   backward-wave speed w, once the gap has travelled the link: ceil(L / w / dt)
   steps later (``backwave.py``).
5. Merging. A step runs in rounds. In each round every link whose head is ready
   and has credit offers that head to the next link of its route; offers for
   the same link are served first come, first served (by the step the head
   became ready, then by vehicle id) while space lasts. A refused link waits
   for the next step; a link that moved a vehicle may offer again next round.
6. Entry. After the network has moved, vehicles whose departure is due enter
   their first link from a FIFO entry queue at its upstream node, in order of
   departure, while space lasts. Waiting there counts as delay.
7. Trip end. Leaving the last link of the route (rule 2 applies) ends the trip.
8. Stuck-time release (optional). A ready head with credit that has waited
   `stuck_time_s` for space moves on regardless of storage, as MATSim's stuck
   time does; such moves are counted.

Steps in which nothing can happen are skipped: an empty road sleeps until the
next departure, and a road where every vehicle is still in free flow sleeps
until the first becomes ready.
"""

from __future__ import annotations

import numpy as np

from ..network.model import Network
from .backwave import SpaceReturns, space_return_steps
from .departures import Departures
from .fifo import FifoSet
from .fleet import Fleet
from .gridlock import GridlockLog
from .result import Arrivals, LoadResult

EPS = 1e-9
_NONE = np.zeros(0, dtype=np.int64)
_NEVER = np.iinfo(np.int64).max // 4

def free_flow_steps(network: Network, dt_s: float) -> np.ndarray:
    """(n_links,) int64 rule 1's tau: free-flow time in whole steps, at least one."""
    return np.maximum(1, np.rint(network.free_flow_s / dt_s)).astype(np.int64)


class SpatialQueue:
    """A network being loaded step by step; vehicles may be added while it runs.

    Parameters
    ----------
    network : the road network.
    dt_s : time step in seconds.
    stuck_time_s : release a vehicle refused space this long (None: never).
    gridlock_check_s : how often to look for gridlocked rings, seconds.
    backward_wave_kmh : speed at which freed space travels upstream (None: at once).
    """

    def __init__(self, network: Network, *, dt_s: float = 1.0,
                 stuck_time_s: float | None = None, gridlock_check_s: float = 60.0,
                 backward_wave_kmh: float | None = None):
        if not dt_s > 0:
            raise ValueError(f"dt_s must be positive, got {dt_s}")
        if stuck_time_s is not None and not stuck_time_s > 0:
            raise ValueError(f"stuck_time_s must be positive or None, got {stuck_time_s}")
        self.network, self.dt_s = network, float(dt_s)
        n_links = network.n_links
        self._sink = n_links
        self._tau = free_flow_steps(network, dt_s)
        self._cap_dt = network.capacity_vps * dt_s
        self._storage = network.storage_veh
        self._credit = self._cap_dt.copy()
        self._occupancy = np.zeros(n_links)
        self.backward_wave_kmh = backward_wave_kmh
        self._returns = SpaceReturns(space_return_steps(network, dt_s, backward_wave_kmh))
        self._last_exit = np.full(n_links, -_NEVER, dtype=np.int64)
        self._head_ready = np.full(n_links, _NEVER, dtype=np.int64)
        self._room = np.empty(n_links + 1)
        self._room[-1] = np.inf
        self._stuck_steps = (None if stuck_time_s is None
                             else max(1, int(np.ceil(stuck_time_s / dt_s - EPS))))
        self._check_steps = max(1, int(round(gridlock_check_s / dt_s)))
        self._fleet = Fleet(n_links)
        self._queue = FifoSet(n_links, self._fleet.next_in_queue)
        self._entry = FifoSet(n_links, self._fleet.next_in_queue)
        self._pending = Departures()
        self._on_road = self._waiting = 0
        self._next_step: int | None = None
        self._last_step: int | None = None
        self._next_check = 0
        self._steps = self._released = 0
        self._gridlocks = GridlockLog()
        self._halted_step: int | None = None
        self._arrived: list[np.ndarray] = []
        self._credit_may_remain = False

    # ---- adding vehicles -------------------------------------------------
    def add(self, route_ptr: np.ndarray, route_links: np.ndarray, departure_s: np.ndarray,
            pcu: np.ndarray | None = None) -> np.ndarray:
        """Add vehicles; return their ids (int64, consecutive).

        Parameters
        ----------
        route_ptr : (n + 1,) offsets into `route_links` (CSR), one route per vehicle.
        route_links : link indices of all routes, in travel order.
        departure_s : (n,) departure times, seconds since midnight. A vehicle enters
            at the first step at or after its departure that is not yet computed.
        pcu : (n,) passenger-car units (default 1).
        """
        fleet = self._fleet
        ids = fleet.add(route_ptr, route_links, departure_s, pcu)
        self._queue.next_in_queue = self._entry.next_in_queue = fleet.next_in_queue
        if ids.size:
            self._credit_may_remain |= bool(self._cap_dt.max() > fleet.pcu[ids].min() + EPS)
        self._schedule(ids[np.diff(np.asarray(route_ptr)) > 0])
        return ids

    def _schedule(self, ids: np.ndarray) -> None:
        """Queue vehicles for entry at their departure step (or the next uncomputed one)."""
        if ids.size == 0:
            return
        departure_s = self._fleet.departure_s[ids]
        due = np.ceil(departure_s / self.dt_s - EPS).astype(np.int64)
        if self._last_step is not None:
            np.maximum(due, self._last_step + 1, out=due)
        self._pending.schedule(ids, departure_s, due, self._fleet.leg_link[self._fleet.pos[ids]])
        self._halted_step = None
        if self._next_step is not None:
            self._next_step = min(self._next_step, int(due.min()))

    # ---- one step ----------------------------------------------------------
    def _step(self, t: int) -> int:
        """Compute step t; return how many vehicles moved."""
        self._returns.release(self._occupancy, self._last_step, t)
        np.subtract(self._storage, self._occupancy, out=self._room[:-1])
        moved = 0
        links = ((self._head_ready <= t) & (self._credit > EPS)).nonzero()[0]
        while links.size:
            links, count = self._network_round(t, links)
            moved += count
        due, first, distinct = self._pending.due_by(t, self._fleet.departure_s)
        if due.size or self._waiting:
            moved += self._enter_from_origins(t, due, first, distinct)
        return moved

    def _network_round(self, t: int, links: np.ndarray) -> tuple[np.ndarray, int]:
        """One round of rule 5 over `links` (ready heads, with credit); return the links
        that may offer again."""
        vehicle = self._queue.head[links]
        ready = self._head_ready[links]
        target = self._fleet.leg_next[self._fleet.pos[vehicle]]
        pcu = self._fleet.pcu[vehicle]
        in_order = np.sort(target)
        clash = np.count_nonzero((in_order[1:] == in_order[:-1]) & (in_order[1:] < self._sink))
        if clash:
            order = np.lexsort((vehicle, ready, target))
            links, vehicle, ready, target, pcu = (links[order], vehicle[order], ready[order],
                                                  target[order], pcu[order])
            accepted = self._served_in_turn(target, pcu)
        else:
            accepted = pcu <= self._room[target] + EPS
        if self._stuck_steps is not None:
            self._release_stuck(t, accepted, ready, links)
        n_accepted = np.count_nonzero(accepted)
        if n_accepted < links.size:
            links, vehicle, target, pcu = (links[accepted], vehicle[accepted],
                                           target[accepted], pcu[accepted])
        self._leave(t, links, pcu)
        ends = target == self._sink
        n_ends = np.count_nonzero(ends)
        if n_ends:
            self._fleet.arrival_s[vehicle[ends]] = t * self.dt_s
            self._arrived.append(vehicle[ends])
            self._on_road -= n_ends
            onward = ~ends
            target, vehicle, pcu = target[onward], vehicle[onward], pcu[onward]
        self._fleet.pos[vehicle] += 1
        self._enter_links(t, target, vehicle, pcu, distinct=not clash)
        if self._credit_may_remain:
            again = (self._credit[links] > EPS) & (self._head_ready[links] <= t)
            return links[again], n_accepted
        return _NONE, n_accepted

    def _served_in_turn(self, target: np.ndarray, pcu: np.ndarray) -> np.ndarray:
        """Rules 4-5 for offers sorted by (target, ready, vehicle): the prefix of each
        target's offers whose pcu fits its room."""
        taken = np.cumsum(pcu)
        first = np.empty(target.size, dtype=bool)
        first[0] = True
        np.not_equal(target[1:], target[:-1], out=first[1:])
        before = np.where(first, taken - pcu, 0.0)
        np.maximum.accumulate(before, out=before)
        return taken - before <= self._room[target] + EPS

    def _release_stuck(self, t: int, accepted: np.ndarray, ready: np.ndarray,
                       source: np.ndarray) -> None:
        """Rule 8: refused offers that have waited the stuck time are accepted anyway."""
        refused = ~accepted
        if not np.count_nonzero(refused):
            return
        waited = t - np.maximum(ready, self._last_exit[source])
        released = refused & (waited >= self._stuck_steps)
        self._released += int(np.count_nonzero(released))
        accepted |= released

    def _leave(self, t: int, source: np.ndarray, pcu: np.ndarray) -> None:
        following = self._queue.pop(source)
        ready = self._fleet.leg_entry[self._fleet.pos[following]] + self._tau[source]
        self._head_ready[source] = np.where(following >= 0, ready, _NEVER)
        self._returns.send(t, source, pcu)
        self._credit[source] -= pcu
        if self._stuck_steps is not None:
            self._last_exit[source] = t

    def _enter_links(self, t: int, link: np.ndarray, vehicle: np.ndarray, pcu: np.ndarray,
                     distinct: bool) -> None:
        """Put vehicles (grouped by link, in joining order) at the tails of links."""
        if link.size == 0:
            return
        started = self._queue.append(link, vehicle, distinct)
        self._head_ready[started] = t + self._tau[started]
        self._fleet.leg_entry[self._fleet.pos[vehicle]] = t
        np.add.at(self._occupancy, link, pcu)
        np.subtract.at(self._room, link, pcu)

    def _enter_from_origins(self, t: int, due: np.ndarray, first: np.ndarray,
                            distinct: bool) -> int:
        """Rule 6: due vehicles enter their first link, in entry-queue order, while space lasts.

        `due` are the vehicles that became due this step (with their `first` links,
        `distinct` when no link repeats), ordered as they join the queues. When
        nobody is waiting from before and they are alone on their first links,
        they are the queue heads, so they try the link directly.
        """
        entry = self._entry
        if due.size and not self._waiting and distinct:
            pcu = self._fleet.pcu[due]
            fits = pcu <= self._room[first] + EPS
            n_fit = np.count_nonzero(fits)
            if n_fit < due.size:
                entry.append(first[~fits], due[~fits], distinct=True)
                self._waiting += due.size - n_fit
                due, first, pcu = due[fits], first[fits], pcu[fits]
            self._enter_links(t, first, due, pcu, distinct=True)
            self._on_road += n_fit
            return n_fit
        entry.append(first, due, distinct=distinct)
        self._waiting += due.size
        entered = 0
        links = (entry.head >= 0).nonzero()[0]
        while links.size:
            vehicle = entry.head[links]
            pcu = self._fleet.pcu[vehicle]
            fits = pcu <= self._room[links] + EPS
            n_fit = np.count_nonzero(fits)
            if n_fit == 0:
                break
            if n_fit < links.size:
                links, vehicle, pcu = links[fits], vehicle[fits], pcu[fits]
            entry.pop(links)
            self._enter_links(t, links, vehicle, pcu, distinct=True)
            entered += n_fit
            links = links[(entry.head[links] >= 0) & (self._room[links] > EPS)]
        self._waiting -= entered
        self._on_road += entered
        return entered

    # ---- running -------------------------------------------------------------
    def advance(self, until_s: float | None = None) -> np.ndarray:
        """Compute every step up to `until_s` (None: until no vehicle is left to move).

        Returns the vehicles whose trips ended during this call, with their arrival times.
        """
        last = _NEVER - 1 if until_s is None else int(np.floor(until_s / self.dt_s + EPS))
        t = self._next_step if self._next_step is not None else -_NEVER
        while t <= last:
            if self._on_road == 0 and self._waiting == 0:
                if not self._pending:
                    break
                t = max(t, self._pending.next_step)
                if t > last:
                    break
            self._accrue(t)
            moved = self._step(t)
            self._steps += 1
            self._last_step = t
            if t >= self._next_check:
                self._look_for_gridlock(t)
            t = t + 1 if moved else self._wake(t)
        self._next_step = min(t, last + 1) if until_s is not None else t
        vehicle = np.concatenate(self._arrived) if self._arrived else np.zeros(0, np.int64)
        self._arrived = []
        return Arrivals(vehicle=vehicle, arrival_s=self._fleet.arrival_s[vehicle])

    def _accrue(self, t: int) -> None:
        """Rule 2: credit grows by capacity x dt for every step since the last one."""
        if self._last_step is None:
            return
        steps = t - self._last_step
        if steps == 1:
            np.add(self._credit, self._cap_dt, out=self._credit)
        else:
            self._credit += steps * self._cap_dt
        np.minimum(self._credit, self._cap_dt, out=self._credit)

    def _heads(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Non-empty links, their head vehicles and the step each head is ready."""
        links = (self._queue.head >= 0).nonzero()[0]
        return links, self._queue.head[links], self._head_ready[links]

    def _wake(self, t: int) -> int:
        """After a step in which nothing moved: the next step where something can."""
        returning = self._returns.next_step(t)
        wake = min(self._pending.next_step if self._pending else _NEVER,
                   _NEVER if returning is None else returning)
        links, vehicle, ready = self._heads()
        waiting = ready <= t
        if np.any(ready > t):
            wake = min(wake, int(ready[~waiting].min()))
        stalled = links[waiting]
        if np.any(self._credit[stalled] <= EPS):
            return t + 1
        if self._stuck_steps is not None and stalled.size:
            since = np.maximum(ready[waiting], self._last_exit[stalled])
            wake = min(wake, int(since.min()) + self._stuck_steps)
        if wake >= _NEVER:
            self._look_for_gridlock(t)
            self._halted_step = t
        return max(wake, t + 1)

    def _look_for_gridlock(self, t: int) -> None:
        """Record rings of blocked links not reported before."""
        self._next_check = t + self._check_steps
        links, vehicle, ready = self._heads()
        target = self._fleet.leg_next[self._fleet.pos[vehicle]]
        inside = target < self._sink
        full = np.zeros(links.size, dtype=bool)
        certain = self._occupancy - self._returns.in_transit()
        full[inside] = (certain[target[inside]] + self._fleet.pcu[vehicle[inside]]
                        > self._storage[target[inside]] + EPS)
        blocked = full & (ready <= t)
        self._gridlocks.record(t * self.dt_s, self._sink, links[blocked], target[blocked])

    # ---- outcome ----------------------------------------------------------
    @property
    def now_s(self) -> float:
        """Time of the last computed step (NaN before the first)."""
        return np.nan if self._last_step is None else self._last_step * self.dt_s

    @property
    def n_vehicles(self) -> int:
        """Vehicles added so far (their ids are 0 to n_vehicles - 1)."""
        return self._fleet.n_vehicles

    @property
    def idle(self) -> bool:
        """True when no vehicle is on the road or waiting to enter."""
        return self._on_road == 0 and self._waiting == 0

    @property
    def next_departure_s(self) -> float:
        """Earliest step time at which a scheduled vehicle enters (inf if none)."""
        return self._pending.next_step * self.dt_s if self._pending else np.inf

    def result(self) -> LoadResult:
        """Everything computed so far, as a LoadResult."""
        return self._fleet.outcome(
            self._tau, self.dt_s, end_s=self.now_s, steps_computed=self._steps,
            released_veh=self._released, gridlocks=list(self._gridlocks.found),
            backward_wave_kmh=self.backward_wave_kmh,
            halted_s=np.nan if self._halted_step is None else self._halted_step * self.dt_s)

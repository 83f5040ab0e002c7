"""Vectorised link-transmission network loading: the model's hot path.

Links are first-order kinematic waves with a triangular fundamental diagram
(free speed, capacity, jam density, backward-wave speed), loaded by the sending
and receiving flows of the link transmission model on cumulative counts
(Yperman 2007; Newell 1993), vehicle by vehicle. The rules, in whole time steps
of dt seconds (``reference.py`` applies the same rules one vehicle at a time and
is the oracle for this module):

1. Free flow (sending flow). A vehicle entering link l at step t may leave it
   from step t + tau_l, with tau_l = max(1, round(free-flow time / dt)).
2. Capacity. Each link has a flow credit at its exit and one at its entrance,
   each growing by capacity x dt every step, up to capacity x dt. A vehicle may
   leave while the exit credit is positive and enter while the entrance credit
   is, each costing its pcu, so a credit may go negative: the fraction is carried
   over and the long-run rate is exactly the capacity (a D/D/1 server at a
   bottleneck).
3. FIFO. Only a link's head vehicle may leave; a blocked head blocks all behind.
4. Storage (receiving flow). A vehicle may enter a link while the pcu on it, plus
   its own, stays within storage (jam density x length x lanes). Space freed by a
   vehicle leaving reaches the tail ceil(L / w / dt) steps later, at least one
   (``backwave.py``): N_in(t) <= N_out(t - L / w) + k_jam L. w is the link's
   triangular wave speed unless one is given for all links.
5. Junctions. A step runs in rounds. In each round every link whose head is
   ready and has exit credit offers it to the next link of its route; a link
   takes at most one vehicle a round, chosen by capacity-proportional smooth
   weighted round-robin over the turns (``junctions.py``: Tampère et al. 2011;
   Flötteröd and Rohde 2011). A winner that does not fit closes the link for
   the step; every other offer may try again next round.
6. Entry. A vehicle whose departure is due joins the FIFO entry queue of its
   first link at the link's upstream node, in order of departure. Each round the
   queue's first vehicle offers itself to the link as one more approach, whose
   capacity is the link's own (rule 5), so entering traffic merges with through
   traffic instead of waiting for a gap that may never come. Waiting there
   counts as delay.
7. Trip end. Leaving the last link of the route (rule 2 applies) ends the trip.
8. Stuck-time release (optional). A ready head with exit credit that has waited
   `stuck_time_s` moves on regardless of storage and entrance credit, as
   MATSim's stuck time does; such moves are counted.

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
from .junctions import Junctions
from .result import Arrivals, LoadResult

EPS = 1e-9
_NONE = np.zeros(0, dtype=np.int64)
_NEVER = np.iinfo(np.int64).max // 4

def free_flow_steps(network: Network, dt_s: float) -> np.ndarray:
    """(n_links,) int64 rule 1's tau: free-flow time in whole steps, at least one."""
    return np.maximum(1, np.rint(network.free_flow_s / dt_s)).astype(np.int64)


class LinkTransmission:
    """A network being loaded step by step; vehicles may be added while it runs.

    Parameters
    ----------
    network : the road network.
    dt_s : time step in seconds.
    stuck_time_s : release a ready head that has waited this long at its link's end (rule 8;
        None: never).
    gridlock_check_s : how often to look for gridlocked rings, seconds.
    backward_wave_kmh : speed at which freed space travels upstream on every link (None:
        each link's own, from its triangular fundamental diagram).
    entry_priority : merge weight of vehicles entering from an origin, as a multiple of
        their link's capacity (1: an equal share with an approach of that capacity).
    """

    def __init__(self, network: Network, *, dt_s: float = 1.0,
                 stuck_time_s: float | None = None, gridlock_check_s: float = 60.0,
                 backward_wave_kmh: float | None = None, entry_priority: float = 1.0):
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
        self._exit_credit = self._cap_dt.copy()
        self._entry_credit = self._cap_dt.copy()
        if not entry_priority > 0:
            raise ValueError(f"entry_priority must be positive, got {entry_priority}")
        self._junctions = Junctions(network, entry_priority)
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
        self._junctions.open_step()
        due, first, distinct = self._pending.due_by(t, self._fleet.departure_s)
        if due.size:
            self._entry.append(first, due, distinct)
            self._waiting += due.size
        links = ((self._head_ready <= t) & (self._exit_credit > EPS)).nonzero()[0]
        origins = (self._entry.head >= 0).nonzero()[0] if self._waiting else _NONE
        moved = 0
        while links.size or origins.size:
            links, origins, count = self._round(t, links, origins)
            moved += count
        return moved

    def _offers(self, links: np.ndarray, origins: np.ndarray) -> tuple[np.ndarray, ...]:
        """Rule 5's offers of a round to links not closed, sorted by target, then source:
        (source, target, vehicle, pcu); an origin's source is n_links + its link."""
        vehicle = self._queue.head[links]
        target = self._fleet.leg_next[self._fleet.pos[vehicle]]
        source = links
        if origins.size:
            vehicle = np.concatenate((vehicle, self._entry.head[origins]))
            target = np.concatenate((target, origins))
            source = np.concatenate((links, origins + self._sink))
        if self._junctions.any_closed:
            open_ = ~self._junctions.closed[target]
            source, target, vehicle = source[open_], target[open_], vehicle[open_]
        order = np.lexsort((source, target))
        source, target, vehicle = source[order], target[order], vehicle[order]
        return source, target, vehicle, self._fleet.pcu[vehicle]

    def _round(self, t: int, links: np.ndarray, origins: np.ndarray
               ) -> tuple[np.ndarray, np.ndarray, int]:
        """One round of rules 5-6 over `links` (ready heads, with exit credit) and `origins`
        (links with vehicles waiting to enter); return those that may offer again and how
        many vehicles moved."""
        source, target, vehicle, pcu = self._offers(links, origins)
        moves = self._junctions.served(source, target, pcu, self._room, self._entry_credit)
        from_link = source < self._sink
        distinct = True
        if self._stuck_steps is not None:
            distinct = not self._release_stuck(t, moves, from_link, source)
        n_moved = int(np.count_nonzero(moves))
        retry = moves | ~self._junctions.closed[target]  # a head refused a closed link waits
        leaving, entering = moves & from_link, moves & ~from_link
        ends = moves & (target == self._sink)
        self._leave(t, source[leaving], pcu[leaving])
        self._fleet.pos[vehicle[leaving & ~ends]] += 1
        if entering.any():
            self._entry.pop(target[entering])
            self._waiting -= int(np.count_nonzero(entering))
            self._on_road += int(np.count_nonzero(entering))
        if ends.any():
            self._fleet.arrival_s[vehicle[ends]] = t * self.dt_s
            self._arrived.append(vehicle[ends])
            self._on_road -= int(np.count_nonzero(ends))
            moves &= ~ends
        self._enter_links(t, target[moves], vehicle[moves], pcu[moves], distinct)
        offered = source[from_link & retry]
        again = (self._exit_credit[offered] > EPS) & (self._head_ready[offered] <= t)
        waiting = target[~from_link & retry]
        return offered[again], waiting[self._entry.head[waiting] >= 0], n_moved

    def _release_stuck(self, t: int, moves: np.ndarray, from_link: np.ndarray,
                       source: np.ndarray) -> bool:
        """Rule 8: link heads that have waited the stuck time move anyway; return whether
        any did (then several may enter one link)."""
        waiting = from_link & ~moves
        if not np.count_nonzero(waiting):
            return False
        link = source[waiting]
        waited = t - np.maximum(self._head_ready[link], self._last_exit[link])
        released = np.zeros_like(moves)
        released[waiting] = waited >= self._stuck_steps
        n_released = int(np.count_nonzero(released))
        self._released += n_released
        moves |= released
        return n_released > 0

    def _leave(self, t: int, source: np.ndarray, pcu: np.ndarray) -> None:
        following = self._queue.pop(source)
        ready = self._fleet.leg_entry[self._fleet.pos[following]] + self._tau[source]
        self._head_ready[source] = np.where(following >= 0, ready, _NEVER)
        self._returns.send(t, source, pcu)
        self._exit_credit[source] -= pcu
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
        if distinct:
            self._occupancy[link] += pcu
            self._room[link] -= pcu
            self._entry_credit[link] -= pcu
        else:
            np.add.at(self._occupancy, link, pcu)
            np.subtract.at(self._room, link, pcu)
            np.subtract.at(self._entry_credit, link, pcu)

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
        """Rule 2: credits grow by capacity x dt for every step since the last one."""
        if self._last_step is None:
            return
        steps = t - self._last_step
        for credit in (self._exit_credit, self._entry_credit):
            credit += steps * self._cap_dt
            np.minimum(credit, self._cap_dt, out=credit)

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
        target = self._fleet.leg_next[self._fleet.pos[vehicle[waiting]]]
        entering = (self._entry.head >= 0).nonzero()[0] if self._waiting else _NONE
        wake = min(wake, self._credit_back(t, self._exit_credit, stalled),
                   self._credit_back(t, self._entry_credit, np.concatenate((target, entering))))
        if self._stuck_steps is not None and stalled.size:
            since = np.maximum(ready[waiting], self._last_exit[stalled])
            wake = min(wake, int(since.min()) + self._stuck_steps)
        if wake >= _NEVER:
            self._look_for_gridlock(t)
            self._halted_step = t
        return max(wake, t + 1)

    def _credit_back(self, t: int, credit: np.ndarray, links: np.ndarray) -> int:
        """The first step after t at which one of `links` whose credit is spent has
        credit again (rule 2), or _NEVER; the trips' end never runs out."""
        links = links[links < self._sink]
        spent = links[credit[links] <= EPS]
        if spent.size == 0:
            return _NEVER
        steps = np.floor((EPS - credit[spent]) / self._cap_dt[spent]) + 1
        return t + int(steps.min())

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

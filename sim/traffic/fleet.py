"""The vehicles being loaded: departures, sizes, routes as legs, and where each one is.

Vehicles get consecutive ids as they are added; their routes are stored as legs
(one per link travelled), in vehicle order, so that vehicle v's legs are
``route_start[v]`` up to the next vehicle's start. Arrays grow by doubling and
always keep one spare slot at the end (the FIFO queues use it as scratch).
"""

from __future__ import annotations

import numpy as np

from .result import LoadResult

_VEHICLE_FIELDS = {"departure_s": (np.float64, np.nan), "arrival_s": (np.float64, np.nan),
                   "pcu": (np.float64, 1.0), "pos": (np.int64, -1),
                   "route_start": (np.int64, 0), "next_in_queue": (np.int64, -1)}
_LEG_FIELDS = {"leg_link": (np.int64, -1), "leg_next": (np.int64, -1),
               "leg_entry": (np.int64, -1)}


class Fleet:
    """Vehicle and leg arrays for a network of `n_links` links.

    Attributes (first `n_vehicles` / `n_legs` entries are in use)
    ----------
    departure_s, arrival_s, pcu : float64 per vehicle (arrival NaN until the trip ends).
    pos : int64 per vehicle, the leg it is on or about to enter.
    route_start : int64 per vehicle, its first leg.
    next_in_queue : int64 per vehicle, the vehicle behind it in its queue.
    leg_link : int64 per leg, the link.
    leg_next : int64 per leg, the next link of the route, or `n_links` after the last.
    leg_entry : int64 per leg, the step the link was entered (-1 before).
    """

    def __init__(self, n_links: int):
        self.sink = n_links
        self.n_vehicles = self.n_legs = 0
        for name, (dtype, fill) in {**_VEHICLE_FIELDS, **_LEG_FIELDS}.items():
            setattr(self, name, np.full(1, fill, dtype=dtype))

    def _grow(self, fields: dict, used: int, extra: int) -> None:
        capacity = len(getattr(self, next(iter(fields))))
        if used + extra < capacity:
            return
        new_capacity = max(used + extra + 1, 2 * capacity, 1024)
        for name, (dtype, fill) in fields.items():
            grown = np.full(new_capacity, fill, dtype=dtype)
            grown[:used] = getattr(self, name)[:used]
            setattr(self, name, grown)

    def add(self, route_ptr: np.ndarray, route_links: np.ndarray, departure_s: np.ndarray,
            pcu: np.ndarray | None = None) -> np.ndarray:
        """Store new vehicles (arguments as for `LinkTransmission.add`); return their ids.

        A vehicle with an empty route arrives at its departure time.
        """
        route_ptr = np.asarray(route_ptr, dtype=np.int64)
        departure_s = np.asarray(departure_s, dtype=np.float64)
        n = len(departure_s)
        pcu = np.ones(n) if pcu is None else np.asarray(pcu, dtype=np.float64)
        links = np.asarray(route_links, dtype=np.int64)[route_ptr[0]:route_ptr[-1]]
        self._check(route_ptr, links, departure_s, pcu)
        ids = np.arange(self.n_vehicles, self.n_vehicles + n)
        legs = slice(self.n_legs, self.n_legs + len(links))
        self._grow(_VEHICLE_FIELDS, self.n_vehicles, n)
        self._grow(_LEG_FIELDS, self.n_legs, len(links))
        lengths = np.diff(route_ptr)
        starts = self.n_legs + route_ptr[:-1] - route_ptr[0]
        self.departure_s[ids], self.pcu[ids] = departure_s, pcu
        self.route_start[ids] = self.pos[ids] = starts
        self.leg_link[legs] = links
        following = np.append(links[1:], self.sink)
        following[(starts + lengths - 1 - self.n_legs)[lengths > 0]] = self.sink
        self.leg_next[legs] = following
        self.n_vehicles += n
        self.n_legs += len(links)
        self.arrival_s[ids[lengths == 0]] = departure_s[lengths == 0]
        return ids

    def _check(self, route_ptr, links, departure_s, pcu) -> None:
        n = len(departure_s)
        if len(route_ptr) != n + 1 or np.any(np.diff(route_ptr) < 0):
            raise ValueError("route_ptr must have one more entry than departure_s and not decrease")
        if len(pcu) != n or not np.all(np.isfinite(pcu) & (pcu > 0)):
            raise ValueError("pcu must be positive and finite, one per vehicle")
        if not np.all(np.isfinite(departure_s)):
            raise ValueError("departure_s must be finite")
        if links.size and (links.min() < 0 or links.max() >= self.sink):
            raise ValueError(f"route links must be in 0..{self.sink - 1}")

    def route_ptr(self) -> np.ndarray:
        """(n_vehicles + 1,) int64 leg offsets of every vehicle."""
        return np.append(self.route_start[:self.n_vehicles], self.n_legs)

    def outcome(self, tau: np.ndarray, dt_s: float, **reports) -> LoadResult:
        """The vehicles' times as a LoadResult; `tau` is each link's free-flow steps,
        `reports` the run's other LoadResult fields."""
        n, m = self.n_vehicles, self.n_legs
        route_ptr = self.route_ptr()
        vehicle_of_leg = np.repeat(np.arange(n), np.diff(route_ptr))
        entry = self.leg_entry[:m]
        return LoadResult(
            departure_s=self.departure_s[:n].copy(), arrival_s=self.arrival_s[:n].copy(),
            free_flow_s=np.bincount(vehicle_of_leg, weights=tau[self.leg_link[:m]] * dt_s,
                                    minlength=n),
            pcu=self.pcu[:n].copy(), route_ptr=route_ptr, route_links=self.leg_link[:m].copy(),
            link_entry_s=np.where(entry >= 0, entry * dt_s, np.nan), dt_s=dt_s, **reports)

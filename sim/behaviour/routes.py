"""Route choice: drivers move to the route that would have been fastest on the day.

The day's experienced link times are averaged over time bins
(`levels.ROUTE_BIN_S`), and shortest paths on the bin of each driver's
departure (scipy.sparse.csgraph, through ``shortest_paths``) give the route
that looked fastest when they left. Link times change during a trip, so that
route is only a candidate: it is timed exactly, link by link along the
experienced times (``ExperiencedTimes.arrival_s``), against the route driven.
A driver whose candidate would have arrived sooner switches with probability
`equilibrium.route_share`, as a share of agents re-route each iteration in
MATSim (Horni, Nagel and Axhausen 2016, ch. 4).

For a fixed departure, arriving sooner always costs less when alpha > beta
(an hour in traffic costs more than an hour early), which the scenario
checks: so the fastest route is the cheapest one.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..network.routing import Routes, shortest_paths
from ..simulate.day import Day
from .experienced import ExperiencedTimes


@dataclass(frozen=True)
class RouteOffers:
    """For each driver of the day, the route that looked fastest when they left.

    Attributes
    ----------
    route : (r,) int64 the driver's route index (into the plan's routes).
    candidate : Routes, r routes: the fastest-looking route of each driver.
    saving_s : (r,) float64 how much sooner the candidate would have arrived, s
        (0 where it is the route driven).
    """

    route: np.ndarray
    candidate: Routes
    saving_s: np.ndarray

    def faster(self) -> np.ndarray:
        """(f,) int64 positions of the drivers whose candidate is faster."""
        return np.flatnonzero(self.saving_s > 0)

    def without(self, routes: np.ndarray) -> "RouteOffers":
        """The offers to the drivers of other routes than `routes` (route indices;
        negative ones are ignored)."""
        kept = np.flatnonzero(~np.isin(self.route, routes))
        return RouteOffers(route=self.route[kept], candidate=self.candidate.take(kept),
                           saving_s=self.saving_s[kept])


def _fastest_by_bin(day: Day, times: ExperiencedTimes, route: np.ndarray,
                    departure_s: np.ndarray, bin_s: float) -> Routes:
    """Shortest routes (r of them) on the mean link times of each departure's bin."""
    bin_start_s, crossing_s = times.link_times_by_bin(bin_s)
    bin_of = np.clip(np.searchsorted(bin_start_s, departure_s, side="right") - 1,
                     0, bin_start_s.size - 1)
    leg = np.flatnonzero(day.plan.route_of_leg >= 0)[route]
    fastest = day.plan.routes.take(route)
    for b in np.unique(bin_of):
        members = np.flatnonzero(bin_of == b)
        found = shortest_paths(day.city.network, day.legs.origin[leg[members]],
                               day.legs.destination[leg[members]], weight=crossing_s[:, b])
        fastest = fastest.replaced(members, found)
    return fastest


def route_offers(day: Day, times: ExperiencedTimes, bin_s: float) -> RouteOffers:
    """The fastest-looking route of every driver who left on the day, timed exactly.

    Parameters
    ----------
    day : the day just simulated.
    times : what it taught (``experienced_times``).
    bin_s : width of the time bins the link times are averaged over, s.
    """
    leg = np.flatnonzero(day.plan.route_of_leg >= 0)
    left = np.isfinite(day.departure_s[leg])
    route = day.plan.route_of_leg[leg[left]]
    departure_s = day.departure_s[leg[left]]
    candidate = _fastest_by_bin(day, times, route, departure_s, bin_s)
    driven = day.plan.routes.take(route)
    saving_s = (times.arrival_s(driven.ptr, driven.links, departure_s)
                - times.arrival_s(candidate.ptr, candidate.links, departure_s))
    return RouteOffers(route=route, candidate=candidate, saving_s=np.maximum(saving_s, 0.0))


def best_routes(routes: Routes, offers: RouteOffers) -> Routes:
    """`routes` with every driver on their candidate where it is faster."""
    faster = offers.faster()
    return routes.replaced(offers.route[faster], offers.candidate.take(faster))


def switch_routes(routes: Routes, offers: RouteOffers, share: float,
                  rng: np.random.Generator) -> tuple[Routes, int]:
    """`routes` after a share of the drivers with a faster candidate took it, and how
    many did."""
    faster = offers.faster()
    switching = faster[rng.random(faster.size) < share]
    return (routes.replaced(offers.route[switching], offers.candidate.take(switching)),
            int(switching.size))

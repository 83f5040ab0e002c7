"""What a network loading returns: every vehicle's times, every link entry, and reports."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..clock import SECONDS_PER_HOUR


@dataclass(frozen=True)
class Arrivals:
    """Trips that ended during one `LinkTransmission.advance`.

    Attributes
    ----------
    vehicle : (k,) int64 vehicle ids, in the order their trips ended.
    arrival_s : (k,) float64 their arrival times, seconds since midnight.
    """

    vehicle: np.ndarray
    arrival_s: np.ndarray


@dataclass(frozen=True)
class Gridlock:
    """A ring of full links whose head vehicles all wait for one another.

    Attributes
    ----------
    time_s : when it was detected, seconds since midnight.
    links : (k,) int64 link indices in the ring.
    """

    time_s: float
    links: np.ndarray


@dataclass(frozen=True)
class LoadResult:
    """Vehicle-level outcome of loading vehicles onto a network.

    Attributes
    ----------
    departure_s : (n,) float64 requested departure time.
    arrival_s : (n,) float64 trip end; NaN for a vehicle still travelling at the end.
    free_flow_s : (n,) float64 time the route takes at free flow, as the model moves
        vehicles (each link's free-flow time rounded to whole steps).
    pcu : (n,) float64 passenger-car units of each vehicle.
    route_ptr : (n + 1,) int64 offsets into the leg arrays.
    route_links : (m,) int64 link of each leg.
    link_entry_s : (m,) float64 time each leg's link was entered; NaN if never.
    dt_s : the time step.
    end_s : the time the loading stopped.
    steps_computed : how many time steps were actually computed (idle ones are skipped).
    released_veh : vehicles moved on by the stuck-time release.
    gridlocks : gridlocks detected, in order of detection.
    halted_s : time at which nothing could move any more, or NaN.
    backward_wave_kmh : the speed freed space travelled upstream at on every link (None: each
        link's triangular wave speed).
    """

    departure_s: np.ndarray
    arrival_s: np.ndarray
    free_flow_s: np.ndarray
    pcu: np.ndarray
    route_ptr: np.ndarray
    route_links: np.ndarray
    link_entry_s: np.ndarray
    dt_s: float
    end_s: float
    steps_computed: int
    released_veh: int = 0
    gridlocks: list[Gridlock] = field(default_factory=list)
    halted_s: float = float("nan")
    backward_wave_kmh: float | None = None

    @property
    def n_vehicles(self) -> int:
        return len(self.departure_s)

    @property
    def finished(self) -> np.ndarray:
        """(n,) bool, True where the trip ended."""
        return np.isfinite(self.arrival_s)

    @property
    def travel_time_s(self) -> np.ndarray:
        """(n,) float64 arrival minus departure (NaN if unfinished)."""
        return self.arrival_s - self.departure_s

    @property
    def delay_s(self) -> np.ndarray:
        """(n,) float64 travel time beyond free flow, waiting to enter included."""
        return self.travel_time_s - self.free_flow_s

    def delay_pcu_h(self) -> float:
        """Road delay of the vehicles that finished, pcu-h."""
        done = self.finished
        return float(self.pcu[done] @ self.delay_s[done]) / SECONDS_PER_HOUR

    def link_exit_s(self) -> np.ndarray:
        """(m,) float64 time each leg's link was left: the next leg's entry, or the arrival."""
        exit_s = np.empty_like(self.link_entry_s)
        exit_s[:-1] = self.link_entry_s[1:]
        last = self.route_ptr[1:][np.diff(self.route_ptr) > 0] - 1
        exit_s[last] = self.arrival_s[np.diff(self.route_ptr) > 0]
        return exit_s

    def vehicle_of_leg(self) -> np.ndarray:
        """(m,) int64 vehicle of each leg."""
        return np.repeat(np.arange(self.n_vehicles), np.diff(self.route_ptr))

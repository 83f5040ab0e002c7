"""One call to load fixed trips onto a network and get every vehicle's times back."""

from __future__ import annotations

import numpy as np

from ..network.model import Network
from .kernel import LinkTransmission
from .result import LoadResult


def load_vehicles(network: Network, route_ptr: np.ndarray, route_links: np.ndarray,
                  departure_s: np.ndarray, pcu: np.ndarray | None = None, *,
                  dt_s: float = 1.0, end_s: float | None = None,
                  stuck_time_s: float | None = None, gridlock_check_s: float = 60.0,
                  backward_wave_kmh: float | None = None,
                  entry_priority: float = 1.0) -> LoadResult:
    """Load vehicles with fixed routes and departures onto a network.

    Parameters
    ----------
    network : the road network.
    route_ptr, route_links : routes as CSR link-index arrays (see `Routes`).
    departure_s : (n,) float departure times, seconds since midnight.
    pcu : (n,) float passenger-car units (default 1).
    dt_s : time step, seconds.
    end_s : stop after this time (None: when every vehicle has arrived or
        nothing can move any more).
    stuck_time_s, gridlock_check_s, backward_wave_kmh, entry_priority : see
        `LinkTransmission`.
    """
    road = LinkTransmission(network, dt_s=dt_s, stuck_time_s=stuck_time_s,
                        gridlock_check_s=gridlock_check_s, backward_wave_kmh=backward_wave_kmh,
                        entry_priority=entry_priority)
    road.add(route_ptr, route_links, departure_s, pcu)
    road.advance(end_s)
    return road.result()

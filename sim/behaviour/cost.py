"""Generalised cost of a trip: time, and arriving early or late (Vickrey 1969; Small 1982).

cost = alpha x travel time + beta x time early + gamma x time late, against the
trip's preferred arrival, with alpha, beta and gamma in money per hour (the
scenario's `behaviour.<group>` values; their defaults keep Small's ratios
beta/alpha = 0.61 and gamma/alpha = 2.4).
"""

from __future__ import annotations

import numpy as np

from ..clock import SECONDS_PER_HOUR


def trip_cost(departure_s, arrival_s, target_s, alpha_per_h, beta_per_h,
              gamma_per_h) -> np.ndarray:
    """Generalised cost of trips (money), elementwise over broadcastable arrays.

    Parameters
    ----------
    departure_s, arrival_s, target_s : departure, arrival and preferred arrival, s.
    alpha_per_h, beta_per_h, gamma_per_h : money per hour of travel, early and late.
    """
    departure_s, arrival_s, target_s = (np.asarray(a, dtype=np.float64)
                                        for a in (departure_s, arrival_s, target_s))
    early = np.maximum(target_s - arrival_s, 0.0)
    late = np.maximum(arrival_s - target_s, 0.0)
    return (np.asarray(alpha_per_h) * (arrival_s - departure_s) + np.asarray(beta_per_h) * early
            + np.asarray(gamma_per_h) * late) / SECONDS_PER_HOUR

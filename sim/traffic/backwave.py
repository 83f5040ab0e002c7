"""Space freed at a link's head reaches its tail only after the backward-wave time.

In a jam, the gap a departing vehicle leaves travels upstream at the backward
wave speed w, so a link of length L can take in a new vehicle only L / w after
one has left it: with cumulative counts, N_in(t) <= N_out(t - L / w) + k_jam L,
the receiving flow of the link transmission model (Yperman 2007, after Newell
1993). w is each link's own, from the triangular fundamental diagram through
its free speed, capacity and jam density (``Network.wave_speed_mps``), unless
one speed is given for every link. Freed space waits here, in a ring of rows
indexed by step, until the step it reaches the tail.
"""

from __future__ import annotations

import numpy as np

from ..clock import kmh_to_mps
from ..network.model import Network


def space_return_steps(network: Network, dt_s: float,
                       backward_wave_kmh: float | None = None) -> np.ndarray:
    """(n_links,) int64 steps until freed space can be used: ceil(L / w / dt), at least 1,
    w the given speed or, when None, each link's triangular wave speed."""
    if backward_wave_kmh is None:
        wave_mps = network.wave_speed_mps
    elif backward_wave_kmh > 0:
        wave_mps = np.full(network.n_links, kmh_to_mps(backward_wave_kmh))
    else:
        raise ValueError(f"backward_wave_kmh must be positive or None, got {backward_wave_kmh}")
    steps = np.ceil(network.length_m / wave_mps / dt_s - 1e-9)
    return np.maximum(1, steps).astype(np.int64)


class SpaceReturns:
    """Freed space per link on its way back to the tail.

    Parameters
    ----------
    return_steps : (n_links,) int steps from leaving to the space being usable.
    """

    def __init__(self, return_steps: np.ndarray):
        self.return_steps = return_steps
        self._rows = int(return_steps.max()) + 1
        self._due = np.zeros((self._rows, return_steps.size))

    def send(self, t: int, link: np.ndarray, pcu: np.ndarray) -> None:
        """Vehicles of `pcu` left distinct `link`s at step t."""
        self._due[(t + self.return_steps[link]) % self._rows, link] += pcu

    def release(self, taken: np.ndarray, after: int | None, t: int) -> None:
        """Subtract from `taken` (space taken per link) what reaches the tails in steps
        after..t (every step still pending if `after` is None)."""
        first = t - self._rows + 1 if after is None else max(after + 1, t - self._rows + 1)
        for step in range(first, t + 1):
            arrived = self._due[step % self._rows]
            taken -= arrived
            arrived[:] = 0.0

    def in_transit(self) -> np.ndarray:
        """(n_links,) space on its way back to each link's tail."""
        return self._due.sum(axis=0)

    def next_step(self, t: int) -> int | None:
        """The first step after t at which some space arrives (None if none is on its way)."""
        waiting = np.flatnonzero(self._due.any(axis=1))
        if waiting.size == 0:
            return None
        return t + 1 + int(((waiting - t - 1) % self._rows).min())

"""Find gridlocks: rings of links whose blocked head vehicles wait on one another.

A link is blocked when its head vehicle is ready to leave but the next link on
its route is full. Each blocked link points to exactly one other link, so the
strongly connected components of that graph with more than one link are rings
in which nothing can ever move again without outside help.
"""

from __future__ import annotations

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import connected_components

from .result import Gridlock


def blocked_rings(n_links: int, blocked: np.ndarray, waits_for: np.ndarray) -> list[np.ndarray]:
    """Rings among blocked links.

    Parameters
    ----------
    n_links : number of links.
    blocked : (k,) int link indices whose head vehicle cannot move.
    waits_for : (k,) int link each of them waits for (the head's next link).

    Returns
    -------
    One sorted int64 array of link indices per ring.
    """
    if blocked.size == 0:
        return []
    graph = csr_matrix((np.ones(blocked.size), (blocked, waits_for)), shape=(n_links, n_links))
    _, label = connected_components(graph, directed=True, connection="strong")
    sizes = np.bincount(label[blocked], minlength=label.max() + 1)
    rings = []
    for component in np.flatnonzero(sizes > 1):
        rings.append(np.sort(blocked[label[blocked] == component]).astype(np.int64))
    return rings


class GridlockLog:
    """Gridlocks found during a run; a ring is reported once for as long as it lasts."""

    def __init__(self):
        self.found: list[Gridlock] = []
        self._standing: set[tuple[int, ...]] = set()

    def record(self, time_s: float, n_links: int, blocked: np.ndarray,
               waits_for: np.ndarray) -> None:
        """Look for rings among blocked links now; report those not standing before."""
        rings = {tuple(ring.tolist()): ring for ring in blocked_rings(n_links, blocked, waits_for)}
        for key, ring in rings.items():
            if key not in self._standing:
                self.found.append(Gridlock(time_s=time_s, links=ring))
        self._standing = set(rings)

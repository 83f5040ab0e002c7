"""Who goes first at a junction: the node model, one vehicle at a time.

Each round of a step, every link whose head vehicle is ready offers it to the
next link of its route, and every link with vehicles waiting to enter it from
its upstream node (an origin) offers the first of them, as one more approach
whose capacity is the link's own. A link offered to takes at most one vehicle
a round.
Among the links offering to it, the slot goes by smooth weighted round-robin
over the turns: every offering turn (from-link, to-link) gains its from-link's
capacity as merge credit, the turn with the most credit wins (ties: the lower
from-link), and the winner pays what all of them gained. Over a run of slots each
approach thus gets a share of the supply in proportion to its capacity, and an
approach that offers less than its share is served whenever it offers: the
capacity-proportional priorities and the invariance principle of first-order
node models (Tampère et al. 2011), taken in whole vehicles as the incremental
node model takes them in flow increments (Flötteröd and Rohde 2011). A winner
that does not fit (no room for its pcu, or no entry capacity left) takes the
slot from nobody: the link is closed for the rest of the step and the credits
stay as they were. A head that waits blocks everything behind it on its link,
whichever way they go (FIFO diverges).
"""

from __future__ import annotations

import numpy as np

from ..network.model import Network

EPS = 1e-9
WEIGHT_PER_VPS = 3.6e6  # merge weight of 1 veh/s: whole milli-vehicles per hour, exact sums


class Junctions:
    """Merge credits of every turn of a network and the links closed for the step.

    Parameters
    ----------
    network : the road network; a link's merge weight is its capacity.
    entry_priority : the merge weight of a link's origin (sources n_links to
        2 n_links - 1, in link order) as a multiple of the link's capacity: 1, an equal
        share, as at a zipper; large, entering vehicles first, as UXsim lets them.
    """

    def __init__(self, network: Network, entry_priority: float = 1.0):
        n_links = network.n_links
        weight = network.capacity_vps * WEIGHT_PER_VPS
        self.weight = np.maximum(1, np.rint(np.concatenate((weight, weight * entry_priority)))
                                 ).astype(np.int64)
        by_node = np.argsort(network.from_node, kind="stable")
        first = np.searchsorted(network.from_node[by_node], network.from_node[by_node])
        self.out_rank = np.empty(n_links, dtype=np.int64)
        self.out_rank[by_node] = np.arange(n_links) - first
        width = int(self.out_rank.max()) + 1 if n_links else 1
        self.credit = np.zeros((2 * n_links, width), dtype=np.int64)
        self.closed = np.zeros(n_links + 1, dtype=bool)
        self.n_links = n_links
        self.any_closed = False

    def open_step(self) -> None:
        """Every link takes vehicles again (at the start of a step)."""
        if self.any_closed:
            self.closed[:] = False
            self.any_closed = False

    def served(self, source: np.ndarray, target: np.ndarray, pcu: np.ndarray,
               room: np.ndarray, entry_credit: np.ndarray) -> np.ndarray:
        """(k,) bool: which offers move this round.

        Parameters
        ----------
        source, target : (k,) int64 the offering links (or origins: n_links + the link)
            and the links offered to, sorted by target, then source; a target of n_links
            (the trip's end) takes every offer.
        pcu : (k,) float64 the offered vehicles' sizes.
        room, entry_credit : (n_links,) or longer: pcu each link can still store and take in.
        """
        n = int(np.searchsorted(target, self.n_links))  # offers to the trips' end come last
        moves = np.zeros(target.size, dtype=bool)
        moves[n:] = True
        source, target, pcu = source[:n], target[:n], pcu[:n]
        if n > 1 and np.any(target[1:] == target[:-1]):
            start = np.flatnonzero(np.concatenate(([True], target[1:] != target[:-1])))
            winner, tried = self._round_robin(source, target, start)
        else:
            start = winner = np.arange(n)
            tried = None
        taken = target[winner]
        fits = (pcu[winner] <= room[taken] + EPS) & (entry_credit[taken] > EPS)
        if not fits.all():
            self.closed[taken[~fits]] = True
            self.any_closed = True
        if tried is not None:  # the groups whose winner moves keep their new credits
            commit = np.repeat(fits, np.diff(np.append(start, n)))
            self.credit[source[commit], self._turn(source[commit], target[commit])] = \
                tried[commit]
        moves[winner[fits]] = True
        return moves

    def _round_robin(self, source: np.ndarray, target: np.ndarray,
                     start: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The index of the winning offer of each group of offers to one target (groups
        begin at `start`), and the credits each offer's turn has if its winner moves."""
        members = np.diff(np.append(start, source.size))
        group = np.repeat(np.arange(start.size), members)
        weight = self.weight[source]
        tried = self.credit[source, self._turn(source, target)] + weight
        best = np.maximum.reduceat(tried, start)
        index = np.where(tried == best[group], np.arange(source.size), source.size)
        winner = np.minimum.reduceat(index, start)
        tried[winner] -= np.add.reduceat(weight, start)
        return winner, tried

    def _turn(self, source: np.ndarray, target: np.ndarray) -> np.ndarray:
        """The column of each turn's merge credit: the target's rank among the links
        leaving its node; an origin has one turn, column 0."""
        return np.where(source < self.n_links, self.out_rank[target], 0)

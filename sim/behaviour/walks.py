"""A traveller's candidates as walks shifted: the link-minutes each would use.

A traveller's candidate arrivals are a minute apart, and by one route each leaves
every link a minute after the one before: consecutive candidates are one walk back
along the route (``choices.py``), shifted a minute per candidate. So a group's rows
keep, for each run of candidates one walk covers, one sparse matrix of walks (rows
x the link-minutes the run's first candidate leaves, each entry the share of the
vehicle leaving there), and the run's candidate j uses those link-minutes moved j
minutes on. Queue delays and loads
are products of that matrix with the delays, or the loads, shifted. It holds one
entry per run, row and link where a matrix of every candidate held one per
candidate and link: 181 times fewer for a window of two hours before and one
after walked as one run, 18 times fewer in runs of ten.

A vehicle's time on a link is rounded to its minute, unless the day held it
downstream by more than SPLIT_HELD_S: then it is split between the two minutes
around it, in proportion. At free flow rounding is harmless; held within a sixth
of a minute of free flow, a vehicle leaves within 10 s of its free-flow minute. A
growing queue downstream crowds departures together, and rounded, their load
would fall into fewer minutes of a feeder than they use (V2's two-hump case: a gap
of 0.049 instead of 0.012 when every walk was rounded).

The link-minutes are padded by the window on each side of the day, so a walk
shifted past the day's first or last minute stays on its own link: those minutes
have no price and their load is not rationed.
"""

from __future__ import annotations

from itertools import pairwise

import numpy as np
from scipy.sparse import csr_array

from ..blocks import row_blocks

PARTS_PER_GROUP = 2  # fixed, so the solve's sums, and the figures, are the same on any machine
SPLIT_HELD_S = 10.0  # held downstream longer than this, a vehicle is split between minutes


def padding(width: int) -> int:
    """Minutes added before and after the day for walks `width` candidates wide."""
    return width + 1


def padded(per_minute: np.ndarray, n_links: int, n_slots: int, pad: int) -> np.ndarray:
    """(n_links * (n_slots + 2 pad),) float64 a link-minute array (n_links * n_slots,)
    with `pad` zero minutes before and after each link's day."""
    out = np.zeros((n_links, n_slots + 2 * pad))
    out[:, pad:pad + n_slots] = per_minute.reshape(n_links, n_slots)
    return out.ravel()


def unpadded(per_minute: np.ndarray, n_links: int, n_slots: int, pad: int) -> np.ndarray:
    """The day's link-minutes (n_links * n_slots,) of a padded array (``padded``)."""
    return per_minute.reshape(n_links, -1)[:, pad:pad + n_slots].ravel()


def minute_shares(minute: np.ndarray, held_s: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The minute each vehicle is counted in (h,) int64, and the share of it counted in
    the next one (h,) float64, for vehicles leaving a link at `minute` (h,) float64
    (minutes since the grid's start) after being held `held_s` (h,) s downstream:
    the nearest minute, or split in proportion when held more than SPLIT_HELD_S."""
    split = held_s > SPLIT_HELD_S
    first = np.where(split, np.floor(minute), np.floor(minute + 0.5))
    return first.astype(np.int64), np.where(split, minute - first, 0.0)


class ShiftedWalks:
    """The walks of k consecutive rows for one run of candidates (module docstring).

    Attributes
    ----------
    column : the first of the `width` candidate columns these walks are for.
    first : (u,) int the distinct padded link-minutes (``padded``) the run's first
        candidate leaves.
    walks : (k, u) sparse float64 the share of each row's vehicle leaving there.
    back : (u, k) its transpose, stored for the loads.
    """

    __slots__ = ("back", "column", "first", "walks", "width")

    def __init__(self, column: int, width: int, first: np.ndarray, walks: csr_array):
        self.column, self.width, self.first, self.walks = column, width, first, walks
        self.back = walks.T.tocsr()

    @classmethod
    def of_entries(cls, column: int, width: int, row: np.ndarray, link_minute: np.ndarray,
                   share: np.ndarray, n_rows: int) -> ShiftedWalks:
        """The walks of `n_rows` rows from their entries (e,): row, padded link-minute
        left by the first candidate, and share of the vehicle leaving there."""
        first, place = np.unique(link_minute, return_inverse=True)
        walks = csr_array((share, (row, place)), shape=(n_rows, first.size))
        walks.sum_duplicates()
        return cls(column, width, first, walks)

    def on(self, kept: np.ndarray) -> ShiftedWalks:
        """The same walks on the first link-minutes `kept` (u,) bool alone: the queue
        delays of the others are taken as 0 and their loads are not counted."""
        return ShiftedWalks(self.column, self.width, self.first[kept], self.walks[:, kept])

    def queueing_s(self, delay_s: np.ndarray, out: np.ndarray) -> None:
        """Write into `out` (k, w) each candidate's queue delay on these walks, s, at
        padded link-minute delays `delay_s`."""
        shifted = delay_s[self.first[:, None] + np.arange(self.width)]
        out[:, self.column:self.column + self.width] = self.walks @ shifted

    def add_load(self, pcu: np.ndarray, load_pcu: np.ndarray) -> None:
        """Add into `load_pcu` (padded link-minutes) what the rows' candidates put on
        each, given the pcu of each row taking each candidate, `pcu` (k, w)."""
        moved = self.back @ pcu[:, self.column:self.column + self.width]
        shift = np.arange(self.width)
        for block in row_blocks(moved.shape):
            first = self.first[block]  # sorted: the block's minutes are close together
            span = first[-1] - first[0] + self.width
            load_pcu[first[0]:first[0] + span] += np.bincount(
                (first[:, None] - first[0] + shift).ravel(), moved[block].ravel(), span)


def walks_in_parts(row: np.ndarray, walk: np.ndarray, link_minute: np.ndarray,
                   share: np.ndarray, n_rows: int, walks: list[tuple[int, int]]
                   ) -> tuple[tuple[ShiftedWalks, ...], ...]:
    """The walks of n_rows rows, cut into PARTS_PER_GROUP parts of consecutive rows
    (at most one per row), each part one ShiftedWalks per walk. Entries (e,): the row,
    walk (an index into `walks`, each (first candidate column, how many candidates)),
    padded link-minute left by the walk's first candidate and share of the vehicle
    leaving there."""
    bounds = [rows[0] for rows in np.array_split(np.arange(n_rows),
                                                 max(1, min(PARTS_PER_GROUP, n_rows)))]
    bounds.append(n_rows)
    parts = []
    for first, end in pairwise(bounds):
        mine = (row >= first) & (row < end)
        parts.append(tuple(
            ShiftedWalks.of_entries(column, width, row[its] - first, link_minute[its],
                                    share[its], end - first)
            for w, (column, width) in enumerate(walks) for its in [mine & (walk == w)]))
    return tuple(parts)

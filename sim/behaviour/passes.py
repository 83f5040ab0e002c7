"""The candidates' link-minutes as a sparse matrix, written in place.

The walk back of every candidate (``choices.py``) notes, link by link, the
minute each traveller's vehicle would leave it: a crossing. The price solve
needs them as one sparse matrix (candidates x link-minutes) per group. It is
written as CSR in place: each row's entries counted first, then written where
they belong, a block of rows at a time (``row_blocks``), with no list of (row,
link-minute) pairs held beside it. It is built in PARTS_PER_GROUP parts of
consecutive rows, which the solve evaluates side by side, each owning its
entries, so cutting the group for the solve copies none (scipy's row slicing
would, holding the largest array of a priced day twice); and each crossing is
let go once written, so the walk's arrays and the matrix are not all held at once.
"""

from __future__ import annotations

import numpy as np
from scipy.sparse import csr_array

from ..blocks import row_blocks

PARTS_PER_GROUP = 2  # fixed, so the solve's sums, and the figures, are the same on any machine


class Crossing:
    """A step of the walk back (``choices.py``): the walk's travellers `who` (h,)
    leave a link in link-minute `slot` (h, c), or, with `later` (h, c), between it
    and the next, that share of the way to the next, in the candidate columns
    starting at `column`."""

    __slots__ = ("who", "slot", "later", "column")

    def __init__(self, who: np.ndarray, slot: np.ndarray, later: np.ndarray | None,
                 column: int):
        self.who, self.slot, self.later, self.column = who, slot, later, column


def index_type(largest: int) -> type:
    """The narrowest integer type that indexes up to `largest`."""
    return np.int32 if largest < np.iinfo(np.int32).max else np.int64


def candidate_passes(crossings: list[Crossing], kept: np.ndarray, row: np.ndarray,
                     width: int, shape: tuple[int, int]) -> tuple[csr_array, ...]:
    """(rows x width, link-minutes) the share of a kept traveller's candidate that
    leaves each link-minute, in PARTS_PER_GROUP parts of consecutive rows
    (``ArrivalChoices.passes``), from the `crossings` of a group's walk. Each row's
    entries are counted first, then written in place a block of one crossing's rows
    at a time (``row_blocks``), so no copy outlives its block and no list of (row,
    link-minute) pairs is held beside the matrix. `crossings` is emptied as they are
    written: the walk's arrays are let go as the matrix fills."""
    k = shape[0] // width
    bounds = [rows[0] for rows in np.array_split(np.arange(k), min(PARTS_PER_GROUP, k))]
    bounds.append(k)
    written = np.zeros((k, width), dtype=np.int64)
    for crossing in crossings:
        for _, rows, taken in _pieces(crossing, kept, row, bounds):
            # a row is in a crossing once: += counts it
            written[rows, _columns(crossing)] += 1 + _shared(crossing, taken)
    pointer = np.concatenate([[0], np.cumsum(written, axis=None)])
    written = pointer[:-1].reshape(written.shape)  # from now on: each row's next place
    pointer = pointer.astype(index_type(max(pointer[-1], *shape)))
    parts = [_Part(pointer[first * width:end * width + 1])
             for first, end in zip(bounds[:-1], bounds[1:])]
    crossings.reverse()
    while crossings:
        crossing = crossings.pop()
        for part, rows, taken in _pieces(crossing, kept, row, bounds):
            parts[part].write(rows, taken, crossing, written)
    return tuple(part.matrix(shape[1]) for part in parts)


def _pieces(crossing: Crossing, kept: np.ndarray, row: np.ndarray, bounds: list[int]):
    """The crossing's kept travellers by part of the matrix (rows `bounds[p]` to
    `bounds[p + 1]` - 1), a block at a time: (part, their rows, their places in
    the crossing)."""
    taken = np.flatnonzero(kept[crossing.who])
    rows = row[crossing.who[taken]]
    part = np.searchsorted(bounds, rows, side="right") - 1
    for p in range(len(bounds) - 1):
        in_part = part == p
        its_rows, its_taken = rows[in_part], taken[in_part]
        for block in row_blocks((its_rows.size, crossing.slot.shape[1])):
            yield p, its_rows[block], its_taken[block]


class _Part:
    """One part of ``candidate_passes`` as it is written: its rows' entries
    (link-minute and share) in arrays of its own, from `pointer`, its slice of the
    whole matrix's row pointer."""

    __slots__ = ("offset", "pointer", "link_minute", "share")

    def __init__(self, pointer: np.ndarray):
        self.offset = int(pointer[0])
        self.pointer = pointer - pointer[0]
        self.link_minute = np.empty(int(self.pointer[-1]), dtype=pointer.dtype)
        self.share = np.empty(self.link_minute.size)

    def write(self, rows: np.ndarray, taken: np.ndarray, crossing: Crossing,
              written: np.ndarray) -> None:
        """The entries of the crossing's places `taken`, of matrix rows `rows`, put
        where `written` (k, w) says each row's next entry goes (whole-matrix
        places), and `written` moved on past them."""
        place, slot = written[rows, _columns(crossing)] - self.offset, crossing.slot[taken]
        self.link_minute[place] = slot
        if crossing.later is None:
            self.share[place] = 1.0
        else:
            later, shared = crossing.later[taken], _shared(crossing, taken)
            self.share[place] = 1.0 - later
            self.link_minute[place[shared] + 1] = slot[shared] + 1
            self.share[place[shared] + 1] = later[shared]
            place += shared
        written[rows, _columns(crossing)] = place + 1 + self.offset

    def matrix(self, n_columns: int) -> csr_array:
        """The part as a CSR matrix of `n_columns` link-minutes, duplicates summed."""
        passes = csr_array((self.share, self.link_minute, self.pointer),
                           shape=(self.pointer.size - 1, n_columns))
        passes.sum_duplicates()
        passes.eliminate_zeros()
        return passes


def _columns(crossing: Crossing) -> slice:
    """The candidate columns a crossing's link-minutes belong to."""
    return slice(crossing.column, crossing.column + crossing.slot.shape[1])


def _shared(crossing: Crossing, taken: np.ndarray) -> np.ndarray | int:
    """(h, c) bool where the rows `taken` of a crossing are split with the next
    minute (0 where it splits none)."""
    return 0 if crossing.later is None else crossing.later[taken] > 0

"""Row blocks: working through a large array a few rows at a time.

Element-wise numpy on arrays of hundreds of MB spends most of its time creating
temporaries of the same size (fresh memory, written once, read once). Taken a
block of rows at a time, the temporaries fit in a core's cache and are reused;
the result is the same to the bit, since every element is computed alike.
"""

from __future__ import annotations

import math
from collections.abc import Iterator

BLOCK_VALUES = 2**17  # values per block: a few float64 temporaries fit a core's L2 cache


def row_blocks(shape: tuple[int, ...]) -> Iterator[slice]:
    """Slices of the first axis of an array of `shape` (at least one axis), covering
    it in order, each of about BLOCK_VALUES values and at least one row."""
    rows = max(1, BLOCK_VALUES // max(1, math.prod(shape[1:])))
    for start in range(0, shape[0], rows):
        yield slice(start, start + rows)

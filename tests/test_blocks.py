"""Row blocks cover an array's rows once each, in order, a cache-sized block at a time."""

import numpy as np
import pytest

from sim.blocks import BLOCK_VALUES, row_blocks


@pytest.mark.parametrize("shape", [(0, 181), (1, 181), (5000, 181), (3, 2 * BLOCK_VALUES),
                                   (BLOCK_VALUES + 7,)])
def test_row_blocks_cover_every_row_once_in_order(shape):
    rows = np.concatenate([np.arange(shape[0])[block] for block in row_blocks(shape)]
                          or [np.arange(0)])
    assert np.array_equal(rows, np.arange(shape[0]))
    for block in row_blocks(shape):
        size = len(range(shape[0])[block])
        assert size >= 1 and (size == 1 or size * np.prod(shape[1:]) <= BLOCK_VALUES)

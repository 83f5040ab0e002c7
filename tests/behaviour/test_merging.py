"""Identical travellers: the distinct rows found by a hash are those a sort finds."""

import numpy as np
import pytest

from sim.behaviour import merging
from sim.behaviour.merging import identical_rows


@pytest.mark.parametrize("hash_mixing", ["splitmix", "every_row_colliding"])
def test_identical_rows_are_those_numpy_unique_finds(monkeypatch, hash_mixing):
    if hash_mixing == "every_row_colliding":  # x ^ (x >> 0) is 0: every row hashes alike
        monkeypatch.setattr(merging, "_MIX", ((0, 0),))
    rng = np.random.default_rng(3)
    key = rng.integers(0, 4, size=(500, 6)).astype(np.float64)[rng.integers(0, 500, 2000)]
    key[np.flatnonzero(key[:, 0] == 0)[::2], 0] = -0.0  # the same row as with +0.0
    keep, row, count = identical_rows(key)
    distinct = np.unique(key, axis=0)
    assert keep.size == distinct.shape[0] == np.unique(key[keep], axis=0).shape[0]
    assert np.array_equal(key[keep][row], key)
    assert np.array_equal(np.bincount(row), count) and count.sum() == key.shape[0]
    assert np.array_equal(keep, [np.flatnonzero(row == r)[0] for r in range(keep.size)])

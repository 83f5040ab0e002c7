"""The candidates' link-minutes written as a sparse matrix in parts."""

import numpy as np
from scipy.sparse import vstack

from sim.behaviour.passes import PARTS_PER_GROUP, Crossing, candidate_passes


def _crossings(rng, travellers: int, width: int, n_columns: int) -> list[Crossing]:
    """Random crossings of random travellers, some split between two minutes."""
    crossings = []
    for column in (0, width // 2):
        for _ in range(4):
            who = np.flatnonzero(rng.random(travellers) < 0.7)
            slot = rng.integers(0, n_columns - 1, size=(who.size, width // 2))
            later = np.where(rng.random(slot.shape) < 0.3, rng.random(slot.shape), 0.0)
            crossings.append(Crossing(who, slot.astype(np.int32),
                                      later if later.any() else None, column))
    return crossings


def _dense(crossings, kept, row, width, n_columns) -> np.ndarray:
    """The same matrix counted entry by entry."""
    dense = np.zeros((row.max() + 1) * width * n_columns).reshape(-1, n_columns)
    for crossing in crossings:
        for place, traveller in enumerate(crossing.who):
            if not kept[traveller]:
                continue
            for j, slot in enumerate(crossing.slot[place]):
                later = 0.0 if crossing.later is None else crossing.later[place, j]
                candidate = row[traveller] * width + crossing.column + j
                dense[candidate, slot] += 1.0 - later
                dense[candidate, slot + 1] += later
    return dense


def test_the_parts_hold_each_kept_travellers_link_minutes_and_own_them():
    rng = np.random.default_rng(11)
    travellers, width, n_columns = 9, 6, 20
    crossings = _crossings(rng, travellers, width, n_columns)
    # travellers 0-2 and 6-8 are rows 0-5; 3-5 share their rows and are not walked
    kept = np.arange(travellers) % 6 < 3
    row = np.r_[0, 1, 2, 0, 1, 2, 3, 4, 5]
    expected = _dense(crossings, kept, row, width, n_columns)
    parts = candidate_passes(list(crossings), kept, row, width, (6 * width, n_columns))
    assert len(parts) == PARTS_PER_GROUP
    np.testing.assert_allclose(vstack(parts).toarray(), expected, rtol=0, atol=1e-15)
    # each part owns its entries: cutting the group for the solve copies nothing
    assert not np.shares_memory(parts[0].data, parts[1].data)
    assert not np.shares_memory(parts[0].indices, parts[1].indices)


def test_the_crossings_are_let_go_as_they_are_written():
    rng = np.random.default_rng(12)
    crossings = _crossings(rng, 4, 4, 10)
    candidate_passes(crossings, np.ones(4, dtype=bool), np.arange(4), 4, (16, 10))
    assert crossings == []

"""Candidates as one walk shifted: delays and loads against every candidate counted alone."""

import numpy as np

from sim.behaviour.walks import (
    PARTS_PER_GROUP,
    SPLIT_HELD_S,
    minute_shares,
    padded,
    padding,
    unpadded,
    walks_in_parts,
)

N_LINKS, N_SLOTS, WIDTH = 3, 30, 7


def _entries(rng, n_rows: int):
    """Random walks of two routes: (row, route, link, first minute, share), some split
    between two minutes, some shifted past either end of the day."""
    rows, routes, links, minutes, shares = [], [], [], [], []
    for row in range(n_rows):
        for route in (0, 1):
            for link in rng.choice(N_LINKS, size=2, replace=False):
                minute = int(rng.integers(-WIDTH - 1, N_SLOTS + 1))
                later = rng.random() if rng.random() < 0.4 else 0.0
                for at, share in ((minute, 1.0 - later), (minute + 1, later)):
                    if share > 0:
                        rows.append(row), routes.append(route), links.append(link)
                        minutes.append(at), shares.append(share)
    return tuple(np.array(values) for values in (rows, routes, links, minutes, shares))


def _dense(entries, n_rows: int) -> np.ndarray:
    """(rows, 2 x WIDTH, link-minutes) each candidate's share leaving each link-minute,
    counted one by one: candidate j of a route leaves its walk's minutes j later; a
    minute outside the day is nobody's."""
    dense = np.zeros((n_rows, 2 * WIDTH, N_LINKS * N_SLOTS))
    for row, route, link, minute, share in zip(*entries):
        for j in range(WIDTH):
            if 0 <= minute + j < N_SLOTS:
                dense[row, route * WIDTH + j, link * N_SLOTS + minute + j] += share
    return dense


def _parts(entries, n_rows: int):
    row, route, link, minute, share = entries
    pad = padding(WIDTH)
    return walks_in_parts(row, route, link * (N_SLOTS + 2 * pad) + pad + minute, share,
                          n_rows, [(0, WIDTH), (WIDTH, WIDTH)])


def test_shifted_walks_give_every_candidate_s_delays_and_loads():
    rng = np.random.default_rng(21)
    n_rows = 9
    entries = _entries(rng, n_rows)
    dense = _dense(entries, n_rows)
    parts = _parts(entries, n_rows)
    assert len(parts) == PARTS_PER_GROUP
    pad = padding(WIDTH)
    delay = padded(rng.random(N_LINKS * N_SLOTS) * 60.0, N_LINKS, N_SLOTS, pad)
    pcu = rng.random((n_rows, 2 * WIDTH))
    queueing = np.empty((n_rows, 2 * WIDTH))
    load = np.zeros_like(delay)
    first = 0
    for part in parts:
        k = part[0].walks.shape[0]
        for walks in part:
            walks.queueing_s(delay, queueing[first:first + k])
            walks.add_load(pcu[first:first + k], load)
        first += k
    np.testing.assert_allclose(queueing, dense @ unpadded(delay, N_LINKS, N_SLOTS, pad))
    np.testing.assert_allclose(unpadded(load, N_LINKS, N_SLOTS, pad),
                               np.einsum("kw,kwn->n", pcu, dense))
    # what falls outside the day stays in the padding, on the links it was walked on
    outside = load.reshape(N_LINKS, -1).sum(axis=1) - load.reshape(N_LINKS, -1)[
        :, pad:pad + N_SLOTS].sum(axis=1)
    assert np.all(outside >= -1e-12) and outside.sum() > 0


def test_a_vehicle_held_downstream_is_split_between_minutes_only_when_held_long():
    minute = np.array([4.3, 4.7, 4.3, 4.5])
    held = np.array([0.0, SPLIT_HELD_S, SPLIT_HELD_S + 1, 0.0])
    first, later = minute_shares(minute, held)
    assert first.tolist() == [4, 5, 4, 5]
    np.testing.assert_allclose(later, [0.0, 0.0, 0.3, 0.0])

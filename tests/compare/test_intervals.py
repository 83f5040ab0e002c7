"""Intervals over seeds: Student's t on a case with a known answer, paired differences."""

import numpy as np

from sim.compare.intervals import interval, paired_difference

T_975_4 = 2.7764451051977987  # Student's t, 97.5% quantile, 4 degrees of freedom (tables)


def test_t_interval_matches_the_textbook_formula():
    values = np.array([[1.0, 10.0], [2.0, 10.0], [3.0, 10.0], [4.0, 10.0], [5.0, 10.0]])
    result = interval(values)
    half = T_975_4 * np.sqrt(2.5) / np.sqrt(5)  # sample variance of 1..5 is 2.5
    np.testing.assert_allclose(result.mean, [3.0, 10.0])
    np.testing.assert_allclose(result.low, [3.0 - half, 10.0])
    np.testing.assert_allclose(result.high, [3.0 + half, 10.0])
    assert result.n == 5


def test_one_seed_gives_a_mean_without_an_interval():
    result = interval(np.array([[4.0, 2.0]]))
    np.testing.assert_array_equal(result.mean, [4.0, 2.0])
    assert np.isnan(result.low).all() and np.isnan(result.high).all()


def test_paired_difference_is_narrower_than_the_levels_when_seeds_move_together():
    rng = np.random.default_rng(0)
    common = rng.normal(100.0, 20.0, 10)  # the seed's draw, shared by both scenarios
    a, b = common + rng.normal(0, 1, 10), common - 5.0 + rng.normal(0, 1, 10)
    change = paired_difference(b, a)
    assert change.low < -5.0 < change.high
    assert change.high - change.low < 0.2 * (interval(a).high - interval(a).low)


def test_difference_of_identical_runs_is_exactly_zero():
    values = np.array([3.5, 7.25, 1.0])
    change = paired_difference(values, values.copy())
    assert change.mean == 0.0 and change.low == 0.0 and change.high == 0.0

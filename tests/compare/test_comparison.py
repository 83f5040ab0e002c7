"""Scenarios side by side: the same people in each for a seed, paired differences."""

import numpy as np
import pytest

from sim.compare.comparison import flat_kpis, run_comparison
from sim.scenario import load_scenario
from sim.simulate.day import plan_day

from ..conftest import SHAOYANG, TEST_SCALE

pytestmark = pytest.mark.integration  # whole runs of the city

SMALL = {"simulation.scale": TEST_SCALE}
# a morning with departures fixed: enough to pin the machinery, at a fraction of the cost
FIXED_MORNING = {**SMALL, "simulation.end": "12:00", "equilibrium.iterations": 0}


def test_a_seed_draws_the_same_people_under_every_schedule():
    plans = [plan_day(load_scenario(SHAOYANG / f"{name}.toml", SMALL))
             for name in ("baseline_8to5", "proposal_9to5", "proposal_0830")]
    first = plans[0].population
    for plan in plans[1:]:
        for field in ("group", "role", "home", "place", "mode"):
            np.testing.assert_array_equal(getattr(plan.population, field),
                                          getattr(first, field))


def test_identical_scenarios_differ_by_exactly_zero():
    twice = run_comparison([SHAOYANG / "baseline_8to5.toml"] * 2, [1, 2],
                           overrides={**SMALL, "equilibrium.iterations": 0})
    assert twice.names == ["baseline_8to5", "baseline_8to5 (2)"]
    for key in twice.values:
        change = twice.difference(key)
        assert change.mean[1] == 0.0 or np.isnan(change.mean[1]), key
        assert change.mean[0] == 0.0 or np.isnan(change.mean[0]), key


def test_runs_are_the_same_wherever_they_ran():
    """In this process, on two worker processes, on a Dask LocalCluster: each run
    depends only on its scenario and seed."""
    schedules = [SHAOYANG / f"{name}.toml" for name in ("baseline_8to5", "proposal_9to5")]
    here, *elsewhere = (run_comparison(schedules, [1, 2], overrides=FIXED_MORNING, **where)
                        for where in ({}, {"workers": 2}, {"dask_local": 2}))
    for other in elsewhere:
        assert other.values.keys() == here.values.keys()
        for key, values in here.values.items():
            np.testing.assert_array_equal(other.values[key], values, err_msg=key)
        for s in range(2):
            for mine, theirs in zip(here.curves[s], other.curves[s]):
                np.testing.assert_array_equal(mine.road_load_pcu, theirs.road_load_pcu)


def test_the_stagger_lowers_delay_and_the_peaks(city_comparison):
    delay = city_comparison.values["delay_pcu_h"]
    assert np.all(delay[1] < delay[0])  # lower with each seed
    assert list(city_comparison.values["daily_peaks.count"][1]) == [2.0, 2.0]


def test_rows_hold_every_figure_of_every_scenario(city_comparison):
    rows = city_comparison.rows()
    assert len(rows["kpi"]) == 2 * len(city_comparison.values)
    assert set(rows["seeds"]) == {2}


def test_flat_kpis_keep_numbers_count_lists_and_drop_text():
    flat = flat_kpis({"a": 1, "b": {"c": 2.5, "d": None, "e": "08:00"}, "f": ["07:50"],
                      "g": True})
    assert flat["a"] == 1.0 and flat["b.c"] == 2.5 and np.isnan(flat["b.d"])
    assert flat["f.count"] == 1.0 and "b.e" not in flat and "g" not in flat
    assert flat_kpis({"seed": 3, "scale": 0.5}) == {}

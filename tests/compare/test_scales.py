"""What a reduced scale gives of the full city's differences (``sim.compare.scales``)."""

from pathlib import Path

import numpy as np
import pytest

from sim.compare import Comparison, Interval, run_comparison
from sim.compare.scales import HEADLINE_CHANGES, agrees, changes

SHAOYANG = Path(__file__).resolve().parents[2] / "scenarios" / "shaoyang"
SCHEDULES = ("baseline_8to5", "proposal_9to5", "proposal_0830")
SCHOOL_RUNS = "school_runs.parent_runs_on_time_share"


def test_changes_are_per_cent_of_the_reference_or_points_of_a_share():
    values = {key: np.array([[100.0, 200.0], [80.0, 150.0]]) for key in HEADLINE_CHANGES}
    values[SCHOOL_RUNS] = np.array([[0.2, 0.3], [0.25, 0.4]])
    found = changes(Comparison(["base", "other"], [1, 2], values, [[], []]))
    assert np.allclose(found["delay_pcu_h"].mean, [0.0, -22.5])
    assert np.allclose(found[SCHOOL_RUNS].mean, [0.0, 7.5])


def test_changes_agree_when_their_means_are_within_the_combined_half_widths():
    one = Interval(np.array([0.0, 0.0]), np.array([-3.0, -3.0]), np.array([3.0, 3.0]), 3)
    other = Interval(np.array([5.0, 5.1]), np.array([1.0, 1.1]), np.array([9.0, 9.1]), 3)
    assert agrees(one, other).tolist() == [True, False]  # hypot(3, 4) = 5


@pytest.fixture(scope="module")
def by_scale() -> dict:
    """The headline changes of the three schedules, departures fixed, seeds 1-3, at a
    tenth, half and all of the people."""
    return {scale: changes(run_comparison(
        [SHAOYANG / f"{name}.toml" for name in SCHEDULES], [1, 2, 3],
        overrides={"simulation.scale": scale, "equilibrium.iterations": 0}, workers=2))
        for scale in (0.1, 0.5, 1.0)}


@pytest.mark.slow
def test_half_the_people_gives_the_full_city_s_differences(by_scale):
    for key in HEADLINE_CHANGES:
        assert agrees(by_scale[0.5][key], by_scale[1.0][key]).all(), key


@pytest.mark.slow
def test_a_tenth_of_the_people_understates_the_cut_in_delay_and_overstates_school_runs(
        by_scale):
    """What the README says of the demo's scale in the calibrated city: with departures
    fixed, both proposals cut road delay by less than in the full city, and gain more
    parent school runs on time."""
    tenth, full = by_scale[0.1], by_scale[1.0]
    assert np.all(full["delay_pcu_h"].mean[1:] < tenth["delay_pcu_h"].mean[1:])
    assert np.all(tenth["delay_pcu_h"].mean[1:] < 0)
    assert np.all(tenth[SCHOOL_RUNS].mean[1:] > full[SCHOOL_RUNS].mean[1:])

"""The shipped baseline is the calibrated one: adapted, at the targets file's scale and
seeds, it meets every target within its tolerance."""

import numpy as np
import pytest

from sim.calibrate.fit import indicator_run
from sim.calibrate.targets import read_targets
from sim.scenario import load_scenario

from ..conftest import SHAOYANG

BASE = SHAOYANG / "baseline_8to5.toml"


@pytest.mark.slow
def test_the_shipped_baseline_meets_each_target():
    plan = read_targets(SHAOYANG / "targets.toml", BASE)
    names = [t.indicator for t in plan.targets]
    runs = [indicator_run(load_scenario(BASE, {"simulation.scale": plan.scale,
                                               "simulation.seed": seed}), names, None)
            for seed in plan.seeds]
    model = np.mean(runs, axis=0)
    for target, value in zip(plan.targets, model):
        assert abs(value - target.value) <= target.tolerance, (target.indicator, value)

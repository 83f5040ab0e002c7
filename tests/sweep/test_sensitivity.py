"""Sobol' indices of a Sobol' sweep, checked on functions with known indices."""

import numpy as np
import pytest

from sim.errors import InputError
from sim.sweep import design_points, sweep_spec
from sim.sweep.sensitivity import sobol_table

from ..conftest import SHAOYANG

BASE = SHAOYANG / "proposal_9to5.toml"
X1, X2 = "schedules.office.compliance", "schedules.enterprise.compliance"


def _table(spec, figure):
    points = design_points(spec)
    values = np.array([figure(p[X1], p[X2]) for p in points])
    return {"point": np.arange(len(points)), "seed": np.ones(len(points)), "y": values}


def test_additive_function_splits_its_variance_by_the_squared_weights():
    """y = x1 + 2 x2 with x uniform on [0, 1]: variances 1/12 and 4/12, so S1 = ST = 0.2
    and 0.8 exactly; n = 256 base points estimate them within a few hundredths."""
    spec = sweep_spec(BASE, {X1: (0.0, 1.0), X2: (0.0, 1.0)}, design="sobol", n=256,
                      fixed={"schedules.office.otherwise": ["08:00-12:00", "14:00-17:00"],
                             "schedules.enterprise.otherwise": ["08:00-12:00", "14:00-17:00"]})
    table = sobol_table(spec, _table(spec, lambda a, b: a + 2 * b), ["y"])
    np.testing.assert_allclose(table["first_order"], [0.2, 0.8], atol=0.05)
    np.testing.assert_allclose(table["total_order"], [0.2, 0.8], atol=0.05)
    assert np.all(table["first_low"] <= table["first_order"])
    assert np.all(table["first_order"] <= table["first_high"])
    assert list(table["parameter"]) == [X1, X2]


def test_a_parameter_that_does_nothing_gets_zero():
    spec = sweep_spec(BASE, {X1: (0.0, 1.0), X2: (0.0, 1.0)}, design="sobol", n=128,
                      fixed={"schedules.office.otherwise": ["08:00-12:00", "14:00-17:00"],
                             "schedules.enterprise.otherwise": ["08:00-12:00", "14:00-17:00"]})
    table = sobol_table(spec, _table(spec, lambda a, b: np.sin(3 * a)), ["y"])
    assert abs(table["total_order"][1]) < 1e-9 and table["total_order"][0] > 0.95


def test_indices_need_a_sobol_design_and_every_run():
    fixed = {"schedules.office.otherwise": ["08:00-12:00", "14:00-17:00"],
             "schedules.enterprise.otherwise": ["08:00-12:00", "14:00-17:00"]}
    lhs = sweep_spec(BASE, {X1: (0.0, 1.0)}, design="lhs", n=8, fixed=fixed)
    with pytest.raises(InputError, match="design"):
        sobol_table(lhs, {}, ["y"])
    spec = sweep_spec(BASE, {X1: (0.0, 1.0), X2: (0.0, 1.0)}, design="sobol", n=8, fixed=fixed)
    table = _table(spec, lambda a, b: a)
    table["y"][3] = np.nan
    with pytest.raises(InputError, match="failed"):
        sobol_table(spec, table, ["y"])

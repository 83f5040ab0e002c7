"""The range over the assumptions: a seeded Latin hypercube around each scenario's own
levels, checked before any run; each point's shift from the nominal point added to the
settled effect; the spread attributed by rank correlation."""

import numpy as np
import pytest

from sim.compare.robust import ASSUMPTIONS, Robustness, design, plan_robustness
from sim.errors import NetworkError, ScenarioError
from sim.scenario import load_scenario

from ..conftest import SHAOYANG

BASE = SHAOYANG / "baseline_8to5.toml"
NINE = SHAOYANG / "proposal_9to5.toml"


def _fields(name: str, scenario, level: float) -> dict:
    return next(a for a in ASSUMPTIONS if a.name == name).fields(scenario, level)


def test_the_design_is_a_seeded_latin_hypercube_over_the_ranges():
    levels = design(8)
    assert levels.shape == (8, len(ASSUMPTIONS))
    np.testing.assert_array_equal(levels, design(8))
    for column, assumption in zip(levels.T, ASSUMPTIONS):
        unit = (column - assumption.low) / (assumption.high - assumption.low)
        assert sorted(np.floor(unit * 8).astype(int)) == list(range(8))  # one per stratum


def test_relative_levels_multiply_what_each_scenario_states():
    scenario = load_scenario(BASE)
    capacity = _fields("capacity", scenario, 1.1)
    assert capacity["network.facility_types.arterial.capacity_factor"] == pytest.approx(
        1.1 * scenario.stated("network.facility_types.arterial.capacity_factor"))
    assert capacity["network.facility_types.bridge.capacity_factor"] == pytest.approx(1.1)
    assert len(capacity) == 4  # arterial, bridge, expressway, street
    margin = _fields("arrival_margin", scenario, 0.8)["behaviour.office.arrival_buffer_min"]
    assert margin == pytest.approx([4.0, 12.0])  # 0.8 x [5, 15]
    lunch = _fields("lunch_home", scenario, 1.25)["population.lunch_home.share"]
    assert lunch == pytest.approx([1.25 * s for s in scenario.stated(
        "population.lunch_home.share")])
    office = _fields("car_share", scenario, 1.25)["groups.office.modes"]
    assert office["car"] == pytest.approx(0.5)  # 1.25 x 0.40
    assert sum(office.values()) == pytest.approx(1.0)
    assert office["ebike"] / office["bus"] == pytest.approx(0.35 / 0.15)  # the rest in proportion


def test_compliance_varies_only_where_a_schedule_says_what_the_others_keep():
    assert _fields("compliance", load_scenario(BASE), 0.7) == {}
    assert _fields("compliance", load_scenario(NINE), 0.7) == {
        "schedules.office.compliance": 0.7}


def test_the_plan_caps_adaptation_and_keeps_the_nominal_point_as_stated():
    scenarios = [load_scenario(p, {"simulation.scale": 0.02}) for p in (BASE, NINE)]
    plan = plan_robustness(scenarios, seed=3, points=2, days=2)
    assert plan.days == 2 and len(plan.runs) == 2 and len(plan.runs[1]) == 3
    nominal, first = plan.runs[1][0], plan.runs[1][1]
    assert nominal.settings.equilibrium.iterations == 2 and nominal.settings.simulation.seed == 3
    assert nominal.stated("schedules.office.compliance") == 1.0
    assert first.stated("schedules.office.compliance") == pytest.approx(plan.levels[0, 1])
    fixed = plan_robustness([s.with_values({"equilibrium.iterations": 0}) for s in scenarios],
                            points=2)
    assert fixed.days == 0


def test_a_level_the_schema_refuses_fails_before_any_run():
    crowded = load_scenario(BASE, {"population.lunch_home.share": [0.1, 0.3, 0.6, 0.85, 0.95]})
    with pytest.raises(ScenarioError, match="population.lunch_home.share"):
        plan_robustness([crowded], points=8)  # some point sends 0.95 x 1.1 or more home


def _robustness(reference, proposal) -> Robustness:
    levels = np.array([[0.9, 0.6, 1.0, 1.0, 1.0], [1.0, 0.8, 1.0, 1.0, 1.0],
                       [1.1, 0.7, 1.0, 1.0, 1.0]])
    return Robustness(levels=levels, seed=1, days=2,
                      values={"delay_pcu_h": np.array([reference, proposal], dtype=float)})


def test_the_band_adds_each_points_shift_to_the_settled_effect():
    robust = _robustness([100, 100, 110, 90], [60, 50, 77, 63])
    # effects -40%, -50%, -30%, -30%: shifts 0, -10, +10, +10 points
    np.testing.assert_allclose(robust.shift("delay_pcu_h")[1], [0, -0.1, 0.1, 0.1])
    low, high = robust.band("delay_pcu_h", np.array([0.0, -0.36]))
    assert (low[1], high[1]) == pytest.approx((-0.46, -0.26))
    assert (low[0], high[0]) == (0.0, 0.0)  # the reference against itself


def test_attribution_names_the_assumption_that_moves_the_effect_and_its_sign():
    robust = _robustness([100, 100, 100, 100], [60, 55, 60, 65])  # rises with capacity
    rho = robust.attribution("delay_pcu_h")
    assert rho[1, 0] == pytest.approx(1.0)  # capacity 0.9, 1.0, 1.1: effect -45, -40, -35
    assert rho[1, 1] == pytest.approx(0.5)  # compliance 0.6, 0.8, 0.7: ranks 1, 3, 2
    assert np.isnan(rho[1, 2])  # a level that did not vary says nothing
    assert np.all(np.isnan(rho[0]))  # the reference's shift is 0 everywhere


def test_a_network_without_road_classes_is_named_before_any_run():
    two_routes = load_scenario(SHAOYANG.parent / "validation" / "two_routes.toml")
    with pytest.raises(NetworkError, match="give the links a facility_type column"):
        plan_robustness([two_routes], points=2)

"""The fit: least squares on residuals scaled by tolerance, corrected round by round by the
adapted model's offset, on a model whose answer is known."""

import numpy as np
import pytest

from sim.calibrate import fit
from sim.calibrate.targets import CalibrationPlan, Prior, Target
from sim.scenario import load_scenario
from sim.sweep.spec import Parameter

from ..conftest import SHAOYANG

FIELD = "network.facility_types.arterial.capacity_factor"


def _plan(rounds: int, priors=(None,)) -> CalibrationPlan:
    return CalibrationPlan(targets=(Target("peak_delay_index", 1.5, 0.05, "here", "there"),),
                           fields=(Parameter(FIELD, low=0.5, high=3.0),), scale=0.02,
                           seeds=(1,), rounds=rounds, source="plan", priors=priors)


@pytest.fixture
def known_model(monkeypatch):
    """Runs replaced by a known answer: departures fixed give an index of 4 / factor; adapted
    ones 1 + 0.5 (4 / factor - 1), so adaptation halves the excess over free flow (an offset
    that depends on the factor, as the city's does)."""
    def answer(scenario, names, threads):
        factor = scenario.settings.network.facility_types["arterial"].capacity_factor
        fixed = 4.0 / factor
        adapted = scenario.settings.equilibrium.iterations > 0
        return [1 + 0.5 * (fixed - 1) if adapted else fixed]
    monkeypatch.setattr(fit, "indicator_run", answer)


def test_rounds_of_the_fixed_model_corrected_by_adapted_runs_meet_the_target(known_model):
    base = load_scenario(SHAOYANG / "baseline_8to5.toml")
    result = fit.calibrate_fields(base, _plan(rounds=5), np.array([1.0]))
    # adapted 1 + 0.5 (4 / f - 1) = 1.5 where f = 2: met within its tolerance
    assert result.before[0] == pytest.approx(2.5)
    assert result.fitted[0] == pytest.approx(2.0, abs=0.1)
    assert abs(result.after[0] - 1.5) <= 0.05
    # the first round maps by the offset at the start; the second by the line through
    # both points run, which is exact here; then it stops, the target met
    assert result.rounds == 2
    # d(4 / f) / df = -1 at f = 2; the forward difference over 10% of the range (0.25)
    # from the fitted f gives (4 / (f + 0.25) - 4 / f) / 0.25, -0.89 at f = 2
    f = result.fitted[0]
    assert result.sensitivity[0, 0] == pytest.approx((4 / (f + 0.25) - 4 / f) / 0.25)


def test_one_round_leaves_the_offset_measured_at_the_start(known_model):
    base = load_scenario(SHAOYANG / "baseline_8to5.toml")
    result = fit.calibrate_fields(base, _plan(rounds=1), np.array([1.0]))
    # offset at f = 1: 2.5 - 4 = -1.5, so the fixed model is fitted to 3: f = 4 / 3, where
    # the adapted index is 1 + 0.5 x 2 = 2
    assert result.fitted[0] == pytest.approx(4 / 3, abs=0.05)
    assert result.after[0] == pytest.approx(2.0, abs=0.05)
    assert result.rounds == 1


def test_a_prior_pulls_the_fit_towards_it_by_its_weight(known_model):
    # with a prior of 1.0 +- 0.5 the fit minimises ((1.5 + 2/f - 1.5) / 0.05)^2 +
    # ((f - 1) / 0.5)^2 on the adapted index 0.5 + 2 / f: the target's weight (1 / 0.05)
    # is ten times the prior's, so f ends just short of 2, well away from the prior
    base = load_scenario(SHAOYANG / "baseline_8to5.toml")
    loose = fit.calibrate_fields(base, _plan(5, (Prior(1.0, 0.5),)), np.array([1.0]))
    tight = fit.calibrate_fields(base, _plan(5, (Prior(1.0, 0.001),)), np.array([1.0]))
    assert 1.7 < loose.fitted[0] < 2.05
    assert tight.fitted[0] == pytest.approx(1.0, abs=0.01)  # a prior known exactly holds


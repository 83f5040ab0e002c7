"""Adaptation towards equilibrium on Vickrey's bottleneck (VALIDATION.md, V1 and V2)."""

from pathlib import Path

import numpy as np
import pytest
from threadpoolctl import threadpool_limits

from sim.behaviour.departures import choosable_legs
from sim.behaviour.equilibrium import find_equilibrium
from sim.behaviour.levels import FULL_STEPS
from sim.errors import InputError
from sim.runner import run_scenario
from sim.scenario import load_scenario
from sim.simulate.day import plan_day

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"
VALIDATION = SCENARIOS / "validation"
V1 = VALIDATION / "vickrey_single.toml"
V2 = VALIDATION / "vickrey_staggered.toml"


def _v1(**values):
    return load_scenario(V1, {"simulation.dt_s": 2.0, **values})


def test_adaptation_repeats_exactly_for_a_seed_and_lowers_the_cost():
    scenario = _v1(**{"simulation.scale": 0.1, "equilibrium.iterations": 6})
    _, first = find_equilibrium(scenario)
    _, again = find_equilibrium(scenario)
    assert first == again
    assert first[-1].total_cost < 0.8 * first[0].total_cost
    assert first[-1].relative_gap < first[0].relative_gap
    # one road: taking the fastest-looking route adds nothing to the departures' part
    assert all(h.departure_gap == h.relative_gap for h in first)
    assert first[-1].switched == 0


def test_an_adapted_city_day_is_the_same_under_any_number_of_blas_threads():
    """Long dot products split over BLAS threads round differently; the city at a
    hundredth of its people has enough rows for that to change its first priced day,
    unless the adaptation holds BLAS to one thread."""
    scenario = load_scenario(SCENARIOS / "shaoyang" / "baseline_8to5.toml",
                             {"simulation.scale": 0.01, "equilibrium.iterations": 1})
    days = []
    for threads in (1, 2):
        with threadpool_limits(limits=threads, user_api="blas"):
            days.append(find_equilibrium(scenario))
    (one, one_history), (two, two_history) = days
    assert one_history == two_history
    for times in ("departure_s", "arrival_s"):
        assert np.array_equal(getattr(one.traffic, times), getattr(two.traffic, times),
                              equal_nan=True)


def test_adaptation_stops_at_the_gap_tolerance():
    scenario = _v1(**{"simulation.scale": 0.1, "equilibrium.iterations": 20,
                      "equilibrium.gap": 0.9})
    _, history = find_equilibrium(scenario)
    assert history[-1].relative_gap <= 0.9 and len(history) < 21
    assert all(h.relative_gap > 0.9 for h in history[:-1])
    assert [h.stop for h in history] == [""] * (len(history) - 1) + ["gap"]


def test_adaptation_stops_once_cost_and_delay_settle():
    """With a gap it cannot reach, it stops on the first day whose last two days'
    total cost and road delay both changed by less than the `settle` share from the
    two days before."""
    settle = 0.05
    scenario = _v1(**{"simulation.scale": 0.1, "equilibrium.iterations": 30,
                      "equilibrium.gap": 1e-6, "equilibrium.settle": settle})
    _, history = find_equilibrium(scenario)

    def change(k):
        return max(abs(sum(getattr(day, name) for day in history[k - 1:k + 1])
                       / sum(getattr(day, name) for day in history[k - 3:k - 1]) - 1)
                   for name in ("total_cost", "delay_pcu_h"))
    assert history[-1].stop == "settled" and 4 <= len(history) < 31
    assert change(len(history) - 1) < settle
    assert all(change(k) >= settle for k in range(3, len(history) - 1))


def test_from_day_full_steps_on_a_shrinking_share_of_choosers_moves():
    """Successive averages: after day k >= FULL_STEPS a share FULL_STEPS / (k + 1) of
    the choosers, drawn at random, takes the solve's new draw (at most that share,
    up to four standard deviations of the draw, may move)."""
    scenario = _v1(**{"simulation.scale": 0.1, "equilibrium.iterations": 6,
                      "equilibrium.gap": 1e-6, "equilibrium.settle": 0.0})
    _, history = find_equilibrium(scenario)
    n = choosable_legs(plan_day(scenario))[0].size
    assert history[FULL_STEPS - 1].switched > 0.9 * n
    for day in history[FULL_STEPS:-1]:
        share = FULL_STEPS / (day.iteration + 1)
        assert day.switched <= share * n + 4 * np.sqrt(n * share * (1 - share))


def test_adaptation_stops_at_the_day_cap_and_says_so():
    scenario = _v1(**{"simulation.scale": 0.1, "equilibrium.iterations": 2,
                      "equilibrium.gap": 1e-6, "equilibrium.settle": 0.0})
    _, history = find_equilibrium(scenario)
    assert [h.stop for h in history] == ["", "", "day cap"]


def _queueing_and_schedule_delay_h(day, beta_per_h: float, gamma_per_h: float):
    """Total time queued beyond free flow (veh-h) and total schedule-delay cost of the
    legs with a preferred arrival, and the share arriving early."""
    legs = np.flatnonzero(np.isfinite(day.legs.target_s))
    travel_h = (day.arrival_s[legs] - day.departure_s[legs]) / 3600
    free_h = day.per_leg(day.traffic.free_flow_s, day.legs.free_flow_s)[legs] / 3600
    early_h = np.maximum(day.legs.target_s[legs] - day.arrival_s[legs], 0) / 3600
    late_h = np.maximum(day.arrival_s[legs] - day.legs.target_s[legs], 0) / 3600
    return (np.sum(travel_h - free_h), np.sum(beta_per_h * early_h + gamma_per_h * late_h),
            np.mean(early_h > 0))


def test_v1_reaches_vickrey_s_queueing_and_schedule_delay():
    """V1 at N = 6,000 against the closed form, within 50 days (the issue's bound).

    5% on total queueing time and schedule-delay cost, as VALIDATION.md asks; the
    priced departures land within 0.1% of both after one day. The share arriving
    early is held to 2 points of gamma / (beta + gamma) and the relative gap to 1%:
    what is left is the logit's spread of 30 s over one-minute arrivals.
    """
    n, s, alpha, beta, gamma = 6000, 3600.0, 1.0, 0.5, 2.0
    delta = beta * gamma / (beta + gamma)
    day, history = find_equilibrium(load_scenario(V1))
    queueing_h, schedule_delay, early = _queueing_and_schedule_delay_h(day, beta, gamma)
    assert queueing_h == pytest.approx(delta * n ** 2 / (2 * alpha * s), rel=0.05)
    assert schedule_delay == pytest.approx(delta * n ** 2 / (2 * s), rel=0.05)
    assert early == pytest.approx(gamma / (beta + gamma), abs=0.02)
    assert history[-1].relative_gap <= 0.01 and len(history) <= 51


def _schedule_delay(start_h: float, end_h: float, target_h: float, s: float, beta: float,
                    gamma: float) -> float:
    """Schedule-delay cost of arrivals at rate s (veh/h) over [start_h, end_h]."""
    early = (max(target_h - start_h, 0) ** 2 - max(target_h - end_h, 0) ** 2) / 2
    late = (max(end_h - target_h, 0) ** 2 - max(start_h - target_h, 0) ** 2) / 2
    return s * (beta * early + gamma * late)


def _v2_closed_form(gap_h: float, n1=3000, n2=3000, s=3600.0, alpha=1.0, beta=0.5,
                    gamma=2.0) -> tuple[float, float]:
    """Total cost and total queueing time (veh-h) of V2 (VALIDATION.md), gap in hours."""
    n, delta, theta = n1 + n2, beta * gamma / (beta + gamma), gamma / (beta + gamma)
    if gap_h >= ((1 - theta) * n1 + theta * n2) / s:          # separated peaks
        total = delta * (n1 ** 2 + n2 ** 2) / s
        return total, total / (2 * alpha)
    if gap_h <= (theta * n - n1) / s:                          # one peak, group 1 all early
        return delta * n ** 2 / s - beta * n1 * gap_h, delta * n ** 2 / (2 * alpha * s)
    # two humps: the bottleneck serves group 1 then group 2 at capacity, from the first
    # arrival (no queue, cost C1 = beta x early) to the last (no queue, C2 = gamma x late);
    # queueing is the total cost less the schedule delay of those arrivals
    c1 = beta / 2 * ((n1 + theta * n) / s - gap_h)
    c2 = gamma / 2 * ((n2 + (1 - theta) * n) / s - gap_h)
    first_h, switch_h = -c1 / beta, -c1 / beta + n1 / s
    schedule_delay = (_schedule_delay(first_h, switch_h, 0.0, s, beta, gamma)
                      + _schedule_delay(switch_h, switch_h + n2 / s, gap_h, s, beta, gamma))
    total = n1 * c1 + n2 * c2
    return total, (total - schedule_delay) / alpha


def test_v2_closed_form_reproduces_the_worked_example():
    """The formulas above against VALIDATION.md's table (G in minutes)."""
    table = {0: (4000, 2000), 20: (3500, 2000), 30: (3250, 2000), 40: (2625, 1562.5),
             50: (2000, 1000), 70: (2000, 1000)}
    for gap_min, expected in table.items():
        assert _v2_closed_form(gap_min / 60) == pytest.approx(expected)


@pytest.mark.parametrize("gap_min", [20, 40, 60])
def test_v2_staggered_groups_match_the_closed_form(gap_min):
    """V2: total cost and queueing within 10% (VALIDATION.md), the three cases.

    10% is VALIDATION.md's bound for V2; the priced departures land within 2%.
    20 min is the small-gap case (queueing not reduced at all), 40 min one queue
    with two humps, 60 min separate peaks. Two days: the gap settles at about
    1.2% after the first and stays there, so later days repeat it.
    """
    start = 8 * 60 + gap_min
    scenario = load_scenario(V2, {"schedules.enterprise.periods":
                                  [f"{start // 60:02d}:{start % 60:02d}-17:00"],
                                  "equilibrium.iterations": 2})
    day, history = find_equilibrium(scenario)
    queueing_h, schedule_delay, _ = _queueing_and_schedule_delay_h(day, 0.5, 2.0)
    total, queueing = _v2_closed_form(gap_min / 60)
    assert history[-1].relative_gap < 0.02
    assert queueing_h == pytest.approx(queueing, rel=0.10)
    assert queueing_h + schedule_delay == pytest.approx(total, rel=0.10)


def test_warm_start_resumes_from_an_earlier_run(tmp_path):
    scenario = _v1(**{"simulation.scale": 0.1, "equilibrium.iterations": 4})
    run_scenario(scenario, tmp_path / "adapted")
    again = scenario.with_values({"equilibrium.iterations": 0})
    run_scenario(again, tmp_path / "resumed", warm_start=tmp_path / "adapted")
    # the last adapted day ran the final departures; a warm start without adaptation
    # runs the same day again
    assert ((tmp_path / "adapted" / "trips.csv").read_bytes()
            == (tmp_path / "resumed" / "trips.csv").read_bytes())
    other = scenario.with_values({"simulation.scale": 0.05, "equilibrium.iterations": 0})
    with pytest.raises(InputError, match="same population"):
        run_scenario(other, tmp_path / "wrong", warm_start=tmp_path / "adapted")
    assert not (tmp_path / "wrong").exists()

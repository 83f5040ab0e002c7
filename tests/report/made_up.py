"""A made-up comparison whose figures are worked by hand, for the report's tests."""

import dataclasses

import numpy as np

from sim.compare.comparison import LATE_BINS_MIN, Comparison, RunCurves
from sim.compare.robust import Robustness
from sim.scenario import GROUPS


def curves(peak: float, gaps=(), stop: str = "") -> RunCurves:
    """A run of a 3-link network whose vehicles on the road peak at 08:00 at `peak`."""
    times = np.arange(5 * 3600.0, 24 * 3600.0, 60.0)
    edges = np.arange(5 * 3600.0, 24 * 3600.0 + 1, 300.0)
    return RunCurves(times_s=times, road_load_pcu=peak * np.exp(-((times - 8 * 3600) / 1800) ** 2),
                     bridge_ids=np.array(["a>b", "b>a"]), interval_edges_s=edges,
                     bridge_inflow_pcu_h=np.full((2, edges.size - 1), 100.0),
                     bridge_capacity_pcu_h=np.array([1800.0, 1800.0]),
                     commute_counts=np.ones((len(GROUPS), 180), dtype=np.int64),
                     late_counts=np.ones((len(GROUPS), LATE_BINS_MIN.size - 1), dtype=np.int64),
                     link_entries=np.full((3, edges.size - 1), 5, dtype=np.int32),
                     link_speed_kmh=np.full((3, edges.size - 1), 40.0, dtype=np.float32),
                     corridor_links=np.array([0, 2]), corridor_km=np.array([0.0, 1.0, 2.5]),
                     corridor_bridge="a>b", relative_gap=np.array(gaps, dtype=np.float64),
                     adaptation_stop=stop)


def made_up_comparison() -> Comparison:
    """Three seeds; the second schedule cuts delay by 40% in each, the third by 0-10%;
    services lose half as much time again under the second."""
    base = np.array([1000.0, 1100.0, 900.0])
    values = {"delay_pcu_h": np.array([base, 0.6 * base, base * [1.0, 0.8, 1.1]]),
              "daily_peaks.count": np.array([[4.0] * 3, [2.0] * 3, [2.0] * 3]),
              "groups.office.lateness_share": np.array([[0.3] * 3, [0.15, 0.16, 0.14],
                                                        [0.3] * 3]),
              "school_runs.parent_runs_on_time_share": np.array([[0.4] * 3, [0.7] * 3,
                                                                 [0.6] * 3]),
              "co2_t": np.array([[10.0] * 3, [9.0] * 3, [9.5] * 3])}
    values["school_runs.care_mean_min"] = np.full((3, 3), 50.0)
    values["evening_h.office"] = np.array([[4.5] * 3, [4.4] * 3, [4.5] * 3])
    for key in ("fuel_l", "congested_pcu_km", "near_schools_at_bells_pcu_km"):
        values[key] = values["co2_t"] * 100
    for group in GROUPS:
        values[f"groups.{group}.delay_h"] = values["delay_pcu_h"] / 5
    values["groups.service.delay_h"] = np.array([base, 1.5 * base, base]) / 10
    return Comparison(names=["base", "nine", "half"], seeds=[1, 2, 3], values=values,
                      curves=[[curves(p)] * 3 for p in (1000, 600, 800)], scale=0.5,
                      titles={"en": ["Today", "Nine to five", "Half past eight"],
                              "zh": ["现行", "朝九晚五", "八点半"]})


def with_robustness(comparison: Comparison) -> Comparison:
    """The made-up comparison with a range over the assumptions: at three design points
    the second schedule's effect on delay is -45%, -40% and -35% (nominal -40%), rising
    with capacity (0.9, 1.0, 1.1); the third's stays -5%."""
    levels = np.array([[0.9, 0.6, 1.0, 1.0, 1.0], [1.0, 0.8, 1.0, 1.0, 1.0],
                       [1.1, 0.7, 1.0, 1.0, 1.0]])
    delay = np.array([[1000.0] * 4, [600.0, 550.0, 600.0, 650.0], [950.0] * 4])
    return dataclasses.replace(comparison, robustness=Robustness(
        levels=levels, values={"delay_pcu_h": delay}, seed=1, days=2))

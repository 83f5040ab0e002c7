"""briefing.pdf: the finding on page 1 built from the numbers, then the figures."""

import re

import numpy as np
import pytest

from sim.compare.comparison import LATE_BINS_MIN, Comparison, RunCurves
from sim.report.briefing import figure_pages, finding, wrap_text, write_briefing
from sim.report.figures import draw_figures
from sim.scenario import GROUPS


def _curves(peak: float, gaps=(), stop: str = "") -> RunCurves:
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


def _comparison() -> Comparison:
    """Three seeds; the second schedule cuts delay by 40% in each, the third by 0-10%."""
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
    return Comparison(names=["base", "nine", "half"], seeds=[1, 2, 3], values=values,
                      curves=[[_curves(p)] * 3 for p in (1000, 600, 800)], scale=0.5)


def test_finding_states_the_best_schedule_with_its_interval():
    text = finding(_comparison(), "en")
    # paired differences -400, -440, -360 pcu-h: mean -400, s = 40, t(0.975, 2) = 4.303,
    # half-width 99 pcu-h, against a mean level of 1,000: -40% [-50%, -30%]
    assert text[0] == ("Of the schedules compared, nine relieves the roads most: road delay "
                       "-40% against base (95% interval -50% to -30%).")
    # offices late: paired differences -15, -14 and -16 points, s = 1, half-width 2.5
    assert "nine: road delay -40% [-50%, -30%]; 2 peaks a day (base: 4); offices late " \
           "-15.0 pp [-17.5 pp, -12.5 pp]; parent school runs on time +30.0 pp " \
           "[+30.0 pp, +30.0 pp]; CO2 -10% [-10%, -10%]." == text[1]
    # near schools: 100 x CO2, so -10%; services' delay: a fifth of road delay, so -40%
    assert text[2] == ("nine, what else changes: vehicle-km on streets near schools at bell "
                       "times -10% [-10%, -10%]; services' delay -40% [-50%, -30%]; "
                       "offices' evening after work -0.1 [-0.1, -0.1] h.")
    assert "3 seeds" in text[-1] and "scale 0.5" in text[-1] and "departures fixed" in text[-1]
    assert finding(_comparison(), "zh")[0].startswith("在比较的方案中，nine")


def test_no_finding_is_claimed_when_every_interval_crosses_zero():
    comparison = _comparison()
    comparison.values["delay_pcu_h"][1] = comparison.values["delay_pcu_h"][0] * [0.5, 1.6, 1.0]
    comparison.values["delay_pcu_h"][2] = comparison.values["delay_pcu_h"][0] * [1.2, 0.9, 1.0]
    assert finding(comparison, "en")[0].startswith("No schedule compared lowers road delay")


def test_with_one_seed_chance_is_not_claimed_nor_ruled_out():
    comparison = _comparison()
    one = Comparison(names=comparison.names, seeds=[1],
                     values={k: v[:, :1] for k, v in comparison.values.items()},
                     curves=[runs[:1] for runs in comparison.curves], scale=0.5)
    text = finding(one, "en")
    assert text[0] == ("With one seed chance is not estimated: of the schedules compared, nine "
                       "changes road delay most, -40% against base. Run two or more seeds for "
                       "an interval.")
    assert "How sure: 1 seed (same people" in text[-1]


def test_page_one_says_how_far_departures_adapted_and_why_they_stopped():
    comparison = _comparison()
    settled, reached = [0.6, 0.4, 0.3], [0.6, 0.35]
    comparison.curves = [[_curves(p, settled, "settled"), _curves(p, reached, "gap"),
                          _curves(p, settled, "settled")] for p in (1000, 600, 800)]
    assert ("departures adapted: 1-2 days of departure-time and route adaptation after the "
            "planned day (runs stopped by: gap reached 3, cost and delay settled 6); largest "
            "relative gap left 0.35") in finding(comparison, "en")[-1]
    assert "出发时间已调整" in finding(comparison, "zh")[-1]


@pytest.mark.parametrize("language", ["en", "zh"])
def test_briefing_has_the_finding_then_every_figure(tmp_path, language):
    comparison = _comparison()
    figures = draw_figures(comparison, language, tmp_path)
    path = write_briefing(comparison, language, figures, tmp_path / "briefing.pdf")
    pages = len(re.findall(rb"/Type\s*/Page\b", path.read_bytes()))
    assert pages == 1 + len(figure_pages(figures))
    assert sum(len(page) for page in figure_pages(figures)) == len(figures)


def test_chinese_lines_break_between_characters_not_inside_names():
    text = "与baseline_8to5相比，" + "没有任何方案能在随机种子波动之外降低道路延误" * 3 + "。"
    lines = wrap_text(text, "zh").splitlines()
    assert len(lines) > 1 and "baseline_8to5" in lines[0]
    assert not any(line.startswith("。") for line in lines)
    assert "".join(lines) == text

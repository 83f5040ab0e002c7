"""The comparison's tables: numbers as a reader wants them, in both languages."""

import numpy as np

from sim.compare.comparison import Comparison
from sim.report.tables import by_seed_table, markdown_table, number_text


def _comparison() -> Comparison:
    values = {"delay_pcu_h": np.array([[1000.0, 1100.0, 900.0], [600.0, 700.0, 500.0]]),
              "groups.office.lateness_share": np.array([[0.30, 0.32, 0.28],
                                                        [0.15, 0.16, 0.14]])}
    return Comparison(names=["base", "nine"], seeds=[1, 2, 3], values=values,
                      curves=[[], []])


def test_numbers_are_formatted_by_kind():
    assert number_text(1234.4, "delay_pcu_h") == "1,234"
    assert number_text(12.34, "care_mean_min") == "12.3"
    assert number_text(-0.01, "care_mean_min", signed=True) == "+0.0"
    assert number_text(0.2974, "lateness_share") == "29.7%"
    assert number_text(-0.15, "lateness_share", signed=True) == "-15.0 pp"
    assert number_text(-0.15, "lateness_share", signed=True, language="zh") == "-15.0 个百分点"
    assert number_text(float("nan"), "delay_pcu_h") == "-"


def test_markdown_table_shows_levels_and_paired_differences():
    table = markdown_table(_comparison(), "en")
    lines = table.splitlines()
    assert lines[0] == "| figure | base | nine | nine: difference from base |"
    # levels 1,000, 1,100, 900: s = 100, t(0.975, 2) = 4.303, half-width 4.303 x 100 / sqrt(3)
    # = 248; every seed is 400 lower: the paired difference has no spread at all
    assert "| road delay (pcu-h) | 1,000 [752, 1,248] | 600 [352, 848] | -400 [-400, -400] |" \
        in lines
    assert "seeds: 3 (1, 2, 3)" in table


def test_markdown_table_in_chinese():
    table = markdown_table(_comparison(), "zh")
    assert table.splitlines()[0] == "| 指标 | base | nine | nine: 与base之差 |"
    assert "机关事业单位: 迟到比例" in table and "个百分点" in table


def test_by_seed_table_has_a_row_per_figure_scenario_and_seed():
    table = by_seed_table(_comparison())
    assert len(table["kpi"]) == 2 * 2 * 3
    assert table["value"][0] == 1000.0 and table["seed"][2] == 3

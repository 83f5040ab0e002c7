"""The sweep's figures place numbers on their values and listed values on their rank."""

import numpy as np

from sim.sweep import design_points, sweep_spec
from sim.sweep.plots import draw_sweep_figures, parameter_axis
from sim.sweep.runner import table_cell

from ..conftest import SHAOYANG

CURVES = [[0.025, 0.10, 0.20, 0.25, 0.275], [0.05, 0.20, 0.40, 0.50, 0.55]]


def _spec_and_table():
    spec = sweep_spec(SHAOYANG / "proposal_9to5.toml",
                      {"schedules.office.compliance": {"range": [0.0, 1.0], "steps": 3},
                       "population.lunch_home.share": CURVES})
    points = design_points(spec)
    table = {path: np.array([table_cell(p[path]) for p in points], dtype=object)
             for path in points[0]}
    table["delay_pcu_h"] = np.arange(len(points), dtype=np.float64)
    table["point"] = np.arange(len(points))
    return spec, table


def test_listed_values_are_placed_by_their_rank_in_the_spec():
    spec, table = _spec_and_table()
    x, ticks = parameter_axis(spec, table, "population.lunch_home.share")
    assert list(x) == [0, 1] * 3 and ticks == ["1", "2"]
    x, ticks = parameter_axis(spec, table, "schedules.office.compliance")
    assert list(x) == [0, 0, 0.5, 0.5, 1, 1] and ticks == []


def test_a_grid_with_a_listed_parameter_gets_its_response_and_heatmap(tmp_path):
    spec, table = _spec_and_table()
    paths = draw_sweep_figures(spec, table, tmp_path)
    assert [p.name for p in paths] == ["response.png", "heatmap.png"]
    assert all(p.stat().st_size > 10_000 for p in paths)

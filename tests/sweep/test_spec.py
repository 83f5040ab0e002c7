"""A bad sweep spec is refused with the field at fault before any run starts."""

import numpy as np
import pytest

from sim.errors import InputError
from sim.sweep import design_points, read_spec, sweep_spec

from ..conftest import SHAOYANG

BASE = SHAOYANG / "proposal_9to5.toml"


def _spec_file(tmp_path, body: str):
    path = tmp_path / "spec.toml"
    path.write_text(f'base = "{BASE.as_posix()}"\n{body}', encoding="utf-8")
    return path


@pytest.mark.parametrize("body, field, words", [
    ('[parameters]\n"schedules.office.complience" = { range = [0, 1], steps = 2 }\n',
     "parameters.schedules.office.complience", "unknown key"),
    ('[parameters]\n"schedules.office.compliance" = { range = [1, 1], steps = 2 }\n',
     "parameters.schedules.office.compliance", "empty range"),
    ('design = "sobol"\nn = 12\n[parameters]\n"schedules.office.compliance" = '
     '{ range = [0, 1] }\n', "n", "powers of two; n = 12 is not one (use 16 or 8)"),
    ('design = "halton"\n[parameters]\n"schedules.office.compliance" = { range = [0, 1] }\n',
     "design", "allowed: grid, lhs, sobol"),
    ('[parameters]\n"schedules.office.compliance" = { range = [0, 1] }\n',
     "parameters.schedules.office.compliance", "steps"),
    ('[parameters]\n"schedules.office.compliance" = { range = [0, 2], steps = 3 }\n',
     "parameters.schedules.office.compliance", "<= 1"),
    ("colour = 1\n", "colour", "unknown key"),
    ('[parameters]\n"network.links.bridge_3.lanes" = { values = [1, 2] }\n',
     "parameters.network.links.bridge_3.lanes", "no link 'bridge_3'"),
])
def test_bad_spec_names_the_field(tmp_path, body, field, words):
    with pytest.raises(InputError) as caught:
        read_spec(_spec_file(tmp_path, body))
    assert caught.value.field == field
    assert words in str(caught.value)


def test_grid_is_the_product_of_each_parameter_s_values():
    spec = sweep_spec(BASE, {"schedules.office.compliance": {"range": [0.0, 1.0], "steps": 3},
                             "schedules.office.periods": [["09:00-12:00", "13:00-17:00"],
                                                          ["08:30-12:00", "13:30-17:00"]]})
    points = design_points(spec)
    assert len(points) == 6
    assert [p["schedules.office.compliance"] for p in points[::2]] == [0.0, 0.5, 1.0]
    assert points[1]["schedules.office.periods"] == ["08:30-12:00", "13:30-17:00"]


def test_latin_hypercube_puts_one_point_in_each_stratum_and_repeats_for_its_seed():
    spec = sweep_spec(BASE, {"schedules.office.compliance": (0.0, 1.0),
                             "population.drop_off_dwell_min": (2.0, 6.0)}, design="lhs", n=8)
    points = design_points(spec)
    compliance = np.array([p["schedules.office.compliance"] for p in points])
    assert sorted(np.floor(compliance * 8).astype(int)) == list(range(8))
    assert points == design_points(spec)
    other = sweep_spec(BASE, {"schedules.office.compliance": (0.0, 1.0)}, design="lhs", n=8,
                       design_seed=1)
    assert design_points(other) != design_points(spec)


def test_sobol_design_is_saltelli_s_a_b_and_ab_matrices():
    spec = sweep_spec(BASE, {"schedules.office.compliance": (0.0, 1.0),
                             "population.drop_off_dwell_min": (2.0, 6.0)}, design="sobol", n=16)
    points = design_points(spec)
    assert len(points) == 16 * (2 + 2)
    a, b, ab0, ab1 = (points[16 * k:16 * (k + 1)] for k in range(4))
    for i in range(16):
        assert ab0[i]["schedules.office.compliance"] == b[i]["schedules.office.compliance"]
        assert ab0[i]["population.drop_off_dwell_min"] == a[i]["population.drop_off_dwell_min"]
        assert ab1[i]["population.drop_off_dwell_min"] == b[i]["population.drop_off_dwell_min"]
    values = [p["schedules.office.compliance"] for p in a]
    assert min(values) >= 0 and max(values) < 1 and len(set(values)) == 16


@pytest.mark.parametrize("path", sorted((SHAOYANG.parent / "sweeps").glob("*.toml")),
                         ids=lambda p: p.stem)
def test_every_example_spec_is_valid(path):
    spec = read_spec(path)
    assert len(design_points(spec)) >= 3 and spec.seeds

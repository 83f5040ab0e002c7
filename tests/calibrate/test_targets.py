"""A targets file is checked whole before any run; each fault is one line naming the
file and the field."""

import pytest

from sim.calibrate.targets import read_targets
from sim.cli import main
from sim.errors import InputError

from ..conftest import SHAOYANG

BASE = SHAOYANG / "baseline_8to5.toml"
GOOD = """scale = 0.1
[fit]
"population.trip_decay_km" = { range = [1.0, 8.0] }
[targets.commutes_within_5km_share]
value = 0.55
tolerance = 0.05
place = "comparable"
source = "a report"
"""


def _write(tmp_path, text: str):
    path = tmp_path / "targets.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_shipped_targets_each_name_their_place_and_source():
    plan = read_targets(SHAOYANG / "targets.toml", BASE)
    assert plan.targets and sum(p is None for p in plan.priors) <= len(plan.targets)
    for target in plan.targets:
        assert target.place and len(target.source) > 40 and target.tolerance > 0


@pytest.mark.parametrize("change, field, words", [
    (('[targets.commutes_within_5km_share]', '[targets.jam_factor]'), "targets.jam_factor",
     "unknown indicator"),
    (('source = "a report"\n', ''), "targets.commutes_within_5km_share.source",
     "not defensible"),
    (('tolerance = 0.05', 'tolerance = 0'), "targets.commutes_within_5km_share.tolerance",
     "> 0"),
    (('"population.trip_decay_km"', '"population.no_such_field"'),
     "fit.population.no_such_field", ""),
    (('range = [1.0, 8.0]', 'range = [8.0, 1.0]'), "fit.population.trip_decay_km",
     "low < high"),
    (('[fit]\n', '[fit]\n"groups.enterprise.flex_min" = { range = [0.0, 90.0] }\n'), "fit",
     "at most as many fields as there are targets, or give the others a prior"),
    (('range = [1.0, 8.0] }', 'range = [1.0, 8.0], prior = 3.0 }'),
     "fit.population.trip_decay_km", "both prior and prior_sd"),
    (('range = [1.0, 8.0] }', 'range = [1.0, 8.0], prior = 3.0, prior_sd = -1 }'),
     "fit.population.trip_decay_km.prior_sd", "> 0"),
])
def test_a_bad_targets_file_names_the_field_at_fault(tmp_path, change, field, words):
    path = _write(tmp_path, GOOD.replace(*change))
    with pytest.raises(InputError) as error:
        read_targets(path, BASE)
    assert error.value.field == field and words in error.value.reason
    assert error.value.file == str(path)


def test_a_field_with_a_prior_may_go_beyond_the_number_of_targets(tmp_path):
    extra = '"groups.enterprise.flex_min" = { range = [0.0, 120.0], prior = 60.0, prior_sd = 30.0 }'
    plan = read_targets(_write(tmp_path, GOOD.replace("[fit]\n", f"[fit]\n{extra}\n")), BASE)
    assert [p.path for p in plan.fields] == ["groups.enterprise.flex_min",
                                             "population.trip_decay_km"]
    assert plan.priors[0].value == 60.0 and plan.priors[0].sd == 30.0 and plan.priors[1] is None


def test_the_command_refuses_a_bad_targets_file_with_exit_2_and_writes_nothing(tmp_path,
                                                                               capsys):
    path = _write(tmp_path, GOOD.replace("value = 0.55", 'value = "most"'))
    out = tmp_path / "out"
    assert main(["calibrate", str(BASE), str(path), "-o", str(out), "--quiet"]) == 2
    error = capsys.readouterr().err.strip().splitlines()
    assert len(error) == 1 and "targets.commutes_within_5km_share.value" in error[0]
    assert not out.exists()

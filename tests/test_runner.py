"""`staggersim run` end to end: complete outputs, identical for a seed, whole or absent."""

import csv
import json
from pathlib import Path

import pytest

from sim.behaviour.equilibrium import STOPS
from sim.cli import main
from sim.runner import run_scenario
from sim.scenario import load_scenario

from .conftest import SHAOYANG, TEST_SCALE

ROOT = Path(__file__).resolve().parents[1]
EVERY_SCENARIO = sorted(p for p in (ROOT / "scenarios").rglob("*.toml")  # not sweep specs
                        if p.parent.name != "sweeps" and p.name != "targets.toml")  # nor targets


def test_run_command_writes_every_output(tmp_path, capsys):
    out = tmp_path / "run"
    assert main(["run", str(SHAOYANG / "proposal_0830.toml"), "-o", str(out),
                 "--scale", str(TEST_SCALE), "--seed", "7", "--fixed-departures",
                 "--quiet"]) == 0
    assert "results in" in capsys.readouterr().out
    with (out / "trips.csv").open() as handle:
        rows = list(csv.DictReader(handle))
    assert set(rows[0]) == {"person_id", "group", "purpose", "mode", "origin", "destination",
                            "departure_s", "arrival_s", "free_flow_s", "preferred_arrival_s",
                            "pcu", "status"}
    kpis = json.loads((out / "kpis.json").read_text())
    assert kpis["seed"] == 7 and kpis["legs_planned"] == len(rows)
    assert {"office", "enterprise", "service", "school", "background"} == set(kpis["groups"])
    assert kpis["adaptation"] == {"departures": "fixed"}
    assert not (out / "equilibrium.csv").exists()
    for name in ("links.csv", "timings.json", "scenario.json"):
        assert (out / name).stat().st_size > 0
    assert (out / "time_of_day.png").stat().st_size > 20_000
    assert main(["kpis", str(out)]) == 0
    assert "proposal_0830" in capsys.readouterr().out


@pytest.mark.integration
def test_run_command_adapts_by_default_up_to_the_day_cap(tmp_path):
    out = tmp_path / "run"
    morning = tmp_path / "morning.toml"  # a morning: the adaptation at half the cost
    morning.write_text(f'extends = "{(SHAOYANG / "baseline_8to5.toml").as_posix()}"\n'
                       '[simulation]\nend = "12:00"\n', encoding="utf-8")
    assert main(["run", str(morning), "-o", str(out), "--scale", str(TEST_SCALE),
                 "--iterations", "2", "--quiet"]) == 0
    with (out / "equilibrium.csv").open() as handle:
        rows = list(csv.DictReader(handle))
    assert [row["iteration"] for row in rows] == ["0", "1", "2"][:len(rows)]
    assert [row["stop"] for row in rows[:-1]] == [""] * (len(rows) - 1)
    assert rows[-1]["stop"] in STOPS
    assert int(rows[0]["rerouted"]) > 0 and int(rows[0]["switched"]) > 0
    assert all(0 <= float(row["departure_gap"]) <= float(row["relative_gap"]) for row in rows)
    assert all(float(row["delay_pcu_h"]) > 0 for row in rows)
    adaptation = json.loads((out / "kpis.json").read_text())["adaptation"]
    assert adaptation["departures"] == "adapted" and adaptation["stop"] == rows[-1]["stop"]
    assert adaptation["days"] == len(rows) - 1
    assert (out / "equilibrium.png").stat().st_size > 10_000


@pytest.mark.integration
def test_same_seed_gives_byte_identical_trips(tmp_path):
    scenario = load_scenario(SHAOYANG / "baseline_8to5.toml",
                             {"simulation.scale": TEST_SCALE, "simulation.end": "12:00",
                              "equilibrium.iterations": 1})  # an adapted morning
    for name in ("a", "b"):
        run_scenario(scenario, tmp_path / name)
    for name in ("trips.csv", "kpis.json"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    run_scenario(scenario.with_values({"simulation.seed": 2}), tmp_path / "c")
    assert ((tmp_path / "a" / "trips.csv").read_bytes()
            != (tmp_path / "c" / "trips.csv").read_bytes())


@pytest.mark.parametrize("path", EVERY_SCENARIO, ids=lambda p: p.stem)
def test_every_scenario_loads_and_runs_at_small_scale(path, tmp_path):
    # the city's scenarios with departures fixed (the adapted city runs in the tests
    # above), the validation cases adapted for a day
    days = 1 if path.parent.name == "validation" else 0
    scenario = load_scenario(path, {"simulation.scale": TEST_SCALE})
    if scenario.settings.equilibrium.iterations:
        scenario = scenario.with_values({"equilibrium.iterations": days})
    kpis = run_scenario(scenario, tmp_path / "out")
    assert kpis["legs_done"] + kpis["legs_not_started"] == kpis["legs_planned"]
    assert kpis["legs_done"] > 0.49 * kpis["legs_planned"]
    if scenario.settings.equilibrium.iterations:
        assert (tmp_path / "out" / "equilibrium.csv").is_file()


def test_bad_scenario_writes_nothing(tmp_path, capsys):
    bad = tmp_path / "bad.toml"
    bad.write_text(f'extends = "{(SHAOYANG / "baseline_8to5.toml").as_posix()}"\n'
                   '[schedules.office]\nperiods = ["08:00-25:00"]\n')
    out = tmp_path / "out"
    assert main(["run", str(bad), "-o", str(out), "--quiet"]) == 2
    assert "schedules.office.periods" in capsys.readouterr().err
    assert not out.exists()

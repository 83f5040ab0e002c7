"""`staggersim trips` end to end, as a planner runs it."""

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

from sim.cli import main
from sim.clock import format_clock, parse_clock
from sim.network.cases import write_d1

ROOT = Path(__file__).resolve().parents[1]


def test_trips_command_writes_complete_outputs(tmp_path, capsys):
    case = write_d1(tmp_path / "d1")
    out = tmp_path / "result"
    assert main(["trips", str(case), str(case / "demand.csv"), "-o", str(out),
                 "--cumulative", "2"]) == 0
    assert "3,000 of 3,000 trips finished" in capsys.readouterr().out
    with (out / "trips.csv").open() as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 3000
    assert {"trip_id", "departure_s", "arrival_s", "free_flow_s", "delay_s"} <= set(rows[0])
    # the last of 3,000 vehicles leaves the bottleneck 2,999 two-second services after the
    # first (07:02:00), then drives the last 1-minute link
    last_arrival = parse_clock("07:02:00") + 2999 * 2.0 + 60.0
    assert rows[-1]["arrival_time"] == format_clock(last_arrival)
    with (out / "links.csv").open() as handle:
        links = list(csv.DictReader(handle))
    assert {row["link_id"] for row in links} == {"1", "2", "3"}
    summary = json.loads((out / "summary.json").read_text())
    assert summary["total_delay_veh_h"] == pytest.approx(1000, rel=0.005)
    assert (out / "cumulative_link_2.png").stat().st_size > 10_000


def test_bad_demand_row_fails_cleanly_and_writes_nothing(tmp_path, capsys):
    case = write_d1(tmp_path / "d1")
    demand = tmp_path / "bad.csv"
    demand.write_text("trip_id,from_node_id,to_node_id,departure_time\n1,O,D,07:00\n2,O,D,7h\n")
    out = tmp_path / "result"
    assert main(["trips", str(case), str(demand), "-o", str(out)]) == 2
    assert "bad.csv, line 3, field 'departure_time'" in capsys.readouterr().err
    assert not out.exists()
    assert list(tmp_path.glob(".result*")) == []


def test_console_script_runs_as_installed():
    script = Path(sys.executable).with_name("staggersim")
    completed = subprocess.run([str(script), "trips", "--help"], capture_output=True, text=True,
                               cwd=ROOT)
    assert completed.returncode == 0 and "DEMAND.csv" in completed.stdout


def test_zone_demand_on_the_city_network_crosses_its_bridges(tmp_path, capsys):
    city = ROOT / "scenarios" / "shaoyang" / "network"
    demand = tmp_path / "demand.csv"
    rows = ["trip_id,from_zone_id,to_zone_id,departure_time"]
    rows += [f"{i},{i % 12}_1,{(i * 5) % 12}_8,07:{i % 60:02d}:00" for i in range(300)]
    demand.write_text("\n".join(rows) + "\n")
    out = tmp_path / "result"
    assert main(["trips", str(city), str(demand), "-o", str(out), "--backward-wave", "18",
                 "--end", "12:00"]) == 0
    summary = json.loads((out / "summary.json").read_text())
    assert summary["trips_finished"] == 300 and summary["backward_wave_kmh"] == 18.0
    with (out / "links.csv").open() as handle:
        crossing = sum(int(row["inflow_veh"]) for row in csv.DictReader(handle)
                       if ">" in row["link_id"] and row["link_id"].split(">")[0].endswith("_4")
                       and row["link_id"].split(">")[1].endswith("_5"))
    assert crossing == 300, "every trip from the south bank to the north crosses a Zi bridge"


def test_an_unexpected_exception_is_shown_as_a_bug(monkeypatch, capsys):
    def broken(*args, **kwargs):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr("sim.kpis.table.read_kpis", broken)
    assert main(["kpis", "anywhere"]) == 1
    err = capsys.readouterr().err
    assert "Traceback" in err and "ZeroDivisionError" in err
    assert err.strip().splitlines()[-1].startswith("staggersim: this is a bug in staggersim")


def test_help_and_refused_values_return_their_status(capsys):
    assert main(["trips", "--help"]) == 0
    assert main(["trips", "net", "demand.csv", "-o", "out", "--interval", "0"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["staggersim trips: error: argument --interval: 0.0 is out of range; "
                   "allowed: a number >= 1 and <= 86400 (see staggersim trips --help)"]

"""`staggersim compare` end to end: every table, figure and run written, or nothing."""

import csv
import json
import struct

import pytest

from sim.cli import main

from ..conftest import SHAOYANG, TEST_SCALE


@pytest.mark.integration
def test_compare_command_writes_tables_figures_and_runs(tmp_path, capsys):
    out = tmp_path / "cmp"
    scenarios = [str(SHAOYANG / f"{name}.toml") for name in ("baseline_8to5", "proposal_0830")]
    assert main(["compare", *scenarios, "--seeds", "2", "--scale", str(TEST_SCALE),
                 "--fixed-departures", "--workers", "2", "--lang", "zh", "-o", str(out),
                 "--robust", "2", "--quiet"]) == 0
    printed = capsys.readouterr().out
    assert "| 指标 | 现行作息（8:00-17:00，午休2小时） | 8:30上班（午休1.5小时） |" in printed
    assert any(line.endswith("出发时间按计划固定") for line in printed.splitlines())  # its note
    with (out / "comparison.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    delay = [r for r in rows if r["kpi"] == "delay_pcu_h"]
    assert [r["scenario"] for r in delay] == ["baseline_8to5", "proposal_0830"]
    assert float(delay[0]["difference"]) == 0.0 and delay[1]["difference_low"] != ""
    every = (out / "comparison_all.md").read_text(encoding="utf-8").splitlines()
    assert len(every) == 2 + len({r["kpi"] for r in rows}) + 2  # header, rule, rows, note
    assert every[-1].endswith("出发时间按计划固定")
    assert any(line.startswith("| 资江西桥（北向）: ") for line in every)  # bridges by name
    with (out / "kpis_by_seed.csv").open(encoding="utf-8") as handle:
        by_seed = {(row["scenario"], row["seed"]): float(row["value"])
                   for row in csv.DictReader(handle) if row["kpi"] == "delay_pcu_h"}
    assert set(by_seed) == {(n, s) for n in ("baseline_8to5", "proposal_0830") for s in "12"}
    for (name, seed), delay in by_seed.items():
        run = json.loads((out / "runs" / name / f"seed_{seed}" / "kpis.json").read_text())
        assert (run["scenario"], run["seed"]) == (name, int(seed))
        # kpis_by_seed.csv holds three decimals
        assert run["delay_pcu_h"] == pytest.approx(delay, abs=5e-4), "the run is the table's"
    finding = (out / "finding.md").read_text(encoding="utf-8")
    assert finding.count("\n\n") >= 2 and "| 道路延误（各项假设范围内） | " in finding
    assert "假设范围：通行能力±15%" in finding and "共2组" in finding
    with (out / "robust.csv").open(encoding="utf-8") as handle:
        robust = [r for r in csv.DictReader(handle) if r["kpi"] == "delay_pcu_h"]
    assert [(r["scenario"], r["point"]) for r in robust] == [
        (name, p) for name in ("baseline_8to5", "proposal_0830") for p in "012"]
    assert robust[0]["capacity"] == "" and 0.85 <= float(robust[1]["capacity"]) <= 1.15
    # the nominal point is seed 1 as in the comparison: fixed departures, the same run
    assert float(robust[0]["value"]) == pytest.approx(by_seed[("baseline_8to5", "1")],
                                                      abs=5e-4)
    assert (out / "briefing.pdf").stat().st_size > 100_000
    assert (out / "congestion_day.gif").stat().st_size > 100_000
    for figure in ("road_load", "bridge_flows", "delay_saved", "school_runs",
                   "commute_office", "peak_speed", "speed_change"):
        width, height = _png_size(out / f"{figure}.png")
        assert width > 400 and height > 300, figure


def test_bad_compare_arguments_write_nothing(tmp_path, capsys):
    out = tmp_path / "cmp"
    assert main(["compare", str(SHAOYANG / "baseline_8to5.toml"), "--seeds", "0",
                 "-o", str(out), "--quiet"]) == 2
    assert "--seeds: 0 is not allowed; use a whole number >= 1" in capsys.readouterr().err
    missing = tmp_path / "missing.toml"
    assert main(["compare", str(SHAOYANG / "baseline_8to5.toml"), str(missing), "-o", str(out),
                 "--quiet"]) == 2
    assert "missing.toml" in capsys.readouterr().err
    assert main(["compare", str(SHAOYANG / "baseline_8to5.toml"), "-o", str(out)]) == 2
    assert "needs at least two scenarios" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def _png_size(path) -> tuple[int, int]:
    """(width, height) in pixels from a PNG's header (its IHDR chunk)."""
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n", f"{path.name} is not a PNG"
    return struct.unpack(">II", header[16:24])

"""Sweeps lose nothing: the same results on any number of workers, failures recorded,
and a sweep killed with SIGKILL finishes on restart with no run lost or repeated."""

import csv
import json
import os
import signal
import subprocess
import sys
import time

import numpy as np
import pytest

from sim import cores
from sim.behaviour import prices
from sim.sweep import runner as sweep_runner
from sim.sweep import sweep, sweep_spec
from sim.sweep.runner import plan_runs, run_one

from ..conftest import SCENARIOS, SHAOYANG, TEST_SCALE

pytestmark = pytest.mark.integration  # whole runs of the city


# a morning of the city at the tests' scale, departures fixed: enough for the sweep
# machinery, a fraction of an adapted day's cost
MORNING = {"simulation.scale": TEST_SCALE, "simulation.end": "12:00",
           "equilibrium.iterations": 0}


def _spec(seeds=(1, 2)):
    return sweep_spec(SHAOYANG / "proposal_9to5.toml",
                      {"schedules.office.compliance": {"range": [0.0, 1.0], "steps": 2}},
                      seeds=list(seeds), fixed=MORNING)


def _runs_stored(folder):
    return sorted((folder / "runs").glob("*.json"))


# one day of adaptation on V1's single road, small enough to run in a second
ADAPTING = (str(SCENARIOS / "validation" / "vickrey_single.toml"),
            {"simulation.scale": 0.1, "simulation.dt_s": 2.0, "equilibrium.iterations": 1})


def test_an_adapting_run_records_its_last_gap_and_departures_part():
    outcome = run_one(*ADAPTING)
    kpis = outcome["kpis"]
    assert outcome["status"] == "done" and 0 < kpis["adaptation.relative_gap"] < 1
    # one road: the fastest-looking route is the road itself
    assert kpis["adaptation.departure_gap"] == kpis["adaptation.relative_gap"]


def test_a_run_s_solves_use_the_threads_it_is_given(monkeypatch):
    """A sweep's worker passes its share of the cores to each run it makes."""
    pools = []

    class Recorded(prices.ThreadPoolExecutor):
        def __init__(self, max_workers):
            pools.append(max_workers)
            super().__init__(max_workers)

    monkeypatch.setattr(prices, "ThreadPoolExecutor", Recorded)
    monkeypatch.setattr(cores, "available_cores", lambda: 4)
    monkeypatch.delenv(cores.THREADS_VARIABLE, raising=False)
    assert run_one(*ADAPTING, threads=1)["status"] == "done"
    limited, pools[:] = list(pools), []
    assert run_one(*ADAPTING)["status"] == "done"
    # one group of travellers is cut into two parts: two threads at most
    assert limited and set(limited) == {1} and set(pools) == {2}
    assert cores.THREADS_VARIABLE not in os.environ


def test_one_and_two_workers_give_identical_runs(tmp_path):
    one = sweep(_spec(), out_dir=tmp_path / "one", workers=1)
    two = sweep(_spec(), out_dir=tmp_path / "two", workers=2)
    assert list(one["key"]) == list(two["key"])
    for column in one:
        if column == "elapsed_s":
            continue
        if one[column].dtype.kind == "f":
            assert np.array_equal(one[column], two[column], equal_nan=True), column
        else:
            assert list(one[column]) == list(two[column]), column
    assert set(one["status"]) == {"done"} and len(one["key"]) == 4
    import pyarrow.parquet as pq
    parquet = pq.read_table(tmp_path / "one" / "results.parquet").to_pydict()
    assert parquet["key"] == list(one["key"]) and parquet["seed"] == [1, 2, 1, 2]
    np.testing.assert_array_equal(parquet["delay_pcu_h"], one["delay_pcu_h"])


def test_dask_clusters_give_the_same_runs_as_local_workers(tmp_path):
    from distributed import LocalCluster

    local = sweep(_spec(), out_dir=tmp_path / "local", workers=1)
    started_here = sweep(_spec(), out_dir=tmp_path / "dask_local", dask_local=2)
    with LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None) as cluster:
        existing = sweep(_spec(), out_dir=tmp_path / "scheduler",
                         scheduler=cluster.scheduler_address)
    for dask in (started_here, existing):
        assert list(local["key"]) == list(dask["key"])
        for column in ("delay_pcu_h", "co2_t", "groups.office.lateness_share"):
            assert np.array_equal(local[column], dask[column], equal_nan=True), column


def test_a_failing_run_is_recorded_and_the_sweep_goes_on(tmp_path, monkeypatch):
    real = sweep_runner.run_day

    def fails_for_seed_2(scenario, **kwargs):
        if scenario.settings.simulation.seed == 2:
            raise RuntimeError("the road melted")
        return real(scenario, **kwargs)
    monkeypatch.setattr(sweep_runner, "run_day", fails_for_seed_2)
    table = sweep(_spec(), out_dir=tmp_path, workers=1)
    failed = table["status"] == "failed"
    assert list(table["seed"][failed]) == [2, 2] and np.sum(~failed) == 2
    assert all("RuntimeError: the road melted" in e for e in table["error"][failed])
    record = json.loads(next(p for p in _runs_stored(tmp_path)
                             if "melted" in p.read_text()).read_text())
    assert "Traceback" in record["traceback"] and "fails_for_seed_2" in record["traceback"]
    assert np.isnan(table["delay_pcu_h"][failed]).all()


def test_restarting_skips_finished_runs(tmp_path):
    sweep(_spec(seeds=(1,)), out_dir=tmp_path)
    stamps = {p.name: p.stat().st_mtime_ns for p in _runs_stored(tmp_path)}
    table = sweep(_spec(seeds=(1, 2)), out_dir=tmp_path)
    assert len(table["key"]) == 4 and len(_runs_stored(tmp_path)) == 4
    for path in _runs_stored(tmp_path):
        if path.name in stamps:
            assert path.stat().st_mtime_ns == stamps[path.name]


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_a_sweep_killed_with_sigkill_finishes_on_restart(tmp_path):
    spec = tmp_path / "spec.toml"
    spec.write_text(f'base = "{(SHAOYANG / "proposal_9to5.toml").as_posix()}"\n'
                    "seeds = [1, 2, 3]\n"
                    f'[fixed]\n"simulation.scale" = {TEST_SCALE}\n'
                    '"simulation.end" = "12:00"\n'
                    '"equilibrium.iterations" = 0\n'
                    '[parameters]\n"schedules.office.compliance" = '
                    "{ range = [0.0, 1.0], steps = 2 }\n", encoding="utf-8")
    out = tmp_path / "out"
    process = subprocess.Popen([sys.executable, "-m", "sim.cli", "sweep", str(spec), "-o",
                                str(out), "--quiet"], start_new_session=True)
    deadline = time.monotonic() + 300
    while len(_runs_stored(out)) < 2 and time.monotonic() < deadline:
        assert process.poll() is None, "the sweep ended before it could be killed"
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    stored = len(_runs_stored(out))
    assert 2 <= stored < 6 and not (out / "results.csv").exists()
    from sim.sweep import read_spec
    table = sweep(read_spec(spec), out_dir=out)
    assert len(table["key"]) == 6 and len(set(table["key"])) == 6
    assert set(table["status"]) == {"done"}
    assert len(_runs_stored(out)) == 6
    keys = {r.key for r in plan_runs(read_spec(spec))}
    assert {p.stem for p in _runs_stored(out)} == keys


def test_a_sobol_sweep_writes_the_indices_of_its_figures(tmp_path):
    swept = ("schedules.office.compliance", "population.drop_off_dwell_min")
    spec = sweep_spec(SHAOYANG / "proposal_9to5.toml",
                      {swept[0]: (0.0, 1.0), swept[1]: (2.0, 6.0)}, design="sobol", n=4,
                      fixed=MORNING,
                      sensitivity=["delay_pcu_h", "co2_t"])
    table = sweep(spec, out_dir=tmp_path, workers=2)
    assert len(table["key"]) == 4 * (2 + 2)
    with (tmp_path / "sensitivity.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["kpi"], r["parameter"]) for r in rows] == [
        (kpi, path) for kpi in ("delay_pcu_h", "co2_t") for path in swept]
    assert all(r["total_order"] != "" for r in rows)
    for figure in ("response.png", "heatmap.png", "tornado_1.png", "tornado_2.png"):
        assert (tmp_path / figure).stat().st_size > 10_000, figure

"""Run a sweep: every design point with every seed, in worker processes, stored as it ends.

Runs go to local worker processes, or to a Dask cluster (an existing
scheduler, or a LocalCluster started for the sweep; ``executors.py``). Runs
already in the store are skipped, so a sweep stopped in any way (even SIGKILL)
and started again finishes what is missing and repeats nothing. A
run that raises is stored with its error and traceback and the sweep goes on
(a failed run is tried again on the next start). Each run depends only on its
scenario and seed, so results are the same run by run whatever the workers.
Workers on this machine share its cores: each run's price solve gets cores /
workers threads (``cores.py``).
At the end the store becomes one tidy table: results.csv and, with pyarrow,
results.parquet, a row per run; a
Sobol' design adds sensitivity.csv, the Sobol' indices (``sensitivity.py``).
The figures (``plots.py``) are drawn last.
"""

from __future__ import annotations

import json
import time
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..behaviour import adaptation_kpis, run_day  # imported here: forked workers start warm
from ..cores import threads_limited
from ..executors import run_everywhere
from ..kpis.figures import day_figures, flat_kpis
from ..output import OutputFolder, atomic_file
from ..scenario import load_scenario
from ..tables import write_csv
from .design import design_points
from .sensitivity import sobol_table
from .spec import SweepSpec, read_spec, sweep_spec
from .store import read_record, run_key, write_record


@dataclass(frozen=True)
class Run:
    """One run of a sweep: a design point with a seed, and its key in the store."""

    point: int
    seed: int
    values: dict
    key: str


def plan_runs(spec: SweepSpec) -> list[Run]:
    """Every (point, seed) of the spec, in order, with its store key."""
    runs = []
    for point, values in enumerate(design_points(spec)):
        for seed in spec.seeds:
            scenario = load_scenario(spec.base, _overrides(spec, values, seed))
            runs.append(Run(point, seed, values, run_key(scenario.raw, seed)))
    return runs


def _overrides(spec: SweepSpec, values: dict, seed: int) -> dict:
    return {**spec.fixed, **values, "simulation.seed": seed}


def run_one(base: str, overrides: dict[str, Any], threads: int | None = None) -> dict:
    """Simulate one run and return its record: flat KPIs, or the error and traceback;
    its price solves use `threads` threads (None: every core, ``cores.py``)."""
    started = time.perf_counter()
    try:
        scenario = load_scenario(base, overrides)
        with threads_limited(threads):
            day, history = run_day(scenario)
        kpis = flat_kpis({**day_figures(day).kpis, "adaptation": adaptation_kpis(history)})
        return {"status": "done", "kpis": kpis, "error": "", "traceback": "",
                "elapsed_s": time.perf_counter() - started}
    except Exception as error:  # a failed run is recorded, and the sweep goes on
        return {"status": "failed", "kpis": {}, "error": f"{type(error).__name__}: {error}",
                "traceback": traceback.format_exc(), "elapsed_s": time.perf_counter() - started}


def _record(spec: SweepSpec, run: Run, outcome: dict) -> dict:
    return {"key": run.key, "point": run.point, "seed": run.seed, "values": run.values,
            "base": str(spec.base), **outcome}


def _execute(spec: SweepSpec, todo: list[Run], folder: Path, on_done, *, workers: int,
             scheduler: str | None, dask_local: int | None) -> None:
    """Run `todo` where asked (``executors.run_everywhere``), storing each as it ends."""
    def stored(i: int, outcome: dict) -> None:
        record = _record(spec, todo[i], outcome)
        write_record(folder, record["key"], record)
        on_done(record)
    arguments = [(str(spec.base), _overrides(spec, run.values, run.seed)) for run in todo]
    run_everywhere(run_one, arguments, stored, workers=workers, scheduler=scheduler,
                   dask_local=dask_local)


def table_cell(value: Any) -> Any:
    return json.dumps(value) if isinstance(value, (list, dict)) else value


def tidy_table(spec: SweepSpec, runs: list[Run], records: list[dict]) -> dict[str, np.ndarray]:
    """Columns of results.csv, a row per run of the plan: key, point, seed, status, the
    parameters, elapsed, error, the KPIs. Two points that are the same run (as the A and
    AB matrices of a one-parameter Sobol' design) share its record."""
    kpis = list(dict.fromkeys(k for r in records for k in r["kpis"]))
    columns: dict[str, list] = {"key": [], "point": [], "seed": [], "status": []}
    columns.update({p.path: [] for p in spec.parameters})
    columns.update({"elapsed_s": [], "error": []})
    columns.update({k: [] for k in kpis})
    for run, r in zip(runs, records):
        for name, value in (("key", run.key), ("point", run.point), ("seed", run.seed)):
            columns[name].append(value)
        for name in ("status", "elapsed_s", "error"):
            columns[name].append(r[name])
        for p in spec.parameters:
            columns[p.path].append(table_cell(run.values[p.path]))
        for k in kpis:
            columns[k].append(r["kpis"].get(k, np.nan))
    return {name: np.array(values, dtype=np.float64 if name in kpis else object)
            for name, values in columns.items()}


def sweep(spec: SweepSpec | str | Path, parameters: dict | None = None, *,
          out_dir: str | Path, design: str = "grid", n: int | None = None,
          seeds: int | list[int] = 1, fixed: dict | None = None, design_seed: int = 0,
          workers: int = 1, scheduler: str | None = None, dask_local: int | None = None,
          progress: bool = False, force: bool = False) -> dict[str, np.ndarray]:
    """Run a sweep and return its tidy table (also written to out_dir/results.csv).

    Parameters
    ----------
    spec : a SweepSpec, a spec TOML file, or (with `parameters`) the base scenario file.
    parameters : dotted path -> (low, high) range or [values] (with a base scenario).
    out_dir : the store; runs already in it are not run again.
    design, n, seeds, fixed, design_seed : as in a spec file (``spec.py``).
    workers : local worker processes (1: run in this process).
    scheduler : address of a running Dask scheduler to send the runs to.
    dask_local : start a dask.distributed LocalCluster of this many worker processes.
    progress : show a bar with runs done, failed and the time left.
    force : keep a store in a non-empty folder staggersim did not write (``output.py``).
    """
    if parameters is not None:
        spec = sweep_spec(spec, parameters, design=design, n=n, seeds=seeds, fixed=fixed,
                          design_seed=design_seed)
    elif not isinstance(spec, SweepSpec):
        spec = read_spec(spec)
    runs = plan_runs(spec)
    spec_file = Path(spec.source)
    inputs = (*load_scenario(spec.base).input_paths,
              *((spec_file,) if spec_file.is_file() else ()))
    with OutputFolder.claim(out_dir, inputs=inputs, force=force, what="sweep").store() as folder:
        return _sweep_into(folder, spec, runs, workers=workers, scheduler=scheduler,
                           dask_local=dask_local, progress=progress)


def _sweep_into(folder: Path, spec: SweepSpec, runs: list[Run], *, workers: int,
                scheduler: str | None, dask_local: int | None,
                progress: bool) -> dict[str, np.ndarray]:
    """The sweep's runs stored in `folder`, then its table and figures."""
    unique = list({r.key: r for r in runs}.values())
    todo = [r for r in unique if (read_record(folder, r.key) or {}).get("status") != "done"]
    bar = _bar(len(unique), len(unique) - len(todo), progress)
    failed = [0]

    def on_done(record: dict) -> None:
        failed[0] += record["status"] == "failed"
        if bar is not None:
            bar.set_postfix(failed=failed[0])
            bar.update()
    try:
        _execute(spec, todo, folder, on_done, workers=workers, scheduler=scheduler,
                 dask_local=dask_local)
    finally:
        if bar is not None:
            bar.close()
    records = [read_record(folder, r.key) for r in runs]
    table = tidy_table(spec, runs, records)
    _write_table(folder / "results.csv", table)
    _write_parquet(folder / "results.parquet", table)
    indices = None
    if spec.design == "sobol":
        indices = sobol_table(spec, table, list(spec.sensitivity))
        _write_table(folder / "sensitivity.csv", indices)
    from .plots import draw_sweep_figures  # matplotlib only when figures are drawn

    draw_sweep_figures(spec, table, folder, indices)
    return table


def _write_table(path: Path, columns: dict[str, np.ndarray]) -> None:
    """A CSV written whole or not at all (temporary file, then rename)."""
    with atomic_file(path) as scratch:
        write_csv(scratch, columns, decimals=9)


def _write_parquet(path: Path, columns: dict[str, np.ndarray]) -> None:
    """The table as Parquet (pyarrow, in the `dist` extra), written whole or not at all;
    point and seed as integers, other non-numeric columns as text."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        return
    arrays = {name: (values if values.dtype.kind == "f" else
                     values.astype(np.int64) if name in ("point", "seed") else
                     values.astype(str)) for name, values in columns.items()}
    with atomic_file(path) as scratch:
        pq.write_table(pa.table(arrays), scratch)


def _bar(total: int, done: int, show: bool):
    if not show:
        return None
    from tqdm import tqdm

    return tqdm(total=total, initial=done, unit="run", desc="sweep", disable=None)

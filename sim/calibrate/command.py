"""`staggersim calibrate`: fit a scenario's fields to observed indicators and write the
calibrated scenario with a report.

The output folder follows the policy of ``output.py`` (claimed before any run,
whole or not at all):
    calibrated.toml   the base scenario with the fitted fields (it `extends` the base)
    report.md         each target against the model before and after, the fitted
                      values and their sensitivity, with every target's source
    targets.csv, fields.csv, sensitivity.csv   the same as tables
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import numpy as np

from ..output import OutputFolder
from ..scenario import Scenario, load_scenario
from ..tables import write_csv
from .fit import Calibration, calibrate_fields
from .indicators import INDICATORS
from .targets import CalibrationPlan, read_targets

BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")


def _toml_key(path: str) -> str:
    return ".".join(k if BARE_KEY.match(k) else f'"{k}"' for k in path.split("."))


def calibrated_toml(base: Scenario, plan: CalibrationPlan, result: Calibration,
                    folder: Path) -> str:
    """The calibrated scenario: the base, extended, with each fitted field stated."""
    extends = os.path.relpath(base.path, folder)
    lines = [f"# {base.name} calibrated to {Path(plan.source).name} by staggersim calibrate",
             "# (docs/calibration.md); each fitted field's range is in report.md.",
             f'extends = "{extends}"', ""]
    lines += [f"{_toml_key(p.path)} = {float(v):.4g}"
              for p, v in zip(plan.fields, result.fitted)]
    return "\n".join(lines) + "\n"


def _number(value: float) -> str:
    return f"{value:.3g}"


def report_markdown(plan: CalibrationPlan, result: Calibration) -> str:
    """Targets before and after, the fitted fields, their sensitivity, the sources."""
    summary = (f"Targets: `{plan.source}`; scale {plan.scale:g}, seeds "
               f"{', '.join(map(str, plan.seeds))}; {result.rounds} round(s), {result.runs} "
               "runs. Before and after are adapted runs (the city's default answer).")
    lines = ["# Calibration", "", summary, "",
             "| indicator | place | target | before | after | met |", "|---|---|---|---|---|---|"]
    for t, b, a in zip(plan.targets, result.before, result.after):
        lines.append(f"| {t.indicator} | {t.place} | {_number(t.value)} +- "
                     f"{_number(t.tolerance)} | {_number(b)} | {_number(a)} | "
                     f"{'yes' if t.met(a) else 'no'} |")
    lines += ["", "| field | range | prior | before | fitted |", "|---|---|---|---|---|"]
    for p, prior, s, f in zip(plan.fields, plan.priors, result.start, result.fitted):
        known = "" if prior is None else f"{_number(prior.value)} +- {_number(prior.sd)}"
        lines.append(f"| `{p.path}` | {_number(p.low)} to {_number(p.high)} | {known} | "
                     f"{_number(s)} | {_number(f)} |")
    sensitivity = ("Sensitivity at the fitted values (departures fixed): change in each "
                   "indicator per unit of each field.")
    lines += ["", sensitivity, "",
              "| indicator | " + " | ".join(f"`{p.path}`" for p in plan.fields) + " |",
              "|---|" + "---|" * len(plan.fields)]
    for t, row in zip(plan.targets, result.sensitivity):
        lines.append(f"| {t.indicator} | " + " | ".join(_number(v) for v in row) + " |")
    lines += ["", "Sources:", ""]
    lines += [f"- {t.indicator} ({t.place}): {t.source}" for t in plan.targets]
    return "\n".join(lines) + "\n"


def calibrate(scenario: str | Path, targets: str | Path, out_dir: str | Path, *,
              workers: int = 1, force: bool = False, progress: bool = False) -> Calibration:
    """Fit the fields named in `targets` of `scenario` and write the calibrated scenario
    and its report to `out_dir` (see the module docstring)."""
    base = load_scenario(scenario)
    plan = read_targets(targets, base.path)
    out = OutputFolder.claim(out_dir, inputs=[*base.input_paths, Path(targets)], force=force,
                             what="calibrate")
    start = np.array([float(base.stated(p.path)) for p in plan.fields])

    def said(k: int, fitted: np.ndarray, adapted: np.ndarray) -> None:
        if progress:
            met = sum(t.met(v) for t, v in zip(plan.targets, adapted))
            print(f"round {k}: {met} of {len(plan.targets)} targets met", flush=True)
    result = calibrate_fields(base, plan, start, workers=workers, on_round=said)
    with out.writing() as folder:
        (folder / "calibrated.toml").write_text(
            calibrated_toml(base, plan, result, Path(out_dir).resolve()), encoding="utf-8")
        (folder / "report.md").write_text(report_markdown(plan, result), encoding="utf-8")
        write_csv(folder / "targets.csv", {
            "indicator": np.array([t.indicator for t in plan.targets]),
            "unit": np.array([INDICATORS[t.indicator][1] for t in plan.targets]),
            "value": np.array([t.value for t in plan.targets]),
            "tolerance": np.array([t.tolerance for t in plan.targets]),
            "before": result.before, "after": result.after,
            "met": np.array([t.met(a) for t, a in zip(plan.targets, result.after)]),
            "place": np.array([t.place for t in plan.targets]),
            "source": np.array([t.source for t in plan.targets])})
        write_csv(folder / "fields.csv", {
            "field": np.array([p.path for p in plan.fields]),
            "low": np.array([p.low for p in plan.fields]),
            "high": np.array([p.high for p in plan.fields]),
            "before": result.start, "fitted": result.fitted})
        write_csv(folder / "sensitivity.csv", {
            "indicator": np.repeat([t.indicator for t in plan.targets], len(plan.fields)),
            "field": np.tile([p.path for p in plan.fields], len(plan.targets)),
            "per_unit": result.sensitivity.ravel()})
    return result

"""What a sweep runs: a base scenario, parameters by dotted path, a design, seeds.

A spec is a TOML file (or the same as Python values, ``sweep_spec``):

    base = "../shaoyang/proposal_9to5.toml"   # relative to the spec
    design = "sobol"                          # "grid", "lhs" or "sobol"
    n = 16                                    # lhs: points; sobol: base points, a power
                                              # of 2, for n x (parameters + 2) runs
    seeds = [1, 2]
    design_seed = 0                           # draws of lhs and sobol
    sensitivity = ["delay_pcu_h"]             # sobol: figures to compute Sobol' indices of
    [fixed]                                   # set in every run
    "simulation.scale" = 0.25
    [parameters]
    "schedules.office.compliance" = { range = [0.0, 1.0], steps = 5 }
    "population.lunch_home.share" = { values = [[0.0, 0.1], [0.0, 0.3]] }

A range is sampled continuously (lhs, sobol) or at `steps` even points
(grid); a list of values is sampled by index. Every parameter's path is
checked against the scenario schema before any run starts.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError, ScenarioError
from ..scenario import load_scenario
from ..scenario.load import read_toml

DESIGNS = ("grid", "lhs", "sobol")


@dataclass(frozen=True)
class Parameter:
    """One swept field: a range [low, high] (`steps` points on a grid) or a list of values."""

    path: str
    low: float | None = None
    high: float | None = None
    steps: int | None = None
    values: tuple = ()
    integer: bool = False

    def at(self, u: float) -> Any:
        """The value at u in [0, 1): along the range, or the value of index floor(u x k)."""
        if self.values:
            return self.values[min(int(u * len(self.values)), len(self.values) - 1)]
        if self.integer:
            return int(min(math.floor(self.low + u * (self.high - self.low + 1)), self.high))
        return float(self.low + u * (self.high - self.low))

    def grid(self) -> list:
        """The grid values: each listed value, or `steps` even points of the range."""
        if self.values:
            return list(self.values)
        if self.steps == 1:
            return [self.at(0.0)]
        points = [self.low + i * (self.high - self.low) / (self.steps - 1)
                  for i in range(self.steps)]
        return [int(round(p)) if self.integer else float(p) for p in points]


@dataclass(frozen=True)
class SweepSpec:
    """A checked sweep: runs are design points x seeds of the base scenario."""

    base: Path
    parameters: tuple[Parameter, ...]
    design: str = "grid"
    n: int | None = None
    seeds: tuple[int, ...] = (1,)
    design_seed: int = 0
    fixed: dict = field(default_factory=dict)
    sensitivity: tuple[str, ...] = ("delay_pcu_h",)
    source: str = "sweep"


def _fail(source: str, where: str, message: str) -> None:
    raise InputError(message, file=source, field=where)


def _parameter(path: str, entry: Any, design: str, source: str) -> Parameter:
    where = f"parameters.{path}"
    if isinstance(entry, (list, tuple)) and not isinstance(entry, dict):
        entry = {"values": list(entry)} if isinstance(entry, list) else {"range": list(entry)}
    if not isinstance(entry, dict) or ("range" in entry) == ("values" in entry):
        _fail(source, where, "give either range = [low, high] or values = [...]")
    unknown = set(entry) - {"range", "values", "steps", "integer"}
    if unknown:
        _fail(source, where, f"unknown key {sorted(unknown)[0]!r}; allowed: range, values, "
                             "steps, integer")
    if "values" in entry:
        if not isinstance(entry["values"], list) or not entry["values"]:
            _fail(source, where, "values must be a non-empty list")
        return Parameter(path, values=tuple(entry["values"]))
    bounds = entry["range"]
    if (not isinstance(bounds, list) or len(bounds) != 2
            or not all(isinstance(b, (int, float)) for b in bounds) or not bounds[0] < bounds[1]):
        _fail(source, where, "range must be [low, high] with low < high (an empty range "
                             "sweeps nothing)")
    steps = entry.get("steps")
    if design == "grid" and (not isinstance(steps, int) or steps < 1):
        _fail(source, where, "a grid needs steps = a whole number >= 1 for a range")
    return Parameter(path, low=float(bounds[0]), high=float(bounds[1]), steps=steps,
                     integer=bool(entry.get("integer", False)))


MAX_POINTS = 100_000
MAX_SEEDS = 1_000


def sweep_spec(base: str | Path, parameters: dict, *, design: str = "grid", n: int | None = None,
               seeds: int | list[int] = 1, design_seed: int = 0, fixed: dict | None = None,
               sensitivity: list[str] | None = None, source: str = "sweep") -> SweepSpec:
    """A checked spec from Python values (see the module docstring); InputError naming the
    field if anything is wrong, before any run."""
    if design not in DESIGNS:
        _fail(source, "design", f"{design!r} is not a design; allowed: {', '.join(DESIGNS)}")
    if not isinstance(parameters, dict) or not parameters:
        _fail(source, "parameters", "give at least one parameter to sweep")
    if not isinstance(fixed, (dict, type(None))):
        _fail(source, "fixed", "give a table of dotted field = value")
    if isinstance(design_seed, bool) or not isinstance(design_seed, int) or design_seed < 0:
        _fail(source, "design_seed", "give a whole number >= 0")
    if design != "grid":
        if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= MAX_POINTS:
            _fail(source, "n", f"the {design} design needs n = a whole number from 1 to "
                               f"{MAX_POINTS:,}")
        if design == "sobol" and n & (n - 1):
            _fail(source, "n", f"Sobol points come in powers of two; n = {n} is not one "
                               f"(use {1 << (n - 1).bit_length()} or {1 << (n.bit_length() - 1)})")
    if isinstance(seeds, int) and not isinstance(seeds, bool) and 1 <= seeds <= MAX_SEEDS:
        seed_list = list(range(1, seeds + 1))
    elif isinstance(seeds, list) and 0 < len(seeds) <= MAX_SEEDS:
        seed_list = list(seeds)
    else:
        seed_list = []
    if not seed_list or not all(isinstance(s, int) and not isinstance(s, bool) and s >= 0
                                for s in seed_list):
        _fail(source, "seeds", f"give a number of seeds from 1 to {MAX_SEEDS:,} or a list of "
                               "whole numbers >= 0")
    figures = ["delay_pcu_h"] if sensitivity is None else sensitivity
    if not isinstance(figures, list) or not all(isinstance(f, str) for f in figures):
        _fail(source, "sensitivity", "give a list of figure names of results.csv")
    spec = SweepSpec(base=Path(base), design=design, n=n, seeds=tuple(seed_list),
                     design_seed=design_seed, fixed=dict(fixed or {}), source=source,
                     sensitivity=tuple(figures),
                     parameters=tuple(_parameter(p, e, design, source)
                                      for p, e in parameters.items()))
    _check_paths(spec)
    return spec


def _check_paths(spec: SweepSpec) -> None:
    """Load the base with every parameter at its first and last value (and build its
    network when a network field varies): an unknown path, link or a value the schema
    refuses is an error now, not in the middle of the sweep."""
    from ..demand.city import build_city

    network = any(path.startswith("network.")
                  for path in [*spec.fixed, *(p.path for p in spec.parameters)])
    for edge in (0.0, 0.999999):
        values = {**spec.fixed, **{p.path: p.at(edge) for p in spec.parameters}}
        try:
            scenario = load_scenario(spec.base, values)
            if network:  # link ids are known only once the network is read
                build_city(scenario)
        except ScenarioError as error:
            where = error.field or ""
            swept = next((p.path for p in spec.parameters
                          if where and (where.startswith(p.path) or p.path.startswith(where))),
                         None)
            field = f"parameters.{swept}" if swept else f"fixed.{where}" if where else "base"
            origin = "" if error.file in (None, "override") else f" (in {error.file})"
            _fail(spec.source, field, f"{error.reason}{origin}")


def read_spec(path: str | Path) -> SweepSpec:
    """Read and check a sweep spec TOML file."""
    path = Path(path)
    data = read_toml(path)
    allowed = ("base", "design", "n", "seeds", "design_seed", "fixed", "parameters",
               "sensitivity")
    unknown = set(data) - set(allowed)
    if unknown:
        _fail(str(path), sorted(unknown)[0], f"unknown key; allowed: {', '.join(allowed)}")
    if not isinstance(data.get("base"), str) or not data["base"].strip():
        _fail(str(path), "base", "give the base scenario file, relative to the spec")
    return sweep_spec(path.parent / data["base"], data.get("parameters", {}),
                      design=data.get("design", "grid"), n=data.get("n"),
                      seeds=data.get("seeds", 1), design_seed=data.get("design_seed", 0),
                      fixed=data.get("fixed", {}), sensitivity=data.get("sensitivity"),
                      source=str(path))

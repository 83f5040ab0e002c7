"""What a calibration fits to what: observed indicators, each with its tolerance and
source, and the scenario fields allowed to move, each within a range.

A targets file is TOML:

    scale = 0.1            # population scale of the runs
    seeds = [1]
    rounds = 2             # fits of the fixed-departure model, each corrected by an
                           # adapted run (docs/calibration.md)
    [fit]                  # dotted scenario fields and the range each may take
    "network.facility_types.street.capacity_factor" = { range = [0.7, 1.35] }
    # a field may carry what is known of it beforehand: its value and standard deviation,
    # entered as a residual of its own, (field - prior) / prior_sd
    "groups.enterprise.flex_min" = { range = [0.0, 120.0], prior = 60.0, prior_sd = 30.0 }
    [targets.peak_delay_index]          # an indicator of ``indicators.INDICATORS``
    value = 1.45
    tolerance = 0.15                    # met when the model is within value +- tolerance
    place = "comparable"                # "Shaoyang", or a comparable city or class of city
    source = "Gaode, China Major Cities Traffic Analysis Report 2020 ..."

Every field is checked before any run, as a sweep's parameters are. Fields without
a prior may be at most as many as the targets: more would be left undetermined.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..scenario.load import read_toml
from ..sweep.spec import Parameter, sweep_spec
from .indicators import INDICATORS

TOP_KEYS = ("scale", "seeds", "rounds", "fit", "targets")
TARGET_KEYS = ("value", "tolerance", "place", "source")
MAX_ROUNDS = 5


@dataclass(frozen=True)
class Target:
    """An observed indicator: the model meets it within value +- tolerance."""

    indicator: str
    value: float
    tolerance: float
    place: str
    source: str

    def met(self, model: float) -> bool:
        return abs(model - self.value) <= self.tolerance


@dataclass(frozen=True)
class Prior:
    """What is known of a field before the fit: its value and standard deviation."""

    value: float
    sd: float


@dataclass(frozen=True)
class CalibrationPlan:
    """The targets, the fitted fields (ranges and priors, None where a field has none),
    and how the model is run while fitting."""

    targets: tuple[Target, ...]
    fields: tuple[Parameter, ...]
    scale: float
    seeds: tuple[int, ...]
    rounds: int
    source: str
    priors: tuple[Prior | None, ...]


def _fail(source: str, field: str, message: str) -> None:
    raise InputError(message, file=source, field=field)


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _target(name: str, entry: Any, source: str) -> Target:
    where = f"targets.{name}"
    if name not in INDICATORS:
        _fail(source, where, f"unknown indicator; allowed: {', '.join(INDICATORS)}")
    if not isinstance(entry, dict):
        _fail(source, where, f"give a table of {', '.join(TARGET_KEYS)}")
    unknown = set(entry) - set(TARGET_KEYS)
    if unknown:
        _fail(source, f"{where}.{min(unknown)}",
              f"unknown key; allowed: {', '.join(TARGET_KEYS)}")
    if not _number(entry.get("value")):
        _fail(source, f"{where}.value", "give the observed value, a number")
    if not _number(entry.get("tolerance")) or entry["tolerance"] <= 0:
        _fail(source, f"{where}.tolerance", "give a number > 0: the model meets the target "
                                            "within value +- tolerance")
    for key in ("place", "source"):
        if not isinstance(entry.get(key), str) or not entry[key].strip():
            _fail(source, f"{where}.{key}", "give the city the figure is of and its public "
                                            "source: a target without them is not defensible")
    return Target(name, float(entry["value"]), float(entry["tolerance"]), entry["place"],
                  entry["source"])


FIELD_KEYS = ("range", "prior", "prior_sd")


def _prior(name: str, entry: Any, source: str) -> Prior | None:
    """A fitted field's prior, None without; its range is checked with the sweep's."""
    where = f"fit.{name}"
    if not isinstance(entry, dict) or "range" not in entry or set(entry) - set(FIELD_KEYS):
        _fail(source, where, "give { range = [low, high] } and, if known, prior = value, "
                             "prior_sd = its standard deviation")
    if ("prior" in entry) != ("prior_sd" in entry):
        _fail(source, where, "give both prior and prior_sd, or neither")
    if "prior" not in entry:
        return None
    if not _number(entry["prior"]):
        _fail(source, f"{where}.prior", "give a number")
    if not _number(entry["prior_sd"]) or entry["prior_sd"] <= 0:
        _fail(source, f"{where}.prior_sd", "give a number > 0")
    return Prior(float(entry["prior"]), float(entry["prior_sd"]))


def read_targets(path: str | Path, base: str | Path) -> CalibrationPlan:
    """Read and check a targets file against the scenario `base` it calibrates."""
    source = str(path)
    data = read_toml(Path(path))
    unknown = set(data) - set(TOP_KEYS)
    if unknown:
        _fail(source, min(unknown), f"unknown key; allowed: {', '.join(TOP_KEYS)}")
    targets = data.get("targets")
    if not isinstance(targets, dict) or not targets:
        _fail(source, "targets", "give at least one [targets.<indicator>] table")
    fit = data.get("fit")
    if not isinstance(fit, dict) or not fit:
        _fail(source, "fit", 'give at least one field to fit: "dotted.field" = '
                             '{ range = [low, high] }')
    priors = tuple(_prior(name, entry, source) for name, entry in fit.items())
    free = sum(prior is None for prior in priors)
    if free > len(targets):
        _fail(source, "fit", f"{free} fields without a prior cannot be fitted to "
                             f"{len(targets)} targets; fit at most as many fields as there "
                             "are targets, or give the others a prior")
    rounds = data.get("rounds", 2)
    if isinstance(rounds, bool) or not isinstance(rounds, int) or not 1 <= rounds <= MAX_ROUNDS:
        _fail(source, "rounds", f"give a whole number from 1 to {MAX_ROUNDS}")
    ranges = {name: {"range": entry["range"]} for name, entry in fit.items()}
    scale = data.get("scale", 0.1)
    try:  # the fields' paths and ranges, checked as a sweep's parameters are
        checked = sweep_spec(base, ranges, design="lhs", n=1, seeds=data.get("seeds", [1]),
                             fixed={"simulation.scale": scale}, source=source)
    except InputError as error:
        field = (error.field or "").replace("parameters.", "fit.", 1).replace(
            "fixed.simulation.scale", "scale")
        raise InputError(error.reason, file=source, field=field) from None
    return CalibrationPlan(
        targets=tuple(_target(name, entry, source) for name, entry in targets.items()),
        fields=checked.parameters, scale=float(scale), seeds=checked.seeds, rounds=rounds,
        source=source, priors=priors)

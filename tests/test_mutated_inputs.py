"""Mutated copies of the shipped scenarios, GMNS tables and trip table: each loads, or
fails with the project's own error naming the file and the field or line; nothing that
loads runs to an infinite figure. `make test-slow` tries thousands of mutants."""

import math
import re
import shutil
import warnings
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sim.compare.comparison import flat_kpis
from sim.demand.triptable import read_trip_table
from sim.errors import InputError
from sim.kpis.metrics import day_kpis
from sim.network import read_gmns
from sim.scenario import load_scenario
from sim.simulate.day import simulate_day
from sim.traffic.series import link_series
from sim.tripload import run_trip_table

from .conftest import SCENARIOS

SCENARIO_FILES = ("shaoyang/baseline_8to5.toml", "shaoyang/proposal_9to5.toml",
                  "shaoyang/outside_core_first.toml", "validation/vickrey_single.toml",
                  "validation/two_routes.toml")
TABLES = ("shaoyang/network/link.csv", "shaoyang/network/node.csv",
          "shaoyang/network/config.csv", "validation/d1_bottleneck/link.csv",
          "validation/d1_bottleneck/demand.csv")
VALUES = ["nan", "inf", "-inf", "1e308", "-1", "0", "1e-300", '"0.5"', "true", "[]",
          "[1, 2]", "{}", '"25:00"', '"07.00"', '"08:30"', "99999999999999999999",
          '["09:00-08:00"]', '""', '"\\u0000"', "[[[[[[[[[[[[]]]]]]]]]]]]", "1_000", "0.5",
          "2147483648", '"../gone.toml"', '"' + "x" * 5000 + '"']
CELLS = ["nan", "inf", "-1", "0", "1e-300", "1e300", "1,5", '"1,5"', "", "\uff11\uff18",
         "\u0661", "x", "07.00", "1e9", "07:00:00,5", "1_000", "25:00", "\0", "1" * 400]
FAST = settings(max_examples=60, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])
SLOW = settings(FAST, max_examples=1200)


def _mutated_text(text: str, data) -> bytes:
    """`text` with one mutation drawn by `data`: a value replaced, a line deleted or
    added, the file truncated, bytes inserted, or another encoding or line end."""
    lines = text.splitlines(keepends=True)
    kind = data.draw(st.sampled_from(["value", "delete", "unknown", "truncate", "bytes",
                                      "encoding", "nest", "number"]))
    at = data.draw(st.integers(0, max(0, len(lines) - 1)))
    if kind == "value" and "=" in lines[at]:
        key = lines[at].split("=", 1)[0]
        lines[at] = f"{key}= {data.draw(st.sampled_from(VALUES))}\n"
    elif kind == "number" and "=" in lines[at]:
        key = lines[at].split("=", 1)[0]
        number = data.draw(st.one_of(st.integers(-2 ** 63, 2 ** 63 - 1), st.floats()))
        lines[at] = f"{key}= {str(number).lower()}\n"  # inf and nan are TOML too
    elif kind == "delete" and lines:
        del lines[at]
    elif kind == "unknown":
        lines.insert(at, "unknown_key = 1\n")
    elif kind == "nest":
        lines.insert(0, "deep = " + "[" * 5000 + "]" * 5000 + "\n")
    raw = "".join(lines).encode("utf-8")
    if kind == "truncate":
        return raw[:data.draw(st.integers(0, len(raw)))]
    if kind == "bytes":
        where = data.draw(st.integers(0, len(raw)))
        return raw[:where] + data.draw(st.binary(min_size=1, max_size=8)) + raw[where:]
    if kind == "encoding":
        encoding = data.draw(st.sampled_from(["utf-8-sig", "utf-16", "gb18030", "latin-1"]))
        return "".join(lines).replace("\n", "\r\n").encode(encoding, errors="replace")
    return raw


_PLAIN_NUMBER = re.compile(r"(?<![\w.:\-])\d+(\.\d+)?(?![\w.:])")


def _scaled_number(text: str, data) -> bytes:
    """`text` with one of its plain numbers (not a clock time or an id's part) scaled by a
    drawn factor: mutants that mostly load, to run."""
    found = list(_PLAIN_NUMBER.finditer(text))
    match = found[data.draw(st.integers(0, len(found) - 1))]
    value = float(match.group(0)) * data.draw(st.sampled_from([0.0, 0.01, 0.5, 2.0, 10.0, 1e3]))
    number = f"{value:g}" if match.group(1) or not value.is_integer() else str(int(value))
    return (text[:match.start()] + number + text[match.end():]).encode("utf-8")


def _mutated_cell(text: str, data) -> bytes:
    """A table with one cell, header name or row changed, or the whole file mutated."""
    lines = text.splitlines(keepends=True)
    kind = data.draw(st.sampled_from(["cell", "header", "row", "whole"]))
    at = data.draw(st.integers(0, len(lines) - 1))
    cells = lines[at].rstrip("\r\n").split(",")
    column = data.draw(st.integers(0, len(cells) - 1))
    if kind == "cell":
        cells[column] = data.draw(st.sampled_from(CELLS))
        lines[at] = ",".join(cells) + "\n"
    elif kind == "header":
        header = lines[0].rstrip("\r\n").split(",")
        header[column % len(header)] = data.draw(st.sampled_from(
            ["", header[(column + 1) % len(header)], "x", "link_id"]))
        lines[0] = ",".join(header) + "\n"
    elif kind == "row":
        lines.insert(at, lines[at] if data.draw(st.booleans()) else lines[at].rstrip() + ",9\n")
    else:
        return _mutated_text(text, data)
    return "".join(lines).encode("utf-8")


@pytest.fixture(scope="module")
def shipped(tmp_path_factory) -> Path:
    """A copy of scenarios/, which the mutants are written into."""
    folder = tmp_path_factory.mktemp("mutants") / "scenarios"
    shutil.copytree(SCENARIOS, folder)
    return folder


def _is_ours(error: InputError) -> bool:
    """The project's error naming a file, and the field or a line."""
    return error.file is not None and (error.field is not None or error.line is not None
                                       or "line" in error.reason)


def _finite_figures(scenario) -> None:
    """Simulate a small sample of a loaded mutant; no figure may be infinite."""
    people = scenario.settings.population.people
    small = scenario.with_values({"equilibrium.iterations": 0,
                                  "simulation.scale": min(1.0, 3000 / people)})
    day = simulate_day(small)
    sim = small.settings.simulation
    kpis = flat_kpis(day_kpis(day, link_series(day.traffic, day.city.network,
                                               sim.series_interval_s, sim.start_s,
                                               sim.end_s, by_pcu=True)))
    numbers = {k: v for k, v in kpis.items() if isinstance(v, float)}
    assert not any(math.isinf(v) for v in numbers.values())
    assert all(math.isfinite(v) for k, v in numbers.items() if "." not in k)


def _check_scenario(shipped: Path, data, run: bool, mutate=_mutated_text) -> None:
    """Load a mutant drawn by `mutate`, and with `run` simulate a small sample of it."""
    name = data.draw(st.sampled_from(SCENARIO_FILES))
    original = shipped / name
    mutant = original.with_name("mutant.toml")
    mutant.write_bytes(mutate(original.read_text(encoding="utf-8"), data))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            scenario = load_scenario(mutant)
            if run:
                _finite_figures(scenario)
    except InputError as error:
        assert _is_ours(error), str(error)


def _check_table(shipped: Path, data, run: bool, mutate=None,
                 tables: tuple[str, ...] = TABLES) -> None:
    """Load one of `tables` mutated by `mutate`, and with `run` load its trips."""
    name = data.draw(st.sampled_from(tables))
    original = shipped / name
    folder = shipped.parent / "mutant_net"
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(original.parent, folder)
    (folder / original.name).write_bytes((mutate or _mutated_cell)(
        original.read_text(encoding="utf-8"), data))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            network = read_gmns(folder)
            if (folder / "demand.csv").is_file():
                read_trip_table(folder / "demand.csv", network)
                if run:
                    summary = run_trip_table(folder, folder / "demand.csv", shipped.parent / "o")
                    assert all(math.isfinite(summary[k]) for k in
                               ("total_travel_time_veh_h", "total_delay_veh_h",
                                "max_queue_veh"))
    except InputError as error:
        assert _is_ours(error), str(error)


@FAST
@given(data=st.data())
def test_mutated_scenarios_load_or_name_file_and_field(shipped, data):
    _check_scenario(shipped, data, run=False)


@FAST
@given(data=st.data())
def test_mutated_tables_load_or_name_file_and_line(shipped, data):
    _check_table(shipped, data, run=False)


@settings(FAST, max_examples=6)
@given(data=st.data())
def test_what_loads_runs_to_finite_figures(shipped, data):
    """Numbers scaled from 0 to a thousandfold: most such mutants load, and are run."""
    _check_scenario(shipped, data, run=True, mutate=_scaled_number)
    _check_table(shipped, data, run=True, mutate=_scaled_number,
                 tables=("validation/d1_bottleneck/link.csv",
                         "validation/d1_bottleneck/demand.csv"))


@pytest.mark.slow
@SLOW
@given(data=st.data())
def test_many_mutated_scenarios_load_or_name_file_and_field(shipped, data):
    _check_scenario(shipped, data, run=data.draw(st.integers(0, 60)) == 0)


@pytest.mark.slow
@SLOW
@given(data=st.data())
def test_many_mutated_tables_load_or_name_file_and_line(shipped, data):
    _check_table(shipped, data, run=data.draw(st.integers(0, 30)) == 0)

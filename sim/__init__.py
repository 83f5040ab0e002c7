"""staggersim: will staggering work hours relieve a city's rush hours?

The public API, re-exported from the modules that define it.
"""

from .behaviour import find_equilibrium, run_day
from .clock import format_clock, parse_clock, parse_time
from .compare import Comparison, run_comparison
from .errors import DemandError, InputError, NetworkError, ScenarioError
from .kpis import day_figures, day_kpis
from .network import Network, Routes, corridor, grid, read_gmns, shortest_paths, write_gmns
from .report.pack import compare
from .runner import run_scenario
from .scenario import Scenario, WorkSchedule, load_scenario
from .simulate import Day, simulate_day
from .sweep import sweep
from .traffic import (Gridlock, LinkSeries, LoadResult, ReferenceModel, LinkTransmission,
                      check_invariants, link_series, load_vehicles)
from .tripload import run_trip_table
from .version import __version__

__all__ = ["Comparison", "Day", "DemandError", "Gridlock", "InputError", "LinkSeries",
           "LoadResult", "Network", "NetworkError", "ReferenceModel", "Routes", "Scenario",
           "ScenarioError", "LinkTransmission", "WorkSchedule", "__version__", "check_invariants",
           "compare", "corridor", "day_figures", "day_kpis", "find_equilibrium",
           "format_clock", "grid", "link_series", "load_scenario", "load_vehicles",
           "parse_clock", "parse_time", "read_gmns", "run_comparison", "run_day",
           "run_scenario", "run_trip_table", "shortest_paths", "simulate_day", "sweep",
           "write_gmns"]

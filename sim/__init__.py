"""staggersim: will staggering work hours relieve a city's rush hours?

The public API, re-exported from the modules that define it.
"""

__version__ = "0.1.0"  # first: the sweep store keys runs by it

from .behaviour import find_equilibrium
from .clock import format_clock, parse_clock, parse_time
from .day import Day, simulate_day
from .demand import WorkSchedule
from .errors import DemandError, InputError, NetworkError, ScenarioError
from .network import Network, Routes, corridor, grid, read_gmns, shortest_paths, write_gmns
from .traffic import (Gridlock, LinkSeries, LoadResult, ReferenceModel, SpatialQueue,
                      check_invariants, link_series, load_vehicles)
from .metrics import day_kpis
from .comparison import Comparison, run_comparison
from .report.pack import compare
from .runner import run_scenario
from .scenario import Scenario, load_scenario
from .sweep import sweep
from .tripload import run_trip_table

__all__ = ["Comparison", "Day", "DemandError", "Gridlock", "InputError", "LinkSeries",
           "LoadResult", "Network", "NetworkError", "ReferenceModel", "Routes", "Scenario",
           "ScenarioError", "SpatialQueue", "WorkSchedule", "check_invariants", "compare",
           "corridor", "day_kpis", "find_equilibrium", "format_clock", "grid", "link_series",
           "load_scenario", "load_vehicles", "parse_clock", "parse_time", "read_gmns",
           "run_comparison", "run_scenario", "run_trip_table", "shortest_paths", "simulate_day",
           "sweep", "write_gmns"]

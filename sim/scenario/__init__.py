"""Scenarios: TOML files stating a city's people, schedules, behaviour and network."""

from .load import Scenario, load_scenario
from .schedules import WorkSchedule
from .schema import ESCORTS, GROUPS, MODES, WORK_GROUPS

__all__ = ["ESCORTS", "GROUPS", "MODES", "Scenario", "WORK_GROUPS", "WorkSchedule",
           "load_scenario"]

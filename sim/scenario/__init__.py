"""Scenarios: TOML files stating a city's people, schedules, behaviour and network."""

from .load import Scenario, load_scenario
from .schedules import WorkSchedule
from .schema import ESCORTS, GROUPS, LANGUAGES, MODES, WORK_GROUPS
from .settings import (BehaviourSettings, EquilibriumSettings, FacilityTypeSettings,
                       GroupSettings, ImpactSettings,
                       LunchHomeSettings, NetworkSettings, PopulationSettings, RoadSettings,
                       ScheduleSettings, Settings, ShaoyangSettings, SimulationSettings,
                       TitleSettings)

__all__ = ["ESCORTS", "GROUPS", "LANGUAGES", "MODES", "WORK_GROUPS", "BehaviourSettings",
           "EquilibriumSettings", "FacilityTypeSettings", "GroupSettings", "ImpactSettings", "LunchHomeSettings",
           "NetworkSettings", "PopulationSettings", "RoadSettings", "Scenario",
           "ScheduleSettings", "Settings", "ShaoyangSettings", "SimulationSettings",
           "TitleSettings", "WorkSchedule", "load_scenario"]

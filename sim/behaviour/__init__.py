"""People adapt: generalised cost, experienced travel times, departure-time choice."""

from .cost import trip_cost
from .departures import Choices, best_departures, choosable_legs
from .equilibrium import Iteration, find_equilibrium
from .experienced import ExperiencedTimes, experienced_times

__all__ = ["Choices", "ExperiencedTimes", "Iteration", "best_departures", "choosable_legs",
           "experienced_times", "find_equilibrium", "trip_cost"]

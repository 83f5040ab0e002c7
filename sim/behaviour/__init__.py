"""People adapt: generalised cost, experienced travel times, departure-time choice."""

from .cost import trip_cost
from .departures import Choosers, candidate_departures, choosable_legs, choosers, departure_costs
from .equilibrium import Iteration, adaptation_kpis, find_equilibrium, relative_gap, run_day
from .experienced import ExperiencedTimes, experienced_times

__all__ = ["Choosers", "ExperiencedTimes", "Iteration", "adaptation_kpis", "candidate_departures",
           "choosable_legs", "choosers", "departure_costs", "experienced_times",
           "find_equilibrium", "relative_gap", "run_day", "trip_cost"]

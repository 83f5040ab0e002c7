"""Travel demand: the population, their hours and activity chains; trip tables."""

from .schedules import WorkSchedule
from .triptable import TripTable, read_trip_table

__all__ = ["TripTable", "WorkSchedule", "read_trip_table"]

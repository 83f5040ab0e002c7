"""Travel demand: trip tables and work schedules; population and activity chains to come."""

from .schedules import WorkSchedule
from .triptable import TripTable, read_trip_table

__all__ = ["TripTable", "WorkSchedule", "read_trip_table"]

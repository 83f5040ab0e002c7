"""Travel demand: trip tables now; population, schedules and activity chains to come."""

from .triptable import TripTable, read_trip_table

__all__ = ["TripTable", "read_trip_table"]

"""Travel demand: the population, their hours and activity chains; trip tables."""

from .triptable import TripTable, read_trip_table

__all__ = ["TripTable", "read_trip_table"]

"""A day in the city, driven by SimPy.

In: a checked scenario (``sim.scenario``), whose city, people and legs
``demand`` draws. Out: a ``Day``, every leg's departure and arrival and the
kernel's record of the road (``sim.traffic``). ``day.py`` plans and runs the
day; ``engine.py`` holds its SimPy processes: road, timetables, households.
"""

from .day import Day, DayPlan, plan_day, simulate_day

__all__ = ["Day", "DayPlan", "plan_day", "simulate_day"]

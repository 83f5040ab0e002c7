"""The figures of a day.

In: a simulated ``Day`` (``sim.simulate``, adapted or not by ``sim.behaviour``).
Out: its key figures (kpis.json): delay, commutes, lateness, peaks, bridges,
school runs, fuel and CO2 (``metrics.py``, ``impacts.py``), reached through
the one step ``figures.day_figures``; ``table.py`` sets runs side by side.
"""

from .figures import DayFigures, day_figures, flat_kpis
from .metrics import day_kpis

__all__ = ["DayFigures", "day_figures", "day_kpis", "flat_kpis"]

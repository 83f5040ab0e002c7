"""Schedules side by side.

In: scenarios and seeds. Out: a ``Comparison``, every figure of every run with
95% intervals over seeds and paired differences from the reference
(``intervals.py``), and the curves its figures are drawn from.
"""

from .comparison import Comparison, RunCurves, run_comparison
from .intervals import Interval, interval, paired_difference

__all__ = ["Comparison", "Interval", "RunCurves", "interval", "paired_difference",
           "run_comparison"]

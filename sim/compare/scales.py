"""Whether a reduced scale gives the full city's differences between schedules.

A run at a share of the people meets capacity and storage scaled alike
(``network.model.sampled``), so its totals are the city's times the share, but
its differences between schedules need not be the city's. This compares each
scenario's change against the reference, taken seed by seed, between two
comparisons of the same scenarios and seeds at two scales: road delay and CO2
in per cent of the reference's, shares in percentage points.
"""

from __future__ import annotations

import numpy as np

from .comparison import Comparison
from .intervals import Interval, interval

# figure -> how its change is put: "%" of the reference's value, or "pp" (shares)
HEADLINE_CHANGES = {"delay_pcu_h": "%", "co2_t": "%", "groups.office.lateness_share": "pp",
                    "school_runs.parent_runs_on_time_share": "pp"}


def changes(comparison: Comparison) -> dict[str, Interval]:
    """Figure of HEADLINE_CHANGES -> each scenario's change against the reference
    ((n_scenarios,) Interval, 95% over the seeds), in per cent or percentage points."""
    out = {}
    for key, unit in HEADLINE_CHANGES.items():
        values = comparison.values[key]  # (n_scenarios, n_seeds)
        change = values - values[0]
        out[key] = interval((100 * (change / values[0] if unit == "%" else change)).T)
    return out


def agrees(one: Interval, other: Interval) -> np.ndarray:
    """(n_scenarios,) bool: whether the two changes' means differ by no more than
    their intervals' half-widths combined (root of the sum of squares)."""
    half = [(i.high - i.low) / 2 for i in (one, other)]
    return np.abs(one.mean - other.mean) <= np.hypot(*half)

"""Which answer a table, figure or page shows: departures adapted, or fixed as planned.

Every output of a comparison says it, since the two answer different questions:
fixed departures are what a city that plans as if the roads were empty would
see; adapted ones, what it sees once travellers have learnt the new day.
"""

from __future__ import annotations

import numpy as np

from ..behaviour.equilibrium import STOPS
from ..compare.comparison import Comparison
from .labels import label

STOP_LABELS = dict(zip(STOPS, ("stop_gap", "stop_settled", "stop_day_cap")))


def _adapted_runs(comparison: Comparison) -> list:
    return [run for runs in comparison.curves for run in runs if run.relative_gap.size]


def departures_tag(comparison: Comparison, language: str) -> str:
    """A few words for a figure's foot or a table's note: "departures adapted" or
    "departures fixed", and in how many runs when the runs differ."""
    adapted, runs = len(_adapted_runs(comparison)), sum(map(len, comparison.curves))
    if adapted == 0:
        return label("tag_fixed", language)
    if adapted == runs:
        return label("tag_adapted", language)
    return label("tag_adapted_some", language, adapted=adapted, runs=runs)


def departures_sentence(comparison: Comparison, language: str) -> str:
    """What page 1 says of the departures: fixed, or how many days of adaptation the
    runs took, why they stopped and the largest relative gap left."""
    adapted = _adapted_runs(comparison)
    if not adapted:
        return label("fixed_departures", language)
    days = [run.relative_gap.size - 1 for run in adapted]
    stops = [run.adaptation_stop for run in adapted]
    why = ", ".join(f"{label(STOP_LABELS[stop], language)} {stops.count(stop)}"
                    for stop in STOPS if stop in stops)
    span = f"{min(days)}" if min(days) == max(days) else f"{min(days)}-{max(days)}"
    return label("adapted", language, days=span, stops=why,
                 gap=f"{np.max([run.relative_gap[-1] for run in adapted]):.2f}")

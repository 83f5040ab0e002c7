"""A simulated day's figures: the one step from a day to what run, compare and sweep report.

The link series (by pcu, over the scenario's day), the links each vehicle
crossed, and the key figures of ``metrics.day_kpis`` are worked out here once,
so the three jobs cannot part; ``flat_kpis`` turns the nested figures into the
dotted columns of the comparison and sweep tables.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..simulate.day import Day
from ..traffic.series import LinkSeries, link_series
from .impacts import Traversals, traversals
from .metrics import day_kpis

RUN_SETTINGS = ("seed", "scale")  # in kpis.json to say which run it was; not figures


@dataclass(frozen=True)
class DayFigures:
    """What a day gives.

    Attributes
    ----------
    kpis : the key figures (kpis.json), nested by topic.
    series : link time series in pcu over the scenario's day.
    crossed : every link traversal of the day's road legs.
    """

    kpis: dict
    series: LinkSeries
    crossed: Traversals


def day_figures(day: Day) -> DayFigures:
    """The figures of a simulated day, over its scenario's `simulation` settings."""
    settings = day.plan.scenario.settings.simulation
    series = link_series(day.traffic, day.city.network, settings.series_interval_s,
                         settings.start_s, settings.end_s, by_pcu=True)
    crossed = traversals(day)
    return DayFigures(kpis=day_kpis(day, series, crossed), series=series, crossed=crossed)


def flat_kpis(kpis: dict, prefix: str = "") -> dict[str, float]:
    """The numeric figures of a kpis dict under dotted keys ("groups.office.delay_h");
    None becomes NaN, a list its length ("daily_peaks.count"), text and the run's
    seed and scale are left out."""
    flat: dict[str, float] = {}
    for key, value in kpis.items():
        name = f"{prefix}{key}"
        if name in RUN_SETTINGS:
            continue
        if isinstance(value, dict):
            flat.update(flat_kpis(value, f"{name}."))
        elif isinstance(value, list):
            flat[f"{name}.count"] = float(len(value))
        elif value is None:
            flat[name] = float("nan")
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            flat[name] = float(value)
    return flat

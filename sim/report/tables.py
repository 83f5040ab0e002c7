"""The comparison as tables: the long CSV of every figure and a Markdown table of the headline."""

from __future__ import annotations

import math

import numpy as np

from ..compare.comparison import Comparison
from ..compare.robust import ASSUMPTIONS
from .departures import departures_tag
from .labels import kpi_label, label
from .roads import link_label

HEADLINE = (
    "delay_pcu_h", "person_delay_h", "vehicle_hours_pcu", "peak_road_load_pcu",
    "daily_peaks.count",
    "groups.office.delay_h", "groups.enterprise.delay_h", "groups.school.delay_h",
    "groups.office.commute_mean_min", "groups.office.commute_p95_min",
    "groups.office.lateness_share", "groups.enterprise.lateness_share",
    "groups.school.lateness_share",
    "school_runs.parent_runs_on_time_share", "school_runs.care_mean_min",
    "evening_h.office", "co2_t", "congested_pcu_km", "near_schools_at_bells_pcu_km",
    "delay_cost_cny",
)


def number_text(value: float, key: str, *, signed: bool = False, language: str = "en") -> str:
    """A figure as a reader wants it: shares in per cent (a difference of shares in
    percentage points), large numbers without decimals."""
    if value is None or math.isnan(value):
        return "-"
    sign = "+" if signed else ""
    if key.endswith("_share") or key.startswith("mode_shares_of_trips."):
        points = round(100 * value, 1) + 0.0  # + 0.0: no "-0.0"
        return (f"{points:{sign},.1f} {label('points', language)}" if signed
                else f"{points:,.1f}%")
    digits = 0 if abs(value) >= 100 else 1
    return f"{round(value, digits) + 0.0:{sign},.{digits}f}"


def interval_text(mean: float, low: float, high: float, written) -> str:
    """"-37% [-41%, -33%]": a mean and its interval, each value written by `written`;
    the mean alone when there is no interval (one seed)."""
    text = written(mean)
    if math.isnan(low):
        return text
    return f"{text} [{written(low)}, {written(high)}]"


def figure_text(mean: float, low: float, high: float, key: str, *, signed: bool = False,
                language: str = "en") -> str:
    """Figure `key`'s mean and interval as ``number_text`` writes each."""
    return interval_text(mean, low, high, lambda value: number_text(
        value, key, signed=signed, language=language))


def markdown_table(comparison: Comparison, language: str,
                   keys: tuple[str, ...] = HEADLINE) -> str:
    """Headline figures: each scenario's mean [95% interval], then each one's paired
    difference from the first scenario."""
    titles = comparison.titled(language)
    bridges = {key.split(".")[1] for key in keys if key.startswith("bridges.")}
    names = {link: link_label(comparison.network, link, language) for link in bridges}
    header = [label("figure", language), *titles,
              *(f"{title}: {label('difference', language, reference=titles[0])}"
                for title in titles[1:])]
    rows = []
    for key in keys:
        if key not in comparison.values:
            continue
        level, change = comparison.interval(key), comparison.difference(key)
        rows.append([kpi_label(key, language, names),
                     *(figure_text(level.mean[s], level.low[s], level.high[s], key,
                                   language=language)
                       for s in range(len(comparison.names))),
                     *(figure_text(change.mean[s], change.low[s], change.high[s], key,
                                   signed=True, language=language)
                       for s in range(1, len(comparison.names)))])
    note = (f"{label('interval', language)}; {label('seeds', language)}: "
            f"{len(comparison.seeds)} ({', '.join(map(str, comparison.seeds))}); "
            f"{departures_tag(comparison, language)}")
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header),
             *("| " + " | ".join(row) + " |" for row in rows)]
    return "\n".join(lines) + f"\n\n{note}\n"


def long_table(comparison: Comparison) -> dict[str, np.ndarray]:
    """Columns of comparison.csv: one row per (figure, scenario)."""
    return {name: np.array(values) for name, values in comparison.rows().items()}


def by_seed_table(comparison: Comparison) -> dict[str, np.ndarray]:
    """Columns of kpis_by_seed.csv: one row per (figure, scenario, seed)."""
    rows = [(key, name, seed, values[s, k])
            for key, values in comparison.values.items()
            for s, name in enumerate(comparison.names)
            for k, seed in enumerate(comparison.seeds)]
    return {column: np.array([row[i] for row in rows])
            for i, column in enumerate(("kpi", "scenario", "seed", "value"))}


def robust_table(comparison: Comparison) -> dict[str, np.ndarray]:
    """Columns of robust.csv: one row per (figure, scenario, design point), the nominal
    point 0 first: each assumption's level (empty at the nominal point: as each scenario
    states it), the figure and its difference from the reference at the same point."""
    robust = comparison.robustness
    levels = np.vstack([np.full(len(ASSUMPTIONS), np.nan), robust.levels])
    rows = [(key, name, p, *levels[p], values[s, p], values[s, p] - values[0, p])
            for key, values in robust.values.items()
            for s, name in enumerate(comparison.names)
            for p in range(values.shape[1])]
    columns = ("kpi", "scenario", "point", *(a.name for a in ASSUMPTIONS), "value",
               "difference")
    return {column: np.array([row[i] for row in rows]) for i, column in enumerate(columns)}

"""Several schedules side by side over the same seeds, with intervals and paired differences.

Each scenario is run with each seed. A seed draws the same people, homes,
workplaces, modes, margins and compliance draws in every scenario (the
population's random streams do not depend on the schedules: common random
numbers), so the difference of a figure between two scenarios is taken seed
by seed and its interval is that of the paired differences
(``intervals.py``). The first scenario is the reference.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from ..behaviour import adaptation_kpis, run_day
from ..clock import METRES_PER_KM, SECONDS_PER_HOUR, SECONDS_PER_MINUTE, per_second_to_per_hour
from ..cores import threads_limited
from ..demand.chains import Purpose
from ..demand.city import scenario_network
from ..executors import run_everywhere
from ..kpis.figures import day_figures, flat_kpis
from ..kpis.impacts import Traversals, busiest_corridor, link_entries_and_speeds
from ..kpis.metrics import commutes_min, road_load_pcu
from ..network.model import Network
from ..scenario import GROUPS, LANGUAGES, Scenario, load_scenario
from ..simulate.day import Day
from ..traffic.series import LinkSeries
from .intervals import Interval, interval, paired_difference

if TYPE_CHECKING:
    from .robust import Robustness

COMMUTE_BINS_MIN = np.arange(0.0, 181.0, 1.0)
LATE_BINS_MIN = np.r_[-1.0, 1e-9, np.arange(1.0, 61.0, 1.0), np.inf]  # first bin: on time
NEVER_ARRIVED_MIN = 1e9  # minutes late of a trip that never arrived: in the last bin


@dataclass(frozen=True)
class RunCurves:
    """What the figures need from one run of one scenario with one seed.

    Attributes
    ----------
    times_s : (t,) float64 end of each minute of the day, s.
    road_load_pcu : (t,) float64 pcu on the road.
    bridge_ids : (b,) the bridges' link ids.
    interval_edges_s : (i + 1,) float64 edges of the series intervals (bridge flows and
        link speeds), s.
    bridge_inflow_pcu_h : (b, i) float64 pcu entering each bridge, per hour.
    bridge_capacity_pcu_h : (b,) float64.
    commute_counts : (g, len(COMMUTE_BINS_MIN) - 1) int64 morning commutes per
        1-minute bin, per group (GROUPS order).
    late_counts : (g, len(LATE_BINS_MIN) - 1) int64 trips to work or school: on time
        (first bin), then by minutes late (never arrived: the last bin), per group.
    link_entries : (n_links, i) int32 vehicles entering each link in each series interval.
    link_speed_kmh : (n_links, i) float32 their space-mean speed, km/h (NaN: none entered).
    corridor_links : (c,) int64 the busiest corridor's links (``impacts.busiest_corridor``).
    corridor_km : (c + 1,) float64 distance along the corridor at each link's start and
        the corridor's end, km.
    corridor_bridge : link id of the bridge the corridor crosses ("" without bridges).
    relative_gap : (k,) float64 the adaptation's gap by day (empty without).
    adaptation_stop : why the adaptation stopped (``behaviour.equilibrium.STOPS``); ""
        without.
    """

    times_s: np.ndarray
    road_load_pcu: np.ndarray
    bridge_ids: np.ndarray
    interval_edges_s: np.ndarray
    bridge_inflow_pcu_h: np.ndarray
    bridge_capacity_pcu_h: np.ndarray
    commute_counts: np.ndarray
    late_counts: np.ndarray
    link_entries: np.ndarray
    link_speed_kmh: np.ndarray
    corridor_links: np.ndarray
    corridor_km: np.ndarray
    corridor_bridge: str
    relative_gap: np.ndarray
    adaptation_stop: str


def _late_counts(day: Day) -> np.ndarray:
    """(groups, bins) trips to work or school by minutes late; never arrived counts as
    the last bin."""
    legs = day.legs
    targeted = np.flatnonzero(np.isin(legs.purpose, (Purpose.WORK, Purpose.SCHOOL)))
    late_s = np.maximum(day.arrival_s[targeted] - legs.target_s[targeted], 0.0)
    late_min = np.where(np.isfinite(late_s), late_s / SECONDS_PER_MINUTE, NEVER_ARRIVED_MIN)
    group = day.population.group[legs.person[targeted]]
    return np.stack([np.histogram(late_min[group == g], LATE_BINS_MIN)[0]
                     for g in range(len(GROUPS))])


def run_curves(day: Day, series: LinkSeries, history: list, crossed: Traversals) -> RunCurves:
    """The figures' data of one simulated day, from its link series (in pcu), its
    adaptation history and its link traversals (``impacts.traversals``)."""
    times, load = road_load_pcu(day)
    bridges = day.city.bridge_links
    interval_h = (series.edges_s[1] - series.edges_s[0]) / SECONDS_PER_HOUR
    people, commute = commutes_min(day)
    group = day.population.group[people]
    counts = np.stack([np.histogram(commute[(group == g) & np.isfinite(commute)],
                                    COMMUTE_BINS_MIN)[0] for g in range(len(GROUPS))])
    corridor = busiest_corridor(day, crossed)
    network = day.city.network
    on_bridge = corridor[np.isin(corridor, bridges)]
    entries, speed = link_entries_and_speeds(day, crossed, series.edges_s)
    return RunCurves(
        times_s=times, road_load_pcu=load,
        bridge_ids=np.asarray(day.city.network.link_id)[bridges],
        interval_edges_s=series.edges_s,
        bridge_inflow_pcu_h=series.inflow_veh[bridges] / interval_h,
        bridge_capacity_pcu_h=per_second_to_per_hour(day.city.network.capacity_vps[bridges]),
        commute_counts=counts, late_counts=_late_counts(day),
        link_entries=entries, link_speed_kmh=speed,
        corridor_links=corridor,
        corridor_km=np.r_[0.0, np.cumsum(network.length_m[corridor])] / METRES_PER_KM,
        corridor_bridge=str(network.link_id[on_bridge[0]]) if on_bridge.size else "",
        relative_gap=np.array([h.relative_gap for h in history], dtype=np.float64),
        adaptation_stop=history[-1].stop if history else "")


@dataclass
class Comparison:
    """Figures of several scenarios over the same seeds.

    Attributes
    ----------
    names : scenario names (file names unless stated), as in the CSV files; the first is
        the reference.
    seeds : the seeds, the same for every scenario.
    values : flat KPI key -> (n_scenarios, n_seeds) float64 (NaN where a run lacks it).
    curves : curves[s][k] the RunCurves of scenario s with seed k.
    scale : the first scenario's population scale (the runs' totals are at it).
    titles : language -> what a reader calls each scenario (``Scenario.title``); a
        language left out: the names.
    network : the reference's roads at full scale, for maps and names (None: not kept).
    robustness : the figures over a design of the assumed levels (``robust.py``; None:
        not run).
    """

    names: list[str]
    seeds: list[int]
    values: dict[str, np.ndarray]
    curves: list[list[RunCurves]] = field(repr=False)
    scale: float = 1.0
    titles: dict[str, list[str]] = field(default_factory=dict)
    network: Network | None = field(default=None, repr=False)
    robustness: Robustness | None = field(default=None, repr=False)

    def titled(self, language: str) -> list[str]:
        """What a reader calls each scenario in `language`, in the order of `names`."""
        return self.titles.get(language, self.names)

    def interval(self, key: str) -> Interval:
        """Mean and interval of `key` for each scenario ((n_scenarios,) arrays)."""
        return interval(self.values[key].T)

    def difference(self, key: str) -> Interval:
        """Each scenario minus the reference, paired by seed ((n_scenarios,) arrays)."""
        values = self.values[key]
        return paired_difference(values.T, np.broadcast_to(values[0], values.shape).T)

    def rows(self) -> dict[str, list]:
        """The long table: one row per (figure, scenario) with intervals."""
        columns: dict[str, list] = {name: [] for name in (
            "kpi", "scenario", "seeds", "mean", "low", "high",
            "difference", "difference_low", "difference_high")}
        for key in self.values:
            level, change = self.interval(key), self.difference(key)
            for s, name in enumerate(self.names):
                for column, value in zip(columns, (
                        key, name, len(self.seeds), level.mean[s], level.low[s],
                        level.high[s], change.mean[s], change.low[s], change.high[s])):
                    columns[column].append(value)
        return columns


def _unique(names: list[str]) -> list[str]:
    """The names, with " (2)", " (3)" added where a name repeats."""
    unique: list[str] = []
    for given in names:
        name, n = given, 2
        while name in unique:
            name, n = f"{given} ({n})", n + 1
        unique.append(name)
    return unique


def compared_run(scenario: Scenario, threads: int | None = None
                 ) -> tuple[dict[str, float], RunCurves, dict]:
    """One run of a comparison, its price solves on `threads` threads (None: every
    core): its flat figures, its curves and its key figures (kpis.json), which say
    whether its departures were adapted (``behaviour.adaptation_kpis``)."""
    with threads_limited(threads):
        day, history = run_day(scenario)
    figures = day_figures(day)
    kpis = {**figures.kpis, "adaptation": adaptation_kpis(history)}
    return (flat_kpis(kpis), run_curves(day, figures.series, history, figures.crossed),
            kpis)


def run_comparison(scenarios: list[Scenario | str | Path], seeds: list[int], *,
                   overrides: dict | None = None, on_run=None, workers: int = 1,
                   scheduler: str | None = None, dask_local: int | None = None) -> Comparison:
    """Run every scenario with every seed (same seeds for all) and gather the figures.

    Parameters
    ----------
    scenarios : scenarios or their TOML files; the first is the reference.
    seeds : the seeds (each a replication).
    overrides : dotted fields set in every scenario (for instance "simulation.scale").
    on_run : called as on_run(name, seed, kpis) as each run ends.
    workers, scheduler, dask_local : where the runs run (``executors.run_everywhere``);
        the figures are the same wherever.
    """
    loaded = [s if isinstance(s, Scenario) else load_scenario(s) for s in scenarios]
    names = _unique([s.name for s in loaded])
    runs = [(s, k) for s in range(len(loaded)) for k in range(len(seeds))]
    flats = [[{} for _ in seeds] for _ in loaded]
    curves: list[list[RunCurves | None]] = [[None for _ in seeds] for _ in loaded]

    def gathered(i: int, outcome: tuple[dict, RunCurves, dict]) -> None:
        s, k = runs[i]
        flats[s][k], curves[s][k], kpis = outcome
        if on_run is not None:
            on_run(names[s], seeds[k], kpis)
    arguments = [(loaded[s].with_values({**(overrides or {}), "simulation.seed": seeds[k]}),)
                 for s, k in runs]
    run_everywhere(compared_run, arguments, gathered, workers=workers, scheduler=scheduler,
                   dask_local=dask_local)
    keys = list(dict.fromkeys(k for by_seed in flats for flat in by_seed for k in flat))
    values = {k: np.array([[flat.get(k, np.nan) for flat in by_seed] for by_seed in flats])
              for k in keys}
    scale = loaded[0].with_values(overrides or {}).settings.simulation.scale
    titles = {language: _unique([s.title(language) for s in loaded]) for language in LANGUAGES}
    return Comparison(names=names, seeds=list(seeds), values=values, curves=curves,
                      scale=scale, titles=titles, network=scenario_network(loaded[0]))

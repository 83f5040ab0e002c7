"""`staggersim run`: simulate a scenario's day and write its trips, link series, KPIs and figure."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from .behaviour import adaptation_kpis
from .behaviour import run_day as adapted_or_simulated
from .behaviour.equilibrium import warm_start as departures_from
from .demand.chains import PURPOSES
from .kpis.figures import day_figures
from .kpis.metrics import road_load_pcu
from .output import OutputFolder
from .scenario import GROUPS, MODES, Scenario, load_scenario
from .simulate.day import STATUSES, Day, DayPlan, plan_day
from .tables import write_csv, write_json
from .traffic.series import link_series_columns


def trip_columns(day: Day) -> dict[str, np.ndarray]:
    """One row per planned leg (trips.csv); `status` says whether it was made."""
    legs, people, node = day.legs, day.population, day.city.network.node_id
    return {
        "person_id": legs.person, "group": np.array(GROUPS)[people.group[legs.person]],
        "purpose": np.array(PURPOSES)[legs.purpose], "mode": np.array(MODES)[legs.mode],
        "origin": node[legs.origin], "destination": node[legs.destination],
        "departure_s": day.departure_s, "arrival_s": day.arrival_s,
        "free_flow_s": day.per_leg(day.traffic.free_flow_s, day.legs.free_flow_s),
        "preferred_arrival_s": legs.target_s,
        "pcu": legs.pcu, "status": np.array(STATUSES)[day.status],
    }


def _progress_bar(scenario: Scenario, show: bool):
    """A tqdm bar over simulated minutes, and the callback that moves it."""
    if not show:
        return None, None
    from tqdm import tqdm

    start, end = scenario.settings.simulation.start_s, scenario.settings.simulation.end_s
    bar = tqdm(total=int((end - start) // 60), unit="sim-min", desc=scenario.name, leave=False,
               disable=None)

    def on_tick(now_s: float) -> None:
        bar.update(max(0, int((now_s - start) // 60) - bar.n))
    return bar, on_tick


def _iteration_printer(show: bool):
    """Print each day of adaptation as it ends (when a progress display is wanted)."""
    if not show:
        return None

    def report(iteration) -> None:
        stop = f"; stopped: {iteration.stop}" if iteration.stop else ""
        print(f"day {iteration.iteration}: relative gap {iteration.relative_gap:.4f} "
              f"(departures alone {iteration.departure_gap:.4f}), "
              f"cost {iteration.total_cost:,.1f}, delay {iteration.delay_pcu_h:,.0f} pcu-h, "
              f"{iteration.switched:,} moving, {iteration.rerouted:,} rerouting{stop}",
              flush=True)
    return report


def run_day(scenario: Scenario, *, plan: DayPlan | None = None,
            progress: bool = False) -> tuple[Day, list]:
    """`behaviour.run_day` with a progress display when asked: a bar over the simulated
    minutes of a day simulated once, a line per day of adaptation."""
    bar, on_tick = _progress_bar(scenario, progress and
                                 scenario.settings.equilibrium.iterations == 0)
    try:
        return adapted_or_simulated(scenario, plan=plan, on_tick=on_tick,
                                    on_iteration=_iteration_printer(progress))
    finally:
        if bar is not None:
            bar.close()


def _write_history(history: list, folder: Path, scenario: Scenario) -> None:
    """equilibrium.csv (one row per iteration) and equilibrium.png (the gaps)."""
    from .report.plots import gap_by_iteration

    columns = {name: np.array([getattr(h, name) for h in history])
               for name in ("iteration", "relative_gap", "departure_gap", "total_cost",
                            "delay_pcu_h", "switched", "rerouted", "gap_legs", "stop")}
    write_csv(folder / "equilibrium.csv", columns)
    gap_by_iteration(columns["relative_gap"], columns["departure_gap"],
                     folder / "equilibrium.png",
                     title=f"{scenario.name}: departure-time and route adaptation",
                     tolerance=scenario.settings.equilibrium.gap)


def run_scenario(scenario: Scenario | str | Path, out_dir: str | Path, *,
                 progress: bool = False, warm_start: str | Path | None = None,
                 force: bool = False) -> dict:
    """Simulate the day and write trips.csv, links.csv, kpis.json, timings.json and
    time_of_day.png to `out_dir` (the output policy of ``output.py``; `force` writes
    into a folder staggersim did not write). Nothing is written on error.

    With `warm_start` (an earlier run's folder) travellers start from the
    departures chosen there. Returns the KPIs.
    """
    if not isinstance(scenario, Scenario):
        scenario = load_scenario(scenario)
    warm_trips = None if warm_start is None else Path(warm_start) / "trips.csv"
    inputs = scenario.input_paths + (() if warm_trips is None else (warm_trips,))
    out = OutputFolder.claim(out_dir, inputs=inputs, force=force, what="run")
    plan = plan_day(scenario)
    if warm_trips is not None:
        plan = departures_from(plan, warm_trips)
    day, history = run_day(scenario, plan=plan, progress=progress)
    figures = day_figures(day)
    kpis, series = {**figures.kpis, "adaptation": adaptation_kpis(history)}, figures.series
    from .report.plots import road_load  # matplotlib only when a figure is drawn

    with out.writing() as folder:
        write_csv(folder / "trips.csv", trip_columns(day))
        write_csv(folder / "links.csv", link_series_columns(series, day.city.network))
        write_json(folder / "kpis.json", kpis)
        write_json(folder / "timings.json", {k: round(v, 3) for k, v in day.timings_s.items()})
        write_json(folder / "scenario.json", scenario.raw)
        times, _ = road_load_pcu(day)
        by_group = {name: road_load_pcu(day, group=g)[1] for g, name in enumerate(GROUPS)}
        road_load(times, by_group, folder / "time_of_day.png", peaks=kpis["daily_peaks"],
                  title=f"{scenario.name}: vehicles on the road by group")
        if history:
            _write_history(history, folder, scenario)
    return kpis

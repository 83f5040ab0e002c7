"""The adapted day of the Shaoyang city: its cost, its stop, and whether its finding holds still.

Runs `sim.behaviour.find_equilibrium` and prints, for every day of adaptation,
the relative gap and the part of it departures alone leave, the day's total cost
and road delay, who moved, and the wall-clock time so far; then why it stopped,
the time and peak memory (RSS) from the planned day to the stop, against the
issue's budget of 150 s and 2 GB on this machine's 2 cores. The price solve
evaluates parts of its rows side by side on the cores; the simulated day is one
sequential process (numpy's own helpers are held to one thread).

With --finding it runs the three schedules two days past the stopping rule
(the rule applied to each history as it would have stopped) and prints each
proposal's change in total delay against the baseline at the stop and two days
later: the issue asks that it move by at most 2 percentage points. With
--seeds N it compares the three schedules, adapted, over seeds 1..N on two
worker processes and prints each proposal's change with its 95% interval over
the seeds: the issue asks for an interval narrower than +-5 points at N = 5.

    python benchmarks/bench_equilibrium.py                      # baseline_8to5, full scale
    python benchmarks/bench_equilibrium.py --scenario proposal_9to5 --scale 0.25
    python benchmarks/bench_equilibrium.py --finding --scale 0.25
    python benchmarks/bench_equilibrium.py --seeds 5 --scale 0.1
"""

from __future__ import annotations

import argparse
import os
import resource
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUDGET_S, BUDGET_GB = 150.0, 2.0
SCHEDULES = ("baseline_8to5", "proposal_9to5", "proposal_0830")
for _name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")


def _scenario(name: str, scale: float, seed: int, values: dict | None = None):
    from sim.scenario import load_scenario

    return load_scenario(ROOT / "scenarios" / "shaoyang" / f"{name}.toml",
                         {"simulation.scale": scale, "simulation.seed": seed, **(values or {})})


def _peak_rss_gb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 ** 2


# the steps of a day of adaptation, by the functions of sim.behaviour.equilibrium they call
STEPS = {"simulate": ("simulate_day",),
         "learn": ("experienced_times", "route_offers", "choosers", "best_routes",
                   "relative_gap"),
         "candidates": ("arrival_choices", "spare_capacity_pcu"),
         "solve": ("clearing_delays", "drawn_departures", "switch_routes")}


def _timed_steps() -> dict[str, float]:
    """Seconds spent in each of STEPS so far, as the adaptation runs (its functions
    wrapped in place)."""
    from sim.behaviour import equilibrium

    spent = dict.fromkeys(STEPS, 0.0)
    for step, names in STEPS.items():
        for name in names:
            def timed(*args, _call=getattr(equilibrium, name), _step=step, **kwargs):
                started = time.perf_counter()
                try:
                    return _call(*args, **kwargs)
                finally:
                    spent[_step] += time.perf_counter() - started
            setattr(equilibrium, name, timed)
    return spent


def one_day(name: str, scale: float, seed: int) -> None:
    """The adapted day of one schedule, day by day, against the budget."""
    from sim.behaviour import find_equilibrium

    spent = _timed_steps()
    start = time.perf_counter()
    print(f"{name} at scale {scale}, seed {seed}: day, relative gap, by departure alone, "
          "cost, delay pcu-h, moved, rerouted, elapsed s; s so far in "
          + ", ".join(STEPS))

    def report(day) -> None:
        print(f"{day.iteration:4d}  {day.relative_gap:7.4f}  {day.departure_gap:7.4f}  "
              f"{day.total_cost:12,.0f}  {day.delay_pcu_h:9,.0f}  {day.switched:8,d}  "
              f"{day.rerouted:7,d}  {time.perf_counter() - start:7.1f}  "
              + "  ".join(f"{s:6.1f}" for s in spent.values()), flush=True)

    _, history = find_equilibrium(_scenario(name, scale, seed), on_iteration=report)
    total, peak = time.perf_counter() - start, _peak_rss_gb()
    print(f"stopped after day {history[-1].iteration}: {history[-1].stop}")
    print(f"{total:.0f} s ({total / BUDGET_S:.2f} of {BUDGET_S:.0f} s), peak RSS "
          f"{peak:.2f} GB ({peak / BUDGET_GB:.2f} of {BUDGET_GB:.0f} GB)")


def _stop_day(history, settings) -> int:
    """The day the stopping rule would have stopped `history` (run without it)."""
    from sim.behaviour.equilibrium import stop_reason

    for k, day in enumerate(history):
        if stop_reason(k, day.relative_gap, history[:k], day.total_cost, day.delay_pcu_h, settings):
            return k
    return len(history) - 1


def finding(scale: float, seed: int, cap: int) -> None:
    """Each proposal's change in delay against the baseline at the stop and 2 days on."""
    from sim.behaviour import find_equilibrium

    delays, stops = {}, {}
    for name in SCHEDULES:
        scenario = _scenario(name, scale, seed)
        ruled = scenario.settings.equilibrium
        free = scenario.with_values({"equilibrium.iterations": cap, "equilibrium.gap": 1e-9,
                                     "equilibrium.settle": 0.0})
        _, history = find_equilibrium(free)
        stops[name] = _stop_day(history, ruled)
        delays[name] = [day.delay_pcu_h for day in history]
        print(f"{name}: stops after day {stops[name]}; delay by day "
              + " ".join(f"{d:,.0f}" for d in delays[name]), flush=True)
    base, k0 = delays[SCHEDULES[0]], stops[SCHEDULES[0]]
    for name in SCHEDULES[1:]:
        k = stops[name]
        if max(k, k0) + 2 >= cap + 1:
            print(f"{name}: not two days past the stop within {cap} days; raise --cap")
            continue
        at_stop, later = (100 * (delays[name][k + d] / base[k0 + d] - 1) for d in (0, 2))
        print(f"{name}: {at_stop:+.1f}% at the stop, {later:+.1f}% two days later: moved "
              f"{abs(later - at_stop):.1f} points (the issue allows 2)")


def over_seeds(scale: float, seeds: int) -> None:
    """Each proposal's change in delay against the baseline, with its 95% interval."""
    from sim.compare.comparison import run_comparison
    from sim.compare.intervals import interval

    start = time.perf_counter()
    comparison = run_comparison(
        [ROOT / "scenarios" / "shaoyang" / f"{name}.toml" for name in SCHEDULES],
        list(range(1, seeds + 1)), overrides={"simulation.scale": scale}, workers=2)
    delay = comparison.values["delay_pcu_h"]
    share = 100 * (delay / delay[0] - 1)  # (schedules, seeds), points of the baseline's
    change = interval(share.T)
    for s, name in enumerate(SCHEDULES[1:], start=1):
        half = (change.high[s] - change.low[s]) / 2
        print(f"{name}: {change.mean[s]:+.1f}% [{change.low[s]:+.1f}, {change.high[s]:+.1f}] "
              f"over {seeds} seeds: +-{half:.1f} points (the issue asks for under +-5)")
    print(f"{time.perf_counter() - start:.0f} s for {len(SCHEDULES) * seeds} runs")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", default=SCHEDULES[0], choices=SCHEDULES)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--finding", action="store_true",
                        help="the three schedules, two days past the stop")
    parser.add_argument("--cap", type=int, default=10,
                        help="with --finding: days to run each schedule (default 10)")
    parser.add_argument("--seeds", type=int, default=None,
                        help="the three schedules over seeds 1..SEEDS, with intervals")
    args = parser.parse_args()
    if args.seeds:
        over_seeds(args.scale, args.seeds)
    elif args.finding:
        finding(args.scale, args.seed, args.cap)
    else:
        one_day(args.scenario, args.scale, args.seed)


if __name__ == "__main__":
    main()

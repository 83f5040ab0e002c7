"""Whether a reduced scale gives the full city's differences between schedules.

Runs the three Shaoyang schedules over the same seeds at each scale asked and
prints, per scale, each proposal's change against the baseline in the figures
page 1 of the briefing leads with: road delay and CO2 in per cent of the
baseline's, office lateness and parent school runs on time in percentage points.
Each change is taken seed by seed, with its 95% interval over the seeds. For
every scale but the largest it then says whether its change agrees with the
largest scale's: whether the two means differ by no more than the half-widths of
their intervals combined (root of the sum of squares). Departures are fixed unless
--adapted is given (an adapted full-scale run takes about 13 minutes).

    python benchmarks/bench_scale.py                        # scales 0.1 and 1.0, 3 seeds
    python benchmarks/bench_scale.py --scales 0.1 0.25 0.5 1.0
    python benchmarks/bench_scale.py --scales 0.05 0.1 --adapted
    python benchmarks/bench_scale.py --levels --scales 0.1 0.25 0.5 1.0   # the baseline's levels

With --levels it prints instead the baseline's own levels at each scale, seed 1,
departures fixed: road delay per full city (delay / scale), Gaode's peak delay
index and the offices' mean commute, which a sample that scales faithfully keeps.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCHEDULES = ("baseline_8to5", "proposal_9to5", "proposal_0830")


def comparison(scale: float, seeds: int, adapted: bool):
    """The three schedules compared over seeds 1..`seeds` at `scale`."""
    from sim.compare import run_comparison

    overrides = {"simulation.scale": scale, **({} if adapted else {"equilibrium.iterations": 0})}
    return run_comparison(
        [ROOT / "scenarios" / "shaoyang" / f"{name}.toml" for name in SCHEDULES],
        list(range(1, seeds + 1)), overrides=overrides, workers=2)


def levels(scales: list[float]) -> None:
    """The baseline's levels at each scale (see the module docstring)."""
    from sim.calibrate.indicators import peak_delay_index
    from sim.kpis.figures import day_figures
    from sim.runner import run_day
    from sim.scenario import load_scenario

    for scale in scales:
        start = time.perf_counter()
        day, _ = run_day(load_scenario(ROOT / "scenarios" / "shaoyang" / "baseline_8to5.toml",
                                       {"simulation.scale": scale, "equilibrium.iterations": 0}))
        kpis = day_figures(day).kpis
        print(f"scale {scale:g}: delay per full city {kpis['delay_pcu_h'] / scale:,.0f} pcu-h, "
              f"peak delay index {peak_delay_index(day):.3f}, offices' mean commute "
              f"{kpis['groups']['office']['commute_mean_min']:.2f} min "
              f"({time.perf_counter() - start:.0f} s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=float, nargs="+", default=[0.1, 1.0])
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--adapted", action="store_true")
    parser.add_argument("--levels", action="store_true")
    args = parser.parse_args()
    if args.levels:
        levels(sorted(args.scales))
        return
    from sim.compare.scales import HEADLINE_CHANGES, agrees, changes

    scales = sorted(args.scales)
    found = {}
    for scale in scales:
        start = time.perf_counter()
        found[scale] = changes(comparison(scale, args.seeds, args.adapted))
        print(f"scale {scale:g}, {args.seeds} seeds, departures "
              f"{'adapted' if args.adapted else 'fixed'} ({time.perf_counter() - start:.0f} s)")
        for key, unit in HEADLINE_CHANGES.items():
            change = found[scale][key]
            print(f"  {key:40s}" + "".join(
                f"  {name}: {change.mean[s]:+6.1f} [{change.low[s]:+6.1f}, "
                f"{change.high[s]:+6.1f}] {unit}" for s, name in enumerate(SCHEDULES) if s))
    largest = scales[-1]
    for scale in scales[:-1]:
        verdicts = [f"{key} {name} {'agrees' if same else 'differs'}"
                    for key in HEADLINE_CHANGES
                    for name, same in zip(SCHEDULES[1:],
                                          agrees(found[scale][key], found[largest][key])[1:])]
        print(f"scale {scale:g} against {largest:g}: " + "; ".join(verdicts))


if __name__ == "__main__":
    main()

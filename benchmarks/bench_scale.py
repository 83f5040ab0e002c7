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
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
SCHEDULES = ("baseline_8to5", "proposal_9to5", "proposal_0830")
# figure -> how its change is put: per cent of the baseline's, or percentage points
FIGURES = {"delay_pcu_h": "%", "co2_t": "%", "groups.office.lateness_share": "pp",
           "school_runs.parent_runs_on_time_share": "pp"}


def changes(scale: float, seeds: int, adapted: bool) -> dict:
    """figure -> Interval of each schedule's change against the baseline, seed by seed."""
    from sim.compare.comparison import run_comparison
    from sim.compare.intervals import interval

    overrides = {"simulation.scale": scale, **({} if adapted else {"equilibrium.iterations": 0})}
    comparison = run_comparison(
        [ROOT / "scenarios" / "shaoyang" / f"{name}.toml" for name in SCHEDULES],
        list(range(1, seeds + 1)), overrides=overrides, workers=2)
    out = {}
    for key, unit in FIGURES.items():
        values = comparison.values[key]  # (schedules, seeds)
        change = values - values[0]
        out[key] = interval((100 * (change / values[0] if unit == "%" else change)).T)
    return out


def agrees(one, other, s: int) -> bool:
    """Whether schedule s's two changes differ by at most their combined half-widths."""
    half = [(i.high[s] - i.low[s]) / 2 for i in (one, other)]
    return bool(abs(one.mean[s] - other.mean[s]) <= np.hypot(*half))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=float, nargs="+", default=[0.1, 1.0])
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--adapted", action="store_true")
    args = parser.parse_args()
    scales = sorted(args.scales)
    found = {}
    for scale in scales:
        start = time.perf_counter()
        found[scale] = changes(scale, args.seeds, args.adapted)
        print(f"scale {scale:g}, {args.seeds} seeds, departures "
              f"{'adapted' if args.adapted else 'fixed'} ({time.perf_counter() - start:.0f} s)")
        for key, unit in FIGURES.items():
            change = found[scale][key]
            print(f"  {key:40s}" + "".join(
                f"  {name}: {change.mean[s]:+6.1f} [{change.low[s]:+6.1f}, "
                f"{change.high[s]:+6.1f}] {unit}" for s, name in enumerate(SCHEDULES) if s))
    largest = scales[-1]
    for scale in scales[:-1]:
        verdicts = [f"{key} {name} " + ("agrees" if agrees(found[scale][key],
                                                           found[largest][key], s) else "differs")
                    for key in FIGURES for s, name in enumerate(SCHEDULES) if s]
        print(f"scale {scale:g} against {largest:g}: " + "; ".join(verdicts))


if __name__ == "__main__":
    main()

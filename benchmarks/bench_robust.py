"""Whether a few days of adaptation give the settled shift of an effect over the assumptions.

`compare --robust` runs each design point adapting for at most 2 days and adds each
point's shift (its effect minus the nominal point's, run the same way) to the settled
effect. This runs the baseline and each proposal at the nominal point and at design
points of the demo's design, both capped and settled (every day the scenario allows),
seed 1, and prints for each point and proposal the shift in road delay (percentage
points of the baseline's) both ways, their difference, and the time each way took.

    python benchmarks/bench_robust.py                         # points 1 and 5 of 6, scale 0.1
    python benchmarks/bench_robust.py --points 0 3 5 --design 6 --days 2 --scale 0.1
"""

from __future__ import annotations

import argparse
import dataclasses
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
SCHEDULES = ("baseline_8to5", "proposal_9to5", "proposal_0830")


def delays(days: int | None, chosen: list[int], design: int, scale: float) -> np.ndarray:
    """(schedules, 1 + len(chosen)) road delay at the nominal point and the chosen points,
    adapting for at most `days` days (None: the scenario's own cap)."""
    from sim.compare.robust import plan_robustness, run_robustness
    from sim.scenario import load_scenario

    scenarios = [load_scenario(ROOT / "scenarios" / "shaoyang" / f"{name}.toml",
                               {"simulation.scale": scale}) for name in SCHEDULES]
    own = max(s.settings.equilibrium.iterations for s in scenarios)
    plan = plan_robustness(scenarios, points=design, days=own if days is None else days)
    keep = [0, *(p + 1 for p in chosen)]
    plan = dataclasses.replace(plan, levels=plan.levels[chosen],
                               runs=[[r[p] for p in keep] for r in plan.runs])
    return run_robustness(plan, workers=2).values["delay_pcu_h"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, nargs="+", default=[1, 5],
                        help="design points to check, counted from 0 (default 1 5)")
    parser.add_argument("--design", type=int, default=6, help="points in the design (6)")
    parser.add_argument("--days", type=int, default=2, help="the cap to check (2)")
    parser.add_argument("--scale", type=float, default=0.1)
    args = parser.parse_args()
    found, took = {}, {}
    for name, days in (("capped", args.days), ("settled", None)):
        start = time.perf_counter()
        found[name] = delays(days, args.points, args.design, args.scale)
        took[name] = time.perf_counter() - start
    print(f"scale {args.scale:g}, seed 1, design of {args.design}, points {args.points}; "
          f"capped at {args.days} days {took['capped']:.0f} s, settled {took['settled']:.0f} s")
    for s, schedule in enumerate(SCHEDULES[1:], start=1):
        shifts = {}
        for name, values in found.items():
            effect = 100 * (values[s] - values[0]) / values[0]
            shifts[name] = effect - effect[0]
            print(f"  {schedule} {name:8s} effect at nominal {effect[0]:+6.1f}%, shifts "
                  + ", ".join(f"{v:+5.1f}" for v in shifts[name][1:]) + " points")
        gap = shifts["capped"] - shifts["settled"]
        print(f"  {schedule} capped minus settled shift: "
              + ", ".join(f"{v:+5.1f}" for v in gap[1:]) + " points")


if __name__ == "__main__":
    main()

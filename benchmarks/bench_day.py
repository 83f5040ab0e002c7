"""A full-scale day of the stylised Shaoyang: kernel time, SimPy orchestration time, memory.

Each run is a fresh process (so its peak RSS is its own) with one thread for
numpy's helpers (OMP_NUM_THREADS=1 and the like): the kernel runs on one core.
Times are wall-clock seconds measured inside the run (sim.simulate.day.simulate_day):
planning (network, population, legs, routes), kernel (every call into the
traffic kernel: adding vehicles and advancing it), orchestration (the rest of
the SimPy run: timetables, households, hand-overs). The run is repeated and
the fastest kernel time kept, as timeit does: this machine's speed drifts by
up to 2x from minute to minute (all runs are printed).

    python benchmarks/bench_day.py                          # baseline_8to5, 3 runs
    python benchmarks/bench_day.py --scenario proposal_9to5 --repeat 1
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
KERNEL_BUDGET_S = 20.0
RSS_BUDGET_MB = 2048.0
ONE_THREAD = {name: "1" for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS",
                                     "MKL_NUM_THREADS")}


def child(scenario: str, scale: float) -> None:
    """Simulate the day and print one JSON line of figures."""
    import numpy as np

    from sim.scenario import load_scenario
    from sim.simulate.day import DONE, simulate_day

    loaded = load_scenario(ROOT / "scenarios" / "shaoyang" / f"{scenario}.toml",
                           {"simulation.scale": scale})
    day = simulate_day(loaded)
    print(json.dumps({
        "scenario": scenario, "scale": scale, "people": len(day.population),
        "legs": len(day.legs), "legs_done": int(np.sum(day.status == DONE)),
        "road_trips": int(day.traffic.n_vehicles),
        "steps_computed": int(day.traffic.steps_computed),
        **{f"{name}_s": round(value, 2) for name, value in day.timings_s.items()},
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }))


def run_once(scenario: str, scale: float) -> dict:
    env = {**os.environ, **ONE_THREAD}
    out = subprocess.run([sys.executable, __file__, "--child", scenario, str(scale)],
                         capture_output=True, text=True, check=True, env=env)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", default="baseline_8to5")
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--child", nargs=2, metavar=("SCENARIO", "SCALE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], float(args.child[1]))
        return
    runs = []
    for i in range(args.repeat):
        runs.append(run_once(args.scenario, args.scale))
        r = runs[-1]
        print(f"run {i + 1}: planning {r['planning_s']:.1f} s, kernel {r['kernel_s']:.1f} s, "
              f"orchestration {r['orchestration_s']:.1f} s, peak RSS {r['peak_rss_mb']:.0f} MB",
              flush=True)
    best = min(runs, key=lambda r: r["kernel_s"])
    print(f"\n{best['scenario']} at scale {best['scale']:g}: {best['people']:,} people, "
          f"{best['legs']:,} trips planned ({best['legs_done']:,} made), "
          f"{best['road_trips']:,} of them on the road, {best['steps_computed']:,} steps")
    print(f"{'':24}{'fastest':>10}{'budget':>10}")
    print(f"{'kernel time (s)':24}{best['kernel_s']:10.1f}{KERNEL_BUDGET_S:10.0f}")
    print(f"{'SimPy orchestration (s)':24}{best['orchestration_s']:10.1f}{'':>10}")
    print(f"{'planning (s)':24}{best['planning_s']:10.1f}{'':>10}")
    peak = max(r["peak_rss_mb"] for r in runs)
    print(f"{'peak RSS (MB, largest)':24}{peak:10.0f}{RSS_BUDGET_MB:10.0f}")
    share = best["orchestration_s"] / (best["kernel_s"] + best["orchestration_s"])
    print(f"orchestration is {100 * share:.0f}% of the simulated day's time")


if __name__ == "__main__":
    main()

"""The priced solve alone, on one core and on all: what the first day's solve costs.

Simulates the planned day of one scenario, builds what the priced solve works on
(``sim.behaviour.equilibrium.priced_choices``) and times it, then solves for the
queue delays at the coarse logit scale with a fixed number of dual evaluations,
first with the process held to one core (``os.sched_setaffinity``, Linux) and
then on all its cores. The solve cuts its rows into the same parts either way,
so both find the same delays; the ratio is what the cores buy.

    python benchmarks/bench_prices.py                    # baseline_8to5, quarter scale
    python benchmarks/bench_prices.py --scale 1.0 --evaluations 20
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
for _name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")


def _timed_solve(choices, spare, scale_s: float, evaluations: int, cores: set[int]):
    """The delays and the seconds the solve took with the process on `cores`."""
    from sim.behaviour.prices import clearing_delays

    everywhere = os.sched_getaffinity(0)
    os.sched_setaffinity(0, cores)
    try:
        start = time.perf_counter()
        delay = clearing_delays(choices, spare, [scale_s], max_evaluations=evaluations)
        return delay, time.perf_counter() - start
    finally:
        os.sched_setaffinity(0, everywhere)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", default="baseline_8to5")
    parser.add_argument("--scale", type=float, default=0.25)
    parser.add_argument("--evaluations", type=int, default=30,
                        help="dual evaluations per set of priced links")
    args = parser.parse_args()
    if not hasattr(os, "sched_setaffinity"):
        raise SystemExit("bench_prices.py needs os.sched_setaffinity (Linux)")

    from sim.behaviour.equilibrium import priced_choices, simulated_lessons
    from sim.scenario import load_scenario
    from sim.simulate.day import plan_day

    scenario = load_scenario(ROOT / "scenarios" / "shaoyang" / f"{args.scenario}.toml",
                             {"simulation.scale": args.scale})
    settings = scenario.settings.equilibrium
    day, times, chosen, offers, fastest = simulated_lessons(plan_day(scenario))
    start = time.perf_counter()
    choices, spare, _, _ = priced_choices(day, times, chosen, offers, fastest, settings)
    built = time.perf_counter() - start
    rows = sum(group.count.size for group in choices)
    entries = sum(walks.walks.nnz for group in choices for part in group.parts
                  for walks in part)
    print(f"{args.scenario} at scale {args.scale}: {chosen.leg.size:,d} choosers in "
          f"{rows:,d} rows, {entries:,d} walk link-minutes; built in {built:.1f} s")

    scale = 4 * settings.choice_scale_s
    every = os.sched_getaffinity(0)
    one, one_s = _timed_solve(choices, spare, scale, args.evaluations, {min(every)})
    delay, all_s = _timed_solve(choices, spare, scale, args.evaluations, every)
    same = "the same" if (one == delay).all() else "DIFFERENT"
    print(f"solve, at most {args.evaluations} evaluations per set of links: "
          f"{one_s:.1f} s on 1 core, {all_s:.1f} s on {len(every)}; "
          f"ratio {one_s / all_s:.2f}; delays {same}")


if __name__ == "__main__":
    main()

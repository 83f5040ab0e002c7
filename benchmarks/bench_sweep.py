"""Sweep throughput with 1 and 2 local workers, and the sweep machinery's own cost per run.

Runs the same small sweep (office compliance x seeds on the 9-to-5 day at a
small scale) into fresh stores with 1 and with 2 worker processes and prints
runs per minute and their ratio, the median of `--repeat` measurements (the
issue asks >= 1.8 on 2 cores; on a shared 2-core machine each run slows by
10-20% while the other core is busy, so single measurements scatter). The
overhead is the wall time of the sweep minus the time the runs themselves
took (each record's elapsed_s), per run, as a share of a run: planning (keys
need each scenario loaded), storing, scheduling and the final table.

    python benchmarks/bench_sweep.py [--runs 12] [--scale 0.05] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
for _name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=12, help="runs (an even number)")
    parser.add_argument("--scale", type=float, default=0.05)
    parser.add_argument("--repeat", type=int, default=3, help="measurements of each (median)")
    args = parser.parse_args()

    from sim.sweep import sweep, sweep_spec

    spec = sweep_spec(ROOT / "scenarios" / "shaoyang" / "proposal_9to5.toml",
                      {"schedules.office.compliance": {"range": [0.0, 1.0],
                                                       "steps": args.runs // 2}},
                      seeds=[1, 2], fixed={"simulation.scale": args.scale})
    rates: dict[int, list[float]] = {1: [], 2: []}
    for _ in range(args.repeat):
        for workers in (1, 2):
            with tempfile.TemporaryDirectory() as folder:
                started = time.perf_counter()
                table = sweep(spec, out_dir=folder, workers=workers)
                wall = time.perf_counter() - started
            runs = len(table["key"])
            busy = float(table["elapsed_s"].astype(float).sum())
            rates[workers].append(runs / wall * 60)
            line = (f"{workers} worker(s): {runs} runs in {wall:.1f} s, "
                    f"{rates[workers][-1]:.1f} runs/min, mean run {busy / runs:.2f} s")
            if workers == 1:
                overhead = (wall - busy) / runs
                line += (f"; sweep machinery {overhead:.3f} s per run, "
                         f"{overhead / (busy / runs):.1%} of a run")
            print(line, flush=True)
    ratios = np.array(rates[2]) / np.array(rates[1])
    print(f"throughput 2 workers / 1 worker: median {np.median(ratios):.2f}x "
          f"(each repeat: {', '.join(f'{r:.2f}' for r in ratios)})")


if __name__ == "__main__":
    main()

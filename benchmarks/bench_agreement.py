"""Trip by trip against UXsim: does the kernel congest a network as a kinematic-wave
simulator does?

Scenarios
  S3     the 10 x 10 grid of bench_kernel.py with 300,000 trips, cut at 12:00.
  RIVER  a 6 x 8 grid of 500 m blocks (one lane each way, 1,800 veh/h, 50 km/h) split
         between rows 2 and 3 by a river that two bridges cross (node columns 2 and 5,
         one lane each way); 8,000 trips from the three rows south of the river to the
         three north of it, departures normal around 07:45 (sd 15 min, numpy seed 1):
         queues at the bridges spill back across the junctions of the south bank.

Engines: the kernel (dt 1 s), as it runs the city (entering vehicles merge with through
traffic as an approach of their link's capacity) and with entering vehicles first
(entry_priority 1,000), as UXsim lets them go; UXsim (C++) at deltan 1, the reference,
and at deltan 5, whose difference from deltan 1 shows UXsim's own discretisation noise.
Every engine follows the same free-flow shortest paths and the same diagram: free speed
v, capacity C at both ends of a link (UXsim's capacity_out and capacity_in), jam density
k_j and UXsim's backward-wave speed, 1 / (reaction time x k_j) = 24 km/h at its default 1 s
reaction time (the kernel is given it: UXsim adds single vehicles reliably only with a
whole-second step), with merge priorities in proportion to capacity. Each engine runs
in its own process and prints one JSON line; then, against UXsim at deltan 1, each
prints: total travel time (unfinished trips counted to the horizon), completed share, the
correlation of per-trip delay (travel time minus the engine's own free-flow time) over
trips both completed, and the share of those trips whose travel times differ by more
than 60 s and more than 20%.

    python benchmarks/bench_agreement.py                  # both scenarios
    python benchmarks/bench_agreement.py --only RIVER
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from bench_kernel import END_S, uxsim_world
from bench_kernel import scenario as kernel_scenario
from sim.clock import (SECONDS_PER_HOUR, kmh_to_mps, mps_to_kmh, parse_clock,
                       per_hour_to_per_second)
from sim.network import make_network, shortest_paths
from sim.traffic import load_vehicles

RIVER_END_S = parse_clock("12:00")
DIFFER_S, DIFFER_SHARE = 60.0, 0.2
REACTION_TIME_S = 1.0  # UXsim's default: its time step at deltan 1


def river():
    """The RIVER network, its routes and departures (module docstring)."""
    rows, cols, block_m = 6, 8, 500.0
    index = np.arange(rows * cols).reshape(rows, cols)
    east = (index[:, :-1].ravel(), index[:, 1:].ravel())
    north = [(index[r, c], index[r + 1, c]) for r in range(rows - 1) for c in range(cols)
             if r != 2 or c in (2, 5)]
    start = np.concatenate([east[0], east[1], [a for a, _ in north], [b for _, b in north]])
    end = np.concatenate([east[1], east[0], [b for _, b in north], [a for a, _ in north]])
    row, col = np.divmod(np.arange(rows * cols), cols)
    network = make_network(from_node=start, to_node=end, length_m=block_m, lanes=1,
                           free_speed_mps=kmh_to_mps(50.0),
                           capacity_vps=per_hour_to_per_second(1800.0),
                           node_x=col * block_m, node_y=row * block_m)
    rng = np.random.default_rng(1)
    n = 8000
    origin = rng.integers(0, 3 * cols, n)
    destination = rng.integers(3 * cols, rows * cols, n)
    departures = np.clip(rng.normal(parse_clock("07:45"), 900.0, n),
                         parse_clock("06:45"), parse_clock("08:45"))
    return network, shortest_paths(network, origin, destination), departures


def scenario(name: str):
    if name == "RIVER":
        return river()
    return kernel_scenario(name)


def end_s(name: str) -> float:
    return RIVER_END_S if name == "RIVER" else END_S[name]


def run_kernel(name: str, entry_priority: float) -> dict:
    network, routes, departures = scenario(name)
    started = time.perf_counter()
    wave_kmh = mps_to_kmh(1.0 / (REACTION_TIME_S * network.jam_density_vpm[0]))
    result = load_vehicles(network, routes.ptr, routes.links, departures, end_s=end_s(name),
                           backward_wave_kmh=float(wave_kmh), entry_priority=entry_priority)
    wall = time.perf_counter() - started
    return {"wall_s": wall, "deltan": 1, "trip": np.arange(departures.size),
            "departure_s": departures, "end_s": end_s(name),
            "travel_s": np.where(result.finished, result.travel_time_s, np.nan),
            "free_flow_s": result.free_flow_s}


def run_uxsim(name: str, deltan: int) -> dict:
    network, routes, departures = scenario(name)
    world, trips, vehicles, _ = uxsim_world(network, routes, departures, deltan, True,
                                            end_s(name))
    started = time.perf_counter()
    world.exec_simulation()
    wall = time.perf_counter() - started
    travel = np.array([v.travel_time if v.state == "end" else np.nan for v in vehicles],
                      dtype=float)
    free = np.array([sum(network.free_flow_s[routes.route(i)]) for i in trips])
    return {"wall_s": wall, "deltan": deltan, "trip": trips, "travel_s": travel,
            "free_flow_s": free, "departure_s": departures[trips], "end_s": end_s(name)}


def child(name: str, engine: str, out: Path) -> None:
    if engine.startswith("uxsim"):
        run = run_uxsim(name, int(engine.split("-")[1]))
    else:
        run = run_kernel(name, ENTRY_PRIORITY[engine])
    np.savez(out, **{k: v for k, v in run.items() if k != "wall_s"})
    print(json.dumps({"scenario": name, "engine": engine, "wall_s": round(run["wall_s"], 1)}))


def agreement(run: dict, reference: dict) -> dict:
    """The figures of the module docstring for `run` against `reference`."""
    _, here, there = np.intersect1d(run["trip"], reference["trip"],
                                             return_indices=True)
    travel, ref_travel = run["travel_s"][here], reference["travel_s"][there]
    done = np.isfinite(travel) & np.isfinite(ref_travel)
    delay = travel[done] - run["free_flow_s"][here][done]
    ref_delay = ref_travel[done] - reference["free_flow_s"][there][done]
    gap = np.abs(travel[done] - ref_travel[done])
    differ = (gap > DIFFER_S) & (gap > DIFFER_SHARE * ref_travel[done])
    on_road_s = np.where(np.isfinite(run["travel_s"]), run["travel_s"],
                         np.maximum(0.0, run["end_s"] - run["departure_s"]))
    return {"total_travel_time_veh_h":
            round(float(on_road_s.sum()) * int(run["deltan"]) / SECONDS_PER_HOUR, 1),
            "completed_share": round(float(np.mean(np.isfinite(run["travel_s"]))), 4),
            "trips_compared": int(done.sum()),
            "delay_correlation": round(float(np.corrcoef(delay, ref_delay)[0, 1]), 3),
            "share_differing": round(float(differ.mean()), 4)}


ENTRY_PRIORITY = {"kernel": 1.0, "kernel-entering-first": 1000.0}
ENGINES = ("uxsim-1", "uxsim-5", *ENTRY_PRIORITY)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--child", nargs=3, metavar=("SCENARIO", "ENGINE", "OUT"))
    parser.add_argument("--only", nargs="+", default=["RIVER", "S3"])
    args = parser.parse_args()
    if args.child:
        child(args.child[0], args.child[1], Path(args.child[2]))
        return
    with tempfile.TemporaryDirectory() as scratch:
        for name in args.only:
            runs = {}
            for engine in ENGINES:
                out = Path(scratch) / f"{name}-{engine}.npz"
                done = subprocess.run([sys.executable, __file__, "--child", name, engine,
                                       str(out)], capture_output=True, text=True)
                if done.returncode != 0:
                    print(json.dumps({"scenario": name, "engine": engine,
                                      "error": done.stderr.strip().splitlines()[-1:]}))
                    continue
                print(done.stdout.strip().splitlines()[-1], flush=True)
                runs[engine] = dict(np.load(out))
            reference = runs.get("uxsim-1")
            for engine, run in runs.items():
                if reference is not None:
                    print(json.dumps({"scenario": name, "engine": engine, "against": "uxsim-1",
                                      **agreement(run, reference)}), flush=True)


if __name__ == "__main__":
    main()

"""Kernel speed and memory, side by side with the SimPy reference and UXsim.

Scenarios
  S1  the D1 bottleneck corridor (3,000 trips).
  S2  10 x 10 grid, 1 km spacing, two-way, 2 lanes each way at 1,800 veh/h/lane,
      50 km/h, jam density 150 veh/km/lane; 100,000 trips between random node
      pairs (numpy seed 0), departures normal around 07:45 (sd 30 min) clipped
      to 06:30-09:30; free-flow shortest paths, the same for every engine.
  S3  S2 with 300,000 trips: heavily congested; run to 12:00.

Each engine runs in a fresh process (so peak RSS is its own) and prints one
JSON line. Fast engines run five times, in rounds over all engines, and the
fastest run is kept, as timeit does: this machine's speed drifts by up to 2x
from minute to minute, and the minimum is the figure least disturbed by it
(the median is printed too). Wall time
covers loading only (routes are computed once, outside the timing). UXsim
moves platoons of `deltan` vehicles, so it gets every deltan-th trip, each
standing for deltan vehicles; it follows the same routes (enforce_route),
simulates from the hour of the first departure to the horizon below, and keeps
no per-step vehicle log (vehicle_logging_timestep_interval=-1), as our kernel
keeps only link entry times.

    python benchmarks/bench_kernel.py                 # everything (about 10 minutes)
    python benchmarks/bench_kernel.py --only S1 S2    # a subset
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time

import numpy as np

from sim.clock import SECONDS_PER_HOUR, parse_clock
from sim.network import grid, shortest_paths
from sim.network.cases import d1_departures_s, d1_network
from sim.traffic import load_vehicles
from sim.traffic.reference import ReferenceModel
from sim.traffic.series import max_queue_veh

# Horizons: S1 and S2 end well after their last trip (08:43, 09:47 in every engine);
# S3 is cut at 12:00, its completion share being part of the answer.
END_S = {"S1": parse_clock("09:00"), "S2": parse_clock("10:30"), "S3": parse_clock("12:00")}


def scenario(name: str, limit: int | None = None):
    """Network, routes and departures of S1, S2 or S3 (optionally the first `limit` trips)."""
    if name == "S1":
        network, departures = d1_network(), d1_departures_s()
        origin, destination = np.zeros(departures.size, int), np.full(departures.size, 3)
    else:
        network = grid(10, 10, spacing_km=1.0, lanes=2, capacity_vphpl=1800,
                       free_speed_kmh=50, jam_density_vpkmpl=150)
        n = 100_000 if name == "S2" else 300_000
        rng = np.random.default_rng(0)
        origin = rng.integers(0, network.n_nodes, n)
        destination = (origin + rng.integers(1, network.n_nodes, n)) % network.n_nodes
        departures = np.clip(rng.normal(parse_clock("07:45"), 1800.0, n),
                             parse_clock("06:30"), parse_clock("09:30"))
    if limit is not None:
        origin, destination, departures = origin[:limit], destination[:limit], departures[:limit]
    return network, shortest_paths(network, origin, destination), departures


def _figures(total_tt_s, total_delay_s, trips, finished, max_queue, last_arrival_s):
    return {"total_travel_time_veh_h": round(total_tt_s / SECONDS_PER_HOUR, 1),
            "total_delay_veh_h": round(total_delay_s / SECONDS_PER_HOUR, 1),
            "trips": int(trips), "finished_share": round(finished / trips, 4),
            "max_queue_veh": max_queue, "last_arrival_s": float(last_arrival_s)}


def run_ours(name, engine, limit, stuck_time_s, wave_kmh):
    network, routes, departures = scenario(name, limit)
    end_s = END_S[name] if name == "S3" else None
    start = time.perf_counter()
    if engine == "kernel":
        result = load_vehicles(network, routes.ptr, routes.links, departures, end_s=end_s,
                               stuck_time_s=stuck_time_s, backward_wave_kmh=wave_kmh)
    else:
        result = ReferenceModel(network, routes.ptr, routes.links, departures,
                                end_s=END_S[name]).run()
    wall = time.perf_counter() - start
    done = result.finished
    extra = {"gridlocks": len(result.gridlocks),
             "first_gridlock_s": result.gridlocks[0].time_s if result.gridlocks else None,
             "released_veh": result.released_veh}
    return wall, {**_figures(np.sum(result.travel_time_s[done]), np.sum(result.delay_s[done]),
                             result.n_vehicles, done.sum(), max_queue_veh(result),
                             np.max(result.arrival_s[done])), **extra}


def uxsim_world(network, routes, departures, deltan: int, cpp: bool, end_s: float):
    """A UXsim world of the network and trips (every deltan-th, a platoon of deltan) on our
    routes, from the hour of the first departure to `end_s`; links have our capacity at
    both ends and merge in proportion to it, as in the kernel. Returns the world, the
    trips it holds, their vehicles and the time the world's clock starts at, s."""
    import uxsim

    base_s = np.floor(departures.min() / SECONDS_PER_HOUR) * SECONDS_PER_HOUR
    world = uxsim.World(name="", deltan=deltan, tmax=end_s - base_s, print_mode=0,
                        save_mode=0, show_mode=0, random_seed=0, cpp=cpp,
                        vehicle_logging_timestep_interval=-1)
    for i, node in enumerate(network.node_id):
        world.addNode(str(node), float(network.node_x[i]), float(network.node_y[i]))
    for i, link in enumerate(network.link_id):
        capacity = float(network.capacity_vps[i])
        world.addLink(f"l{link}", str(network.node_id[network.from_node[i]]),
                      str(network.node_id[network.to_node[i]]),
                      length=float(network.length_m[i]),
                      free_flow_speed=float(network.free_speed_mps[i]),
                      jam_density_per_lane=float(network.jam_density_vpm[i]),
                      number_of_lanes=int(network.lanes[i]), capacity_out=capacity,
                      capacity_in=capacity, merge_priority=capacity)
    names = np.array([f"l{link}" for link in network.link_id])
    origin = network.from_node[routes.links[routes.ptr[:-1]]]
    destination = network.to_node[routes.links[routes.ptr[1:] - 1]]
    trips = np.arange(0, len(departures), deltan)
    vehicles = []
    for i in trips:
        vehicle = world.addVehicle(str(network.node_id[origin[i]]),
                                   str(network.node_id[destination[i]]),
                                   float(departures[i] - base_s))
        vehicle.enforce_route(list(names[routes.route(i)]))
        vehicles.append(vehicle)
    return world, trips, vehicles, base_s


def run_uxsim(name, deltan, cpp, limit):
    network, routes, departures = scenario(name, limit)
    world, _, vehicles, base_s = uxsim_world(network, routes, departures, deltan, cpp,
                                             END_S[name])
    start = time.perf_counter()
    world.exec_simulation()
    wall = time.perf_counter() - start
    world.analyzer.basic_analysis()
    analysis = world.analyzer
    arrivals = [v.arrival_time * world.DELTAT for v in vehicles
                if v.arrival_time is not None and v.arrival_time >= 0]  # UXsim counts steps
    return wall, _figures(analysis.total_travel_time, analysis.total_delay, analysis.trip_all,
                          analysis.trip_completed, None, max(arrivals) + base_s)


def child(args) -> None:
    """Run one engine once and print its JSON line."""
    if args.engine.startswith("uxsim"):
        _, mode, deltan = args.engine.split("-")
        wall, figures = run_uxsim(args.scenario, int(deltan), mode == "cpp", args.limit)
    else:
        wall, figures = run_ours(args.scenario, args.engine, args.limit, args.stuck_time,
                                 args.backward_wave)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    trips = figures["trips"]
    print(json.dumps({"scenario": args.scenario, "engine": args.engine, "limit": args.limit,
                      "stuck_time_s": args.stuck_time, "backward_wave_kmh": args.backward_wave,
                      "wall_s": round(wall, 3),
                      "vehicles_per_s": round(trips / wall), "peak_rss_mb": round(peak_mb),
                      **figures}))


def run_once(scenario_name: str, engine: str, options: dict) -> dict | None:
    """One engine, one run, in a fresh process; None (and a JSON error line) if it fails."""
    command = [sys.executable, __file__, "--child", scenario_name, engine]
    for name, value in options.items():
        command += [f"--{name.replace('_', '-')}", str(value)]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        print(json.dumps({"scenario": scenario_name, "engine": engine, **options,
                          "returncode": done.returncode,
                          "error": done.stderr.strip().splitlines()[-1:]}), flush=True)
        return None
    return json.loads(done.stdout.strip().splitlines()[-1])


def summarise(runs: list[dict]) -> dict:
    """The fastest run, with the median and every wall time beside it."""
    best = dict(min(runs, key=lambda run: run["wall_s"]))
    best["runs"] = len(runs)
    best["wall_s_median"] = sorted(run["wall_s"] for run in runs)[len(runs) // 2]
    best["wall_s_all"] = [run["wall_s"] for run in runs]
    return best


# (engine, runs, options): repeated runs go round-robin over the engines, so that a
# drift in the machine's speed touches every engine alike.
PLAN = {
    "S1": [("kernel", 5, {}), ("reference", 3, {}), ("uxsim-cpp-1", 5, {}),
           ("uxsim-cpp-5", 5, {}), ("uxsim-python-5", 3, {})],
    "S2": [("kernel", 5, {}), ("reference", 1, {}), ("uxsim-cpp-1", 5, {}),
           ("uxsim-cpp-5", 5, {}), ("uxsim-python-5", 1, {}),
           ("kernel", 3, {"limit": 10_000}), ("uxsim-python-1", 1, {"limit": 10_000})],
    "S3": [("kernel", 3, {}), ("uxsim-cpp-5", 3, {}),
           ("kernel", 1, {"stuck_time": 300.0}), ("kernel", 1, {"backward_wave": 18.0})],
}


def measure(name: str) -> dict:
    """Run a scenario's plan; print and return each engine's summary."""
    runs: dict[int, list[dict]] = {i: [] for i in range(len(PLAN[name]))}
    failed: set[int] = set()
    for round_ in range(max(repeat for _, repeat, _ in PLAN[name])):
        for i, (engine, repeat, options) in enumerate(PLAN[name]):
            if round_ < repeat and i not in failed:
                run = run_once(name, engine, options)
                if run is None:
                    failed.add(i)
                else:
                    runs[i].append(run)
    results = {}
    for i, (engine, _, options) in enumerate(PLAN[name]):
        if runs[i] and i not in failed:
            results[(engine, tuple(sorted(options.items())))] = summary = summarise(runs[i])
            print(json.dumps(summary), flush=True)
    return results


def print_ratios(name: str, results: dict) -> None:
    ours = results.get(("kernel", ()))
    for (engine, options), other in results.items():
        if ours and engine != "kernel" and not options:
            print(json.dumps({"scenario": name, "ratio": f"{engine} / kernel",
                              "wall_time": round(other["wall_s"] / ours["wall_s"], 2),
                              "peak_rss": round(other["peak_rss_mb"] / ours["peak_rss_mb"], 2)}),
                  flush=True)
    limited = (("limit", 10_000),)
    small = results.get(("kernel", limited)), results.get(("uxsim-python-1", limited))
    if all(small):
        print(json.dumps({"scenario": name, "limit": 10_000, "ratio": "uxsim-python-1 / kernel",
                          "wall_time": round(small[1]["wall_s"] / small[0]["wall_s"], 2)}),
              flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--child", nargs=2, metavar=("SCENARIO", "ENGINE"))
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--stuck-time", type=float, default=None)
    parser.add_argument("--backward-wave", type=float, default=None)
    parser.add_argument("--only", nargs="+", default=list(PLAN))
    args = parser.parse_args()
    if args.child:
        args.scenario, args.engine = args.child
        child(args)
        return
    for name in args.only:
        print_ratios(name, measure(name))


if __name__ == "__main__":
    main()

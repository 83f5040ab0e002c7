"""The `staggersim` command."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

from .clock import parse_time
from .errors import InputError


def _time(text: str) -> float:
    try:
        return parse_time(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="staggersim", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    trips = commands.add_parser(
        "trips", help="load a trip table onto a GMNS network",
        description="Load DEMAND.csv (trip_id, from_node_id/to_node_id or from_zone_id/"
                    "to_zone_id, departure_time) onto the GMNS network in NETWORK_DIR along "
                    "free-flow shortest paths; write trips.csv, links.csv and summary.json.")
    trips.add_argument("network_dir")
    trips.add_argument("demand_csv")
    trips.add_argument("-o", "--out", required=True, help="output folder (replaced whole)")
    trips.add_argument("--dt", type=float, default=1.0, help="time step, seconds (default 1)")
    trips.add_argument("--end", type=_time, default=None,
                       help="stop at this time (HH:MM or seconds); default: when all arrive")
    trips.add_argument("--stuck-time", type=float, default=None,
                       help="release a vehicle refused space this many seconds (default: never)")
    trips.add_argument("--backward-wave", type=float, default=None, metavar="KMH",
                       help="speed at which freed space travels upstream, km/h "
                            "(default: usable at the next step)")
    trips.add_argument("--interval", type=float, default=300.0,
                       help="links.csv aggregation interval, seconds (default 300)")
    trips.add_argument("--cumulative", action="append", default=[], metavar="LINK_ID",
                       help="also draw the cumulative curves at this link's exit (repeatable)")
    run = commands.add_parser(
        "run", help="simulate a scenario's day",
        description="Simulate the day of SCENARIO (a TOML file); write trips.csv, links.csv, "
                    "kpis.json, timings.json, scenario.json and time_of_day.png to OUT.")
    run.add_argument("scenario")
    run.add_argument("-o", "--out", required=True, help="output folder (replaced whole)")
    run.add_argument("--scale", type=float, default=None,
                     help="multiply the population (default: the scenario's simulation.scale)")
    run.add_argument("--seed", type=int, default=None,
                     help="random seed (default: the scenario's simulation.seed)")
    run.add_argument("--iterations", type=int, default=None,
                     help="days of departure-time and route adaptation (default: the "
                          "scenario's equilibrium.iterations)")
    run.add_argument("--warm-start", metavar="RUN_DIR", default=None,
                     help="start from the departures chosen in an earlier run of the same "
                          "people (its trips.csv)")
    run.add_argument("--quiet", action="store_true", help="no progress bar")
    compare = commands.add_parser(
        "compare", help="compare scenarios over the same seeds",
        description="Run each SCENARIO with seeds 1..N (the same people in each: paired "
                    "differences) and write comparison.csv, comparison.md, kpis_by_seed.csv "
                    "and the figures to OUT. The first scenario is the reference.")
    compare.add_argument("scenarios", nargs="+", metavar="SCENARIO")
    compare.add_argument("-o", "--out", required=True, help="output folder (replaced whole)")
    compare.add_argument("--seeds", type=int, default=3, help="replications (default 3)")
    compare.add_argument("--scale", type=float, default=None,
                         help="population scale for every scenario (default: each one's own)")
    compare.add_argument("--iterations", type=int, default=None,
                         help="days of adaptation for every scenario (default: each one's own)")
    compare.add_argument("--lang", choices=("en", "zh"), default="en",
                         help="language of the table and figures (default en)")
    compare.add_argument("--quiet", action="store_true", help="no progress bar")
    sweep = commands.add_parser(
        "sweep", help="run a parameter sweep",
        description="Run the design of SPEC (a TOML file: base scenario, parameters by dotted "
                    "path, design, seeds) and write one row per run to OUT/results.csv. Runs "
                    "already stored in OUT are not run again.")
    sweep.add_argument("spec")
    sweep.add_argument("-o", "--out", required=True, help="output folder (the run store)")
    sweep.add_argument("--workers", type=int, default=1, help="worker processes (default 1)")
    sweep.add_argument("--scheduler", metavar="ADDRESS", default=None,
                       help="send the runs to the Dask scheduler at ADDRESS")
    sweep.add_argument("--dask-local", metavar="N", type=int, default=None,
                       help="start a Dask LocalCluster of N worker processes")
    sweep.add_argument("--quiet", action="store_true", help="no progress bar")
    kpis = commands.add_parser(
        "kpis", help="print the key figures of runs side by side",
        description="Print a Markdown table of the kpis.json of each RUN_DIR.")
    kpis.add_argument("run_dirs", nargs="+", metavar="RUN_DIR")
    return parser


def _run(args) -> int:
    from .runner import run_scenario
    from .scenario import load_scenario

    overrides = {}
    if args.scale is not None:
        overrides["simulation.scale"] = args.scale
    if args.seed is not None:
        overrides["simulation.seed"] = args.seed
    if args.iterations is not None:
        overrides["equilibrium.iterations"] = args.iterations
    scenario = load_scenario(args.scenario, overrides)
    kpis = run_scenario(scenario, args.out, progress=not args.quiet,
                        warm_start=args.warm_start)
    print(f"{scenario.name}: {kpis['people']:,} people, {kpis['legs_done']:,} of "
          f"{kpis['legs_planned']:,} trips made, delay {kpis['delay_pcu_h']:,.0f} pcu-h, "
          f"peaks at {' '.join(kpis['daily_peaks'])}; results in {args.out}")
    return 0


def _compare(args) -> int:
    from .report.pack import compare

    if args.seeds < 1:
        raise InputError(f"--seeds must be at least 1, not {args.seeds}")
    compare(args.scenarios, args.out, seeds=args.seeds, scale=args.scale,
            iterations=args.iterations, language=args.lang, progress=not args.quiet)
    print((Path(args.out) / "comparison.md").read_text(encoding="utf-8"))
    print(f"results in {args.out}")
    return 0


def _sweep(args) -> int:
    from .sweep import read_spec, sweep

    if args.workers < 1:
        raise InputError(f"--workers must be at least 1, not {args.workers}")
    table = sweep(read_spec(args.spec), out_dir=args.out, workers=args.workers,
                  scheduler=args.scheduler, dask_local=args.dask_local,
                  progress=not args.quiet)
    failed = int(np.sum(table["status"] == "failed"))
    print(f"{len(table['key']):,} runs, {failed:,} failed; results in "
          f"{Path(args.out) / 'results.csv'}")
    return 0


def _kpis(args) -> int:
    from .kpi_table import kpi_table, read_kpis

    print(kpi_table([read_kpis(folder) for folder in args.run_dirs]))
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    commands = {"run": _run, "compare": _compare, "sweep": _sweep, "kpis": _kpis,
                "trips": _trips}
    try:
        return commands[args.command](args)
    except InputError as error:
        print(f"staggersim: error: {error}", file=sys.stderr)
        return 2


def _trips(args) -> int:
    from .tripload import run_trip_table

    summary = run_trip_table(args.network_dir, args.demand_csv, args.out, dt_s=args.dt,
                             end_s=args.end, stuck_time_s=args.stuck_time,
                             backward_wave_kmh=args.backward_wave, interval_s=args.interval,
                             cumulative_links=tuple(args.cumulative))
    print(f"{summary['trips_finished']:,} of {summary['trips']:,} trips finished; "
          f"last arrival {summary['last_arrival']}")
    print(f"total travel time {summary['total_travel_time_veh_h']:,.1f} veh-h, "
          f"total delay {summary['total_delay_veh_h']:,.1f} veh-h, "
          f"max queue {summary['max_queue_veh']:,.0f} veh")
    for gridlock in summary["gridlocks"]:
        print(f"gridlock at {gridlock['time']} on links {gridlock['links']}")
    if summary["released_veh"]:
        print(f"{summary['released_veh']:,} vehicles released after the stuck time")
    print(f"results in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

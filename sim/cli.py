"""The `staggersim` command.

Every value is checked where it is parsed (`_bounded`); the project's own errors
print one line and exit 2, Ctrl-C prints one line and exits 130, and any other
exception is a bug: its traceback is shown with a line saying so (`main`).
"""

from __future__ import annotations

import argparse
import sys
import traceback
import warnings
from pathlib import Path

import numpy as np

from .clock import parse_time
from .compare.robust import DAYS, POINTS
from .errors import InputError, InputWarning
from .scenario.kinds import Kind, integer, number
from .scenario.schema import SCHEMA

EXIT_INPUT = 2
EXIT_INTERRUPTED = 130



class _Parser(argparse.ArgumentParser):
    """argparse with its errors on one line (usage is one `--help` away)."""

    def error(self, message: str):
        self.exit(EXIT_INPUT, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def _time(text: str) -> float:
    try:
        return parse_time(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _field(dotted: str) -> Kind:
    """The kind of a scenario field, by its TOML key ("simulation.scale"): an option that
    stands for a field refuses what the field refuses."""
    spec = SCHEMA
    for key in dotted.split("."):
        spec = spec[key]
    return spec.kind


def _option(kind: Kind, parse: type = float):
    """An argparse type: text read by `parse`, then checked by a scenario kind (finite, in
    its range), so an option and the field it sets refuse the same values."""
    def convert(text: str):
        try:
            value = parse(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not {kind.allowed}") from None
        try:
            return kind.convert(value)
        except ValueError as error:
            raise argparse.ArgumentTypeError(str(error)) from None
    return convert


def _output(command: argparse.ArgumentParser, what: str) -> None:
    command.add_argument("-o", "--out", required=True,
                         help=f"output folder for {what}; a folder staggersim wrote is "
                              "replaced, any other non-empty folder is refused")
    command.add_argument("--force", action="store_true",
                         help="write into a non-empty folder staggersim did not write, "
                              "replacing only files of the same names")


def _adaptation_options(command: argparse.ArgumentParser, default: str) -> None:
    """--iterations and --fixed-departures: how far departures adapt (one or the other)."""
    chosen = command.add_mutually_exclusive_group()
    chosen.add_argument("--iterations", type=_option(_field("equilibrium.iterations"), int),
                        default=None,
                        help="most days of departure-time and route adaptation; it stops "
                             "sooner once the gap or the settle rule is met (default: "
                             f"{default} equilibrium.iterations)")
    chosen.add_argument("--fixed-departures", action="store_true",
                        help="no adaptation: everyone leaves as planned, on the free-flow "
                             "shortest path (same as --iterations 0)")


def _executor_options(command: argparse.ArgumentParser) -> None:
    """Where the runs run: local worker processes or a Dask cluster."""
    command.add_argument("--workers", type=_option(integer(1, 1024), int), default=1,
                         help="worker processes (default 1)")
    command.add_argument("--scheduler", metavar="ADDRESS", default=None,
                         help="send the runs to the Dask scheduler at ADDRESS")
    command.add_argument("--dask-local", metavar="N", type=_option(integer(1, 1024), int),
                         default=None, help="start a Dask LocalCluster of N worker processes")


def _iterations(args) -> int | None:
    """The day cap the command line asks for (0 with --fixed-departures), or None."""
    return 0 if args.fixed_departures else args.iterations


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="staggersim", description="Will staggering work hours relieve a "
                     "city's rush hours? Simulate, compare and sweep work schedules.")
    commands = parser.add_subparsers(dest="command", required=True)
    trips = commands.add_parser(
        "trips", help="load a trip table onto a GMNS network",
        description="Load DEMAND.csv (trip_id, from_node_id/to_node_id or from_zone_id/"
                    "to_zone_id, departure_time) onto the GMNS network in NETWORK_DIR along "
                    "free-flow shortest paths; write trips.csv, links.csv and summary.json.")
    trips.add_argument("network_dir")
    trips.add_argument("demand_csv")
    _output(trips, "trips.csv, links.csv and summary.json")
    trips.add_argument("--dt", type=_option(number(0.01, 60)), default=1.0,
                       help="time step, seconds, 0.01 to 60 (default 1)")
    trips.add_argument("--end", type=_time, default=None,
                       help="stop at this time (HH:MM or seconds), after the first departure; "
                            "default: when all arrive, at the latest 24 h after the last "
                            "departure (the horizon)")
    trips.add_argument("--stuck-time", type=_option(_field("network.stuck_time_s")),
                       default=None, help="release a ready vehicle that has waited this many "
                                          "seconds at a link's end (default: never)")
    trips.add_argument("--backward-wave", type=_option(_field("network.backward_wave_kmh")),
                       default=None, metavar="KMH",
                       help="speed at which freed space travels upstream on every link, km/h "
                            "(default: each link's triangular wave speed)")
    trips.add_argument("--interval", type=_option(_field("simulation.series_interval_s")),
                       default=300.0,
                       help="links.csv aggregation interval, seconds, 1 to 86400 (default 300)")
    trips.add_argument("--storage-floor", action="store_true",
                       help="give links too short to hold one vehicle room for one (with a "
                            "warning) instead of refusing the network")
    trips.add_argument("--cumulative", action="append", default=[], metavar="LINK_ID",
                       help="also draw the cumulative curves at this link's exit (repeatable)")
    run = commands.add_parser(
        "run", help="simulate a scenario's day",
        description="Simulate the day of SCENARIO (a TOML file), adapted day by day until "
                    "travellers' departures and routes settle (--fixed-departures: as "
                    "planned); write trips.csv, links.csv, kpis.json, timings.json, "
                    "scenario.json and time_of_day.png to OUT, and with adaptation "
                    "equilibrium.csv and equilibrium.png.")
    run.add_argument("scenario")
    _output(run, "the run's files")
    run.add_argument("--scale", type=_option(_field("simulation.scale")), default=None,
                     help="share of the population simulated, over 0 and at most 1 "
                          "(default: the scenario's simulation.scale)")
    run.add_argument("--seed", type=_option(_field("simulation.seed"), int), default=None,
                     help="random seed (default: the scenario's simulation.seed)")
    _adaptation_options(run, "the scenario's")
    run.add_argument("--warm-start", metavar="RUN_DIR", default=None,
                     help="start from the departures chosen in an earlier run of the same "
                          "people (its trips.csv)")
    run.add_argument("--quiet", action="store_true", help="no progress bar")
    compare = commands.add_parser(
        "compare", help="compare scenarios over the same seeds",
        description="Run each SCENARIO with seeds 1..N (the same people in each: paired "
                    "differences), each day adapted until it settles (--fixed-departures: "
                    "as planned), and write comparison.csv, comparison.md, kpis_by_seed.csv, "
                    "the figures and briefing.pdf to OUT. The first scenario is the "
                    "reference.")
    compare.add_argument("scenarios", nargs="+", metavar="SCENARIO")
    _output(compare, "the comparison")
    compare.add_argument("--seeds", type=_option(integer(1, 1000), int), default=3,
                         help="replications (default 3; with one, chance is not estimated)")
    compare.add_argument("--scale", type=_option(_field("simulation.scale")), default=None,
                         help="population scale for every scenario, over 0 and at most 1 "
                              "(default: each one's own)")
    _adaptation_options(compare, "each scenario's own")
    _executor_options(compare)
    compare.add_argument("--robust", metavar="POINTS", nargs="?", const=POINTS, default=0,
                         type=_option(integer(1, 1000), int),
                         help="also run every scenario over a seeded design of POINTS "
                              f"(default {POINTS}) sets of assumed levels (capacity, "
                              "compliance, arrival margins, lunch-home and car shares) with "
                              "the first seed, and report each effect's range over them")
    compare.add_argument("--robust-days", metavar="DAYS", default=DAYS,
                         type=_option(_field("equilibrium.iterations"), int),
                         help=f"most days of adaptation of those runs (default {DAYS})")
    compare.add_argument("--lang", choices=("en", "zh"), default="en",
                         help="language of the table and figures (default en)")
    compare.add_argument("--quiet", action="store_true", help="no progress bar")
    calibrate = commands.add_parser(
        "calibrate", help="fit a scenario's fields to observed indicators",
        description="Fit the fields named in TARGETS (a TOML file: observed indicators with "
                    "tolerances and sources, the fields to fit and their ranges) of SCENARIO "
                    "by least squares, and write calibrated.toml (extending SCENARIO) and "
                    "report.md (each target before and after, the fitted values, their "
                    "sensitivity) to OUT.")
    calibrate.add_argument("scenario")
    calibrate.add_argument("targets")
    _output(calibrate, "the calibrated scenario and its report")
    calibrate.add_argument("--workers", type=_option(integer(1, 1024), int), default=1,
                           help="worker processes (default 1)")
    calibrate.add_argument("--quiet", action="store_true", help="no word after each round")
    sweep = commands.add_parser(
        "sweep", help="run a parameter sweep",
        description="Run the design of SPEC (a TOML file: base scenario, parameters by dotted "
                    "path, design, seeds) and write one row per run to OUT/results.csv. Runs "
                    "already stored in OUT are not run again.")
    sweep.add_argument("spec")
    _output(sweep, "the run store (runs already in it are not run again)")
    _executor_options(sweep)
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
    days = _iterations(args)
    if days is not None:
        overrides["equilibrium.iterations"] = days
    scenario = load_scenario(args.scenario, overrides)
    kpis = run_scenario(scenario, args.out, progress=not args.quiet,
                        warm_start=args.warm_start, force=args.force)
    print(f"{scenario.name}: {kpis['people']:,} people, {kpis['legs_done']:,} of "
          f"{kpis['legs_planned']:,} trips made, delay {kpis['delay_pcu_h']:,.0f} pcu-h, "
          f"peaks at {' '.join(kpis['daily_peaks'])}; results in {args.out}")
    return 0


def _compare(args) -> int:
    from .report.pack import compare

    compare(args.scenarios, args.out, seeds=args.seeds, scale=args.scale,
            iterations=_iterations(args), language=args.lang, progress=not args.quiet,
            force=args.force, workers=args.workers, scheduler=args.scheduler,
            dask_local=args.dask_local, robust=args.robust, robust_days=args.robust_days)
    print((Path(args.out) / "comparison.md").read_text(encoding="utf-8"))
    print(f"results in {args.out}")
    return 0


def _calibrate(args) -> int:
    from .calibrate import calibrate

    result = calibrate(args.scenario, args.targets, args.out, workers=args.workers,
                       force=args.force, progress=not args.quiet)
    print((Path(args.out) / "report.md").read_text(encoding="utf-8"))
    print(f"{result.runs} runs in {result.rounds} round(s); results in {args.out}")
    return 0


def _sweep(args) -> int:
    from .sweep import read_spec, sweep

    table = sweep(read_spec(args.spec), out_dir=args.out, workers=args.workers,
                  scheduler=args.scheduler, dask_local=args.dask_local,
                  progress=not args.quiet, force=args.force)
    failed = int(np.sum(table["status"] == "failed"))
    print(f"{len(table['key']):,} runs, {failed:,} failed; results in "
          f"{Path(args.out) / 'results.csv'}")
    return 0


def _kpis(args) -> int:
    from .kpis.table import kpi_table, read_kpis

    print(kpi_table([read_kpis(folder) for folder in args.run_dirs]))
    return 0


def _warnings_on_one_line(show):
    """A `warnings.showwarning` printing an InputWarning as one line, others by `show`."""
    def shown(message, category, filename, lineno, file=None, line=None):
        if issubclass(category, InputWarning):
            print(f"staggersim: warning: {message}", file=sys.stderr)
        else:
            show(message, category, filename, lineno, file, line)
    return shown


def main(argv: list[str] | None = None) -> int:
    """Run the command; returns its exit status (0, 2 for bad input, 130 for Ctrl-C)."""
    commands = {"run": _run, "compare": _compare, "calibrate": _calibrate, "sweep": _sweep,
                "kpis": _kpis, "trips": _trips}
    try:
        try:
            args = _parser().parse_args(argv)
        except SystemExit as done:  # --help, or a value refused where it was parsed
            return done.code
        with warnings.catch_warnings():
            warnings.showwarning = _warnings_on_one_line(warnings.showwarning)
            return commands[args.command](args)
    except InputError as error:
        print(f"staggersim: error: {error}", file=sys.stderr)
        return EXIT_INPUT
    except KeyboardInterrupt:
        print("staggersim: interrupted; nothing was left half-written", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception:
        traceback.print_exc()
        print("staggersim: this is a bug in staggersim, not a problem with your input; "
              "please report it with the traceback above", file=sys.stderr)
        return 1


def _trips(args) -> int:
    from .tripload import run_trip_table

    summary = run_trip_table(args.network_dir, args.demand_csv, args.out, dt_s=args.dt,
                             end_s=args.end, stuck_time_s=args.stuck_time,
                             backward_wave_kmh=args.backward_wave, interval_s=args.interval,
                             cumulative_links=tuple(args.cumulative),
                             storage_floor=args.storage_floor, force=args.force)
    print(f"{summary['trips_finished']:,} of {summary['trips']:,} trips finished; "
          f"last arrival {summary['last_arrival']}")
    print(f"total travel time {summary['total_travel_time_veh_h']:,.1f} veh-h, "
          f"total delay {summary['total_delay_veh_h']:,.1f} veh-h, "
          f"max queue {summary['max_queue_veh']:,.0f} veh")
    for gridlock in summary["gridlocks"]:
        print(f"gridlock at {gridlock['time']} on links {gridlock['links']}")
    if summary["trips_finished"] < summary["trips"]:
        print(f"stopped {summary['stopped']}")
    if summary["released_veh"]:
        print(f"{summary['released_veh']:,} vehicles released after the stuck time")
    print(f"results in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

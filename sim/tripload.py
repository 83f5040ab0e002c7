"""Load a planner's trip table onto a GMNS network and write the results.

The way to test a network, or to compare with another simulator: fixed
departures, free-flow shortest routes, the kinematic-wave kernel, and the
outputs trips.csv, links.csv and summary.json (plus cumulative-curve figures
for links asked for).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from .clock import SECONDS_PER_DAY, SECONDS_PER_HOUR, format_clock
from .demand.triptable import TripTable, read_trip_table
from .errors import InputError
from .network.gmns import read_gmns
from .network.model import Network
from .network.routing import shortest_paths
from .output import OutputFolder
from .tables import write_csv, write_json
from .traffic.loading import load_vehicles
from .traffic.result import LoadResult
from .traffic.series import curves_at_link, link_series, link_series_columns, max_queue_veh

HORIZON_S = SECONDS_PER_DAY  # the loading stops this long after the last departure


def summarise(result: LoadResult) -> dict:
    """Headline figures of a loading (hours, vehicles, clock times)."""
    done = result.finished
    last = np.nanmax(result.arrival_s) if done.any() else np.nan
    return {
        "trips": result.n_vehicles,
        "trips_finished": int(done.sum()),
        "total_travel_time_veh_h": float(np.sum(result.travel_time_s[done]) / SECONDS_PER_HOUR),
        "total_delay_veh_h": float(np.sum(result.delay_s[done]) / SECONDS_PER_HOUR),
        "max_queue_veh": max_queue_veh(result),
        "last_arrival": format_clock(last),
        "last_arrival_s": float(last),
        "dt_s": result.dt_s,
        "backward_wave_kmh": result.backward_wave_kmh,
        "steps_computed": result.steps_computed,
        "released_veh": result.released_veh,
        "gridlocks": [{"time": format_clock(g.time_s), "links": g.links.tolist()}
                      for g in result.gridlocks],
    }


def _stop_reason(summary: dict, end_s: float | None, horizon_s: float) -> str:
    """Why the loading stopped, in words (summary.json's "stopped")."""
    if summary["trips_finished"] == summary["trips"]:
        return "every trip ended"
    if end_s is not None and end_s <= horizon_s:
        return f"at --end {format_clock(end_s)}, with trips still travelling"
    return (f"at the horizon, {format_clock(horizon_s)} ({HORIZON_S / SECONDS_PER_HOUR:g} h "
            "after the last departure), with trips still travelling")


def _trip_columns(trips: TripTable, network: Network, result: LoadResult) -> dict:
    return {
        "trip_id": trips.trip_id,
        "from_node_id": network.node_id[trips.origin],
        "to_node_id": network.node_id[trips.destination],
        "departure_s": result.departure_s, "arrival_s": result.arrival_s,
        "free_flow_s": result.free_flow_s, "delay_s": result.delay_s,
        "departure_time": np.array([format_clock(t) for t in result.departure_s]),
        "arrival_time": np.array([format_clock(t) for t in result.arrival_s]),
    }


def run_trip_table(network_dir: str | Path, demand_csv: str | Path, out_dir: str | Path, *,
                   dt_s: float = 1.0, end_s: float | None = None,
                   stuck_time_s: float | None = None, backward_wave_kmh: float | None = None,
                   interval_s: float = 300.0, cumulative_links: tuple[str, ...] = (),
                   storage_floor: bool = False, force: bool = False) -> dict:
    """Load DEMAND.csv onto the network in `network_dir`; write results to `out_dir`
    (the output policy of ``output.py``).

    The loading stops at `end_s`, or when every trip has ended, or at the horizon,
    HORIZON_S after the last departure; trips still travelling then are reported
    unfinished. Returns the summary written to summary.json. Nothing is written if
    an input is bad.
    """
    out = OutputFolder.claim(out_dir, inputs=(network_dir, demand_csv), force=force,
                             what="trips")
    network = read_gmns(network_dir, storage_floor=storage_floor)
    trips = read_trip_table(demand_csv, network)
    first = float(trips.departure_s.min())
    if end_s is not None and not end_s > first:
        raise InputError(f"--end {format_clock(end_s)} is not after the first departure "
                         f"({format_clock(first)}); nothing would move", field="--end")
    horizon_s = float(trips.departure_s.max()) + HORIZON_S
    stop_s = horizon_s if end_s is None else min(end_s, horizon_s)
    index = {str(link): i for i, link in enumerate(network.link_id)}
    for link in cumulative_links:
        if link not in index:
            raise InputError(f"link {link!r} is not in the network",
                             file=Path(network_dir) / "link.csv", field="link_id")
    routes = shortest_paths(network, trips.origin, trips.destination)
    trips.check_routes(routes, network)
    result = load_vehicles(network, routes.ptr, routes.links, trips.departure_s, dt_s=dt_s,
                           end_s=stop_s, stuck_time_s=stuck_time_s,
                           backward_wave_kmh=backward_wave_kmh)
    summary = summarise(result)
    summary["stopped"] = _stop_reason(summary, end_s, horizon_s)
    from .report.plots import cumulative_curves  # matplotlib only when a figure is drawn

    with out.writing() as folder:
        write_csv(folder / "trips.csv", _trip_columns(trips, network, result))
        write_csv(folder / "links.csv",
                  link_series_columns(link_series(result, network, interval_s), network))
        for link in cumulative_links:
            virtual, actual = curves_at_link(result, network, index[link])
            cumulative_curves(virtual, actual, folder / f"cumulative_link_{link}.png",
                              title=f"Cumulative vehicles at the exit of link {link}")
        write_json(folder / "summary.json", summary)
    return summary

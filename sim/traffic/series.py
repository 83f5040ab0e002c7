"""Link time series and queue measures, derived after the run from vehicle times.

The kernel records when every vehicle entered every link; flows, vehicles on a
link and queues follow from cumulative counts of those times (Newell's
cumulative curves), so the step loop pays nothing for them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..clock import format_clock
from ..network.model import Network
from .kernel import free_flow_steps
from .result import LoadResult


@dataclass(frozen=True)
class LinkSeries:
    """Per-link counts over time bins.

    Attributes
    ----------
    edges_s : (n_bins + 1,) float64 bin edges, seconds since midnight.
    inflow_veh, outflow_veh : (n_links, n_bins) vehicles entering / leaving in each bin.
    vehicles : (n_links, n_bins) vehicles on the link at the end of each bin.
    queue_veh : (n_links, n_bins) vehicles that could have left (free-flow time
        done) but had not, at the end of each bin.
    waiting_veh : (n_links, n_bins) vehicles due to depart onto the link but
        still waiting to enter it, at the end of each bin.
    unit : "veh" (int64 counts of vehicles) or "pcu" (float64 sums of their pcu).
    """

    edges_s: np.ndarray
    inflow_veh: np.ndarray
    outflow_veh: np.ndarray
    vehicles: np.ndarray
    queue_veh: np.ndarray
    waiting_veh: np.ndarray
    unit: str = "veh"


def _counts(link: np.ndarray, time_s: np.ndarray, edges_s: np.ndarray, n_links: int,
            cumulative: bool, weight: np.ndarray | None = None) -> np.ndarray:
    """(n_links, n_bins) events per bin, or (cumulative) events up to each bin's end.

    Events before the first edge count only in the running totals; with `weight`
    each event counts its weight.
    """
    n_bins = len(edges_s) - 1
    known = np.isfinite(time_s) & (time_s < edges_s[-1])
    bins = np.searchsorted(edges_s, time_s[known], side="right") - 1
    link = link[known]
    weight = None if weight is None else weight[known]
    if not cumulative:
        keep = bins >= 0
        link, bins = link[keep], bins[keep]
        weight = None if weight is None else weight[keep]
    counts = np.bincount(link * n_bins + np.maximum(bins, 0), weights=weight,
                         minlength=n_links * n_bins).reshape(n_links, n_bins)
    return np.cumsum(counts, axis=1) if cumulative else counts


def link_series(result: LoadResult, network: Network, interval_s: float = 300.0,
                start_s: float | None = None, end_s: float | None = None,
                by_pcu: bool = False) -> LinkSeries:
    """Aggregate link flows, contents and queues every `interval_s` seconds.

    With `by_pcu` every vehicle counts its passenger-car units, not one.
    """
    entry = result.link_entry_s
    exit_ = result.link_exit_s()
    ready = entry + free_flow_steps(network, result.dt_s)[result.route_links] * result.dt_s
    start = np.nanmin(result.departure_s) if start_s is None else start_s
    stop = np.nanmax(np.r_[result.arrival_s, entry, result.end_s]) if end_s is None else end_s
    start = np.floor(start / interval_s) * interval_s
    edges = np.arange(start, stop + interval_s, interval_s)
    if len(edges) < 2:
        edges = np.array([start, start + interval_s])
    links, n = result.route_links, network.n_links
    first_leg = result.route_ptr[:-1][np.diff(result.route_ptr) > 0]
    first_link = result.route_links[first_leg]
    moving = np.diff(result.route_ptr) > 0
    departed = result.departure_s[moving]
    leg_pcu = first_pcu = None
    if by_pcu:
        leg_pcu = np.repeat(result.pcu, np.diff(result.route_ptr))
        first_pcu = result.pcu[moving]
    cum_in = _counts(links, entry, edges, n, True, leg_pcu)
    cum_out = _counts(links, exit_, edges, n, True, leg_pcu)
    return LinkSeries(
        edges_s=edges,
        inflow_veh=_counts(links, entry, edges, n, False, leg_pcu),
        outflow_veh=_counts(links, exit_, edges, n, False, leg_pcu),
        vehicles=cum_in - cum_out,
        queue_veh=_counts(links, ready, edges, n, True, leg_pcu) - cum_out,
        waiting_veh=(_counts(first_link, departed, edges, n, True, first_pcu)
                     - _counts(first_link, entry[first_leg], edges, n, True, first_pcu)),
        unit="pcu" if by_pcu else "veh")


def link_series_columns(series: LinkSeries, network: Network) -> dict[str, np.ndarray]:
    """The series as table columns, one row per link and interval (links.csv)."""
    n_bins = len(series.edges_s) - 1
    interval_s = series.edges_s[1] - series.edges_s[0]
    link = np.repeat(np.arange(network.n_links), n_bins)
    start = np.tile(series.edges_s[:-1], network.n_links)
    clock = np.array([format_clock(t) for t in series.edges_s[:-1]], dtype=object)
    unit = series.unit
    return {
        "link_id": network.link_id[link],
        "from_node_id": network.node_id[network.from_node[link]],
        "to_node_id": network.node_id[network.to_node[link]],
        "start_s": start, "end_s": start + interval_s,
        "start_time": np.tile(clock, network.n_links),
        f"inflow_{unit}": series.inflow_veh.ravel(), f"outflow_{unit}": series.outflow_veh.ravel(),
        f"on_link_{unit}": series.vehicles.ravel(), f"queue_{unit}": series.queue_veh.ravel(),
        f"waiting_{unit}": series.waiting_veh.ravel(),
    }


def delayed_vehicles(result: LoadResult) -> tuple[np.ndarray, np.ndarray]:
    """The network's vertical queue: trips behind their free-flow schedule.

    Returns event times (s) and, just after each, the number of vehicles whose trip
    would have ended by then at free flow but had not. Its integral over time is
    the total delay; its maximum is the network's maximum queue.
    """
    due = result.departure_s + result.free_flow_s
    ended = result.arrival_s[result.finished]
    times = np.concatenate([ended, due])
    change = np.concatenate([-np.ones(ended.size), np.ones(due.size)])
    order = np.lexsort((change, times))
    return times[order], np.cumsum(change[order])


def max_queue_veh(result: LoadResult) -> float:
    """Largest number of vehicles behind their free-flow schedule at any moment."""
    _, queue = delayed_vehicles(result)
    return float(queue.max()) if queue.size else 0.0


def curves_at_link(result: LoadResult, network: Network,
                   link: int) -> tuple[np.ndarray, np.ndarray]:
    """Cumulative curves at the exit of one link, for every vehicle that uses it.

    Returns (virtual, actual): sorted times at which each vehicle would have left
    the link had it driven at free flow from its departure, and the times it did
    leave (NaN-free; vehicles that never left are omitted from `actual`). The area
    between the two step curves is the delay incurred up to that link.
    """
    tau_s = free_flow_steps(network, result.dt_s)[result.route_links] * result.dt_s
    vehicle = result.vehicle_of_leg()
    before = np.cumsum(tau_s) - np.repeat(np.cumsum(tau_s)[result.route_ptr[1:] - 1]
                                          - result.free_flow_s, np.diff(result.route_ptr))
    on_link = result.route_links == link
    virtual = result.departure_s[vehicle[on_link]] + before[on_link]
    actual = result.link_exit_s()[on_link]
    return np.sort(virtual), np.sort(actual[np.isfinite(actual)])

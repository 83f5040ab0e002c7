"""Checks every loading must pass: conservation, FIFO, storage, capacity, no negative counts.

They read only the vehicle-level result, not the kernel's state, so they hold
the kernel (and the reference model) to account from outside. Storage counts
the space a vehicle left as taken until it is usable again (rule 4). Each returns a
list of problems; an empty list means the invariant holds.
"""

from __future__ import annotations

import numpy as np

from ..network.model import Network
from .backwave import space_return_steps
from .kernel import EPS, free_flow_steps
from .result import LoadResult
from .series import link_series

_TIME_SPAN_S = 1e7  # larger than any time, to sort by (link, time) with one key


def _legs_in_order(result: LoadResult, network: Network) -> list[str]:
    """Each vehicle enters its links in order, keeping free-flow times, and ends after."""
    problems = []
    tau_s = free_flow_steps(network, result.dt_s)[result.route_links] * result.dt_s
    entry, ptr = result.link_entry_s, result.route_ptr
    lengths = np.diff(ptr)
    has_route = lengths > 0
    first = ptr[:-1][has_route]
    if np.any(entry[first] < result.departure_s[has_route] - EPS):
        problems.append("a vehicle entered the road before its departure")
    entered = np.isfinite(entry)
    same_vehicle = np.repeat(np.arange(result.n_vehicles), lengths)
    following = np.flatnonzero(same_vehicle[1:] == same_vehicle[:-1])
    if np.any(entered[following + 1] & ~entered[following]):
        problems.append("a vehicle skipped a link of its route")
    both = following[entered[following] & entered[following + 1]]
    if np.any(entry[both + 1] < entry[both] + tau_s[both] - EPS):
        problems.append("a vehicle left a link faster than free flow")
    last = ptr[1:][has_route] - 1
    finished = result.finished[has_route]
    if np.any(~entered[last][finished]):
        problems.append("a vehicle arrived without driving its whole route")
    arrival = result.arrival_s[has_route][finished]
    if np.any(arrival < entry[last][finished] + tau_s[last][finished] - EPS):
        problems.append("a vehicle ended its trip faster than free flow on its last link")
    return problems


def _sorted_keys(link: np.ndarray, time_s: np.ndarray) -> np.ndarray:
    return np.sort(link * _TIME_SPAN_S + time_s)


def _count_upto(sorted_keys: np.ndarray, weights_cum: np.ndarray, link: np.ndarray,
                time_s: np.ndarray) -> np.ndarray:
    """Sum of weights of events on `link` at or before `time_s` (per query)."""
    upto = np.searchsorted(sorted_keys, link * _TIME_SPAN_S + time_s + EPS, side="right")
    start = np.searchsorted(sorted_keys, link * _TIME_SPAN_S - 1.0, side="right")
    cum = np.r_[0.0, weights_cum]
    return cum[upto] - cum[start]


def _fifo_and_storage(result: LoadResult, network: Network) -> list[str]:
    problems = []
    entry, exit_ = result.link_entry_s, result.link_exit_s()
    link = result.route_links
    pcu = np.repeat(result.pcu, np.diff(result.route_ptr))
    on = np.isfinite(entry)
    order = np.lexsort((np.where(np.isfinite(exit_), exit_, np.inf)[on], entry[on], link[on]))
    exits_in_order = np.where(np.isfinite(exit_[on]), exit_[on], np.inf)[order]
    same_link = link[on][order][1:] == link[on][order][:-1]
    if np.any(same_link & (exits_in_order[1:] < exits_in_order[:-1])):
        problems.append("FIFO broken: a vehicle left a link before one that entered it earlier")
    if result.released_veh:
        return problems
    entry_order = np.argsort(link[on] * _TIME_SPAN_S + entry[on])
    entry_keys = (link[on] * _TIME_SPAN_S + entry[on])[entry_order]
    entered = _count_upto(entry_keys, np.cumsum(pcu[on][entry_order]), link[on], entry[on])
    out = on & np.isfinite(exit_)
    exit_order = np.argsort(link[out] * _TIME_SPAN_S + exit_[out])
    exit_keys = (link[out] * _TIME_SPAN_S + exit_[out])[exit_order]
    return_s = space_return_steps(network, result.dt_s, result.backward_wave_kmh) * result.dt_s
    left = _count_upto(exit_keys, np.cumsum(pcu[out][exit_order]), link[on],
                       entry[on] - return_s[link[on]])
    if np.any(entered - left > network.storage_veh[link[on]] + EPS):
        problems.append("storage exceeded: a link held more than jam density allows")
    return problems


def _capacity(result: LoadResult, network: Network) -> list[str]:
    """No link lets out, or (without stuck-time releases) takes in, more than capacity x dt
    plus one vehicle in a step (rule 2)."""
    moves = {"released": result.link_exit_s()}
    if not result.released_veh:
        moves["took in"] = result.link_entry_s
    return [f"capacity exceeded: a link {verb} more than capacity x dt in one step"
            for verb, times_s in moves.items() if _over_capacity(times_s, result, network)]


def _over_capacity(times_s: np.ndarray, result: LoadResult, network: Network) -> bool:
    """Whether the legs moving at `times_s` (NaN: never) move more pcu through one link in
    one step than its capacity x dt plus one vehicle."""
    done = np.isfinite(times_s)
    if not done.any():
        return False
    step = np.rint(times_s[done] / result.dt_s).astype(np.int64)
    span = step.max() + 1
    pcu = np.repeat(result.pcu, np.diff(result.route_ptr))[done]
    link_step, which = np.unique(result.route_links[done] * span + step, return_inverse=True)
    moved = np.bincount(which, weights=pcu)
    limit = network.capacity_vps[link_step // span] * result.dt_s + pcu.max()
    return bool(np.any(moved > limit + EPS))


def _non_negative(result: LoadResult, network: Network) -> list[str]:
    if not np.isfinite(result.link_entry_s).any():
        return []
    series = link_series(result, network, interval_s=max(result.dt_s, 60.0))
    for name in ("vehicles", "queue_veh", "waiting_veh"):
        if np.any(getattr(series, name) < 0):
            return [f"negative count in the link series: {name}"]
    return []


def check_invariants(result: LoadResult, network: Network) -> list[str]:
    """All problems found in a loading (an empty list when every invariant holds)."""
    return (_legs_in_order(result, network) + _fifo_and_storage(result, network)
            + _capacity(result, network) + _non_negative(result, network))
